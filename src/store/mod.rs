//! Crawl state behind traits, so that the pipeline does not know whether it runs on the
//! embedded SQLite database (the default) or on PostgreSQL shared by several workers.
//! The traits follow the roles the crawl needs: the [`Frontier`] of URLs, [`HostLeases`]
//! that keep one worker per host, the [`Ledger`] of articles, and [`Reports`] for the
//! read-only commands. Uniqueness always comes from database constraints (`ON CONFLICT DO
//! NOTHING`), never from check-then-insert, and store errors are fatal: never turned
//! into `false`.

mod queries;
mod sql_store;
mod state_url;

use crate::model::{Discovered, ManifestRecord, Outcome, UrlKind, Validators};
use crate::page::template::Template;
use async_trait::async_trait;
use std::collections::BTreeSet;
use std::fmt::Debug;

pub use sql_store::SqlStore;
pub use state_url::{redact_url, BadStateUrl, StateUrl};

/// A store failure: the run stops, because the state can no longer be trusted.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("state database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("state database {url} does not exist (no crawl has run with this state yet)")]
    Missing { url: String },
    #[error("state database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("state database: {0}")]
    Query(#[from] sqlx::Error),
    #[error("state database holds a corrupt row: {0}")]
    Corrupt(String),
}

/// A frontier entry handed to a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedUrl {
    pub url: String,
    pub site: String,
    pub host: String,
    pub kind: UrlKind,
    pub depth: u32,
    pub seed: bool,
    pub attempts: u32,
    pub validators: Validators,
}

/// What is recorded once a URL has been processed. A failed URL is tried again on a
/// later run (a bounded number of times); every other outcome is final.
#[derive(Debug, Clone)]
pub struct FetchRecord {
    pub status: Option<u16>,
    pub validators: Validators,
    pub outcome: Outcome,
}

impl FetchRecord {
    /// A record with no response behind it (skipped before fetching, failed to fetch).
    #[must_use]
    pub fn bare(outcome: Outcome) -> Self {
        Self {
            status: None,
            validators: Validators::default(),
            outcome,
        }
    }
}

/// The answer to "may I write this article?", decided atomically on the content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// First time this text is seen: write it.
    New,
    /// Claimed earlier from this same URL but not yet written (a killed run): write it.
    Resume,
    /// This URL's article was already written (a run killed after writing, before
    /// recording the URL as done): nothing to do.
    AlreadyWritten,
    /// Already claimed from another URL: a duplicate.
    Duplicate { first_url: String },
}

/// Per-site counts for `crawl status`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteStatus {
    pub site: String,
    pub pending: i64,
    pub leased: i64,
    pub done: i64,
    pub failed: i64,
    pub articles: i64,
    pub written_last_hour: i64,
}

/// One frontier URL as `crawl urls` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRow {
    pub url: String,
    pub site: String,
    pub kind: UrlKind,
    /// `pending`, `done` or `failed`.
    pub state: String,
    /// What the last processing came to; `None` while pending and never fetched.
    pub outcome: Option<Outcome>,
    pub status: Option<u16>,
    pub fetched_at_ms: Option<i64>,
    pub attempts: u32,
}

/// The URLs to crawl, with their outcome and validators.
#[async_trait]
pub trait Frontier: Send + Sync + Debug {
    /// Adds discovered URLs to the frontier; existing URLs are left as they are.
    /// Returns how many were new.
    async fn enqueue(&self, items: &[Discovered]) -> Result<u64, StoreError>;

    /// Makes the site's seeds (start pages, feeds, sitemaps) last fetched before
    /// `seeds_before_ms`, and its failed URLs, pending again at the start of a run.
    async fn refresh_site(
        &self,
        site: &str,
        max_attempts: u32,
        seeds_before_ms: i64,
    ) -> Result<(), StoreError>;

    /// How many of the site's seeds were fetched after `since_ms` (and so are not
    /// refreshed by [`Frontier::refresh_site`] with that bound).
    async fn recent_seeds(&self, site: &str, since_ms: i64) -> Result<u64, StoreError>;

    /// The next pending URL of a site, in priority order, leased to `worker` until
    /// `lease_until_ms`; `None` when the site's frontier is empty.
    async fn next_url(
        &self,
        site: &str,
        worker: &str,
        now_ms: i64,
        lease_until_ms: i64,
    ) -> Result<Option<QueuedUrl>, StoreError>;

    /// Records the outcome of a URL and releases its lease.
    async fn finish(&self, url: &str, rec: &FetchRecord, now_ms: i64) -> Result<(), StoreError>;

    /// Clears frontier and host leases: all of them (`None`, single-process SQLite
    /// state) or one worker's (a restarted worker of a shared crawl).
    async fn release_leases(&self, worker: Option<&str>) -> Result<(), StoreError>;

