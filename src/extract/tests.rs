//! End-to-end tests of the cascade on small pages: what the body keeps and drops.

use super::*;

const P1: &str = "Le conseil municipal a voté mardi soir le budget de l’exercice, après un long débat sur la voirie, les écoles et la collecte des ordures.";
const P2: &str = "L’opposition a demandé un audit des marchés publics passés depuis deux ans, en particulier ceux de l’éclairage, des marchés et des gares routières.";
const P3: &str = "Le maire a promis de publier les comptes en ligne avant la fin du trimestre, ce que la société civile réclamait depuis longtemps, selon ses représentants.";

fn text(html: &str) -> String {
    Extractor::new(Vec::new())
        .extract(html, &SiteRules::default())
        .map(|a| a.to_text())
        .unwrap_or_default()
}

fn doc(body: &str) -> String {
    format!("<html><head><title>Budget voté à la mairie</title></head><body>{body}</body></html>")
}

#[test]
fn article_split_across_sibling_sections_is_merged() {
    let html = doc(&format!(
        "<nav><a href=/>Accueil</a></nav><main><h1>Budget voté à la mairie</h1>\
         <section class=text-block><p>{P1}</p><p>{P2}</p></section>\
         <section class=text-block><p>{P3}</p></section></main>\
         <div class=sidebar><p><a href=/a>Autre article</a></p></div>"
    ));
    let out = text(&html);
    for p in [P1, P2, P3] {
        assert!(out.contains(p), "missing {p:?} in\n{out}");
    }
    assert!(!out.contains("Autre article"));
}

#[test]
fn lead_in_the_article_header_is_kept() {
    let html = doc(&format!(
        "<article><header><h1>Budget voté à la mairie</h1><p class=article-lead>La ville \
         adopte un budget en hausse de dix pour cent.</p></header>\
         <div class=article-body><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article>"
    ));
    let out = text(&html);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[1],
        "La ville adopte un budget en hausse de dix pour cent."
    );
    assert_eq!(lines[2], P1);
}

#[test]
fn related_list_after_a_read_also_heading_is_dropped() {
    let html = doc(&format!(
        "<div class=entry-content><p>{P1}</p><p>{P2}</p><h3>Lesen Sie auch</h3>\
         <p><a href=/1>Ein anderer Artikel über den Haushalt</a></p>\
         <p>Kurzer Anreißer ohne Link</p><p>{P3}</p></div>"
    ));
    let out = text(&html);
    assert!(!out.contains("Lesen Sie auch"));
    assert!(!out.contains("Anreißer"));
    assert!(out.contains(P3), "prose after the list resumes:\n{out}");
}

#[test]
fn heading_of_a_dropped_link_section_goes_too() {
    let html = doc(&format!(
        "<div class=entry-content><p>{P1}</p><p>{P2}</p><p>{P3}</p><h2>Notre sélection</h2>\
         <ul><li><a href=/1>Premier lien vers un autre article</a></li>\
         <li><a href=/2>Second lien vers un autre article</a></li></ul><h2>Fin</h2></div>"
    ));
    let out = text(&html);
    assert!(!out.contains("Notre sélection"), "{out}");
    assert!(!out.contains("Fin"), "{out}");
}

#[test]
fn forum_post_in_a_comment_class_is_found_by_the_relaxed_retry() {
    let html = doc(&format!(
        "<div class=forum><div class=comment-first><div class=comment-text><p>{P1}</p>\
         <p>{P2}</p><p>{P3}</p></div></div></div>"
    ));
    let out = text(&html);
    assert!(out.contains(P1) && out.contains(P3), "{out}");
}

#[test]
fn json_ld_article_body_rescues_script_rendered_pages() {
    let body = format!("{P1}\\n{P2}\\n{P3}");
    let html = format!(
        "<html><head><title>Budget</title><script type=\"application/ld+json\">\
         {{\"@type\":\"NewsArticle\",\"headline\":\"Budget voté\",\"articleBody\":\"{body}\"}}\
         </script></head><body><div id=app>Chargement…</div></body></html>"
    );
    let out = text(&html);
    assert!(out.contains(P2), "{out}");
}

