//! The smaller commands through the binary: `crawl reset`, shell completions and the man
//! page, and `crawl sites` listing disabled sites.

use crate::common::*;
use std::collections::BTreeSet;

fn paths_of(log: &[sample_sites::Logged], site: &str) -> BTreeSet<String> {
    log.iter()
        .filter(|r| r.site == site)
        .map(|r| r.path.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_makes_a_site_crawled_afresh_without_writing_its_articles_twice() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");
    let site = &["--site", "faso-matin"];

    let (code, _, stderr) = run_crawl(&cfg, site).await;
    assert_eq!(code, 0, "{stderr}");
    let first = paths_of(&server.requests(), "faso-matin");
    let written = manifest_lines(&out).len();
    assert!(written > 0);

    let (code, stdout, stderr) = run_crawl(&cfg, &["reset", "--site", "faso-matin"]).await;
    assert_eq!(code, 0, "{stderr}");
    let forgotten: u64 = stdout
        .strip_prefix("reset faso-matin: ")
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(forgotten > 0 && stdout.contains(" 0 articles"), "{stdout}");

    let before = server.requests().len();
    let (code, _, stderr) = run_crawl(&cfg, site).await;
    assert_eq!(code, 0, "{stderr}");
    let again = paths_of(&server.requests()[before..], "faso-matin");
    assert_eq!(first, again, "the site's pages are fetched again");
    assert_eq!(
        manifest_lines(&out).len(),
        written,
        "articles written twice"
    );
    assert!(written_texts(&out).values().all(|n| *n == 1));

    let (code, stdout, _) = run_crawl(&cfg, &["reset", "--site", "faso-matin", "--all"]).await;
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with(&format!(" {written} articles\n")),
        "{stdout}"
    );
    let (_, exported, _) = run_crawl(&cfg, &["export"]).await;
    assert_eq!(exported.lines().count(), 0);
    assert_eq!(
        manifest_lines(&out).len(),
        written,
        "files are never touched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_refuses_unknown_sites_missing_databases_and_a_held_lock() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let (code, _, stderr) = run_crawl(&cfg, &["reset", "--site", "faso-matin"]).await;
    assert_eq!(code, 2, "no database yet: {stderr}");
    assert!(!tmp.path().join("state.db").exists());
    assert!(!tmp.path().join("state.db.lock").exists());

    let (code, _, stderr) = run_crawl(&cfg, &["--site", "faso-matin", "--budget", "1"]).await;
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run_crawl(&cfg, &["reset", "--site", "nope"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("nope"), "{stderr}");
    let args = ["reset", "--site", "faso-matin", "--all", "--frontier"];
    assert_eq!(run_crawl(&cfg, &args).await.0, 2);

    let _held = crawl::lock::acquire(&tmp.path().join("state.db.lock")).unwrap();
    let (code, _, stderr) = run_crawl(&cfg, &["reset", "--site", "faso-matin"]).await;
    assert_eq!(code, 3, "{stderr}");
}

#[tokio::test]
async fn completions_and_the_man_page_come_from_the_cli_definition() {
    let out = crawl_bin()
        .args(["completions", "bash"])
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    let bash = String::from_utf8(out.stdout).unwrap();
    assert!(
        bash.contains("extract") && bash.contains("--budget"),
        "{bash}"
    );
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = crawl_bin()
            .args(["completions", shell])
            .output()
            .await
            .unwrap();
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
    assert_eq!(
        crawl_bin()
            .args(["completions", "tcsh"])
            .output()
            .await
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let out = crawl_bin().arg("man").output().await.unwrap();
    assert!(out.status.success());
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(man.starts_with(".TH"), "{man}");
    assert!(man.contains("extract") && man.contains("reset"), "{man}");
}

/// The sample site file parses with every key (its commented-out examples enabled), so it
/// cannot drift from the keys the loader knows; and it is never loaded as a site.
#[test]
fn the_sample_site_file_parses_and_is_not_a_site() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let src = std::fs::read_to_string(dir.join("sites/example.toml.sample")).unwrap();
    let enabled: String = src
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest
                    .split_once(" = ")
                    .is_some_and(|(k, _)| !k.contains(' ')) =>
            {
                rest
            }
            _ => l,
        })
        .flat_map(|l| [l, "\n"])
        .collect();
    let path = dir.join("sites/example.toml");
    let global = crawl::config::Global::default();
    let site = crawl::config::Config::site_from_str(&path, &enabled, &global)
        .unwrap_or_else(|e| panic!("{e}\n{enabled}"));
    assert_eq!(site.name, "example");
    assert_eq!(site.page_budget, global.page_budget);
    assert_eq!(site.delay, global.delay);
    for key in ["title =", "date =", "author =", "[headers]", "enabled ="] {
        assert!(enabled.contains(&format!("\n{key}")), "{key} undocumented");
    }
    let cfg = crawl::config::Config::load(&dir).unwrap();
    assert!(!cfg.sites.iter().any(|s| s.name == "example"));
}

#[tokio::test]
async fn sites_lists_disabled_sites_too_and_the_crawl_skips_them() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    std::fs::write(
        cfg.join("sites/on.toml"),
        "name = \"on\"\nstart_urls = [\"https://on.example.bf/\"]\n",
    )
    .unwrap();
    std::fs::write(
        cfg.join("sites/off.toml"),
        "name = \"off\"\nstart_urls = [\"https://off.example.bf/\"]\nfeeds = [\"https://off.example.bf/feed/\"]\npage_budget = 40\nenabled = false\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_crawl(&cfg, &["sites"]).await;
    assert_eq!(code, 0, "{stderr}");
    let off = stdout
        .lines()
        .find(|l| l.starts_with("off\t"))
        .expect("disabled site listed");
    assert!(
        off.contains("\tdisabled\t") && off.contains("budget 40") && off.contains("feeds 1"),
        "{off}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("on\t") && !l.contains("disabled")),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 site(s) OK") && stderr.contains("1 disabled"),
        "{stderr}"
    );
    let crawl = crawl::config::Config::load(&cfg).unwrap();
    assert_eq!(crawl.sites.len(), 1, "a disabled site is never crawled");
}
