//! One conformance suite for every store backend: SQLite always; PostgreSQL against
//! `CRAWL_TEST_POSTGRES_URL`, else 127.0.0.1:5432 if a server answers. Each PostgreSQL
//! test gets a fresh database. Without a server the PostgreSQL tests are skipped with a
//! notice — except under `CI=true`, where that is a failure.

use chrono::Utc;
use crawl::model::{Discovered, ManifestRecord, UrlKind, Validators};
use crawl::store::{Claim, FetchRecord, StateUrl, Store};
use std::sync::Arc;

fn d(url: &str, kind: UrlKind, seed: bool) -> Discovered {
    Discovered {
        site: "s".into(),
        url: url::Url::parse(url).unwrap(),
        kind,
        depth: 0,
        seed,
        modified: None,
    }
}

fn rec(url: &str, sha: &str) -> ManifestRecord {
    ManifestRecord {
        url: url.into(),
        canonical_url: url.into(),
        site: "s".into(),
        title: "T".into(),
        authors: vec!["A B".into()],
        published: None,
        language: Some("fr".into()),
        sha256: sha.into(),
        path: format!("s/{}.txt", &sha[..16]),
        fetched_at: Utc::now(),
        words: 10,
        near_duplicate_of: None,
        updated: false,
        supersedes: None,
        warc: None,
    }
}

fn done(outcome: &str) -> FetchRecord {
    FetchRecord {
        status: Some(200),
        validators: Validators {
            etag: Some("\"e1\"".into()),
            last_modified: None,
        },
        outcome: outcome.parse().unwrap(),
    }
}

const SHA_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const SHA_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