#[test]
fn article_html_in_a_hydration_script_rescues_script_rendered_pages() {
    // A client-rendered page: the markup holds a shell, the article's HTML travels as a
    // JSON string in a state script, with the CMS's ad placeholder still in it.
    let article = format!("<p>{P1}</p><p>$$ARTICLEAD$$</p><p>{P2}</p><p>{P3}</p>");
    let state = serde_json::json!({"article": {"title": "Budget", "content": article}});
    let html = doc(&format!(
        "<div id=root><p>Chargement…</p></div>\
         <script>window.__STATE__ = {state};</script>"
    ));
    let out = text(&html);
    for p in [P1, P2, P3] {
        assert!(out.contains(p), "missing {p:?} in\n{out}");
    }
    assert!(!out.contains("ARTICLEAD"), "{out}");
    assert!(!out.contains("Chargement"), "{out}");
}

#[test]
fn a_trailing_heading_goes_unless_the_body_is_headings_only() {
    // After prose, a heading with nothing under it announced a dropped box.
    let html = doc(&format!(
        "<div class=entry-content><p>{P1}</p><p>{P2}</p><p>{P3}</p><h3>Sur le même sujet</h3>\
         <div class=related><a href=/a>Un autre article</a></div></div>"
    ));
    let out = text(&html);
    assert!(out.contains(P3), "{out}");
    assert!(!out.contains("même sujet"), "{out}");
    // A page of pictures under their titles: every title is the content.
    let picture = |k: u32| {
        let title = format!("<h2>Les travaux de la place du marché, vue {k}</h2>");
        title + "<img src=/photo.jpg>"
    };
    let gallery: String = (1..=6).map(picture).collect();
    let out = text(&doc(&format!("<main>{gallery}</main>")));
    assert!(out.contains("du marché, vue 6"), "{out}");
}

#[test]
fn labels_and_dates_are_dropped_inside_the_body() {
    let html = doc(&format!(
        "<div class=entry-content><p>Publicité</p><p>{P1}</p><p>12 mars 2024</p>\
         <p>A LIRE AUSSI : un autre sujet</p><p>{P2}</p><p>Share this article</p></div>"
    ));
    let out = text(&html);
    assert_eq!(out.lines().skip(1).collect::<Vec<_>>(), vec![P1, P2]);
}

#[test]
fn captions_and_notices_with_a_copyright_credit_are_dropped() {
    let html = doc(&format!(
        "<div class=entry-content><p>{P1}</p><p>Le maire devant la mairie. © AFP / Jean \
         Dupont</p><p>{P2}</p><p>Le logo™© nous semble une idée plaisante que nous \
         voulions partager avec vous tous.</p><p>© 2024 La Gazette</p></div>"
    ));
    let out = text(&html);
    assert!(!out.contains("AFP"), "{out}");
    assert!(!out.contains("2024 La Gazette"), "{out}");
    assert!(out.contains("Le logo™©"), "{out}");
    assert!(out.contains(P2), "{out}");
}

#[test]
fn a_repeated_paragraph_is_kept_but_a_repeated_label_is_not() {
    let html = doc(&format!(
        "<div class=entry-content><p>{P1} {P3}</p><p>{P1} {P3}</p><p>Vote à main levée.</p>\
         <p>Vote à main levée.</p><p>{P2}</p></div>"
    ));
    let out = text(&html);
    assert_eq!(out.matches(P3).count(), 2, "{out}");
    assert_eq!(out.matches("Vote à main levée.").count(), 1, "{out}");
}

#[test]
fn the_box_with_the_title_heading_is_kept_and_not_widened() {
    // The story sits in a "modal" box beside a stream of teasers that together hold
    // more prose than the story: the story's own title heading keeps the choice on it.
    let teaser = "<div class=item><h3><a href=/x>Un autre titre</a></h3><p>Résumé d’une \
                  autre dépêche publiée ce matin, avec assez de mots pour compter comme \
                  un paragraphe de prose ordinaire.</p></div>";
    let html = doc(&format!(
        "<div class=col><div id=stream>{}</div></div><div class=\"story-modal\"><article><h1>Budget \
         voté à la mairie</h1><p>{P1}</p><p>{P2}</p><p>{P1} Suite.</p><p>{P2} Fin.</p>\
         </article></div>",
        teaser.repeat(6)
    ));
    let out = text(&html);
    assert!(out.contains(&P1[..40]), "{out}");
    assert!(!out.contains("Résumé d’une autre dépêche"), "{out}");
    let without = text(&html.replace("<h1>Budget voté à la mairie</h1>", ""));
    assert!(
        without.contains("Résumé d’une autre dépêche"),
        "without the title heading the choice widens: {without}"
    );
}

