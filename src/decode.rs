//! Bytes → text. Servers lie about charsets and old SPIP sites still serve windows-1252, so
//! the order follows the WHATWG encoding sniffing rules: byte-order mark, then the
//! `Content-Type` charset, then a `<meta charset>` / `http-equiv` in the first bytes, then
//! statistical detection (chardetng), then UTF-8. Labels are WHATWG labels, so
//! `iso-8859-1` means windows-1252, as browsers read it.

use encoding_rs::{Encoding, UTF_8};
use std::sync::LazyLock;

/// How many leading bytes are searched for a `<meta>` charset (WHATWG prescans 1024;
/// WordPress heads often push it further down, so we look a little further).
const META_PRESCAN_BYTES: usize = 4096;

/// Where the encoding decision came from; reported by `crawl extract --explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    Bom,
    Header,
    Meta,
    Detected,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
    /// Number of U+FFFD replacement characters the decoding produced.
    pub replacements: usize,
}

/// Decodes an HTML (or XML) body. `content_type` is the raw header value, `tld` a hint for
/// detection such as `"bf"` or `"fr"`.
#[must_use]
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> Decoded {
    let (encoding, source) = sniff(bytes, content_type, tld);
    decode_with(bytes, encoding, source)
}

/// Chooses the encoding without decoding.
#[must_use]
pub fn sniff(
    bytes: &[u8],
    content_type: Option<&str>,
    tld: Option<&str>,
) -> (&'static Encoding, CharsetSource) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, CharsetSource::Bom);
    }
    // Declarations are often wrong in one of two ways, and the bytes tell which: a page
    // that says UTF-8 but is not valid UTF-8 (detect instead), and a page that declares a
    // legacy encoding but whose non-ASCII bytes are all valid UTF-8 sequences — which text
    // really in a legacy encoding almost never is — so it is UTF-8.
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let utf8_non_ascii = valid_utf8 && !bytes.is_ascii();
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, CharsetSource::Header))
        .or_else(|| {
            charset_from_meta(&bytes[..bytes.len().min(META_PRESCAN_BYTES)])
                .map(|e| (e, CharsetSource::Meta))
        });
    if let Some((encoding, source)) = declared {
        if encoding == UTF_8 {
            return if valid_utf8 {
                (UTF_8, source)
            } else {
                (detect(bytes, tld), CharsetSource::Detected)
            };
        }
        if utf8_non_ascii {
            return (UTF_8, CharsetSource::Detected);
        }
        return (encoding, source);
    }
    if valid_utf8 {
        return (UTF_8, CharsetSource::Detected);
    }
    (detect(bytes, tld), CharsetSource::Detected)
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding, source: CharsetSource) -> Decoded {
    let (text, used, _) = encoding.decode(bytes);
    let replacements = text.matches('\u{FFFD}').count();
    Decoded {
        text: text.into_owned(),
        encoding: used,
        source,
        replacements,
    }
}

fn detect(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // chardetng asserts on upper case, dots and non-ASCII: pass only a clean label.
    let tld = tld.filter(|t| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    detector.guess(tld.map(str::as_bytes), chardetng::Utf8Detection::Allow)
}

/// Extracts the charset parameter from a `Content-Type` header value.
#[must_use]
pub fn charset_from_content_type(value: &str) -> Option<&'static Encoding> {
    value.split(';').skip(1).find_map(|param| {
        let (name, val) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("charset") {
            Encoding::for_label(
                val.trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .as_bytes(),
            )
        } else {
            None
        }
    })
}

static META_CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r#"(?i)<meta[^>]+?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("static regex")
});

/// Finds `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
fn charset_from_meta(head: &[u8]) -> Option<&'static Encoding> {
    let caps = META_CHARSET.captures(head)?;
    let encoding = Encoding::for_label(caps.get(1)?.as_bytes())?;
    // A meta declaring UTF-16 is impossible in an ASCII-compatible prescan: use UTF-8.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_header() {
        let bytes = b"\xEF\xBB\xBFcaf\xC3\xA9";
        let d = decode_html(bytes, Some("text/html; charset=iso-8859-1"), None);
        assert_eq!(d.text, "café");
        assert_eq!(d.source, CharsetSource::Bom);
    }

    #[test]
    fn iso_8859_1_label_means_windows_1252() {
        // 0x92 is a right single quote in windows-1252, a C1 control in true ISO-8859-1.
        let d = decode_html(
            b"l\x92\xE9t\xE9",
            Some("text/html; charset=ISO-8859-1"),
            None,
        );
        assert_eq!(d.text, "l\u{2019}été");
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
    }

    #[test]
    fn meta_http_equiv_is_used_without_header_charset() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>r\xE9forme</body></html>";
        let d = decode_html(page, Some("text/html"), None);
        assert!(d.text.contains("réforme"), "{}", d.text);
        assert_eq!(d.source, CharsetSource::Meta);
    }

    #[test]
    fn header_claiming_utf8_on_latin1_bytes_falls_back_to_detection() {
        let page =
            "<p>Le ministre a annoncé une réforme de l'éducation à Ouagadougou, très attendue.</p>";
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let d = decode_html(&latin1, Some("text/html; charset=utf-8"), Some("bf"));
        assert!(d.text.contains("réforme de l'éducation"), "{}", d.text);
        assert_eq!(d.replacements, 0);
    }

    #[test]
    fn valid_utf8_declared_as_a_legacy_encoding_is_utf8() {
        let page = "<meta charset=\"gb2312\"><p>北京 — été</p>";
        let d = decode_html(page.as_bytes(), None, None);
        assert!(d.text.contains("北京 — été"), "{}", d.text);
        let d = decode_html(
            "<p>été</p>".as_bytes(),
            Some("text/html; charset=windows-1252"),
            None,
        );
        assert_eq!(d.text, "<p>été</p>");
    }

    #[test]
    fn undeclared_utf8_stays_utf8() {
        let d = decode_html("<p>Türkiye</p>".as_bytes(), None, None);
        assert_eq!(d.text, "<p>Türkiye</p>");
    }
}
