//! Main-content choice. In order, the first that yields text wins: the site's `content`
//! selectors, the recognised theme's, the generic content hints that most CMSs use
//! (`[itemprop=articleBody]`, `.entry-content`, …), then a readability-style score of every
//! container (text length, commas, link density, class vocabulary), then the body.

use super::dom::TextStats;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Containers that CMSs and themes use for the article body, most specific first.
const HINTS: &[&str] = &[
    r#"[itemprop="articleBody"]"#,
    ".article-body, .article__body, .articleBody, .article-content, .article__content, .article-text, .article_text, .articletext",
    ".entry-content, .post-content, .post-body, .post__content, .post-entry, .entry-body, .single-content, .post-text",
    ".story-body, .story-content, .story__body, .news-content, .news-text, .content-article, .article-detail, .detail-content",
    ".field--name-body, .field-name-body, .node__content, #article-body, #articleBody, #story-body",
];

static HINT_SELECTORS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    HINTS
        .iter()
        .map(|s| Selector::parse(s).expect("static selector"))
        .collect()
});
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

pub(crate) fn choose(
    doc: &Html,
    stats: &HashMap<NodeId, TextStats>,
    site: &[Selector],
    theme: Option<(&str, &[Selector])>,
) -> Choice {
    let chars = |id: NodeId| stats.get(&id).map_or(0, |s| s.chars);
    if let Some(roots) = by_selectors(doc, site, stats) {
        return Choice {
            roots,
            rule: "site content selector".into(),
        };
    }
    if let Some((name, sels)) = theme {
        if let Some(roots) = by_selectors(doc, sels, stats) {
            return Choice {
                roots,
                rule: format!("theme {name}"),
            };
        }
    }
    let scored = score_candidates(doc, stats);
    let best_score = scored.as_ref().map_or(0, |(id, _)| chars(*id));
    for (i, sel) in HINT_SELECTORS.iter().enumerate() {
        let matches: Vec<ElementRef<'_>> = doc.select(sel).collect();
        let Some(best) = matches.iter().max_by_key(|e| chars(e.id())) else {
            continue;
        };
        let best_chars = chars(best.id());
        let all: u32 = matches.iter().map(|e| chars(e.id())).sum();
        // A listing page repeats the hint once per teaser: trust only a dominant match,
        // and only when it is not much smaller than what scoring finds.
        if best_chars >= MIN_HINT_CHARS
            && best_chars * 10 >= all * 6
            && best_chars * 3 >= best_score
        {
            return Choice {
                roots: vec![best.id()],
                rule: format!("generic hint {}", i + 1),
            };
        }
    }
    let articles: Vec<ElementRef<'_>> = doc.select(&ARTICLE).collect();
    if let Some(best) = articles.iter().max_by_key(|e| chars(e.id())) {
        let all: u32 = articles.iter().map(|e| chars(e.id())).sum();
        let best_chars = chars(best.id());
        if best_chars >= MIN_HINT_CHARS
            && best_chars * 10 >= all * 7
            && best_chars * 2 >= best_score
        {
            return Choice {
                roots: vec![best.id()],
                rule: "<article>".into(),
            };
        }
    }
    if let Some((id, _)) = scored {
        return Choice {
            roots: vec![id],
            rule: "score".into(),
        };
    }
    let roots = doc.select(&BODY).map(|b| b.id()).take(1).collect();
    Choice {
        roots,
        rule: "body".into(),
    }
}

fn by_selectors(
    doc: &Html,
    selectors: &[Selector],
    stats: &HashMap<NodeId, TextStats>,
) -> Option<Vec<NodeId>> {
    for sel in selectors {
        let mut roots: Vec<NodeId> = doc
            .select(sel)
            .filter(|e| stats.get(&e.id()).is_some_and(|s| s.chars > 0))
            .map(|e| e.id())
            .collect();
        // Drop a match nested inside another match, so no text is taken twice.
        let all = roots.clone();
        roots.retain(|id| {
            let node = doc.tree.get(*id).expect("id from this tree");
            !node.ancestors().any(|a| all.contains(&a.id()))
        });
        if !roots.is_empty() {
            return Some(roots);
        }
    }
    None
}

/// Tags whose text counts as paragraph text when scoring containers.
fn is_paragraph_like(name: &str) -> bool {
    matches!(
        name,
        "p" | "pre" | "blockquote" | "td" | "li" | "h2" | "h3" | "dd"
    )
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
        "blog",
    ] {
        if text.contains(good) {
            w += 12.0;
            break;
        }
    }
    for bad in [
        "comment", "meta", "footer", "foot", "sidebar", "widget", "related", "share", "sponsor",
        "promo", "teaser", "list", "nav", "menu",
    ] {
        if text.contains(bad) {
            w -= 25.0;
            break;
        }
    }
    w
}

/// Readability-style scoring: each paragraph gives points to its parent and, decaying,
/// to three more ancestors; a container's score is scaled by its link density.
fn score_candidates(doc: &Html, stats: &HashMap<NodeId, TextStats>) -> Option<(NodeId, f32)> {
    let mut scores: HashMap<NodeId, f32> = HashMap::new();
    for node in doc.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        if !is_paragraph_like(e.name()) {
            continue;
        }
        let Some(s) = stats.get(&node.id()) else {
            continue;
        };
        if s.chars < 25 {
            continue;
        }
        let text: String = ElementRef::wrap(node)
            .map(|el| el.text().collect())
            .unwrap_or_default();
        let commas = text.matches([',', '，', '،', '、']).count() as f32;
        let own = 1.0 + commas.min(10.0) + (s.chars as f32 / 100.0).min(3.0);
        let own = own * (1.0 - s.link_density());
        for (level, anc) in node.ancestors().take(4).enumerate() {
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
    scores
        .into_iter()
        .map(|(id, score)| {
            let density = stats.get(&id).map_or(0.0, |s| s.link_density());
            (id, score * (1.0 - density))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
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
