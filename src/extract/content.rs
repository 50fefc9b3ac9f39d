//! Main-content choice. In order, the first that yields text wins: the site's `content`
//! selectors, the recognised theme's (both matched before generic cleaning, see
//! [`by_rules`]), then, on the cleaned page ([`choose_generic`]): the generic content hints
//! that most CMSs use (`[itemprop=articleBody]`, `.entry-content`, …), a lone dominant
//! `<article>`, and a readability-style score of every container (`score`: paragraph text,
//! commas, link density, class vocabulary) with Readability's ancestor climb and sibling
//! merge.
//!
//! A generic choice is then checked for recall: when the chosen roots hold much less prose
//! (paragraph text that is not link text) than the cleaned page does, the choice widens to
//! the nearest ancestor that holds most of it, as long as that ancestor is not a link list.

mod score;

use super::dom::TextStats;
use super::ingredients::Ingredients;
use super::summaries::Summaries;
use super::tuning::{
    ARTICLE_CHROME_EXTRA, ARTICLE_DOMINANCE, ARTICLE_PROSE_COVERED, ARTICLE_VS_SCORE,
    HINT_DOMINANCE, HINT_VS_SCORE, LEAD_MAX_CHARS, LEAD_MAX_LINK_DENSITY, LEAD_MIN_CHARS,
    LEAD_SCOPE_LEVELS, LEAD_SCOPE_SKIP, MIN_HINT_CHARS, WIDEN_ANCESTOR_SHARE, WIDEN_COVERED,
    WIDEN_MAX_LINK_DENSITY, WIDEN_MIN_PROSE,
};
use super::vocab::markup::{HINTS, LEAD_WORDS};
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use score::Scoring;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

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

/// Generic content choice on the cleaned page.
/// `title_headings`: the headings that carry the article's title (see `pipeline`).
pub(crate) fn choose_generic(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    title_headings: &[NodeId],
    summaries: &Summaries,
    ingredients: &Ingredients,
) -> Choice {
    let scoring = score::score_page(doc, stats);
    let body = doc.select(&BODY).next().map(|b| b.id());
    let total_prose = body.map_or(0, |b| scoring.prose(b));

    let scored = score::best_by_score(doc, stats, &scoring);
    let scored_prose: u32 = scored
        .as_ref()
        .map_or(0, |roots| roots.iter().map(|r| scoring.prose(*r)).sum());

    let choice = by_hint(doc, stats, &scoring, scored_prose)
        .or_else(|| by_article(doc, stats, &scoring, scored_prose, scored.as_deref()))
        .or_else(|| {
            scored.map(|roots| Choice {
                roots,
                rule: "score".into(),
            })
        });
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
    add_lead(doc, stats, summaries, &mut choice);
    add_ingredients(doc, stats, ingredients, &mut choice);
    choice
}

/// A recipe's ingredient list that the choice left out (see [`Ingredients`]) is added as
/// a root, in page order: before the steps, as pages show it.
fn add_ingredients(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    ingredients: &Ingredients,
    choice: &mut Choice,
) {
    let Some(list) = ingredients.find_box(doc, stats) else {
        return;
    };
    let Some(node) = doc.tree.get(list) else {
        return;
    };
    // Already in the body, or around it.
    let inside = std::iter::once(node)
        .chain(node.ancestors())
        .any(|a| choice.roots.contains(&a.id()));
    let around = choice
        .roots
        .iter()
        .filter_map(|r| doc.tree.get(*r))
        .any(|r| r.ancestors().any(|a| a.id() == list));
    if inside || around {
        return;
    }
    let mut before = 0;
    for n in doc.tree.root().descendants() {
        if n.id() == list {
            break;
        }
        if choice.roots.contains(&n.id()) {
            before += 1;
        }
    }
    choice.roots.insert(before, list);
    choice.rule.push_str(" + ingredients");
}

