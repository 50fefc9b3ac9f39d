//! The authors: JSON-LD `author`, the author `<meta>` keys, the site's author selector,
//! hCard bylines outside the comments, then the DOM's bylines; split into names, and names that are not a person or agency
//! ("Par la rédaction", share-button text, URLs) rejected.

use super::{element_text, jsonld, Sources};
use crate::extract::tuning::{
    AUTHOR_DOM_MATCHES, AUTHOR_MAX_BYTES, AUTHOR_MAX_DIGITS, AUTHOR_MAX_WORDS, MAX_AUTHORS,
};
use crate::extract::vocab::metadata::{
    AUTHOR_META_KEYS, BYLINE_PREFIXES, JUNK_AUTHORS, JUNK_AUTHOR_PREFIXES, NAME_PREFIXES,
};
use crate::text::{collapse_ws, fold};
use scraper::{Html, Selector};
use std::sync::LazyLock;

static AUTHOR_DOM: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        r#"[rel="author"], [itemprop="author"] [itemprop="name"], .author-name, .td-post-author-name a, .jeg_meta_author a, .byline a, .byline, .author a"#,
    )
    .expect("static selector")
});

/// hCard bylines (SPIP, hAtom themes): the name inside an author's vcard.
static HCARD_AUTHOR: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(".vcard.author .fn, .author .vcard .fn, .h-card.p-author .p-name")
        .expect("static selector")
});

impl Sources<'_> {
    /// The first source that names anyone, its plausible names deduplicated and capped.
    pub(super) fn authors(&self) -> (Vec<String>, Option<&'static str>) {
        let mut from = "JSON-LD author";
        let mut authors = self.ld.as_ref().map(jsonld::authors).unwrap_or_default();
        if authors.is_empty() {
            from = "<meta> author keys";
            authors = AUTHOR_META_KEYS
                .iter()
                .filter_map(|k| self.tags.get(k))
                .flat_map(|a| split_authors(&a))
                .collect();
        }
        if authors.is_empty() {
            if let Some(s) = &self.rules.author {
                from = "the site's author selector";
                authors = self
                    .doc
                    .select(s)
                    .flat_map(|e| split_authors(&element_text(&e)))
                    .collect();
            }
        }
        if authors.is_empty() {
            from = "hCard .vcard.author .fn";
            authors = self
                .doc
                .select(&HCARD_AUTHOR)
                .filter(|e| !super::in_comments(e))
                .take(AUTHOR_DOM_MATCHES)
                .flat_map(|e| split_authors(&element_text(&e)))
                .collect();
        }
        if authors.is_empty() && has_author_markup(self.doc) {
            from = "byline markup (rel=author, .author, itemprop=author)";
            authors = self
                .doc
                .select(&AUTHOR_DOM)
                .take(AUTHOR_DOM_MATCHES)
                .flat_map(|e| split_authors(&element_text(&e)))
                .collect();
        }
        if authors.is_empty() {
            from = "a byline in the text (\"… par NAME\")";
            authors = self
                .text_bylines()
                .filter_map(|t| author_after_par(&t))
                .flat_map(|a| split_authors(&a))
                .collect();
        }
        authors.retain(|a| is_plausible_author(a));
        authors.dedup();
        authors.truncate(MAX_AUTHORS);
        let from = (!authors.is_empty()).then_some(from);
        (authors, from)
    }
}

/// Cheap test before the author selectors: a class, rel or itemprop names an author or
/// byline (the only attributes `AUTHOR_DOM` matches on; URLs and styles are not read).
fn has_author_markup(doc: &Html) -> bool {
    doc.tree.values().any(|n| match n {
        scraper::Node::Element(e) => e.attrs().any(|(k, v)| {
            matches!(k, "class" | "rel" | "itemprop")
                && (v.contains("author") || v.contains("byline"))
        }),
        _ => false,
    })
}

/// The names of a byline, its opener ("Par", "By") cut.
pub(super) fn split_authors(raw: &str) -> Vec<String> {
    let cleaned = collapse_ws(raw);
    let lower = fold(&cleaned);
    let stripped = BYLINE_PREFIXES
        .iter()
        .find_map(|p| {
            lower
                .starts_with(p)
                .then(|| cleaned[p.len()..].trim().to_owned())
        })
        .unwrap_or(cleaned);
    stripped
        .split([',', ';', '/', '&'])
        .flat_map(|s| s.split(" et ").flat_map(|s| s.split(" and ")))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Rejects bylines that are not a person or agency name.
#[must_use]
pub fn is_plausible_author(name: &str) -> bool {
    let folded = fold(name);
    let f = NAME_PREFIXES
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .unwrap_or(&folded)
        .to_owned();
    let words = f.split_whitespace().count();
    !(f.is_empty()
        || f.len() > AUTHOR_MAX_BYTES
        || words > AUTHOR_MAX_WORDS
        || JUNK_AUTHORS.contains(&f.as_str())
        || JUNK_AUTHOR_PREFIXES.iter().any(|p| f.starts_with(p))
        || f.contains("http")
        || f.contains('@')
        || f.chars().filter(char::is_ascii_digit).count() > AUTHOR_MAX_DIGITS)
}

/// The name after " par " / " by " in a text byline, up to a separator:
/// "Publié le 05/03/2025 à 09:12 par Awa Traoré | Imprimer" → "Awa Traoré".
fn author_after_par(byline: &str) -> Option<String> {
    let lower = byline.to_lowercase();
    let at = [" par ", " by ", " von "]
        .iter()
        .filter_map(|w| lower.find(w).map(|i| i + w.len()))
        .min()?;
    let rest = byline.get(at..)?;
    let name = rest
        .split(['|', '•', '·', ',', '(', '\n'])
        .next()?
        .split(" le ")
        .next()?
        .trim();
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod text_byline_tests {
    use super::author_after_par;

    #[test]
    fn the_name_after_par_up_to_a_separator() {
        assert_eq!(
            author_after_par("Publié le 05/03/2025 à 09:12 par Awa Traoré | Imprimer").as_deref(),
            Some("Awa Traoré")
        );
        assert_eq!(
            author_after_par("Publié par Issa Ouédraogo le 5 mars 2025").as_deref(),
            Some("Issa Ouédraogo")
        );
        assert_eq!(author_after_par("Publié le 05/03/2025"), None);
    }
}
