//! Generic cleaning: removes what is never article text on any site — scripts, forms,
//! navigation, headers and footers of the page, asides, hidden elements, and elements
//! whose class or id names them as ads, share bars, comments, related lists, newsletter
//! or cookie boxes, breadcrumbs or widgets. Works in any language because it reads the
//! markup's vocabulary, not the text.

use super::dom::TextStats;
use super::explain::{Recorder, Removal};
use super::tuning::{
    ARIA_HIDDEN_MAX_SHARE, HEADING_SLUG_MIN_WORDS, HIDDEN_MAX_SHARE, HIDDEN_VISIBLE_MIN_PROSE,
    HIDDEN_VISIBLE_SHARE, NOISE_IN_CONTENT_MAX_SHARE, NOISE_LANDMARK_MIN_SHARE, NOISE_MAX_SHARE,
    PROSE_HEAVY_MIN_CHARS, PROSE_HEAVY_SHARE, ROLE_MAX_SHARE,
};
use super::vocab::markup::{
    APP_ROOTS, CONTENT_WORDS, DROP_TAGS, HIDDEN_CLASSES, LAYOUT_FLAG_PREFIXES, NOISE_PREFIXES,
    NOISE_ROLES, NOISE_STEMS, NOISE_WORDS, NOT_NOISE_STEM, PAGE_HEADER_PREFIXES,
    PAGE_HEADER_SUFFIXES, PAGE_HEADER_WORDS, RESPONSIVE_PREFIXES, SCREEN_READER_STEMS,
};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node, Selector, StrTendril};
use std::collections::HashSet;
use std::sync::LazyLock;

static STEMS: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(NOISE_STEMS).expect("static patterns"));
static WORDS: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| NOISE_WORDS.iter().copied().collect());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    Neutral,
    Noise,
    NoiseInContent,
}

fn classify(e: &scraper::node::Element) -> Vocabulary {
    classify_with(e, &mut |_| {})
}

/// The class or id words that make `e` boilerplate, for `--explain`.
fn noise_words(e: &scraper::node::Element) -> Vec<String> {
    let mut words = Vec::new();
    classify_with(e, &mut |w| {
        if !words.iter().any(|x| x == w) {
            words.push(w.to_owned());
        }
    });
    words
}

/// Classifies the element's class and id tokens; `witness` hears each noise word.
fn classify_with(e: &scraper::node::Element, witness: &mut impl FnMut(&str)) -> Vocabulary {
    let mut noise = false;
    let mut content = false;
    let class = e.attr("class").unwrap_or("");
    let id = e.attr("id").unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return Vocabulary::Neutral;
    }
    // Responsive utilities ("hidden-xs", "md:hidden", "d-none d-md-block") hide an element
    // on some screens only; they say nothing about what it holds.
    let responsive = class.split_whitespace().any(|t| {
        t.contains(':')
            || t.starts_with("visible-")
            || (t.starts_with("d-") && (t.ends_with("-block") || t.ends_with("-flex")))
    });
    for token in class
        .split_whitespace()
        .chain(std::iter::once(id).filter(|id| !is_heading_slug(id)))
        .filter(|t| !t.is_empty())
    {
        let mut token = token.to_ascii_lowercase();
        // A BEM modifier ("page--with-sidebar") describes the block's state, and layout
        // flags ("has-sidebar", "no-comments") describe the page: neither names the box.
        if let Some(i) = token.find("--") {
            token.truncate(i);
        }
        if is_skipped_token(&token) {
            continue;
        }
        if !responsive && HIDDEN_CLASSES.contains(&token.as_str()) {
            noise = true;
            witness(&token);
        }
        if is_noise_token(&token) {
            noise = true;
            witness(&token);
        }
        for word in token.split(['-', '_']) {
            if WORDS.contains(word) {
                noise = true;
                witness(word);
            }
            if CONTENT_WORDS.contains(&word) {
                content = true;
            }
        }
        if is_screen_reader_token(&token) {
            noise = true;
            witness(&token);
        }
    }
    match (noise, content) {
        (false, _) => Vocabulary::Neutral,
        (true, false) => Vocabulary::Noise,
        (true, true) => Vocabulary::NoiseInContent,
    }
}

