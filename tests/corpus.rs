//! Whole sites as a downstream tool sees them: every file an article. Two loopback sites
//! whose sitemaps list their static pages (WordPress core's page sitemap) and section pages
//! (SPIP's sitemap lists rubriques) beside the articles; all of them carry enough text to
//! pass for articles page by page. See `tests/fixtures/corpus/README.md`.

use crate::common::*;
use sample_sites::{SampleServer, SampleSite};
use std::collections::BTreeSet;

async fn start_corpus_sites() -> SampleServer {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let sites = ["spip-rubriques", "wp-pages"]
        .iter()
        .map(|s| SampleSite::from_dir(&root.join(s)).unwrap())
        .collect();
    SampleServer::start(sites).await.unwrap()
}

/// The URLs `crawl urls` lists for a site, with their reasons.
async fn url_reasons(cfg: &std::path::Path, site: &str) -> Vec<(String, String)> {
    let (code, out, err) = run_crawl(cfg, &["urls", "--site", site, "--format", "json"]).await;
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let reason = v["reason"].as_str().unwrap_or("").to_owned();
            (v["url"].as_str().unwrap().to_owned(), reason)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_articles_are_written_with_date_and_author() {
    let server = start_corpus_sites().await;
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    let manifest = manifest_lines(&tmp.path().join("out"));
    let titles: BTreeSet<&str> = manifest
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<&str> = [
        "Boussé : une formation pour améliorer la qualité du miel des apiculteurs",
        "Zorgho : la lutte traditionnelle attire les foules au tournoi des jeunes",
        "Ziniaré : un forage solaire soulage les habitants du quartier nord",
        "Gorom-Gorom : le marché du jeudi retrouve ses vendeurs de bétail",
        "Dori : des pépinières villageoises pour reverdir les abords de la mare",
        "Sebba : les transformatrices de lait inaugurent un centre de collecte",
    ]
    .into();
    assert_eq!(titles, expected, "{stdout}");
    assert_eq!(manifest.len(), 6);
    for m in &manifest {
        assert!(m["published"].is_string(), "no date: {m}");
        assert!(
            m["authors"].as_array().is_some_and(|a| !a.is_empty()),
            "no author: {m}"
        );
    }

    // The non-articles were fetched (the sitemaps list them) and refused for their kind.
    let wp = url_reasons(&cfg, "wp-pages").await;
    let static_pages: BTreeSet<String> = wp
        .iter()
        .filter(|(_, r)| r == "not_article:static_page")
        .map(|(u, _)| u.rsplit('/').nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(
        static_pages,
        [
            "a-propos",
            "abonnement",
            "contact",
            "mentions-legales",
            "politique-de-confidentialite"
        ]
        .map(String::from)
        .into(),
        "{wp:?}"
    );
    let spip = url_reasons(&cfg, "spip-rubriques").await;
    let listings: BTreeSet<&str> = spip
        .iter()
        .filter(|(_, r)| r == "not_article:listing")
        .map(|(u, _)| u.rsplit('?').next().unwrap())
        .collect();
    assert_eq!(listings, ["rubrique5", "rubrique6"].into(), "{spip:?}");
    assert!(stdout.contains("not_article:static_page=5"), "{stdout}");
    assert!(stdout.contains("not_article:listing=2"), "{stdout}");
    // `--reason not_article` lists both kinds.
    let (_, listed, _) = run_crawl(
        &cfg,
        &["urls", "--site", "wp-pages", "--reason", "not_article"],
    )
    .await;
    assert_eq!(listed.lines().count(), 5, "{listed}");
}

/// An article edited after publication: its sitemap `lastmod` moves past our fetch, so it
/// is fetched again (conditionally) and its new text written as a new version; the other
/// articles are not downloaded again, and a third run fetches nothing new.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_article_is_written_again_as_its_new_version() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let site = SampleSite::from_dir(&root.join("wp-updates")).unwrap();
    let server = SampleServer::start(vec![site]).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");
    let edited = "/2025/02/26/ziniare-forage-solaire-soulage-quartier-nord/";

    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let first = manifest_lines(&out);
    assert_eq!(first.len(), 3, "{stdout}");
    let old = first
        .iter()
        .find(|m| m["url"].as_str().unwrap().ends_with(edited))
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_owned();

    server.set_phase(2);
    let before = server.requests().len();
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let second: Vec<_> = server.requests()[before..].to_vec();
    let articles: Vec<_> = second
        .iter()
        .filter(|r| r.path.starts_with("/2025/") && r.status != 304)
        .collect();
    assert_eq!(
        articles.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        [edited],
        "only the edited article is downloaded again"
    );
    assert!(articles[0].conditional, "the revisit is a conditional GET");
    let manifest = manifest_lines(&out);
    assert_eq!(manifest.len(), 4, "{stdout}");
    let new = &manifest[3];
    assert_eq!(new["updated"], true);
    assert_eq!(new["supersedes"].as_str(), Some(old.as_str()));
    assert!(new.get("near_duplicate_of").is_none(), "{new}");
    let text = std::fs::read_to_string(out.join(new["path"].as_str().unwrap())).unwrap();
    assert!(
        text.contains("quelque cinq mille habitants") && text.contains("Mise à jour du 1er mars")
    );

    let (_, latest, _) = run_crawl(&cfg, &["export"]).await;
    let latest: Vec<serde_json::Value> = latest
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(latest.len(), 3);
    assert!(latest.iter().any(|m| m["sha256"] == new["sha256"]));
    assert!(!latest
        .iter()
        .any(|m| m["sha256"].as_str() == Some(old.as_str())));
    let (_, all, _) = run_crawl(&cfg, &["export", "--all-versions"]).await;
    assert_eq!(all.lines().count(), 4);

    // Nothing changed since: no article is downloaded, nothing is written.
    let before = server.requests().len();
    let (code, stdout, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0);
    assert!(
        !server.requests()[before..]
            .iter()
            .any(|r| r.path.starts_with("/2025/") && r.status != 304),
        "{stdout}"
    );
    assert_eq!(manifest_lines(&out).len(), 4);
}

/// A post split in two pages by WordPress (`.page-links`, `rel="next"`, `/<post>/2/`) is
/// one file with both pages in order; each page is fetched once, and a second run
/// fetches neither again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_pages_of_a_split_article_are_one_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let site = SampleSite::from_dir(&root.join("wp-multipage")).unwrap();
    let server = SampleServer::start(vec![site]).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let manifest = manifest_lines(&out);
    assert_eq!(manifest.len(), 1, "{stdout}");
    let text = std::fs::read_to_string(out.join(manifest[0]["path"].as_str().unwrap())).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Boussé : une formation"), "{text}");
    let first_page = lines
        .iter()
        .position(|l| l.starts_with("Une soixantaine d’apiculteurs"));
    let heading = lines
        .iter()
        .position(|l| *l == "Des ruches modernes et du matériel de filtrage");
    let last = lines.iter().position(|l| l.starts_with("L’union prévoit"));
    assert!(
        first_page < heading && heading < last && first_page.is_some(),
        "pages in order: {text}"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("Boussé : une formation"))
            .count(),
        1,
        "the title once: {text}"
    );
    assert!(!text.contains("Pages :"), "{text}");
    let post = "/2025/02/28/bousse-formation-apiculteurs-qualite-miel/";
    let requested = |path: &str| server.requests().iter().filter(|r| r.path == path).count();
    assert_eq!((requested(post), requested(&format!("{post}2/"))), (1, 1));
    let (code, _, _) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0);
    assert_eq!((requested(post), requested(&format!("{post}2/"))), (1, 1));
    assert_eq!(manifest_lines(&out).len(), 1);
}

