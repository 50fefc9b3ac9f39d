//! Article extraction: page bytes' text + URL + the site's rules → an [`Article`] or a
//! [`Rejection`] with its reason, never a panic.
//!
//! The cascade, in order (each step only if the previous one left work to do):
//! 1. parse once (html5ever via `scraper`);
//! 2. metadata: JSON-LD > OpenGraph/meta > site selectors > DOM (`metadata`);
//! 3. removal: the site's `remove` selectors, the recognised theme's, then generic
//!    cleaning by tag, visibility, ARIA role and class/id vocabulary (`clean`);
//! 4. content choice: site `content` selectors > theme > generic hints > scoring (`content`);
//! 5. blocks: one per paragraph, heading, item, quote or row (`blocks`), then label lines,
//!    link-dense lines, title repeats and date lines are dropped;
//! 6. text repair: mojibake, Unicode NFC;
//! 7. gates: block pages, no text, too short.

mod blocks;
mod clean;
mod content;
pub mod date;
mod dom;
pub mod labels;
pub mod metadata;
pub mod mojibake;
pub mod prefilter;
pub mod themes;

use crate::model::{Article, Block, BlockKind, Rejection};
use scraper::{ElementRef, Html, Selector};
pub use themes::Theme;
use unicode_normalization::UnicodeNormalization;

/// Minimum body length (characters) for a page to count as an article.
pub const DEFAULT_MIN_CHARS: usize = 150;

/// A site's own extraction rules from its config file, compiled.
#[derive(Debug, Clone, Default)]
pub struct SiteRules {
    pub content: Vec<Selector>,
    pub remove: Vec<Selector>,
    pub title: Option<Selector>,
    pub date: Option<Selector>,
    pub author: Option<Selector>,
    /// Extra label lines to drop, folded (see [`labels::fold`]).
    pub drop_labels: Vec<String>,
    /// Minimum body characters; `0` means [`DEFAULT_MIN_CHARS`].
    pub min_chars: usize,
}

/// One element removed during extraction, for `crawl extract --explain`.
#[derive(Debug, Clone)]
pub struct Removal {
    pub rule: String,
    pub element: String,
    pub text: String,
}

impl Removal {
    fn new(rule: &str, el: &ElementRef<'_>) -> Self {
        let v = el.value();
        let mut element = v.name().to_owned();
        if let Some(id) = v.attr("id") {
            element.push('#');
            element.push_str(id);
        }
        for c in v.classes().take(3) {
            element.push('.');
            element.push_str(c);
        }
        let text: String = metadata::element_text(el).chars().take(80).collect();
        Self {
            rule: rule.to_owned(),
            element,
            text,
        }
    }
}

/// What `--explain` shows: the theme, the content rule, and every removal.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    pub theme: Option<String>,
    pub content_rule: String,
    pub removed: Vec<Removal>,
    pub dropped_lines: Vec<(String, String)>,
}

/// The extractor: compiled theme rules, shared by all pages of a run.
#[derive(Debug, Clone)]
pub struct Extractor {
    themes: Vec<Theme>,
    /// All themes' detection markers in one automaton: one pass over the page.
    markers: Option<aho_corasick::AhoCorasick>,
    /// For each marker of `markers`, the index of its theme.
    marker_theme: Vec<usize>,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new(themes::builtin())
    }
}

impl Extractor {
    #[must_use]
    pub fn new(themes: Vec<Theme>) -> Self {
        let mut patterns = Vec::new();
        let mut marker_theme = Vec::new();
        for (i, t) in themes.iter().enumerate() {
            for m in t.markers() {
                patterns.push(m.to_owned());
                marker_theme.push(i);
            }
        }
        let markers = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .ok();
        Self {
            themes,
            markers,
            marker_theme,
        }
    }

    /// The first theme (in configuration order) whose marker occurs in the page.
    fn detect_theme(&self, html: &str) -> Option<&Theme> {
        let Some(ac) = &self.markers else {
            return self.themes.iter().find(|t| t.matches(html));
        };
        let mut best: Option<usize> = None;
        for m in ac.find_iter(html) {
            let t = self.marker_theme[m.pattern().as_usize()];
            if best.is_none_or(|b| t < b) {
                best = Some(t);
                if t == 0 {
                    break;
                }
            }
        }
        best.map(|i| &self.themes[i])
    }