#[test]
fn an_h1_in_other_words_than_the_title_is_kept() {
    let html = format!(
        "<html><head><title>Budget voté</title><meta property=og:title content=\"Budget \
         voté\"></head><body><article><h1>Une soirée de débats à l’hôtel de ville</h1>\
         <p>{P1}</p><p>{P2}</p></article></body></html>"
    );
    let out = text(&html);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "Une soirée de débats à l’hôtel de ville", "{out}");
}

#[test]
fn caption_lines_are_dropped() {
    let html = doc(&format!(
        "<div class=entry-content><p>{P1}</p><p>Abbildung 4: Aufbau der Anlage</p>\
         <p>{P2}</p><p>Foto: Jean Dupont</p><p>Bildung: un budget en hausse.</p></div>"
    ));
    let out = text(&html);
    assert!(!out.contains("Abbildung"), "{out}");
    assert!(!out.contains("Jean Dupont"), "{out}");
    assert!(out.contains("Bildung: un budget"), "{out}");
}

#[test]
fn never_panics_on_hostile_input() {
    let ex = Extractor::default();
    let rules = SiteRules::default();
    let deep = format!("{}{P1}{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let deep_p = format!("<body>{}</body>", format!("<span><p>{P1}").repeat(5_000));
    let lists = format!("<body>{}</body>", "<ul><li>".repeat(5_000));
    let tables = format!("<body>{}x</body>", "<table><tr><td>".repeat(3_000));
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let garbage = String::from_utf8_lossy(&bytes).into_owned();
    for html in [
        String::new(),
        " ".into(),
        "<".into(),
        "<html><body></body></html>".into(),
        "<script>".into(),
        "<!--".into(),
        "<svg><svg><svg>".into(),
        "\u{0}\u{feff}<p>\u{202e}</p>".into(),
        deep,
        deep_p,
        lists,
        tables,
        garbage,
    ] {
        let _ = ex.extract(&html, &rules);
        let _ = ex.explain(&html, &rules);
    }
}

#[test]
fn a_live_feed_aside_with_more_prose_than_the_story_is_dropped() {
    // A sidebar live feed can hold more prose than the story: the story's title heading
    // lies outside it, so the aside is not the article's wrapper.
    let item = |n: u32| {
        format!(
            "<li class=live-item><div class=live-item-content><span>Direct.</span><p>Brève \
             numéro {n} du fil en continu, sur un tout autre sujet, avec des virgules, des \
             détails, et une longue phrase qui ressemble à un article.</p></div></li>"
        )
    };
    let feed: String = (0..12).map(item).collect();
    let html = doc(&format!(
        "<div class=wrapper><div class=main><h1>Budget voté à la mairie</h1>\
         <div class=body><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>\
         <aside id=x><div class=live><ul>{feed}</ul></div></aside></div>"
    ));
    let out = text(&html);
    assert!(out.contains(P3), "{out}");
    assert!(!out.contains("fil en continu"), "{out}");
    // Without the title heading beside it, the same aside may be the page's wrapper.
    let wrapped = doc(&format!("<aside><ul>{feed}</ul></aside>"));
    assert!(text(&wrapped).contains("fil en continu"));
}

#[test]
fn closing_lines_that_name_the_publisher_are_cut_but_not_the_story_that_names_it() {
    let head = "<html><head><title>Budget voté à la mairie</title>\
        <meta property=og:site_name content=\"Le Faso Matin\">\
        <link rel=canonical href=\"https://www.lefasomatin.bf/politique/budget-vote\"></head>";
    let mention = "Interrogée par Le Faso Matin, la trésorière a confirmé le montant du déficit.";
    let promo =
        "Suivez Le Faso Matin sur WhatsApp et recevez l’essentiel de l’actualité chaque soir.";
    let permalink = "Lien permanent : https://lefasomatin.bf/p/4QgGF";
    let html = format!(
        "{head}<body><article><h1>Budget voté à la mairie</h1><div class=entry-content>\
         <p>{P1}</p><p>{mention}</p><p>{P2}</p><p>{P3}</p><p>{promo}</p><p>{permalink}</p>\
         </div></article></body></html>"
    );
    let out = text(&html);
    for p in [P1, mention, P2, P3] {
        assert!(out.contains(p), "missing {p:?} in\n{out}");
    }
    assert!(!out.contains("WhatsApp"), "{out}");
    assert!(!out.contains("Lien permanent"), "{out}");
    // Without a canonical URL to confirm the site name, nothing is cut.
    let unconfirmed = html.replace(
        "<link rel=canonical href=\"https://www.lefasomatin.bf/politique/budget-vote\">",
        "",
    );
    assert!(text(&unconfirmed).contains("WhatsApp"));
}

#[test]
fn a_newsletter_box_in_the_story_goes_with_its_pitch_and_consent_line() {
    let html = doc(&format!(
        "<article><h1>Budget voté à la mairie</h1><div class=entry-content><p>{P1}</p>\
         <div class=c-inlineSignup><div class=c-inlineSignup__content>\
         <h2 class=c-inlineSignup__title>La lettre du matin</h2>\
         <div class=c-inlineSignup__blurb>L’essentiel de l’actualité locale chaque matin.</div>\
         <form id=nl><input type=\"email\" placeholder=\"Adresse e-mail\" required>\
         <button type=submit>S’inscrire</button></form>\
         <div class=c-inlineSignup__disclaimer>En vous inscrivant, vous acceptez nos \
         <a href=/cgu>conditions</a>.</div></div></div><p>{P2}</p><p>{P3}</p></div></article>"
    ));
    let out = text(&html);
    for p in [P1, P2, P3] {
        assert!(out.contains(p), "missing {p:?} in\n{out}");
    }
    for chrome in ["La lettre du matin", "chaque matin", "En vous inscrivant"] {
        assert!(!out.contains(chrome), "{chrome:?} kept in\n{out}");
    }
}

#[test]
fn a_standfirst_that_says_the_description_is_kept_whatever_its_class() {
    let standfirst = "La ville adopte un budget en hausse de dix pour cent, porté par les écoles.";
    let html = format!(
        "<html><head><title>Budget voté à la mairie</title>\
         <meta property=og:description content=\"{standfirst}\"></head><body>\
         <div class=page><div class=top><h1>Budget voté à la mairie</h1>\
         <div class=Xk3b><span>{standfirst}</span></div><div class=meta>12 mars 2024</div></div>\
         <div class=wrap><div class=col><div class=entry><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div></div>\
         </div></body></html>"
    );
    let out = text(&html);
    let body: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(body.first(), Some(&standfirst), "{out}");
    // Without the description nothing says that the box above the body is its standfirst.
    let bare = html.replace(
        &format!("<meta property=og:description content=\"{standfirst}\">"),
        "",
    );
    assert!(!text(&bare).contains(standfirst), "{}", text(&bare));
}

#[test]
fn a_heading_styled_standfirst_is_not_an_orphan_heading() {
    let standfirst = "La ville adopte un budget en hausse de dix pour cent, porté par les écoles.";
    let page = |head: &str| {
        format!(
            "<html><head><title>Budget voté à la mairie</title>{head}</head><body><article>\
             <h1>Budget voté à la mairie</h1><h2 class=subtitle>{standfirst}</h2>\
             <p>Publicité</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"
        )
    };
    let described = text(&page(&format!(
        "<meta name=description content=\"{standfirst}\">"
    )));
    assert!(described.contains(standfirst), "{described}");
    // Without the description the heading announced only a dropped line: it goes.
    let bare = text(&page(""));
    assert!(!bare.contains(standfirst), "{bare}");
}

#[test]
fn a_standfirst_in_the_page_header_beside_the_body_is_found_by_the_description() {
    let standfirst = "La ville adopte un budget en hausse de dix pour cent, porté par les écoles.";
    let page = |head: &str, class: &str| {
        format!(
            "<html><head><title>Budget voté à la mairie</title>{head}</head><body>\
             <div class=top><h1>Budget voté à la mairie</h1><div class={class}>{standfirst}</div>\
             <div class=date>12 mars 2024</div></div>\
             <div class=a><div class=b><div class=c><div class=d><div class=e>\
             <p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div></div></div></div></body></html>"
        )
    };
    let described = text(&page(
        &format!("<meta property=og:description content=\"{standfirst}\">"),
        "x1",
    ));
    assert!(described.contains(standfirst), "{described}");
    // Without the description nothing ties that paragraph to the story.
    let bare = text(&page("", "x1"));
    assert!(!bare.contains(standfirst), "{bare}");
}

#[test]
fn a_teaser_card_between_paragraphs_goes_and_a_listing_of_cards_stays_a_listing() {
    let card = |n: usize| {
        format!(
            "<article class=\"c{n}x9\"><h3><span>Dossier</span>: <a href=\"/dossier-{n}\">\
             Tout sur le budget de la ville</a></h3><div>Les débats, les votes et les \
             chiffres du conseil municipal, mis à jour chaque semaine (dossier {n}).</div>\
             <picture><img src=\"/{n}.jpg\"></picture></article>"
        )
    };
    let story = doc(&format!(
        "<main><article><h1>Budget voté à la mairie</h1><p>{P1}</p><p>{P2}</p>{}<p>{P3}</p>\
         </article></main>",
        card(1)
    ));
    let out = text(&story);
    for p in [P1, P2, P3] {
        assert!(out.contains(p), "missing {p:?} in\n{out}");
    }
    assert!(!out.contains("chaque semaine"), "the card stayed in\n{out}");
    // Only cards: a listing, whose teasers are all the text there is.
    let listing = doc(&format!(
        "<main>{}</main>",
        (1..=4).map(card).collect::<String>()
    ));
    assert!(text(&listing).contains("chaque semaine"));
}

#[test]
fn a_byline_line_naming_the_metadata_author_opens_no_body() {
    let page = |author: &str| {
        format!(
            "<html><head><title>Budget voté à la mairie</title>\
             <meta name=\"author\" content=\"{author}\"></head><body><article>\
             <h1>Budget voté à la mairie</h1><p>Par Awa Ouédraogo, à Ouagadougou</p>\
             <p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"
        )
    };
    let out = text(&page("Awa Ouédraogo"));
    assert!(!out.contains("Par Awa"), "byline kept in\n{out}");
    assert!(out.contains(P1));
    // Another author: the line names nobody the page knows, and stays.
    assert!(text(&page("Issa Sawadogo")).contains("Par Awa Ouédraogo"));
}

#[test]
fn a_recipes_ingredient_table_beside_its_steps_joins_the_body() {
    let ld = r#"{"@context":"https://schema.org","@type":"Recipe","name":"Riz gras",
        "recipeIngredient":["500 g de riz","2 oignons","3 tomates","1 l de bouillon"]}"#;
    let html = format!(
        "<html><head><title>Riz gras</title><script type=\"application/ld+json\">{ld}\
         </script></head><body><main><h1>Riz gras</h1>\
         <div class=box><h2>Ingrédients</h2><table><tr><td>500 g</td><td>de riz</td></tr>\
         <tr><td>2</td><td>oignons</td></tr><tr><td>3</td><td>tomates</td></tr>\
         <tr><td>1 l</td><td>de bouillon</td></tr></table></div>\
         <div class=box><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></main></body></html>"
    );
    let out = text(&html);
    let lines: Vec<&str> = out.lines().collect();
    let riz = lines.iter().position(|l| l.contains("de riz"));
    let steps = lines.iter().position(|l| *l == P1);
    assert!(
        riz.is_some() && steps.is_some(),
        "ingredients or steps missing in\n{out}"
    );
    assert!(
        riz < steps,
        "the list comes before the steps, as on the page:\n{out}"
    );
    assert!(out.contains("oignons") && out.contains("de bouillon"));
    // Without the metadata, nothing says the table is the recipe's: the steps alone.
    let plain = html.replace("recipeIngredient", "keywords");
    assert!(!text(&plain).contains("oignons"));
}