/// The first hint group with a dominant match. A listing page repeats the hint once per
/// teaser: only a dominant match is trusted, and only when it is not much smaller than
/// what scoring finds.
fn by_hint(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
    scored_prose: u32,
) -> Option<Choice> {
    let chars = |id: NodeId| stats.get(&id).map_or(0, |s| s.chars);
    for (i, matches) in hint_matches(doc).into_iter().enumerate() {
        let Some(best) = matches.iter().copied().max_by_key(|id| chars(*id)) else {
            continue;
        };
        let best_chars = chars(best);
        let all: u32 = matches.iter().map(|id| chars(*id)).sum();
        if best_chars >= MIN_HINT_CHARS
            && HINT_DOMINANCE.reached(best_chars, all)
            && HINT_VS_SCORE.reached(scoring.prose(best), scored_prose)
        {
            return Some(Choice {
                roots: vec![best],
                rule: format!("generic hint {}", hint_name(doc, best, i)),
            });
        }
    }
    None
}

/// The biggest `<article>`, when it dominates the others and holds most of what scoring
/// finds.
fn by_article(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
    scored_prose: u32,
    scored: Option<&[NodeId]>,
) -> Option<Choice> {
    let chars = |id: NodeId| stats.get(&id).map_or(0, |s| s.chars);
    let articles: Vec<ElementRef<'_>> = doc.select(&ARTICLE).collect();
    let best = articles.iter().max_by_key(|e| chars(e.id()))?;
    let all: u32 = articles.iter().map(|e| chars(e.id())).sum();
    let best_chars = chars(best.id());
    (best_chars >= MIN_HINT_CHARS
        && ARTICLE_DOMINANCE.reached(best_chars, all)
        && ARTICLE_VS_SCORE.reached(scoring.prose(best.id()), scored_prose)
        && !holds_only_chrome_around(doc, best.id(), scored, stats, scoring))
    .then(|| Choice {
        roots: vec![best.id()],
        rule: "<article>".into(),
    })
}

/// True when the scored roots lie inside `article`, hold nearly all its prose and much
/// less than all its text: what the `<article>` adds is chrome (a share bar, a ranking, a
/// sidebar inside an `<article>` that wraps the whole page), and the roots are the story.
fn holds_only_chrome_around(
    doc: &Html,
    article: NodeId,
    scored: Option<&[NodeId]>,
    stats: &FxHashMap<NodeId, TextStats>,
    scoring: &Scoring,
) -> bool {
    let Some(roots) = scored.filter(|r| !r.is_empty()) else {
        return false;
    };
    let inside = roots.iter().all(|r| {
        doc.tree
            .get(*r)
            .is_some_and(|n| n.ancestors().any(|a| a.id() == article))
    });
    let chars = |id: NodeId| stats.get(&id).map_or(0, |s| s.chars);
    let root_chars: u32 = roots.iter().map(|r| chars(*r)).sum();
    let root_prose: u32 = roots.iter().map(|r| scoring.prose(*r)).sum();
    inside
        && ARTICLE_PROSE_COVERED.reached(root_prose, scoring.prose(article))
        && ARTICLE_CHROME_EXTRA.exceeded_by(chars(article) as usize, root_chars as usize)
}

fn is_lead(e: &scraper::node::Element) -> bool {
    e.classes().chain(e.attr("id")).any(|t| {
        t.split(['-', '_'])
            .any(|w| LEAD_WORDS.iter().any(|l| w.eq_ignore_ascii_case(l)))
    })
}

