//! WARC capture and re-extraction, end to end: the sample sites crawled with `--warc`,
//! every record checked (type, digests, one response per request the server answered),
//! a SIGKILL during capture, `crawl extract` over the capture and over a directory of bad
//! pages, and `crawl reextract` after a rule change.

use crate::common::*;
use crawl::archive::reader::{Records, WarcRecord};
use crawl::archive::record::digest;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn warc_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Every record of every file, each checked against its own digests.
fn checked_records(dir: &Path) -> Vec<WarcRecord> {
    let mut all = Vec::new();
    for f in warc_files(dir) {
        for rec in Records::open(&f).unwrap() {
            let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            assert_eq!(
                rec.header("WARC-Block-Digest"),
                Some(digest(&rec.block).as_str()),
                "block digest of a {:?} record",
                rec.header("WARC-Type")
            );
            if let Some(payload) = rec.header("WARC-Payload-Digest") {
                assert_eq!(payload, digest(&rec.http().unwrap().body));
            }
            all.push(rec);
        }
    }
    all
}

/// With `CRAWL_WARCIO` naming a `warcio` program (scripts/check-warc.sh installs one),
/// the files are also checked and indexed by warcio, the reference Python reader.
fn warcio_accepts(dir: &Path) {
    let Ok(warcio) = std::env::var("CRAWL_WARCIO") else {
        return;
    };
    let files = warc_files(dir);
    for verb in ["check", "index"] {
        let out = std::process::Command::new(&warcio)
            .arg(verb)
            .args(&files)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "warcio {verb}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    eprintln!("warcio check and index accept {} files", files.len());
}

/// `crawl extract` (with `args`, no configuration) started on a directory of `n` links to
/// one sample article, its standard output and error piped.
fn extract_repeated_article(tmp: &Path, n: usize, args: &[&str]) -> tokio::process::Child {
    let pages = tmp.join("pages");
    std::fs::create_dir(&pages).unwrap();
    let article = fixtures().join("sites/sahel-info/article101.html");
    for i in 0..n {
        std::os::unix::fs::symlink(&article, pages.join(format!("{i:05}.html"))).unwrap();
    }
    crawl_bin()
        .args(["extract", "--no-progress", "--config"])
        .arg(tmp.join("no-config"))
        .args(args)
        .arg(&pages)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

fn sha_set(lines: &[serde_json::Value]) -> BTreeSet<String> {
    lines
        .iter()
        .map(|l| l["sha256"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_holds_every_response_and_extracting_it_gives_the_crawls_articles() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let warc = tmp.path().join("warc");
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run_crawl(&cfg, &["--warc", warc.to_str().unwrap()]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    let files = warc_files(&warc);
    assert!(!files.is_empty());
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with("crawl-local-") && name.ends_with(".warc.gz"),
            "{name}: closed under its final name"
        );
    }
    let records = checked_records(&warc);
    warcio_accepts(&warc);
    let kinds = |t: &str| {
        records
            .iter()
            .filter(|r| r.header("WARC-Type") == Some(t))
            .count()
    };
    assert_eq!(kinds("warcinfo"), files.len(), "one warcinfo per file");
    // One request and one response record per request the server answered.
    let answered = server.requests().len();
    assert_eq!(kinds("response"), answered);
    assert_eq!(kinds("request"), answered);
    assert!(records.iter().any(|r| r
        .header("WARC-Target-URI")
        .is_some_and(|u| u.ends_with("/robots.txt"))));

    // Each manifest line names the record that holds its page.
    let manifest = manifest_lines(&out);
    assert!(!manifest.is_empty());
    for line in &manifest {
        let file = line["warc"]["file"].as_str().expect("warc.file");
        let offset = line["warc"]["offset"].as_u64().expect("warc.offset");
        let rec = crawl::archive::reader::read_at(&warc.join(file), offset).unwrap();
        assert_eq!(rec.header("WARC-Type"), Some("response"));
        assert_eq!(rec.http().unwrap().status, 200);
        assert_eq!(
            rec.header("WARC-Target-URI"),
            line["url"].as_str(),
            "{line}"
        );
    }

    // The manifest of record says the same.
    let (code, exported, stderr) = run_crawl(&cfg, &["export"]).await;
    assert_eq!(code, 0, "{stderr}");
    let exported: Vec<serde_json::Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), manifest.len());
    for line in &exported {
        let in_manifest = manifest
            .iter()
            .find(|m| m["sha256"] == line["sha256"])
            .unwrap();
        assert_eq!(line["warc"], in_manifest["warc"], "{line}");
    }

    // Extracting the capture gives exactly the files and hashes the crawl wrote.
    let again = tmp.path().join("again");
    let (code, stdout, stderr) = run_crawl(
        &cfg,
        &[
            "extract",
            warc.to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(written_texts(&again), written_texts(&out));
    let extracted = manifest_lines(&again);
    assert_eq!(sha_set(&extracted), sha_set(&manifest));
    assert!(extracted.iter().all(|l| l["warc"]["file"].is_string()));
    // Once more into the same directory: nothing new.
    let (code, ..) = run_crawl(
        &cfg,
        &[
            "extract",
            warc.to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(manifest_lines(&again).len(), extracted.len());

    // A second crawl sends conditional requests: its 304s are revisit records.
    server.set_phase(2);
    let (code, stdout, stderr) = run_crawl(&cfg, &["--warc", warc.to_str().unwrap()]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let records = checked_records(&warc);
    warcio_accepts(&warc);
    let revisits: Vec<_> = records
        .iter()
        .filter(|r| r.header("WARC-Type") == Some("revisit"))
        .collect();
    assert!(!revisits.is_empty(), "no 304 was archived");
    for r in revisits {
        assert_eq!(
            r.header("WARC-Profile"),
            Some(crawl::archive::record::SERVER_NOT_MODIFIED)
        );
        assert_eq!(r.http().unwrap().status, 304);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_killed_during_capture_leaves_only_whole_records() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let warc = tmp.path().join("warc");
    let cfg = write_config(
        tmp.path(),
        &server,
        &format!("warc = {:?}", warc.display().to_string()),
    );
    let mut child = crawl_bin()
        .arg("--config")
        .arg(&cfg)
        .arg("--no-progress")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Killed once a few exchanges are on disk, in the middle of the crawl.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let open: Vec<_> = std::fs::read_dir(&warc)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".open"))
            .collect();
        if open
            .iter()
            .any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 8_000))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the capture never grew"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    let left = warc_files(&warc);
    assert!(left.iter().any(|p| p.to_string_lossy().ends_with(".open")));
    // The open file is readable to its last record as it is.
    let before = checked_records(&warc).len();
    assert!(before > 2);
    warcio_accepts(&warc);

    // The next run completes it and crawls on; nothing is left open, nothing is torn.
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(warc_files(&warc)
        .iter()
        .all(|p| p.to_string_lossy().ends_with(".warc.gz")));
    assert!(checked_records(&warc).len() > before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extracting_a_directory_skips_bad_pages_with_their_reason_and_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let article = std::fs::read(fixtures().join("sites/sahel-info/article101.html")).unwrap();
    std::fs::write(pages.join("a-article.html"), &article).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 4000));
    std::fs::write(pages.join("b-binary.html"), png).unwrap();
    std::fs::write(pages.join("c-empty.html"), b"").unwrap();
    let mut huge = b"<html><body>".to_vec();
    while huge.len() < 10 * 1024 * 1024 {
        huge.extend_from_slice(b"<p>Texte de remplissage sans fin pour une page hostile.</p>\n");
    }
    std::fs::write(pages.join("d-huge.html"), huge).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &article).unwrap();
    std::fs::write(pages.join("e-article.html.gz"), gz.finish().unwrap()).unwrap();

    let out = crawl_bin()
        .args(["extract", "--threads", "2", "--no-progress", "--config"])
        .arg(tmp.path().join("no-config"))
        .arg(&pages)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by_file: BTreeMap<String, &serde_json::Value> = lines
        .iter()
        .map(|l| {
            let source = l["source"].as_str().unwrap();
            (source.rsplit('/').next().unwrap().to_owned(), l)
        })
        .collect();
    assert_eq!(by_file.len(), 5, "one line per page, in order: {stdout}");
    assert_eq!(
        by_file.keys().collect::<Vec<_>>(),
        lines
            .iter()
            .map(|l| l["source"].as_str().unwrap().rsplit('/').next().unwrap())
            .collect::<Vec<_>>()
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(by_file["b-binary.html"]["rejected"], "not_html");
    assert_eq!(by_file["c-empty.html"]["rejected"], "empty");
    assert_eq!(by_file["d-huge.html"]["rejected"], "too_large");
    let good = by_file["a-article.html"];
    assert!(
        good["title"].as_str().unwrap().starts_with("Niamey"),
        "{good}"
    );
    assert!(good["text"].as_str().unwrap().contains("goutte-à-goutte"));
    assert_eq!(by_file["e-article.html.gz"]["sha256"], good["sha256"]);
    assert!(stderr.contains("5 pages"), "{stderr}");
    assert!(stderr.contains("too_large 1"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reextract_after_a_rule_change_rewrites_exactly_the_articles_whose_text_changed() {
    let server = start_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let warc = tmp.path().join("warc");
    let cfg = write_config(
        tmp.path(),
        &server,
        &format!("warc = {:?}", warc.display().to_string()),
    );
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let before = manifest_lines(&out);

    // Nothing changed: nothing is written.
    let (code, stdout, stderr) = run_crawl(&cfg, &["reextract", "--site", "sahel-info"]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("0 changed"), "{stdout}");
    assert_eq!(manifest_lines(&out).len(), before.len());

    // The site's rules now drop its bulleted lists: the articles that have one change.
    let site_file = cfg.join("sites/sahel-info.toml");
    let mut toml = std::fs::read_to_string(&site_file).unwrap();
    toml.push_str("\n[extract]\nremove = [\"ul.spip\"]\n");
    std::fs::write(&site_file, toml).unwrap();
    let jsonl = |stdout: &str| -> BTreeMap<String, String> {
        stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["site"] == "sahel-info" && v["sha256"].is_string())
            .map(|v| {
                (
                    v["url"].as_str().unwrap().to_owned(),
                    v["sha256"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let (_, now, _) = run_crawl(&cfg, &["extract", warc.to_str().unwrap()]).await;
    let now = jsonl(&now);
    let written: BTreeMap<String, String> = before
        .iter()
        .filter(|l| l["site"] == "sahel-info")
        .map(|l| {
            (
                l["url"].as_str().unwrap().to_owned(),
                l["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let changed: BTreeSet<&String> = written
        .iter()
        .filter(|(url, sha)| now.get(*url).is_some_and(|n| n != *sha))
        .map(|(url, _)| url)
        .collect();
    assert_eq!(changed.len(), 1, "the fixture has one article with a list");

    let (code, stdout, stderr) = run_crawl(&cfg, &["reextract", "--site", "sahel-info"]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("1 changed"), "{stdout}");
    let after = manifest_lines(&out);
    let new_lines = &after[before.len()..];
    assert_eq!(new_lines.len(), changed.len());
    for line in new_lines {
        assert!(changed.contains(&line["url"].as_str().unwrap().to_owned()));
        assert_eq!(line["updated"], true);
        assert_eq!(
            line["supersedes"].as_str(),
            written
                .get(line["url"].as_str().unwrap())
                .map(String::as_str)
        );
        let text = std::fs::read_to_string(out.join(line["path"].as_str().unwrap())).unwrap();
        assert!(!text.contains("compostage"), "the list is gone: {text}");
    }
    // The other sites were not touched, and a second pass finds nothing more to do.
    let (code, stdout, _) = run_crawl(&cfg, &["reextract", "--site", "sahel-info"]).await;
    assert_eq!(code, 0);
    assert!(stdout.contains("0 changed"), "{stdout}");
    assert_eq!(manifest_lines(&out).len(), after.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reextract_joins_the_captured_pages_of_a_split_article_again() {
    use crate::common::sample_sites::{SampleServer, SampleSite};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let site = SampleSite::from_dir(&root.join("wp-multipage")).unwrap();
    let server = SampleServer::start(vec![site]).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let warc = tmp.path().join("warc");
    let cfg = write_config(
        tmp.path(),
        &server,
        &format!("warc = {:?}", warc.display().to_string()),
    );
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(manifest_lines(&out).len(), 1, "{stdout}");
    // Its second page is not an article of its own, and the first alone is not a change.
    let (code, stdout, stderr) = run_crawl(&cfg, &["reextract"]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(": 1 pages: 0 changed, 0 new, 1 unchanged"),
        "{stdout}"
    );
    assert_eq!(manifest_lines(&out).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_a_batch_extraction_with_whole_lines_and_says_so() {
    use tokio::io::AsyncBufReadExt;
    let tmp = tempfile::tempdir().unwrap();
    let mut child = extract_repeated_article(tmp.path(), 20_000, &["--threads", "1"]);
    let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).await.unwrap();
    assert!(first.contains("goutte"), "{first}");
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let mut rest = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut stdout, &mut rest)
        .await
        .unwrap();
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
        .await
        .expect("stopped within seconds")
        .unwrap();
    let mut stderr = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr)
        .await
        .unwrap();
    assert_eq!(status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("stopped by a signal"), "{stderr}");
    let lines: Vec<&str> = std::iter::once(first.trim_end())
        .chain(rest.lines())
        .collect();
    assert!(lines.len() < 20_000, "it stopped before the end");
    for l in &lines {
        let v: serde_json::Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("torn line {l:?}: {e}"));
        assert!(v["sha256"].is_string());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_stops_early_ends_the_extraction_quietly() {
    use tokio::io::AsyncBufReadExt;
    let tmp = tempfile::tempdir().unwrap();
    // `crawl extract DIR | head -1`
    let mut child = extract_repeated_article(tmp.path(), 2_000, &[]);
    let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).await.unwrap();
    drop(stdout);
    let out = tokio::time::timeout(std::time::Duration::from_secs(20), child.wait_with_output())
        .await
        .expect("ends once its reader has gone")
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
}