    /// Forgets a site so that it is crawled afresh: its frontier and seen-set (`urls`)
    /// and its learned template, and with `all` its articles and their simhash bands too
    /// (else a re-crawl still recognises the texts already written). Returns (URLs,
    /// articles) removed.
    async fn reset_site(&self, site: &str, all: bool) -> Result<(u64, u64), StoreError>;
}

/// One worker per host at a time, and the time the host's next request is due.
#[async_trait]
pub trait HostLeases: Send + Sync + Debug {
    /// Leases a host to `worker` until `until_ms` when it is free, expired or already
    /// this worker's. Returns the time (ms) before which no request may be sent to the
    /// host — kept across workers so that a lease that moves keeps the pace — or `None`
    /// when another worker holds it.
    async fn lease_host(
        &self,
        host: &str,
        worker: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<Option<i64>, StoreError>;

    /// Extends the lease and records when the host's next request is due; `false` when
    /// the lease was lost (expired and taken by another worker).
    async fn renew_host(
        &self,
        host: &str,
        worker: &str,
        until_ms: i64,
        next_due_ms: i64,
    ) -> Result<bool, StoreError>;

    /// Gives the host back, recording when its next request is due.
    async fn release_host(
        &self,
        host: &str,
        worker: &str,
        next_due_ms: i64,
    ) -> Result<(), StoreError>;

    /// Hosts currently leased: (host, worker, lease end in ms).
    async fn host_leases(&self, now_ms: i64) -> Result<Vec<(String, String, i64)>, StoreError>;
}

/// The articles of record: one per distinct content hash.
#[async_trait]
pub trait Ledger: Send + Sync + Debug {
    /// Claims a content hash for an article about to be written.
    async fn claim_article(
        &self,
        rec: &ManifestRecord,
        simhash: u64,
        worker: &str,
    ) -> Result<Claim, StoreError>;

    /// Marks a claimed article as written to its file and manifest.
    async fn mark_written(&self, sha256: &str) -> Result<(), StoreError>;

    /// Articles this worker claimed but did not finish writing (after a crash).
    async fn unwritten(&self, worker: &str) -> Result<Vec<ManifestRecord>, StoreError>;

    /// Forgets a claim whose file was never written, so the article is fetched again.
    async fn release_claim(&self, sha256: &str) -> Result<(), StoreError>;

    /// The SHA-256 of the latest written version of the article fetched from `url`.
    async fn latest_version(&self, url: &str) -> Result<Option<String>, StoreError>;

    /// An earlier article whose simhash is within `max_distance` bits, if any.
    async fn near_duplicate(
        &self,
        simhash: u64,
        sha256: &str,
        max_distance: u32,
    ) -> Result<Option<String>, StoreError>;
}

/// What a site's pages have in common (see [`crate::page::template`]), kept across runs.
#[async_trait]
pub trait Templates: Send + Sync + Debug {
    /// The site's counts: pages seen, and the shapes seen on more than one page.
    async fn template(&self, site: &str) -> Result<Template, StoreError>;

    /// Counts the article page at `url` with these shapes, once: `false` when that page
    /// was counted before (a run killed after counting fetches it again).
    async fn observe_page(
        &self,
        site: &str,
        url: &str,
        keys: &BTreeSet<String>,
    ) -> Result<bool, StoreError>;

    /// Forgets shapes seen on one page only, longer than `window` pages ago.
    async fn prune_template(&self, site: &str, window: u64) -> Result<(), StoreError>;
}

/// Read-only views for `crawl status` and `crawl export`.
#[async_trait]
pub trait Reports: Send + Sync + Debug {
    /// The manifest of record, oldest first; `since_ms` and `sites` filter it. Only the
    /// latest version of each article, unless `all_versions`.
    async fn export(
        &self,
        since_ms: Option<i64>,
        sites: &[String],
        all_versions: bool,
    ) -> Result<Vec<ManifestRecord>, StoreError>;

    /// Per-site frontier and article counts.
    async fn status(&self, now_ms: i64) -> Result<Vec<SiteStatus>, StoreError>;

    /// Every frontier URL of `site` (all sites when `None`), in discovery order.
    async fn urls(&self, site: Option<&str>) -> Result<Vec<UrlRow>, StoreError>;
}

/// Persistent crawl state: every role, on one backend.
pub trait Store: Frontier + HostLeases + Ledger + Templates + Reports {}

impl<T: Frontier + HostLeases + Ledger + Templates + Reports> Store for T {}

/// Whether opening may create the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// A crawl: create the file (and its directory) and migrate.
    Create,
    /// A read-only command: the database must already exist.
    Existing,
}

/// Opens (creating and migrating) the store named by a state URL.
pub async fn open(url: &StateUrl) -> Result<SqlStore, StoreError> {
    SqlStore::open(url, OpenMode::Create).await
}

/// Opens an existing store for a read-only command; a missing database is an error.
pub async fn open_existing(url: &StateUrl) -> Result<SqlStore, StoreError> {
    SqlStore::open(url, OpenMode::Existing).await
}