    /// Extracts the article of one page.
    pub fn extract(&self, html: &str, rules: &SiteRules) -> Result<Article, Rejection> {
        self.run(html, rules, None)
    }

    /// Extracts and records what was removed and why.
    pub fn explain(
        &self,
        html: &str,
        rules: &SiteRules,
    ) -> (Result<Article, Rejection>, Explanation) {
        let mut explanation = Explanation::default();
        let result = self.run(html, rules, Some(&mut explanation));
        (result, explanation)
    }

    fn run(
        &self,
        html: &str,
        rules: &SiteRules,
        mut explain: Option<&mut Explanation>,
    ) -> Result<Article, Rejection> {
        let html = prefilter::strip_unread(html);
        // Theme markers are class names and asset paths in tags, which survive the
        // prefilter: detecting on the smaller text is cheaper.
        let theme = self.detect_theme(&html);
        let mut doc = Html::parse_document(&html);
        let meta = metadata::extract_metadata(&doc, rules);
        if let Some(ex) = explain.as_deref_mut() {
            ex.theme = theme.map(|t| t.name.clone());
        }
        let title = meta.title.as_deref().map(repair_text).unwrap_or_default();
        // The body does not repeat the title, nor the page's h1 when the title came from
        // metadata in a close wording; an h1 that says something else is article text.
        let folded_title: Vec<String> = std::iter::once(&title)
            .chain(
                meta.h1
                    .as_ref()
                    .filter(|h1| metadata::similarity(h1, &title) > 0.75),
            )
            .map(|t| labels::fold(t))
            .filter(|t| !t.is_empty())
            .collect();

        let mut out = body_blocks(
            &mut doc,
            rules,
            theme,
            &folded_title,
            false,
            explain.as_deref_mut(),
        );
        let mut body_chars = char_count(&out);
        // Recall fallback 1: too little text usually means that generic cleaning removed
        // the article's container (a "comment" class on a forum post, a "paywall" class on
        // the free part). Retry once with cleaning by tag only and keep the longer result.
        if body_chars < RETRY_CHARS {
            let mut again = Html::parse_document(&html);
            let relaxed = body_blocks(&mut again, rules, theme, &folded_title, true, None);
            let relaxed_chars = char_count(&relaxed);
            if relaxed_chars > body_chars * 2 && relaxed_chars >= body_chars + 100 {
                out = relaxed;
                body_chars = relaxed_chars;
                if let Some(ex) = explain.as_deref_mut() {
                    ex.content_rule
                        .push_str(" → relaxed retry (tag cleaning only)");
                }
            }
        }
        // Recall fallback 2: the page's JSON-LD `articleBody` when it holds far more text
        // than the markup (text rendered by script, or markup too broken to score).
        if let Some(ld_body) = &meta.article_body {
            let ld_blocks: Vec<Block> = ld_body
                .lines()
                .map(metadata::collapse_ws)
                .filter(|l| !l.is_empty())
                .map(|l| Block {
                    kind: BlockKind::Paragraph,
                    text: repair_text(&l),
                })
                .collect();
            let ld_chars = char_count(&ld_blocks);
            if ld_chars >= 400 && ld_chars > body_chars * 2 {
                out = ld_blocks;
                body_chars = ld_chars;
                if let Some(ex) = explain {
                    ex.content_rule.push_str(" → JSON-LD articleBody");
                }
            }
        }

        if is_block_page(&title, &out, body_chars) {
            return Err(Rejection::BlockPage);
        }
        if out.is_empty() {
            return Err(Rejection::NotArticle);
        }
        let min = if rules.min_chars == 0 {
            DEFAULT_MIN_CHARS
        } else {
            rules.min_chars
        };
        if body_chars < min {
            return Err(Rejection::TooShort);
        }
        let title = if title.is_empty() {
            out[0].text.clone()
        } else {
            title
        };
        let language = meta.language.clone().or_else(|| detect_language(&out));
        Ok(Article {
            title,
            authors: meta.authors.iter().map(|a| repair_text(a)).collect(),
            published: meta.published,
            language,
            canonical_url: meta.canonical_url,
            blocks: out,
        })
    }
}

