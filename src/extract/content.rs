//! Main-content choice. In order, the first that yields text wins: the site's `content`
//! selectors, the recognised theme's (both matched before generic cleaning, see
//! [`by_rules`]), then, on the cleaned page ([`choose_generic`]): the generic content hints
//! that most CMSs use (`[itemprop=articleBody]`, `.entry-content`, …), a lone dominant
//! `<article>`, and a readability-style score of every container (paragraph text, commas,
//! link density, class vocabulary) with Readability's ancestor climb and sibling merge.
//!
//! A generic choice is then checked for recall: when the chosen roots hold much less prose
//! (paragraph text that is not link text) than the cleaned page does, the choice widens to
//! the nearest ancestor that holds most of it, as long as that ancestor is not a link list.

use super::dom::TextStats;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

/// Containers that CMSs and themes use for the article body, most specific first: each
/// group is a list of `itemprop` values (prefixed `@`), ids (prefixed `#`) and classes.
/// Matched in one pass over the page, not as CSS selectors.
const HINTS: &[&[&str]] = &[
    &["@articleBody", "@text"],
    &[
        "article-body",
        "article__body",
        "articleBody",
        "article-content",
        "article__content",
        "article-text",
        "article_text",
        "articletext",
        "article-body-content",
        "articlebody",
        "article_body",
    ],
    &[
        "entry-content",
        "post-content",
        "post-body",
        "post__content",
        "post-entry",
        "entry-body",
        "single-content",
        "post-text",
        "postcontent",
        "blog-content",
        "entry__content",
    ],
    &[
        "story-body",
        "story-content",
        "story__body",
        "news-content",
        "news-text",
        "content-article",
        "article-detail",
        "detail-content",
        "news-body",
        "news__body",
        "newstext",
    ],
    &[
        "field--name-body",
        "field-name-body",
        "#article-body",
        "#articleBody",
        "#story-body",
        "rich-text",
        "richtext",
        "text-formatted",
    ],
];

const _: () = assert!(
    HINTS.len() <= 8,
    "hint_matches keeps one flag per group in a [bool; 8]"
);

/// Hint lookup: class names, `#ids` and `@itemprops` to the groups that list them.
struct HintIndex {
    classes: FxHashMap<&'static str, usize>,
    ids: FxHashMap<&'static str, usize>,
    itemprops: FxHashMap<&'static str, usize>,
}

static HINT_INDEX: LazyLock<HintIndex> = LazyLock::new(|| {
    let mut index = HintIndex {
        classes: FxHashMap::default(),
        ids: FxHashMap::default(),
        itemprops: FxHashMap::default(),
    };
    // Groups are listed by trust: a name in two groups keeps the first.
    for (g, group) in HINTS.iter().enumerate() {
        for h in *group {
            let (map, key) = if let Some(p) = h.strip_prefix('@') {
                (&mut index.itemprops, p)
            } else if let Some(i) = h.strip_prefix('#') {
                (&mut index.ids, i)
            } else {
                (&mut index.classes, *h)
            };
            map.entry(key).or_insert(g);
        }
    }
    index
});

/// Matches of each hint group, in document order.
fn hint_matches(doc: &Html) -> Vec<Vec<NodeId>> {
    let index = &*HINT_INDEX;
    let mut out = vec![Vec::new(); HINTS.len()];
    for node in doc.tree.root().descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        let groups = e
            .classes()
            .filter_map(|c| index.classes.get(c))
            .chain(e.attr("id").and_then(|i| index.ids.get(i)))
            .chain(e.attr("itemprop").and_then(|p| index.itemprops.get(p)));
        for &g in groups {
            // An element listed once per group, however many of its names match.
            if out[g].last() != Some(&node.id()) {
                out[g].push(node.id());
            }
        }
    }
    out
}

static ARTICLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("article").expect("static selector"));
static BODY: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("body").expect("static selector"));

/// Minimum text (non-space characters) for a hinted container to be trusted.
const MIN_HINT_CHARS: u32 = 200;

/// Chosen content roots (in document order) and the rule that chose them.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub roots: Vec<NodeId>,
    pub rule: String,
}

