//! The CLI at 3 a.m.: it never destroys what it did not write, stops when told, fails
//! loudly on a mistyped state, and names what it skipped. Every test runs the real binary
//! against sites served on 127.0.0.1.

use crate::common::*;
use axum::routing::get;
use std::time::Duration;

async fn output(cmd: &mut tokio::process::Command) -> (i32, String, String) {
    let out = cmd.output().await.unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn demo_refuses_a_directory_it_did_not_create_and_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(data.join("articles/lefaso")).unwrap();
    std::fs::write(data.join("articles/lefaso/0123.txt"), "Production\n").unwrap();
    std::fs::write(data.join("articles/articles.jsonl"), "{}\n").unwrap();
    let (code, _, stderr) = output(crawl_bin().args(["demo", "-q", "--dir"]).arg(&data)).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("refusing to use"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(data.join("articles/lefaso/0123.txt")).unwrap(),
        "Production\n"
    );
    assert_eq!(
        std::fs::read_to_string(data.join("articles/articles.jsonl")).unwrap(),
        "{}\n"
    );
}

#[tokio::test]
async fn read_only_commands_never_create_a_missing_database() {
    let tmp = tempfile::tempdir().unwrap();
    let typo = tmp.path().join("typo/x.db");
    for cmd in ["status", "export"] {
        let (code, stdout, stderr) = output(
            crawl_bin()
                .arg(cmd)
                .arg("--state")
                .arg(format!("sqlite://{}", typo.display())),
        )
        .await;
        assert_eq!(code, 2, "{cmd}: {stdout}{stderr}");
        assert!(stderr.contains("does not exist"), "{cmd}: {stderr}");
        assert!(stdout.is_empty(), "{cmd}: {stdout}");
    }
    assert!(!tmp.path().join("typo").exists(), "a directory was created");
}

#[tokio::test]
async fn extract_rejects_binary_input_and_a_bad_url() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("photo.html");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0u8..=255).cycle().take(4000));
    std::fs::write(&bin, bytes).unwrap();
    let (code, stdout, stderr) = output(crawl_bin().arg("extract").arg(&bin)).await;
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "control characters printed: {stdout:?}");
    assert!(stderr.contains("not_html"), "{stderr}");
    let (code, stdout, _) =
        output(crawl_bin().args(["extract", "--format", "json"]).arg(&bin)).await;
    assert_eq!(code, 1);
    let record: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(record["rejected"], "not_html");
    let (code, _, stderr) = output(
        crawl_bin()
            .args(["extract", "--url", "not a url"])
            .arg(&bin),
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--url"), "{stderr}");
}

#[tokio::test]
async fn commands_refuse_options_that_are_not_theirs_and_unknown_sites() {
    for args in [
        &["extract", "--budget", "3", "p.html"][..],
        &["export", "--worker", "w"],
        &["demo", "--state", "sqlite://x.db"],
    ] {
        let (code, _, stderr) = output(crawl_bin().args(args)).await;
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    for cmd in ["sites", "status", "export"] {
        let (code, _, stderr) = output(
            crawl_bin()
                .arg(cmd)
                .arg("--config")
                .arg(&config)
                .args(["--site", "nope"]),
        )
        .await;
        assert_eq!(code, 2, "{cmd}: {stderr}");
        assert!(stderr.contains("--site nope"), "{cmd}: {stderr}");
    }
}

#[tokio::test]
async fn export_since_accepts_only_the_documented_formats() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    // Under --log-format json the run's header and summary are JSON lines too.
    let (code, stdout, stderr) = run_crawl(&cfg, &["-q", "--log-format", "json"]).await;
    assert_eq!(code, 0, "{stderr}");
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "run_started",
            "site_summary",
            "site_summary",
            "site_summary",
            "run_finished"
        ]
    );
    assert_eq!(events[0]["sites"].as_array().unwrap().len(), 3);
    assert!(events[1]["summary"]["written"].as_u64().unwrap() > 0);
    let (code, all, _) = run_crawl(&cfg, &["export", "--since", "30d"]).await;
    assert_eq!(code, 0);
    assert!(all.lines().count() > 3, "{all}");
    for bad in ["01/03/2024", "12/31/2026", "last week"] {
        let (code, _, stderr) = run_crawl(&cfg, &["export", "--since", bad]).await;
        assert_eq!(code, 2, "{bad}: {stderr}");
    }
    let (code, status, _) = run_crawl(&cfg, &["status", "--format", "json"]).await;
    assert_eq!(code, 0);
    for line in status.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["articles"].is_i64(), "{line}");
    }
    assert_eq!(status.lines().count(), 3, "{status}");
}

