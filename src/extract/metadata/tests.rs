//! Metadata on small inputs: bylines, site names and `<title>` reduction.

use super::authors::split_authors;
use super::title::{
    choose_title, complete_truncated, cut_suffix_another_source_lacks, ld_title,
    title_from_document_title,
};
use super::*;

#[test]
fn junk_bylines_are_rejected() {
    assert!(!is_plausible_author("Par La Rédaction"));
    assert!(!is_plausible_author("La rédaction"));
    assert!(!is_plausible_author("Partager"));
    assert!(!is_plausible_author("https://facebook.com/x"));
    assert!(is_plausible_author("Cédric Kaboré"));
}

#[test]
fn split_author_strips_par() {
    assert_eq!(
        split_authors("Par Awa Ouédraogo et Ali Diallo"),
        vec!["Awa Ouédraogo", "Ali Diallo"]
    );
}

#[test]
fn known_site_name_is_stripped_from_og_title() {
    let t = choose_title(
        Some("Lutte contre le paludisme : la campagne démarre - Faso Matin".into()),
        None,
        &["Lutte contre le paludisme : la campagne démarre".into()],
        &[],
        Some("Faso Matin"),
    );
    assert_eq!(
        t.as_deref(),
        Some("Lutte contre le paludisme : la campagne démarre")
    );
}

#[test]
fn document_title_loses_its_site_part() {
    assert_eq!(
        title_from_document_title("Le budget 2024 adopté à l'Assemblée | Sidwaya", &[], &[]),
        "Le budget 2024 adopté à l'Assemblée"
    );
    // Too few words left: the whole title stays.
    assert_eq!(
        title_from_document_title("Accueil | Sidwaya", &[], &[]),
        "Accueil | Sidwaya"
    );
    assert_eq!(
        title_from_document_title("Sidwaya: Le budget 2024 adopté par les députés", &[], &[]),
        "Le budget 2024 adopté par les députés"
    );
}

#[test]
fn spip_hatom_date_and_vcard_author_are_read_and_comments_ignored() {
    let html = r#"<html><head><title>Festival</title></head><body>
        <div class="comments"><p class="comment-meta"><abbr class="published" title="2024-03-09T21:10:00Z">9 mars</abbr>
        par <strong class="comment-author vcard"><span class="fn">Oumou</span></strong></p></div>
        <p class="info-publi"><abbr class="published" title="2024-03-05T09:15:00Z">Publié le 5 mars 2024</abbr>,
        par <span class="vcard author"><span class="fn">Fatouma Issa</span></span></p>
        </body></html>"#;
    let doc = Html::parse_document(html);
    let meta = extract_metadata(&doc, &SiteRules::default());
    assert_eq!(
        meta.published.map(|d| d.to_rfc3339()),
        Some("2024-03-05T09:15:00+00:00".to_owned())
    );
    assert_eq!(meta.authors, vec!["Fatouma Issa".to_owned()]);
}

#[test]
fn double_escaped_entities_in_a_metadata_title_are_decoded() {
    let html = r#"<html><head><meta property="og:title" content="Trump postet &amp;quot;schon wieder&amp;quot; ein KI-Foto &amp;#8211; Kritik w&amp;auml;chst"></head><body><h1>x</h1></body></html>"#;
    let doc = scraper::Html::parse_document(html);
    let m = super::extract_metadata(&doc, &crate::extract::SiteRules::default());
    assert_eq!(
        m.title.as_deref(),
        Some("Trump postet \"schon wieder\" ein KI-Foto – Kritik wächst")
    );
}

#[test]
fn an_id_is_not_a_title() {
    let html = r#"<html><head><meta property="og:title" content="a-60a0111a-c2d2-46c8-9e93-b16a374e6ba8"><title>Silicon Valley Bank: Fed räumt Versäumnisse ein</title></head><body></body></html>"#;
    let doc = scraper::Html::parse_document(html);
    let m = super::extract_metadata(&doc, &crate::extract::SiteRules::default());
    assert_eq!(
        m.title.as_deref(),
        Some("Silicon Valley Bank: Fed räumt Versäumnisse ein")
    );
}

