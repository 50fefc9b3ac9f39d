//! What a newcomer runs first, through the binary: `crawl demo` and its incremental
//! `--again` run, `crawl new-site` against loopback sites, and what `crawl extract
//! --explain` tells a selector writer.

use crate::common::*;
use std::path::Path;

/// The columns of one site's row of the run summary: discovered, fetched, not modified,
/// written, duplicates, and the rest of the line.
fn summary_row(stdout: &str, site: &str) -> (Vec<u64>, String) {
    let line = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(site))
        .unwrap_or_else(|| panic!("no row for {site} in {stdout}"));
    let mut words = line.split_whitespace().skip(1);
    let numbers = words.by_ref().take(5).map(|w| w.parse().unwrap()).collect();
    (numbers, words.collect::<Vec<_>>().join(" "))
}

async fn demo(dir: &Path, again: bool) -> (i32, String, String) {
    let mut cmd = crawl_bin();
    cmd.args(["demo", "--no-progress", "--dir"]).arg(dir);
    if again {
        cmd.arg("--again");
    }
    let out = cmd.output().await.unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_runs_clean_then_again_incrementally() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");

    let (code, _, stderr) = demo(&dir, true).await;
    assert_eq!(code, 2, "--again without an earlier demo: {stderr}");
    assert!(stderr.contains("no earlier demo"), "{stderr}");
    assert!(!dir.exists(), "a refused --again created {}", dir.display());

    let (code, stdout, stderr) = demo(&dir, false).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for site in ["faso-matin", "ouaga-hebdo", "sahel-info"] {
        let (_, rest) = summary_row(&stdout, site);
        assert_eq!(rest, "skipped: 0 / errors: 0", "{site}: {stdout}");
    }
    assert!(stdout.contains("crawl demo --again"), "{stdout}");
    let out = dir.join("articles");
    let first = manifest_lines(&out).len();
    assert_eq!(first, 12);

    let (code, stdout, stderr) = demo(&dir, true).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let (faso, _) = summary_row(&stdout, "faso-matin");
    assert_eq!(faso[3], 1, "only the new article is written: {stdout}");
    assert!(faso[2] > 0, "no 304 in the second run: {stdout}");
    for site in ["ouaga-hebdo", "sahel-info"] {
        let (row, rest) = summary_row(&stdout, site);
        assert_eq!((row[3], row[4]), (0, 0), "{site}: {stdout}");
        assert_eq!(row[1], row[2], "{site}: every fetch answered 304: {stdout}");
        assert_eq!(rest, "skipped: 0 / errors: 0", "{site}: {stdout}");
    }
    let mut all = expected_texts("expected");
    all.extend(expected_texts("expected-phase2"));
    assert_eq!(written_texts(&out), all);
    assert_eq!(manifest_lines(&out).len(), first + 1);
}