/// Two configured feeds that faso-matin and ouaga-hebdo do not serve: URLs that are
/// skipped (http_404) on every run.
fn add_missing_feeds(cfg: &std::path::Path, server: &sample_sites::SampleServer) {
    for site in ["faso-matin", "ouaga-hebdo"] {
        let base = server.base(site).unwrap();
        let path = cfg.join("sites").join(format!("{site}.toml"));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!(
            "feeds = [\"{base}/comments/feed/\", \"{base}/feed/atom/\"]\n"
        ));
        std::fs::write(path, text).unwrap();
    }
}

#[tokio::test]
async fn urls_lists_every_skip_with_its_reason() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    add_missing_feeds(&cfg, &server);
    assert_eq!(run_crawl(&cfg, &["-q"]).await.0, 0);
    let (code, text, stderr) = run_crawl(&cfg, &["urls", "--site", "sahel-info"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.lines().any(|l| l.contains("\tdone\twritten\t200\t")),
        "{text}"
    );
    let (code, skipped, _) = run_crawl(
        &cfg,
        &[
            "urls",
            "--site",
            "faso-matin",
            "--state",
            "skipped",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert!(!skipped.is_empty(), "the fixture sites have skipped URLs");
    for line in skipped.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["state"], "skipped", "{line}");
        assert!(v["reason"].is_string(), "{line}");
    }
    let reason = serde_json::from_str::<serde_json::Value>(skipped.lines().next().unwrap())
        .unwrap()["reason"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, only, _) =
        run_crawl(&cfg, &["urls", "--site", "faso-matin", "--reason", &reason]).await;
    assert!(!only.is_empty());
    assert!(
        only.lines().all(|l| l.contains(&format!("\t{reason}\t"))),
        "{only}"
    );
}

type RequestLog = std::sync::Arc<std::sync::Mutex<Vec<(String, std::time::Instant)>>>;