#[test]
fn a_json_ld_name_that_is_the_publishers_is_not_the_title() {
    let article = serde_json::json!({
        "@type": "NewsArticle",
        "name": "Gazette du Faso",
        "headline": "La saison des pluies commence tôt",
        "publisher": {"@type": "NewsMediaOrganization", "name": "Gazette du Faso"}
    });
    // Without a `<title>` to compare with, `name` would win by default.
    assert_eq!(
        ld_title(&article, None, &[], &[]).as_deref(),
        Some("La saison des pluies commence tôt")
    );
    let doc_title = "La saison des pluies commence tôt - Gazette du Faso";
    // A name of the article's own stays the title, as Readability has it.
    let article = serde_json::json!({
        "@type": "NewsArticle",
        "name": "La saison des pluies commence tôt au Sahel",
        "headline": "Pluies précoces",
        "publisher": {"@type": "NewsMediaOrganization", "name": "Gazette du Faso"}
    });
    assert_eq!(
        ld_title(&article, Some(doc_title), &[], &[]).as_deref(),
        Some("La saison des pluies commence tôt au Sahel")
    );
    // The headline the page shows in its h1 wins over an SEO name that only the `<title>`
    // repeats; the h1 showing the name keeps the name.
    let seo = serde_json::json!({
        "@type": "NewsArticle",
        "name": "Pluies précoces au Sahel : ce qu'il faut savoir - Gazette du Faso",
        "headline": "La saison des pluies commence tôt au Sahel",
    });
    let seo_title = "Pluies précoces au Sahel : ce qu'il faut savoir - Gazette du Faso";
    let h1 = |t: &str| vec![format!("  {t} ")];
    assert_eq!(
        ld_title(
            &seo,
            Some(seo_title),
            &[],
            &h1("La saison des pluies commence tôt au Sahel")
        )
        .as_deref(),
        Some("La saison des pluies commence tôt au Sahel")
    );
    assert_eq!(
        ld_title(&seo, Some(seo_title), &[], &[]).as_deref(),
        Some(seo_title)
    );
}

#[test]
fn a_site_suffix_that_another_title_source_lacks_is_cut() {
    let others = [
        "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken".to_owned(),
        "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken | Europa | DW".to_owned(),
    ];
    assert_eq!(
        cut_suffix_another_source_lacks(
            "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken | DW | 28.04.2023",
            &others,
            &[]
        ),
        "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken"
    );
    // No other source says the head alone: the title stays whole.
    assert_eq!(
        cut_suffix_another_source_lacks("Die Kurse steigen - und viele fragen warum", &others, &[]),
        "Die Kurse steigen - und viele fragen warum"
    );
    // A head of one or two words is a kicker, not a headline.
    let others = ["Interview".to_owned()];
    assert_eq!(
        cut_suffix_another_source_lacks("Interview - Der Minister über die Dürre", &others, &[]),
        "Interview - Der Minister über die Dürre"
    );
    // The h1 that says a short head alone is the visible headline; a longer head needs
    // a metadata source, the h1 alone does not cut it.
    let h1s = ["„Unermüdlicher Einsatz“".to_owned()];
    assert_eq!(
        cut_suffix_another_source_lacks(
            "„Unermüdlicher Einsatz“ - Die Neue Südtiroler Tageszeitung",
            &[],
            &h1s
        ),
        "„Unermüdlicher Einsatz“"
    );
    let h1s = ["Die Kurse steigen".to_owned()];
    assert_eq!(
        cut_suffix_another_source_lacks("Die Kurse steigen | Hans Müller", &[], &h1s),
        "Die Kurse steigen | Hans Müller"
    );
    // A suffix run on without spaces, when another source says the head alone; a head
    // that goes on with a letter is a word of the title.
    let others = ["장동혁, 한동훈 제명했지만 부담 커졌다".to_owned()];
    assert_eq!(
        cut_suffix_another_source_lacks(
            "장동혁, 한동훈 제명했지만 부담 커졌다-정치ㅣ한국일보",
            &others,
            &[]
        ),
        "장동혁, 한동훈 제명했지만 부담 커졌다"
    );
    let others = ["Die Kurse steigen weiter".to_owned()];
    assert_eq!(
        cut_suffix_another_source_lacks("Die Kurse steigen weiterhin", &others, &[]),
        "Die Kurse steigen weiterhin"
    );
}

