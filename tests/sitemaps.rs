//! Sitemaps as the CMSs and SEO plugins of our sites really write them (hand-written
//! fixtures under `tests/fixtures/sitemaps/`): only the sitemap namespace's `<loc>` and
//! `<lastmod>` make an entry; image, video and hreflang children never leak into its URL.

use crawl::discover::sitemap::{parse, Sitemap, SitemapKind};

fn fixture(name: &str) -> Sitemap {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sitemaps")
        .join(name);
    parse(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn locs(s: &Sitemap) -> Vec<&str> {
    s.entries.iter().map(|e| e.loc.as_str()).collect()
}

/// Each entry's lastmod as RFC 3339 (UTC), "-" when absent.
fn lastmods(s: &Sitemap) -> Vec<String> {
    s.entries
        .iter()
        .map(|e| e.lastmod.map_or_else(|| "-".to_owned(), |d| d.to_rfc3339()))
        .collect()
}

#[test]
fn yoast_post_sitemap_with_images_before_and_after_loc() {
    let s = fixture("yoast-post-sitemap.xml");
    assert_eq!(s.kind, SitemapKind::UrlSet);
    assert_eq!(
        locs(&s),
        [
            "https://burkina24.com/",
            "https://burkina24.com/2024/07/12/ouagadougou-la-saison-des-pluies-demarre-en-force/",
            "https://burkina24.com/2024/07/10/compte-rendu-du-conseil-des-ministres-du-10-juillet-2024/",
            "https://burkina24.com/2024/07/09/etalons-la-liste-des-23-devoilee/",
        ]
    );
    assert_eq!(
        lastmods(&s),
        [
            "2024-07-12T09:41:27+00:00",
            "2024-07-12T09:41:27+00:00",
            "2024-07-10T18:05:12+00:00",
            "2024-07-09T07:30:00+00:00",
        ]
    );
    assert!(s.entries.iter().all(|e| e.news_title.is_none()));
}

#[test]
fn rank_math_post_sitemap_with_images() {
    let s = fixture("rankmath-post-sitemap.xml");
    assert_eq!(
        locs(&s),
        [
            "https://www.wakatsera.com/burkina-le-prix-du-coton-graine-fixe-pour-la-campagne-2024-2025/",
            "https://www.wakatsera.com/mali-niger-burkina-la-confederation-aes-tient-son-premier-sommet/",
        ]
    );
    assert_eq!(
        lastmods(&s),
        ["2024-07-11T17:02:31+00:00", "2024-07-06T21:15:00+00:00"]
    );
}

#[test]
fn jetpack_sitemap_with_image_and_video_extensions() {
    let s = fixture("jetpack-sitemap.xml");
    assert_eq!(
        locs(&s),
        [
            "https://netafrique.net/2024/07/08/bobo-dioulasso-le-marche-central-rouvre-ses-portes/",
            "https://netafrique.net/2024/07/07/interview-du-ministre-de-la-sante/",
            "https://netafrique.net/a-propos/",
        ]
    );
    // The video's publication date is not the page's lastmod.
    assert_eq!(
        lastmods(&s),
        [
            "2024-07-08T10:15:02+00:00",
            "2024-07-07T16:40:59+00:00",
            "2023-11-02T09:00:00+00:00",
        ]
    );
    assert!(s.entries.iter().all(|e| e.news_published.is_none()));
}

#[test]
fn wordpress_core_sitemap_with_stylesheet() {
    let s = fixture("wp-sitemap-posts-post-1.xml");
    assert_eq!(s.kind, SitemapKind::UrlSet);
    assert_eq!(
        locs(&s),
        [
            "https://lepays.bf/editorial-de-la-pluie-et-du-beau-temps/",
            "https://lepays.bf/koudougou-les-eleves-composent-le-bepc/",
            "https://lepays.bf/?p=151234",
        ]
    );
    assert_eq!(
        lastmods(&s),
        [
            "2024-07-12T06:00:04+00:00",
            "2024-07-11T14:22:50+00:00",
            "-"
        ]
    );
}

#[test]
fn wordpress_core_sitemap_index() {
    let s = fixture("wp-sitemap.xml");
    assert_eq!(s.kind, SitemapKind::Index);
    assert_eq!(
        locs(&s),
        [
            "https://lepays.bf/wp-sitemap-posts-post-1.xml",
            "https://lepays.bf/wp-sitemap-posts-page-1.xml",
            "https://lepays.bf/wp-sitemap-taxonomies-category-1.xml",
            "https://lepays.bf/wp-sitemap-users-1.xml",
        ]
    );
    assert_eq!(lastmods(&s), ["-", "-", "-", "-"]);
}

#[test]
fn google_news_sitemap_reads_title_and_publication_date() {
    let s = fixture("google-news-sitemap.xml");
    assert_eq!(
        locs(&s),
        [
            "https://www.sidwaya.info/2024/07/12/campagne-agricole-2024-2025-le-gouvernement-distribue-des-intrants/",
            "https://www.sidwaya.info/2024/07/12/fespaco-les-inscriptions-sont-ouvertes/",
        ]
    );
    let titles: Vec<_> = s.entries.iter().map(|e| e.news_title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            Some("Campagne agricole 2024-2025 : le gouvernement distribue des intrants"),
            Some("Fespaco : les inscriptions sont ouvertes & gratuites"),
        ]
    );
    let published: Vec<_> = s
        .entries
        .iter()
        .map(|e| e.news_published.map(|d| d.to_rfc3339()))
        .collect();
    assert_eq!(
        published,
        [
            Some("2024-07-12T10:30:00+00:00".to_owned()),
            Some("2024-07-12T08:05:00+00:00".to_owned()),
        ]
    );
    assert_eq!(lastmods(&s), ["-", "-"]);
}

#[test]
fn spip_sitemap_with_escaped_query() {
    let s = fixture("spip-sitemap.xml");
    assert_eq!(
        locs(&s),
        [
            "https://lefaso.net/",
            "https://lefaso.net/spip.php?rubrique2",
            "https://lefaso.net/spip.php?article130001",
            "https://lefaso.net/spip.php?page=article&id_article=129998",
        ]
    );
    assert_eq!(
        lastmods(&s),
        [
            "2024-07-12T00:00:00+00:00",
            "2024-07-12T00:00:00+00:00",
            "2024-07-12T00:00:00+00:00",
            "2024-07-11T00:00:00+00:00",
        ]
    );
}

#[test]
fn yoast_sitemap_index() {
    let s = fixture("yoast-sitemap_index.xml");
    assert_eq!(s.kind, SitemapKind::Index);
    assert_eq!(
        locs(&s),
        [
            "https://burkina24.com/post-sitemap.xml",
            "https://burkina24.com/post-sitemap2.xml",
            "https://burkina24.com/page-sitemap.xml",
            "https://burkina24.com/category-sitemap.xml",
            "https://burkina24.com/author-sitemap.xml",
        ]
    );
    assert_eq!(
        lastmods(&s),
        [
            "2024-07-12T09:41:27+00:00",
            "2024-05-30T11:02:45+00:00",
            "2024-01-15T08:00:00+00:00",
            "2024-07-12T09:41:27+00:00",
            "-",
        ]
    );
}

#[test]
fn hreflang_alternates_are_ignored() {
    let s = fixture("hreflang-sitemap.xml");
    assert_eq!(
        locs(&s),
        [
            "https://www.aib.media/fr/2024/07/12/sante-campagne-de-vaccination/",
            "https://www.aib.media/fr/2024/07/11/economie-budget/",
        ]
    );
    assert_eq!(lastmods(&s), ["2024-07-12T12:00:00+00:00", "-"]);
}

#[test]
fn sitemap_without_namespace_and_undeclared_image_prefix() {
    let s = fixture("no-namespace-sitemap.xml");
    assert_eq!(
        locs(&s),
        [
            "http://www.sidwaya.info/2024/07/09/le-tour-du-faso-revient/",
            "http://www.sidwaya.info/2024/07/08/cyclisme/",
        ]
    );
    assert_eq!(
        lastmods(&s),
        ["2024-07-09T11:00:00+00:00", "2024-07-08T00:00:00+00:00"]
    );
}

#[test]
fn every_fixture_yields_only_page_urls() {
    for e in std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sitemaps"),
    )
    .unwrap()
    {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        for entry in fixture(&name).entries {
            let rest = &entry.loc["https://".len().min(entry.loc.len())..];
            assert!(!rest.contains("http"), "{name}: glued URL {}", entry.loc);
            assert!(
                !entry.loc.contains("wp-content") && !entry.loc.contains("/images/"),
                "{name}: media URL {}",
                entry.loc
            );
        }
    }
}