/// The `h1`/`h2` elements whose text is the article's title (titles of at least four
/// words, so that a generic "Accueil" heading marks nothing).
fn title_headings(doc: &Html, folded_title: &[String]) -> Vec<ego_tree::NodeId> {
    let mut page_title = String::new();
    let mut headings = Vec::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        match el.value().name() {
            "title" if page_title.is_empty() => {
                page_title = labels::fold(&el.text().collect::<String>());
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
            let folded = labels::fold(&h.text().collect::<String>());
            folded.split(' ').count() >= 4
                && (folded_title.contains(&folded) || page_title.starts_with(&folded))
        })
        .map(|h| h.id())
        .collect()
}

/// Consecutive identical blocks shorter than this are kept once.
const REPEATABLE_CHARS: usize = 150;

/// Body text under this many characters triggers the relaxed retry.
const RETRY_CHARS: usize = 500;

fn char_count(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.text.chars().count()).sum()
}

/// One extraction pass over a parsed page: removal, content choice, blocks, line drops.
/// `relaxed` keeps only the removals by tag and visibility (the recall retry).
fn body_blocks(
    doc: &mut Html,
    rules: &SiteRules,
    theme: Option<&Theme>,
    folded_title: &[String],
    relaxed: bool,
    mut explain: Option<&mut Explanation>,
) -> Vec<Block> {
    let mut removed_log = explain.as_deref_mut().map(|e| &mut e.removed);
    let mut ids = clean::selector_removals(doc, &rules.remove, "site remove", &mut removed_log);
    if let Some(t) = theme {
        ids.extend(clean::selector_removals(
            doc,
            &t.remove,
            &format!("theme {}", t.name),
            &mut removed_log,
        ));
    }
    clean::detach_all(doc, &ids);
    let stats = dom::text_stats(doc);
    // Site and theme content selectors are matched before generic cleaning could remove
    // a container whose class happens to share a noise word; the chosen roots and their
    // ancestors are protected, and generic removals still apply inside them.
    let by_rules = content::by_rules(
        doc,
        &stats,
        &rules.content,
        theme.map(|t| (t.name.as_str(), t.content.as_slice())),
    );
    let mut protected = std::collections::HashSet::new();
    if let Some(c) = &by_rules {
        for id in &c.roots {
            protected.insert(*id);
            if let Some(node) = doc.tree.get(*id) {
                protected.extend(node.ancestors().map(|a| a.id()));
            }
        }
    }
    // The heading that carries the article's own title marks the article: its ancestors
    // are not removed for a class name ("modal", "overlay") when the page shows the story
    // in a box that also holds boilerplate elsewhere.
    let title_headings = title_headings(doc, folded_title);
    for id in &title_headings {
        if let Some(node) = doc.tree.get(*id) {
            protected.extend(node.ancestors().map(|a| a.id()));
        }
    }
    let generic = clean::generic_removals(doc, &stats, &protected, relaxed, &mut removed_log);
    clean::detach_all(doc, &generic);
    let choice = match by_rules {
        Some(c) => c,
        None => {
            let stats = dom::text_stats(doc);
            content::choose_generic(doc, &stats, &title_headings)
        }
    };
    let raw = blocks::collect(doc, &choice.roots);
    if let Some(ex) = explain.as_deref_mut() {
        ex.content_rule = choice.rule.clone();
        for id in &choice.roots {
            if let Some(el) = doc.tree.get(*id).and_then(ElementRef::wrap) {
                let r = Removal::new("root", &el);
                ex.content_rule.push_str(&format!(" <{}>", r.element));
            }
        }
    }

    let mut out: Vec<Block> = Vec::with_capacity(raw.len());
    // After a "related articles" heading, teaser lines are dropped until prose resumes.
    let mut in_related = false;
    // The last kept heading (index in `out`) and how many blocks were dropped after it.
    let mut pending_heading: Option<(usize, usize)> = None;
    for b in raw {
        let mut reason = drop_reason(&b, folded_title, out.len(), rules);
        if reason.is_some() && labels::is_related_heading(&b.text) {
            in_related = true;
        } else if in_related {
            let teaser = b.link_chars * 10 >= b.chars * 4
                || matches!(b.kind, BlockKind::ListItem | BlockKind::Heading)
                || b.chars < 60;
            if teaser && reason.is_none() {
                reason = Some("related list");
            } else if !teaser {
                in_related = false;
            }
        }
        if let Some(reason) = reason {
            if let Some(ex) = explain.as_deref_mut() {
                ex.dropped_lines.push((reason.to_owned(), b.text));
            }
            if let Some((_, dropped)) = pending_heading.as_mut() {
                *dropped += 1;
            }
            continue;
        }
        let text = repair_text(&b.text);
        // A repeated short line is a rendering duplicate (a label shown twice for two
        // screen sizes); a repeated paragraph is the author's.
        if b.chars < REPEATABLE_CHARS && out.last().is_some_and(|l: &Block| l.text == text) {
            continue;
        }
        // A heading whose whole section was dropped (a list of links, a share bar)
        // announced boilerplate: it goes too.
        if let Some((at, dropped)) = pending_heading.take() {
            if dropped > 0 && at + 1 == out.len() {
                let h = out.pop();
                if let (Some(ex), Some(h)) = (explain.as_deref_mut(), h) {
                    ex.dropped_lines.push(("orphan heading".to_owned(), h.text));
                }
            }
        }
        if b.kind == BlockKind::Heading {
            pending_heading = Some((out.len(), 0));
        }
        out.push(Block { kind: b.kind, text });
    }
    // Headings with nothing after them end the body.
    while out.last().is_some_and(|b| b.kind == BlockKind::Heading) && out.len() > 1 {
        let h = out.pop();
        if let (Some(ex), Some(h)) = (explain.as_deref_mut(), h) {
            ex.dropped_lines
                .push(("trailing heading".to_owned(), h.text));
        }
    }
    out
}

