//! Per-node text statistics (characters of text, of link text) computed in one
//! iterative pass, so that cleaning and content scoring never recurse — a page nested
//! 10 000 levels deep must not overflow the stack.

use super::tuning::PROSE_RUN_CHARS;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

/// Text and link-text character counts of an element's subtree.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TextStats {
    pub chars: u32,
    pub link_chars: u32,
    /// Characters of the element's own text children (not of descendants' text).
    pub own_chars: u32,
    /// Characters of paragraph (`<p>`) text outside links: the page's prose.
    pub prose: u32,
}

impl TextStats {
    pub(crate) fn link_density(self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// Counts the non-whitespace characters under every element.
pub(crate) fn text_stats(doc: &Html) -> FxHashMap<NodeId, TextStats> {
    let mut map =
        FxHashMap::with_capacity_and_hasher(doc.tree.values().len() / 2, rustc_hash::FxBuildHasher);
    let mut stack: Vec<TextStats> = vec![TextStats::default()];
    let mut link_depth = 0u32;
    let mut p_depth = 0u32;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    match e.name() {
                        "a" if is_link(e) => link_depth += 1,
                        "p" => p_depth += 1,
                        _ => {}
                    }
                    stack.push(TextStats::default());
                }
                Node::Text(t) => {
                    // Script, style and template text is never shown: it must not make a
                    // container look large.
                    let hidden = node.parent().is_some_and(|p| {
                        matches!(p.value(), Node::Element(e) if matches!(e.name(),
                            "script" | "style" | "noscript" | "template" | "title" | "textarea"))
                    });
                    if hidden {
                        continue;
                    }
                    let n = visible_chars(t) as u32;
                    if let Some(top) = stack.last_mut() {
                        top.chars += n;
                        top.own_chars += n;
                        if link_depth > 0 {
                            top.link_chars += n;
                        } else if p_depth > 0 || n >= PROSE_RUN_CHARS {
                            // Paragraph text, or a sentence-sized run of text anywhere
                            // (pages that write paragraphs as `<div>…<br>…</div>`).
                            top.prose += n;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    match e.name() {
                        "a" if is_link(e) => link_depth = link_depth.saturating_sub(1),
                        "p" => p_depth = p_depth.saturating_sub(1),
                        _ => {}
                    }
                    let mine = stack.pop().unwrap_or_default();
                    map.insert(node.id(), mine);
                    if let Some(parent) = stack.last_mut() {
                        parent.chars += mine.chars;
                        parent.link_chars += mine.link_chars;
                        parent.prose += mine.prose;
                    }
                }
            }
        }
    }
    map
}

/// The deepest element that holds every node of `nodes`.
pub(crate) fn common_ancestor<'a>(nodes: &[NodeRef<'a, Node>]) -> Option<NodeRef<'a, Node>> {
    let (first, rest) = nodes.split_first()?;
    first.ancestors().find(|a| {
        a.value().is_element() && rest.iter().all(|n| n.ancestors().any(|x| x.id() == a.id()))
    })
}

/// True for an `<a>` that leads somewhere: a `javascript:` anchor is a script's click
/// target wrapped around ordinary content, and its text is not link text.
pub(crate) fn is_link(e: &scraper::node::Element) -> bool {
    e.name() == "a"
        && !e.attr("href").is_some_and(|h| {
            h.trim_start()
                .get(..11)
                .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
        })
}

/// Characters of `text` other than whitespace, counted fast on the bytes (a UTF-8
/// character is one non-continuation byte). Non-ASCII spaces count as characters when
/// the text is not ASCII, which is harmless for statistics.
pub(crate) fn visible_chars(text: &str) -> usize {
    text.bytes()
        .filter(|b| !b.is_ascii_whitespace() && (b & 0xC0) != 0x80)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_anchors_are_not_link_text() {
        let doc = Html::parse_document(
            "<body><div id=a><a href=\"javascript:void(0)\"><p>Un paragraphe entier</p></a></div>\
             <div id=b><a href=\"/rubrique/\">Un lien ordinaire</a></div></body>",
        );
        let stats = text_stats(&doc);
        let by_id = |id: &str| {
            let sel = scraper::Selector::parse(&format!("#{id}")).unwrap();
            stats[&doc.select(&sel).next().unwrap().id()]
        };
        assert_eq!(by_id("a").link_chars, 0);
        assert!(by_id("a").prose > 0);
        assert_eq!(by_id("b").link_chars, by_id("b").chars);
    }
}
