//! Content choice on small pages: which container wins, by which rule, and what joins it.
// Scores are computed deterministically from the same inputs: exact comparison is meant.
#![allow(clippy::float_cmp)]

use super::*;
use crate::extract::dom::text_stats;

/// A sentence of prose with commas, as articles have.
const PROSE: &str = "Le conseil municipal a voté mardi soir le budget de l’exercice, après un \
                     long débat sur la voirie, les écoles et la collecte des ordures.";

fn para(n: usize) -> String {
    format!("<p>{PROSE}</p>").repeat(n)
}

/// A paragraph of links, as teaser lists and menus are.
fn links(n: usize) -> String {
    let link = "<a href=/x>Un autre article sur un tout autre sujet, avec un long titre</a> ";
    format!("<p>{}</p>", link.repeat(n))
}

/// The rule of the generic choice and the `id` (or tag name) of each root.
fn choose(html: &str) -> (String, Vec<String>) {
    choose_with(html, &[])
}

fn choose_with(html: &str, title_heading_ids: &[&str]) -> (String, Vec<String>) {
    let doc = Html::parse_document(html);
    let stats = text_stats(&doc);
    let headings: Vec<NodeId> = title_heading_ids.iter().map(|id| by_id(&doc, id)).collect();
    let choice = choose_generic(
        &doc,
        &stats,
        &headings,
        &Summaries::new(&[]),
        &Ingredients::default(),
    );
    (choice.rule.clone(), names(&doc, &choice.roots))
}

fn by_id(doc: &Html, id: &str) -> NodeId {
    let sel = Selector::parse(&format!("#{id}")).unwrap();
    doc.select(&sel).next().expect("element with that id").id()
}

fn names(doc: &Html, roots: &[NodeId]) -> Vec<String> {
    roots
        .iter()
        .map(|r| {
            let e = ElementRef::wrap(doc.tree.get(*r).unwrap()).unwrap();
            e.value()
                .attr("id")
                .map_or_else(|| e.value().name().to_owned(), str::to_owned)
        })
        .collect()
}

#[test]
fn the_text_dense_block_wins_over_the_link_dense_one() {
    let html = format!(
        "<html><body><div id=teasers>{}</div><div id=story>{}</div></body></html>",
        links(12).repeat(4),
        para(5)
    );
    let (rule, roots) = choose(&html);
    assert_eq!(rule, "score");
    assert_eq!(roots, vec!["story"]);
}

#[test]
fn a_generic_hint_wins_before_scoring() {
    let html = format!(
        "<html><body><div id=other>{}</div><div id=hinted class=entry-content>{}</div>\
         </body></html>",
        para(2),
        para(4)
    );
    let (rule, roots) = choose(&html);
    assert_eq!(rule, "generic hint .entry-content");
    assert_eq!(roots, vec!["hinted"]);
}

#[test]
fn a_hint_repeated_on_every_teaser_is_not_trusted() {
    // A listing page: the same hint on five equal teasers, none dominant.
    let teaser = format!("<div class=entry-content>{}</div>", para(2));
    let html = format!(
        "<html><body><div id=list>{}</div></body></html>",
        teaser.repeat(5)
    );
    let (rule, _) = choose(&html);
    assert!(!rule.starts_with("generic hint"), "{rule}");
}

#[test]
fn a_small_hinted_container_is_not_trusted() {
    let html = format!(
        "<html><body><div class=article-body><p>Trop court.</p></div><div id=story>{}</div>\
         </body></html>",
        para(5)
    );
    let (rule, roots) = choose(&html);
    assert_eq!(rule, "score");
    assert_eq!(roots, vec!["story"]);
}

#[test]
fn an_article_element_around_the_whole_page_gives_way_to_the_story() {
    // An `<article>` that wraps the story, a share bar and a ranking sidebar: the scored
    // story holds all its prose, the rest is buttons and links.
    let chrome = "<li><span>Partager</span></li><li><a href=/plus-lus>Un autre article \
                  parmi les plus lus aujourd’hui</a></li>"
        .repeat(6);
    let html = format!(
        "<html><body><article id=page><ul class=tools>{chrome}</ul>\
         <section id=story>{}</section><div class=side><ol>{chrome}</ol></div></article>\
         </body></html>",
        para(5)
    );
    let (rule, roots) = choose(&html);
    assert_eq!(rule, "score");
    assert_eq!(roots, vec!["story"]);
    // With the chrome gone the `<article>` adds little: it stays the choice.
    let html = format!(
        "<html><body><article id=page><h1>Budget</h1><section id=story>{}</section>\
         </article></body></html>",
        para(5)
    );
    assert_eq!(
        choose(&html),
        ("<article>".to_owned(), vec!["page".to_owned()])
    );
}

