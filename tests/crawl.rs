//! The whole pipeline against three sample news sites (tagDiv Newspaper, JNews, SPIP)
//! served on 127.0.0.1.

use crate::common::*;
use std::collections::BTreeMap;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_writes_expected_files_politely_and_second_run_only_new() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");

    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");

    // Written files equal the expected texts, and the syndicated story is written once.
    let written = written_texts(&out);
    let expected = expected_texts("expected");
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "summary:\n{stdout}"
    );
    assert!(
        written.values().all(|n| *n == 1),
        "a text was written twice"
    );
    assert!(
        stdout.contains("faso-matin") && stdout.contains("written"),
        "summary missing:\n{stdout}"
    );
    let dups: u64 = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5)?.parse::<u64>().ok())
        .sum();
    assert_eq!(dups, 1, "one syndicated duplicate expected:\n{stdout}");

    // The manifest has one line per file with the documented fields.
    let manifest = manifest_lines(&out);
    assert_eq!(manifest.len(), expected.len());
    for m in &manifest {
        for key in [
            "url",
            "canonical_url",
            "site",
            "title",
            "authors",
            "published",
            "language",
            "sha256",
            "path",
            "fetched_at",
            "words",
        ] {
            assert!(m.get(key).is_some(), "manifest line lacks {key}: {m}");
        }
        let path = m["path"].as_str().unwrap();
        let sha = m["sha256"].as_str().unwrap();
        assert!(path.contains(&sha[..16]), "{path} should carry the hash");
        let text = std::fs::read_to_string(out.join(path)).unwrap();
        assert_eq!(text.lines().next().unwrap(), m["title"].as_str().unwrap());
    }
    // The manifest of record in the state database agrees with the file manifest.
    let (code, exported, stderr) = run_crawl(&cfg, &["export"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(exported.lines().count(), manifest.len());
    let (_, exported_one, _) = run_crawl(&cfg, &["export", "--site", "sahel-info"]).await;
    assert_eq!(exported_one.lines().count(), 4);
    let (_, none_yet, _) = run_crawl(&cfg, &["export", "--since", "2100-01-01"]).await;
    assert_eq!(none_yet.lines().count(), 0);
    let (code, status, _) = run_crawl(&cfg, &["status"]).await;
    assert_eq!(code, 0);
    let sahel = status
        .lines()
        .find(|l| l.starts_with("sahel-info"))
        .unwrap_or_else(|| panic!("{status}"));
    assert_eq!(
        sahel.split_whitespace().nth(5),
        Some("4"),
        "articles column: {status}"
    );

    let junk_byline = manifest
        .iter()
        .find(|m| m["url"].as_str().unwrap().contains("basket-ball"))
        .unwrap();
    assert_eq!(
        junk_byline["authors"],
        serde_json::json!([]),
        "\"Par La Rédaction\" is not an author"
    );
    assert_eq!(junk_byline["language"], "fr");

    // robots.txt obeyed and URL variants canonicalised: never requested.
    let log = server.requests();
    for r in &log {
        for banned in [
            "/prive/",
            "/wp-admin/",
            "/ecrire/",
            "/recherche/",
            "page=recherche",
            "utm_source",
            "fbclid",
        ] {
            assert!(
                !r.path.contains(banned),
                "requested {} on {}",
                r.path,
                r.site
            );
        }
        assert!(
            r.user_agent.starts_with("crawl-test/1.0"),
            "user agent {:?}",
            r.user_agent
        );
    }
    // One robots.txt per host, before anything else on that host.
    for site in ["faso-matin", "ouaga-hebdo", "sahel-info"] {
        let paths: Vec<_> = log
            .iter()
            .filter(|r| r.site == site)
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(paths.first(), Some(&"/robots.txt"), "{site}: {paths:?}");
        assert_eq!(paths.iter().filter(|p| **p == "/robots.txt").count(), 1);
    }
    // Intervals per host, measured at the server.
    assert!(
        assert_paced(&log).iter().all(|n| *n > 5),
        "a site was barely crawled"
    );

    // Second run after the site published one article: conditional requests for feeds
    // and sitemaps, no old article fetched again, only the new one written.
    server.set_phase(2);
    let before = log.len();
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let log2: Vec<_> = server.requests().into_iter().skip(before).collect();
    let article_paths: Vec<_> = log2
        .iter()
        .filter(|r| r.path.starts_with("/20") && !r.path.contains("?jour"))
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        article_paths,
        vec!["/2024/03/15/football-scolaire-finale-regionale-bobo-dioulasso/"],
        "re-run fetched old articles"
    );
    for r in log2.iter().filter(|r| {
        r.path.contains("feed") || r.path.contains("backend") || r.path.ends_with("sitemap.xml")
    }) {
        assert!(
            r.conditional || r.status == 404,
            "{} {} was not conditional",
            r.site,
            r.path
        );
    }
    assert!(
        log2.iter().any(|r| r.status == 304),
        "no 304 in the second run"
    );
    let mut all = expected_texts("expected");
    all.extend(expected_texts("expected-phase2"));
    assert_eq!(written_texts(&out), all);
    assert_eq!(manifest_lines(&out).len(), all.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_runs_resume_without_duplicate_or_lost_files() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");
    // Kill the crawler with SIGKILL at several moments, restarting it each time.
    for ms in [150u64, 700, 1300, 400, 2100] {
        let mut child = crawl_bin()
            .arg("--config")
            .arg(&cfg)
            .arg("--no-progress")
            .arg("-q")
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(ms)).await;
        let _ = child.start_kill();
        let _ = child.wait().await;
        // Whatever is on disk after a kill is whole: no temp files, no torn line.
        let _ = manifest_lines(&out);
        let _ = written_texts_after_kill(&out);
    }
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let expected = expected_texts("expected");
    assert_eq!(written_texts(&out), expected);
    let manifest = manifest_lines(&out);
    let shas: std::collections::BTreeSet<_> = manifest
        .iter()
        .map(|m| m["sha256"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shas.len(), manifest.len(), "duplicate manifest line");
    assert_eq!(manifest.len(), expected.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_lists_articles_and_writes_nothing() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let (code, stdout, stderr) = run_crawl(&cfg, &["--dry-run", "--site", "sahel-info"]).await;
    assert_eq!(code, 0, "{stderr}");
    let listed: BTreeMap<_, _> = stdout
        .lines()
        .filter(|l| l.starts_with("sahel-info\t"))
        .map(|l| (l.to_owned(), ()))
        .collect();
    assert_eq!(listed.len(), 4, "{stdout}");
    assert!(written_texts(&tmp.path().join("out")).is_empty());
    assert!(
        !tmp.path().join("out").exists(),
        "a dry run created the output"
    );
    assert!(
        stdout.lines().all(|l| l.starts_with("sahel-info\t")),
        "{stdout}"
    );
    assert!(
        stderr.contains("discovered"),
        "the summary goes to stderr: {stderr}"
    );
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.path.contains("article10")),
        "dry run fetched an article"
    );
}

