//! Turns the chosen content into blocks: one per paragraph, heading, list item, quote or
//! table row. Text is gathered per block and never across a block boundary, so that two
//! elements are never glued together ("interviewMr"), and the walk is iterative.

use crate::model::BlockKind;
use crate::text::collapse_ws;
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{Html, Node};

use super::tuning::{LINKED_PHRASES_GAP_MIN_WORDS, SENTENCE_BEFORE_LINK_MIN_WORDS};

/// A block before filtering, with its link-text share.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    pub chars: usize,
    pub link_chars: usize,
    /// Its links are phrases of a sentence, not a row of links: two of them are apart by
    /// a run of unlinked words, or the sentence begins unlinked and runs on into the first
    /// link in lower case ("In April 2024, the couple <a>announced they are expecting</a>").
    pub links_in_sentence: bool,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "caption"
            | "figure"
            | "figcaption"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "fieldset"
            | "details"
            | "summary"
            | "nav"
            | "form"
            | "body"
            | "html"
    )
}

fn kind_of(name: &str) -> Option<BlockKind> {
    Some(match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "blockquote" => BlockKind::Quote,
        "tr" => BlockKind::TableRow,
        "pre" => BlockKind::Preformatted,
        "p" => BlockKind::Paragraph,
        _ => return None,
    })
}

struct Builder {
    out: Vec<RawBlock>,
    buf: String,
    chars: usize,
    link_chars: usize,
    links: u32,
    words_since_link: usize,
    links_in_sentence: bool,
    /// The first link follows the start of a sentence: its first letter says whether the
    /// sentence runs on into it.
    first_link_may_continue: bool,
    kinds: Vec<BlockKind>,
    link_depth: u32,
    pre_depth: u32,
}

impl Builder {
    fn flush(&mut self) {
        if self.buf.trim().is_empty() {
            self.start_block();
            return;
        }
        let kind = self.kinds.last().copied().unwrap_or(BlockKind::Paragraph);
        if kind == BlockKind::Preformatted {
            for line in self.buf.lines() {
                let text = collapse_ws(line);
                if !text.is_empty() {
                    let chars = text.chars().count();
                    self.out.push(RawBlock {
                        kind,
                        text,
                        chars,
                        link_chars: 0,
                        links_in_sentence: false,
                    });
                }
            }
        } else {
            let text = collapse_ws(&self.buf);
            let text = text
                .trim_matches(|c: char| c == '|' || c.is_whitespace())
                .to_owned();
            if !text.is_empty() {
                self.out.push(RawBlock {
                    kind,
                    text,
                    chars: self.chars.max(1),
                    link_chars: self.link_chars,
                    links_in_sentence: self.links_in_sentence,
                });
            }
        }
        self.start_block();
    }

    /// Empties the text and the counts gathered for a block, for the next one.
    fn start_block(&mut self) {
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.links = 0;
        self.words_since_link = 0;
        self.links_in_sentence = false;
        self.first_link_may_continue = false;
    }
}

impl Builder {
    fn open(&mut self, e: &scraper::node::Element) {
        let name = e.name();
        if is_block(name) {
            self.flush();
            if let Some(k) = kind_of(name) {
                // Paragraphs inside a quote or list item keep the outer kind.
                let inherited = match (self.kinds.last(), k) {
                    (Some(BlockKind::Quote), BlockKind::Paragraph) => BlockKind::Quote,
                    (Some(BlockKind::ListItem), BlockKind::Paragraph) => BlockKind::ListItem,
                    _ => k,
                };
                self.kinds.push(inherited);
            }
            if name == "pre" {
                self.pre_depth += 1;
            }
        } else if matches!(name, "td" | "th") {
            self.buf.push_str(" | ");
        } else if name == "a" && super::dom::is_link(e) {
            if self.link_depth == 0 {
                if self.links > 0 && self.words_since_link >= LINKED_PHRASES_GAP_MIN_WORDS {
                    self.links_in_sentence = true;
                }
                // A label before the link ("Read more:", "Video –") ends in its separator.
                self.first_link_may_continue = self.links == 0
                    && self.words_since_link >= SENTENCE_BEFORE_LINK_MIN_WORDS
                    && !self
                        .buf
                        .trim_end()
                        .ends_with([':', '-', '–', '—', '|', '»', '>', '/']);
                self.links += 1;
                self.words_since_link = 0;
            }
            self.link_depth += 1;
        }
    }