/// `crawl new-site` against the running fixture sites, with their own files removed
/// from the configuration first.
async fn new_site(cfg: &Path, args: &[&str]) -> (i32, String, String) {
    run_crawl(cfg, &[&["new-site"], args].concat()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_site_writes_a_file_that_loads_from_what_the_site_says() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    std::fs::remove_file(cfg.join("sites/faso-matin.toml")).unwrap();
    let base = server.base("faso-matin").unwrap().to_owned();

    let (code, stdout, stderr) = new_site(&cfg, &["matin", &format!("{base}/")]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let path = cfg.join("sites/matin.toml");
    assert!(stdout.contains("wrote ") && stdout.contains("crawl --site matin --dry-run"));
    let text = std::fs::read_to_string(&path).unwrap();
    let file: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(
        file["start_urls"][0].as_str(),
        Some(format!("{base}/").as_str())
    );
    assert_eq!(
        file["feeds"][0].as_str(),
        Some(format!("{base}/feed/").as_str())
    );
    assert!(
        !file.contains_key("sitemaps"),
        "robots.txt names the sitemap: {text}"
    );
    assert!(
        text.contains(&format!("#   {base}/sitemap_index.xml")),
        "{text}"
    );
    assert!(stderr.contains("theme tagdiv-newspaper"), "{stderr}");
    // Robots first, then only the start page and the feed: no sitemap guessing when
    // robots.txt names one.
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/robots.txt", "/", "/feed/"]);

    let (code, stdout, _) = run_crawl(&cfg, &["sites"]).await;
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("matin"), "{stdout}");

    // Never overwritten.
    let (code, _, stderr) = new_site(&cfg, &["matin", &format!("{base}/")]).await;
    assert_eq!(code, 2);
    assert!(stderr.contains("already"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_site_probes_sitemaps_only_when_robots_names_none() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let base = server.base("sahel-info").unwrap().to_owned();

    let (code, stdout, stderr) = new_site(&cfg, &["sahel2", &format!("{base}/"), "--print"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("site sahel-info already crawls"),
        "{stderr}"
    );
    let file: toml::Table = toml::from_str(&stdout).unwrap();
    assert_eq!(
        file["feeds"][0].as_str(),
        Some(format!("{base}/spip.php?page=backend").as_str())
    );
    assert!(
        !file.contains_key("sitemaps"),
        "no sitemap answers: {stdout}"
    );
    // A Crawl-delay of 0.3 s is shorter than the configured delay: not written.
    assert!(!file.contains_key("delay"), "{stdout}");
    let probed: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.path.contains("sitemap"))
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        probed,
        ["/sitemap_index.xml", "/wp-sitemap.xml", "/sitemap.xml"]
    );
    assert!(
        !cfg.join("sites/sahel2.toml").exists(),
        "--print wrote a file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_site_refuses_bad_input_and_sites_it_may_not_crawl() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let base = server.base("faso-matin").unwrap().to_owned();
    let before: Vec<_> = std::fs::read_dir(cfg.join("sites")).unwrap().collect();

    let (code, _, stderr) = new_site(&cfg, &["x", &format!("{base}/prive/brouillon/")]).await;
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("robots.txt disallows"), "{stderr}");
    let (code, _, stderr) = new_site(&cfg, &["Bad Name", &format!("{base}/")]).await;
    assert_eq!(code, 2);
    assert!(stderr.contains("not a site name"), "{stderr}");
    let (code, _, stderr) = new_site(&cfg, &["x", "not a url"]).await;
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a URL"), "{stderr}");
    let (code, _, stderr) = new_site(&cfg, &["faso-matin", &format!("{base}/")]).await;
    assert_eq!(code, 2);
    assert!(stderr.contains("already configured"), "{stderr}");
    let after: Vec<_> = std::fs::read_dir(cfg.join("sites")).unwrap().collect();
    assert_eq!(before.len(), after.len(), "a refused new-site wrote a file");
}

async fn extract_explain(page: &str, url: &str) -> (i32, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("p.html");
    std::fs::write(&file, page).unwrap();
    let out = crawl_bin()
        .args(["extract", "--explain", "--config"])
        .arg(tmp.path().join("no-config"))
        .args(["--url", url])
        .arg(&file)
        .output()
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PARAGRAPH: &str = "Le conseil municipal a adopté mardi un budget en hausse pour les écoles de la commune, après un long débat sur les priorités.";
const PARAGRAPH_2: &str = "Les parents d'élèves, venus nombreux, ont salué la construction de trois salles de classe et d'une cantine avant la rentrée.";

#[tokio::test]
async fn explain_says_where_title_date_and_author_came_from_and_the_page_kind() {
    let page = format!(
        r#"<html><head><title>Budget des écoles – Le Journal</title>
        <meta property="og:type" content="article">
        <meta property="article:published_time" content="2025-03-05T09:15:00+00:00">
        <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Budget des écoles : la commune investit"}}</script>
        </head><body class="single single-post postid-12">
        <article><h1>Budget des écoles : la commune investit</h1>
        <p class="byline"><span class="vcard author"><span class="fn">Awa Traoré</span></span></p>
        <p>{PARAGRAPH}</p><p>{PARAGRAPH_2}</p></article></body></html>"#
    );
    let (code, stdout, stderr) = extract_explain(
        &page,
        "https://journal.example.bf/2025/03/05/budget-des-ecoles-commune/",
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("Budget des écoles : la commune investit\n"),
        "{stdout}"
    );
    for line in [
        "title from: JSON-LD name/headline",
        "date from: article:published_time",
        "authors from: hCard .vcard.author .fn",
        "page kind: article; article ",
    ] {
        assert!(stderr.contains(line), "{line:?} missing in {stderr}");
    }
}

#[tokio::test]
async fn a_static_page_is_shown_by_extract_but_flagged_as_a_crawl_would_skip_it() {
    let page = format!(
        r#"<html><head><title>Contact – Le Journal</title><meta property="og:type" content="article"></head>
        <body class="page-template-default page page-id-7"><article class="page type-page">
        <h1 class="entry-title">Contact</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH_2}</p></article></body></html>"#
    );
    let (code, stdout, stderr) =
        extract_explain(&page, "https://journal.example.bf/contact/").await;
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains(PARAGRAPH_2),
        "the text is still shown: {stdout}"
    );
    assert!(
        stderr.contains("a crawl would skip this page as not_article:static_page"),
        "{stderr}"
    );
    assert!(stderr.contains("page kind: static page;"), "{stderr}");
    assert!(
        stderr.contains("URL /contact") && stderr.contains("body class page-"),
        "{stderr}"
    );
}
