//! One page through the cascade: prefilter, parse, metadata, one extraction pass (removal,
//! content choice, blocks, line drops), the three recall fallbacks, the gates and the
//! article. Each step is one function so that the order of the cascade reads top-down in
//! [`Extractor::run`].

use super::bylines::Bylines;
use super::explain::{Recorder, Removal};
use super::ingredients::Ingredients;
use super::lines::{self, repair_text};
use super::publisher::PublisherNames;
use super::summaries::Summaries;
use super::tuning::{
    BLOCK_PAGE_HEAD_BLOCKS, BLOCK_PAGE_MAX_CHARS, DEFAULT_MIN_CHARS, LANGUAGE_SAMPLE_BYTES,
    LD_BODY_GAIN, LD_BODY_MIN_CHARS, OFFER_MAX_CONTENT_SHARE, RETRY_CHARS, RETRY_GAIN,
    RETRY_MIN_EXTRA_CHARS, SIMILAR_TITLE, TITLE_HEADING_MIN_WORDS,
};
use super::vocab::text::BLOCK_PAGE_MARKERS;
use super::{
    blocks, clean, content, dom, metadata, prefilter, scripted, Extracted, Extractor, SiteRules,
    Theme,
};
use crate::model::{Article, Block, BlockKind, Rejection};
use crate::text::{collapse_ws, fold};
use ego_tree::NodeId;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html};
use std::collections::HashSet;

/// What every extraction pass over one page shares.
struct Page<'a> {
    rules: &'a SiteRules,
    theme: Option<&'a Theme>,
    /// The folded title, and the h1 when it says the same: lines the body does not repeat.
    folded_title: &'a [String],
    /// The publisher's names, which the body's last lines should not be about.
    publisher: &'a PublisherNames,
    /// The page's descriptions, which the standfirst above the body repeats.
    summaries: &'a Summaries,
    /// The page's authors, whom a byline line at the top names.
    bylines: &'a Bylines,
    /// A recipe's ingredients, whose list the body should hold.
    ingredients: &'a Ingredients,
}

/// The body so far and its length in characters.
struct Body {
    blocks: Vec<Block>,
    chars: usize,
}

impl Body {
    fn new(blocks: Vec<Block>) -> Self {
        let chars = char_count(&blocks);
        Self { blocks, chars }
    }
}

impl Extractor {
    pub(super) fn run(
        &self,
        raw_html: &str,
        rules: &SiteRules,
        rec: &mut Recorder<'_>,
    ) -> Result<Extracted, Rejection> {
        let html = prefilter::strip_unread(raw_html);
        // Theme markers are class names and asset paths in tags, which survive the
        // prefilter: detecting on the smaller text is cheaper.
        let theme = self.detect_theme(&html);
        let mut doc = Html::parse_document(&html);
        let mut meta = metadata::extract_metadata(&doc, rules);
        rec.note(|ex| {
            ex.theme = theme.map(|t| t.name.clone());
            ex.sources = meta.sources;
        });
        let title = meta.title.as_deref().map(repair_text).unwrap_or_default();
        let folded_title = folded_titles(&title, meta.h1.as_deref());
        let summaries = Summaries::new(&meta.descriptions);
        let publisher =
            PublisherNames::new(meta.site_name.as_deref(), meta.canonical_url.as_deref());
        let bylines = Bylines::new(&meta.authors);
        let ingredients = Ingredients::new(&meta.ingredients);
        let page = Page {
            rules,
            theme,
            folded_title: &folded_title,
            publisher: &publisher,
            summaries: &summaries,
            bylines: &bylines,
            ingredients: &ingredients,
        };
        let mut body = Body::new(body_blocks(&mut doc, &page, false, rec));
        if body.chars < RETRY_CHARS {
            relaxed_retry(&html, &page, &mut body, rec);
        }
        if body.chars < RETRY_CHARS {
            script_html_fallback(raw_html, &page, &mut body, rec);
        }
        if let Some(ld_body) = &meta.article_body {
            json_ld_fallback(ld_body, &mut body, rec);
        }
        gate(&title, &body, rules)?;
        let kind = std::mem::take(&mut meta.kind);
        Ok(Extracted {
            article: article(title, meta, body.blocks),
            kind,
        })
    }
}

