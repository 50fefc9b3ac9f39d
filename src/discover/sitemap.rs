//! Sitemaps (urlset, sitemap index, Google News) read with a streaming XML reader that
//! never expands entities, capped at the protocol's 50 000 entries per file; `.gz` bodies
//! are inflated with a cap on the inflated size. A bad entry is dropped, not the file.
//!
//! The reader is namespace-aware because WordPress SEO plugins (Yoast, Rank Math, Jetpack)
//! nest `<image:image><image:loc>`, `<video:video>` and `<xhtml:link>` inside each `<url>`:
//! only `<loc>` and `<lastmod>` of the sitemap namespace (or of no namespace, as some CMSs
//! write) belong to the entry. `<news:news>` is read for its title and publication date.

use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use std::io::Read;

/// The sitemap protocol's limit on entries per file.
pub const MAX_ENTRIES: usize = 50_000;

/// Namespaces of the sitemap protocol itself: the current one (also seen with `https` or a
/// trailing slash) and Google's older ones.
const SITEMAP_NAMESPACES: &[&str] = &[
    "http://www.sitemaps.org/schemas/sitemap/0.9",
    "https://www.sitemaps.org/schemas/sitemap/0.9",
    "http://www.google.com/schemas/sitemap/0.84",
    "http://www.google.com/schemas/sitemap/0.9",
];

/// Namespaces of the Google News extension.
const NEWS_NAMESPACES: &[&str] = &[
    "http://www.google.com/schemas/sitemap-news/0.9",
    "http://www.google.com/schemas/sitemap-news/0.84",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapKind {
    UrlSet,
    Index,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub loc: String,
    /// `<lastmod>` of the sitemap namespace (never an extension's date).
    pub lastmod: Option<DateTime<Utc>>,
    /// `<news:title>` of a Google News sitemap.
    pub news_title: Option<String>,
    /// `<news:publication_date>` of a Google News sitemap.
    pub news_published: Option<DateTime<Utc>>,
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
    let mut reader = quick_xml::NsReader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut p = Parser::default();
    loop {
        match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, Event::Start(e))) => p.open(&ns, e.local_name().as_ref())?,
            Ok((ns, Event::Empty(e))) => {
                p.open(&ns, e.local_name().as_ref())?;
                p.end();
            }
            // Unknown entities (no DTD is ever read) make the value unusable: drop it.
            Ok((_, Event::Text(t))) => match t.unescape() {
                Ok(text) => p.text(&text),
                Err(_) => p.poison(),
            },
            Ok((_, Event::CData(t))) => p.text(&String::from_utf8_lossy(&t)),
            Ok((_, Event::End(_))) => p.end(),
            Ok((_, Event::Eof)) => break,
            // A syntax error ends the file; what was read so far is kept.
            Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    let kind = p
        .kind
        .ok_or_else(|| SitemapError::NotASitemap(String::new()))?;
    Ok(Sitemap {
        kind,
        entries: p.entries,
        truncated: p.truncated,
    })
}

/// What an element's namespace makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// The sitemap protocol's own namespace, or none.
    Sitemap,
    News,
    /// Images, videos, XHTML links and anything else: ignored.
    Other,
}

/// A value read from an element's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Loc,
    Lastmod,
    NewsTitle,
    NewsPublished,
}

/// The state of one pass over the document. Depth 1 is the root, 2 an entry (`<url>` or
/// `<sitemap>`), 3 its children, 4 the children of `<news:news>`.
#[derive(Debug, Default)]
struct Parser {
    kind: Option<SitemapKind>,
    /// The root's namespace, accepted for the entries too (some generators invent one).
    root_ns: Option<Vec<u8>>,
    depth: usize,
    entry: Option<SitemapEntry>,
    in_news: bool,
    /// The field being read and the depth of its element.
    field: Option<(Field, usize)>,
    text: String,
    /// False when the field's text held an entity that could not be resolved.
    text_ok: bool,
    entries: Vec<SitemapEntry>,
    truncated: usize,
}

impl Parser {
    /// A start tag (or the start of an empty one).
    fn open(&mut self, ns: &ResolveResult<'_>, local: &[u8]) -> Result<(), SitemapError> {
        if self.depth == 0 && self.kind.is_none() {
            if let ResolveResult::Bound(n) = ns {
                self.root_ns = Some(n.as_ref().to_vec());
            }
        }
        let ns = self.classify(ns);
        self.start(ns, local)
    }

    fn classify(&self, ns: &ResolveResult<'_>) -> Ns {
        match ns {
            ResolveResult::Unbound => Ns::Sitemap,
            ResolveResult::Bound(n) => {
                let n = n.as_ref();
                let uri = std::str::from_utf8(n).unwrap_or("").trim_end_matches('/');
                if SITEMAP_NAMESPACES.contains(&uri) || self.root_ns.as_deref() == Some(n) {
                    Ns::Sitemap
                } else if NEWS_NAMESPACES.contains(&uri) {
                    Ns::News
                } else {
                    Ns::Other
                }
            }
            // `news:` used without its declaration, as some plugins write it.
            ResolveResult::Unknown(prefix) if prefix.as_slice() == b"news" => Ns::News,
            ResolveResult::Unknown(_) => Ns::Other,
        }
    }

