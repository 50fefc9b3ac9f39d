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
//!    link-dense lines, title repeats and date lines are dropped (`lines`);
//! 6. text repair: mojibake, Unicode NFC;
//! 7. gates: block pages, no text, too short (`pipeline`).
//!
//! Every threshold is named in `tuning`, every word list is in `vocab`, and `--explain`
//! reports go through the `explain` recorder, which costs nothing when off.

mod blocks;
mod bylines;
mod clean;
mod content;
mod dom;
mod explain;
mod ingredients;
pub mod labels;
mod lines;
pub mod metadata;
pub mod mojibake;
mod pipeline;
pub mod prefilter;
mod publisher;
mod scripted;
mod summaries;
pub mod themes;
mod tuning;
pub(crate) mod vocab;

use crate::model::{Article, Rejection};
use explain::Recorder;
pub use explain::{Explanation, Removal};
use scraper::Selector;
pub use themes::Theme;
pub use tuning::DEFAULT_MIN_CHARS;

/// An extracted article and the page's statements of its own kind.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub article: Article,
    pub kind: metadata::KindSignals,
}

/// A site's own extraction rules from its config file, compiled.
#[derive(Debug, Clone, Default)]
pub struct SiteRules {
    pub content: Vec<Selector>,
    pub remove: Vec<Selector>,
    pub title: Option<Selector>,
    pub date: Option<Selector>,
    pub author: Option<Selector>,
    /// Extra label lines to drop, folded (see [`crate::text::fold`]).
    pub drop_labels: Vec<String>,
    /// Minimum body characters; `0` means [`DEFAULT_MIN_CHARS`].
    pub min_chars: usize,
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
        // Leftmost-first matching lets the automaton run behind its SIMD prefilter
        // (standard matching cannot); markers of two themes do not overlap in a page.
        let markers = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
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
        self.extract_page(html, rules).map(|e| e.article)
    }

    /// Extracts the article of one page with what the page says about its kind.
    pub fn extract_page(&self, html: &str, rules: &SiteRules) -> Result<Extracted, Rejection> {
        self.run(html, rules, &mut Recorder::off())
    }

    /// Extracts and records what was removed and why.
    pub fn explain(
        &self,
        html: &str,
        rules: &SiteRules,
    ) -> (Result<Extracted, Rejection>, Explanation) {
        let mut explanation = Explanation::default();
        let result = self.run(html, rules, &mut Recorder::on(&mut explanation));
        (result, explanation)
    }
}

#[cfg(test)]
mod tests;
