//! Charset decoding never panics, with or without a declared charset.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = crawl::decode::decode_html(data, None, Some("bf"));
    let _ = crawl::decode::decode_html(data, Some("text/html; charset=iso-8859-1"), None);
    let _ = crawl::decode::decode_html(data, Some("text/html; charset=utf-8"), None);
});