/// A one-site server built in the test: (path, file body, content type, from_phase).
pub async fn custom_site(
    name: &str,
    pages: &[(&str, &str, &str, u32)],
) -> crate::common::sample_sites::SampleServer {
    use crate::common::sample_sites::{Route, SampleServer, SampleSite};
    let mut files = std::collections::HashMap::new();
    let mut routes = Vec::new();
    for (i, (path, body, ct, from)) in pages.iter().enumerate() {
        let file = format!("f{i}");
        files.insert(file.clone(), body.as_bytes().to_vec());
        routes.push(Route {
            path: (*path).into(),
            file,
            content_type: (*ct).into(),
            status: None,
            from_phase: Some(*from),
            until_phase: None,
            last_modified: None,
        });
    }
    let site_toml =
        format!("name = \"{name}\"\nstart_urls = [\"{{{{BASE}}}}/\"]\ndelay = \"50ms\"\n");
    SampleServer::start(vec![SampleSite {
        name: name.into(),
        routes,
        files,
        site_toml,
    }])
    .await
    .unwrap()
}

fn article_page(canonical: &str) -> String {
    let para = "Les producteurs de la région ont salué l'arrivée des nouvelles semences, distribuées dans vingt communes avant le début de la saison des pluies, selon la direction régionale de l'agriculture. ";
    format!("<html><head><title>Semences : la distribution commence</title><link rel=\"canonical\" href=\"{{{{BASE}}}}{canonical}\"></head><body><article><h1>Semences : la distribution commence</h1><p>{para}</p><p>{para}</p></article></body></html>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canonical_link_prevents_fetching_a_variant_again() {
    let canonical = "/2024/05/02/semences-la-distribution-commence/";
    let amp = "/amp/2024/05/02/semences-la-distribution-commence/";
    let home1 = format!("<html><body><a href=\"{amp}\">a</a></body></html>");
    let home2 =
        format!("<html><body><a href=\"{amp}\">a</a><a href=\"{canonical}\">b</a></body></html>");
    let page = article_page(canonical);
    let server = custom_site(
        "canon",
        &[
            ("/", &home1, "text/html", 1),
            ("/", &home2, "text/html", 2),
            (amp, &page, "text/html", 1),
            (canonical, &page, "text/html", 1),
        ],
    )
    .await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    assert_eq!(run_crawl(&cfg, &[]).await.0, 0);
    server.set_phase(2);
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0);
    let fetched: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("semences"))
        .map(|r| r.path)
        .collect();
    assert_eq!(fetched, vec![amp.to_owned()], "{stdout}");
    let manifest = manifest_lines(&tmp.path().join("out"));
    assert_eq!(manifest.len(), 1);
    assert!(manifest[0]["canonical_url"]
        .as_str()
        .unwrap()
        .ends_with(canonical));
}

/// On one machine a run right after another re-checks its seeds (conditionally), so an
/// article published in between is found, whatever `seed_interval` says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_a_second_later_finds_the_article_published_in_between() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let global = cfg.join("crawl.toml");
    let text = std::fs::read_to_string(&global)
        .unwrap()
        .replace("seed_interval = \"0s\"\n", "seed_interval = \"10m\"\n");
    std::fs::write(&global, text).unwrap();
    assert_eq!(run_crawl(&cfg, &["-q"]).await.0, 0);
    server.set_phase(2);
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let mut all = expected_texts("expected");
    all.extend(expected_texts("expected-phase2"));
    assert_eq!(written_texts(&tmp.path().join("out")), all);
    assert!(!stdout.contains("not re-checked"), "{stdout}");
}

/// SPIP marks its articles up with hAtom (`abbr.published[title]`, `.vcard.author .fn`),
/// and its comments the same way: the article's own date and author are the ones kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spip_articles_get_their_hatom_date_and_vcard_author() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    assert_eq!(run_crawl(&cfg, &["-q", "--site", "sahel-info"]).await.0, 0);
    let lines = manifest_lines(&tmp.path().join("out"));
    assert_eq!(lines.len(), 4);
    for l in &lines {
        assert!(l["published"].is_string(), "{l}");
        let authors = l["authors"].as_array().unwrap();
        assert_eq!(authors.len(), 1, "{l}");
        assert_ne!(authors[0], "Oumou", "a commenter taken as the author: {l}");
    }
}