    fn start(&mut self, ns: Ns, local: &[u8]) -> Result<(), SitemapError> {
        self.depth += 1;
        match (self.depth, ns, local) {
            (1, _, _) if self.kind.is_some() => {}
            (1, _, b"urlset") => self.kind = Some(SitemapKind::UrlSet),
            (1, _, b"sitemapindex") => self.kind = Some(SitemapKind::Index),
            (1, _, other) => {
                return Err(SitemapError::NotASitemap(
                    String::from_utf8_lossy(other).into_owned(),
                ))
            }
            (2, Ns::Sitemap, b"url" | b"sitemap") if self.kind.is_some() => {
                self.entry = Some(SitemapEntry {
                    loc: String::new(),
                    lastmod: None,
                    news_title: None,
                    news_published: None,
                });
                self.in_news = false;
            }
            (3, Ns::Sitemap, b"loc") => self.begin(Field::Loc),
            (3, Ns::Sitemap, b"lastmod") => self.begin(Field::Lastmod),
            (3, Ns::News, b"news") => self.in_news = self.entry.is_some(),
            (4, Ns::News, b"title") if self.in_news => self.begin(Field::NewsTitle),
            (4, Ns::News, b"publication_date") if self.in_news => {
                self.begin(Field::NewsPublished);
            }
            _ => {}
        }
        Ok(())
    }

    fn begin(&mut self, field: Field) {
        if self.entry.is_some() {
            self.field = Some((field, self.depth));
            self.text.clear();
            self.text_ok = true;
        }
    }

    /// Text directly inside the field's element (not inside a child of it).
    fn text(&mut self, text: &str) {
        if matches!(self.field, Some((_, d)) if d == self.depth) {
            self.text.push_str(text);
        }
    }

    fn poison(&mut self) {
        if matches!(self.field, Some((_, d)) if d == self.depth) {
            self.text_ok = false;
        }
    }

    fn end(&mut self) {
        if let Some((field, d)) = self.field {
            if d == self.depth {
                self.field = None;
                self.finish(field);
            }
        }
        match self.depth {
            3 => self.in_news = false,
            2 => self.push_entry(),
            _ => {}
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn finish(&mut self, field: Field) {
        let (Some(entry), true) = (self.entry.as_mut(), self.text_ok) else {
            return;
        };
        let value = self.text.trim();
        if value.is_empty() {
            return;
        }
        match field {
            Field::Loc if entry.loc.is_empty() => value.clone_into(&mut entry.loc),
            Field::Loc => {}
            Field::Lastmod => entry.lastmod = crate::text::date::parse_date(value),
            Field::NewsTitle => entry.news_title = Some(value.to_owned()),
            Field::NewsPublished => {
                entry.news_published = crate::text::date::parse_date(value);
            }
        }
    }

    fn push_entry(&mut self) {
        if let Some(entry) = self.entry.take().filter(|e| !e.loc.is_empty()) {
            if self.entries.len() < MAX_ENTRIES {
                self.entries.push(entry);
            } else {
                self.truncated += 1;
            }
        }
    }
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
        // The news date is the publication date, not the sitemap's lastmod.
        assert!(s.entries[0].news_published.is_some());
        assert!(s.entries[0].lastmod.is_none());
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
            let _ = std::fmt::Write::write_fmt(
                &mut xml,
                format_args!("<url><loc>https://x.bf/{i}</loc></url>"),
            );
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

    #[test]
    fn image_loc_never_glues_onto_the_page_url() {
        let xml = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><image:image><image:loc>https://x.bf/wp-content/uploads/a.jpg</image:loc></image:image><loc>https://x.bf/2024/07/slug/</loc><image:image><image:loc>https://x.bf/wp-content/uploads/b.jpg</image:loc></image:image></url>
</urlset>"#;
        let s = parse(xml).unwrap();
        assert_eq!(s.entries.len(), 1);
        assert_eq!(s.entries[0].loc, "https://x.bf/2024/07/slug/");
    }

    #[test]
    fn old_google_namespace_and_prefixed_sitemap_elements() {
        let old = br#"<urlset xmlns="http://www.google.com/schemas/sitemap/0.84"><url><loc>https://x.bf/a/</loc><lastmod>2024-07-01</lastmod></url></urlset>"#;
        let s = parse(old).unwrap();
        assert_eq!(s.entries[0].loc, "https://x.bf/a/");
        assert!(s.entries[0].lastmod.is_some());
        let prefixed = br#"<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9/"><sm:sitemap><sm:loc>https://x.bf/s.xml</sm:loc></sm:sitemap></sm:sitemapindex>"#;
        let s = parse(prefixed).unwrap();
        assert_eq!(s.kind, SitemapKind::Index);
        assert_eq!(s.entries[0].loc, "https://x.bf/s.xml");
    }

    #[test]
    fn extension_dates_and_names_stay_out_of_the_entry() {
        let xml = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
<url><loc>https://x.bf/a/</loc><video:video><video:title>Clip</video:title><video:publication_date>2024-07-01T00:00:00Z</video:publication_date></video:video>
<news:news><news:publication><news:name>X</news:name></news:publication><news:title>Real title</news:title></news:news></url></urlset>"#;
        let s = parse(xml).unwrap();
        let e = &s.entries[0];
        assert_eq!(e.lastmod, None);
        assert_eq!(e.news_published, None);
        assert_eq!(e.news_title.as_deref(), Some("Real title"));
    }
}
