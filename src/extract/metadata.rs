//! Article metadata, decided per field in order of trust (as trafilatura does):
//! JSON-LD (`NewsArticle` and kin), then OpenGraph and `<meta>` tags, then the site's own
//! selectors, then the DOM. Bylines that are not names ("Par la rédaction", share-button
//! text, URLs) are rejected.
//!
//! The page's sources are read once ([`Sources`]); each field then has its own function:
//! the title in `title`, the authors in `authors`, the JSON-LD object in `jsonld`, the
//! date, language, canonical URL and JSON-LD body here.

mod authors;
mod jsonld;
mod title;

use super::tuning::{TEASER_TEXT_MIN_BYTES, TEXT_BYLINE_MAX_CHARS};
use super::vocab::metadata::{
    CUT_ENDS, DATE_META_KEYS, DOTTED_META_PREFIXES, LD_BODY_KEYS, TEXT_BYLINE_PREFIXES,
};
use super::SiteRules;
pub use authors::is_plausible_author;
use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html};
use serde_json::Value;
pub(crate) use title::similarity;

use crate::text::date::parse_date;
use crate::text::{collapse_ws, fold};

/// Metadata found on a page, before the body is chosen.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    /// `og:site_name` or JSON-LD publisher, used to strip " - Site" from titles.
    pub site_name: Option<String>,
    /// The page's first `<h1>`, which the body should not repeat.
    pub h1: Option<String>,
    /// JSON-LD `articleBody` (or `text`), line breaks kept: a recall fallback.
    pub article_body: Option<String>,
    /// The page's own summaries (`og:description`, `description`, `twitter:description`,
    /// JSON-LD `description`), distinct: the standfirst shown above the body says the same.
    pub descriptions: Vec<String>,
    /// A recipe's ingredients (JSON-LD `recipeIngredient`), which the body should list.
    pub ingredients: Vec<String>,
    /// What the page says about its own kind (article, listing, static page).
    pub kind: KindSignals,
    /// Where title, date and authors were found, for `--explain`.
    pub sources: FieldSources,
}

/// The source each metadata field was taken from (`None`: not found).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FieldSources {
    pub title: Option<&'static str>,
    pub published: Option<&'static str>,
    pub authors: Option<&'static str>,
}

/// The markup's own statements of what kind of page this is, read with the metadata;
/// [`crate::page`] weighs them with the URL and the body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KindSignals {
    /// Every JSON-LD `@type` (top-level, `@graph`, `mainEntity`).
    pub ld_types: Vec<String>,
    /// `og:type`, lower-cased.
    pub og_type: Option<String>,
    /// An `article:published_time` meta tag is present.
    pub published_meta: bool,
    /// The classes of `<body>` (WordPress `single-post`, `category`; SPIP `page_rubrique`).
    pub body_classes: Vec<String>,
    /// Text runs anywhere on the page that end cut off, as teaser excerpts do.
    pub teaser_ends: usize,
}

/// The elements metadata reads, found in one document-order pass instead of one
/// selector traversal each (these passes were a tenth of the extraction time).
#[derive(Default)]
struct Landmarks<'a> {
    html: Option<ElementRef<'a>>,
    body: Option<ElementRef<'a>>,
    title: Option<ElementRef<'a>>,
    canonical: Option<ElementRef<'a>>,
    metas: Vec<ElementRef<'a>>,
    json_ld: Vec<ElementRef<'a>>,
    /// `h1` and `h2` elements, in document order.
    headings: Vec<ElementRef<'a>>,
    /// `time[datetime]` and `[itemprop=datePublished]`.
    dated: Vec<ElementRef<'a>>,
    /// hAtom / microformats2 publication dates: class `published` or `dt-published`
    /// (SPIP's `<abbr class="published" title="…">`).
    hatom_dates: Vec<ElementRef<'a>>,
    /// Text runs that end cut off ("…", "(…)", "[…]"): teaser excerpts.
    teaser_ends: usize,
    /// Elements whose text starts as a byline does ("Publié le …").
    text_bylines: Vec<ElementRef<'a>>,
}

/// Text bylines looked at: the first few, near the top of the page.
const MAX_TEXT_BYLINES: usize = 3;

fn starts_like_a_byline(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(24).collect();
    let head = fold(&head);
    TEXT_BYLINE_PREFIXES.iter().any(|p| head.starts_with(p))
}

/// A text run long enough to be an excerpt that ends cut off, outside scripts and styles.
fn is_cut_excerpt(text: &str, parent: Option<ego_tree::NodeRef<'_, scraper::Node>>) -> bool {
    let end = text.trim_end();
    if end.len() < TEASER_TEXT_MIN_BYTES || !CUT_ENDS.iter().any(|e| end.ends_with(e)) {
        return false;
    }
    !parent
        .and_then(|p| p.value().as_element().map(scraper::node::Element::name))
        .is_some_and(|n| matches!(n, "script" | "style" | "noscript" | "template" | "title"))
}