#[test]
fn a_paywall_notice_and_a_plea_to_subscribe_go_but_a_sentence_linking_to_the_offer_stays() {
    let inline = "Le journal, qui compte désormais douze mille abonnés, a présenté son \
        <a href=/abonnement>offre numérique</a> aux élus à la fin de la séance.";
    let html = doc(&format!(
        "<main><article><h1>Budget voté à la mairie</h1><div class=ZxQ1><p>{P1}</p>\
         <p>{inline}</p><p>{P2}</p><p>{P3}</p></div>\
         <div class=k9Pw><div class=k9Pw__in><p class=k9Pw__t><strong>Cet article est \
         réservé aux abonnés.</strong> Il vous reste 60 % à lire.</p>\
         <ul><li>Tous les articles en illimité</li><li>Le journal du jour dès 6 heures</li></ul>\
         <div class=k9Pw__cta><a class=btn href=https://www.example.com/abo/>Je m’abonne \
         pour 1 €</a> <a href=\"/compte/login?redirect=/article\">Se connecter</a></div>\
         </div></div></article></main>"
    ));
    let out = text(&html);
    for p in [P1, P2, P3, "offre numérique aux élus"] {
        assert!(out.contains(p), "missing {p:?} in\n{out}");
    }
    for chrome in [
        "réservé aux abonnés",
        "en illimité",
        "Je m’abonne",
        "Se connecter",
    ] {
        assert!(!out.contains(chrome), "{chrome:?} kept in\n{out}");
    }
}