async fn frontier_order_leases_and_refresh(store: Arc<dyn Store>) {
    let items = vec![
        d("http://h/a1", UrlKind::Article, false),
        d("http://h/feed", UrlKind::Feed, true),
        d("http://h/", UrlKind::Listing, true),
    ];
    assert_eq!(store.enqueue(&items).await.unwrap(), 3);
    assert_eq!(
        store.enqueue(&items).await.unwrap(),
        0,
        "enqueue is idempotent"
    );
    let now = Utc::now().timestamp_millis();
    let first = store
        .next_url("s", "w1", now, now + 60_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.kind, UrlKind::Feed);
    // Leased to w1: another worker gets the next one, never the same.
    let second = store
        .next_url("s", "w2", now, now + 60_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.kind, UrlKind::Listing);
    let third = store
        .next_url("s", "w2", now, now + 60_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(third.url, "http://h/a1");
    assert!(store
        .next_url("s", "w3", now, now + 60_000)
        .await
        .unwrap()
        .is_none());
    // An expired lease makes the URL available again.
    let later = now + 120_000;
    assert_eq!(
        store
            .next_url("s", "w3", later, later + 60_000)
            .await
            .unwrap()
            .unwrap()
            .url,
        "http://h/feed"
    );
    for u in ["http://h/feed", "http://h/", "http://h/a1"] {
        store.finish(u, &done("written"), now).await.unwrap();
    }
    assert!(store
        .next_url("s", "w1", later, later + 1)
        .await
        .unwrap()
        .is_none());
    // A new run refreshes seeds (with their validators) but never done articles.
    store.refresh_site("s", 3, i64::MAX).await.unwrap();
    let again = store
        .next_url("s", "w1", later, later + 1)
        .await
        .unwrap()
        .unwrap();
    assert!(again.seed);
    assert_eq!(again.validators.etag.as_deref(), Some("\"e1\""));
    store
        .finish(&again.url, &done("written"), now)
        .await
        .unwrap();
    let next = store
        .next_url("s", "w1", later, later + 1)
        .await
        .unwrap()
        .unwrap();
    assert!(next.seed);
    store
        .finish(&next.url, &done("written"), now)
        .await
        .unwrap();
    assert!(
        store
            .next_url("s", "w1", later, later + 1)
            .await
            .unwrap()
            .is_none(),
        "done article came back"
    );
    // Releasing a worker's leases.
    store
        .enqueue(&[d("http://h/a2", UrlKind::Article, false)])
        .await
        .unwrap();
    store
        .next_url("s", "w9", later, later + 60_000)
        .await
        .unwrap()
        .unwrap();
    assert!(store
        .next_url("s", "w1", later, later + 60_000)
        .await
        .unwrap()
        .is_none());
    store.release_leases(Some("w9")).await.unwrap();
    assert_eq!(
        store
            .next_url("s", "w1", later, later + 60_000)
            .await
            .unwrap()
            .unwrap()
            .url,
        "http://h/a2"
    );
}

async fn failed_urls_are_retried_a_bounded_number_of_runs(store: Arc<dyn Store>) {
    store
        .enqueue(&[d("http://h/x", UrlKind::Article, false)])
        .await
        .unwrap();
    let now = Utc::now().timestamp_millis();
    for run in 0..3 {
        store.refresh_site("s", 2, i64::MAX).await.unwrap();
        let item = store.next_url("s", "w", now, now + 1).await.unwrap();
        if run < 2 {
            let item = item.expect("failed URL retried");
            store
                .finish(
                    &item.url,
                    &FetchRecord {
                        status: Some(500),
                        validators: Validators::default(),
                        outcome: "error:http_500".parse().unwrap(),
                    },
                    now,
                )
                .await
                .unwrap();
        } else {
            assert!(item.is_none(), "retried beyond the limit");
        }
    }
}

async fn article_claims_are_atomic_and_recoverable(store: Arc<dyn Store>) {
    assert_eq!(
        store
            .claim_article(&rec("http://h/a", SHA_A), 1, "w")
            .await
            .unwrap(),
        Claim::New
    );
    assert_eq!(
        store
            .claim_article(&rec("http://h/a", SHA_A), 1, "w")
            .await
            .unwrap(),
        Claim::Resume
    );
    assert_eq!(store.unwritten("w").await.unwrap().len(), 1);
    store.mark_written(SHA_A).await.unwrap();
    assert!(store.unwritten("w").await.unwrap().is_empty());
    assert_eq!(
        store
            .claim_article(&rec("http://h/a", SHA_A), 1, "w")
            .await
            .unwrap(),
        Claim::AlreadyWritten
    );
    assert_eq!(
        store
            .claim_article(&rec("http://other/b", SHA_A), 1, "w")
            .await
            .unwrap(),
        Claim::Duplicate {
            first_url: "http://h/a".into()
        }
    );
    // A claim released after a crash can be taken again.
    assert_eq!(
        store
            .claim_article(&rec("http://h/c", SHA_B), 2, "w")
            .await
            .unwrap(),
        Claim::New
    );
    store.release_claim(SHA_B).await.unwrap();
    assert_eq!(
        store
            .claim_article(&rec("http://h/d", SHA_B), 2, "w2")
            .await
            .unwrap(),
        Claim::New
    );
}

async fn concurrent_claims_elect_one_writer(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .claim_article(&rec(&format!("http://h/{i}"), SHA_A), 7, &format!("w{i}"))
                .await
                .unwrap()
        }));
    }
    let mut new = 0;
    for t in tasks {
        if t.await.unwrap() == Claim::New {
            new += 1;
        }
    }
    assert_eq!(new, 1, "exactly one claim wins");
}

async fn near_duplicates_and_export(store: Arc<dyn Store>) {
    let base: u64 = 0xDEAD_BEEF_0123_4567;
    store
        .claim_article(&rec("http://h/a", SHA_A), base, "w")
        .await
        .unwrap();
    store.mark_written(SHA_A).await.unwrap();
    assert_eq!(
        store
            .near_duplicate(base ^ 0b101, SHA_B, 3)
            .await
            .unwrap()
            .as_deref(),
        Some(SHA_A)
    );
    assert_eq!(store.near_duplicate(!base, SHA_B, 3).await.unwrap(), None);
    let all = store.export(None, &[], false).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].authors, vec!["A B"]);
    assert!(store
        .export(Some(Utc::now().timestamp_millis() + 60_000), &[], false)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .export(None, &["other".into()], false)
        .await
        .unwrap()
        .is_empty());
    let status = store.status(Utc::now().timestamp_millis()).await.unwrap();
    assert_eq!(
        status.iter().find(|s| s.site == "s").map(|s| s.articles),
        Some(1)
    );
}

