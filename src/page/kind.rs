//! Article or not: a page with enough text is written only when it is an article, not a
//! listing (section, tag, author or home page whose "body" is teasers) nor a static page
//! (contact, legal notice, privacy, about, subscription). Real news sites say what a page
//! is in many small ways, none reliable alone: JSON-LD types, `og:type`, a publication
//! time, the CMS's body classes, the URL's shape, the title, the body's teasers. Each is
//! weighed as evidence for one kind; a page is refused only when the evidence against it
//! being an article outweighs the evidence for by [`REFUSE_MARGIN`], which no single
//! signal reaches. Without any signal (a bare page of an unknown CMS) it is an article,
//! as before this stage existed. Pure: unit-tested without a network.

mod vocab;

use crate::discover::policy;
use crate::extract::metadata::KindSignals;
use crate::extract::vocab::metadata::ARTICLE_TYPES;
use crate::model::{Article, BlockKind, Rejection};
use crate::text::fold;
use std::fmt;
use url::Url;
use vocab::{
    ARTICLE_BODY_CLASSES, LISTING_BODY_CLASSES, LISTING_TYPES, STATIC_BODY_CLASSES, STATIC_SLUGS,
    STATIC_TITLES, STATIC_TYPES, TEASER_ENDS,
};

/// Weight of a signal that, on the sites we know, is wrong for a kind only by mistake of
/// the site (a JSON-LD type, a CMS body class, a static-page URL or title).
const STRONG: u32 = 2;
/// Weight of a signal that many pages of another kind also carry (`og:type`, a
/// published-time tag, a date, the URL's shape).
const WEAK: u32 = 1;
/// How much the evidence against "article" must exceed the evidence for it: more than
/// one strong signal, so that no signal alone refuses a page.
const REFUSE_MARGIN: u32 = 3;
/// A teaser excerpt is short: longer paragraphs that end in "…" are article text.
const TEASER_MAX_CHARS: usize = 400;
/// Teasers are a listing's body when they are at least this many…
const TEASER_MIN_COUNT: usize = 2;
/// …and at least this share (in percent) of the body's paragraphs.
const TEASER_MIN_PERCENT: usize = 50;
/// This many cut-off excerpts anywhere on the page (the body may be a section's
/// description, the teasers around it) is a weak listing signal: an article's
/// related-posts box may carry one or two.
const PAGE_TEASERS_MIN: usize = 3;
/// A title that starts with a static page's name names that page only when it is short
/// ("Contact", "Mentions légales – Le Journal").
const STATIC_TITLE_MAX_WORDS: usize = 6;

/// The kinds a page can be taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    Listing,
    StaticPage,
}

/// One piece of evidence: what it says the page is, how strongly, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub kind: Kind,
    pub weight: u32,
    pub signal: String,
}

/// The decision and the evidence it was taken on (for `--explain` and `-vv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub kind: Kind,
    pub evidence: Vec<Evidence>,
}

impl Verdict {
    /// The rejection this verdict means, if the page is not an article.
    #[must_use]
    pub fn rejection(&self) -> Option<Rejection> {
        match self.kind {
            Kind::Article => None,
            Kind::Listing => Some(Rejection::Listing),
            Kind::StaticPage => Some(Rejection::StaticPage),
        }
    }

    fn total(&self, kind: Kind) -> u32 {
        self.evidence
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.weight)
            .sum()
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |k: Kind| match k {
            Kind::Article => "article",
            Kind::Listing => "listing",
            Kind::StaticPage => "static page",
        };
        write!(f, "{}", name(self.kind))?;
        for kind in [Kind::Article, Kind::Listing, Kind::StaticPage] {
            let signals: Vec<&str> = self
                .evidence
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.signal.as_str())
                .collect();
            if !signals.is_empty() {
                write!(
                    f,
                    "; {} {}: {}",
                    name(kind),
                    self.total(kind),
                    signals.join(", ")
                )?;
            }
        }
        Ok(())
    }
}

