//! The one store implementation, on sqlx's `Any` driver: SQLite and PostgreSQL run the
//! same queries (see `queries.rs`); what differs — connection set-up, migrations, the
//! frontier lease and the claim's durability — is chosen once, at open, by [`Backend`].

use super::queries as q;
use super::{
    Claim, FetchRecord, Frontier, HostLeases, Ledger, OpenMode, QueuedUrl, Reports, SiteStatus,
    StateUrl, StoreError, Templates, UrlRow,
};
use crate::archive::WarcLocation;
use crate::model::{Discovered, ManifestRecord, UrlKind, Validators};
use crate::page::template::{Seen, Template};
use async_trait::async_trait;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Connection, Row};
use std::collections::BTreeSet;
use std::time::Duration;

/// Which database the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// The crawl state on SQLite (one file, the default) or PostgreSQL (shared by workers).
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
}

/// How long a worker waits for a pooled connection before the run stops.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long opening waits for the first connection: a refused or unreachable server is
/// reported at once, not after the pool's retries.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl SqlStore {
    /// Opens the state named by `url`, creating and migrating it in [`OpenMode::Create`].
    pub async fn open(url: &StateUrl, mode: OpenMode) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let err = |source| StoreError::Open {
            url: url.redacted(),
            source,
        };
        let backend = match url {
            StateUrl::Postgres { .. } => Backend::Postgres,
            StateUrl::Sqlite { .. } | StateUrl::Memory => Backend::Sqlite,
        };
        let mut driver_url = url.driver_url();
        if let Some(path) = url.sqlite_path() {
            if mode == OpenMode::Existing {
                if !path.is_file() {
                    return Err(StoreError::Missing {
                        url: url.redacted(),
                    });
                }
                driver_url = driver_url.replace("?mode=rwc", "?mode=rw");
            } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| err(sqlx::Error::Io(e)))?;
            }
        }
        if backend == Backend::Postgres {
            let probe =
                tokio::time::timeout(CONNECT_TIMEOUT, sqlx::AnyConnection::connect(&driver_url))
                    .await
                    .map_err(|_| err(sqlx::Error::PoolTimedOut))?
                    .map_err(err)?;
            let _ = probe.close().await;
        }
        let pool = pool_options(url).connect(&driver_url).await.map_err(err)?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await?,
        }
        Ok(Self { pool, backend })
    }

    fn next_url_sql(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => q::NEXT_URL_SQLITE,
            Backend::Postgres => q::NEXT_URL_POSTGRES,
        }
    }

    fn claim_prelude(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => q::CLAIM_PRELUDE_SQLITE,
            Backend::Postgres => q::CLAIM_PRELUDE_POSTGRES,
        }
    }
}

/// Per-backend connection settings.
fn pool_options(url: &StateUrl) -> AnyPoolOptions {
    match url {
        // Frontier bookkeeping (leases, outcomes, validators) does not wait for the WAL
        // flush: after a database crash the last fraction of a second of it may be lost,
        // which only means a page is fetched again. Article claims stay synchronous.
        StateUrl::Postgres { .. } => AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    sqlx::Executor::execute(conn, "SET synchronous_commit = off").await?;
                    Ok(())
                })
            }),
        // One in-memory database per connection: keep to one.
        StateUrl::Memory => AnyPoolOptions::new().max_connections(1),
        StateUrl::Sqlite { .. } => AnyPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = NORMAL",
                        "PRAGMA busy_timeout = 30000",
                    ] {
                        sqlx::Executor::execute(&mut *conn, pragma).await?;
                    }
                    Ok(())
                })
            }),
    }
}