/// A crawl of a site whose article pages take 20 s, spawned and waited for until an
/// article request is in flight; with the server's request log and the temp dir.
async fn crawl_with_a_request_in_flight() -> (tokio::process::Child, RequestLog, tempfile::TempDir)
{
    let log: RequestLog = RequestLog::default();
    let links: String = (0..6)
        .map(|i| format!("<a href=\"/2024/05/0{i}/un-article-tres-lent-numero-{i}/\">x</a>"))
        .collect();
    let home = format!("<html><body>{links}</body></html>");
    let slow = || async {
        tokio::time::sleep(Duration::from_secs(20)).await;
        axum::response::Html("<html><body><p>trop tard</p></body></html>")
    };
    let logged = log.clone();
    let router = axum::Router::new()
        .route("/", get(move || async move { axum::response::Html(home) }))
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route("/2024/{*rest}", get(slow))
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let logged = logged.clone();
                async move {
                    logged
                        .lock()
                        .unwrap()
                        .push((req.uri().to_string(), std::time::Instant::now()));
                    next.run(req).await
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    std::fs::write(
        cfg.join("crawl.toml"),
        format!(
            "user_agent = \"crawl-test/1.0 (+https://example.org/crawl)\"\nout = {:?}\nstate = \"sqlite://{}\"\ntimeout = \"60s\"\nread_timeout = \"60s\"\nretries = 3\nbackoff_base = \"50ms\"\n",
            tmp.path().join("out").display().to_string(),
            tmp.path().join("state.db").display()
        ),
    )
    .unwrap();
    std::fs::write(
        cfg.join("sites/slow.toml"),
        format!("name = \"slow\"\nstart_urls = [\"{base}/\"]\ndelay = \"10ms\"\n"),
    )
    .unwrap();
    let child = crawl_bin()
        .arg("--config")
        .arg(&cfg)
        .arg("--no-progress")
        .kill_on_drop(true)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until an article request is in flight.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !log
        .lock()
        .unwrap()
        .iter()
        .any(|(u, _)| u.starts_with("/2024/"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no article was requested"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (child, log, tmp)
}

/// Sends `signal` to the child.
fn signal(child: &tokio::process::Child, signal: i32) {
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    unsafe { libc::kill(pid, signal) };
}

/// A site whose article pages take 20 s: the first Ctrl-C stops the run within seconds,
/// with no request after it, exit 130 and the URLs left in the summary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_within_seconds_and_says_what_is_left() {
    let (child, log, _tmp) = crawl_with_a_request_in_flight().await;
    let signalled = std::time::Instant::now();
    signal(&child, libc::SIGINT);
    let out = tokio::time::timeout(Duration::from_secs(15), child.wait_with_output())
        .await
        .expect("the run did not stop within 15 s of Ctrl-C")
        .unwrap();
    let took = signalled.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stdout}{stderr}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        stdout.contains("interrupted (SIGINT): ") && stdout.contains("URLs left for the next run"),
        "{stdout}"
    );
    let after: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at > signalled)
        .map(|(u, _)| u.clone())
        .collect();
    assert!(after.is_empty(), "requests after the signal: {after:?}");
    let left: u64 = stdout
        .split("interrupted (SIGINT): ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(left >= 5, "{stdout}");
}

/// SIGTERM (a service manager stopping the job) stops the run as Ctrl-C does, with exit
/// code 143; a second signal does not wait for the page in flight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_exits_143_and_a_second_signal_exits_at_once() {
    let (child, _log, _tmp) = crawl_with_a_request_in_flight().await;
    signal(&child, libc::SIGTERM);
    let out = tokio::time::timeout(Duration::from_secs(15), child.wait_with_output())
        .await
        .expect("the run did not stop within 15 s of SIGTERM")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(143), "{stdout}");
    assert!(stdout.contains("interrupted (SIGTERM): "), "{stdout}");

    let (child, _log, _tmp) = crawl_with_a_request_in_flight().await;
    signal(&child, libc::SIGINT);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = std::time::Instant::now();
    signal(&child, libc::SIGINT);
    let out = tokio::time::timeout(Duration::from_secs(15), child.wait_with_output())
        .await
        .expect("the run did not stop after a second signal")
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("second signal: exiting now"), "{stderr}");
    // The first signal alone gives the page in flight 3 s; the second does not wait.
    assert!(
        second.elapsed() < Duration::from_secs(2),
        "{:?}",
        second.elapsed()
    );
}

/// `crawl extract` and the crawl run the same page stage: for every article the crawl
/// wrote, extracting the page it fetched gives the same bytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extract_gives_the_same_bytes_as_the_crawl() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    assert_eq!(run_crawl(&cfg, &["-q"]).await.0, 0);
    let out = tmp.path().join("out");
    let manifest = manifest_lines(&out);
    assert!(manifest.len() > 5);
    let client = reqwest::Client::new();
    for rec in &manifest {
        let url = rec["url"].as_str().unwrap();
        let response = client.get(url).send().await.unwrap();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let page = tmp.path().join("page.html");
        std::fs::write(&page, response.bytes().await.unwrap()).unwrap();
        let mut cmd = crawl_bin();
        cmd.args(["extract", "--url", url, "--config"])
            .arg(&cfg)
            .arg(&page);
        if let Some(ct) = &content_type {
            cmd.args(["--content-type", ct]);
        }
        let (code, stdout, stderr) = output(&mut cmd).await;
        assert_eq!(code, 0, "{url}: {stderr}");
        let written = std::fs::read_to_string(out.join(rec["path"].as_str().unwrap())).unwrap();
        assert_eq!(stdout, written, "{url}");
    }
}