/// A class token of text for screen readers only (see [`SCREEN_READER_STEMS`]).
fn is_screen_reader_token(token: &str) -> bool {
    if token == "invisible" {
        return true;
    }
    // Every stem ends in one of these words: most tokens are ruled out unsquashed, by one
    // automaton pass rather than a substring search per word.
    if !SCREEN_READER_ENDINGS.is_match(token) {
        return false;
    }
    if !token.contains(['-', '_']) {
        return SCREEN_READER.is_match(token);
    }
    let squashed: String = token.chars().filter(|c| !matches!(c, '-' | '_')).collect();
    SCREEN_READER.is_match(squashed.as_str())
}

static SCREEN_READER: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(SCREEN_READER_STEMS).expect("static patterns"));
static SCREEN_READER_ENDINGS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(["only", "reader", "hidden", "visually", "offscreen"])
        .expect("static patterns")
});

/// Tokens that say nothing about the box: layout flags, responsive utilities and
/// framework mount points.
fn is_skipped_token(token: &str) -> bool {
    LAYOUT_FLAG_PREFIXES.iter().any(|p| token.starts_with(p))
        || RESPONSIVE_PREFIXES.iter().any(|p| token.starts_with(p))
        || token.contains(':')
        || APP_ROOTS.contains(&token)
}

/// A token (lower case, modifier cut) that names boilerplate by a noise stem, a widget or
/// skip-link prefix, or the page's header.
fn is_noise_token(token: &str) -> bool {
    // "commentary" is a genre of article (an opinion piece), not a comment thread.
    if STEMS.is_match(token) && !token.contains(NOT_NOISE_STEM) {
        return true;
    }
    // Compounds split by a dash ("pop-up", "side-bar", "news-letter").
    if token.contains(['-', '_']) && !token.contains(NOT_NOISE_STEM) {
        let joined = token.replace(['-', '_'], "");
        if STEMS.is_match(joined.as_str()) {
            return true;
        }
    }
    // "widget_text", "widgets-area": a sidebar widget; "elementor-widget-text-editor"
    // is a page builder's box around anything, the article included.
    NOISE_PREFIXES.iter().any(|p| token.starts_with(p)) || is_page_header_token(token)
}

/// An id made from a heading's words ("sharing-with-a-single-developer", as documentation
/// generators and Markdown renderers write them): it names the section's subject, not its
/// role, so its words say nothing about boilerplate. Four or more words, letters and digits.
fn is_heading_slug(id: &str) -> bool {
    let mut words = 0;
    for w in id.split('-') {
        if w.is_empty()
            || !w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return false;
        }
        words += 1;
    }
    words >= HEADING_SLUG_MIN_WORDS
}

/// The page's header ("header", "site-header", "header-top"), but not the article's
/// ("entry-header"), a table's ("table-header") or a card's ("header-content-align").
fn is_page_header_token(token: &str) -> bool {
    let mut words = token.split(['-', '_']).filter(|w| !w.is_empty());
    match (words.next(), words.next()) {
        (Some("header"), None) => true,
        (Some("header"), Some(w)) => PAGE_HEADER_SUFFIXES.contains(&w),
        (Some(w), Some("header")) => PAGE_HEADER_PREFIXES.contains(&w),
        _ => PAGE_HEADER_WORDS.contains(&token),
    }
}

fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = e
        .attr("style")
        .filter(|s| s.contains("none") || s.contains("hidden"))
    {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// The page's text and prose, against which an element's share is judged.
struct PageText {
    stats: TextStats,
    total: f32,
    total_prose: f32,
    /// The article's title heading was found (its ancestors are protected): an element
    /// beside it is not the article's wrapper, however much prose it holds.
    title_anchored: bool,
}

impl PageText {
    fn of(doc: &Html, stats: &FxHashMap<NodeId, TextStats>, title_anchored: bool) -> Self {
        let page = doc
            .tree
            .root()
            .children()
            .filter_map(|c| stats.get(&c.id()))
            .fold(TextStats::default(), |mut acc, s| {
                acc.chars += s.chars;
                acc.prose += s.prose;
                acc
            });
        Self {
            stats: page,
            total: page.chars.max(1) as f32,
            total_prose: page.prose.max(1) as f32,
            title_anchored,
        }
    }
}

/// Decides which elements to remove. The page's text size and prose (paragraph text
/// outside links) are used so that a container holding most of the page is never removed
/// for its tag, role or class name alone (ASP.NET pages wrap everything in a `<form>`, page
/// builders call every box a "widget"), unless `title_anchored` says the article's title
/// heading was found: its ancestors are then in `protected`, and a container beside it
/// is not the article however much prose it holds.
///
/// Offer boxes (`offers`) come back apart, to be removed once the content is chosen: a link
/// word is weaker evidence than markup, so it cleans inside the article but never steers
/// which container the article is.
pub(crate) fn generic_removals(
    doc: &Html,
    stats: &FxHashMap<NodeId, TextStats>,
    protected: &HashSet<NodeId>,
    title_anchored: bool,
    relaxed: bool,
    rec: &mut Recorder<'_>,
) -> Removals {
    let page = PageText::of(doc, stats, title_anchored);
    let mut widgets = Widgets::default();
    let mut out = Vec::new();
    let mut seen: FxHashMap<&str, Vocabulary> = FxHashMap::default();
    let mut skipping: Option<NodeId> = None;
    for edge in doc.tree.root().traverse() {
        let node = match edge {
            Edge::Open(node) => node,
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                }
                continue;
            }
        };
        let Node::Element(e) = node.value() else {
            continue;
        };
        // A poll's inputs count wherever they are: inside a form removed for its tag,
        // the poll's question beside the form still goes with them.
        widgets.radios.note(node, e);
        widgets.email_fields.note(node, e);
        widgets.offer_links.note(node, e);
        if skipping.is_some() {
            continue;
        }
        if matches!(e.name(), "html" | "body") || protected.contains(&node.id()) {
            continue;
        }
        let s = stats.get(&node.id()).copied().unwrap_or_default();
        // A card is removed (or kept, on a listing) as a whole once the walk is done.
        if widgets.cards.note(node, e, s) {
            skipping = Some(node.id());
            continue;
        }
        widgets.cards.note_link(node, e, s);
        let rule = if slideshows::is_slideshow(node) {
            Some("slideshow")
        } else {
            removal_rule(node, e, s, &page, relaxed, &mut seen)
        };
        if let Some(rule) = rule {
            rec.note(|ex| {
                if let Some(el) = ElementRef::wrap(node) {
                    let rule = if rule == "class" {
                        format!("class: {}", noise_words(e).join(", "))
                    } else {
                        rule.to_owned()
                    };
                    ex.removed.push(Removal::new(&rule, &el));
                }
            });
            out.push(node.id());
            skipping = Some(node.id());
        }
    }
    let (before, after_choice) = widgets.removals(stats, page.stats.chars, protected, rec);
    out.extend(before);
    Removals {
        before_choice: out,
        after_choice,
    }
}

/// The widgets found by what they hold rather than by their classes, noted on the removal
/// walk and boxed once it is done.
#[derive(Default)]
struct Widgets<'a> {
    radios: polls::RadioGroups<'a>,
    email_fields: signups::EmailFields<'a>,
    offer_links: offers::OfferLinks<'a>,
    cards: teasers::TeaserCards<'a>,
}

