//! Extraction never panics, whatever the bytes (decoded as the crawl does).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = crawl::decode::decode_html(data, None, None).text;
    let _ = crawl::extract::Extractor::default().extract(&text, &crawl::extract::SiteRules::default());
});
