//! robots.txt parsing and matching never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let robots = crawl::fetch::robots::Robots::parse("crawl", data);
    let url = url::Url::parse("https://example.bf/2024/03/12/un-article/?p=1").expect("static URL");
    let _ = robots.allowed(&url);
    let _ = robots.crawl_delay();
    let _ = robots.sitemaps();
});
