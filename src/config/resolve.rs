//! Raw files → runtime configuration. All checking happens here, once.

use super::raw::{RawExtract, RawGlobal, RawSite};
use super::{line_col, line_of, ConfigError};
use crate::extract::{SiteRules, Theme};
use regex::Regex;
use scraper::Selector;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// The default User-Agent: names the tool and where to read about it.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "crawl/",
    env!("CARGO_PKG_VERSION"),
    " (news-to-text crawler; +https://github.com/crawl-news/crawl)"
);

/// Settings that apply to the whole run (`config/crawl.toml` and the command line).
#[derive(Debug, Clone)]
pub struct Global {
    pub user_agent: String,
    pub out: PathBuf,
    pub state: String,
    /// Sites crawled at once.
    pub concurrency: usize,
    /// Minimum interval between two requests to one host, unless the site says otherwise.
    pub delay: Duration,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub max_page_bytes: u64,
    pub max_feed_bytes: u64,
    pub retries: u32,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Longest `Retry-After` honoured; a longer one ends the host's crawl for this run.
    pub max_retry_after: Duration,
    /// Pages fetched per site per run, all kinds together.
    pub page_budget: u32,
    pub max_depth: u32,
    pub max_redirects: u32,
    pub min_chars: usize,
    /// How long a host lease lasts without renewal (multi-worker crawls).
    pub lease_ttl: Duration,
    /// Start pages, feeds and sitemaps fetched more recently than this are not fetched
    /// again by a new run (several workers, or runs closer together than this).
    pub seed_interval: Duration,
}

impl Default for Global {
    fn default() -> Self {
        Self {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            out: PathBuf::from("data/articles"),
            state: "sqlite://data/state.db".to_owned(),
            concurrency: 8,
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(15),
            max_page_bytes: 5 * 1024 * 1024,
            max_feed_bytes: 50 * 1024 * 1024,
            retries: 3,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(300),
            page_budget: 2000,
            max_depth: 3,
            max_redirects: 5,
            min_chars: crate::extract::DEFAULT_MIN_CHARS,
            lease_ttl: Duration::from_secs(60),
            seed_interval: Duration::from_secs(60),
        }
    }
}

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
    pub rules: SiteRules,
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

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub dir: PathBuf,
    pub global: Global,
    pub sites: Vec<Site>,
    pub themes: Vec<Theme>,
}

impl Config {
    /// Reads `DIR/crawl.toml` (optional), `DIR/sites/*.toml` and `DIR/themes/*.toml`.
    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        let global_file = dir.join("crawl.toml");
        let global = if global_file.exists() {
            let src = read(&global_file)?;
            let raw: RawGlobal = parse(&global_file, &src)?;
            resolve_global(raw, &global_file, &src)?
        } else {
            Global::default()
        };
        let sites_dir = dir.join("sites");
        let mut sites = Vec::new();
        if sites_dir.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&sites_dir)
                .map_err(|source| ConfigError::Io {
                    file: sites_dir.clone(),
                    source,
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            paths.sort();
            for path in paths {
                let src = read(&path)?;
                let raw: RawSite = parse(&path, &src)?;
                if raw.enabled == Some(false) {
                    continue;
                }
                sites.push(resolve_site(raw, &path, &src, &global)?);
            }
        }
        for (i, s) in sites.iter().enumerate() {
            if let Some(other) = sites[..i].iter().find(|o| o.name == s.name) {
                return Err(ConfigError::Invalid {
                    file: s.file.clone(),
                    line: 1,
                    key: "name".into(),
                    message: format!(
                        "site name {:?} is also used by {}",
                        s.name,
                        other.file.display()
                    ),
                });
            }
        }
        let themes = crate::extract::themes::load(&dir.join("themes"))
            .map_err(|e| ConfigError::Other(e.to_string()))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            global,
            sites,
            themes,
        })
    }

    /// Parses one site file from text (used by tests and `crawl demo`).
    pub fn site_from_str(path: &Path, src: &str, global: &Global) -> Result<Site, ConfigError> {
        let raw: RawSite = parse(path, src)?;
        resolve_site(raw, path, src, global)
    }
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        file: path.to_path_buf(),
        source,
    })
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path, src: &str) -> Result<T, ConfigError> {
    toml::from_str(src).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(src, s.start));
        ConfigError::Syntax {
            file: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })
}

fn invalid(
    file: &Path,
    src: &str,
    key: &str,
    value: Option<&str>,
    message: impl Into<String>,
) -> ConfigError {
    ConfigError::Invalid {
        file: file.to_path_buf(),
        line: line_of(src, key.rsplit('.').next().unwrap_or(key), value),
        key: key.to_owned(),
        message: message.into(),
    }
}