fn ms_to_time(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The four 16-bit bands of a simhash, as stored in `simhash_bands`.
fn bands(simhash: u64) -> [(i32, i32); 4] {
    let band = |b: u32| i32::try_from((simhash >> (b * 16)) & 0xFFFF).unwrap_or(0);
    [(0, band(0)), (1, band(1)), (2, band(2)), (3, band(3))]
}

fn db_int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn article_from_row(row: &AnyRow) -> Result<ManifestRecord, StoreError> {
    let authors: String = row.try_get("authors")?;
    let published: Option<String> = row.try_get("published")?;
    Ok(ManifestRecord {
        url: row.try_get("url")?,
        canonical_url: row.try_get("canonical_url")?,
        site: row.try_get("site")?,
        title: row.try_get("title")?,
        authors: serde_json::from_str(&authors)
            .map_err(|e| StoreError::Corrupt(format!("authors: {e}")))?,
        published: published
            .as_deref()
            .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok())
            .map(|d| d.with_timezone(&chrono::Utc)),
        language: row.try_get("language")?,
        sha256: row.try_get("sha256")?,
        path: row.try_get("path")?,
        fetched_at: ms_to_time(row.try_get("fetched_at")?),
        words: usize::try_from(row.try_get::<i32, _>("words")?).unwrap_or(0),
        near_duplicate_of: row.try_get("near_duplicate_of")?,
        updated: false,
        supersedes: None,
        warc: warc_from_row(row)?,
    }
    .with_supersedes(row.try_get("supersedes")?))
}

fn warc_from_row(row: &AnyRow) -> Result<Option<WarcLocation>, StoreError> {
    let file: Option<String> = row.try_get("warc_file")?;
    let offset: Option<i64> = row.try_get("warc_offset")?;
    Ok(file.zip(offset).map(|(file, offset)| WarcLocation {
        file,
        offset: u64::try_from(offset).unwrap_or(0),
    }))
}

fn queued_from_row(row: &AnyRow) -> Result<QueuedUrl, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(QueuedUrl {
        url: row.try_get("url")?,
        site: row.try_get("site")?,
        host: row.try_get("host")?,
        kind: UrlKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("url kind {kind:?}")))?,
        depth: u32::try_from(row.try_get::<i32, _>("depth")?).unwrap_or(0),
        seed: row.try_get::<i32, _>("seed")? != 0,
        attempts: u32::try_from(row.try_get::<i32, _>("attempts")?).unwrap_or(0),
        validators: Validators {
            etag: row.try_get("etag")?,
            last_modified: row.try_get("last_modified")?,
        },
    })
}

