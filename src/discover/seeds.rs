//! The seeds of a site's crawl: its start pages, feeds and sitemaps, the `Sitemap:`
//! lines of its robots.txt, and a guessed `/sitemap.xml` when nothing names a sitemap.
//! Seeds are fetched again on every run (conditionally), so new articles are found.

use crate::canonical::canonicalize;
use crate::config::Site;
use crate::model::{Discovered, UrlKind};
use url::Url;

/// The seeds of `site`, given each start URL's robots.txt `Sitemap:` lines.
#[must_use]
pub fn seeds(site: &Site, robots_sitemaps: &[(Url, Vec<String>)]) -> Vec<Discovered> {
    let seed = |url: &Url, kind| Discovered {
        modified: None,
        site: site.name.clone(),
        url: url.clone(),
        kind,
        depth: 0,
        seed: true,
    };
    let mut out = Vec::new();
    let mut sitemap_known = !site.sitemaps.is_empty();
    for (start, sitemaps) in robots_sitemaps {
        for sm in sitemaps {
            if let Some(u) = Url::parse(sm)
                .ok()
                .and_then(|u| canonicalize(&u))
                .filter(|u| site.owns(u))
            {
                out.push(seed(&u, UrlKind::Sitemap));
                sitemap_known = true;
            }
        }
        out.push(seed(start, UrlKind::Listing));
    }
    out.extend(site.feeds.iter().map(|u| seed(u, UrlKind::Feed)));
    out.extend(site.sitemaps.iter().map(|u| seed(u, UrlKind::Sitemap)));
    if !sitemap_known {
        if let Ok(u) = site.start_urls[0].join("/sitemap.xml") {
            out.push(seed(&u, UrlKind::Sitemap));
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

    fn listed(seeds: &[Discovered]) -> Vec<(String, UrlKind)> {
        seeds.iter().map(|d| (d.url.to_string(), d.kind)).collect()
    }

    #[test]
    fn robots_sitemaps_on_the_site_come_first_and_foreign_ones_are_dropped() {
        let s = site("feeds = [\"https://x.bf/feed/\"]");
        let start = Url::parse("https://x.bf/").unwrap();
        let got = seeds(
            &s,
            &[(
                start,
                vec![
                    "https://x.bf/sitemap_index.xml".into(),
                    "https://cdn.other.com/sitemap.xml".into(),
                ],
            )],
        );
        assert_eq!(
            listed(&got),
            vec![
                ("https://x.bf/sitemap_index.xml".into(), UrlKind::Sitemap),
                ("https://x.bf/".into(), UrlKind::Listing),
                ("https://x.bf/feed/".into(), UrlKind::Feed),
            ]
        );
        assert!(got.iter().all(|d| d.seed && d.depth == 0));
    }

    #[test]
    fn without_any_sitemap_the_usual_place_is_tried() {
        let s = site("");
        let start = Url::parse("https://x.bf/").unwrap();
        let got = seeds(&s, &[(start, vec![])]);
        assert_eq!(
            listed(&got).last().unwrap(),
            &("https://x.bf/sitemap.xml".to_owned(), UrlKind::Sitemap)
        );
    }
}
