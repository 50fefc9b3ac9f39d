//! Sitemaps (gzip or not) and feeds never panic and never exceed the entry cap.
#![no_main]
use libfuzzer_sys::fuzz_target;
use crawl::discover::{feed, sitemap};

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = sitemap::maybe_gunzip(data, 1 << 20) {
        if let Ok(map) = sitemap::parse(&raw) {
            assert!(map.entries.len() <= sitemap::MAX_ENTRIES);
        }
    }
    let _ = feed::entry_links(data);
});