/// Why a block is not article text, if it is not.
fn drop_reason(
    b: &blocks::RawBlock,
    folded_title: &[String],
    kept: usize,
    rules: &SiteRules,
) -> Option<&'static str> {
    let first = kept == 0;
    let first_lines = kept < 3;
    if labels::is_label_line(&b.text) {
        return Some("label");
    }
    if labels::matches_any(&b.text, &rules.drop_labels) {
        return Some("site label");
    }
    if (first || b.kind == BlockKind::Heading)
        && folded_title
            .iter()
            .any(|t| b.text.len() <= t.len() * 2 + 16 && labels::fold(&b.text) == *t)
    {
        return Some("title repeat");
    }
    if b.chars < 200 && is_credit_line(&b.text) {
        return Some("credit");
    }
    if b.chars < 200 && is_caption_line(&b.text) {
        return Some("caption");
    }
    if b.chars < 300 && b.link_chars * 10 > b.chars * 6 && b.kind != BlockKind::Quote {
        return Some("link-dense");
    }
    if b.chars < 60
        && b.text.split_whitespace().count() <= 8
        && is_only_date_words(&b.text, if first_lines { 1 } else { 0 })
        && date::parse_date(&b.text).is_some()
    {
        return Some("date line");
    }
    None
}

/// True when a short line ends with a copyright credit: a photo caption ("Mikaela
/// Shiffrin. © AFP / Jeff Pachoud") or a page's copyright notice ("© 2020 Vox Media").
/// A "©" followed by a sentence is prose that mentions the sign, and is kept.
fn is_credit_line(text: &str) -> bool {
    let Some(i) = text.rfind('©') else {
        return false;
    };
    let tail = &text[i + '©'.len_utf8()..];
    tail.split_whitespace().count() <= 8
}

/// Labels that open an image caption or credit: "Foto: AFP", "Abbildung 4: Aufbau",
/// "Beitragsbild: Titelseite der FAZ".
const CAPTION_LABELS: &[&str] = &[
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "beitragsbild",
    "titelbild",
    "headerbild",
    "abbildung",
    "abb.",
    "abb",
    "grafik",
    "image",
    "fig.",
    "figure",
    "illustration",
];

