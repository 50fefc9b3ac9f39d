//! Links found on start, section and pagination pages, sorted into article links, listing
//! links to follow (pagination, sections) and feeds. Bounded against traps: only the
//! site's hosts, no calendar or search pages, no media files, no absurd URLs.

use crate::canonical::resolve;
use crate::config::Site;
use regex::Regex;
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

static WP_DATE_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^/(?:[a-z]{2}/)?\d{4}/\d{2}/(?:\d{2}/)?[^/?]*-[^/?]*/?$").expect("static regex")
});
static SPIP_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^/spip\.php\?article\d+$|^/article\d+(?:\.html)?$|,\d+\.html$|-a\d+\.html$)")
        .expect("static regex")
});
static SLUG_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/[\p{L}\d]+(?:-[\p{L}\d]+){3,}(?:[-_]\d+)?(?:\.html?|\.php)?/?$")
        .expect("static regex")
});
static PAGINATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:/page/\d+/?$|[?&](?:page|paged|p|start|debut_[a-z_]+)=\d+$)")
        .expect("static regex")
});
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^/(?:category|categorie|categories|rubrique|section|sections|actualites?|news)/[^?]*$|^/spip\.php\?rubrique\d+$|^/rubrique\d+(?:\.html)?$)").expect("static regex")
});
static SKIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\.(?:jpe?g|png|gif|webp|svg|ico|pdf|docx?|xlsx?|pptx?|zip|rar|gz|mp3|mp4|avi|mov|css|js|woff2?)$|/wp-(?:admin|login|json|content|includes)|/(?:feed|comments)/?$|/(?:tag|author|auteur|search|recherche|login|connexion|panier|cart|account|compte)/|[?&](?:s|q|replytocom|share|print|format|lang|recherche)=|spip\.php\?page=(?:login|recherche|plan|backend|ecrire)|/ecrire/)").expect("static regex")
});

/// True when the path looks like one article (used when the site has no patterns).
#[must_use]
pub fn looks_like_article(site: &Site, url: &Url) -> bool {
    let pq = Site::path_and_query(url);
    if !site.article_patterns.is_empty() {
        return site.article_patterns.iter().any(|r| r.is_match(&pq));
    }
    if PAGINATION.is_match(&pq) || SECTION.is_match(&pq) {
        return false;
    }
    WP_DATE_ARTICLE.is_match(&pq)
        || SPIP_ARTICLE.is_match(&pq)
        || (url.query().is_none() && SLUG_ARTICLE.is_match(url.path()))
}

fn is_trap(url: &Url) -> bool {
    let s = url.as_str();
    if s.len() > 400 || url.query_pairs().count() > 4 {
        return true;
    }
    // Repeated path segments (/a/b/a/b/…) are the signature of relative-link loops.
    let segs: Vec<&str> = url.path().split('/').filter(|x| !x.is_empty()).collect();
    segs.len() > 12
        || segs
            .windows(2)
            .enumerate()
            .any(|(i, w)| segs[i + 2..].windows(2).any(|v| v == w))
}

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
        if !site.owns(&u) || u == *page || site.excluded(&u) || !seen.insert(u.to_string()) {
            continue;
        }
        let pq = Site::path_and_query(&u);
        if SKIP.is_match(&pq) || is_trap(&u) {
            continue;
        }
        let rel_next = e
            .value()
            .attr("rel")
            .is_some_and(|r| r.split_whitespace().any(|x| x == "next"));
        if looks_like_article(site, &u) {
            out.articles.push(u);
        } else if rel_next || PAGINATION.is_match(&pq) {
            out.pagination.push(u);
        } else if follow_sections && SECTION.is_match(&pq) {
            out.sections.push(u);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Global};
    use std::path::Path;

    fn site(extra: &str) -> Site {
        Config::site_from_str(
            Path::new("t.toml"),
            &format!("name = \"t\"\nstart_urls = [\"https://x.bf/\"]\n{extra}"),
            &Global::default(),
        )
        .unwrap()
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

    #[test]
    fn site_patterns_decide_articles() {
        let s = site("article_patterns = ['^/news/\\d+$']");
        assert!(looks_like_article(
            &s,
            &Url::parse("https://x.bf/news/123").unwrap()
        ));
        assert!(!looks_like_article(
            &s,
            &Url::parse("https://x.bf/2024/03/12/un-article-ici/").unwrap()
        ));
    }

    #[test]
    fn loops_are_traps() {
        assert!(is_trap(&Url::parse("https://x.bf/a/b/a/b/c").unwrap()));
        assert!(!is_trap(
            &Url::parse("https://x.bf/2024/03/12/slug/").unwrap()
        ));
    }
}
