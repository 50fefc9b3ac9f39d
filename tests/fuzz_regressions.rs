//! Every input the fuzzers found a crash with, replayed through the code it crashed
//! (`tests/fuzz-regressions/<target>-<what>.bin`): none may panic again.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-regressions")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{target}-")))
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap();
            (n, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn extraction_inputs_no_longer_panic() {
    let found = inputs("extract");
    assert!(!found.is_empty(), "no extract-*.bin regression inputs");
    for (name, bytes) in found {
        let text = crawl::decode::decode_html(&bytes, None, None).text;
        let result = std::panic::catch_unwind(|| {
            crawl::extract::Extractor::default()
                .extract(&text, &crawl::extract::SiteRules::default())
                .map(|a| a.blocks.len())
        });
        assert!(result.is_ok(), "{name} panics again");
    }
}

#[test]
fn canonical_inputs_stay_idempotent() {
    let found = inputs("canonical");
    assert!(!found.is_empty(), "no canonical-*.bin regression inputs");
    let base = url::Url::parse("https://example.bf/rubrique/page/").unwrap();
    for (name, bytes) in found {
        let Ok(s) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Some(c) = crawl::canonical::resolve(&base, s) {
            let again = crawl::canonical::canonicalize(&c);
            assert_eq!(again.as_ref(), Some(&c), "{name}: not idempotent");
        }
    }
}