/// True when a short line starts with a caption label, an optional number, and a colon.
fn is_caption_line(text: &str) -> bool {
    let head: String = text.chars().take(24).collect::<String>().to_lowercase();
    CAPTION_LABELS.iter().any(|l| {
        head.strip_prefix(l).is_some_and(|rest| {
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.')
                .starts_with([':', '|'])
        })
    })
}

/// Words that may surround a date in a dateline ("Publié le", "Stand:", "Updated on").
const DATE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "modified",
    "last",
    "on",
    "at",
    "the",
    "date",
    "publie",
    "publiee",
    "mis",
    "jour",
    "le",
    "la",
    "et",
    "modifie",
    "veroffentlicht",
    "aktualisiert",
    "zuletzt",
    "stand",
    "datum",
    "uhr",
    "am",
    "um",
    "vom",
    "publicado",
    "actualizado",
    "el",
    "del",
    "de",
    "las",
    "los",
    "pubblicato",
    "aggiornato",
    "il",
    "alle",
    "ore",
    "opublikowano",
    "aktualizacja",
    "gepubliceerd",
    "bijgewerkt",
    "op",
    "om",
    "utc",
    "gmt",
    "cet",
    "cest",
    "heure",
    "heures",
    "h",
    "min",
    "edt",
    "est",
    "pm",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "januar",
    "februar",
    "marz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "publiziert",
    "veroffentlichung",
    "erschienen",
    "verfasst",
    "geschrieben",
    "erstellt",
    "publication",
    "redaction",
    "time",
];

/// True when the words of a short line belong to a dateline, but for `allowed` others:
/// "Stand: 18.10.2021" is a dateline, "Termin: 29.02.2020, 19 Uhr" in the body is
/// information (in the first lines, one other word such as a section name is allowed).
fn is_only_date_words(text: &str, allowed: usize) -> bool {
    labels::fold(text)
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && !DATE_WORDS.contains(w))
        .count()
        <= allowed
}

fn repair_text(s: &str) -> String {
    let fixed = mojibake::repair(s);
    let invisible = |c: char| matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}');
    if fixed.is_ascii()
        || (!fixed.contains(invisible)
            && unicode_normalization::is_nfc_quick(fixed.chars())
                == unicode_normalization::IsNormalized::Yes)
    {
        fixed
    } else {
        // Soft hyphens, zero-width spaces and word joiners are invisible hints for line
        // breaking: they would split words for search and deduplication.
        fixed.chars().filter(|c| !invisible(*c)).nfc().collect()
    }
}

/// Challenge, "access denied" and error shells must not become articles.
fn is_block_page(title: &str, blocks: &[Block], body_chars: usize) -> bool {
    if body_chars > 1500 {
        return false;
    }
    const MARKERS: &[&str] = &[
        "access denied",
        "acces refuse",
        "attention required",
        "just a moment",
        "checking your browser",
        "verify you are human",
        "enable javascript and cookies",
        "403 forbidden",
        "request blocked",
        "are you a robot",
        "ddos protection",
        "please complete the security check",
        "site en maintenance",
        "404 not found",
        "page not found",
        "page introuvable",
        "cette page n'existe pas",
    ];
    let mut hay = labels::fold(title);
    for b in blocks.iter().take(6) {
        hay.push(' ');
        hay.push_str(&labels::fold(&b.text));
    }
    MARKERS.iter().any(|m| hay.contains(m))
}