/// Weighs what the page says about itself; `url` is where it was fetched from.
#[must_use]
pub fn classify(url: Option<&Url>, signals: &KindSignals, article: &Article) -> Verdict {
    let mut evidence = Vec::new();
    let mut add = |kind, weight, signal: String| {
        evidence.push(Evidence {
            kind,
            weight,
            signal,
        });
    };
    json_ld(signals, &mut add);
    match signals.og_type.as_deref() {
        Some("article") => add(Kind::Article, WEAK, "og:type article".into()),
        Some("website") => add(Kind::Listing, WEAK, "og:type website".into()),
        _ => {}
    }
    if signals.published_meta {
        add(Kind::Article, WEAK, "article:published_time".into());
    }
    if article.published.is_some() {
        add(Kind::Article, WEAK, "a publication date".into());
    }
    body_classes(&signals.body_classes, &mut add);
    if let Some(url) = url {
        url_shape(url, &mut add);
    }
    if let Some(name) = static_title(&article.title) {
        add(Kind::StaticPage, STRONG, format!("title {name:?}"));
    }
    let (teasers, paragraphs) = teasers(article);
    if teasers >= TEASER_MIN_COUNT && teasers * 100 >= paragraphs * TEASER_MIN_PERCENT {
        add(
            Kind::Listing,
            STRONG,
            format!("{teasers} of {paragraphs} paragraphs are teasers"),
        );
    }
    if signals.teaser_ends >= PAGE_TEASERS_MIN {
        add(
            Kind::Listing,
            WEAK,
            format!("{} teaser excerpts on the page", signals.teaser_ends),
        );
    }
    let mut verdict = Verdict {
        kind: Kind::Article,
        evidence,
    };
    let (for_article, listing, fixed) = (
        verdict.total(Kind::Article),
        verdict.total(Kind::Listing),
        verdict.total(Kind::StaticPage),
    );
    if listing + fixed >= for_article + REFUSE_MARGIN {
        verdict.kind = if fixed > listing {
            Kind::StaticPage
        } else {
            Kind::Listing
        };
    }
    verdict
}

fn json_ld(signals: &KindSignals, add: &mut impl FnMut(Kind, u32, String)) {
    let types = &signals.ld_types;
    if let Some(t) = types.iter().find(|t| ARTICLE_TYPES.contains(&t.as_str())) {
        add(Kind::Article, STRONG, format!("JSON-LD {t}"));
        return;
    }
    if let Some(t) = types.iter().find(|t| LISTING_TYPES.contains(&t.as_str())) {
        add(Kind::Listing, STRONG, format!("JSON-LD {t}"));
    } else if let Some(t) = types.iter().find(|t| STATIC_TYPES.contains(&t.as_str())) {
        add(Kind::StaticPage, STRONG, format!("JSON-LD {t}"));
    } else if types.iter().any(|t| t == "WebPage") {
        add(Kind::StaticPage, WEAK, "JSON-LD WebPage, no article".into());
    }
}

/// The first body class of each kind counts once.
fn body_classes(classes: &[String], add: &mut impl FnMut(Kind, u32, String)) {
    let matches = |list: &[&str], c: &str| {
        list.iter().any(|w| match w.strip_suffix('-') {
            Some(prefix) => {
                c.len() > w.len() && c.starts_with(prefix) && c[prefix.len()..].starts_with('-')
            }
            None => c == *w,
        })
    };
    for (list, kind) in [
        (ARTICLE_BODY_CLASSES, Kind::Article),
        (LISTING_BODY_CLASSES, Kind::Listing),
        (STATIC_BODY_CLASSES, Kind::StaticPage),
    ] {
        if let Some(c) = classes.iter().find(|c| matches(list, c)) {
            add(kind, STRONG, format!("body class {c}"));
        }
    }
}

fn url_shape(url: &Url, add: &mut impl FnMut(Kind, u32, String)) {
    if let Some(slug) = static_slug(url) {
        add(Kind::StaticPage, STRONG, format!("URL /{slug}"));
    } else if policy::article_shaped(url) {
        add(Kind::Article, WEAK, "an article URL".into());
    } else if policy::listing_shaped(url) {
        add(Kind::Listing, WEAK, "a listing URL".into());
    }
}

/// The static page a URL names: its last path segment (without an extension), or a
/// SPIP/PHP `page=` parameter, when it is a static page's name.
fn static_slug(url: &Url) -> Option<String> {
    let last = url
        .path_segments()
        .and_then(|mut s| s.rfind(|x| !x.is_empty()))
        .map(|s| s.split('.').next().unwrap_or(s).to_ascii_lowercase());
    let page = url
        .query_pairs()
        .find(|(k, _)| k == "page")
        .map(|(_, v)| v.to_ascii_lowercase());
    [last, page].into_iter().flatten().find(|s| {
        let folded = fold(s);
        STATIC_SLUGS.contains(&folded.as_str())
    })
}

/// The static page a title names.
fn static_title(title: &str) -> Option<&'static str> {
    let folded = fold(title);
    let words = folded.split_whitespace().count();
    STATIC_TITLES.iter().copied().find(|name| {
        folded == *name
            || (words <= STATIC_TITLE_MAX_WORDS
                && folded
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with([' ', '-', '|', ':', ','])))
    })
}

/// (teaser paragraphs, all paragraphs) of the body: short paragraphs that end cut off
/// or in a "read more" link.
fn teasers(article: &Article) -> (usize, usize) {
    let paragraphs: Vec<&str> = article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect();
    let teasers = paragraphs
        .iter()
        .filter(|p| {
            let folded = fold(p);
            let end = folded.trim_end();
            p.chars().count() <= TEASER_MAX_CHARS && TEASER_ENDS.iter().any(|e| end.ends_with(e))
        })
        .count();
    (teasers, paragraphs.len())
}

#[cfg(test)]
mod tests;
