//! The SQLite and PostgreSQL stores. Their SQL is the same text (numbered `$N`
//! placeholders work in both), so one macro writes both implementations; only opening,
//! migrations and the frontier lease query (PostgreSQL adds `FOR UPDATE SKIP LOCKED`)
//! differ.

use super::{Claim, FetchRecord, QueuedUrl, SiteStatus, Store, StoreError};
use crate::model::{Discovered, ManifestRecord, UrlKind, Validators};
use async_trait::async_trait;
use sqlx::Row;

/// Embedded SQLite state (the default): one file, created and migrated on first use.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: sqlx::SqlitePool,
}

/// PostgreSQL state, shared by several workers.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: sqlx::PgPool,
}

impl SqliteStore {
    /// Opens `sqlite://PATH` (or `sqlite::memory:`), creating the file and its directory.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        use sqlx::sqlite::{
            SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
        };
        use std::str::FromStr;
        let err = |source| StoreError::Open {
            url: url.to_owned(),
            source,
        };
        let memory = url.contains(":memory:");
        if !memory {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let path = std::path::Path::new(path.split('?').next().unwrap_or(path));
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| err(sqlx::Error::Io(e)))?;
            }
        }
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(err)?
            .create_if_missing(true)
            .journal_mode(if memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            })
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(if memory { 1 } else { 4 })
            .connect_with(opts)
            .await
            .map_err(err)?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

