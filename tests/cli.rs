//! Exit codes and error messages of the binary.

use crate::common::*;

#[tokio::test]
async fn malformed_site_config_exits_2_naming_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    let sites = tmp.path().join("sites");
    std::fs::create_dir_all(&sites).unwrap();
    std::fs::write(
        sites.join("lefaso.toml"),
        "name = \"lefaso\"\nstart_urls = [\"https://lefaso.net/\"]\ndelai = \"1s\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run_crawl(tmp.path(), &[]).await;
    assert_eq!(code, 2);
    assert!(
        stderr.contains("lefaso.toml:3:") && stderr.contains("delai"),
        "{stderr}"
    );
}

#[tokio::test]
async fn contradictory_global_config_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("sites")).unwrap();
    std::fs::write(
        tmp.path().join("crawl.toml"),
        "backoff_base = \"10s\"\nbackoff_max = \"1s\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run_crawl(tmp.path(), &[]).await;
    assert_eq!(code, 2);
    assert!(
        stderr.contains("crawl.toml:1: backoff_base: is longer than backoff_max"),
        "{stderr}"
    );
}

#[tokio::test]
async fn unknown_site_exits_2() {
    let (code, _, stderr) = run_crawl(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
        &["--site", "nope"],
    )
    .await;
    assert_eq!(code, 2);
    assert!(stderr.contains("--site nope"), "{stderr}");
}

#[tokio::test]
async fn second_run_on_a_locked_state_exits_3_naming_the_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let server = start_sites().await;
    let cfg = write_config(tmp.path(), &server, "");
    let _held = crawl::lock::acquire(&tmp.path().join("state.db.lock")).unwrap();
    let (code, _, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains(&format!("pid {}", std::process::id())),
        "{stderr}"
    );
    assert!(
        server.requests().is_empty(),
        "a locked-out run must not crawl"
    );
}

#[tokio::test]
async fn shipped_site_files_are_valid() {
    let cfg = crawl::config::Config::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
    )
    .unwrap();
    let names: Vec<_> = cfg.sites.iter().map(|s| s.name.as_str()).collect();
    for n in [
        "lefaso",
        "burkina24",
        "aib",
        "sidwaya",
        "wakatsera",
        "netafrique",
        "lepays",
    ] {
        assert!(names.contains(&n), "{n} missing from config/sites");
    }
}
