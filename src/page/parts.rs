//! Articles split over several pages (WordPress `<!--nextpage-->`, `?page=2`, a
//! `rel="next"` inside the article): finding the link to the next part, and joining the
//! parts into one article. Pure: the crawler fetches the parts, politely, each once.
//!
//! A part is recognised by its URL, never by a "next" label: part `n` of an article at
//! `/slug/` is `/slug/n/` (or `/slug/n`), or the same path with a page parameter `page`,
//! `pg`, `paged` or `p` set to `n`. So a "next article" link is never taken for a part.

use super::PageArticle;
use crate::model::Article;
use crate::text::fold;
use scraper::{Html, Selector};
use std::sync::LazyLock;
use url::Url;

/// The most parts one article is joined from: a longer chain is a trap or a gallery.
pub const MAX_PARTS: u32 = 10;

/// The query parameters that number an article's pages.
const PAGE_PARAMS: [&str; 4] = ["page", "pg", "paged", "p"];

static LINKS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href], link[rel~=next][href]").expect("static selector"));

/// The URL of part `n` (2 ≤ n ≤ [`MAX_PARTS`]) of the article at `first`, when the page
/// `html` links to it.
#[must_use]
pub fn next_part(html: &str, first: &Url, n: u32) -> Option<Url> {
    if !(2..=MAX_PARTS).contains(&n) || !mentions_part(html, first, n) {
        return None;
    }
    let doc = Html::parse_document(html);
    doc.select(&LINKS)
        .filter_map(|e| e.value().attr("href"))
        .filter_map(|h| crate::canonical::resolve(first, h))
        .find(|u| is_part(first, u, n))
}

/// A cheap test on the raw text before parsing: most articles have no parts.
fn mentions_part(html: &str, first: &Url, n: u32) -> bool {
    let path = first.path().trim_end_matches('/');
    html.contains(&format!("{path}/{n}"))
        || PAGE_PARAMS
            .iter()
            .any(|p| html.contains(&format!("{p}={n}")))
}

/// Whether `candidate` is part `n` of the article at `first`.
fn is_part(first: &Url, candidate: &Url, n: u32) -> bool {
    if candidate.host_str() != first.host_str() {
        return false;
    }
    let base = first.path().trim_end_matches('/');
    let path = candidate.path();
    let numbered_path = path
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| rest.trim_end_matches('/') == n.to_string());
    if numbered_path {
        return candidate.query() == first.query();
    }
    let same_path = path.trim_end_matches('/') == base;
    let numbered_query = candidate
        .query_pairs()
        .any(|(k, v)| PAGE_PARAMS.contains(&k.as_ref()) && v == n.to_string().as_str());
    same_path && numbered_query
}

/// The article of the first part with the bodies of the others appended, in order; a
/// part's lines that repeat the title (each page shows the headline) are left out.
#[must_use]
pub fn join(first: PageArticle, rest: Vec<Article>) -> PageArticle {
    if rest.is_empty() {
        return first;
    }
    let canonical = first.canonical;
    let mut article = first.article;
    let title = fold(&article.title);
    for part in rest {
        article
            .blocks
            .extend(part.blocks.into_iter().filter(|b| fold(&b.text) != title));
    }
    super::finish_with(article, canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn parts_are_numbered_continuations_of_the_article_url() {
        let first = u("https://j.bf/2025/02/28/un-long-reportage/");
        assert!(is_part(
            &first,
            &u("https://j.bf/2025/02/28/un-long-reportage/2/"),
            2
        ));
        assert!(is_part(
            &first,
            &u("https://j.bf/2025/02/28/un-long-reportage/3"),
            3
        ));
        assert!(is_part(
            &first,
            &u("https://j.bf/2025/02/28/un-long-reportage/?page=2"),
            2
        ));
        assert!(!is_part(
            &first,
            &u("https://j.bf/2025/02/28/un-long-reportage/3/"),
            2
        ));
        assert!(!is_part(
            &first,
            &u("https://j.bf/2025/02/28/un-autre-article/"),
            2
        ));
        assert!(!is_part(
            &first,
            &u("https://j.bf/2025/02/28/un-long-reportage/comment-page-2/"),
            2
        ));
        assert!(!is_part(
            &first,
            &u("https://autre.bf/2025/02/28/un-long-reportage/2/"),
            2
        ));
        let spip = u("https://s.bf/spip.php?article12");
        assert!(!is_part(&spip, &u("https://s.bf/spip.php?article13"), 2));
    }

    #[test]
    fn the_next_part_is_found_by_its_link_not_its_label() {
        let first = u("https://j.bf/2025/02/28/un-long-reportage/");
        let page = r#"<html><head><link rel="next" href="/2025/02/28/un-long-reportage/2/"></head>
            <body><p>Texte</p><a href="/2025/03/01/article-suivant/">Article suivant</a></body></html>"#;
        assert_eq!(
            next_part(page, &first, 2).unwrap().as_str(),
            "https://j.bf/2025/02/28/un-long-reportage/2/"
        );
        assert_eq!(next_part(page, &first, 3), None);
        let no_parts = r#"<html><body><a rel="next" href="/2025/03/01/article-suivant/">Suivant</a></body></html>"#;
        assert_eq!(next_part(no_parts, &first, 2), None);
        assert_eq!(next_part(page, &first, MAX_PARTS + 1), None);
    }

    fn article(title: &str, lines: &[&str]) -> Article {
        Article::of_paragraphs(title, lines)
    }

    #[test]
    fn joined_parts_keep_order_drop_repeated_titles_and_hash_the_whole() {
        let first = super::super::finish(article("Le titre", &["Un.", "Deux."]), None);
        let one_hash = first.sha256.clone();
        let joined = join(first, vec![article("Le titre", &["Le titre", "Trois."])]);
        let lines: Vec<&str> = joined
            .article
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(lines, ["Un.", "Deux.", "Trois."]);
        assert_ne!(joined.sha256, one_hash);
        assert_eq!(joined.sha256, crate::dedup::content_hash(&joined.article));
    }
}
