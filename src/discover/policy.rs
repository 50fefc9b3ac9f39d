//! The one URL policy: what a URL found on a site is — an article, a listing to follow
//! (pagination, section), a sitemap to read — or whether it is out of scope. Every
//! discovery source (sitemaps, feeds, page links) asks here, so a rule changes in one
//! place. Sitemaps and feeds are lists the site curates for us, so their bar for "article"
//! is lower than that of a link found on a page.

use crate::config::Site;
use regex::Regex;
use std::sync::LazyLock;
use url::Url;

/// A link on a page, as the crawl will treat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkClass {
    Article,
    /// Pagination of the current listing (`rel="next"`, `/page/2/`, `?page=2`).
    Pagination,
    /// A section front (followed from start pages only).
    Section,
}

/// Longest URL and most query parameters a followed link may have: beyond them lie
/// session-id, faceted-search and calendar traps.
const MAX_URL_LEN: usize = 400;
const MAX_QUERY_PAIRS: usize = 4;
/// More path segments than this is a relative-link loop or a trap.
const MAX_PATH_SEGMENTS: usize = 12;

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

/// Child sitemaps that never list articles (WordPress/Yoast/Rank Math names).
const NON_ARTICLE_SITEMAPS: [&str; 11] = [
    "category",
    "tag",
    "author",
    "page-sitemap",
    "attachment",
    "product",
    "portfolio",
    "video-sitemap",
    "image-sitemap",
    "wp-sitemap-taxonomies",
    "wp-sitemap-users",
];

/// A URL the crawl may fetch for this site: one of its hosts, not excluded by its config.
#[must_use]
pub fn in_scope(site: &Site, url: &Url) -> bool {
    site.owns(url) && !site.excluded(url)
}

/// Whether a child of a sitemap index is worth reading (not a taxonomy, author or
/// media sitemap).
#[must_use]
pub fn wants_child_sitemap(url: &Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    !NON_ARTICLE_SITEMAPS.iter().any(|w| p.contains(w))
}

/// Whether an entry of a (non-index) sitemap is an article. Without site patterns,
/// everything but the home page and taxonomy pages is.
#[must_use]
pub fn article_in_sitemap(site: &Site, url: &Url) -> bool {
    if !site.article_patterns.is_empty() {
        return looks_like_article(site, url);
    }
    let pq = Site::path_and_query(url);
    url.path() != "/" && !pq.contains("/category/") && !pq.contains("/tag/")
}

/// Whether a feed item's link is an article. Without site patterns, every item is.
#[must_use]
pub fn article_in_feed(site: &Site, url: &Url) -> bool {
    site.article_patterns.is_empty() || looks_like_article(site, url)
}

/// What a link on a listing page leads to; `None` when it is not followed (media,
/// login, search, tag pages, traps, other pages).
#[must_use]
pub fn link_class(site: &Site, url: &Url, rel_next: bool) -> Option<LinkClass> {
    let pq = Site::path_and_query(url);
    if SKIP.is_match(&pq) || is_trap(url) {
        return None;
    }
    if looks_like_article(site, url) {
        Some(LinkClass::Article)
    } else if rel_next || PAGINATION.is_match(&pq) {
        Some(LinkClass::Pagination)
    } else if SECTION.is_match(&pq) {
        Some(LinkClass::Section)
    } else {
        None
    }
}

/// True when the path looks like one article: the site's `article_patterns` when it has
/// some, else the URL shapes of WordPress, SPIP and slug-named articles.
#[must_use]
pub fn looks_like_article(site: &Site, url: &Url) -> bool {
    let pq = Site::path_and_query(url);
    if !site.article_patterns.is_empty() {
        return site.article_patterns.iter().any(|r| r.is_match(&pq));
    }
    article_shaped(url)
}

/// The URL shapes of one article on any site: WordPress date paths, SPIP article URLs,
/// slugs of four words or more; never a section front or a listing page.
#[must_use]
pub fn article_shaped(url: &Url) -> bool {
    let pq = Site::path_and_query(url);
    if PAGINATION.is_match(&pq) || SECTION.is_match(&pq) {
        return false;
    }
    WP_DATE_ARTICLE.is_match(&pq)
        || SPIP_ARTICLE.is_match(&pq)
        || (url.query().is_none() && SLUG_ARTICLE.is_match(url.path()))
}

/// The URL shapes of a listing on any site: the home page, a section front, a page of a
/// paginated listing.
#[must_use]
pub fn listing_shaped(url: &Url) -> bool {
    let pq = Site::path_and_query(url);
    (url.path() == "/" && url.query().is_none())
        || PAGINATION.is_match(&pq)
        || SECTION.is_match(&pq)
}