#[async_trait]
impl Frontier for SqlStore {
    async fn enqueue(&self, items: &[Discovered]) -> Result<u64, StoreError> {
        if items.is_empty() {
            return Ok(0);
        }
        let now = chrono::Utc::now().timestamp_millis();
        let mut tx = self.pool.begin().await?;
        let mut added = 0;
        for (i, d) in items.iter().enumerate() {
            let host = crate::config::host_key(&d.url).unwrap_or_default();
            // Keeps discovery order stable within one batch.
            let at = now + i64::try_from(i).unwrap_or(i64::MAX - now);
            let depth = db_int(d.depth);
            let r = sqlx::query(q::ENQUEUE)
                .bind(d.url.as_str())
                .bind(&d.site)
                .bind(host)
                .bind(d.kind.as_str())
                .bind(depth)
                .bind(i32::from(d.seed))
                .bind(d.kind.priority() + depth.min(100))
                .bind(at)
                .execute(&mut *tx)
                .await?;
            added += r.rows_affected();
            if let (0, UrlKind::Article, Some(modified)) = (r.rows_affected(), d.kind, d.modified) {
                let due = sqlx::query(q::REVISIT)
                    .bind(d.url.as_str())
                    .bind(modified.timestamp_millis())
                    .execute(&mut *tx)
                    .await?;
                if due.rows_affected() > 0 {
                    tracing::debug!(url = %d.url, %modified, "changed since it was fetched: due again");
                }
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    async fn refresh_site(
        &self,
        site: &str,
        max_attempts: u32,
        seeds_before_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(q::REFRESH_SITE)
            .bind(site)
            .bind(db_int(max_attempts))
            .bind(seeds_before_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn recent_seeds(&self, site: &str, since_ms: i64) -> Result<u64, StoreError> {
        let row = sqlx::query(q::RECENT_SEEDS)
            .bind(site)
            .bind(since_ms)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
    }

    async fn next_url(
        &self,
        site: &str,
        worker: &str,
        now_ms: i64,
        lease_until_ms: i64,
    ) -> Result<Option<QueuedUrl>, StoreError> {
        let row = sqlx::query(self.next_url_sql())
            .bind(worker)
            .bind(lease_until_ms)
            .bind(site)
            .bind(now_ms)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(queued_from_row).transpose()
    }

    async fn finish(&self, url: &str, rec: &FetchRecord, now_ms: i64) -> Result<(), StoreError> {
        let state = if rec.outcome.is_failure() {
            "failed"
        } else {
            "done"
        };
        sqlx::query(q::FINISH)
            .bind(url)
            .bind(state)
            .bind(rec.status.map(i32::from))
            .bind(rec.outcome.to_string())
            .bind(now_ms)
            .bind(rec.validators.etag.as_deref())
            .bind(rec.validators.last_modified.as_deref())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn release_leases(&self, worker: Option<&str>) -> Result<(), StoreError> {
        for sql in [q::RELEASE_URL_LEASES, q::RELEASE_HOST_LEASES] {
            sqlx::query(sql).bind(worker).execute(&self.pool).await?;
        }
        Ok(())
    }

    async fn reset_site(&self, site: &str, all: bool) -> Result<(u64, u64), StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut articles = 0;
        if all {
            sqlx::query(q::RESET_BANDS)
                .bind(site)
                .execute(&mut *tx)
                .await?;
            articles = sqlx::query(q::RESET_ARTICLES)
                .bind(site)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        let urls = sqlx::query(q::RESET_URLS)
            .bind(site)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        for forget in [q::RESET_TEMPLATE, q::RESET_SITE_PAGES] {
            sqlx::query(forget).bind(site).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok((urls, articles))
    }
}

#[async_trait]
impl HostLeases for SqlStore {
    async fn lease_host(
        &self,
        host: &str,
        worker: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        sqlx::query(q::ADD_HOST)
            .bind(host)
            .execute(&self.pool)
            .await?;
        let row = sqlx::query(q::LEASE_HOST)
            .bind(host)
            .bind(worker)
            .bind(until_ms)
            .bind(now_ms)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|r| r.try_get::<i64, _>("next_due_at"))
            .transpose()?)
    }

    async fn renew_host(
        &self,
        host: &str,
        worker: &str,
        until_ms: i64,
        next_due_ms: i64,
    ) -> Result<bool, StoreError> {
        let n = sqlx::query(q::RENEW_HOST)
            .bind(host)
            .bind(worker)
            .bind(until_ms)
            .bind(next_due_ms)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    async fn release_host(
        &self,
        host: &str,
        worker: &str,
        next_due_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(q::RELEASE_HOST)
            .bind(host)
            .bind(worker)
            .bind(next_due_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn host_leases(&self, now_ms: i64) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query(q::HOST_LEASES)
            .bind(now_ms)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("host")?,
                    r.try_get("lease_owner")?,
                    r.try_get("lease_until")?,
                ))
            })
            .collect()
    }
}

#[async_trait]
impl Ledger for SqlStore {
    async fn claim_article(
        &self,
        rec: &ManifestRecord,
        simhash: u64,
        worker: &str,
    ) -> Result<Claim, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(self.claim_prelude()).execute(&mut *tx).await?;
        let inserted = sqlx::query(q::CLAIM_ARTICLE)
            .bind(&rec.sha256)
            .bind(&rec.url)
            .bind(&rec.canonical_url)
            .bind(&rec.site)
            .bind(&rec.title)
            .bind(serde_json::to_string(&rec.authors).unwrap_or_else(|_| "[]".into()))
            .bind(rec.published.map(|p| p.to_rfc3339()))
            .bind(rec.language.as_deref())
            .bind(&rec.path)
            .bind(rec.fetched_at.timestamp_millis())
            .bind(i32::try_from(rec.words).unwrap_or(i32::MAX))
            .bind(i64::from_ne_bytes(simhash.to_ne_bytes()))
            .bind(rec.near_duplicate_of.as_deref())
            .bind(worker)
            .bind(rec.supersedes.as_deref())
            .bind(rec.warc.as_ref().map(|w| w.file.as_str()))
            .bind(
                rec.warc
                    .as_ref()
                    .map(|w| i64::try_from(w.offset).unwrap_or(i64::MAX)),
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let claim = if inserted == 1 {
            for (band, value) in bands(simhash) {
                sqlx::query(q::ADD_SIMHASH_BAND)
                    .bind(band)
                    .bind(value)
                    .bind(&rec.sha256)
                    .execute(&mut *tx)
                    .await?;
            }
            Claim::New
        } else {
            let row = sqlx::query(q::CLAIM_HOLDER)
                .bind(&rec.sha256)
                .fetch_one(&mut *tx)
                .await?;
            let first_url: String = row.try_get("url")?;
            let written: i32 = row.try_get("written")?;
            match (first_url == rec.url, written) {
                (true, 0) => Claim::Resume,
                (true, _) => Claim::AlreadyWritten,
                (false, _) => Claim::Duplicate { first_url },
            }
        };
        tx.commit().await?;
        Ok(claim)
    }

    async fn mark_written(&self, sha256: &str) -> Result<(), StoreError> {
        sqlx::query(q::MARK_WRITTEN)
            .bind(sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn unwritten(&self, worker: &str) -> Result<Vec<ManifestRecord>, StoreError> {
        let rows = sqlx::query(q::UNWRITTEN)
            .bind(worker)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(article_from_row).collect()
    }

    async fn release_claim(&self, sha256: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for sql in [q::DELETE_BANDS, q::DELETE_UNWRITTEN] {
            sqlx::query(sql).bind(sha256).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn latest_version(&self, url: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query(q::LATEST_VERSION)
            .bind(url)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| row.try_get("sha256"))
            .transpose()?)
    }

    async fn near_duplicate(
        &self,
        simhash: u64,
        sha256: &str,
        max_distance: u32,
    ) -> Result<Option<String>, StoreError> {
        let mut query = sqlx::query(q::NEAR_DUPLICATES);
        for (band, value) in bands(simhash) {
            query = query.bind(band).bind(value);
        }
        let rows = query.bind(sha256).fetch_all(&self.pool).await?;
        for row in rows {
            let other: i64 = row.try_get("simhash")?;
            if (u64::from_ne_bytes(other.to_ne_bytes()) ^ simhash).count_ones() <= max_distance {
                return Ok(Some(row.try_get("sha256")?));
            }
        }
        Ok(None)
    }
}

impl SqlStore {
    /// Article pages of the site counted for its template.
    async fn site_pages(&self, site: &str) -> Result<i64, StoreError> {
        let pages: Option<i64> = sqlx::query(q::SITE_PAGES)
            .bind(site)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| row.try_get("pages"))
            .transpose()?;
        Ok(pages.unwrap_or(0))
    }
}

#[async_trait]
impl Templates for SqlStore {
    async fn template(&self, site: &str) -> Result<Template, StoreError> {
        let mut template = Template {
            pages: u64::try_from(self.site_pages(site).await?).unwrap_or(0),
            ..Template::default()
        };
        let rows = sqlx::query(q::TEMPLATE_KEYS)
            .bind(site)
            .fetch_all(&self.pool)
            .await?;
        for row in &rows {
            let count = |col: &str| -> Result<u64, StoreError> {
                Ok(u64::try_from(row.try_get::<i64, _>(col)?).unwrap_or(0))
            };
            template.keys.insert(
                row.try_get("key")?,
                Seen {
                    pages: count("pages")?,
                    first_seen: count("first_seen")?,
                },
            );
        }
        Ok(template)
    }

    async fn observe_page(
        &self,
        site: &str,
        url: &str,
        keys: &BTreeSet<String>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let first_time = sqlx::query(q::MARK_TEMPLATE_COUNTED)
            .bind(url)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if !first_time {
            return Ok(false);
        }
        let page: i64 = sqlx::query(q::COUNT_SITE_PAGE)
            .bind(site)
            .fetch_one(&mut *tx)
            .await?
            .try_get("pages")?;
        for key in keys {
            sqlx::query(q::COUNT_TEMPLATE_KEY)
                .bind(site)
                .bind(key)
                .bind(page)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn prune_template(&self, site: &str, window: u64) -> Result<(), StoreError> {
        let before = self.site_pages(site).await? - i64::try_from(window).unwrap_or(i64::MAX);
        if before > 0 {
            sqlx::query(q::PRUNE_TEMPLATE)
                .bind(site)
                .bind(before)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

#[async_trait]
impl Reports for SqlStore {
    async fn export(
        &self,
        since_ms: Option<i64>,
        sites: &[String],
        all_versions: bool,
    ) -> Result<Vec<ManifestRecord>, StoreError> {
        let rows = sqlx::query(q::EXPORT)
            .bind(since_ms.unwrap_or(0))
            .bind(i32::from(all_versions))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let rec = article_from_row(row)?;
            if sites.is_empty() || sites.contains(&rec.site) {
                out.push(rec);
            }
        }
        Ok(out)
    }

    async fn status(&self, now_ms: i64) -> Result<Vec<SiteStatus>, StoreError> {
        let mut map = std::collections::BTreeMap::<String, SiteStatus>::new();
        let rows = sqlx::query(q::STATUS_URLS)
            .bind(now_ms)
            .fetch_all(&self.pool)
            .await?;
        for row in rows {
            let site: String = row.try_get("site")?;
            let state: String = row.try_get("state")?;
            let leased: i32 = row.try_get("leased")?;
            let n: i64 = row.try_get("n")?;
            let e = site_entry(&mut map, site);
            match state.as_str() {
                "pending" if leased == 1 => e.leased += n,
                "pending" => e.pending += n,
                "done" => e.done += n,
                _ => e.failed += n,
            }
        }
        let rows = sqlx::query(q::STATUS_ARTICLES)
            .bind(now_ms - 3_600_000)
            .fetch_all(&self.pool)
            .await?;
        for row in rows {
            let e = site_entry(&mut map, row.try_get("site")?);
            e.articles = row.try_get("n")?;
            e.written_last_hour = row.try_get::<Option<i64>, _>("recent")?.unwrap_or(0);
        }
        Ok(map.into_values().collect())
    }

    async fn urls(&self, site: Option<&str>) -> Result<Vec<UrlRow>, StoreError> {
        let rows = sqlx::query(q::URLS)
            .bind(site)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(url_from_row).collect()
    }
}

fn url_from_row(row: &AnyRow) -> Result<UrlRow, StoreError> {
    let kind: String = row.try_get("kind")?;
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(UrlRow {
        url: row.try_get("url")?,
        site: row.try_get("site")?,
        kind: UrlKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("url kind {kind:?}")))?,
        state: row.try_get("state")?,
        // An outcome written by an older version reads as unknown, not as corruption.
        outcome: outcome.and_then(|o| o.parse().ok()),
        status: row
            .try_get::<Option<i32>, _>("status")?
            .and_then(|s| u16::try_from(s).ok()),
        fetched_at_ms: row.try_get("fetched_at")?,
        attempts: u32::try_from(row.try_get::<i32, _>("attempts")?).unwrap_or(0),
    })
}

fn site_entry(
    map: &mut std::collections::BTreeMap<String, SiteStatus>,
    site: String,
) -> &mut SiteStatus {
    map.entry(site.clone()).or_insert_with(|| SiteStatus {
        site,
        ..SiteStatus::default()
    })
}

#[cfg(test)]
#[path = "sql_store_tests.rs"]
mod tests;