#[test]
fn a_title_cut_with_an_ellipsis_is_completed_from_the_h1() {
    let h1s = [
        "Menu".to_owned(),
        "Google's Search makeover keeps classic results".to_owned(),
    ];
    for cut in ["Google's Search makeover…", "Google's Search makeover ..."] {
        assert_eq!(
            complete_truncated(cut.to_owned(), &h1s),
            "Google's Search makeover keeps classic results"
        );
    }
    // No h1 goes on from it, or nothing before the ellipsis: the title stays.
    assert_eq!(complete_truncated("Wait…".to_owned(), &h1s), "Wait…");
    assert_eq!(complete_truncated("…".to_owned(), &h1s), "…");
}

#[test]
fn the_social_title_wins_when_the_title_only_adds_a_kicker_or_a_few_words() {
    let title = |head: &str, body: &str| {
        let html = format!("<html><head>{head}</head><body>{body}</body></html>");
        let doc = scraper::Html::parse_document(&html);
        super::extract_metadata(&doc, &crate::extract::SiteRules::default()).title
    };
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"}</script>"#;
    let og = r#"<meta property="og:title" content="Judy Lybke, ganz und gar nicht eigenartig">"#;
    let h1 = "<h1>Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig</h1>";
    assert_eq!(
        title(&format!("{ld}{og}"), h1).as_deref(),
        Some("Judy Lybke, ganz und gar nicht eigenartig")
    );
    // A kicker run on by a hyphen is one too.
    let og_kicker = r#"<meta property="og:title" content="Interimstrainer Schubert: Nicht mehr viel zu verlieren">"#;
    let t = r#"<meta name="twitter:title" content="x"><title>MSV-Interimstrainer Schubert: Nicht mehr viel zu verlieren</title>"#;
    assert_eq!(
        title(
            &format!("{og_kicker}{t}"),
            "<h1>MSV-Interimstrainer Schubert: Nicht mehr viel zu verlieren</h1>"
        )
        .as_deref(),
        Some("Interimstrainer Schubert: Nicht mehr viel zu verlieren")
    );
    // A social title that ends the headline without a separator before it, or that is
    // too short to stand alone, is not the headline.
    let og_tail = r#"<meta property="og:title" content="ganz und gar nicht eigenartig">"#;
    assert_eq!(
        title(&format!("{ld}{og_tail}"), h1).as_deref(),
        Some("Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig")
    );
    let og_short = r#"<meta property="og:title" content="Judy Lybke">"#;
    let ld_short = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Galerist: Judy Lybke"}</script>"#;
    assert_eq!(
        title(&format!("{ld_short}{og_short}"), "").as_deref(),
        Some("Galerist: Judy Lybke")
    );
    // Words after the social title, fewer than it holds: a trimmed headline.
    let og_trim = r#"<meta property="og:title" content="Your $1 bill could be worth up THOUSANDS - here's how to check">"#;
    let ld_buck = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Your $1 bill could be worth up THOUSANDS - here's how to check if you have the rare buck"}</script>"#;
    assert_eq!(
        title(&format!("{ld_buck}{og_trim}"), "").as_deref(),
        Some("Your $1 bill could be worth up THOUSANDS - here's how to check")
    );
    // A short label that the headline goes on from at length is not the headline.
    let og_label = r#"<meta property="og:title" content="How to Care for Hydrangeas">"#;
    let ld_long = r#"<script type="application/ld+json">{"@type":"Article","headline":"How to Care for Hydrangeas to Get the Most Beautiful Blooms on the Block"}</script>"#;
    assert_eq!(
        title(&format!("{ld_long}{og_label}"), "").as_deref(),
        Some("How to Care for Hydrangeas to Get the Most Beautiful Blooms on the Block")
    );
}