fn detect_language(blocks: &[Block]) -> Option<String> {
    let mut sample = String::new();
    for b in blocks {
        if sample.len() > 2000 {
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

#[cfg(test)]
mod tests {
    use super::*;

    const P1: &str = "Le conseil municipal a voté mardi soir le budget de l’exercice, après un long débat sur la voirie, les écoles et la collecte des ordures.";
    const P2: &str = "L’opposition a demandé un audit des marchés publics passés depuis deux ans, en particulier ceux de l’éclairage, des marchés et des gares routières.";
    const P3: &str = "Le maire a promis de publier les comptes en ligne avant la fin du trimestre, ce que la société civile réclamait depuis longtemps, selon ses représentants.";

    fn text(html: &str) -> String {
        Extractor::new(Vec::new())
            .extract(html, &SiteRules::default())
            .map(|a| a.to_text())
            .unwrap_or_default()
    }

    fn doc(body: &str) -> String {
        format!(
            "<html><head><title>Budget voté à la mairie</title></head><body>{body}</body></html>"
        )
    }

    #[test]
    fn article_split_across_sibling_sections_is_merged() {
        let html = doc(&format!(
            "<nav><a href=/>Accueil</a></nav><main><h1>Budget voté à la mairie</h1>\
             <section class=text-block><p>{P1}</p><p>{P2}</p></section>\
             <section class=text-block><p>{P3}</p></section></main>\
             <div class=sidebar><p><a href=/a>Autre article</a></p></div>"
        ));
        let out = text(&html);
        for p in [P1, P2, P3] {
            assert!(out.contains(p), "missing {p:?} in\n{out}");
        }
        assert!(!out.contains("Autre article"));
    }

    #[test]
    fn lead_in_the_article_header_is_kept() {
        let html = doc(&format!(
            "<article><header><h1>Budget voté à la mairie</h1><p class=article-lead>La ville \
             adopte un budget en hausse de dix pour cent.</p></header>\
             <div class=article-body><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article>"
        ));
        let out = text(&html);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[1],
            "La ville adopte un budget en hausse de dix pour cent."
        );
        assert_eq!(lines[2], P1);
    }

    #[test]
    fn related_list_after_a_read_also_heading_is_dropped() {
        let html = doc(&format!(
            "<div class=entry-content><p>{P1}</p><p>{P2}</p><h3>Lesen Sie auch</h3>\
             <p><a href=/1>Ein anderer Artikel über den Haushalt</a></p>\
             <p>Kurzer Anreißer ohne Link</p><p>{P3}</p></div>"
        ));
        let out = text(&html);
        assert!(!out.contains("Lesen Sie auch"));
        assert!(!out.contains("Anreißer"));
        assert!(out.contains(P3), "prose after the list resumes:\n{out}");
    }

    #[test]
    fn heading_of_a_dropped_link_section_goes_too() {
        let html = doc(&format!(
            "<div class=entry-content><p>{P1}</p><p>{P2}</p><p>{P3}</p><h2>Notre sélection</h2>\
             <ul><li><a href=/1>Premier lien vers un autre article</a></li>\
             <li><a href=/2>Second lien vers un autre article</a></li></ul><h2>Fin</h2></div>"
        ));
        let out = text(&html);
        assert!(!out.contains("Notre sélection"), "{out}");
        assert!(!out.contains("Fin"), "{out}");
    }

    #[test]
    fn forum_post_in_a_comment_class_is_found_by_the_relaxed_retry() {
        let html = doc(&format!(
            "<div class=forum><div class=comment-first><div class=comment-text><p>{P1}</p>\
             <p>{P2}</p><p>{P3}</p></div></div></div>"
        ));
        let out = text(&html);
        assert!(out.contains(P1) && out.contains(P3), "{out}");
    }

    #[test]
    fn json_ld_article_body_rescues_script_rendered_pages() {
        let body = format!("{P1}\\n{P2}\\n{P3}");
        let html = format!(
            "<html><head><title>Budget</title><script type=\"application/ld+json\">\
             {{\"@type\":\"NewsArticle\",\"headline\":\"Budget voté\",\"articleBody\":\"{body}\"}}\
             </script></head><body><div id=app>Chargement…</div></body></html>"
        );
        let out = text(&html);
        assert!(out.contains(P2), "{out}");
    }

    #[test]
    fn labels_and_dates_are_dropped_inside_the_body() {
        let html = doc(&format!(
            "<div class=entry-content><p>Publicité</p><p>{P1}</p><p>12 mars 2024</p>\
             <p>A LIRE AUSSI : un autre sujet</p><p>{P2}</p><p>Share this article</p></div>"
        ));
        let out = text(&html);
        assert_eq!(out.lines().skip(1).collect::<Vec<_>>(), vec![P1, P2]);
    }

    #[test]
    fn captions_and_notices_with_a_copyright_credit_are_dropped() {
        let html = doc(&format!(
            "<div class=entry-content><p>{P1}</p><p>Le maire devant la mairie. © AFP / Jean \
             Dupont</p><p>{P2}</p><p>Le logo™© nous semble une idée plaisante que nous \
             voulions partager avec vous tous.</p><p>© 2024 La Gazette</p></div>"
        ));
        let out = text(&html);
        assert!(!out.contains("AFP"), "{out}");
        assert!(!out.contains("2024 La Gazette"), "{out}");
        assert!(out.contains("Le logo™©"), "{out}");
        assert!(out.contains(P2), "{out}");
    }

    #[test]
    fn a_repeated_paragraph_is_kept_but_a_repeated_label_is_not() {
        let html = doc(&format!(
            "<div class=entry-content><p>{P1} {P3}</p><p>{P1} {P3}</p><p>Vote à main levée.</p>\
             <p>Vote à main levée.</p><p>{P2}</p></div>"
        ));
        let out = text(&html);
        assert_eq!(out.matches(P3).count(), 2, "{out}");
        assert_eq!(out.matches("Vote à main levée.").count(), 1, "{out}");
    }

    #[test]
    fn the_box_with_the_title_heading_is_kept_and_not_widened() {
        // The story sits in a "modal" box beside a stream of teasers that together hold
        // more prose than the story: the story's own title heading keeps the choice on it.
        let teaser = "<div class=item><h3><a href=/x>Un autre titre</a></h3><p>Résumé d’une \
                      autre dépêche publiée ce matin, avec assez de mots pour compter comme \
                      un paragraphe de prose ordinaire.</p></div>";
        let html = doc(&format!(
            "<div class=col><div id=stream>{}</div></div><div class=\"story-modal\"><article><h1>Budget \
             voté à la mairie</h1><p>{P1}</p><p>{P2}</p><p>{P1} Suite.</p><p>{P2} Fin.</p>\
             </article></div>",
            teaser.repeat(6)
        ));
        let out = text(&html);
        assert!(out.contains(&P1[..40]), "{out}");
        assert!(!out.contains("Résumé d’une autre dépêche"), "{out}");
        let without = text(&html.replace("<h1>Budget voté à la mairie</h1>", ""));
        assert!(
            without.contains("Résumé d’une autre dépêche"),
            "without the title heading the choice widens: {without}"
        );
    }

    #[test]
    fn an_h1_in_other_words_than_the_title_is_kept() {
        let html = format!(
            "<html><head><title>Budget voté</title><meta property=og:title content=\"Budget \
             voté\"></head><body><article><h1>Une soirée de débats à l’hôtel de ville</h1>\
             <p>{P1}</p><p>{P2}</p></article></body></html>"
        );
        let out = text(&html);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "Une soirée de débats à l’hôtel de ville", "{out}");
    }

    #[test]
    fn caption_lines_are_dropped() {
        let html = doc(&format!(
            "<div class=entry-content><p>{P1}</p><p>Abbildung 4: Aufbau der Anlage</p>\
             <p>{P2}</p><p>Foto: Jean Dupont</p><p>Bildung: un budget en hausse.</p></div>"
        ));
        let out = text(&html);
        assert!(!out.contains("Abbildung"), "{out}");
        assert!(!out.contains("Jean Dupont"), "{out}");
        assert!(out.contains("Bildung: un budget"), "{out}");
    }

    #[test]
    fn never_panics_on_hostile_input() {
        let ex = Extractor::default();
        let rules = SiteRules::default();
        let deep = format!("{}{P1}{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
        let deep_p = format!("<body>{}</body>", format!("<span><p>{P1}").repeat(5_000));
        let lists = format!("<body>{}</body>", "<ul><li>".repeat(5_000));
        let tables = format!("<body>{}x</body>", "<table><tr><td>".repeat(3_000));
        let bytes: Vec<u8> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let garbage = String::from_utf8_lossy(&bytes).into_owned();
        for html in [
            String::new(),
            " ".into(),
            "<".into(),
            "<html><body></body></html>".into(),
            "<script>".into(),
            "<!--".into(),
            "<svg><svg><svg>".into(),
            "\u{0}\u{feff}<p>\u{202e}</p>".into(),
            deep,
            deep_p,
            lists,
            tables,
            garbage,
        ] {
            let _ = ex.extract(&html, &rules);
            let _ = ex.explain(&html, &rules);
        }
    }
}
