//! The crawl fixtures' article pages (`fixtures/sites/*`) must extract to exactly the
//! expected files (`fixtures/expected/*`), through the same decode and extract stages as
//! `crawl extract`.

use crawl::decode::decode_html;
use crawl::extract::{Extractor, SiteRules};
use std::path::Path;

#[test]
fn fixture_articles_extract_to_the_expected_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let extractor = Extractor::default();
    let mut checked = 0;
    for site in ["faso-matin", "ouaga-hebdo", "sahel-info"] {
        let dir = root.join("expected").join(site);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("expected dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for expected in files {
            let slug = expected.file_stem().unwrap().to_string_lossy().to_string();
            let slug = slug.trim_start_matches("syndicated-");
            let site_dir = root.join("sites").join(site);
            let page = [
                site_dir.join("posts").join(format!("{slug}.html")),
                site_dir.join(format!("{slug}.html")),
            ]
            .into_iter()
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no page for {}", expected.display()));
            let bytes = std::fs::read(&page).unwrap();
            // The test server replaces these placeholders before serving.
            let bytes = replace_placeholders(&bytes);
            let decoded = decode_html(&bytes, None, None);
            let article = extractor
                .extract(&decoded.text, &SiteRules::default())
                .unwrap_or_else(|r| panic!("{}: rejected: {r}", page.display()));
            let want = std::fs::read_to_string(&expected).unwrap();
            assert_eq!(article.to_text(), want, "{}", page.display());
            checked += 1;
        }
    }
    assert!(checked >= 12);
}

/// Replaces `{{BASE}}` and `{{BASE:site}}` as the test server does (byte-wise: one page
/// is windows-1252).
fn replace_placeholders(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(i) = rest.windows(6).position(|w| w == b"{{BASE") {
        out.extend_from_slice(&rest[..i]);
        let end = rest[i..]
            .windows(2)
            .position(|w| w == b"}}")
            .map_or(rest.len(), |e| i + e + 2);
        out.extend_from_slice(b"http://127.0.0.1:8080");
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}
