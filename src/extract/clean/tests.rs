//! Generic cleaning on small pages: what is removed by tag, role, visibility and class
//! vocabulary, and what is kept although its name looks like noise.

use super::*;
use crate::extract::dom::text_stats;

/// A page with `inner` between a long article and a footer line, so that shares of
/// page text are realistic.
fn page(inner: &str) -> String {
    let para = "<p>Le conseil municipal a voté mardi le budget de l’exercice, après un long \
                débat sur la voirie, les écoles et la collecte des ordures ménagères.</p>";
    format!(
        "<html><body><div id=main-article>{}</div>{inner}<p>fin</p></body></html>",
        para.repeat(6)
    )
}

#[test]
fn a_section_id_made_from_its_heading_is_not_vocabulary() {
    let section = "<div class=section id=sharing-with-a-single-developer><h2>Sharing with a \
                   single developer</h2><p>The simplest scenario is a single developer \
                   working across two computers, one of them a remote test server.</p></div>";
    assert!(!removed(&page(section), "sharing-with-a-single-developer"));
    assert!(removed(
        &page("<div id=share-bar-top><a href=/x>Partager</a></div>"),
        "share-bar-top"
    ));
    assert!(is_heading_slug("example-1-amend-a-shared-changeset"));
    assert!(!is_heading_slug("jp-relatedposts"));
    assert!(!is_heading_slug("comments_area-x-y-z"));
}

/// True when the element with `id` (or one of its ancestors) is removed.
fn removed(html: &str, id: &str) -> bool {
    removed_with(html, id, false)
}

fn removed_with(html: &str, id: &str, relaxed: bool) -> bool {
    let doc = Html::parse_document(html);
    let stats = text_stats(&doc);
    let removals = generic_removals(
        &doc,
        &stats,
        &HashSet::new(),
        false,
        relaxed,
        &mut Recorder::off(),
    );
    let ids: Vec<NodeId> = removals
        .before_choice
        .into_iter()
        .chain(removals.after_choice)
        .collect();
    let sel = Selector::parse(&format!("#{id}")).unwrap();
    let el = doc.select(&sel).next().expect("element with that id");
    std::iter::once(el.id())
        .chain(el.ancestors().map(|a| a.id()))
        .any(|n| ids.contains(&n))
}

#[test]
fn drops_by_tag() {
    for inner in [
        "<nav id=x><a href=/>Accueil</a></nav>",
        "<aside id=x><p>Les plus lus</p></aside>",
        "<footer id=x>Tous droits réservés</footer>",
        "<form id=x><input name=q></form>",
        "<figure id=x><img src=a.jpg><figcaption>Photo : AFP</figcaption></figure>",
        "<script id=x>var a = 1;</script>",
    ] {
        assert!(removed(&page(inner), "x"), "{inner}");
    }
}

#[test]
fn a_form_wrapping_the_whole_page_is_kept() {
    // ASP.NET pages wrap everything in one <form>.
    let html = page("")
        .replace("<body>", "<body><form id=x>")
        .replace("</body>", "</form></body>");
    assert!(!removed(&html, "x"));
    assert!(!removed(&html, "main-article"));
}

#[test]
fn page_header_is_dropped_but_not_an_article_header() {
    let html = page("<header id=x><a href=/>Logo</a> Le Journal</header>");
    assert!(removed(&html, "x"));
    let html = "<html><body><article><header id=x><h1>Titre</h1></header><p>Texte assez long \
                pour compter comme un article entier, avec des virgules, et des phrases.</p>\
                </article></body></html>";
    assert!(!removed(html, "x"));
}

#[test]
fn a_commentary_is_an_article_not_a_comment_thread() {
    assert!(!removed(
        &page("<div id=x class=\"article commentary\"><p>Un éditorial.</p></div>"),
        "x"
    ));
    assert!(removed(
        &page("<div id=x class=comment-list><p>Un avis.</p></div>"),
        "x"
    ));
}

#[test]
fn hidden_elements_are_dropped() {
    assert!(removed(
        &page("<div id=x style=\"display: none\">caché</div>"),
        "x"
    ));
    assert!(removed(&page("<div id=x hidden>caché</div>"), "x"));
    for class in [
        "sr-only",
        "u-visually-hidden",
        "visuallyhidden",
        "h-offscreen",
        "expand-icon__a11y-open h-offscreen",
        "screen-reader-text",
        "invisible",
    ] {
        let html = page(&format!(
            "<span id=x class=\"{class}\">Box aufklappen</span>"
        ));
        assert!(removed(&html, "x"), "{class}");
    }
    // Drupal's "(link is external)" note belongs to its link.
    assert!(!removed(
        &page("<span id=x class=element-invisible>(link is external)</span>"),
        "x"
    ));
    assert!(removed(
        &page("<div id=x class=\"hidden\">caché</div>"),
        "x"
    ));
}