/// The body does not repeat the title, nor the page's h1 when the title came from
/// metadata in a close wording; an h1 that says something else is article text.
fn folded_titles(title: &str, h1: Option<&str>) -> Vec<String> {
    std::iter::once(title)
        .chain(h1.filter(|h1| metadata::similarity(h1, title) > SIMILAR_TITLE))
        .map(fold)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Recall fallback 1: too little text usually means that generic cleaning removed the
/// article's container (a "comment" class on a forum post, a "paywall" class on the free
/// part). Retry once with cleaning by tag only and keep the longer result.
fn relaxed_retry(html: &str, page: &Page<'_>, body: &mut Body, rec: &mut Recorder<'_>) {
    let mut again = Html::parse_document(html);
    let relaxed = Body::new(body_blocks(&mut again, page, true, &mut Recorder::off()));
    if RETRY_GAIN.exceeded_by(relaxed.chars, body.chars)
        && relaxed.chars >= body.chars + RETRY_MIN_EXTRA_CHARS
    {
        *body = relaxed;
        rec.note(|ex| {
            ex.content_rule
                .push_str(" → relaxed retry (tag cleaning only)");
        });
    }
}

/// Recall fallback 2: article HTML that a script-rendered page ships in an inline script
/// (see [`scripted`]), extracted as a page of its own when it holds far more text.
fn script_html_fallback(raw_html: &str, page: &Page<'_>, body: &mut Body, rec: &mut Recorder<'_>) {
    let Some(fragment) = scripted::embedded_article_html(raw_html) else {
        return;
    };
    let mut doc = Html::parse_document(&fragment);
    let found = Body::new(body_blocks(&mut doc, page, false, &mut Recorder::off()));
    if found.chars >= LD_BODY_MIN_CHARS && LD_BODY_GAIN.exceeded_by(found.chars, body.chars) {
        *body = found;
        rec.note(|ex| ex.content_rule.push_str(" → article HTML in a script"));
    }
}

/// Recall fallback 3: the page's JSON-LD `articleBody` when it holds far more text than
/// the markup (text rendered by script, or markup too broken to score).
fn json_ld_fallback(ld_body: &str, body: &mut Body, rec: &mut Recorder<'_>) {
    let ld = Body::new(
        ld_body
            .lines()
            .map(collapse_ws)
            .filter(|l| !l.is_empty())
            .map(|l| Block {
                kind: BlockKind::Paragraph,
                text: repair_text(&l),
            })
            .collect(),
    );
    if ld.chars >= LD_BODY_MIN_CHARS && LD_BODY_GAIN.exceeded_by(ld.chars, body.chars) {
        *body = ld;
        rec.note(|ex| ex.content_rule.push_str(" → JSON-LD articleBody"));
    }
}

/// The gates: block pages, pages without text, bodies under the site's minimum.
fn gate(title: &str, body: &Body, rules: &SiteRules) -> Result<(), Rejection> {
    if is_block_page(title, &body.blocks, body.chars) {
        return Err(Rejection::BlockPage);
    }
    if body.blocks.is_empty() {
        return Err(Rejection::NotArticle);
    }
    let min = if rules.min_chars == 0 {
        DEFAULT_MIN_CHARS
    } else {
        rules.min_chars
    };
    if body.chars < min {
        return Err(Rejection::TooShort);
    }
    Ok(())
}

/// The article from its title, metadata and (non-empty) body.
fn article(title: String, meta: metadata::Metadata, blocks: Vec<Block>) -> Article {
    let title = if title.is_empty() {
        blocks[0].text.clone()
    } else {
        title
    };
    let language = meta.language.clone().or_else(|| detect_language(&blocks));
    Article {
        title,
        authors: meta.authors.iter().map(|a| repair_text(a)).collect(),
        published: meta.published,
        language,
        canonical_url: meta.canonical_url,
        blocks,
    }
}

/// The `h1`/`h2` elements whose text is the article's title (titles of at least four
/// words, so that a generic "Accueil" heading marks nothing).
fn title_headings(doc: &Html, folded_title: &[String]) -> Vec<NodeId> {
    let mut page_title = String::new();
    let mut headings = Vec::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        match el.value().name() {
            "title" if page_title.is_empty() => {
                page_title = fold(&el.text().collect::<String>());
            }
            "h1" | "h2" => headings.push(el),
            _ => {}
        }
    }
    // The `<title>` element counts too ("Heading - Site name"): metadata may have passed
    // over it for an `og:title` naming the site.
    headings
        .into_iter()
        .filter(|h| {
            let folded = fold(&h.text().collect::<String>());
            folded.split(' ').count() >= TITLE_HEADING_MIN_WORDS
                && (folded_title.contains(&folded) || page_title.starts_with(&folded))
        })
        .map(|h| h.id())
        .collect()
}

fn char_count(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.text.chars().count()).sum()
}

