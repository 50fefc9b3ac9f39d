//! Readability-style scoring of containers: each paragraph gives points (one, plus commas,
//! plus length) to its parent and, decaying, to a few more ancestors; a container starts
//! from its tag's score and its class/id vocabulary. The best candidate is then climbed
//! (while parents score higher), unwrapped (an only child says nothing) and merged with
//! its prose siblings, as Readability does.

use crate::extract::dom::TextStats;
use crate::extract::tuning::{
    ANCESTOR_DECAY, CHARS_PER_POINT, CLASS_WEIGHT, CLIMB_DIVISOR, COMMA_POINTS_MAX,
    LENGTH_POINTS_MAX, LONG_RUN_CHARS, NEAR_BEST_COUNT, NEAR_BEST_SHARE, PARAGRAPH_MIN_CHARS,
    PROSE_MAX_LINK_DENSITY, RANKED_CANDIDATES, SCORE_LEVELS, SIBLING_CLASS_BONUS,
    SIBLING_MIN_SCORE, SIBLING_OWN_TEXT, SIBLING_PROSE_MAX_LINK_DENSITY, SIBLING_PROSE_MIN_CHARS,
    SIBLING_SHARE, TAG_SCORE_CONTAINER, TAG_SCORE_HEADING, TAG_SCORE_LIST, TAG_SCORE_TEXT,
};
use crate::extract::vocab::markup::{BAD_CLASS_WORDS, GOOD_CLASS_WORDS};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

/// Per-page scoring state shared by the generic rules.
pub(super) struct Scoring {
    /// Readability score of each candidate container (before link-density scaling).
    pub(super) scores: FxHashMap<NodeId, f32>,
    /// Prose characters (paragraph text minus link text) under each element.
    prose: FxHashMap<NodeId, u32>,
}

impl Scoring {
    pub(super) fn prose(&self, id: NodeId) -> u32 {
        self.prose.get(&id).copied().unwrap_or(0)
    }
}

/// Tags whose text counts as paragraph text when scoring containers.
fn is_paragraph_like(name: &str) -> bool {
    matches!(
        name,
        "p" | "pre" | "td" | "dd" | "h2" | "h3" | "h4" | "blockquote"
    )
}

/// Tags that hold a paragraph's worth of text directly, without `<p>` ("div as p").
fn is_text_container(name: &str) -> bool {
    matches!(
        name,
        "div" | "section" | "article" | "main" | "span" | "font" | "center" | "td" | "body"
    )
}

/// A paragraph-like element to score: its characters and link share.
fn paragraph_of(name: &str, s: TextStats) -> Option<(u32, f32)> {
    if is_paragraph_like(name) {
        (s.chars >= PARAGRAPH_MIN_CHARS).then(|| (s.chars, s.link_density()))
    } else if is_text_container(name) && s.own_chars >= PARAGRAPH_MIN_CHARS {
        // Only the element's own text: its child elements are scored on their own.
        Some((s.own_chars, 0.0))
    } else {
        None
    }
}

fn count_commas(node: NodeRef<'_, Node>, own_only: bool) -> u32 {
    let mut n = 0u32;
    let mut count = |t: &str| {
        n += t
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '،' | '、' | '。'))
            .count() as u32;
    };
    if own_only {
        for c in node.children() {
            if let Node::Text(t) = c.value() {
                count(t);
            }
        }
    } else {
        for d in node.descendants() {
            if let Node::Text(t) = d.value() {
                count(t);
            }
        }
    }
    n
}

/// Readability-style scoring: each paragraph gives points to its parent and, decaying,
/// to four more ancestors; also sums each element's prose.
pub(super) fn score_page(doc: &Html, stats: &FxHashMap<NodeId, TextStats>) -> Scoring {
    let mut scores: FxHashMap<NodeId, f32> = FxHashMap::default();
    let mut own_prose: FxHashMap<NodeId, u32> = FxHashMap::default();
    for node in doc.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        let Some(s) = stats.get(&node.id()) else {
            continue;
        };
        let name = e.name();
        let Some((chars, density)) = paragraph_of(name, *s) else {
            continue;
        };
        let own_only = !is_paragraph_like(name);
        if density < PROSE_MAX_LINK_DENSITY && !matches!(name, "h2" | "h3" | "h4") {
            own_prose.insert(node.id(), (chars as f32 * (1.0 - density)) as u32);
        }
        if own_only && name == "body" {
            continue;
        }
        let points = paragraph_points(node, own_only, chars, density);
        let start = if own_only { Some(node) } else { node.parent() };
        if let Some(start) = start {
            give_points(&mut scores, start, points);
        }
    }
    Scoring {
        scores,
        prose: sum_prose(doc, &own_prose, stats.len()),
    }
}