/// A hand-made table-layout CMS whose dispatches share a toolbar line, a comments box and
/// a "most read" block, crawled with a WordPress site that publishes one of its agency
/// dispatches: the learned site template leaves no chrome in any file (the first ones
/// included), and the syndicated dispatch is written once. `crawl extract --site` then
/// uses the learned template and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_template_is_learned_and_removed_before_hashing() {
    let server = {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let sites = ["courrier-sahel", "wp-pages"]
            .iter()
            .map(|s| SampleSite::from_dir(&root.join(s)).unwrap())
            .collect();
        SampleServer::start(sites).await.unwrap()
    };
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    let texts = written_texts(&out);
    let chrome = [
        "Toutes les dépêches du jour",
        "Taille du texte",
        "Réagir à cette dépêche",
        "Les commentaires sont modérés",
        "Les plus lus",
    ];
    for text in texts.keys() {
        for c in chrome {
            assert!(!text.contains(c), "{c:?} in a written file:\n{text}");
        }
    }
    let zorgho = "Zorgho : la lutte traditionnelle attire les foules au tournoi des jeunes";
    let copies: usize = texts
        .iter()
        .filter(|(t, _)| t.starts_with(zorgho))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(copies, 1, "the syndicated dispatch is written once");
    let manifest = manifest_lines(&out);
    let per_site = |site: &str| manifest.iter().filter(|m| m["site"] == site).count();
    assert_eq!(
        per_site("courrier-sahel") + per_site("wp-pages"),
        3 + 7 - 1,
        "{stdout}"
    );
    for m in manifest.iter().filter(|m| m["site"] == "courrier-sahel") {
        let text = std::fs::read_to_string(out.join(m["path"].as_str().unwrap())).unwrap();
        assert!(
            text.lines().count() >= 4,
            "the dispatch's own text is kept:\n{text}"
        );
        // The byline is written as text only ("Publié le … par …"): date and author too.
        assert!(m["published"].is_string(), "no date: {m}");
        assert!(m["authors"][0].is_string(), "no author: {m}");
    }

    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/courrier-sahel/depeches/101.html");
    let out = crawl_bin()
        .args([
            "extract",
            "--explain",
            "--site",
            "courrier-sahel",
            "--config",
        ])
        .arg(&cfg)
        .arg(&page)
        .output()
        .await
        .unwrap();
    let (text, explain) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{explain}");
    assert!(
        !text.contains("Réagir à cette dépêche") && !text.contains("Imprimer"),
        "{text}"
    );
    assert!(
        explain
            .contains("removed [site template: seen on 7 of 7 pages] \"Réagir à cette dépêche\""),
        "{explain}"
    );
}