/// The site's and then the theme's content selectors, matched on the page before generic
/// cleaning (so that a container whose class shares a noise word is still found).
pub(crate) fn by_rules(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    site: &[Selector],
    theme: Option<(&str, &[Selector])>,
) -> Option<Choice> {
    if let Some(roots) = by_selectors(doc, site, stats) {
        return Some(Choice {
            roots,
            rule: "site content selector".into(),
        });
    }
    if let Some((name, sels)) = theme {
        if let Some(roots) = by_selectors(doc, sels, stats) {
            return Some(Choice {
                roots,
                rule: format!("theme {name}"),
            });
        }
    }
    None
}

fn by_selectors(
    doc: &Html,
    selectors: &[Selector],
    stats: &FxHashMap<NodeId, TextStats>,
) -> Option<Vec<NodeId>> {
    for sel in selectors {
        let mut roots: Vec<NodeId> = doc
            .select(sel)
            .filter(|e| stats.get(&e.id()).is_some_and(|s| s.chars > 0))
            .map(|e| e.id())
            .collect();
        // Drop a match nested inside another match, so no text is taken twice.
        let all: std::collections::HashSet<NodeId> = roots.iter().copied().collect();
        roots.retain(|id| {
            doc.tree
                .get(*id)
                .is_some_and(|node| !node.ancestors().any(|a| all.contains(&a.id())))
        });
        if !roots.is_empty() {
            return Some(roots);
        }
    }
    None
}

/// Per-page scoring state shared by the generic rules.
struct Scoring {
    /// Readability score of each candidate container (before link-density scaling).
    scores: FxHashMap<NodeId, f32>,
    /// Prose characters (paragraph text minus link text) under each element.
    prose: FxHashMap<NodeId, u32>,
}

impl Scoring {
    fn prose(&self, id: NodeId) -> u32 {
        self.prose.get(&id).copied().unwrap_or(0)
    }
}

/// Generic content choice on the cleaned page.
/// `title_headings`: the headings that carry the article's title (see `extract::run`).
pub(crate) fn choose_generic(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    title_headings: &[NodeId],
) -> Choice {
    let chars = |id: NodeId| stats.get(&id).map_or(0, |s| s.chars);
    let scoring = score_page(doc, stats);
    let body = doc.select(&BODY).next().map(|b| b.id());
    let total_prose = body.map_or(0, |b| scoring.prose(b));

    let scored = best_by_score(doc, stats, &scoring);
    let scored_prose: u32 = scored
        .as_ref()
        .map_or(0, |roots| roots.iter().map(|r| scoring.prose(*r)).sum());

    let mut choice: Option<Choice> = None;
    for (i, matches) in hint_matches(doc).into_iter().enumerate() {
        let Some(best) = matches.iter().copied().max_by_key(|id| chars(*id)) else {
            continue;
        };
        let best_chars = chars(best);
        let all: u32 = matches.iter().map(|id| chars(*id)).sum();
        // A listing page repeats the hint once per teaser: trust only a dominant match,
        // and only when it is not much smaller than what scoring finds.
        if best_chars >= MIN_HINT_CHARS
            && best_chars * 10 >= all * 6
            && scoring.prose(best) * 2 >= scored_prose
        {
            choice = Some(Choice {
                roots: vec![best],
                rule: format!("generic hint {}", i + 1),
            });
            break;
        }
    }
    if choice.is_none() {
        let articles: Vec<ElementRef<'_>> = doc.select(&ARTICLE).collect();
        if let Some(best) = articles.iter().max_by_key(|e| chars(e.id())) {
            let all: u32 = articles.iter().map(|e| chars(e.id())).sum();
            let best_chars = chars(best.id());
            if best_chars >= MIN_HINT_CHARS
                && best_chars * 10 >= all * 7
                && scoring.prose(best.id()) * 3 >= scored_prose * 2
            {
                choice = Some(Choice {
                    roots: vec![best.id()],
                    rule: "<article>".into(),
                });
            }
        }
    }
    if choice.is_none() {
        if let Some(roots) = scored {
            choice = Some(Choice {
                roots,
                rule: "score".into(),
            });
        }
    }
    let Some(mut choice) = choice else {
        return Choice {
            roots: body.into_iter().collect(),
            rule: "body".into(),
        };
    };
    // A choice that holds the article's own title heading is the whole story: the prose
    // outside it belongs to other stories (a stream of teasers, a live feed).
    let has_title = title_headings.iter().any(|h| {
        doc.tree
            .get(*h)
            .is_some_and(|n| n.ancestors().any(|a| choice.roots.contains(&a.id())))
    });
    if !has_title {
        widen_for_recall(doc, stats, &scoring, total_prose, &mut choice);
    }
    add_lead(doc, stats, &mut choice);
    choice
}

