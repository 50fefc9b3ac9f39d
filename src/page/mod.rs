//! The page stage: one fetched response and the site's rules in, a decoded, extracted,
//! gated and hashed article — or the typed reason it is not one — out. Pure and
//! synchronous, so it is unit-tested without a network, and it is the one function both
//! the crawler and `crawl extract` call: the two can never drift apart. Whether a page
//! with a body is an article at all is decided in [`kind`].

pub mod kind;
pub mod parts;
pub mod template;

use crate::decode::{decode_html, CharsetSource, Decoded};
use crate::extract::{Explanation, Extractor, SiteRules};
use crate::model::{Article, Rejection};
use url::Url;

/// Share of U+FFFD replacement characters above which a text is undecodable: a few
/// stray bytes are repaired, a page in the wrong charset is not an article.
pub const MAX_REPLACEMENT_SHARE: f64 = 0.005;

/// How many leading bytes are sniffed for binary signatures and control characters.
const SNIFF_BYTES: usize = 1024;

/// One response as the page stage sees it.
#[derive(Debug, Clone, Copy)]
pub struct RawPage<'a> {
    /// The URL the body came from (after redirects): the charset hint of its TLD and the
    /// base of the canonical link. `None` for a file of unknown origin.
    pub url: Option<&'a Url>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// An article ready to be published.
#[derive(Debug, Clone, PartialEq)]
pub struct PageArticle {
    pub article: Article,
    /// The page's canonical link, resolved against its URL and canonicalised.
    pub canonical: Option<Url>,
    /// SHA-256 of the normalised text (see [`crate::dedup`]).
    pub sha256: String,
    pub simhash: u64,
}

