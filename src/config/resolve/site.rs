//! One site file → a [`Site`]: URLs parsed and canonicalised, the site's hosts, patterns
//! compiled, headers checked. Every bad value is reported, not only the first.

use super::{rules::resolve_extract, FileErrors, Global};
use crate::config::raw::RawSite;
use regex::Regex;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

/// A secret header value: prints as `(redacted)` in every `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// One site, compiled.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub file: PathBuf,
    pub start_urls: Vec<Url>,
    /// Hosts (with port) that belong to the site: those of the start URLs and their
    /// `www.` twins. Links and redirects elsewhere are off-site.
    pub hosts: Vec<String>,
    pub delay: Duration,
    pub feeds: Vec<Url>,
    pub sitemaps: Vec<Url>,
    pub article_patterns: Vec<Regex>,
    pub exclude_patterns: Vec<Regex>,
    pub page_budget: u32,
    pub max_depth: u32,
    pub headers: Vec<(String, Secret)>,
    pub rules: crate::extract::SiteRules,
}

impl Site {
    /// True when the URL's host belongs to the site.
    #[must_use]
    pub fn owns(&self, url: &Url) -> bool {
        host_key(url).is_some_and(|h| self.hosts.contains(&h))
    }

    /// Path and query, the part that article patterns are matched against.
    #[must_use]
    pub fn path_and_query(url: &Url) -> String {
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// True when the site's exclude patterns reject this URL.
    #[must_use]
    pub fn excluded(&self, url: &Url) -> bool {
        let pq = Self::path_and_query(url);
        self.exclude_patterns.iter().any(|r| r.is_match(&pq))
    }
}

/// `host` or `host:port`: the key of per-host politeness.
#[must_use]
pub fn host_key(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

fn valid_site_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !name.starts_with(['-', '_'])
}

/// Resolves a site file; `None` when it had errors (all pushed to `errs`).
pub(super) fn resolve_site(raw: RawSite, g: &Global, errs: &mut FileErrors<'_>) -> Option<Site> {
    let before = errs.len();
    let stem = errs
        .file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_owned();
    let name = raw.name.unwrap_or(stem);
    if !valid_site_name(&name) {
        errs.invalid(
            "name",
            Some(&name),
            format!(
                "{name:?} is not a valid site name: use lower-case letters, digits, '-' and '_'"
            ),
        );
    }
    let start_urls = urls(errs, "start_urls", raw.start_urls);
    if start_urls.is_empty() && errs.len() == before {
        errs.invalid("start_urls", None, "at least one start URL is required");
    }
    let feeds = urls(errs, "feeds", raw.feeds);
    let sitemaps = urls(errs, "sitemaps", raw.sitemaps);
    let article_patterns = regexes(errs, "article_patterns", raw.article_patterns);
    let exclude_patterns = regexes(errs, "exclude_patterns", raw.exclude_patterns);
    let headers = headers(errs, raw.headers.unwrap_or_default());
    let rules = resolve_extract(raw.extract.unwrap_or_default(), g, errs);
    (errs.len() == before).then(|| Site {
        name,
        file: errs.file.to_path_buf(),
        hosts: hosts(&start_urls),
        start_urls,
        delay: raw.delay.unwrap_or(g.delay),
        feeds,
        sitemaps,
        article_patterns,
        exclude_patterns,
        page_budget: raw.page_budget.unwrap_or(g.page_budget),
        max_depth: raw.max_depth.unwrap_or(g.max_depth),
        headers,
        rules,
    })
}

/// The http(s) URLs of a list, canonicalised; each bad one is an error.
fn urls(errs: &mut FileErrors<'_>, key: &str, list: Option<Vec<String>>) -> Vec<Url> {
    let mut out = Vec::new();
    for s in list.unwrap_or_default() {
        match Url::parse(&s) {
            Err(e) => errs.invalid(key, Some(&s), format!("invalid URL {s:?}: {e}")),
            Ok(u) if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() => {
                errs.invalid(key, Some(&s), format!("{s:?} is not an http(s) URL"));
            }
            Ok(u) => out.push(crate::canonical::canonicalize(&u).unwrap_or(u)),
        }
    }
    out
}

/// The start URLs' hosts and their `www.` twins.
fn hosts(start_urls: &[Url]) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    for h in start_urls.iter().filter_map(host_key) {
        let twin = h
            .strip_prefix("www.")
            .map_or_else(|| format!("www.{h}"), str::to_owned);
        for x in [h, twin] {
            if !hosts.contains(&x) {
                hosts.push(x);
            }
        }
    }
    hosts
}

fn regexes(errs: &mut FileErrors<'_>, key: &str, list: Option<Vec<String>>) -> Vec<Regex> {
    let mut out = Vec::new();
    for s in list.unwrap_or_default() {
        match Regex::new(&s) {
            Ok(r) => out.push(r),
            Err(e) => {
                // The regex crate's message spans lines (pattern, caret, reason): keep the reason.
                let why = e.to_string();
                let why = why
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim_start_matches("error: ");
                errs.invalid(key, Some(&s), format!("invalid regex {s:?}: {why}"));
            }
        }
    }
    out
}

fn headers(
    errs: &mut FileErrors<'_>,
    raw: std::collections::BTreeMap<String, String>,
) -> Vec<(String, Secret)> {
    let mut out = Vec::new();
    for (k, v) in raw {
        let key = format!("headers.{k}");
        if reqwest::header::HeaderName::from_bytes(k.as_bytes()).is_err() {
            errs.invalid(&key, Some(&k), format!("invalid header name {k:?}"));
        } else if reqwest::header::HeaderValue::from_str(&v).is_err() {
            // Never the value itself: it is a secret.
            errs.invalid(&key, Some(&k), "invalid header value (control characters?)");
        } else {
            out.push((k, Secret(v)));
        }
    }
    out
}