/// Class/id words of an article's standfirst (lead, teaser, excerpt…).
const LEAD_WORDS: &[&str] = &[
    "lead",
    "lede",
    "intro",
    "teaser",
    "excerpt",
    "abstract",
    "standfirst",
    "summary",
    "chapo",
    "chapeau",
    "sommario",
    "subtitle",
    "subheadline",
    "subline",
    "dek",
    "deck",
    "descripcion",
    "bajada",
    "hero",
    "strapline",
    "sapo",
    "entradilla",
    "vorspann",
];

fn is_lead(e: &scraper::node::Element) -> bool {
    e.classes().chain(e.attr("id")).any(|t| {
        t.split(['-', '_'])
            .any(|w| LEAD_WORDS.iter().any(|l| w.eq_ignore_ascii_case(l)))
    })
}

/// The standfirst often sits in the article header, outside the chosen body: a lead-classed
/// element just before the first root, under a close common ancestor, is prepended.
fn add_lead(doc: &Html, stats: &FxHashMap<NodeId, TextStats>, choice: &mut Choice) {
    let Some(first) = choice.roots.first().and_then(|r| doc.tree.get(*r)) else {
        return;
    };
    // The common ancestor is searched from 4 levels above the root up to 7: the nearest
    // scope holding a lead wins.
    let ancestors: Vec<NodeRef<'_, Node>> = first.ancestors().take(7).collect();
    let mut found: Option<NodeId> = None;
    for scope in ancestors.iter().skip(3) {
        if matches!(scope.value(), Node::Element(e) if matches!(e.name(), "body" | "html")) {
            break;
        }
        found = lead_before(scope, first, stats);
        if found.is_some() {
            break;
        }
    }
    if let Some(lead) = found {
        choice.roots.insert(0, lead);
        choice.rule.push_str(" + lead");
    }
}

/// The last lead-classed element of `scope` before `root`, not inside an earlier one.
fn lead_before(
    scope: &NodeRef<'_, Node>,
    root: NodeRef<'_, Node>,
    stats: &FxHashMap<NodeId, TextStats>,
) -> Option<NodeId> {
    let mut found: Option<NodeId> = None;
    for node in scope.descendants() {
        if node.id() == root.id() {
            break;
        }
        let Node::Element(e) = node.value() else {
            continue;
        };
        if !is_lead(e) {
            continue;
        }
        let Some(s) = stats.get(&node.id()) else {
            continue;
        };
        if s.chars < 30 || s.chars > 2000 || s.link_density() > 0.3 {
            continue;
        }
        // Not an ancestor of the root, and not inside an earlier find.
        if root.ancestors().any(|a| a.id() == node.id()) {
            continue;
        }
        if let Some(f) = found {
            if node.ancestors().any(|a| a.id() == f) {
                continue;
            }
        }
        found = Some(node.id());
    }
    found
}