#[test]
fn an_event_beside_its_register_button_is_not_an_offer() {
    // The event's lines are short and in <div>s, its button leads to a registration page:
    // only its share of the chosen content tells it from a pitch.
    let html = "<html><head><title>Concert aux chandelles</title></head><body><main>\
        <h1>Concert aux chandelles</h1><div class=event><div class=event__info>\
        <div>Samedi 14 décembre, 19 h 30, église Saint-Michel.</div>\
        <div>Le chœur de la ville chante Bach et Haendel à la lumière des bougies, avec \
        l’orchestre du conservatoire et deux solistes invités.</div>\
        <div>Entrée libre, participation au chapeau.</div></div>\
        <div class=event__cta><a class=btn href=/agenda/register>Je m’inscris</a></div>\
        </div><div class=venue><div>Église Saint-Michel, place du Marché, au centre-ville, à \
        deux pas de la gare routière et du grand marché couvert.</div><div>Accès par le bus \
        12, arrêt Mairie, ou à pied depuis le parking du marché, ouvert jusqu’à minuit les \
        soirs de concert.</div><div>Renseignements à l’office de tourisme, du lundi au \
        samedi, et sur le site de la paroisse.</div></div></main></body></html>";
    let out = text(html);
    for line in [
        "chante Bach et Haendel",
        "Entrée libre",
        "Accès par le bus 12",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn a_sentence_that_links_its_phrases_stays_and_a_row_of_links_goes() {
    let linked = "Trump <a href=/steel-2018>imposed tariffs on Mexican steel and aluminum in \
                  2018 during his first term</a>, prompting Mexico to implement a range of \
                  retaliatory measures <a href=/pork>including duties on U.S. pork, apples \
                  and bourbon</a>. The tariffs were <a href=/lifted>lifted in 2019</a>.";
    let html = doc(&format!(
        "<div class=entry-content><p>{P1}</p><p>{linked}</p><p>{P2}</p>\
         <p><a href=/politique>Politique</a> | <a href=/economie>Économie et finances \
         publiques</a> | <a href=/societe>Société et culture</a></p><p>{P3}</p></div>"
    ));
    let out = text(&html);
    assert!(
        out.contains("prompting Mexico to implement a range of retaliatory measures"),
        "{out}"
    );
    assert!(!out.contains("Économie et finances"), "{out}");
}