/// What the page stage made of a response.
#[derive(Debug)]
pub struct Processed {
    pub result: Result<PageArticle, Rejection>,
    /// The decoded document when the response was HTML: a rejected page's links are
    /// still worth harvesting.
    pub html: Option<String>,
    /// Which charset was used and why, when the response was HTML.
    pub charset: Option<(&'static str, CharsetSource)>,
    /// Filled by [`explain`] only.
    pub explanation: Option<Explanation>,
    /// Whether the page is an article, and on what evidence, when it had a body.
    pub verdict: Option<kind::Verdict>,
    /// The text of a page refused for its kind (a listing, a static page): not written
    /// by a crawl, shown by `crawl extract`.
    pub refused: Option<PageArticle>,
}

/// Runs the page stage.
#[must_use]
pub fn process(extractor: &Extractor, rules: &SiteRules, page: RawPage<'_>) -> Processed {
    run(extractor, rules, page, false)
}

/// Runs the page stage and records every rule that removed something.
#[must_use]
pub fn explain(extractor: &Extractor, rules: &SiteRules, page: RawPage<'_>) -> Processed {
    run(extractor, rules, page, true)
}

/// The response as text, when it is HTML: the charset from BOM, header, `<meta>` or
/// detection hinted by the URL's TLD. Listings are decoded here too, so that pages of
/// every kind are read the same way.
#[must_use]
pub fn decode(page: RawPage<'_>) -> Option<Decoded> {
    if !is_html(page.content_type, page.body) {
        return None;
    }
    let tld = page
        .url
        .and_then(Url::host_str)
        .and_then(|h| h.rsplit('.').next())
        .map(str::to_ascii_lowercase);
    Some(decode_html(page.body, page.content_type, tld.as_deref()))
}

fn run(extractor: &Extractor, rules: &SiteRules, page: RawPage<'_>, explain: bool) -> Processed {
    let Some(decoded) = decode(page) else {
        return Processed {
            result: Err(Rejection::NotHtml),
            html: None,
            charset: None,
            explanation: None,
            verdict: None,
            refused: None,
        };
    };
    let (extracted, explanation) = if explain {
        let (r, e) = extractor.explain(&decoded.text, rules);
        (r, Some(e))
    } else {
        (extractor.extract_page(&decoded.text, rules), None)
    };
    let (mut verdict, mut refused) = (None, None);
    let result = extracted.and_then(|extracted| {
        let article = extracted.article;
        if replacement_share(&article) > MAX_REPLACEMENT_SHARE {
            return Err(Rejection::Undecodable);
        }
        let v = kind::classify(page.url, &extracted.kind, &article);
        let rejection = v.rejection();
        verdict = Some(v);
        let done = finish(article, page.url);
        match rejection {
            Some(r) => {
                refused = Some(done);
                Err(r)
            }
            None => Ok(done),
        }
    });
    Processed {
        result,
        html: Some(decoded.text),
        charset: Some((decoded.encoding.name(), decoded.source)),
        explanation,
        verdict,
        refused,
    }
}

/// The content identity of an article whose text changed after the page stage (a
/// site template removed, later pages joined), with the canonical link it had.
fn finish_with(article: Article, canonical: Option<Url>) -> PageArticle {
    PageArticle {
        sha256: crate::dedup::content_hash(&article),
        simhash: crate::dedup::simhash(&article),
        canonical,
        article,
    }
}

/// Resolves the canonical link and computes the content identity.
fn finish(mut article: Article, url: Option<&Url>) -> PageArticle {
    let canonical = match (url, article.canonical_url.as_deref()) {
        (Some(base), Some(c)) => crate::canonical::resolve(base, c),
        _ => None,
    };
    if let Some(c) = &canonical {
        article.canonical_url = Some(c.to_string());
    }
    finish_with(article, canonical)
}

/// The minimum body an article needs under these rules (`0` in the rules means the
/// built-in default).
#[must_use]
pub fn min_body_chars(rules: &SiteRules) -> usize {
    if rules.min_chars == 0 {
        crate::extract::DEFAULT_MIN_CHARS
    } else {
        rules.min_chars
    }
}

fn replacement_share(a: &Article) -> f64 {
    let text = a.to_text();
    let total = text.chars().count().max(1);
    text.chars().filter(|c| *c == '\u{FFFD}').count() as f64 / total as f64
}

/// HTML by Content-Type, confirmed by sniffing the first bytes (binary served as
/// text/html, PDFs and images are refused).
#[must_use]
pub fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if !(ct.contains("html") || ct.contains("xml") || ct.starts_with("text/plain")) {
            return false;
        }
    }
    let head = &body[..body.len().min(SNIFF_BYTES)];
    let binary_magic: [&[u8]; 7] = [
        b"%PDF",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"PK\x03\x04",
        b"\x1F\x8B",
        b"RIFF",
    ];
    if binary_magic.iter().any(|m| head.starts_with(m)) {
        return false;
    }
    // More than 1 % NUL or C0 controls below TAB: not text.
    let controls = head.iter().filter(|b| **b < 0x09).count();
    controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="fr"><head><meta charset="utf-8">
        <title>Le barrage de Bagré rouvre ses vannes – Le Journal</title>
        <link rel="canonical" href="/2024/03/barrage-de-bagre-rouvre/?utm_source=x"></head>
        <body><article><h1>Le barrage de Bagré rouvre ses vannes</h1>
        <p>Les autorités ont annoncé lundi l'ouverture progressive des vannes du barrage de Bagré, après une saison des pluies exceptionnelle dans le Centre-Est du pays.</p>
        <p>Les populations riveraines sont invitées à la prudence et à s'éloigner du lit du fleuve Nakambé pendant toute la durée de l'opération, selon le communiqué officiel.</p>
        </article></body></html>"#;

    /// The page stage with built-in themes and no site rules.
    fn generic(url: Option<&Url>, content_type: Option<&str>, body: &[u8]) -> Processed {
        let raw = RawPage {
            url,
            content_type,
            body,
        };
        process(&Extractor::default(), &SiteRules::default(), raw)
    }

    fn url() -> Url {
        Url::parse("https://journal.example.bf/2024/03/barrage-de-bagre-rouvre/").unwrap()
    }

    #[test]
    fn an_article_is_extracted_hashed_and_its_canonical_resolved() {
        let u = url();
        let p = generic(Some(&u), Some("text/html"), PAGE.as_bytes());
        let a = p.result.unwrap();
        assert_eq!(a.article.title, "Le barrage de Bagré rouvre ses vannes");
        assert_eq!(a.sha256, crate::dedup::content_hash(&a.article));
        assert_eq!(
            a.canonical.unwrap().as_str(),
            "https://journal.example.bf/2024/03/barrage-de-bagre-rouvre/"
        );
        assert!(p.html.is_some());
    }

    #[test]
    fn binary_bodies_are_not_html_whatever_their_content_type() {
        let p = generic(None, Some("text/html"), b"%PDF-1.7\n\x00\x01\x02binary");
        assert_eq!(p.result.unwrap_err(), Rejection::NotHtml);
        assert!(p.html.is_none());
        assert!(!is_html(None, &[0u8, 1, 2, 3, 4, 5, 6, 7]));
        assert!(!is_html(Some("image/png"), b"<html>"));
        assert!(is_html(None, PAGE.as_bytes()));
    }

    #[test]
    fn text_in_the_wrong_charset_is_undecodable() {
        let text = PAGE
            .replace(['é', 'à'], "\u{FFFD}")
            .replace("les", "l\u{FFFD}s");
        let p = generic(None, None, text.as_bytes());
        assert_eq!(p.result.unwrap_err(), Rejection::Undecodable);
    }

    #[test]
    fn rejected_pages_keep_their_html_for_link_harvesting() {
        let p = generic(
            None,
            None,
            b"<html><body><ul><li><a href=/a>a</a></li></ul></body></html>",
        );
        assert!(p.result.is_err());
        assert!(p.html.unwrap().contains("href=/a"));
    }

    #[test]
    fn zero_min_chars_means_the_default() {
        let mut rules = SiteRules::default();
        assert_eq!(min_body_chars(&rules), crate::extract::DEFAULT_MIN_CHARS);
        rules.min_chars = 40;
        assert_eq!(min_body_chars(&rules), 40);
    }
}
