//! Configuration, parsed then resolved once at start-up: URLs parsed, regexes and CSS
//! selectors compiled, durations and limits filled from defaults. Precedence:
//! command line > site file > global file > built-in default. Every error names the file,
//! the line and the key.

mod raw;
mod resolve;

pub use resolve::{check_state_url, host_key, Config, Global, Secret, Site, DEFAULT_USER_AGENT};

use std::path::PathBuf;

/// A configuration problem; the run stops with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}:{line}: key `{key}`: {message}")]
    Invalid {
        file: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

/// Formats a TOML error as "line L, column C: message" for messages that carry no file.
#[must_use]
pub fn toml_message(source: &str, err: &toml::de::Error) -> String {
    let (line, column) = err.span().map_or((1, 1), |s| line_col(source, s.start));
    format!("line {line}, column {column}: {}", err.message())
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
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