#[test]
fn responsive_visibility_classes_are_not_hidden() {
    // Bootstrap 3, Tailwind, Bootstrap 4+ utilities hide on some screens only.
    for class in [
        "hidden-xs hidden-sm",
        "hidden md:block",
        "d-none d-md-block",
        "hidden-print",
    ] {
        let html = page(&format!(
            "<div id=x class=\"{class}\">Intertitre visible</div>"
        ));
        assert!(!removed(&html, "x"), "{class}");
    }
    // Drupal: the field's *label* is hidden, not the field.
    assert!(!removed(
        &page("<div id=x class=\"field field--label-hidden\">corps</div>"),
        "x"
    ));
}

#[test]
fn aria_roles_of_page_chrome_are_dropped() {
    for role in [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
    ] {
        let html = page(&format!("<div id=x role={role}>Menu</div>"));
        assert!(removed(&html, "x"), "{role}");
    }
}

#[test]
fn noise_vocabulary_in_class_or_id() {
    for attrs in [
        "class=share-buttons",
        "class=\"post-comments\"",
        "class=comment-respond",
        "class=related-posts",
        "class=jp-relatedposts",
        "class=newsletter-box",
        "class=breadcrumb",
        "class=\"ad-slot\"",
        "class=widget_recent_entries",
        "class=\"wp-caption-text\"",
        "class=outbrain-wrap",
        "class=cookie-notice",
        "class=\"ez-toc toc\"",
        "class=\"box do-display-embed\"",
        "class=video-fallback",
        "class=debug-piano",
        "class=\"postmetadata alt\"",
        "class=singlepostmeta",
    ] {
        let html = page(&format!("<div id=x {attrs}>boilerplate</div>"));
        assert!(removed(&html, "x"), "{attrs}");
    }
}

#[test]
fn layout_words_are_not_noise() {
    for attrs in [
        "class=\"elementor-widget-container\"",
        "class=\"iz-pagebody--wsidebar\"",
        "class=\"layout has-sidebar\"",
        "id=__next",
        "class=\"post-entry\"",
    ] {
        let html = page(&format!("<div id=x {attrs}>Un paragraphe ordinaire.</div>"));
        assert!(!removed(&html, "x"), "{attrs}");
    }
}

#[test]
fn a_noise_class_holding_most_of_the_prose_is_kept() {
    // A page builder's or an ad plugin's wrapper around the whole article.
    let html = page("").replace(
        "<div id=main-article>",
        "<div id=x class=\"banners-contenido-nota\"><div id=main-article>",
    );
    let html = html.replace("</div><p>fin", "</div></div><p>fin");
    assert!(!removed(&html, "x"));
}

#[test]
fn relaxed_mode_keeps_class_matches_but_drops_tags() {
    let html = page(
        "<div id=x class=comment-body><p>Premier message du forum.</p></div><nav id=y>menu</nav>",
    );
    assert!(removed(&html, "x"));
    assert!(!removed_with(&html, "x", true));
    assert!(removed_with(&html, "y", true));
}

#[test]
fn selector_removals_and_detach() {
    let mut doc = Html::parse_document("<div class=pub>Publicité</div><p>Texte</p>");
    let ids = selector_removals(
        &doc,
        &[Selector::parse(".pub").unwrap()],
        "site",
        &mut Recorder::off(),
    );
    assert_eq!(ids.len(), 1);
    detach_all(&mut doc, &ids);
    detach_all(&mut doc, &ids); // twice is harmless
    let text: String = doc.root_element().text().collect();
    assert_eq!(text, "Texte");
}

#[test]
fn a_donation_box_goes_by_its_class() {
    let box_ = "<div id=reward class=\"reward rty-new-donation\"><div>Unterstützung</div>\
                <p>Wenn Ihnen unser Artikel gefallen hat: Unterstützen Sie diese Form des \
                Journalismus.</p><form action=/unterstuetzen-sie-uns/checkout><select>\
                <option>10,- €</option></select></form></div>";
    assert!(removed(&page(box_), "reward"));
}
