//! Teaser cards inside a story: a picture, a headline and a one-sentence summary that lead
//! to another page ("Aktuelles zum Krieg in der Ukraine", "Czytaj więcej: Niemiecki
//! parlament poparł …"), dropped into the body by a CMS module between two paragraphs or
//! stacked in a sidebar. Their classes are hashed or neutral ("bhv9830", "node--promoted",
//! "content--excerpt"), so the class vocabulary misses them, and their summary is unlinked
//! text, so link density does too. The markup says what they are, in one of three ways:
//! a short `<article>` of its own whose heading is a link; a short box in which a picture
//! and a headline link to the same page; or a short box that holds one heading, a headline
//! linking to another page, and a picture that links nowhere (NDR's and MDR's cards under
//! a story: "Einsatz von KI unter Studierenden: Herausforderung für Unis" and its
//! sentence). A page made mostly of such cards is a listing, and keeps them.

use super::super::dom::{common_ancestor, is_link, visible_chars, TextStats};
use super::super::tuning::{
    TEASER_CARDS_MAX_SHARE, TEASER_CARD_HEADING_LINKED, TEASER_CARD_LABEL_MAX_CHARS,
    TEASER_CARD_MAX_CHARS, TEASER_HEADLINE_LINK_MAX_DEPTH, TEASER_HEADLINE_MIN_CHARS,
};
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::Node;

/// A link target's first link around a picture, and its first headline-sized link.
type CardLinks<'a> = (Option<NodeRef<'a, Node>>, Option<NodeRef<'a, Node>>);

/// The teaser cards met on a walk of the page, and the links and linked headlines that may
/// make more of them.
#[derive(Default)]
pub(super) struct TeaserCards<'a> {
    cards: Vec<NodeRef<'a, Node>>,
    links: FxHashMap<&'a str, CardLinks<'a>>,
    headlines: Vec<NodeRef<'a, Node>>,
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
        }
        card
    }

    /// Notes a link to another page (one around a picture, or one with a headline's
    /// length of text) and a sub-heading of a headline's length that links to one. Called
    /// on every element of the removal walk outside the boxes it removes.
    pub(super) fn note_link(
        &mut self,
        node: NodeRef<'a, Node>,
        e: &'a scraper::node::Element,
        s: TextStats,
    ) {
        if s.chars as usize >= TEASER_HEADLINE_MIN_CHARS && is_headline_linking_to_a_page(node) {
            self.headlines.push(node);
        }
        if !is_link(e) {
            return;
        }
        let Some(target) = e
            .attr("href")
            .map(|h| h.split('#').next().unwrap_or("").trim())
        else {
            return;
        };
        // A picture and its caption that link to the picture itself are a figure.
        if target.is_empty() || is_picture_file(target) {
            return;
        }
        let picture = node.descendants().any(is_picture);
        // Other links (menus, tags, inline links) are not noted: most links are neither.
        if picture {
            self.links.entry(target).or_default().0.get_or_insert(node);
        } else if s.chars as usize >= TEASER_HEADLINE_MIN_CHARS {
            self.links.entry(target).or_default().1.get_or_insert(node);
        }
    }

    /// The cards to remove: all of them, unless together they hold
    /// [`TEASER_CARDS_MAX_SHARE`] of the page's text or more (the page is a listing).
    pub(super) fn boxes(
        mut self,
        stats: &FxHashMap<NodeId, TextStats>,
        page_chars: u32,
    ) -> Vec<NodeRef<'a, Node>> {
        let chars = |n: NodeRef<'_, Node>| stats.get(&n.id()).map_or(0, |s| s.chars);
        let mut linked: Vec<NodeRef<'a, Node>> = self
            .links
            .values()
            .filter_map(|(picture, headline)| {
                let card = common_ancestor(&[(*picture)?, (*headline)?])?;
                Some(widen(card, &chars)).filter(|c| chars(*c) <= TEASER_CARD_MAX_CHARS)
            })
            .collect();
        linked.extend(
            self.headlines
                .iter()
                .filter_map(|h| box_with_a_loose_picture(*h, &chars)),
        );
        linked.sort_by_key(NodeRef::id);
        linked.dedup_by_key(|n| n.id());
        for card in linked {
            let inside = |n: &NodeRef<'a, Node>| {
                n.id() == card.id() || card.ancestors().any(|a| a.id() == n.id())
            };
            if !self.cards.iter().any(inside) {
                self.cards
                    .retain(|c| !c.ancestors().any(|a| a.id() == card.id()));
                self.cards.push(card);
            }
        }
        let total: u32 = self.cards.iter().map(|c| chars(*c)).sum();
        if TEASER_CARDS_MAX_SHARE.reached(total, page_chars) {
            Vec::new()
        } else {
            self.cards
        }
    }
}

