//! Raw files → runtime configuration. All checking happens here, once: the command line
//! is merged into the raw global layer first (so a flag gets the same checks as the key it
//! overrides), then the global file, the site files and the theme files are resolved, and
//! every error of every file is collected before the load fails.

mod global;
pub(super) mod rules;
mod site;

pub use global::{check_state_url, Global, DEFAULT_USER_AGENT};
pub use site::{host_key, Secret, Site};

use super::messages::plain_serde;
use super::raw::{RawGlobal, RawSite};
use super::{line_col, line_of, ConfigError};
use crate::extract::Theme;
use std::path::{Path, PathBuf};

/// Command-line values that override the files (ripgrep's low-level arguments): each one
/// given replaces the file's value before resolution. `budget` replaces every site's
/// `page_budget` too.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub out: Option<PathBuf>,
    pub state: Option<String>,
    pub budget: Option<u32>,
    pub warc: Option<PathBuf>,
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub dir: PathBuf,
    pub global: Global,
    pub sites: Vec<Site>,
    pub themes: Vec<Theme>,
    /// Sites whose file says `enabled = false`: listed by `crawl sites`, never crawled.
    pub disabled: Vec<DisabledSite>,
}

/// A site file with `enabled = false`, as `crawl sites` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisabledSite {
    pub name: String,
    pub file: PathBuf,
    pub start_urls: Vec<String>,
    pub feeds: usize,
    pub page_budget: Option<u32>,
}

impl Config {
    /// Reads `DIR/crawl.toml` (optional), `DIR/sites/*.toml` and `DIR/themes/*.toml`.
    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        Self::load_with(dir, &Overrides::default())
    }

    /// Like [`Config::load`], with command-line values merged over the files'.
    pub fn load_with(dir: &Path, overrides: &Overrides) -> Result<Self, ConfigError> {
        if !dir.is_dir() {
            return Err(ConfigError::NoConfigDir {
                dir: dir.to_path_buf(),
            });
        }
        let sites_dir = dir.join("sites");
        if !sites_dir.is_dir() {
            return Err(ConfigError::NotConfigDir {
                dir: dir.to_path_buf(),
            });
        }
        let mut errors = Vec::new();
        let global = load_global(&dir.join("crawl.toml"), overrides, &mut errors);
        let mut disabled = Vec::new();
        let sites = load_sites(&sites_dir, &global, overrides, &mut errors, &mut disabled);
        let themes = match super::themes::load(&dir.join("themes")) {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        };
        if let Some(e) = ConfigError::from_list(errors) {
            return Err(e);
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            global,
            sites,
            themes,
            disabled,
        })
    }

    /// Parses one site file from text (used by tests and `crawl demo`).
    pub fn site_from_str(path: &Path, src: &str, global: &Global) -> Result<Site, ConfigError> {
        let raw: RawSite = parse(path, src)?;
        let mut errs = FileErrors::new(path, src);
        let site = site::resolve_site(raw, global, &mut errs);
        match (site, ConfigError::from_list(errs.list)) {
            (_, Some(e)) => Err(e),
            (Some(site), None) => Ok(site),
            (None, None) => unreachable!("a site is refused only with an error"),
        }
    }
}

/// The global file merged with the command line; the defaults where it is missing or bad.
fn load_global(file: &Path, ov: &Overrides, errors: &mut Vec<ConfigError>) -> Global {
    let (src, raw) = if file.exists() {
        let parsed = read(file).and_then(|src| parse::<RawGlobal>(file, &src).map(|r| (src, r)));
        match parsed {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                (String::new(), RawGlobal::default())
            }
        }
    } else {
        (String::new(), RawGlobal::default())
    };
    let mut errs = FileErrors::new(file, &src);
    let global = global::resolve_global(raw, ov, &mut errs);
    errors.extend(errs.list);
    global
}