fn resolve_global(raw: RawGlobal, file: &Path, src: &str) -> Result<Global, ConfigError> {
    let d = Global::default();
    let positive = |key: &str, v: Option<usize>| -> Result<Option<usize>, ConfigError> {
        match v {
            Some(0) => Err(invalid(file, src, key, None, "must be at least 1")),
            other => Ok(other),
        }
    };
    if let Some(ua) = &raw.user_agent {
        if ua.trim().is_empty() || ua.contains(['\r', '\n']) {
            return Err(invalid(
                file,
                src,
                "user_agent",
                None,
                "must be a non-empty single line",
            ));
        }
    }
    if let Some(state) = &raw.state {
        check_state_url(state).map_err(|m| invalid(file, src, "state", Some(state), m))?;
    }
    let g = Global {
        user_agent: raw.user_agent.unwrap_or(d.user_agent),
        out: raw.out.map_or(d.out, PathBuf::from),
        state: raw.state.unwrap_or(d.state),
        concurrency: positive("concurrency", raw.concurrency)?.unwrap_or(d.concurrency),
        delay: raw.delay.unwrap_or(d.delay),
        timeout: raw.timeout.unwrap_or(d.timeout),
        connect_timeout: raw.connect_timeout.unwrap_or(d.connect_timeout),
        read_timeout: raw.read_timeout.unwrap_or(d.read_timeout),
        max_page_bytes: raw.max_page_bytes.unwrap_or(d.max_page_bytes),
        max_feed_bytes: raw.max_feed_bytes.unwrap_or(d.max_feed_bytes),
        retries: raw.retries.unwrap_or(d.retries),
        backoff_base: raw.backoff_base.unwrap_or(d.backoff_base),
        backoff_max: raw.backoff_max.unwrap_or(d.backoff_max),
        max_retry_after: raw.max_retry_after.unwrap_or(d.max_retry_after),
        page_budget: raw.page_budget.unwrap_or(d.page_budget),
        max_depth: raw.max_depth.unwrap_or(d.max_depth),
        max_redirects: raw.max_redirects.unwrap_or(d.max_redirects),
        min_chars: raw.min_chars.unwrap_or(d.min_chars),
        lease_ttl: raw.lease_ttl.unwrap_or(d.lease_ttl),
        seed_interval: raw.seed_interval.unwrap_or(d.seed_interval),
    };
    for (key, v) in [
        ("timeout", g.timeout),
        ("connect_timeout", g.connect_timeout),
        ("read_timeout", g.read_timeout),
    ] {
        if v.is_zero() {
            return Err(invalid(file, src, key, None, "must be longer than 0s"));
        }
    }
    if g.backoff_base > g.backoff_max {
        return Err(invalid(
            file,
            src,
            "backoff_base",
            None,
            "is longer than backoff_max",
        ));
    }
    if g.connect_timeout > g.timeout {
        return Err(invalid(
            file,
            src,
            "connect_timeout",
            None,
            "is longer than timeout",
        ));
    }
    if g.lease_ttl < Duration::from_secs(1) {
        return Err(invalid(file, src, "lease_ttl", None, "must be at least 1s"));
    }
    if g.max_page_bytes < 1024 {
        return Err(invalid(
            file,
            src,
            "max_page_bytes",
            None,
            "must be at least 1024",
        ));
    }
    Ok(g)
}

/// Accepts `sqlite://PATH`, `sqlite::memory:` and `postgres://…` / `postgresql://…`.
pub fn check_state_url(url: &str) -> Result<(), String> {
    if url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://")
    {
        Ok(())
    } else {
        Err(format!(
            "unsupported state URL {url:?}: use sqlite://PATH or postgres://…"
        ))
    }
}

fn valid_site_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !name.starts_with(['-', '_'])
}