impl Widgets<'_> {
    /// The boxes to remove before the content is chosen (polls, signups, teaser cards),
    /// each recorded with its rule, and those to remove after (offers); a protected box
    /// stays.
    fn removals(
        self,
        stats: &FxHashMap<NodeId, TextStats>,
        page_chars: u32,
        protected: &HashSet<NodeId>,
        rec: &mut Recorder<'_>,
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        let mut removable = |widget: NodeRef<'_, Node>, rule: &str| {
            let ok = matches!(widget.value(), Node::Element(e) if !matches!(e.name(), "html" | "body"))
                && !protected.contains(&widget.id());
            if ok {
                if let Some(el) = ElementRef::wrap(widget) {
                    rec.removal(|| Removal::new(rule, &el));
                }
            }
            ok.then_some(widget.id())
        };
        let before = self
            .radios
            .poll_boxes(stats)
            .into_iter()
            .map(|b| (b, "poll"))
            .chain(
                self.email_fields
                    .boxes(stats)
                    .into_iter()
                    .map(|b| (b, "signup")),
            )
            .chain(
                self.cards
                    .boxes(stats, page_chars)
                    .into_iter()
                    .map(|b| (b, "teaser card")),
            )
            .filter_map(|(widget, rule)| removable(widget, rule))
            .collect();
        // Offer boxes are recorded when they are removed, once the content is chosen.
        let after = self
            .offer_links
            .boxes(stats)
            .into_iter()
            .filter(|b| !protected.contains(&b.id()))
            .map(|b| b.id())
            .collect();
        (before, after)
    }
}

/// What generic cleaning removes: most of it before the content is chosen, offer boxes
/// after.
pub(crate) struct Removals {
    pub before_choice: Vec<NodeId>,
    pub after_choice: Vec<NodeId>,
}

/// Why generic cleaning removes the element, if it does. `seen` caches the vocabulary of
/// class attributes: menus and lists repeat the same one hundreds of times.
fn removal_rule<'a>(
    node: NodeRef<'a, Node>,
    e: &'a scraper::node::Element,
    s: TextStats,
    page: &PageText,
    relaxed: bool,
    seen: &mut FxHashMap<&'a str, Vocabulary>,
) -> Option<&'static str> {
    let name = e.name();
    let share = s.chars as f32 / page.total;
    // Holds most of the page's prose: only removed when invisible or never text, or when
    // the article's title heading lies outside it (a live feed or comment thread beside a
    // short story can out-write the story).
    let prose_heavy =
        s.prose as f32 / page.total_prose >= PROSE_HEAVY_SHARE && s.prose >= PROSE_HEAVY_MIN_CHARS;
    // A prose-heavy landmark may wrap the article, unless the title heading lies elsewhere.
    let may_wrap_article = prose_heavy && !page.title_anchored;
    if DROP_TAGS.contains(&name) && !(may_wrap_article && is_container_tag(name)) {
        Some("tag")
    } else if name == "header" && !inside_article(node) && !prose_heavy {
        Some("page-header")
    } else if is_hidden(e)
        && (share < HIDDEN_MAX_SHARE || {
            // Most of the page hidden, but real prose is visible beside it.
            let visible = page.stats.prose.saturating_sub(s.prose);
            visible >= HIDDEN_VISIBLE_MIN_PROSE
                && visible as f32 >= HIDDEN_VISIBLE_SHARE * page.total_prose
        })
    {
        Some("hidden")
    } else if relaxed || may_wrap_article {
        None
    } else if e.attr("role").is_some_and(|r| NOISE_ROLES.contains(&r)) && share < ROLE_MAX_SHARE {
        Some("role")
    } else if e.attr("aria-hidden") == Some("true") && share < ARIA_HIDDEN_MAX_SHARE {
        Some("aria-hidden")
    } else {
        let vocabulary = match (e.attr("class"), e.attr("id")) {
            (None, None) => Vocabulary::Neutral,
            (Some(class), None) => *seen.entry(class).or_insert_with(|| classify(e)),
            _ => classify(e),
        };
        match vocabulary {
            Vocabulary::Neutral => None,
            Vocabulary::Noise
                if matches!(name, "main" | "article") && share > NOISE_LANDMARK_MIN_SHARE =>
            {
                None
            }
            Vocabulary::Noise if share < NOISE_MAX_SHARE => Some("class"),
            Vocabulary::NoiseInContent if share < NOISE_IN_CONTENT_MAX_SHARE => Some("class"),
            _ => None,
        }
    }
}

