//! The state URL, parsed once: everything that depends on the backend (the lock file,
//! the manifest name, whether leases of a killed run are void) asks this type instead
//! of looking at the string's prefix.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where the crawl state lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateUrl {
    /// `sqlite://PATH`: one file, one process at a time (the default).
    Sqlite { path: PathBuf },
    /// `sqlite::memory:`: nothing kept (dry runs, tests).
    Memory,
    /// `postgres://…` or `postgresql://…`: shared by several workers.
    Postgres { url: String },
}

/// A state URL that names no supported backend.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported state URL {url:?}: use sqlite://PATH or postgres://…")]
pub struct BadStateUrl {
    pub url: String,
}

impl StateUrl {
    /// Parses `sqlite://PATH`, `sqlite:PATH`, `sqlite::memory:`, `postgres://…`.
    pub fn parse(url: &str) -> Result<Self, BadStateUrl> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres {
                url: url.to_owned(),
            });
        }
        let Some(rest) = url.strip_prefix("sqlite:") else {
            return Err(BadStateUrl {
                url: url.to_owned(),
            });
        };
        if rest.contains(":memory:") {
            return Ok(Self::Memory);
        }
        let path = rest.strip_prefix("//").unwrap_or(rest);
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Err(BadStateUrl {
                url: url.to_owned(),
            });
        }
        Ok(Self::Sqlite {
            path: PathBuf::from(path),
        })
    }

    /// A local SQLite state: one process owns it, so every lease in it is ours.
    #[must_use]
    pub fn is_single_process(&self) -> bool {
        !matches!(self, Self::Postgres { .. })
    }

    /// The database file of a SQLite state.
    #[must_use]
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Self::Sqlite { path } => Some(path),
            _ => None,
        }
    }

    /// The lock file that keeps a second run off a SQLite state; `None` otherwise.
    #[must_use]
    pub fn lock_path(&self) -> Option<PathBuf> {
        self.sqlite_path()
            .map(|p| PathBuf::from(format!("{}.lock", p.display())))
    }

    /// The URL for the database driver.
    #[must_use]
    pub fn driver_url(&self) -> String {
        match self {
            Self::Sqlite { path } => format!("sqlite://{}?mode=rwc", path.display()),
            Self::Memory => "sqlite::memory:".to_owned(),
            Self::Postgres { url } => url.clone(),
        }
    }

    /// The URL with its password hidden, for messages.
    #[must_use]
    pub fn redacted(&self) -> String {
        match self {
            Self::Postgres { url } => redact_url(url),
            other => other.to_string(),
        }
    }
}

impl std::str::FromStr for StateUrl {
    type Err = BadStateUrl;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for StateUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite { path } => write!(f, "sqlite://{}", path.display()),
            Self::Memory => f.write_str("sqlite::memory:"),
            Self::Postgres { url } => f.write_str(&redact_url(url)),
        }
    }
}

/// A database URL with its password hidden, for messages.
#[must_use]
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("(redacted)"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_supported_form() {
        assert_eq!(
            StateUrl::parse("sqlite://data/state.db").unwrap(),
            StateUrl::Sqlite {
                path: "data/state.db".into()
            }
        );
        assert_eq!(
            StateUrl::parse("sqlite:///tmp/x.db?mode=rwc")
                .unwrap()
                .sqlite_path(),
            Some(Path::new("/tmp/x.db"))
        );
        assert_eq!(
            StateUrl::parse("sqlite::memory:").unwrap(),
            StateUrl::Memory
        );
        assert!(!StateUrl::parse("postgres://u@h/db")
            .unwrap()
            .is_single_process());
        assert!(StateUrl::parse("mysql://h/db").is_err());
        assert!(StateUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn lock_file_sits_beside_the_database() {
        let s = StateUrl::parse("sqlite://data/state.db").unwrap();
        assert_eq!(s.lock_path(), Some(PathBuf::from("data/state.db.lock")));
        assert_eq!(StateUrl::Memory.lock_path(), None);
        let pg = StateUrl::parse("postgres://x/y").unwrap();
        assert_eq!(pg.lock_path(), None);
    }

    #[test]
    fn passwords_never_reach_messages() {
        let s = StateUrl::parse("postgres://crawl:secret@db/crawl").unwrap();
        assert!(!s.to_string().contains("secret"), "{s}");
        assert!(!s.redacted().contains("secret"));
    }
}