fn resolve_site(raw: RawSite, file: &Path, src: &str, g: &Global) -> Result<Site, ConfigError> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_owned();
    let name = raw.name.unwrap_or(stem);
    if !valid_site_name(&name) {
        return Err(invalid(
            file,
            src,
            "name",
            Some(&name),
            format!(
                "{name:?} is not a valid site name: use lower-case letters, digits, '-' and '_'"
            ),
        ));
    }
    let urls = |key: &str, list: Option<Vec<String>>| -> Result<Vec<Url>, ConfigError> {
        list.unwrap_or_default()
            .iter()
            .map(|s| {
                let u = Url::parse(s).map_err(|e| {
                    invalid(file, src, key, Some(s), format!("invalid URL {s:?}: {e}"))
                })?;
                if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                    return Err(invalid(
                        file,
                        src,
                        key,
                        Some(s),
                        format!("{s:?} is not an http(s) URL"),
                    ));
                }
                Ok(crate::canonical::canonicalize(&u).unwrap_or(u))
            })
            .collect()
    };
    let start_urls = urls("start_urls", raw.start_urls)?;
    if start_urls.is_empty() {
        return Err(invalid(
            file,
            src,
            "start_urls",
            None,
            "at least one start URL is required",
        ));
    }
    let feeds = urls("feeds", raw.feeds)?;
    let sitemaps = urls("sitemaps", raw.sitemaps)?;
    let mut hosts: Vec<String> = Vec::new();
    for u in &start_urls {
        if let Some(h) = host_key(u) {
            let twin = h
                .strip_prefix("www.")
                .map_or_else(|| format!("www.{h}"), str::to_owned);
            for x in [h, twin] {
                if !hosts.contains(&x) {
                    hosts.push(x);
                }
            }
        }
    }
    let regexes = |key: &str, list: Option<Vec<String>>| -> Result<Vec<Regex>, ConfigError> {
        list.unwrap_or_default()
            .iter()
            .map(|s| {
                Regex::new(s)
                    .map_err(|e| invalid(file, src, key, Some(s), format!("invalid regex: {e}")))
            })
            .collect()
    };
    let article_patterns = regexes("article_patterns", raw.article_patterns)?;
    let exclude_patterns = regexes("exclude_patterns", raw.exclude_patterns)?;
    let mut headers = Vec::new();
    for (k, v) in raw.headers.unwrap_or_default() {
        if reqwest::header::HeaderName::from_bytes(k.as_bytes()).is_err() {
            return Err(invalid(
                file,
                src,
                "headers",
                Some(&k),
                format!("invalid header name {k:?}"),
            ));
        }
        if reqwest::header::HeaderValue::from_str(&v).is_err() {
            return Err(invalid(
                file,
                src,
                "headers",
                Some(&k),
                format!("invalid value for header {k:?}"),
            ));
        }
        headers.push((k, Secret(v)));
    }
    let rules = resolve_extract(raw.extract.unwrap_or_default(), file, src, g)?;
    Ok(Site {
        name,
        file: file.to_path_buf(),
        start_urls,
        hosts,
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

fn resolve_extract(
    raw: RawExtract,
    file: &Path,
    src: &str,
    g: &Global,
) -> Result<SiteRules, ConfigError> {
    let one = |key: &str, s: &str| {
        Selector::parse(s).map_err(|e| {
            invalid(
                file,
                src,
                &format!("extract.{key}"),
                Some(s),
                format!("invalid CSS selector {s:?}: {e}"),
            )
        })
    };
    let many = |key: &str, list: Option<Vec<String>>| -> Result<Vec<Selector>, ConfigError> {
        list.unwrap_or_default()
            .iter()
            .map(|s| one(key, s))
            .collect()
    };
    Ok(SiteRules {
        content: many("content", raw.content)?,
        remove: many("remove", raw.remove)?,
        title: raw.title.as_deref().map(|s| one("title", s)).transpose()?,
        date: raw.date.as_deref().map(|s| one("date", s)).transpose()?,
        author: raw
            .author
            .as_deref()
            .map(|s| one("author", s))
            .transpose()?,
        drop_labels: raw
            .drop_labels
            .unwrap_or_default()
            .iter()
            .map(|l| crate::text::fold(l))
            .collect(),
        min_chars: raw.min_chars.unwrap_or(g.min_chars),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(src: &str) -> Result<Site, ConfigError> {
        Config::site_from_str(
            Path::new("config/sites/lefaso.toml"),
            src,
            &Global::default(),
        )
    }

    #[test]
    fn minimal_site_file_is_enough() {
        let s = site("name = \"lefaso\"\nstart_urls = [\"https://lefaso.net/\"]\ndelay = \"2s\"\n")
            .unwrap();
        assert_eq!(s.name, "lefaso");
        assert_eq!(s.delay, Duration::from_secs(2));
        assert_eq!(s.hosts, vec!["lefaso.net", "www.lefaso.net"]);
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err =
            site("name = \"lefaso\"\nstart_urls = [\"https://lefaso.net/\"]\nstart_url = \"x\"\n")
                .unwrap_err()
                .to_string();
        assert!(err.starts_with("config/sites/lefaso.toml:3:"), "{err}");
        assert!(err.contains("start_url"), "{err}");
    }

    #[test]
    fn bad_regex_names_line_and_key() {
        let err = site("name = \"x\"\nstart_urls = [\"https://x.bf/\"]\narticle_patterns = [\n  '^/ok/',\n  '^/(bad/',\n]\n").unwrap_err().to_string();
        assert!(
            err.starts_with("config/sites/lefaso.toml:5: key `article_patterns`"),
            "{err}"
        );
    }

    #[test]
    fn bad_selector_names_extract_key() {
        let err = site(
            "name = \"x\"\nstart_urls = [\"https://x.bf/\"]\n[extract]\ncontent = [\"div[\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":4: key `extract.content`"), "{err}");
    }

    #[test]
    fn path_traversal_in_site_name_is_refused() {
        let err = site("name = \"../../etc\"\nstart_urls = [\"https://x.bf/\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("key `name`"), "{err}");
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let s = site("name = \"x\"\nstart_urls = [\"https://x.bf/\"]\n[headers]\nCookie = \"session=hunter2\"\n").unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.headers[0].1.expose(), "session=hunter2");
    }

    #[test]
    fn wrong_type_is_a_syntax_error_with_position() {
        let err = site("name = \"x\"\nstart_urls = \"https://x.bf/\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("config/sites/lefaso.toml:2:"), "{err}");
    }
}