#[test]
fn a_lone_dominant_article_element_is_chosen() {
    let html = format!(
        "<html><body><div id=aside>{}</div><article id=story>{}</article></body></html>",
        para(1),
        para(6)
    );
    let (rule, roots) = choose(&html);
    assert_eq!(rule, "<article>");
    assert_eq!(roots, vec!["story"]);
}

#[test]
fn sibling_paragraph_containers_are_merged() {
    let html = format!(
        "<html><body><div id=wrap><h1>Titre</h1><div id=a class=text>{}</div>\
         <div id=b class=text>{}</div></div><div id=menu>{}</div></body></html>",
        para(4),
        para(3),
        links(6)
    );
    let (_, roots) = choose(&html);
    assert!(roots.contains(&"a".to_owned()), "{roots:?}");
    assert!(roots.contains(&"b".to_owned()), "{roots:?}");
    assert!(!roots.contains(&"menu".to_owned()), "{roots:?}");
}

#[test]
fn the_lead_before_the_body_is_prepended() {
    let html = format!(
        "<html><body><article id=story><header><h1>Titre</h1><p id=lead class=article-lead>\
         La ville adopte un budget en hausse de dix pour cent.</p></header><div><div>\
         <div><div id=body class=article-body>{}</div></div></div></div></article></body></html>",
        para(5)
    );
    let (rule, roots) = choose(&html);
    assert_eq!(rule, "generic hint .article-body + lead");
    assert_eq!(roots, vec!["lead", "body"]);
}

#[test]
fn an_empty_page_falls_back_to_the_body() {
    let (rule, roots) = choose("<html><body><p>x</p></body></html>");
    assert_eq!(rule, "body");
    assert_eq!(roots, vec!["body"]);
}

#[test]
fn site_selectors_come_first_and_nested_matches_are_dropped() {
    let html = format!(
        "<html><body><div id=outer class=c>{}<div id=inner class=c>{}</div></div>\
         <div class=c></div></body></html>",
        para(1),
        para(1)
    );
    let doc = Html::parse_document(&html);
    let stats = text_stats(&doc);
    let site = [
        Selector::parse(".nothing").unwrap(),
        Selector::parse(".c").unwrap(),
    ];
    let choice = by_rules(&doc, &stats, &site, None).expect("a site choice");
    assert_eq!(choice.rule, "site content selector");
    // `.inner` is inside `.outer`, and the empty `.c` holds no text.
    assert_eq!(names(&doc, &choice.roots), vec!["outer"]);
    let theme = [Selector::parse("#inner").unwrap()];
    let choice = by_rules(&doc, &stats, &[], Some(("wp", &theme))).expect("a theme choice");
    assert_eq!(choice.rule, "theme wp");
    assert!(by_rules(&doc, &stats, &[], None).is_none());
}

/// A hinted box with four paragraphs, and six more paragraphs beside it, each in its own
/// box, under one wrapper (`heading`: an h1 at the top of the hinted box).
fn scattered_prose(heading: &str) -> String {
    format!(
        "<html><body><div id=wrap><div id=box class=entry-content>{heading}{}</div>{}</div>\
         </body></html>",
        para(4),
        format!("<div>{}</div>", para(1)).repeat(6)
    )
}

#[test]
fn a_choice_that_misses_most_of_the_prose_is_widened() {
    // The hinted box holds four tenths of the prose; the wrapper holds all of it.
    let (rule, roots) = choose(&scattered_prose(""));
    assert_eq!(rule, "generic hint .entry-content + recall");
    assert_eq!(roots, vec!["wrap"]);
}

#[test]
fn the_title_heading_keeps_the_choice_from_widening() {
    let html = scattered_prose("<h1 id=t>Titre</h1>");
    let (rule, roots) = choose_with(&html, &["t"]);
    assert_eq!(rule, "generic hint .entry-content");
    assert_eq!(roots, vec!["box"]);
}

#[test]
fn class_words_weigh_the_score() {
    let el = |class: &str| {
        let doc = Html::parse_fragment(&format!("<div class=\"{class}\"></div>"));
        let sel = Selector::parse("div").unwrap();
        let e = doc.select(&sel).next().unwrap();
        score::class_weight(e.value())
    };
    assert!(el("article-body") > 0.0);
    assert!(el("comment-list") < 0.0);
    assert_eq!(el("wrapper"), 0.0);
    // A content word and a noise word cancel out.
    assert_eq!(el("post-sidebar"), 0.0);
}