/// A list whose entries all carry one same date (three at least) stamps them with the
/// time it was generated: its dates say nothing about when each page changed.
const UNIFORM_DATES_MIN: usize = 3;

/// The modification times of a sitemap's or feed's entries that may make an article due
/// again (`None` for each when the list's dates are meaningless); a time in the future
/// (a site's clock or time zone is wrong) would make an article due on every run, so it
/// is dropped too.
#[must_use]
pub fn dates_to_act_on(
    dates: &[Option<chrono::DateTime<chrono::Utc>>],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Option<chrono::DateTime<chrono::Utc>>> {
    let known: Vec<_> = dates.iter().flatten().collect();
    let uniform = known.len() >= UNIFORM_DATES_MIN && known.windows(2).all(|w| w[0] == w[1]);
    dates
        .iter()
        .map(|d| d.filter(|d| !uniform && *d <= now))
        .collect()
}

fn is_trap(url: &Url) -> bool {
    let s = url.as_str();
    if s.len() > MAX_URL_LEN || url.query_pairs().count() > MAX_QUERY_PAIRS {
        return true;
    }
    // Repeated path segments (/a/b/a/b/…) are the signature of relative-link loops.
    let segs: Vec<&str> = url.path().split('/').filter(|x| !x.is_empty()).collect();
    segs.len() > MAX_PATH_SEGMENTS
        || segs
            .windows(2)
            .enumerate()
            .any(|(i, w)| segs[i + 2..].windows(2).any(|v| v == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(extra: &str) -> Site {
        crate::config::test_site(extra)
    }

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn site_patterns_decide_articles() {
        let s = site("article_patterns = ['^/news/\\d+$']");
        assert!(looks_like_article(&s, &u("https://x.bf/news/123")));
        assert!(!looks_like_article(
            &s,
            &u("https://x.bf/2024/03/12/un-article-ici/")
        ));
    }

    #[test]
    fn only_believable_dates_make_an_article_due_again() {
        let now = chrono::Utc::now();
        let t = |s: i64| Some(now - chrono::Duration::seconds(s));
        assert_eq!(
            dates_to_act_on(
                &[t(10), t(20), None, Some(now + chrono::Duration::hours(3))],
                now
            ),
            [t(10), t(20), None, None]
        );
        // A generator's timestamp on every entry.
        assert_eq!(
            dates_to_act_on(&[t(5), t(5), t(5)], now),
            [None, None, None]
        );
        assert_eq!(dates_to_act_on(&[t(5), t(5)], now), [t(5), t(5)]);
    }

    #[test]
    fn loops_are_traps() {
        assert!(is_trap(&u("https://x.bf/a/b/a/b/c")));
        assert!(!is_trap(&u("https://x.bf/2024/03/12/slug/")));
    }

    #[test]
    fn sitemaps_and_feeds_trust_the_site_more_than_page_links() {
        let s = site("");
        let page = u("https://x.bf/le-conseil/");
        assert!(article_in_sitemap(&s, &page));
        assert!(article_in_feed(&s, &page));
        assert_eq!(link_class(&s, &page, false), None);
        assert!(!article_in_sitemap(&s, &u("https://x.bf/")));
        assert!(!article_in_sitemap(&s, &u("https://x.bf/category/sport/")));
        let patterned = site("article_patterns = ['^/news/\\d+$']");
        assert!(!article_in_feed(&patterned, &page));
        assert!(article_in_feed(&patterned, &u("https://x.bf/news/9")));
    }

    #[test]
    fn taxonomy_and_media_sitemaps_are_not_read() {
        assert!(!wants_child_sitemap(&u(
            "https://x.bf/category-sitemap.xml"
        )));
        assert!(!wants_child_sitemap(&u(
            "https://x.bf/wp-sitemap-users-1.xml"
        )));
        assert!(wants_child_sitemap(&u("https://x.bf/post-sitemap2.xml")));
    }

    #[test]
    fn links_are_sorted_into_articles_pagination_and_sections() {
        let s = site("");
        assert_eq!(
            link_class(
                &s,
                &u("https://x.bf/2024/03/12/campagne-de-vaccination/"),
                false
            ),
            Some(LinkClass::Article)
        );
        assert_eq!(
            link_class(&s, &u("https://x.bf/category/politique/page/2/"), false),
            Some(LinkClass::Pagination)
        );
        assert_eq!(
            link_class(&s, &u("https://x.bf/category/politique/"), false),
            Some(LinkClass::Section)
        );
        assert_eq!(link_class(&s, &u("https://x.bf/photo.jpg"), false), None);
        assert_eq!(
            link_class(&s, &u("https://x.bf/autre-page"), true),
            Some(LinkClass::Pagination)
        );
    }
}
