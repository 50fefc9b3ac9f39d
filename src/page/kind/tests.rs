use super::*;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn article(title: &str, paragraphs: &[&str], dated: bool) -> Article {
    Article {
        published: dated.then(chrono::Utc::now),
        language: Some("fr".into()),
        ..Article::of_paragraphs(title, paragraphs)
    }
}

fn signals(ld: &[&str], og: Option<&str>, published_meta: bool, body: &str) -> KindSignals {
    KindSignals {
        ld_types: ld.iter().map(|s| (*s).to_owned()).collect(),
        og_type: og.map(str::to_owned),
        published_meta,
        body_classes: body.split_whitespace().map(str::to_owned).collect(),
        teaser_ends: 0,
    }
}

const PROSE: &str = "Les autorités ont annoncé lundi l'ouverture progressive des vannes du barrage, après une saison des pluies exceptionnelle.";

#[test]
fn a_wordpress_post_is_an_article() {
    let v = classify(
        Some(&url(
            "https://j.bf/2025/02/26/les-vannes-du-barrage-rouvrent/",
        )),
        &signals(
            &["WebPage", "NewsArticle", "Organization"],
            Some("article"),
            true,
            "post-template-default single single-post postid-412 single-format-standard",
        ),
        &article("Les vannes du barrage rouvrent", &[PROSE, PROSE], true),
    );
    assert_eq!(v.kind, Kind::Article, "{v}");
    assert!(v.to_string().contains("JSON-LD NewsArticle"), "{v}");
}

#[test]
fn a_wordpress_static_page_is_a_static_page_even_with_og_type_article() {
    for (path, title) in [
        ("/contact/", "Contact"),
        ("/mentions-legales/", "Mentions légales"),
        (
            "/politique-de-confidentialite/",
            "Politique de confidentialité",
        ),
        ("/a-propos/", "À propos"),
        ("/abonnement/", "Abonnement"),
    ] {
        let v = classify(
            Some(&url(&format!("https://j.bf{path}"))),
            &signals(
                &[],
                Some("article"),
                false,
                "page-template-default page page-id-7",
            ),
            &article(title, &[PROSE, PROSE, PROSE], false),
        );
        assert_eq!(v.kind, Kind::StaticPage, "{path}: {v}");
        assert_eq!(v.rejection(), Some(Rejection::StaticPage));
    }
}

#[test]
fn a_spip_rubrique_of_teasers_is_a_listing() {
    let teaser = "Les producteurs de sésame de la Boucle du Mouhoun misent sur le stockage groupé pour mieux vendre (…)";
    let v = classify(
        Some(&url("https://sahel.example/spip.php?rubrique5")),
        &signals(&[], None, false, "page_rubrique"),
        &article(
            "Économie",
            &["La vie économique du Sahel.", teaser, teaser, teaser],
            false,
        ),
    );
    assert_eq!(v.kind, Kind::Listing, "{v}");
    assert_eq!(v.rejection(), Some(Rejection::Listing));
}

#[test]
fn no_signal_alone_refuses_a_page() {
    let u = url("https://j.bf/contact/");
    let bare = signals(&[], None, false, "");
    let cases = [
        // The URL alone.
        classify(Some(&u), &bare, &article("Un titre", &[PROSE], false)),
        // The title alone.
        classify(None, &bare, &article("Contact", &[PROSE], false)),
        // A listing body class alone.
        classify(
            None,
            &signals(&[], None, false, "archive category"),
            &article("Sport", &[PROSE], false),
        ),
        // A CollectionPage alone.
        classify(
            None,
            &signals(&["CollectionPage"], None, false, ""),
            &article("Sport", &[PROSE], false),
        ),
    ];
    for v in cases {
        assert_eq!(v.kind, Kind::Article, "{v}");
    }
}

#[test]
fn article_evidence_outweighs_a_misleading_url_and_title() {
    // An article about a contact group, at a URL and under a title a static page could have.
    let v = classify(
        Some(&url("https://j.bf/contact/")),
        &signals(
            &["NewsArticle"],
            Some("article"),
            true,
            "single single-post postid-9",
        ),
        &article("Contact", &[PROSE, PROSE], true),
    );
    assert_eq!(v.kind, Kind::Article, "{v}");
}

#[test]
fn a_category_archive_is_a_listing() {
    let teaser = "Le tournoi inter-quartiers de basket-ball a refermé ses portes samedi soir après trois semaines […]";
    let v = classify(
        Some(&url("https://j.bf/category/sport/")),
        &signals(
            &["CollectionPage", "WebSite"],
            Some("website"),
            false,
            "archive category category-sport",
        ),
        &article("Sport", &[teaser, teaser, PROSE], false),
    );
    assert_eq!(v.kind, Kind::Listing, "{v}");
}

#[test]
fn long_paragraphs_ending_in_an_ellipsis_are_not_teasers() {
    let long = format!("{} …", PROSE.repeat(4));
    let a = article("Un titre", &[&long, &long, PROSE], true);
    assert_eq!(teasers(&a), (0, 3));
    let short = article(
        "Un titre",
        &["Un début de phrase…", "Lire la suite", PROSE],
        true,
    );
    assert_eq!(teasers(&short), (2, 3));
}

#[test]
fn static_titles_match_whole_names_only() {
    assert_eq!(static_title("Contact"), Some("contact"));
    assert_eq!(
        static_title("Mentions légales - Le Journal"),
        Some("mentions legales")
    );
    assert_eq!(
        static_title("Contacts entre Ouagadougou et Niamey : reprise du dialogue"),
        None
    );
    assert_eq!(static_title("Contactless payments reach Burkina"), None);
    assert_eq!(
        static_title("À propos de la réforme des retraites, le gouvernement recule"),
        None
    );
}

#[test]
fn static_slugs_are_whole_path_segments_or_spip_pages() {
    assert!(static_slug(&url("https://j.bf/mentions-legales/")).is_some());
    assert!(static_slug(&url("https://j.bf/contact.html")).is_some());
    assert!(static_slug(&url("https://j.bf/spip.php?page=contact")).is_some());
    assert!(static_slug(&url("https://j.bf/2025/02/contact-groupe-de-travail/")).is_none());
    assert!(static_slug(&url("https://j.bf/")).is_none());
}

#[test]
fn prefix_body_classes_need_their_dash() {
    let mut ev = Vec::new();
    let mut add = |k, w, s| ev.push((k, w, s));
    body_classes(&["page-id-12".to_owned(), "postid".to_owned()], &mut add);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].0, Kind::StaticPage);
}

#[test]
fn a_section_whose_body_is_its_description_is_a_listing_by_its_teasers() {
    // SPIP's theme takes the rubrique's description as the body; its teasers are around it.
    let mut s = signals(&[], None, false, "page_rubrique");
    let description = article("Économie", &[PROSE, PROSE], true);
    let url = url("https://sahel.example/spip.php?rubrique5");
    assert_eq!(classify(Some(&url), &s, &description).kind, Kind::Article);
    s.teaser_ends = PAGE_TEASERS_MIN;
    let v = classify(Some(&url), &s, &description);
    assert_eq!(v.kind, Kind::Listing, "{v}");
    assert!(
        v.to_string().contains("3 teaser excerpts on the page"),
        "{v}"
    );
}