/// A paragraph's points: one, plus its commas, plus its length. A long run of text (a
/// whole article written without `<p>`) is worth more than one paragraph.
fn paragraph_points(node: NodeRef<'_, Node>, own_only: bool, chars: u32, density: f32) -> f32 {
    let commas = count_commas(node, own_only) as f32;
    let own = 1.0
        + commas.min(COMMA_POINTS_MAX)
        + (chars as f32 / CHARS_PER_POINT).min(LENGTH_POINTS_MAX)
        + (chars as f32 / LONG_RUN_CHARS).floor();
    own * (1.0 - density)
}

/// Adds a paragraph's points to `start` and, decaying, to its ancestors. A text container
/// is its own first candidate; a paragraph scores its parents.
fn give_points(scores: &mut FxHashMap<NodeId, f32>, start: NodeRef<'_, Node>, points: f32) {
    let chain = std::iter::once(start).chain(start.ancestors());
    for (level, anc) in chain.take(SCORE_LEVELS).enumerate() {
        let Node::Element(ae) = anc.value() else {
            break;
        };
        if matches!(ae.name(), "html") {
            break;
        }
        let divider = match level {
            0 => 1.0,
            1 => 2.0,
            l => l as f32 * ANCESTOR_DECAY,
        };
        let entry = scores.entry(anc.id()).or_insert_with(|| initial_score(ae));
        *entry += points / divider;
    }
}

/// Each element's prose, summed bottom-up in one iterative pass.
fn sum_prose(
    doc: &Html,
    own_prose: &FxHashMap<NodeId, u32>,
    capacity: usize,
) -> FxHashMap<NodeId, u32> {
    let mut prose = FxHashMap::with_capacity_and_hasher(capacity, rustc_hash::FxBuildHasher);
    let mut stack: Vec<u32> = vec![0];
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if node.value().is_element() {
                    stack.push(own_prose.get(&node.id()).copied().unwrap_or(0));
                }
            }
            Edge::Close(node) => {
                if node.value().is_element() {
                    let mine = stack.pop().unwrap_or(0);
                    if mine > 0 {
                        prose.insert(node.id(), mine);
                    }
                    if let Some(parent) = stack.last_mut() {
                        *parent += mine;
                    }
                }
            }
        }
    }
    prose
}

fn final_score(id: NodeId, scoring: &Scoring, stats: &FxHashMap<NodeId, TextStats>) -> f32 {
    let density = stats.get(&id).map_or(0.0, |s| s.link_density());
    scoring.scores.get(&id).copied().unwrap_or(0.0) * (1.0 - density)
}

fn is_body(n: NodeRef<'_, Node>) -> bool {
    matches!(n.value(), Node::Element(e) if matches!(e.name(), "body" | "html"))
}