impl PostgresStore {
    /// Connects to `postgres://…` and applies pending migrations (under PostgreSQL's
    /// advisory lock, so workers starting together migrate once).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        // Frontier bookkeeping (leases, outcomes, validators) does not wait for the WAL
        // flush: after a database crash the last fraction of a second of it may be lost,
        // which only means a page is fetched again. Article claims stay synchronous.
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(16)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    sqlx::Executor::execute(conn, "SET synchronous_commit = off").await?;
                    Ok(())
                })
            })
            .acquire_timeout(std::time::Duration::from_secs(30))
            .connect(url)
            .await
            .map_err(|source| StoreError::Open {
                url: redact_url(url),
                source,
            })?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    /// The pool, for tests that create and drop their own schema.
    #[must_use]
    pub fn pool(&self) -> &sqlx::PgPool {
        &self.pool
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

const NEXT_SQLITE: &str = "UPDATE urls SET lease_owner = $1, lease_until = $2
    WHERE url = (SELECT url FROM urls WHERE site = $3 AND state = 'pending'
                 AND (lease_until IS NULL OR lease_until < $4)
                 ORDER BY priority, discovered_at DESC, url LIMIT 1)
    RETURNING url, site, host, kind, depth, seed, attempts, etag, last_modified";

const NEXT_POSTGRES: &str = "UPDATE urls SET lease_owner = $1, lease_until = $2
    WHERE url = (SELECT url FROM urls WHERE site = $3 AND state = 'pending'
                 AND (lease_until IS NULL OR lease_until < $4)
                 ORDER BY priority, discovered_at DESC, url LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING url, site, host, kind, depth, seed, attempts, etag, last_modified";

const ARTICLE_COLUMNS: &str = "url, canonical_url, site, title, authors, published, language, sha256, path, fetched_at, words, near_duplicate_of";

fn bands(simhash: u64) -> [(i32, i32); 4] {
    [0, 1, 2, 3].map(|b| (b, ((simhash >> (b * 16)) & 0xFFFF) as i32))
}

fn ms_to_time(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// First statement of an article claim's transaction: durable before the file is written.
const CLAIM_PRELUDE_SQLITE: &str = "SELECT 1";
const CLAIM_PRELUDE_POSTGRES: &str = "SET LOCAL synchronous_commit = on";

macro_rules! impl_store {
    ($store:ty, $next_sql:expr, $claim_prelude:expr) => {
        impl $store {
            fn article_from_row<R: Row>(row: &R) -> Result<ManifestRecord, StoreError>
            where
                for<'a> &'a str: sqlx::ColumnIndex<R>,
                for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
                for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
                for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
                for<'a> i32: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
            {
                let authors: String = row.try_get("authors")?;
                let published: Option<String> = row.try_get("published")?;
                Ok(ManifestRecord {
                    url: row.try_get("url")?,
                    canonical_url: row.try_get("canonical_url")?,
                    site: row.try_get("site")?,
                    title: row.try_get("title")?,
                    authors: serde_json::from_str(&authors).map_err(|e| StoreError::Corrupt(format!("authors: {e}")))?,
                    published: published.as_deref().and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok()).map(|d| d.with_timezone(&chrono::Utc)),
                    language: row.try_get("language")?,
                    sha256: row.try_get("sha256")?,
                    path: row.try_get("path")?,
                    fetched_at: ms_to_time(row.try_get("fetched_at")?),
                    words: usize::try_from(row.try_get::<i32, _>("words")?).unwrap_or(0),
                    near_duplicate_of: row.try_get("near_duplicate_of")?,
                })
            }
        }

        #[async_trait]
        impl Store for $store {
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
                    let r = sqlx::query(
                        "INSERT INTO urls (url, site, host, kind, depth, seed, priority, discovered_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (url) DO NOTHING",
                    )
                    .bind(d.url.as_str())
                    .bind(&d.site)
                    .bind(host)
                    .bind(d.kind.as_str())
                    .bind(i32::try_from(d.depth).unwrap_or(i32::MAX))
                    .bind(i32::from(d.seed))
                    .bind(d.kind.priority() + i32::try_from(d.depth).unwrap_or(0).min(100))
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    added += r.rows_affected();
                }
                tx.commit().await?;
                Ok(added)
            }

            async fn refresh_site(&self, site: &str, max_attempts: u32, seeds_before_ms: i64) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE urls SET state = 'pending' WHERE site = $1 AND
                     ((seed = 1 AND state = 'done' AND (fetched_at IS NULL OR fetched_at <= $3))
                      OR (state = 'failed' AND attempts < $2))",
                )
                .bind(site)
                .bind(i32::try_from(max_attempts).unwrap_or(i32::MAX))
                .bind(seeds_before_ms)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn lease_host(&self, host: &str, worker: &str, now_ms: i64, until_ms: i64) -> Result<Option<i64>, StoreError> {
                sqlx::query("INSERT INTO hosts (host) VALUES ($1) ON CONFLICT (host) DO NOTHING").bind(host).execute(&self.pool).await?;
                // One conditional UPDATE: under concurrency the row lock makes the second
                // worker re-check the condition against the first one's lease.
                let row = sqlx::query(
                    "UPDATE hosts SET lease_owner = $2, lease_until = $3
                     WHERE host = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < $4)
                     RETURNING next_due_at",
                )
                .bind(host)
                .bind(worker)
                .bind(until_ms)
                .bind(now_ms)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match row {
                    Some(r) => Some(r.try_get::<i64, _>("next_due_at")?),
                    None => None,
                })
            }

            async fn renew_host(&self, host: &str, worker: &str, until_ms: i64, next_due_ms: i64) -> Result<bool, StoreError> {
                let n = sqlx::query("UPDATE hosts SET lease_until = $3, next_due_at = $4 WHERE host = $1 AND lease_owner = $2")
                    .bind(host)
                    .bind(worker)
                    .bind(until_ms)
                    .bind(next_due_ms)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n == 1)
            }

            async fn release_host(&self, host: &str, worker: &str, next_due_ms: i64) -> Result<(), StoreError> {
                sqlx::query("UPDATE hosts SET lease_owner = NULL, lease_until = NULL, next_due_at = $3 WHERE host = $1 AND lease_owner = $2")
                    .bind(host)
                    .bind(worker)
                    .bind(next_due_ms)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn host_leases(&self, now_ms: i64) -> Result<Vec<(String, String, i64)>, StoreError> {
                let rows = sqlx::query("SELECT host, lease_owner, lease_until FROM hosts WHERE lease_owner IS NOT NULL AND lease_until >= $1 ORDER BY host")
                    .bind(now_ms)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok((r.try_get("host")?, r.try_get("lease_owner")?, r.try_get("lease_until")?))).collect()
            }

            async fn next_url(&self, site: &str, worker: &str, now_ms: i64, lease_until_ms: i64) -> Result<Option<QueuedUrl>, StoreError> {
                let row = sqlx::query($next_sql).bind(worker).bind(lease_until_ms).bind(site).bind(now_ms).fetch_optional(&self.pool).await?;
                let Some(row) = row else { return Ok(None) };
                let kind: String = row.try_get("kind")?;
                Ok(Some(QueuedUrl {
                    url: row.try_get("url")?,
                    site: row.try_get("site")?,
                    host: row.try_get("host")?,
                    kind: UrlKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("url kind {kind:?}")))?,
                    depth: u32::try_from(row.try_get::<i32, _>("depth")?).unwrap_or(0),
                    seed: row.try_get::<i32, _>("seed")? != 0,
                    attempts: u32::try_from(row.try_get::<i32, _>("attempts")?).unwrap_or(0),
                    validators: Validators { etag: row.try_get("etag")?, last_modified: row.try_get("last_modified")? },
                }))
            }

            async fn finish(&self, url: &str, rec: &FetchRecord, now_ms: i64) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE urls SET state = $2, status = $3, outcome = $4, fetched_at = $5,
                       etag = COALESCE($6, etag), last_modified = COALESCE($7, last_modified),
                       attempts = CASE WHEN $2 = 'failed' THEN attempts + 1 ELSE 0 END,
                       lease_owner = NULL, lease_until = NULL
                     WHERE url = $1",
                )
                .bind(url)
                .bind(rec.state.as_str())
                .bind(rec.status.map(i32::from))
                .bind(&rec.outcome)
                .bind(now_ms)
                .bind(rec.validators.etag.as_deref())
                .bind(rec.validators.last_modified.as_deref())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn claim_article(&self, rec: &ManifestRecord, simhash: u64, worker: &str) -> Result<Claim, StoreError> {
                let mut tx = self.pool.begin().await?;
                sqlx::query($claim_prelude).execute(&mut *tx).await?;
                let inserted = sqlx::query(
                    "INSERT INTO articles (sha256, url, canonical_url, site, title, authors, published, language,
                                           path, fetched_at, words, simhash, near_duplicate_of, worker)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                     ON CONFLICT (sha256) DO NOTHING",
                )
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
                .bind(simhash as i64)
                .bind(rec.near_duplicate_of.as_deref())
                .bind(worker)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                let claim = if inserted == 1 {
                    for (band, value) in bands(simhash) {
                        sqlx::query("INSERT INTO simhash_bands (band, value, sha256) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                            .bind(band)
                            .bind(value)
                            .bind(&rec.sha256)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Claim::New
                } else {
                    let row = sqlx::query("SELECT url, written FROM articles WHERE sha256 = $1").bind(&rec.sha256).fetch_one(&mut *tx).await?;
                    let first_url: String = row.try_get("url")?;
                    let written: i32 = row.try_get("written")?;
                    if first_url == rec.url && written == 0 {
                        Claim::Resume
                    } else if first_url == rec.url {
                        Claim::AlreadyWritten
                    } else {
                        Claim::Duplicate { first_url }
                    }
                };
                tx.commit().await?;
                Ok(claim)
            }

            async fn mark_written(&self, sha256: &str) -> Result<(), StoreError> {
                sqlx::query("UPDATE articles SET written = 1 WHERE sha256 = $1").bind(sha256).execute(&self.pool).await?;
                Ok(())
            }

            async fn unwritten(&self, worker: &str) -> Result<Vec<ManifestRecord>, StoreError> {
                let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE written = 0 AND worker = $1 ORDER BY fetched_at");
                let rows = sqlx::query(&sql).bind(worker).fetch_all(&self.pool).await?;
                rows.iter().map(Self::article_from_row).collect()
            }

            async fn release_claim(&self, sha256: &str) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("DELETE FROM simhash_bands WHERE sha256 = $1").bind(sha256).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM articles WHERE sha256 = $1 AND written = 0").bind(sha256).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn near_duplicate(&self, simhash: u64, sha256: &str, max_distance: u32) -> Result<Option<String>, StoreError> {
                let b = bands(simhash);
                let rows = sqlx::query(
                    "SELECT a.sha256, a.simhash FROM simhash_bands s JOIN articles a ON a.sha256 = s.sha256
                     WHERE a.sha256 <> $9 AND ((s.band = $1 AND s.value = $2) OR (s.band = $3 AND s.value = $4)
                        OR (s.band = $5 AND s.value = $6) OR (s.band = $7 AND s.value = $8))
                     ORDER BY a.fetched_at LIMIT 200",
                )
                .bind(b[0].0).bind(b[0].1).bind(b[1].0).bind(b[1].1).bind(b[2].0).bind(b[2].1).bind(b[3].0).bind(b[3].1)
                .bind(sha256)
                .fetch_all(&self.pool)
                .await?;
                for row in rows {
                    let other: i64 = row.try_get("simhash")?;
                    if ((other as u64) ^ simhash).count_ones() <= max_distance {
                        return Ok(Some(row.try_get("sha256")?));
                    }
                }
                Ok(None)
            }

            async fn export(&self, since_ms: Option<i64>, sites: &[String]) -> Result<Vec<ManifestRecord>, StoreError> {
                let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE written = 1 AND fetched_at >= $1 ORDER BY fetched_at, sha256");
                let rows = sqlx::query(&sql).bind(since_ms.unwrap_or(0)).fetch_all(&self.pool).await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in &rows {
                    let rec = Self::article_from_row(row)?;
                    if sites.is_empty() || sites.contains(&rec.site) {
                        out.push(rec);
                    }
                }
                Ok(out)
            }

            async fn release_leases(&self, worker: Option<&str>) -> Result<(), StoreError> {
                sqlx::query("UPDATE urls SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL AND ($1 IS NULL OR lease_owner = $1)")
                    .bind(worker)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("UPDATE hosts SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL AND ($1 IS NULL OR lease_owner = $1)")
                    .bind(worker)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn status(&self, now_ms: i64) -> Result<Vec<SiteStatus>, StoreError> {
                let mut map: std::collections::BTreeMap<String, SiteStatus> = std::collections::BTreeMap::new();
                let rows = sqlx::query(
                    "SELECT site, state, CASE WHEN lease_until IS NOT NULL AND lease_until >= $1 THEN 1 ELSE 0 END AS leased,
                            COUNT(*) AS n FROM urls GROUP BY site, state, leased",
                )
                .bind(now_ms)
                .fetch_all(&self.pool)
                .await?;
                for row in rows {
                    let site: String = row.try_get("site")?;
                    let state: String = row.try_get("state")?;
                    let leased: i32 = row.try_get("leased")?;
                    let n: i64 = row.try_get("n")?;
                    let e = map.entry(site.clone()).or_insert_with(|| SiteStatus { site, ..SiteStatus::default() });
                    match state.as_str() {
                        "pending" if leased == 1 => e.leased += n,
                        "pending" => e.pending += n,
                        "done" => e.done += n,
                        _ => e.failed += n,
                    }
                }
                let rows = sqlx::query(
                    "SELECT site, COUNT(*) AS n, SUM(CASE WHEN fetched_at >= $1 THEN 1 ELSE 0 END) AS recent
                     FROM articles WHERE written = 1 GROUP BY site",
                )
                .bind(now_ms - 3_600_000)
                .fetch_all(&self.pool)
                .await?;
                for row in rows {
                    let site: String = row.try_get("site")?;
                    let e = map.entry(site.clone()).or_insert_with(|| SiteStatus { site, ..SiteStatus::default() });
                    e.articles = row.try_get("n")?;
                    e.written_last_hour = row.try_get::<Option<i64>, _>("recent")?.unwrap_or(0);
                }
                Ok(map.into_values().collect())
            }
        }
    };
}

impl_store!(SqliteStore, NEXT_SQLITE, CLAIM_PRELUDE_SQLITE);
impl_store!(PostgresStore, NEXT_POSTGRES, CLAIM_PRELUDE_POSTGRES);

#[cfg(test)]
mod tests {
    use super::*;

    /// The next-URL query must read the frontier index in order: a sort step would cost
    /// O(n log n) per page on a large frontier.
    #[tokio::test]
    async fn next_url_reads_the_frontier_index_without_sorting() {
        let store = SqliteStore::open("sqlite::memory:").await.unwrap();
        let select = NEXT_SQLITE
            .split_once("(SELECT ")
            .and_then(|(_, rest)| rest.rsplit_once(')'))
            .map(|(inner, _)| format!("SELECT {inner}"))
            .unwrap()
            .replace("$3", "$1")
            .replace("$4", "$2");
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {select}"))
                .bind("site")
                .bind(0_i64)
                .fetch_all(&store.pool)
                .await
                .unwrap();
        let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
        assert!(
            steps.iter().any(|s| s.contains("urls_frontier")),
            "{steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "{steps:?}"
        );
    }
}