async fn seeds_fetched_recently_are_not_refreshed(store: Arc<dyn Store>) {
    store
        .enqueue(&[d("http://h/feed", UrlKind::Feed, true)])
        .await
        .unwrap();
    let now = Utc::now().timestamp_millis();
    let item = store
        .next_url("s", "w", now, now + 1)
        .await
        .unwrap()
        .unwrap();
    store.finish(&item.url, &done("feed"), now).await.unwrap();
    store.refresh_site("s", 3, now - 60_000).await.unwrap();
    assert!(
        store
            .next_url("s", "w", now, now + 1)
            .await
            .unwrap()
            .is_none(),
        "fetched a minute ago: not due"
    );
    store.refresh_site("s", 3, now).await.unwrap();
    assert!(store
        .next_url("s", "w", now, now + 1)
        .await
        .unwrap()
        .is_some());
}

async fn hosts_are_leased_to_one_worker_and_keep_their_pace(store: Arc<dyn Store>) {
    let now = Utc::now().timestamp_millis();
    assert_eq!(
        store
            .lease_host("h:80", "w1", now, now + 1_000)
            .await
            .unwrap(),
        Some(0)
    );
    assert_eq!(
        store
            .lease_host("h:80", "w2", now, now + 1_000)
            .await
            .unwrap(),
        None,
        "held by w1"
    );
    assert_eq!(
        store
            .lease_host("h:80", "w1", now, now + 2_000)
            .await
            .unwrap(),
        Some(0),
        "re-entrant"
    );
    assert!(store
        .renew_host("h:80", "w1", now + 3_000, now + 500)
        .await
        .unwrap());
    assert!(!store
        .renew_host("h:80", "w2", now + 3_000, now + 500)
        .await
        .unwrap());
    assert_eq!(
        store.host_leases(now).await.unwrap(),
        vec![("h:80".to_owned(), "w1".to_owned(), now + 3_000)]
    );
    // Expired: another worker takes it over, with the pace the first one recorded.
    assert_eq!(
        store
            .lease_host("h:80", "w2", now + 3_001, now + 4_000)
            .await
            .unwrap(),
        Some(now + 500)
    );
    assert!(
        !store
            .renew_host("h:80", "w1", now + 5_000, now + 600)
            .await
            .unwrap(),
        "w1 lost it"
    );
    store.release_host("h:80", "w2", now + 900).await.unwrap();
    assert_eq!(
        store
            .lease_host("h:80", "w3", now, now + 1_000)
            .await
            .unwrap(),
        Some(now + 900)
    );
    // Concurrent attempts: exactly one worker wins.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .lease_host("race:1", &format!("w{i}"), now, now + 10_000)
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.unwrap().is_some());
    }
    assert_eq!(winners, 1);
}

async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("state.db").display());
    let url: StateUrl = url.parse().unwrap();
    (Arc::new(crawl::store::open(&url).await.unwrap()), dir)
}

/// A fresh PostgreSQL store, or `None` (with a notice) when no server answers.
pub async fn postgres() -> Option<(Arc<dyn Store>, PgDb)> {
    let (url, db) = postgres_database().await?;
    let store = crawl::store::open(&url.parse().unwrap()).await.unwrap();
    Some((Arc::new(store), db))
}