/// Tags that may wrap a whole page on some sites.
fn is_container_tag(name: &str) -> bool {
    matches!(
        name,
        "form" | "aside" | "nav" | "footer" | "menu" | "figure"
    )
}

fn inside_article(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|a| match a.value() {
        Node::Element(e) => {
            matches!(e.name(), "article" | "main") || e.attr("itemprop") == Some("articleBody")
        }
        _ => false,
    })
}

/// Ids of the elements matched by the given selectors (site or theme `remove` rules).
pub(crate) fn selector_removals(
    doc: &Html,
    selectors: &[Selector],
    rule: &str,
    rec: &mut Recorder<'_>,
) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for s in selectors {
        for el in doc.select(s) {
            // Two selectors of one rule set may match the same element: list it once.
            if seen.insert(el.id()) {
                rec.removal(|| Removal::new(rule, &el));
                out.push(el.id());
            }
        }
    }
    out
}

/// Detaches the nodes from the tree; nested or repeated ids are harmless.
pub(crate) fn detach_all(doc: &mut Html, ids: &[NodeId]) {
    for id in ids {
        detach_safely(doc, *id);
    }
}

/// Detaches a node, or empties it when its parent link is stale. The HTML parser's
/// adoption agency (misnested formatting tags) moves children with ego-tree's
/// `reparent_from_id_append`, which re-points only the first and the last moved child:
/// the middle ones keep their old parent, and detaching one would corrupt the tree or
/// panic (found by the `extract` fuzz target).
fn detach_safely(doc: &mut Html, id: NodeId) {
    let Some(node) = doc.tree.get(id) else {
        return;
    };
    let Some(parent) = node.parent() else {
        return; // already detached
    };
    if parent.children().any(|c| c.id() == id) {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
        return;
    }
    let children: Vec<NodeId> = node.children().map(|c| c.id()).collect();
    for child in children {
        detach_safely(doc, child);
    }
    if let Some(mut n) = doc.tree.get_mut(id) {
        if let Node::Text(t) = n.value() {
            t.text = StrTendril::new();
        }
    }
}

mod offers;
mod polls;
mod signups;
mod slideshows;
mod teasers;

/// What the widget finders' tests share: a page, its text statistics, and the `id`s of
/// the boxes a finder returns.
#[cfg(test)]
mod widget_tests {
    use super::TextStats;
    use crate::extract::dom::text_stats;
    use ego_tree::{NodeId, NodeRef};
    use rustc_hash::FxHashMap;
    use scraper::{node::Element, Html, Node, Selector};

    /// A paragraph of a story, for boxes to sit beside or inside.
    pub(super) const STORY: &str = "<p>Le conseil municipal a voté le budget de l’exercice \
        après un long débat sur la voirie, les écoles et la collecte des ordures ménagères.</p>";

    /// The `id`s, in document order, of the boxes that `find` returns after seeing every
    /// element of the page (as the removal walk shows them).
    pub(super) fn box_ids(
        html: &str,
        find: impl for<'a> FnOnce(
            &mut dyn Iterator<Item = (NodeRef<'a, Node>, &'a Element)>,
            &FxHashMap<NodeId, TextStats>,
        ) -> Vec<NodeRef<'a, Node>>,
    ) -> Vec<String> {
        let doc = Html::parse_document(html);
        let stats = text_stats(&doc);
        let mut elements = doc
            .tree
            .root()
            .descendants()
            .filter_map(|n| match n.value() {
                Node::Element(e) => Some((n, e)),
                _ => None,
            });
        let found: Vec<NodeId> = find(&mut elements, &stats)
            .iter()
            .map(NodeRef::id)
            .collect();
        let sel = Selector::parse("[id]").expect("static selector");
        doc.select(&sel)
            .filter(|e| found.contains(&e.id()))
            .filter_map(|e| e.value().attr("id").map(str::to_owned))
            .collect()
    }
}

#[cfg(test)]
mod tests;