    fn text(&mut self, t: &str) {
        let n = super::dom::visible_chars(t);
        self.chars += n;
        if self.link_depth > 0 {
            self.link_chars += n;
            if self.first_link_may_continue {
                if let Some(c) = t.chars().find(|c| c.is_alphabetic()) {
                    self.links_in_sentence |= c.is_lowercase();
                    self.first_link_may_continue = false;
                }
            }
        } else if !self.links_in_sentence {
            // Words are counted only up to what the two tests need.
            let needed = if self.links > 0 {
                LINKED_PHRASES_GAP_MIN_WORDS
            } else {
                SENTENCE_BEFORE_LINK_MIN_WORDS
            };
            let wanted = needed.saturating_sub(self.words_since_link);
            if wanted > 0 {
                self.words_since_link += t
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .take(wanted)
                    .count();
            }
        }
        if self.pre_depth > 0 {
            self.buf.push_str(t);
        } else {
            // Keep one space where the source had whitespace; words in adjacent inline
            // elements stay joined as the page shows them.
            self.buf.push_str(&t.replace(['\n', '\r', '\t'], " "));
        }
    }

    fn close(&mut self, e: &scraper::node::Element) {
        let name = e.name();
        if is_block(name) {
            self.flush();
            if kind_of(name).is_some() {
                self.kinds.pop();
            }
            if name == "pre" {
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
        } else if name == "a" && super::dom::is_link(e) {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
    }
}

/// Collects the blocks under each root, in document order.
pub(crate) fn collect(doc: &Html, roots: &[NodeId]) -> Vec<RawBlock> {
    let mut b = Builder {
        out: Vec::new(),
        buf: String::new(),
        chars: 0,
        link_chars: 0,
        links: 0,
        words_since_link: 0,
        links_in_sentence: false,
        first_link_may_continue: false,
        kinds: Vec::new(),
        link_depth: 0,
        pre_depth: 0,
    };
    for root in roots {
        let Some(root) = doc.tree.get(*root) else {
            continue;
        };
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => b.open(e),
                    Node::Text(t) => b.text(t),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(e) = node.value() {
                        b.close(e);
                    }
                }
            }
        }
        b.flush();
    }
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let body = doc
            .select(&scraper::Selector::parse("body").unwrap())
            .next()
            .unwrap()
            .id();
        collect(&doc, &[body]).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn adjacent_blocks_are_never_glued() {
        assert_eq!(
            blocks("<div>interview</div><div>Mr Diallo</div>"),
            vec!["interview", "Mr Diallo"]
        );
        assert_eq!(blocks("<p>one<br>two</p>"), vec!["one", "two"]);
    }

    #[test]
    fn inline_markup_keeps_words_together() {
        assert_eq!(
            blocks("<p>Le <b>ministre</b> a <a href=x>annoncé</a>.</p>"),
            vec!["Le ministre a annoncé."]
        );
    }

    #[test]
    fn table_rows_are_blocks() {
        assert_eq!(blocks("<table><tr><td>Région</td><td>Taux</td></tr><tr><td>Centre</td><td>12 %</td></tr></table>"), vec!["Région | Taux", "Centre | 12 %"]);
    }

    #[test]
    fn links_inside_a_sentence_are_told_from_a_row_of_links_or_a_label_and_its_link() {
        let flags = |html: &str| -> Vec<bool> {
            let doc = Html::parse_document(html);
            let body = doc.root_element().id();
            collect(&doc, &[body])
                .into_iter()
                .map(|b| b.links_in_sentence)
                .collect()
        };
        assert_eq!(
            flags(
                "<p>Trump <a href=/a>imposed tariffs on steel in 2018</a>, prompting Mexico to \
                 retaliate <a href=/b>with duties on pork</a>.</p>\
                 <p><a href=/>Home</a> | <a href=/news>News</a> and <a href=/sport>Sport</a></p>\
                 <p>Read more: <a href=/c>A story about steel and pork</a></p>\
                 <p>In April 2024, the couple <a href=/d>announced a third child</a>.</p>\
                 <p>Lesen Sie auch <a href=/e>Die Bratwurst ist eine Illusion</a></p>\
                 <p>Video – <a href=/f>more on the steel tariffs</a></p>"
            ),
            [true, false, false, true, false, false]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}texte{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        assert_eq!(blocks(&html), vec!["texte"]);
    }
}
