//! Sitemaps (urlset, sitemap index, Google News) read with a streaming XML reader that
//! never expands entities, capped at the protocol's 50 000 entries per file; `.gz` bodies
//! are inflated with a cap on the inflated size. A bad entry is dropped, not the file.

use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use std::io::Read;

/// The sitemap protocol's limit on entries per file.
pub const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapKind {
    UrlSet,
    Index,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
    /// `<news:title>` of a Google News sitemap.
    pub news_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitemap {
    pub kind: SitemapKind,
    pub entries: Vec<SitemapEntry>,
    /// Entries beyond [`MAX_ENTRIES`] that were ignored.
    pub truncated: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SitemapError {
    #[error("not a sitemap (root element {0:?})")]
    NotASitemap(String),
    #[error("invalid gzip: {0}")]
    Gzip(String),
    #[error("inflated sitemap larger than {0} bytes")]
    TooLarge(u64),
}

/// Inflates a gzip body (detected by its magic bytes) with a cap; other bodies pass through.
pub fn maybe_gunzip(
    body: &[u8],
    max_bytes: u64,
) -> Result<std::borrow::Cow<'_, [u8]>, SitemapError> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(std::borrow::Cow::Borrowed(body));
    }
    let mut out = Vec::new();
    let mut reader = flate2::read::GzDecoder::new(body).take(max_bytes + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| SitemapError::Gzip(e.to_string()))?;
    if out.len() as u64 > max_bytes {
        return Err(SitemapError::TooLarge(max_bytes));
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// Parses a sitemap document. Tolerates junk after the root and broken entries.
pub fn parse(xml: &[u8]) -> Result<Sitemap, SitemapError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut kind = None;
    let mut entries = Vec::new();
    let mut truncated = 0;
    let mut current: Option<SitemapEntry> = None;
    let mut field: Option<&'static str> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap_or("");
                match (kind, name) {
                    (None, "urlset") => kind = Some(SitemapKind::UrlSet),
                    (None, "sitemapindex") => kind = Some(SitemapKind::Index),
                    (None, other) => return Err(SitemapError::NotASitemap(other.to_owned())),
                    (Some(_), "url" | "sitemap") => {
                        current = Some(SitemapEntry {
                            loc: String::new(),
                            lastmod: None,
                            news_title: None,
                        })
                    }
                    (Some(_), "loc") => field = Some("loc"),
                    (Some(_), "lastmod") => field = Some("lastmod"),
                    (Some(_), "publication_date") => field = Some("publication_date"),
                    (Some(_), "title") => field = Some("title"),
                    _ => {}
                }
            }
            Ok(Event::Text(t)) => {
                if let (Some(f), Some(entry)) = (field, current.as_mut()) {
                    // Unknown entities (no DTD is ever read) make the value unusable: drop it.
                    let Ok(text) = t.unescape() else { continue };
                    let text = text.trim();
                    match f {
                        "loc" => entry.loc.push_str(text),
                        "lastmod" | "publication_date" => {
                            entry.lastmod = entry
                                .lastmod
                                .or_else(|| crate::text::date::parse_date(text));
                        }
                        "title" => entry.news_title = Some(text.to_owned()),
                        _ => {}
                    }
                }
            }
            Ok(Event::CData(t)) => {
                if let (Some("loc"), Some(entry)) = (field, current.as_mut()) {
                    entry.loc.push_str(String::from_utf8_lossy(&t).trim());
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"url" | b"sitemap" => {
                        if let Some(entry) = current.take().filter(|e| !e.loc.is_empty()) {
                            if entries.len() < MAX_ENTRIES {
                                entries.push(entry);
                            } else {
                                truncated += 1;
                            }
                        }
                    }
                    _ => field = None,
                }
            }
            Ok(Event::Eof) => break,
            // A syntax error ends the file; what was read so far is kept.
            Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    let kind = kind.ok_or_else(|| SitemapError::NotASitemap(String::new()))?;
    Ok(Sitemap {
        kind,
        entries,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_with_news_and_bad_dates() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://x.bf/2024/03/12/a/</loc><news:news><news:publication_date>2024-03-12T08:00:00+00:00</news:publication_date><news:title>A &amp; B</news:title></news:news></url>
 <url><loc>https://x.bf/2024/03/11/b/</loc><lastmod>not a date</lastmod></url>
 <url><lastmod>2024-01-01</lastmod></url>
</urlset>"#;
        let s = parse(xml).unwrap();
        assert_eq!(s.kind, SitemapKind::UrlSet);
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.entries[0].news_title.as_deref(), Some("A & B"));
        assert!(s.entries[0].lastmod.is_some());
        assert!(s.entries[1].lastmod.is_none());
    }

    #[test]
    fn index_and_gzip() {
        let xml = b"<sitemapindex><sitemap><loc>https://x.bf/post-sitemap.xml</loc></sitemap></sitemapindex>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, xml).unwrap();
        let body = gz.finish().unwrap();
        let raw = maybe_gunzip(&body, 1 << 20).unwrap();
        let s = parse(&raw).unwrap();
        assert_eq!(s.kind, SitemapKind::Index);
        assert_eq!(s.entries[0].loc, "https://x.bf/post-sitemap.xml");
    }

    #[test]
    fn entity_bomb_is_not_expanded() {
        let xml = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<urlset><url><loc>&lol2;</loc></url><url><loc>https://x.bf/ok/</loc></url></urlset>"#;
        let s = parse(xml).unwrap();
        assert_eq!(s.entries.len(), 1);
        assert_eq!(s.entries[0].loc, "https://x.bf/ok/");
    }

    #[test]
    fn gzip_bomb_is_capped() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &vec![b'a'; 10 << 20]).unwrap();
        let body = gz.finish().unwrap();
        assert!(matches!(
            maybe_gunzip(&body, 1 << 20),
            Err(SitemapError::TooLarge(_))
        ));
    }

    #[test]
    fn caps_entries_at_protocol_limit() {
        let mut xml = String::from("<urlset>");
        for i in 0..(MAX_ENTRIES + 10) {
            xml.push_str(&format!("<url><loc>https://x.bf/{i}</loc></url>"));
        }
        xml.push_str("</urlset>");
        let s = parse(xml.as_bytes()).unwrap();
        assert_eq!(s.entries.len(), MAX_ENTRIES);
        assert_eq!(s.truncated, 10);
    }

    #[test]
    fn html_is_not_a_sitemap() {
        assert!(parse(b"<html><body>404</body></html>").is_err());
    }
}
