//! Configuration errors through the real binary: one `file:line: key: message` line per
//! error, every error of every file at once, and exit code 2 from every command.

use crate::common::*;
use std::path::Path;

/// A config directory with the given files (relative path, text); `sites/` always exists.
fn config(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("sites")).unwrap();
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

/// The error lines of stderr, without the temp dir, after checking that each says it
/// comes from crawl (a cron log mixes several programs).
fn lines(stderr: &str, dir: &Path) -> Vec<String> {
    let dir = format!("{}/", dir.display());
    stderr
        .lines()
        .map(|l| {
            let l = l
                .strip_prefix("crawl: ")
                .unwrap_or_else(|| panic!("{l:?} does not start with \"crawl: \""));
            l.replace(&dir, "")
        })
        .collect()
}

#[tokio::test]
async fn type_errors_name_the_key_in_plain_words() {
    let tmp = config(&[(
        "sites/x.toml",
        "name = \"x\"\nstart_urls = [\"https://x.bf/\"]\npage_budget = \"lots\"\n",
    )]);
    for cmd in [&[][..], &["sites"][..]] {
        let (code, _, stderr) = run_crawl(tmp.path(), cmd).await;
        assert_eq!(code, 2, "{cmd:?}: {stderr}");
        assert_eq!(
            lines(&stderr, tmp.path()),
            ["sites/x.toml:3: page_budget: expected a positive integer, found a string"]
        );
    }
}

#[tokio::test]
async fn every_error_of_every_file_is_reported() {
    let tmp = config(&[
        ("crawl.toml", "concurrency = 0\n"),
        (
            "sites/a.toml",
            "start_urls = [\"https://a.bf/\"]\n[extract]\ntitle = [\"h1\"]\n",
        ),
        (
            "sites/b.toml",
            "start_urls = [\"https://b.bf/\"]\n[headers]\nCookie = 5\n",
        ),
        (
            "sites/c.toml",
            "start_urls = [\"https://c.bf/\"]\n[extract]\ncontent = [\"div[\"]\nremove = [\"a[=x]\"]\n",
        ),
        ("themes/t.toml", "name = \"t\"\ndetect = [\"x\"]\n\nremove = [\"p >\"]\n"),
    ]);
    let (code, stdout, stderr) = run_crawl(tmp.path(), &["sites"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        lines(&stderr, tmp.path()),
        [
            "crawl.toml:1: concurrency: must be at least 1",
            "sites/a.toml:3: extract.title: expected a string (a CSS selector), found an array",
            "sites/b.toml:3: headers.Cookie: expected a string, found an integer",
            "sites/c.toml:3: extract.content: invalid CSS selector \"div[\": unexpected end of selector",
            "sites/c.toml:4: extract.remove: invalid CSS selector \"a[=x]\": expected an attribute name after \"[\", found \"=\"",
            "themes/t.toml:4: remove: invalid CSS selector \"p >\": nothing after a combinator (\">\", \"+\", \"~\")",
        ]
    );
}

#[tokio::test]
async fn missing_config_dir_exits_2_from_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nonexistent");
    let file = tmp.path().join("crawl.toml");
    std::fs::write(&file, "").unwrap();
    let no_sites = tmp.path().join("empty");
    std::fs::create_dir_all(&no_sites).unwrap();
    for cmd in [&[][..], &["sites"][..]] {
        for (dir, want) in [
            (
                &missing,
                format!("config directory not found: {}", missing.display()),
            ),
            (
                &file,
                format!("config directory not found: {}", file.display()),
            ),
            (
                &no_sites,
                format!(
                    "{} is not a configuration directory (no sites/ inside)",
                    no_sites.display()
                ),
            ),
        ] {
            let (code, _, stderr) = run_crawl(dir, cmd).await;
            assert_eq!(code, 2, "{cmd:?} {}: {stderr}", dir.display());
            assert_eq!(stderr.trim_end(), format!("crawl: {want}"));
        }
    }
}

#[tokio::test]
async fn sites_dir_given_as_config_is_refused() {
    let sites = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/sites");
    let (code, _, stderr) = run_crawl(&sites, &["sites"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is not a configuration directory (no sites/ inside)"),
        "{stderr}"
    );
}

#[tokio::test]
async fn bad_state_flag_is_named() {
    let tmp = config(&[("sites/x.toml", "start_urls = [\"https://x.bf/\"]\n")]);
    let (code, _, stderr) = run_crawl(tmp.path(), &["--state", "mysql://db"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "crawl: --state: unsupported state URL \"mysql://db\": use sqlite://PATH or postgres://…"
    );
}

#[tokio::test]
async fn no_sites_and_unknown_site_are_one_line() {
    let tmp = config(&[]);
    let (code, _, stderr) = run_crawl(tmp.path(), &[]).await;
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "crawl: no sites configured: add a file to {}",
            tmp.path().join("sites").display()
        )
    );
    let tmp = config(&[("sites/x.toml", "start_urls = [\"https://x.bf/\"]\n")]);
    let (code, _, stderr) = run_crawl(tmp.path(), &["--site", "nope"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "crawl: --site nope: no such site in {} (known: x)",
            tmp.path().join("sites").display()
        )
    );
}

/// A PostgreSQL state that refuses connections is named at once, and is a failure of the
/// database (exit 4), not a usage error, for the crawl and the read commands alike.
#[tokio::test]
async fn a_refused_database_connection_is_said_at_once_and_exits_4() {
    let tmp = config(&[("sites/x.toml", "start_urls = [\"https://x.bf/\"]\n")]);
    // Port 1 on loopback: nothing listens there, the connection is refused.
    let state = "postgres://nobody@127.0.0.1:1/x";
    for cmd in [
        &["--state", state][..],
        &["status", "--state", state][..],
        &["export", "--state", state][..],
        &["urls", "--site", "x", "--db", state][..],
    ] {
        let run = run_crawl(tmp.path(), cmd);
        let (code, _, stderr) = tokio::time::timeout(std::time::Duration::from_secs(20), run)
            .await
            .unwrap_or_else(|_| panic!("{cmd:?} hangs on a refused connection"));
        assert_eq!(code, 4, "{cmd:?}: {stderr}");
        assert!(
            stderr.contains("Connection refused") && stderr.contains("127.0.0.1:1"),
            "{cmd:?}: {stderr}"
        );
        assert!(!stderr.contains("nobody:"), "no password printed: {stderr}");
    }
}