/// A fresh, empty PostgreSQL database and its URL, or `None` (with a notice) when no
/// server answers; under `CI=true` a missing server is a failure.
pub async fn postgres_database() -> Option<(String, PgDb)> {
    let admin_url = std::env::var("CRAWL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let admin = match tokio::time::timeout(
        std::time::Duration::from_secs(5),
        sqlx::PgPool::connect(&admin_url),
    )
    .await
    {
        Ok(Ok(p)) => p,
        other => {
            let why = match other {
                Ok(Err(e)) => e.to_string(),
                _ => "timed out".into(),
            };
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but PostgreSQL is unreachable at {admin_url}: {why}"
            );
            eprintln!("NOTICE: PostgreSQL tests skipped: no server at {admin_url} ({why})");
            return None;
        }
    };
    let name = format!("crawl_test_{}_{}", std::process::id(), rand_suffix());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&name);
    Some((url.to_string(), PgDb { admin, name }))
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst) * 1_000_000
        + u64::from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_micros(),
        )
}

/// Drops the test database when the test ends.
pub struct PgDb {
    admin: sqlx::PgPool,
    name: String,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&admin)
                    .await;
            });
        })
        .join()
        .ok();
    }
}

async fn reset_forgets_a_site_and_optionally_its_articles(store: Arc<dyn Store>) {
    let mut other = d("http://o/a", UrlKind::Article, false);
    other.site = "o".into();
    let items = [d("http://h/a1", UrlKind::Article, false), other];
    store.enqueue(&items).await.unwrap();
    store
        .claim_article(&rec("http://h/a1", SHA_A), 7, "w")
        .await
        .unwrap();
    assert_eq!(store.reset_site("s", false).await.unwrap(), (1, 0));
    assert_eq!(store.reset_site("s", false).await.unwrap(), (0, 0));
    // The kept article still deduplicates a re-crawl.
    let a1 = rec("http://h/a1", SHA_A);
    assert_eq!(
        store.claim_article(&a1, 7, "w").await.unwrap(),
        Claim::Resume
    );
    assert_eq!(store.reset_site("s", true).await.unwrap(), (0, 1));
    assert_eq!(store.near_duplicate(7, SHA_B, 0).await.unwrap(), None);
    assert_eq!(store.claim_article(&a1, 7, "w").await.unwrap(), Claim::New);
    let urls = store.urls(None).await.unwrap();
    assert_eq!(urls.len(), 1, "another site's URLs are kept");
    assert_eq!(urls[0].site, "o");
}

/// Versions: a new text at the same URL supersedes the old one; export gives the latest
/// unless asked for all. A written article is due again only when the site says it
/// changed after our fetch.
async fn versions_and_revisits(store: Arc<dyn Store>) {
    let url = "http://h/2025/02/26/un-article-modifie/";
    store.claim_article(&rec(url, SHA_A), 1, "w").await.unwrap();
    store.mark_written(SHA_A).await.unwrap();
    assert_eq!(
        store.latest_version(url).await.unwrap().as_deref(),
        Some(SHA_A)
    );
    let newer = ManifestRecord {
        fetched_at: Utc::now() + chrono::Duration::seconds(1),
        ..rec(url, SHA_B)
    }
    .with_supersedes(Some(SHA_A.into()));
    store.claim_article(&newer, 2, "w").await.unwrap();
    assert_eq!(
        store.latest_version(url).await.unwrap().as_deref(),
        Some(SHA_A),
        "an unwritten claim is not a version yet"
    );
    store.mark_written(SHA_B).await.unwrap();
    assert_eq!(
        store.latest_version(url).await.unwrap().as_deref(),
        Some(SHA_B)
    );
    let latest = store.export(None, &[], false).await.unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].sha256, SHA_B);
    assert!(latest[0].updated);
    assert_eq!(latest[0].supersedes.as_deref(), Some(SHA_A));
    assert_eq!(store.export(None, &[], true).await.unwrap().len(), 2);

    // Revisits.
    let article = d(url, UrlKind::Article, false);
    store.enqueue(std::slice::from_ref(&article)).await.unwrap();
    let now = Utc::now().timestamp_millis();
    let item = store
        .next_url("s", "w", now, now + 60_000)
        .await
        .unwrap()
        .unwrap();
    let fetched_at = now;
    store
        .finish(&item.url, &done("written"), fetched_at)
        .await
        .unwrap();
    let pending = |store: Arc<dyn Store>| async move {
        let now = Utc::now().timestamp_millis();
        store
            .next_url("s", "w", now, now + 60_000)
            .await
            .unwrap()
            .map(|q| q.url)
    };
    let stale = Discovered {
        modified: chrono::DateTime::from_timestamp_millis(fetched_at - 1_000),
        ..article.clone()
    };
    assert_eq!(store.enqueue(&[stale]).await.unwrap(), 0);
    assert_eq!(
        pending(store.clone()).await,
        None,
        "not changed since our fetch"
    );
    let changed = Discovered {
        modified: chrono::DateTime::from_timestamp_millis(fetched_at + 1_000),
        ..article.clone()
    };
    assert_eq!(
        store.enqueue(std::slice::from_ref(&changed)).await.unwrap(),
        0,
        "not a new URL"
    );
    let later = Utc::now().timestamp_millis();
    let again = store
        .next_url("s", "w", later, later + 60_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.url, url);
    assert_eq!(
        again.validators.etag.as_deref(),
        Some("\"e1\""),
        "fetched conditionally"
    );
    // A skipped URL is not revisited, whatever the sitemap says.
    store
        .finish(url, &done("skipped:not_article:listing"), fetched_at)
        .await
        .unwrap();
    store.enqueue(&[changed]).await.unwrap();
    assert_eq!(pending(store.clone()).await, None);
}