/// Yoast SEO sitemaps put `<image:image><image:loc>` inside each `<url>`, before or after
/// its `<loc>`: only the page URL is an article, so the two archive articles that only
/// the sitemap lists are written, and no image or glued URL is ever requested.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sitemap_only_articles_are_found_through_yoast_image_sitemaps() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let site = SampleSite::from_dir(&root.join("yoast-archive")).unwrap();
    let server = SampleServer::start(vec![site]).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    let (code, stdout, stderr) = run_crawl(&cfg, &[]).await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let manifest = manifest_lines(&tmp.path().join("out"));
    let urls: BTreeSet<String> = manifest
        .iter()
        .map(|m| {
            m["url"]
                .as_str()
                .unwrap()
                .rsplit("/20")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(manifest.len(), 5, "{stdout}");
    for archive in [
        "23/11/14/ziniare-bilan-premiere-annee-comite-eau/",
        "23/06/02/kourweogo-apiculteurs-creent-leur-union/",
    ] {
        assert!(urls.contains(archive), "{archive} not written: {urls:?}");
    }
    for r in server.requests() {
        assert!(
            !r.path.contains("wp-content") && !r.path.contains("http") && !r.path.ends_with(".jpg"),
            "requested {}",
            r.path
        );
    }
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.path.contains("page-sitemap") || r.path.contains("category-sitemap")),
        "taxonomy and page sitemaps are not read"
    );
}
