//! Several workers sharing one crawl through PostgreSQL: every article fetched once, every
//! story written once, and per-host pacing held across workers — also when one of them is
//! killed and the others take over its hosts after its leases expire.

use crate::common::*;
use std::collections::BTreeMap;
use std::time::Duration;

fn is_article_path(p: &str) -> bool {
    (p.starts_with("/20") && p.matches('/').count() >= 5 && !p.contains('?'))
        || p.starts_with("/spip.php?article")
}

async fn spawn_workers(
    cfg: &std::path::Path,
    db: &str,
    out: &std::path::Path,
    n: usize,
) -> Vec<tokio::process::Child> {
    (0..n)
        .map(|i| {
            crawl_bin()
                .arg("--config")
                .arg(cfg)
                .args([
                    "--no-progress",
                    "-q",
                    "--state",
                    db,
                    "--worker",
                    &format!("w{i}"),
                    "--out",
                ])
                .arg(out)
                .kill_on_drop(true)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect()
}

/// Waits for every worker and asserts each exited with code 0.
/// Kills the first worker; the others must all succeed.
async fn kill_first_and_finish(mut workers: Vec<tokio::process::Child>) {
    let mut victim = workers.remove(0);
    victim.start_kill().unwrap();
    let _ = victim.wait().await;
    wait_all_succeed(workers).await;
}

async fn wait_all_succeed(workers: Vec<tokio::process::Child>) {
    for child in workers {
        let o = child.wait_with_output().await.unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

async fn check_shared_crawl(
    server: &crate::common::sample_sites::SampleServer,
    out: &std::path::Path,
    cfg: &std::path::Path,
    db: &str,
) {
    // Each story once, in one shared (content-addressed) output directory.
    let expected = expected_texts("expected");
    let written = written_texts(out);
    if written != expected {
        // What the frontier says about each URL tells which step lost the articles.
        let mut urls = String::new();
        for (site, _) in FIXTURE_INTERVALS {
            let (_, listed, err) = run_crawl(cfg, &["urls", "--db", db, "--site", site]).await;
            urls.push_str(&format!("{site}:\n{listed}{err}"));
        }
        let missing: Vec<_> = expected
            .keys()
            .filter(|t| !written.contains_key(*t))
            .map(|t| t.lines().next().unwrap_or_default())
            .collect();
        panic!("articles not written: {missing:?}\nfrontier:\n{urls}");
    }
    // The manifest of record has each article once.
    let (code, stdout, stderr) = run_crawl(cfg, &["export", "--state", db]).await;
    assert_eq!(code, 0, "{stderr}");
    let shas: Vec<_> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["sha256"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let unique: std::collections::BTreeSet<_> = shas.iter().collect();
    assert_eq!(shas.len(), expected.len(), "{stdout}");
    assert_eq!(unique.len(), shas.len());
    // Pacing per host across all workers, measured at the server.
    let log = server.requests();
    assert_paced(&log);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workers_fetch_each_article_once_and_keep_the_pace() {
    let Some((db, _guard)) = crate::store::postgres_database().await else {
        return;
    };
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "lease_ttl = \"2s\"");
    let out = tmp.path().join("shared-out");
    wait_all_succeed(spawn_workers(&cfg, &db, &out, 3).await).await;
    let mut fetched: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in server
        .requests()
        .into_iter()
        .filter(|r| is_article_path(&r.path))
    {
        *fetched.entry((r.site, r.path)).or_default() += 1;
    }
    assert!(fetched.len() >= 12, "{fetched:?}");
    assert!(
        fetched.values().all(|n| *n == 1),
        "an article was fetched twice: {fetched:?}"
    );
    check_shared_crawl(&server, &out, &cfg, &db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_leaves_nothing_the_others_do_not_finish() {
    let Some((db, _guard)) = crate::store::postgres_database().await else {
        return;
    };
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "lease_ttl = \"2s\"");
    let out = tmp.path().join("shared-out");
    let workers = spawn_workers(&cfg, &db, &out, 3).await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    kill_first_and_finish(workers).await;
    check_shared_crawl(&server, &out, &cfg, &db).await;
}

/// The narrowest window: a worker killed as soon as it holds a host, before it may have
/// put the site's seeds in the frontier. The others must wait for its lease to expire
/// (not see an empty frontier and give the site up) and crawl the site themselves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_as_soon_as_it_holds_a_host_loses_no_site() {
    use crawl::store::HostLeases;
    let Some((db, _guard)) = crate::store::postgres_database().await else {
        return;
    };
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "lease_ttl = \"2s\"");
    let out = tmp.path().join("shared-out");
    let workers = spawn_workers(&cfg, &db, &out, 3).await;
    let store = crawl::store::open(&crawl::store::StateUrl::parse(&db).unwrap())
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let now = chrono::Utc::now().timestamp_millis();
        let leases = store.host_leases(now).await.unwrap_or_default();
        if leases.iter().any(|(_, w, _)| w == "w0") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "w0 never took a host");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    kill_first_and_finish(workers).await;
    check_shared_crawl(&server, &out, &cfg, &db).await;
}