/// One extraction pass over a parsed page: removal, content choice, blocks, line drops.
/// `relaxed` keeps only the removals by tag and visibility (the recall retry).
fn body_blocks(
    doc: &mut Html,
    page: &Page<'_>,
    relaxed: bool,
    rec: &mut Recorder<'_>,
) -> Vec<Block> {
    let mut ids = clean::selector_removals(doc, &page.rules.remove, "site remove", rec);
    if let Some(t) = page.theme {
        let rule = format!("theme {}", t.name);
        ids.extend(clean::selector_removals(doc, &t.remove, &rule, rec));
    }
    clean::detach_all(doc, &ids);
    let stats = dom::text_stats(doc);
    // Site and theme content selectors are matched before generic cleaning could remove
    // a container whose class happens to share a noise word; the chosen roots and their
    // ancestors are protected, and generic removals still apply inside them.
    let by_rules = content::by_rules(
        doc,
        &stats,
        &page.rules.content,
        page.theme.map(|t| (t.name.as_str(), t.content.as_slice())),
    );
    let site_chose = by_rules
        .as_ref()
        .is_some_and(|c| c.rule == "site content selector");
    if !page.rules.content.is_empty() && !site_chose {
        rec.note(|ex| {
            ex.notes.push(
                "the site's [extract] content selectors matched no element with text".to_owned(),
            );
        });
    }
    let title_headings = title_headings(doc, page.folded_title);
    let protected = protected_nodes(doc, by_rules.as_ref(), &title_headings);
    let generic = clean::generic_removals(
        doc,
        &stats,
        &protected,
        !title_headings.is_empty(),
        relaxed,
        rec,
    );
    clean::detach_all(doc, &generic.before_choice);
    let choice = by_rules.unwrap_or_else(|| {
        let stats = dom::text_stats(doc);
        content::choose_generic(
            doc,
            &stats,
            &title_headings,
            page.summaries,
            page.ingredients,
        )
    });
    let late = offer_removals(doc, &stats, &choice.roots, generic.after_choice, rec);
    clean::detach_all(doc, &late);
    let raw = blocks::collect(doc, &choice.roots);
    rec.note(|ex| {
        ex.content_rule.clone_from(&choice.rule);
        for id in &choice.roots {
            if let Some(el) = doc.tree.get(*id).and_then(ElementRef::wrap) {
                let r = Removal::new("root", &el);
                ex.content_rule.push_str(" <");
                ex.content_rule.push_str(&r.element);
                ex.content_rule.push('>');
            }
        }
    });
    lines::keep_article_lines(
        raw,
        page.folded_title,
        page.publisher,
        page.summaries,
        page.bylines,
        page.rules,
        rec,
    )
}

/// The offer boxes to remove from the chosen content. One that is or holds a root stays
/// (removing it would leave nothing), and so does one holding
/// [`OFFER_MAX_CONTENT_SHARE`] of the content's text or more: a short page whose whole
/// text sits beside a "Register" button is that page, not a pitch. `stats` are the
/// page's before cleaning (the shares are of the text as it came).
fn offer_removals(
    doc: &Html,
    stats: &FxHashMap<NodeId, dom::TextStats>,
    roots: &[NodeId],
    boxes: Vec<NodeId>,
    rec: &mut Recorder<'_>,
) -> Vec<NodeId> {
    if boxes.is_empty() {
        return boxes;
    }
    let chars = |id: &NodeId| stats.get(id).map_or(0, |s| s.chars);
    let content: u32 = roots.iter().map(chars).sum();
    let holds_root = |id: NodeId| {
        roots.iter().any(|r| {
            *r == id
                || doc
                    .tree
                    .get(*r)
                    .is_some_and(|n| n.ancestors().any(|a| a.id() == id))
        })
    };
    let removed: Vec<NodeId> = boxes
        .into_iter()
        .filter(|id| !holds_root(*id) && !OFFER_MAX_CONTENT_SHARE.reached(chars(id), content))
        .collect();
    for id in &removed {
        if let Some(el) = doc.tree.get(*id).and_then(ElementRef::wrap) {
            rec.removal(|| Removal::new("offer", &el));
        }
    }
    removed
}

/// The nodes generic cleaning must not remove: the roots chosen by the site's or theme's
/// content rules with their ancestors, and the ancestors of the headings that carry the
/// article's own title (so that a story shown in a "modal" box that also holds boilerplate
/// elsewhere keeps its box).
fn protected_nodes(
    doc: &Html,
    by_rules: Option<&content::Choice>,
    title_headings: &[NodeId],
) -> HashSet<NodeId> {
    let mut protected = HashSet::new();
    if let Some(c) = by_rules {
        for id in &c.roots {
            protected.insert(*id);
            if let Some(node) = doc.tree.get(*id) {
                protected.extend(node.ancestors().map(|a| a.id()));
            }
        }
    }
    for id in title_headings {
        if let Some(node) = doc.tree.get(*id) {
            protected.extend(node.ancestors().map(|a| a.id()));
        }
    }
    protected
}

/// Challenge, "access denied" and error shells must not become articles.
fn is_block_page(title: &str, blocks: &[Block], body_chars: usize) -> bool {
    if body_chars > BLOCK_PAGE_MAX_CHARS {
        return false;
    }
    let mut hay = fold(title);
    for b in blocks.iter().take(BLOCK_PAGE_HEAD_BLOCKS) {
        hay.push(' ');
        hay.push_str(&fold(&b.text));
    }
    BLOCK_PAGE_MARKERS.iter().any(|m| hay.contains(m))
}

fn detect_language(blocks: &[Block]) -> Option<String> {
    let mut sample = String::new();
    for b in blocks {
        if sample.len() > LANGUAGE_SAMPLE_BYTES {
            break;
        }
        sample.push_str(&b.text);
        sample.push(' ');
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    Some(iso639_1(info.lang()).to_owned())
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang;
    match lang {
        Lang::Fra => "fr",
        Lang::Eng => "en",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Rus => "ru",
        Lang::Ara => "ar",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Tur => "tr",
        other => other.code(),
    }
}