/// A link to an image file ("/media/big.jpg?w=1200"), not to a page.
fn is_picture_file(target: &str) -> bool {
    let path = target.split('?').next().unwrap_or(target);
    let ext = path.rsplit('.').next().unwrap_or("");
    ["jpg", "jpeg", "png", "gif", "webp", "avif", "svg"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
}

/// The card widened to its parents while each adds no more than a label ("Czytaj
/// więcej", "Lesen Sie auch") and the whole stays a card's size.
fn widen<'a>(
    mut card: NodeRef<'a, Node>,
    chars: &impl Fn(NodeRef<'_, Node>) -> u32,
) -> NodeRef<'a, Node> {
    while let Some(parent) = card.parent() {
        let fits = matches!(parent.value(), Node::Element(e) if !matches!(e.name(), "body" | "html"))
            && chars(parent) <= TEASER_CARD_MAX_CHARS
            && chars(parent).saturating_sub(chars(card)) <= TEASER_CARD_LABEL_MAX_CHARS;
        if !fits {
            break;
        }
        card = parent;
    }
    card
}

/// The box of a linked headline that shares it with no other heading (a card, not the
/// section of a page of cards), if it is a card's size and holds a picture that is not a
/// link: a headline that links away beside a picture of its own is a teaser whatever the
/// picture does (NDR's and MDR's cards link only their headlines).
fn box_with_a_loose_picture<'a>(
    headline: NodeRef<'a, Node>,
    chars: &impl Fn(NodeRef<'_, Node>) -> u32,
) -> Option<NodeRef<'a, Node>> {
    let mut card = headline;
    while let Some(parent) = card.parent() {
        let fits = matches!(parent.value(), Node::Element(e) if !matches!(e.name(), "body" | "html"))
            && chars(parent) <= TEASER_CARD_MAX_CHARS
            && parent
                .descendants()
                .filter(|d| is_heading(*d))
                .nth(1)
                .is_none();
        if !fits {
            break;
        }
        card = parent;
    }
    let loose_picture = card.descendants().any(|d| {
        is_picture(d)
            && !d
                .ancestors()
                .take_while(|a| a.id() != card.id())
                .any(|a| matches!(a.value(), Node::Element(x) if is_link(x)))
    });
    (loose_picture && card.id() != headline.id()).then_some(card)
}

/// A sub-heading that links to a page, by a link inside it or around it: not to an anchor
/// on this one (an accordion's toggle, a section's permalink) nor to a script.
fn is_headline_linking_to_a_page(heading: NodeRef<'_, Node>) -> bool {
    let to_a_page = |n: NodeRef<'_, Node>| {
        matches!(n.value(), Node::Element(a) if is_link(a)
            && a.attr("href").is_some_and(|h| !h.starts_with('#') && !h.starts_with("javascript:")))
    };
    if is_linked_heading(heading) {
        heading.descendants().any(to_a_page)
    } else {
        is_sub_heading(heading)
            && heading
                .ancestors()
                .take(TEASER_HEADLINE_LINK_MAX_DEPTH)
                .any(to_a_page)
    }
}

fn is_heading(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
}

/// h2–h6: a heading below the page's title.
fn is_sub_heading(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if matches!(e.name(), "h2" | "h3" | "h4" | "h5" | "h6"))
}

fn is_picture(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if matches!(e.name(), "img" | "picture"))
}

fn is_article(node: NodeRef<'_, Node>) -> bool {
    matches!(node.value(), Node::Element(e) if e.name() == "article")
}

