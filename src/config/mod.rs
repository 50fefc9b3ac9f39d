//! Configuration, parsed then resolved once at start-up: URLs parsed, regexes and CSS
//! selectors compiled, durations and limits filled from defaults. Precedence:
//! command line > site file > global file > built-in default. Every error names the file,
//! the line and the key (`file:line: key: message`), and every error of every file is
//! reported at once, so a user fixes their configuration in one pass.

mod messages;
mod raw;
mod resolve;
pub mod themes;

pub use resolve::{
    check_state_url, host_key, Config, Global, Overrides, Secret, Site, DEFAULT_USER_AGENT,
};

use std::fmt;
use std::path::PathBuf;

/// A configuration problem; the run stops with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The file is not TOML.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A key whose value is of the wrong type, out of range, unknown or inconsistent.
    #[error("{file}:{line}: {key}: {message}")]
    Invalid {
        file: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
    #[error("config directory not found: {}", dir.display())]
    NoConfigDir { dir: PathBuf },
    #[error("{} is not a configuration directory (no sites/ inside)", dir.display())]
    NotConfigDir { dir: PathBuf },
    #[error("no sites configured: add a file to {}", dir.display())]
    NoSites { dir: PathBuf },
    #[error("--site {name}: no such site in {} (known: {})", dir.display(), known.join(", "))]
    NoSuchSite {
        name: String,
        dir: PathBuf,
        known: Vec<String>,
    },
    /// A state URL given on the command line (`flag`) that no store backend accepts.
    #[error("{flag}: {why}")]
    StateUrl {
        flag: &'static str,
        url: String,
        why: String,
    },
    /// Several of the above, one per line.
    #[error("{}", Lines(.0))]
    Many(Vec<ConfigError>),
}

impl ConfigError {
    /// One error as itself, several as [`ConfigError::Many`]; `None` for none.
    #[must_use]
    pub fn from_list(mut errors: Vec<ConfigError>) -> Option<Self> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Self::Many(errors)),
        }
    }

    /// The single errors, flattened.
    #[must_use]
    pub fn errors(&self) -> Vec<&ConfigError> {
        match self {
            Self::Many(list) => list.iter().flat_map(ConfigError::errors).collect(),
            one => vec![one],
        }
    }
}

/// Displays a list of errors one per line.
struct Lines<'a>(&'a [ConfigError]);

impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The line on which a key (or, better, one of its values) is written; 1 if not found.
pub(crate) fn line_of(source: &str, key: &str, value: Option<&str>) -> usize {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        if let Some(pos) = source.find(v) {
            return line_col(source, pos).0;
        }
    }
    source
        .lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(key) && t[key.len()..].trim_start().starts_with('=')
        })
        .map_or(1, |i| i + 1)
}

/// A site `t` on `https://x.bf/` with `extra` site keys, for the unit tests of the stages.
#[cfg(test)]
pub(crate) fn test_site(extra: &str) -> Site {
    Config::site_from_str(
        std::path::Path::new("t.toml"),
        &format!("name = \"t\"\nstart_urls = [\"https://x.bf/\"]\n{extra}"),
        &Global::default(),
    )
    .unwrap()
}