impl<'a> Landmarks<'a> {
    fn find(doc: &'a Html) -> Self {
        let mut found = Self::default();
        for node in doc.tree.root().descendants() {
            if let Some(text) = node.value().as_text() {
                found.teaser_ends += usize::from(is_cut_excerpt(text, node.parent()));
                if found.text_bylines.len() < MAX_TEXT_BYLINES && starts_like_a_byline(text) {
                    if let Some(parent) = node.parent().and_then(ElementRef::wrap) {
                        found.text_bylines.push(parent);
                    }
                }
                continue;
            }
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let e = el.value();
            match e.name() {
                "html" if found.html.is_none() => found.html = Some(el),
                "body" if found.body.is_none() => found.body = Some(el),
                "title" if found.title.is_none() => found.title = Some(el),
                "meta" => found.metas.push(el),
                "link"
                    if found.canonical.is_none()
                        && e.attr("rel").is_some_and(|r| r == "canonical") =>
                {
                    found.canonical = Some(el);
                }
                "script" if e.attr("type") == Some("application/ld+json") => {
                    found.json_ld.push(el);
                }
                "h1" | "h2" => found.headings.push(el),
                "time" if e.attr("datetime").is_some() => found.dated.push(el),
                _ => {}
            }
            if e.classes().any(|c| c == "published" || c == "dt-published") {
                found.hatom_dates.push(el);
            }
            let timed = e.name() == "time" && e.attr("datetime").is_some();
            if e.attr("itemprop") == Some("datePublished") && !timed {
                found.dated.push(el);
            }
        }
        found
    }
}

/// Everything a field is decided from: the page, the site's rules, the landmark
/// elements, the JSON-LD article object and the `<meta>` tags.
struct Sources<'a> {
    doc: &'a Html,
    rules: &'a SiteRules,
    marks: Landmarks<'a>,
    ld: Option<Value>,
    tags: MetaTags,
}

/// Reads every metadata source of the page. Cheap: a handful of selector passes.
#[must_use]
pub fn extract_metadata(doc: &Html, rules: &SiteRules) -> Metadata {
    let marks = Landmarks::find(doc);
    let jsonld::LdScan {
        article: ld,
        types,
        ingredients,
    } = jsonld::scan(&marks.json_ld);
    let tags = MetaTags::read(&marks.metas);
    let kind = KindSignals {
        ld_types: types,
        og_type: tags.get("og:type").map(|t| t.to_ascii_lowercase()),
        published_meta: tags.get("article:published_time").is_some(),
        body_classes: marks
            .body
            .map(|b| b.value().classes().map(str::to_owned).collect())
            .unwrap_or_default(),
        teaser_ends: marks.teaser_ends,
    };
    let src = Sources {
        doc,
        rules,
        marks,
        ld,
        tags,
    };
    let h1s = src.h1s();
    let site_name = src.site_name();
    let title = src.title(&h1s, site_name.as_deref());
    let (authors, authors_from) = src.authors();
    let published = src.published();
    let sources = FieldSources {
        title: title.as_ref().map(|t| t.1),
        published: published.map(|p| p.1),
        authors: authors_from,
    };
    Metadata {
        title: title.map(|t| t.0),
        authors,
        published: published.map(|p| p.0),
        sources,
        language: src.language(),
        canonical_url: src.canonical_url(),
        h1: h1s.first().cloned(),
        article_body: src.article_body(),
        descriptions: src.descriptions(),
        ingredients,
        site_name,
        kind,
    }
}