/// A sub-heading (h2–h6) whose text is [`TEASER_CARD_HEADING_LINKED`] link text or more
/// (an unlinked kicker may stand before the linked headline).
fn is_linked_heading(node: NodeRef<'_, Node>) -> bool {
    if !is_sub_heading(node) {
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

    /// The ids of the cards found on the page, in document order, noted as the removal
    /// walk notes them: a card's inside is not walked.
    fn cards(html: &str) -> Vec<String> {
        super::super::widget_tests::box_ids(html, |elements, stats| {
            let mut found = TeaserCards::default();
            let mut page_chars = 0;
            let mut skipping: Option<NodeId> = None;
            for (node, e) in elements {
                if skipping.is_some_and(|s| node.ancestors().any(|a| a.id() == s)) {
                    continue;
                }
                let s = stats.get(&node.id()).copied().unwrap_or_default();
                if e.name() == "body" {
                    page_chars = s.chars;
                }
                if found.note(node, e, s) {
                    skipping = Some(node.id());
                } else {
                    found.note_link(node, e, s);
                }
            }
            found.boxes(stats, page_chars)
        })
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
    fn a_picture_and_a_headline_linking_to_one_page_make_a_card_with_its_label() {
        let html = format!(
            "<body><div class=body>{STORY}<div id=block class=articleBodyBlock>\
             <div id=excerpt class=content--excerpt><p class=subtitle>Czytaj więcej</p>\
             <div class=article><a href=\"/art41746991-granice\"><picture><img src=a.jpg>\
             </picture></a><a href=\"/wydarzenia/swiat\">Polityka</a>\
             <a class=title href=\"/art41746991-granice#top\">Niemiecki parlament poparł stałe \
             kontrole na granicach</a><p class=lead>Niemiecki parlament przyjął wniosek o \
             zaostrzenie przepisów migracyjnych.</p></div></div></div>{STORY}</div></body>"
        );
        assert_eq!(cards(&html), ["block"]);
        // A figure whose picture and caption link to the picture file is no card; nor is
        // a picture link without a headline beside it.
        let figure = format!(
            "<body>{STORY}<figure id=fig><a href=\"/media/big.jpg\"><img src=small.jpg></a>\
             <figcaption><a href=\"/media/big.jpg\">Le marché central de Ouagadougou au \
             matin</a></figcaption></figure><div id=lone><a href=\"/other\"><img src=b.jpg>\
             </a><a href=\"/other\">Plus</a></div>{STORY}</body>"
        );
        assert!(cards(&figure).is_empty());
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

    #[test]
    fn a_linked_headline_alone_beside_an_unlinked_picture_is_a_card() {
        // NDR's cards: the picture links nowhere, only the headline leads to the page.
        let card = |id: &str, href: &str| {
            format!(
                "<div class=teaser id={id}><div class=teaserimage><picture><img src=ki.webp>\
                 </picture><span>3 Min</span></div><div class=teaserpadding><h2><a href=\"{href}\">\
                 Einsatz von KI unter Studierenden: Herausforderung für Unis</a></h2>\
                 <div class=teasertext><p>Mehr als 80 Prozent der Studierenden wünschen sich \
                 klare Leitlinien.</p></div></div></div>"
            )
        };
        let html = format!(
            "<body><article>{STORY}{STORY}<div class=box>{}{}</div></article></body>",
            card("one", "/nachrichten/info/ki-studium,audio1842166.html"),
            card("two", "/nachrichten/info/ki-literatur,audio1842167.html"),
        );
        // Each card is boxed alone: their common box holds two headings.
        assert_eq!(cards(&html), ["one", "two"]);
        // Stern's video cards wrap the headline in the link instead.
        let wrapped = format!(
            "<body>{STORY}<div id=video><img src=v.jpg><span>Video02:53</span>\
             <a href=\"/video/pendler-123.html\"><div><h3>Pendler sparen beim Ticket sechzig \
             Prozent</h3></div></a></div>{STORY}</body>"
        );
        assert_eq!(cards(&wrapped), ["video"]);
        // A heading that opens an accordion on this page links to no page.
        let accordion = format!("<body>{STORY}{}{STORY}</body>", card("faq", "#collapse-2"));
        assert!(cards(&accordion).is_empty());
        // A section under a heading of its own, whose linked sub-heading names an award
        // beside the project's picture, is one entry of a list of works, not a card.
        let works = format!(
            "<body>{STORY}<div id=project><h1>Syfy - Jurassic Park Marathon</h1>\
             <p><img src=syfy.jpg></p><p>3 Promospots, 2015</p><h3><a href=\"/preis-2016\">\
             Promax Europe, Preis: Gold &amp; Silver</a></h3></div>{STORY}</body>"
        );
        assert!(cards(&works).is_empty());
    }
}
