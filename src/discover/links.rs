//! Links found on start, section and pagination pages, sorted into article links, listing
//! links to follow (pagination, sections) and feeds. Which URL is which is decided by
//! [`super::policy`]; this module only walks the document.

use super::policy::{self, LinkClass};
use crate::canonical::resolve;
use crate::config::Site;
use scraper::{Html, Selector};
use std::sync::LazyLock;
use url::Url;

/// What a listing page links to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageLinks {
    pub articles: Vec<Url>,
    /// Pagination of the current listing.
    pub pagination: Vec<Url>,
    /// Section pages (followed from start pages only).
    pub sections: Vec<Url>,
    pub feeds: Vec<Url>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}
static A: LazyLock<Selector> = LazyLock::new(|| sel("a[href], link[rel=next][href]"));
static FEED_LINKS: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        r#"link[rel~="alternate"][type="application/rss+xml"], link[rel~="alternate"][type="application/atom+xml"], link[rel~="alternate"][type="application/rdf+xml"]"#,
    )
});

/// Sorts the links of a page. `follow_sections` is true on start pages.
#[must_use]
pub fn classify(site: &Site, page: &Url, doc: &Html, follow_sections: bool) -> PageLinks {
    let mut out = PageLinks::default();
    let mut seen = std::collections::HashSet::new();
    for e in doc.select(&FEED_LINKS) {
        if let Some(u) = e.value().attr("href").and_then(|h| resolve(page, h)) {
            if site.owns(&u) && seen.insert(u.to_string()) {
                out.feeds.push(u);
            }
        }
    }
    for e in doc.select(&A) {
        let Some(href) = e.value().attr("href") else {
            continue;
        };
        let Some(u) = resolve(page, href) else {
            continue;
        };
        if !site.owns(&u) || site.excluded(&u) {
            tracing::debug!(url = %u, reason = "out_of_scope", "link not followed");
            continue;
        }
        if u == *page || !seen.insert(u.to_string()) {
            continue;
        }
        let rel_next = e
            .value()
            .attr("rel")
            .is_some_and(|r| r.split_whitespace().any(|x| x == "next"));
        match policy::link_class(site, &u, rel_next) {
            Some(LinkClass::Article) => out.articles.push(u),
            Some(LinkClass::Pagination) => out.pagination.push(u),
            Some(LinkClass::Section) if follow_sections => out.sections.push(u),
            Some(LinkClass::Section) | None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(extra: &str) -> Site {
        crate::config::test_site(extra)
    }

    #[test]
    fn sorts_wordpress_and_spip_links() {
        let html = r#"<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
          <a href="/2024/03/12/campagne-de-vaccination/">a</a>
          <a href="/spip.php?article101">b</a>
          <a href="/category/politique/">c</a>
          <a href="/category/politique/page/2/">d</a>
          <a href="/spip.php?rubrique3&amp;debut_articles=5#pagination">e</a>
          <a href="https://facebook.com/sharer.php?u=x">f</a>
          <a href="/wp-login.php">g</a>
          <a href="/2024/03/?jour=1">h</a>
          <a href="/photo.jpg">i</a>
          <a href="/tag/sante/">j</a>
        </body></html>"#;
        let doc = Html::parse_document(html);
        let links = classify(&site(""), &Url::parse("https://x.bf/").unwrap(), &doc, true);
        let s = |v: &[Url]| {
            v.iter()
                .map(|u| {
                    u.path().to_owned()
                        + u.query().map(|q| format!("?{q}")).as_deref().unwrap_or("")
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            s(&links.articles),
            vec![
                "/2024/03/12/campagne-de-vaccination/",
                "/spip.php?article101"
            ]
        );
        assert_eq!(
            s(&links.pagination),
            vec![
                "/category/politique/page/2/",
                "/spip.php?rubrique3&debut_articles=5"
            ]
        );
        assert_eq!(s(&links.sections), vec!["/category/politique/"]);
        assert_eq!(s(&links.feeds), vec!["/feed/"]);
    }
}
