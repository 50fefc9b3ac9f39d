//! The global settings: `config/crawl.toml` merged with the command line, checked for
//! values that cannot work (zero timeouts, contradictory backoff).

use super::{FileErrors, Overrides};
use crate::config::raw::RawGlobal;
use crate::config::ConfigError;
use std::path::PathBuf;
use std::time::Duration;

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
    /// Where every response is archived as WARC records; `None`: nothing is kept.
    pub warc: Option<PathBuf>,
    /// Size at which a WARC file is closed and the next begun.
    pub warc_rotate_bytes: u64,
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
            warc: None,
            warc_rotate_bytes: crate::archive::writer::DEFAULT_ROTATE_BYTES,
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

/// Accepts `sqlite://PATH`, `sqlite::memory:` and `postgres://…` / `postgresql://…`: the
/// store's own parser decides, so config and store never disagree.
pub fn check_state_url(url: &str) -> Result<(), String> {
    crate::store::StateUrl::parse(url)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Merges the command line into the file's layer: a flag given wins over the file.
fn merge(mut raw: RawGlobal, ov: &Overrides) -> RawGlobal {
    raw.out = ov.out.clone().or(raw.out);
    raw.state = ov.state.clone().or(raw.state);
    raw.warc = ov.warc.clone().or(raw.warc);
    raw.page_budget = ov.budget.or(raw.page_budget);
    raw
}

/// Resolves the global layer; every problem found is pushed to `errs` (and the default
/// used in its place, so that the site files can still be checked against it).
pub(super) fn resolve_global(raw: RawGlobal, ov: &Overrides, errs: &mut FileErrors<'_>) -> Global {
    let state_flag = ov.state.is_some();
    let raw = merge(raw, ov);
    let d = Global::default();
    if let Some(ua) = &raw.user_agent {
        if ua.trim().is_empty() || ua.contains(['\r', '\n']) {
            errs.invalid("user_agent", None, "must be a non-empty single line");
        }
    }
    if let Some(state) = &raw.state {
        if let Err(why) = check_state_url(state) {
            if state_flag {
                errs.push(ConfigError::StateUrl {
                    flag: "--state",
                    url: state.clone(),
                    why,
                });
            } else {
                errs.invalid("state", Some(state), why);
            }
        }
    }
    if raw.warc_rotate_bytes == Some(0) {
        errs.invalid("warc_rotate_bytes", None, "must be at least 1");
    }
    if raw.concurrency == Some(0) {
        errs.invalid("concurrency", None, "must be at least 1");
    }
    let g = Global {
        user_agent: raw.user_agent.unwrap_or(d.user_agent),
        out: raw.out.unwrap_or(d.out),
        state: raw.state.unwrap_or(d.state),
        warc: raw.warc,
        warc_rotate_bytes: raw.warc_rotate_bytes.unwrap_or(d.warc_rotate_bytes),
        concurrency: raw.concurrency.filter(|&c| c > 0).unwrap_or(d.concurrency),
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
    check_consistency(&g, errs);
    g
}

/// Values that are well-typed but cannot work together.
fn check_consistency(g: &Global, errs: &mut FileErrors<'_>) {
    for (key, v) in [
        ("timeout", g.timeout),
        ("connect_timeout", g.connect_timeout),
        ("read_timeout", g.read_timeout),
    ] {
        if v.is_zero() {
            errs.invalid(key, None, "must be longer than 0s");
        }
    }
    if g.backoff_base > g.backoff_max {
        errs.invalid("backoff_base", None, "is longer than backoff_max");
    }
    if g.connect_timeout > g.timeout {
        errs.invalid("connect_timeout", None, "is longer than timeout");
    }
    if g.lease_ttl < Duration::from_secs(1) {
        errs.invalid("lease_ttl", None, "must be at least 1s");
    }
    if g.max_page_bytes < 1024 {
        errs.invalid("max_page_bytes", None, "must be at least 1024");
    }
}