/// Every enabled site of `DIR/sites/*.toml`, in file-name order; names must be unique.
fn load_sites(
    sites_dir: &Path,
    global: &Global,
    ov: &Overrides,
    errors: &mut Vec<ConfigError>,
    disabled: &mut Vec<DisabledSite>,
) -> Vec<Site> {
    let mut sites: Vec<Site> = Vec::new();
    for path in toml_files(sites_dir, errors) {
        let Ok(src) = read(&path).map_err(|e| errors.push(e)) else {
            continue;
        };
        let Ok(mut raw) = parse::<RawSite>(&path, &src).map_err(|e| errors.push(e)) else {
            continue;
        };
        if raw.enabled == Some(false) {
            disabled.push(DisabledSite {
                name: raw.name.clone().unwrap_or_default(),
                file: path.clone(),
                start_urls: raw.start_urls.clone().unwrap_or_default(),
                feeds: raw.feeds.as_ref().map_or(0, Vec::len),
                page_budget: raw.page_budget,
            });
            continue;
        }
        raw.page_budget = ov.budget.or(raw.page_budget);
        let mut errs = FileErrors::new(&path, &src);
        let site = site::resolve_site(raw, global, &mut errs);
        errors.extend(errs.list);
        let Some(site) = site else { continue };
        if let Some(other) = sites.iter().find(|o| o.name == site.name) {
            errors.push(ConfigError::Invalid {
                file: path.clone(),
                line: line_of(&src, "name", Some(&site.name)),
                key: "name".into(),
                message: format!(
                    "site name {:?} is also used by {}",
                    site.name,
                    other.file.display()
                ),
            });
            continue;
        }
        sites.push(site);
    }
    sites
}

/// The `*.toml` files of a directory, sorted; an unreadable directory is an error.
pub(super) fn toml_files(dir: &Path, errors: &mut Vec<ConfigError>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(ConfigError::Io {
                file: dir.to_path_buf(),
                source,
            });
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
}

pub(super) fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        file: path.to_path_buf(),
        source,
    })
}

/// Parses a file into its raw struct. A syntax error gives its line and column; a value
/// of the wrong type gives its line and the key's path (`extract.title`, `headers.Cookie`).
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    path: &Path,
    src: &str,
) -> Result<T, ConfigError> {
    if let Err(e) = src.parse::<toml::Table>() {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(src, s.start));
        return Err(ConfigError::Syntax {
            file: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_owned(),
        });
    }
    serde_path_to_error::deserialize(toml::Deserializer::new(src)).map_err(|e| {
        let inner = e.inner();
        let key = key_path(&e.path().to_string(), inner.message());
        let line = inner.span().map_or_else(
            || line_of(src, key.rsplit('.').next().unwrap_or(&key), None),
            |s| line_col(src, s.start).0,
        );
        ConfigError::Invalid {
            file: path.to_path_buf(),
            line,
            message: plain_serde(&key, inner.message()),
            key,
        }
    })
}

/// The key an error is about: serde's path, completed with the field a "missing field" or
/// "unknown field" message names.
fn key_path(path: &str, message: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split('`').next());
    match (path, named) {
        ("." | "", Some(field)) => field.to_owned(),
        (p, Some(field)) if !p.ends_with(field) => format!("{p}.{field}"),
        (p, _) => p.to_owned(),
    }
}

/// The errors found in one file, collected rather than returned at the first, so that a
/// user sees every problem of a run at once.
#[derive(Debug)]
pub(crate) struct FileErrors<'a> {
    pub file: &'a Path,
    pub src: &'a str,
    pub list: Vec<ConfigError>,
}

impl<'a> FileErrors<'a> {
    pub(crate) fn new(file: &'a Path, src: &'a str) -> Self {
        Self {
            file,
            src,
            list: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    pub(crate) fn push(&mut self, e: ConfigError) {
        self.list.push(e);
    }

    /// A bad value of `key` (a dotted path; its last part is looked up in the file, or
    /// better the value itself when given).
    pub(crate) fn invalid(&mut self, key: &str, value: Option<&str>, message: impl Into<String>) {
        self.list.push(ConfigError::Invalid {
            file: self.file.to_path_buf(),
            line: line_of(self.src, key.rsplit('.').next().unwrap_or(key), value),
            key: key.to_owned(),
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests;