#[tokio::test]
async fn a_second_demo_in_the_same_directory_exits_3() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".crawl-demo"), "").unwrap();
    let _running = crawl::lock::acquire(&dir.join(".crawl-demo.lock")).unwrap();
    let (code, _, stderr) = output(crawl_bin().args(["demo", "-q", "--dir"]).arg(&dir)).await;
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains(&format!("pid {}", std::process::id())),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_default_user_agent_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    // Nothing listens on port 9: the site fails at once, after the start-up checks.
    std::fs::write(
        cfg.join("sites/t.toml"),
        "name = \"t\"\nstart_urls = [\"http://127.0.0.1:9/\"]\n",
    )
    .unwrap();
    std::fs::write(
        cfg.join("crawl.toml"),
        format!(
            "out = {:?}\nstate = \"sqlite://{}\"\nretries = 0\n",
            tmp.path().join("out").display().to_string(),
            tmp.path().join("state.db").display()
        ),
    )
    .unwrap();
    let (code, _, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("the default user agent is in use"),
        "{stderr}"
    );
}

/// At `-vv` the log names every URL skipped and its reason: each URL that `crawl urls`
/// lists as skipped afterwards appears in a log line with that reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_logs_name_every_skipped_url_and_its_reason() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    add_missing_feeds(&cfg, &server);
    let (code, _, log) = run_crawl(&cfg, &["-vv"]).await;
    assert_eq!(code, 0, "{log}");
    let mut checked = 0;
    for site in ["faso-matin", "ouaga-hebdo", "sahel-info"] {
        let (_, skipped, _) = run_crawl(
            &cfg,
            &[
                "urls", "--site", site, "--state", "skipped", "--format", "json",
            ],
        )
        .await;
        for line in skipped.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let (url, reason) = (v["url"].as_str().unwrap(), v["reason"].as_str().unwrap());
            assert!(
                log.lines()
                    .any(|l| l.contains("skipped") && l.contains(url) && l.contains(reason)),
                "{url} ({reason}) is not named in the debug log"
            );
            checked += 1;
        }
    }
    assert!(checked > 3, "the fixture sites skip some URLs");
    assert!(log.contains("out_of_scope"), "foreign links are named too");
}

/// `--explain` is the selector writer's tool: it names the class word and the hint that
/// decided, says when the site's own content selector found nothing, and lists each
/// removed element once even when two theme selectors match it.
#[tokio::test]
async fn explain_names_class_words_hints_and_a_site_selector_that_matched_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    std::fs::write(
        cfg.join("sites/j.toml"),
        "name = \"j\"\nstart_urls = [\"https://journal.example.bf/\"]\n[extract]\ncontent = [\".corps-absent\"]\n",
    )
    .unwrap();
    let p = "Le conseil municipal a adopté mardi un budget en hausse pour les écoles de la commune, après un long débat.";
    let page = tmp.path().join("p.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Budget des écoles</title></head><body>\
             <div class=\"site-header\">Le Journal</div>\
             <div class=\"post-wrap\"><h1>Budget des écoles</h1><div class=\"entry-content\"><p>{p}</p><p>{p} Le maire s'en félicite.</p><p>{p} L'opposition a voté contre.</p></div></div>\
             <div class=\"sharedaddy sd-sharing\">Partager</div></body></html>"
        ),
    )
    .unwrap();
    let (code, _, stderr) = output(
        crawl_bin()
            .args([
                "extract",
                "--explain",
                "--url",
                "https://journal.example.bf/2024/03/budget/",
                "--config",
            ])
            .arg(&cfg)
            .arg(&page),
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note: the site's [extract] content selectors matched no element"),
        "{stderr}"
    );
    assert!(stderr.contains("generic hint .entry-content"), "{stderr}");
    assert!(
        stderr.contains("[class: header]") || stderr.contains("[class: site-header]"),
        "{stderr}"
    );
    let removed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("removed "))
        .collect();
    let mut unique = removed.clone();
    unique.dedup();
    assert_eq!(removed.len(), unique.len(), "{stderr}");
}
