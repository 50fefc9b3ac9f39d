//! The files as written: every field optional, unknown keys rejected, durations in
//! humantime ("1s", "500ms"). Nothing here is validated beyond TOML types; `resolve`
//! turns these into the compiled runtime types.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// `config/crawl.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGlobal {
    pub user_agent: Option<String>,
    pub out: Option<std::path::PathBuf>,
    pub state: Option<String>,
    pub warc: Option<std::path::PathBuf>,
    pub warc_rotate_bytes: Option<u64>,
    pub concurrency: Option<usize>,
    #[serde(default, with = "humantime_serde")]
    pub delay: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub timeout: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub connect_timeout: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub read_timeout: Option<Duration>,
    pub max_page_bytes: Option<u64>,
    pub max_feed_bytes: Option<u64>,
    pub retries: Option<u32>,
    #[serde(default, with = "humantime_serde")]
    pub backoff_base: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub backoff_max: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub max_retry_after: Option<Duration>,
    pub page_budget: Option<u32>,
    pub max_depth: Option<u32>,
    pub max_redirects: Option<u32>,
    pub min_chars: Option<usize>,
    #[serde(default, with = "humantime_serde")]
    pub lease_ttl: Option<Duration>,
    #[serde(default, with = "humantime_serde")]
    pub seed_interval: Option<Duration>,
}

/// `config/sites/<name>.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    pub name: Option<String>,
    pub start_urls: Option<Vec<String>>,
    #[serde(default, with = "humantime_serde")]
    pub delay: Option<Duration>,
    pub feeds: Option<Vec<String>>,
    pub sitemaps: Option<Vec<String>>,
    pub article_patterns: Option<Vec<String>>,
    pub exclude_patterns: Option<Vec<String>>,
    pub page_budget: Option<u32>,
    pub max_depth: Option<u32>,
    pub enabled: Option<bool>,
    /// Extra request headers (cookies, auth): secrets, never logged.
    pub headers: Option<BTreeMap<String, String>>,
    pub extract: Option<RawExtract>,
}

/// `[extract]` of a site file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExtract {
    pub content: Option<Vec<String>>,
    pub remove: Option<Vec<String>>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub drop_labels: Option<Vec<String>>,
    pub min_chars: Option<usize>,
}
