//! The publisher's own offers inside an article: a paywall notice ("この記事は会員限定
//! です。紙の新聞の定期購読者の方は、無料で会員登録できます"), a plea to subscribe, donate or
//! take the app ("Sie lesen gerade auf die zweitbeste Art!"), a prompt to register or log
//! in. Their wording is in every language and their classes are anything, but each box
//! leads to the publisher's offer page, and that page's address names it in a handful of
//! words ("/abo", "/suscripciones/premium", "/service/regist", "/donate"). Such a link
//! marks the box around it as a signup's field does: the largest ancestor that is a
//! pitch's size and holds no more than a pitch's prose, so a paragraph of the story that
//! links to the offer keeps its text.

use super::super::dom::{is_link, TextStats};
use super::super::tuning::{
    OFFER_BUTTON_DECORATION_CHARS, OFFER_MAX_CHARS, OFFER_SEGMENT_MAX_WORDS,
};
use super::super::vocab::markup::OFFER_PATH_WORDS;
use super::signups::pitch_box;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::Node;
use std::sync::LazyLock;

/// The links to an offer page met on a walk of the page.
#[derive(Default)]
pub(super) struct OfferLinks<'a>(Vec<NodeRef<'a, Node>>);

impl<'a> OfferLinks<'a> {
    /// Notes the node if it is a link to an offer page. Called on every element of the
    /// removal walk.
    pub(super) fn note(&mut self, node: NodeRef<'a, Node>, e: &scraper::node::Element) {
        if is_link(e) && e.attr("href").is_some_and(is_offer_address) {
            self.0.push(node);
        }
    }

    /// The offer boxes: for each link that stands as a button (its block holds links
    /// only, where a word of running text does not: "… müssen Sie <a>registriert</a>
    /// sein"), its largest ancestor below `<body>` with at most [`OFFER_MAX_CHARS`] of text
    /// and a pitch's prose. A link in a table is none: a product's features or prices with
    /// their order links are content.
    pub(super) fn boxes(&self, stats: &FxHashMap<NodeId, TextStats>) -> Vec<NodeRef<'a, Node>> {
        let unlinked = |n: NodeRef<'_, Node>| {
            stats
                .get(&n.id())
                .map_or(0, |s| s.chars.saturating_sub(s.link_chars))
        };
        let mut boxes: Vec<_> = self
            .0
            .iter()
            .filter(|link| {
                let block = link.ancestors().find(|a| !is_inline(*a));
                block.is_some_and(|b| unlinked(b) <= OFFER_BUTTON_DECORATION_CHARS)
                    && !link.ancestors().any(is_table_part)
            })
            .filter_map(|link| pitch_box(*link, stats, OFFER_MAX_CHARS))
            .collect();
        boxes.sort_by_key(NodeRef::id);
        boxes.dedup_by_key(|n| n.id());
        boxes
    }
}

/// An element of text level, around a link's words.
fn is_inline(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if matches!(
        e.name(),
        "span" | "strong" | "b" | "em" | "i" | "u" | "small" | "mark" | "font"
    ))
}

fn is_table_part(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if matches!(e.name(), "table" | "tr" | "td" | "th"))
}

/// An address whose path (not its host: "support.example.com" is any page) has a segment
/// of at most [`OFFER_SEGMENT_MAX_WORDS`] words with one of [`OFFER_PATH_WORDS`]
/// ("/abo/", "/premium-abo", "/donate.html"). A longer segment is a story's slug
/// ("…/expedite-the-registration-of-informal-traders/").
fn is_offer_address(href: &str) -> bool {
    let href = href.trim();
    let after_scheme = match href.split_once(':') {
        Some((scheme, rest))
            if !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) =>
        {
            rest
        }
        _ => href,
    };
    let path = match after_scheme.strip_prefix("//") {
        Some(host_and_path) => host_and_path.find('/').map_or("", |j| &host_and_path[j..]),
        None => after_scheme,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    // Most paths name no offer word anywhere: one automaton pass rules them out.
    if !OFFER_WORDS.is_match(path) {
        return false;
    }
    path.split('/').any(|segment| {
        let stem = segment.split('.').next().unwrap_or("");
        let words = || stem.split(['-', '_']).filter(|w| !w.is_empty());
        words().count() <= OFFER_SEGMENT_MAX_WORDS
            && words().any(|w| OFFER_PATH_WORDS.iter().any(|o| w.eq_ignore_ascii_case(o)))
    })
}

static OFFER_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(OFFER_PATH_WORDS)
        .expect("static patterns")
});

#[cfg(test)]
mod tests {
    use super::super::widget_tests::STORY;
    use super::*;

    fn boxes(html: &str) -> Vec<String> {
        super::super::widget_tests::box_ids(html, |elements, stats| {
            let mut links = OfferLinks::default();
            elements.for_each(|(n, e)| links.note(n, e));
            links.boxes(stats)
        })
    }

    #[test]
    fn offer_addresses_are_named_by_their_path() {
        for href in [
            "/abo/",
            "https://elpais.com/suscripciones/premium/upgrade/",
            "/service/regist",
            "//www.example.org/en/donate?src=article",
            "https://example.com/support-us/membership.html",
            "abo/index.html",
        ] {
            assert!(is_offer_address(href), "{href}");
        }
        for href in [
            "https://subscribe.example.com/",
            "/politik/abonnenten-zahl-steigt-123.html",
            "/sport/2024/04/match-report",
            "/news/2025-11-04-court-orders-the-registration-of-traders/",
            "#abo",
        ] {
            assert!(!is_offer_address(href), "{href}");
        }
    }

    #[test]
    fn a_paywall_notice_is_one_box_and_a_story_linking_to_the_offer_is_not() {
        let html = format!(
            "<div id=story>{STORY}<div id=notice><div id=inner>\
             <h2>Tu suscripción se está usando en otro dispositivo</h2>\
             <p>¿Quieres añadir otro usuario a tu suscripción?</p>\
             <div class=cta><a href=/suscripciones/premium/>Añadir usuario</a> \
             <a href=#continue>Continuar leyendo aquí</a></div></div></div>\
             <p id=inline>Le journal a perdu des lecteurs cette année, mais le nombre de ses \
             abonnés numériques a doublé depuis le lancement de son <a href=/abonnement>\
             offre en ligne</a>, selon la direction, qui prévoit d’embaucher des journalistes \
             au printemps prochain dans les trois rédactions locales du département.</p></div>"
        );
        assert_eq!(boxes(&html), vec!["notice"]);
    }
}
