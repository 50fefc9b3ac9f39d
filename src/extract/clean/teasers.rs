//! Teaser cards inside a story: a short `<article>` whose heading is a link to another
//! page ("Aktuelles zum Krieg in der Ukraine" over a one-sentence summary and a picture),
//! dropped into the body by a CMS module between two paragraphs or stacked in a sidebar.
//! Their classes are hashed or neutral ("bhv9830", "node--promoted"), so the class
//! vocabulary misses them, and their summary is unlinked text, so link density does too.
//! The markup says what they are: an article of its own, a few lines long, whose headline
//! leads away. A page made mostly of such cards is a listing, and keeps them.

use super::super::dom::{is_link, visible_chars, TextStats};
use super::super::tuning::{
    TEASER_CARDS_MAX_SHARE, TEASER_CARD_HEADING_LINKED, TEASER_CARD_MAX_CHARS,
};
use ego_tree::NodeRef;
use scraper::Node;

/// The teaser cards met on a walk of the page, with their text size.
#[derive(Default)]
pub(super) struct TeaserCards<'a> {
    cards: Vec<NodeRef<'a, Node>>,
    chars: u32,
}

impl<'a> TeaserCards<'a> {
    /// Notes the element if it is a teaser card (an `<article>` with no article inside
    /// it), and says so: its subtree need not be walked. Called on every unprotected
    /// element of the removal walk.
    pub(super) fn note(
        &mut self,
        node: NodeRef<'a, Node>,
        e: &scraper::node::Element,
        s: TextStats,
    ) -> bool {
        let card = e.name() == "article"
            && s.chars <= TEASER_CARD_MAX_CHARS
            && node.descendants().skip(1).all(|d| !is_article(d))
            && node.descendants().any(is_linked_heading);
        if card {
            self.cards.push(node);
            self.chars += s.chars;
        }
        card
    }

    /// The cards to remove: all of them, unless together they hold
    /// [`TEASER_CARDS_MAX_SHARE`] of the page's text or more (the page is a listing).
    pub(super) fn boxes(self, page_chars: u32) -> Vec<NodeRef<'a, Node>> {
        if TEASER_CARDS_MAX_SHARE.reached(self.chars, page_chars) {
            Vec::new()
        } else {
            self.cards
        }
    }
}

fn is_article(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if e.name() == "article")
}

/// A sub-heading (h2–h6) whose text is [`TEASER_CARD_HEADING_LINKED`] link text or more
/// (an unlinked kicker may stand before the linked headline).
fn is_linked_heading(node: NodeRef<'_, Node>) -> bool {
    let Node::Element(h) = node.value() else {
        return false;
    };
    if !matches!(h.name(), "h2" | "h3" | "h4" | "h5" | "h6") {
        return false;
    }
    let (mut text, mut linked) = (0, 0);
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            let n = visible_chars(t);
            text += n;
            let in_link = d
                .ancestors()
                .take_while(|a| a.id() != node.id())
                .any(|a| matches!(a.value(), Node::Element(e) if is_link(e)));
            if in_link {
                linked += n;
            }
        }
    }
    text > 0 && TEASER_CARD_HEADING_LINKED.reached_by(linked, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::text_stats;
    use scraper::Html;

    /// The ids of the cards found on the page, in document order.
    fn cards(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let stats = text_stats(&doc);
        let mut found = TeaserCards::default();
        let mut page_chars = 0;
        for node in doc.tree.root().descendants() {
            if let Node::Element(e) = node.value() {
                let s = stats.get(&node.id()).copied().unwrap_or_default();
                if e.name() == "body" {
                    page_chars = s.chars;
                }
                found.note(node, e, s);
            }
        }
        found
            .boxes(page_chars)
            .iter()
            .filter_map(|n| n.value().as_element()?.attr("id").map(str::to_owned))
            .collect()
    }

    const STORY: &str = "<p>Am Ende seiner Rede verkündete Kremlchef Putin zwei neue Feiertage \
        mit klangvollen Namen, und die Rede dauerte lange. Die neuen Feiertage sind wohl auch \
        ein kleines Zuckerbrot, um etwaiges Grummeln in den Weiten des Landes gar nicht erst \
        aufkommen zu lassen.</p><p>Ein zweiter Absatz der Geschichte, lang genug, um die \
        Seite zu einer Geschichte zu machen, und nicht zu einer Liste von Hinweisen auf \
        andere Seiten der Redaktion, die hier niemand lesen wollte.</p>";

    #[test]
    fn a_short_article_whose_heading_links_away_is_a_card() {
        let html = format!(
            "<body><main><article id=story><h1>Putin warnt</h1>{STORY}\
             <article id=card class=bhv9830><h3><div>Russland greift die Ukraine an</div>\
             <span>:</span><a href=\"/ukraine-blog-102.html\">Aktuelles zum Krieg in der Ukraine</a></h3>\
             <div>Seit Februar 2022 führt Russland einen Angriffskrieg gegen die Ukraine.</div>\
             <picture><img src=a.jpg></picture></article></article></main></body>"
        );
        assert_eq!(cards(&html), ["card"]);
    }

    #[test]
    fn an_unlinked_heading_or_a_long_article_is_no_card() {
        let long = STORY.repeat(3);
        let html = format!(
            "<body>{STORY}<article id=boxed><h3>Hintergrund</h3><p>Zwei Sätze ohne Link, \
             die zur Geschichte gehören.</p></article>\
             <article id=long><h2><a href=\"/story\">Eine lange Geschichte</a></h2>{long}\
             </article></body>"
        );
        assert!(cards(&html).is_empty());
    }

    #[test]
    fn a_page_of_cards_is_a_listing_and_keeps_them() {
        let card = |i: usize| {
            format!(
                "<article id=c{i}><h2><a href=\"/story-{i}\">Schlagzeile Nummer {i} des \
                 Tages</a></h2><p>Ein Satz Zusammenfassung zur Geschichte Nummer {i}, der \
                 nicht verlinkt ist.</p></article>"
            )
        };
        let listing: String = (0..6).map(card).collect();
        assert!(cards(&format!("<body><main>{listing}</main></body>")).is_empty());
        let beside_story = format!("<body><main>{STORY}{STORY}{}</main></body>", card(1));
        assert_eq!(cards(&beside_story), ["c1"]);
    }
}