/// The standfirst often sits in the article header, outside the chosen body: a lead-classed
/// element, or one that says the page's own description, just before the first root
/// under a close common ancestor, is prepended.
fn add_lead(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    summaries: &Summaries,
    choice: &mut Choice,
) {
    let Some(first) = choice.roots.first().and_then(|r| doc.tree.get(*r)) else {
        return;
    };
    // The common ancestor is searched upwards, up to 7 levels: the nearest scope holding a
    // lead wins. A lead-classed element counts from 4 levels above the root (nearer, the
    // class names a part of the body); one that says the description counts at any level.
    // Each scope is read up to the scope below it, which was read already, except where
    // classes start to count.
    let ancestors: Vec<NodeRef<'_, Node>> = first.ancestors().take(LEAD_SCOPE_LEVELS).collect();
    let mut found: Option<NodeId> = None;
    let mut read_up_to = first.id();
    for (level, scope) in ancestors.iter().enumerate() {
        // The whole page is a scope for the description only: a lead class there may
        // name any teaser.
        let page = matches!(scope.value(), Node::Element(e) if matches!(e.name(), "body" | "html"));
        let by_class = level >= LEAD_SCOPE_SKIP && !page;
        let stop = if by_class && level == LEAD_SCOPE_SKIP {
            first.id()
        } else {
            read_up_to
        };
        if by_class || !summaries.is_empty() {
            found = lead_before(scope, stop, first, stats, summaries, by_class);
        }
        if found.is_some() || (page && level >= LEAD_SCOPE_SKIP) {
            break;
        }
        read_up_to = scope.id();
    }
    if let Some(lead) = found {
        choice.roots.insert(0, lead);
        choice.rule.push_str(" + lead");
    }
}

/// The last lead of `scope` before `stop` (the root, or the scope below already read), not
/// inside an earlier one: a lead-classed element when `by_class`, or one that says a
/// summary. Size and link density are tested first; the text is read last, and only for
/// elements the size of a summary.
fn lead_before(
    scope: &NodeRef<'_, Node>,
    stop: NodeId,
    root: NodeRef<'_, Node>,
    stats: &FxHashMap<NodeId, TextStats>,
    summaries: &Summaries,
    by_class: bool,
) -> Option<NodeId> {
    let mut found: Option<NodeId> = None;
    for node in scope.descendants() {
        if node.id() == stop || node.id() == root.id() {
            break;
        }
        let Node::Element(e) = node.value() else {
            continue;
        };
        let Some(s) = stats.get(&node.id()) else {
            continue;
        };
        if s.chars < LEAD_MIN_CHARS
            || s.chars > LEAD_MAX_CHARS
            || s.link_density() > LEAD_MAX_LINK_DENSITY
        {
            continue;
        }
        let says_summary = || {
            summaries.may_match(s.chars)
                && ElementRef::wrap(node)
                    .is_some_and(|el| summaries.said_by(&el.text().collect::<String>()))
        };
        if !(by_class && is_lead(e) || says_summary()) {
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
    if total_prose < WIDEN_MIN_PROSE || WIDEN_COVERED.reached(covered, total_prose) {
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
        if !WIDEN_ANCESTOR_SHARE.reached(prose, total_prose) {
            continue;
        }
        let density = stats.get(&anc.id()).map_or(1.0, |s| s.link_density());
        if density < WIDEN_MAX_LINK_DENSITY {
            choice.roots = vec![anc.id()];
            choice.rule.push_str(" + recall");
        }
        break;
    }
}

#[cfg(test)]
mod tests;

/// The hint of group `group` that `id` carries, as a selector (`.entry-content`,
/// `#article-body`, `[itemprop=articleBody]`): what `--explain` shows.
fn hint_name(doc: &Html, id: NodeId, group: usize) -> String {
    let el = doc.tree.get(id).and_then(ElementRef::wrap);
    let attr = |name: &str| el.and_then(|e| e.value().attr(name)).unwrap_or("");
    let hints = crate::extract::vocab::markup::HINTS[group];
    let found = hints.iter().find_map(|h| {
        if let Some(prop) = h.strip_prefix('@') {
            attr("itemprop")
                .split_whitespace()
                .any(|p| p == prop)
                .then(|| format!("[itemprop={prop}]"))
        } else if let Some(name) = h.strip_prefix('#') {
            (attr("id") == name).then(|| format!("#{name}"))
        } else {
            attr("class")
                .split_whitespace()
                .any(|c| c == *h)
                .then(|| format!(".{h}"))
        }
    });
    found.unwrap_or_else(|| format!("group {}", group + 1))
}