/// The learned template: each article page counted once, shapes seen once not loaded,
/// old single sightings pruned, everything forgotten with the site.
async fn site_templates_count_each_page_once(store: Arc<dyn Store>) {
    let keys = |ks: &[&str]| {
        ks.iter()
            .map(|k| (*k).to_owned())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let pages: Vec<Discovered> = (0..3)
        .map(|i| {
            d(
                &format!("http://h/2025/01/0{i}/une-depeche-du-jour/"),
                UrlKind::Article,
                false,
            )
        })
        .collect();
    store.enqueue(&pages).await.unwrap();
    for (i, p) in pages.iter().enumerate() {
        let first = store
            .observe_page(
                "s",
                p.url.as_str(),
                &keys(&["l:toolbar", &format!("l:own {i}")]),
            )
            .await
            .unwrap();
        assert!(first);
    }
    // Fetched again (a killed run): not counted twice.
    assert!(!store
        .observe_page("s", pages[0].url.as_str(), &keys(&["l:toolbar"]))
        .await
        .unwrap());
    let t = store.template("s").await.unwrap();
    assert_eq!(t.pages, 3);
    assert_eq!(t.keys.len(), 1, "shapes seen once are not loaded: {t:?}");
    assert_eq!(t.keys["l:toolbar"].pages, 3);
    assert_eq!(t.keys["l:toolbar"].first_seen, 1);
    assert_eq!(store.template("other").await.unwrap().pages, 0);
    // Pruning keeps what repeats.
    store.prune_template("s", 1).await.unwrap();
    assert_eq!(store.template("s").await.unwrap().keys.len(), 1);
    store.reset_site("s", false).await.unwrap();
    let t = store.template("s").await.unwrap();
    assert_eq!((t.pages, t.keys.len()), (0, 0));
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite_store {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (store, _dir) = super::sqlite().await;
                    super::$name(store).await;
                }
            )*
        }
        mod postgres_store {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some((store, _db)) = super::postgres().await else { return };
                    super::$name(store).await;
                }
            )*
        }
    };
}

conformance!(
    frontier_order_leases_and_refresh,
    failed_urls_are_retried_a_bounded_number_of_runs,
    article_claims_are_atomic_and_recoverable,
    concurrent_claims_elect_one_writer,
    near_duplicates_and_export,
    seeds_fetched_recently_are_not_refreshed,
    hosts_are_leased_to_one_worker_and_keep_their_pace,
    reset_forgets_a_site_and_optionally_its_articles,
    versions_and_revisits,
    site_templates_count_each_page_once,
);