impl Sources<'_> {
    /// The summaries the page gives of itself, each once (tag values and JSON-LD strings
    /// are already whitespace-collapsed and non-empty).
    fn descriptions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let ld = self
            .ld
            .as_ref()
            .and_then(|v| jsonld::string(v, "description"));
        for d in ["og:description", "description", "twitter:description"]
            .iter()
            .filter_map(|k| self.tags.get(k))
            .chain(ld)
        {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    /// `og:site_name`, else the JSON-LD publisher.
    fn site_name(&self) -> Option<String> {
        self.tags
            .get("og:site_name")
            .or_else(|| self.ld.as_ref().and_then(jsonld::publisher))
    }

    /// JSON-LD `articleBody` (or `text`), with any markup stripped.
    fn article_body(&self) -> Option<String> {
        self.ld.as_ref().and_then(|v| {
            LD_BODY_KEYS.iter().find_map(|k| match v.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(jsonld::strip_tags(s)),
                _ => None,
            })
        })
    }

    /// JSON-LD `datePublished`, the date `<meta>` keys, the site's date selector, then
    /// `time[datetime]` and `[itemprop=datePublished]` elements; with the source's name.
    fn published(&self) -> Option<(DateTime<Utc>, &'static str)> {
        self.ld
            .as_ref()
            .and_then(|v| jsonld::string(v, "datePublished"))
            .and_then(|d| parse_date(&d))
            .map(|d| (d, "JSON-LD datePublished"))
            .or_else(|| {
                DATE_META_KEYS.iter().find_map(|k| {
                    self.tags
                        .get(k)
                        .and_then(|d| parse_date(&d))
                        .map(|d| (d, *k))
                })
            })
            .or_else(|| {
                self.rules
                    .date
                    .as_ref()
                    .and_then(|s| self.doc.select(s).next())
                    .and_then(|e| {
                        e.value()
                            .attr("datetime")
                            .and_then(parse_date)
                            .or_else(|| parse_date(&element_text(&e)))
                    })
                    .map(|d| (d, "the site's date selector"))
            })
            .or_else(|| {
                self.marks.dated.iter().find_map(|e| {
                    e.value()
                        .attr("datetime")
                        .or_else(|| e.value().attr("content"))
                        .and_then(parse_date)
                        .map(|d| (d, "time[datetime] / itemprop=datePublished"))
                })
            })
            .or_else(|| self.hatom_published().map(|d| (d, "hAtom .published")))
            .or_else(|| {
                self.text_bylines()
                    .find_map(|t| parse_date(&t))
                    .map(|d| (d, "a byline in the text (\"Publié le …\")"))
            })
    }

    /// The texts of the byline-like elements outside comments, short ones only.
    pub(super) fn text_bylines(&self) -> impl Iterator<Item = String> + '_ {
        self.marks
            .text_bylines
            .iter()
            .filter(|e| !in_comments(e))
            .map(element_text)
            .filter(|t| t.chars().count() <= TEXT_BYLINE_MAX_CHARS)
    }

    /// The first hAtom publication date outside the comments: its `title` or
    /// `datetime` attribute, else its text.
    fn hatom_published(&self) -> Option<DateTime<Utc>> {
        self.marks
            .hatom_dates
            .iter()
            .filter(|e| !in_comments(e))
            .find_map(|e| {
                let v = e.value();
                v.attr("title")
                    .or_else(|| v.attr("datetime"))
                    .and_then(parse_date)
                    .or_else(|| parse_date(&element_text(e)))
            })
    }

    /// `<html lang>`, JSON-LD `inLanguage`, then `og:locale`, as a primary language code.
    fn language(&self) -> Option<String> {
        self.marks
            .html
            .and_then(|h| h.value().attr("lang"))
            .map(normalise_lang)
            .or_else(|| {
                self.ld
                    .as_ref()
                    .and_then(|v| jsonld::string(v, "inLanguage"))
                    .map(|l| normalise_lang(&l))
            })
            .or_else(|| self.tags.get("og:locale").map(|l| normalise_lang(&l)))
            .filter(|l| !l.is_empty())
    }

    /// `<link rel=canonical>`, else `og:url`.
    fn canonical_url(&self) -> Option<String> {
        self.marks
            .canonical
            .and_then(|e| e.value().attr("href"))
            .map(str::to_owned)
            .or_else(|| self.tags.get("og:url"))
    }
}

/// `<meta>` tags by lower-cased `property`/`name`/`itemprop`; first value wins.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(metas: &[ElementRef<'_>]) -> Self {
        let mut tags = Vec::new();
        for e in metas {
            let v = e.value();
            let Some(c) = v.attr("content").map(collapse_ws).filter(|c| !c.is_empty()) else {
                continue;
            };
            // `property` may list several keys ("og:title twitter:title"); a `name` key
            // may use a dot for the colon ("DC.title").
            if let Some(p) = v.attr("property") {
                for k in p.split_whitespace() {
                    tags.push((k.to_ascii_lowercase(), c.clone()));
                }
            }
            if let Some(k) = v.attr("name").or_else(|| v.attr("itemprop")) {
                let k = k.trim().to_ascii_lowercase();
                if let Some(rest) = DOTTED_META_PREFIXES
                    .iter()
                    .find_map(|p| k.strip_prefix(p).map(|r| (p, r)))
                {
                    tags.push((
                        format!("{}:{}", rest.0.trim_end_matches('.'), rest.1),
                        c.clone(),
                    ));
                }
                tags.push((k, c));
            }
        }
        Self(tags)
    }

    /// The last value of a key: later tags override earlier ones, as in Readability.
    fn get_last(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Every value of a key, in page order (a page may repeat a tag with other text).
    fn get_all<'k>(&'k self, key: &'k str) -> impl Iterator<Item = String> + 'k {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

fn normalise_lang(raw: &str) -> String {
    let primary = raw
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if primary.len() == 2 || primary.len() == 3 {
        primary
    } else {
        String::new()
    }
}

/// Text of an element with whitespace folded.
#[must_use]
pub fn element_text(e: &ElementRef<'_>) -> String {
    let mut s = String::new();
    for t in e.text() {
        s.push_str(t);
        s.push(' ');
    }
    collapse_ws(&s)
}

#[cfg(test)]
mod tests;

/// Whether an element sits in a comment thread (hAtom marks comments up like articles).
pub(super) fn in_comments(e: &ElementRef<'_>) -> bool {
    e.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value()
            .classes()
            .any(|c| c.starts_with("comment") || c.starts_with("forum") || c == "reactions")
    })
}
