//! URL canonicalisation never panics and is idempotent: a canonical URL is its own
//! canonical form (otherwise one page could be fetched under two keys).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let base = url::Url::parse("https://example.bf/rubrique/page/").expect("static URL");
    if let Some(c) = crawl::canonical::resolve(&base, s) {
        let again = crawl::canonical::canonicalize(&c).expect("a canonical URL stays canonical");
        assert_eq!(again, c, "canonicalisation is not idempotent for {s:?}");
    }
});