/// The best-scored container, climbed and merged with its siblings as Readability does.
pub(super) fn best_by_score(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
) -> Option<Vec<NodeId>> {
    let mut ranked: Vec<(NodeId, f32)> = scoring
        .scores
        .keys()
        .map(|id| (*id, final_score(*id, scoring, stats)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked.truncate(RANKED_CANDIDATES);
    let (top, top_score) = *ranked.first()?;
    let top = common_ancestor_of_near_best(doc, top, top_score, &ranked[1..]);
    let top = climb(doc, stats, scoring, top)?;
    // An only child says nothing: its parent is the container.
    let mut node = doc.tree.get(top)?;
    while let Some(parent) = node.parent() {
        if is_body(parent) || !parent.value().is_element() {
            break;
        }
        if parent.children().filter(|c| c.value().is_element()).count() != 1 {
            break;
        }
        node = parent;
    }
    Some(merge_siblings(node, stats, scoring))
}

/// Several near-best candidates under one ancestor: the content is that ancestor.
fn common_ancestor_of_near_best(
    doc: &Html,
    top: NodeId,
    top_score: f32,
    others: &[(NodeId, f32)],
) -> NodeId {
    let alternatives: Vec<NodeId> = others
        .iter()
        .filter(|(_, s)| *s >= top_score * NEAR_BEST_SHARE)
        .map(|(id, _)| *id)
        .collect();
    if alternatives.len() < NEAR_BEST_COUNT {
        return top;
    }
    let Some(node) = doc.tree.get(top) else {
        return top;
    };
    for anc in node.ancestors() {
        if is_body(anc) {
            break;
        }
        let holding = alternatives
            .iter()
            .filter(|alt| {
                doc.tree
                    .get(**alt)
                    .is_some_and(|a| a.ancestors().any(|x| x.id() == anc.id()))
            })
            .count();
        if holding >= NEAR_BEST_COUNT {
            return anc.id();
        }
    }
    top
}

/// Climbs while the parents' scores rise (more content lurks beside the candidate).
fn climb(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
    mut top: NodeId,
) -> Option<NodeId> {
    let mut last = final_score(top, scoring, stats);
    let threshold = last / CLIMB_DIVISOR;
    let mut cur = doc.tree.get(top)?;
    while let Some(parent) = cur.parent() {
        if is_body(parent) || !parent.value().is_element() {
            break;
        }
        let Some(raw) = scoring.scores.get(&parent.id()) else {
            cur = parent;
            continue;
        };
        let parent_score = *raw * (1.0 - stats.get(&parent.id()).map_or(0.0, |s| s.link_density()));
        if parent_score < threshold {
            break;
        }
        if parent_score > last {
            top = parent.id();
            break;
        }
        last = parent_score;
        cur = parent;
    }
    Some(top)
}

/// The container and those of its siblings that score close to it, share its class, or
/// are prose.
fn merge_siblings(
    node: NodeRef<'_, Node>,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
) -> Vec<NodeId> {
    let top = node.id();
    let top_score = final_score(top, scoring, stats);
    let threshold = (top_score * SIBLING_SHARE).max(SIBLING_MIN_SCORE);
    let Some(parent) = node.parent().filter(|p| p.value().is_element()) else {
        return vec![top];
    };
    let top_class = match node.value() {
        Node::Element(e) => e.attr("class").filter(|c| !c.is_empty()),
        _ => None,
    };
    let mut roots = Vec::new();
    for sib in parent.children() {
        let Node::Element(e) = sib.value() else {
            continue;
        };
        if sib.id() == top {
            roots.push(top);
            continue;
        }
        let bonus = if top_class.is_some() && e.attr("class") == top_class {
            top_score * SIBLING_CLASS_BONUS
        } else {
            0.0
        };
        if final_score(sib.id(), scoring, stats) + bonus >= threshold {
            roots.push(sib.id());
            continue;
        }
        if stats
            .get(&sib.id())
            .is_some_and(|s| is_prose_sibling(sib, e, *s))
        {
            roots.push(sib.id());
        }
    }
    roots
}

/// A sibling that is a paragraph of prose: long with few links, or a short sentence
/// without any.
fn is_prose_sibling(sib: NodeRef<'_, Node>, e: &scraper::node::Element, s: TextStats) -> bool {
    let prose_like = e.name() == "p"
        || (is_text_container(e.name()) && SIBLING_OWN_TEXT.reached(s.own_chars, s.chars));
    if !prose_like {
        return false;
    }
    let density = s.link_density();
    let long_prose = s.chars > SIBLING_PROSE_MIN_CHARS && density < SIBLING_PROSE_MAX_LINK_DENSITY;
    let short_sentence = s.chars > 0 && density == 0.0 && ends_sentence(sib);
    long_prose || short_sentence
}

fn ends_sentence(node: NodeRef<'_, Node>) -> bool {
    let mut last = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            if !t.trim().is_empty() {
                last.clear();
                last.push_str(t.trim_end());
            }
        }
    }
    last.ends_with(['.', '!', '?', '。', '»', '"'])
}

pub(super) fn class_weight(e: &scraper::node::Element) -> f32 {
    let mut w = 0.0;
    let text = format!(
        "{} {}",
        e.attr("class").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    if GOOD_CLASS_WORDS.iter().any(|good| text.contains(good)) {
        w += CLASS_WEIGHT;
    }
    if BAD_CLASS_WORDS.iter().any(|bad| text.contains(bad)) {
        w -= CLASS_WEIGHT;
    }
    w
}

fn initial_score(e: &scraper::node::Element) -> f32 {
    let base = match e.name() {
        "div" | "article" | "section" | "main" => TAG_SCORE_CONTAINER,
        "pre" | "td" | "blockquote" => TAG_SCORE_TEXT,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => TAG_SCORE_LIST,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => TAG_SCORE_HEADING,
        _ => 0.0,
    };
    base + class_weight(e)
}