/// When the chosen roots hold too little of the page's prose, take the nearest common
/// ancestor that holds most of it, unless that ancestor is mostly links.
fn widen_for_recall(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
    total_prose: u32,
    choice: &mut Choice,
) {
    let covered: u32 = choice.roots.iter().map(|r| scoring.prose(*r)).sum();
    if total_prose < 400 || covered * 10 >= total_prose * 6 {
        return;
    }
    let Some(first) = choice.roots.first().and_then(|r| doc.tree.get(*r)) else {
        return;
    };
    for anc in first.ancestors() {
        let Node::Element(e) = anc.value() else {
            break;
        };
        if e.name() == "html" {
            break;
        }
        let prose = scoring.prose(anc.id());
        if prose * 10 < total_prose * 8 {
            continue;
        }
        let density = stats.get(&anc.id()).map_or(1.0, |s| s.link_density());
        if density < 0.35 {
            choice.roots = vec![anc.id()];
            choice.rule.push_str(" + recall");
        }
        break;
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
        (s.chars >= 25).then(|| (s.chars, s.link_density()))
    } else if is_text_container(name) && s.own_chars >= 25 {
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
fn score_page(doc: &Html, stats: &FxHashMap<NodeId, TextStats>) -> Scoring {
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
        if density < 0.5 && !matches!(name, "h2" | "h3" | "h4") {
            own_prose.insert(node.id(), (chars as f32 * (1.0 - density)) as u32);
        }
        if own_only && name == "body" {
            continue;
        }
        let commas = count_commas(node, own_only) as f32;
        // A long run of text (a whole article written without `<p>`) is worth more than one
        // paragraph.
        let own = 1.0
            + commas.min(10.0)
            + (chars as f32 / 100.0).min(3.0)
            + (chars as f32 / 500.0).floor();
        let own = own * (1.0 - density);
        let start = if own_only { Some(node) } else { node.parent() };
        let Some(start) = start else {
            continue;
        };
        // A text container is its own first candidate; a paragraph scores its parents.
        let chain = std::iter::once(start).chain(start.ancestors());
        for (level, anc) in chain.take(5).enumerate() {
            let Node::Element(ae) = anc.value() else {
                break;
            };
            if matches!(ae.name(), "html") {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            let entry = scores.entry(anc.id()).or_insert_with(|| initial_score(ae));
            *entry += own / divider;
        }
    }
    // Sum prose bottom-up in one iterative pass.
    let mut prose = FxHashMap::with_capacity_and_hasher(stats.len(), Default::default());
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
    Scoring { scores, prose }
}

fn final_score(id: NodeId, scoring: &Scoring, stats: &FxHashMap<NodeId, TextStats>) -> f32 {
    let density = stats.get(&id).map_or(0.0, |s| s.link_density());
    scoring.scores.get(&id).copied().unwrap_or(0.0) * (1.0 - density)
}

/// The best-scored container, climbed and merged with its siblings as Readability does.
fn best_by_score(
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
    ranked.truncate(5);
    let (mut top, top_score) = *ranked.first()?;
    let is_body = |n: NodeRef<'_, Node>| matches!(n.value(), Node::Element(e) if matches!(e.name(), "body" | "html"));

    // Several near-best candidates under one ancestor: the content is that ancestor.
    let alternatives: Vec<NodeId> = ranked[1..]
        .iter()
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(id, _)| *id)
        .collect();
    if alternatives.len() >= 3 {
        if let Some(node) = doc.tree.get(top) {
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
                if holding >= 3 {
                    top = anc.id();
                    break;
                }
            }
        }
    }

    // Climb while the parents' scores rise (more content lurks beside the candidate).
    let mut last = final_score(top, scoring, stats);
    let threshold = last / 3.0;
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
    top = node.id();

    // Sibling merge.
    let top_score = final_score(top, scoring, stats);
    let threshold = (top_score * 0.2).max(10.0);
    let Some(parent) = node.parent().filter(|p| p.value().is_element()) else {
        return Some(vec![top]);
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
            top_score * 0.2
        } else {
            0.0
        };
        if final_score(sib.id(), scoring, stats) + bonus >= threshold {
            roots.push(sib.id());
            continue;
        }
        let Some(s) = stats.get(&sib.id()) else {
            continue;
        };
        let prose_like =
            e.name() == "p" || (is_text_container(e.name()) && s.own_chars * 10 >= s.chars * 8);
        if prose_like {
            let density = s.link_density();
            let long_prose = s.chars > 80 && density < 0.25;
            let short_sentence = s.chars > 0 && density == 0.0 && ends_sentence(sib);
            if long_prose || short_sentence {
                roots.push(sib.id());
            }
        }
    }
    Some(roots)
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

fn class_weight(e: &scraper::node::Element) -> f32 {
    let mut w = 0.0;
    let text = format!(
        "{} {}",
        e.attr("class").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    for good in [
        "article", "body", "content", "entry", "main", "page", "post", "text", "story", "texte",
        "blog", "inhalt", "artikel",
    ] {
        if text.contains(good) {
            w += 25.0;
            break;
        }
    }
    for bad in [
        "comment",
        "meta",
        "footer",
        "foot",
        "sidebar",
        "widget",
        "related",
        "share",
        "sponsor",
        "promo",
        "nav",
        "menu",
        "masthead",
        "shoutbox",
        "combx",
        "banner",
        "popup",
        "teaserlist",
        "slider",
        "carousel",
    ] {
        if text.contains(bad) {
            w -= 25.0;
            break;
        }
    }
    w
}

fn initial_score(e: &scraper::node::Element) -> f32 {
    let base = match e.name() {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    base + class_weight(e)
}
