//! What `crawl extract --explain` shows, and the [`Recorder`] that collects it. The
//! cascade reports each removal, dropped line and content rule to a recorder; when no
//! explanation was asked for the recorder is off, and the closures that would describe an
//! event are never called, so the normal path builds nothing.

use super::metadata::element_text;
use super::tuning::{EXPLAIN_CLASSES, EXPLAIN_TEXT_CHARS};
use scraper::ElementRef;

/// One element removed during extraction, for `crawl extract --explain`.
#[derive(Debug, Clone)]
pub struct Removal {
    pub rule: String,
    pub element: String,
    pub text: String,
}

impl Removal {
    pub(crate) fn new(rule: &str, el: &ElementRef<'_>) -> Self {
        let v = el.value();
        let mut element = v.name().to_owned();
        if let Some(id) = v.attr("id") {
            element.push('#');
            element.push_str(id);
        }
        for c in v.classes().take(EXPLAIN_CLASSES) {
            element.push('.');
            element.push_str(c);
        }
        let text: String = element_text(el).chars().take(EXPLAIN_TEXT_CHARS).collect();
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
    /// What a selector writer should know: a site selector that matched nothing…
    pub notes: Vec<String>,
    /// Where the title, date and authors came from.
    pub sources: super::metadata::FieldSources,
}

/// Where the cascade reports what it does: into an [`Explanation`], or nowhere.
#[derive(Debug)]
pub(crate) struct Recorder<'a> {
    out: Option<&'a mut Explanation>,
}

impl<'a> Recorder<'a> {
    /// A recorder that keeps nothing and calls none of the closures it is given.
    pub(crate) fn off() -> Self {
        Self { out: None }
    }

    /// A recorder that fills `explanation`.
    pub(crate) fn on(explanation: &'a mut Explanation) -> Self {
        Self {
            out: Some(explanation),
        }
    }

    /// Records a removed element, described by `removal` only when recording.
    #[inline]
    pub(crate) fn removal(&mut self, removal: impl FnOnce() -> Removal) {
        if let Some(ex) = self.out.as_deref_mut() {
            ex.removed.push(removal());
        }
    }

    /// Records a body line dropped for `reason`; `text` is taken only when recording.
    #[inline]
    pub(crate) fn dropped_line(&mut self, reason: &str, text: impl FnOnce() -> String) {
        if let Some(ex) = self.out.as_deref_mut() {
            ex.dropped_lines.push((reason.to_owned(), text()));
        }
    }

    /// Any other change to the explanation (theme, content rule), run only when recording.
    #[inline]
    pub(crate) fn note(&mut self, change: impl FnOnce(&mut Explanation)) {
        if let Some(ex) = self.out.as_deref_mut() {
            change(ex);
        }
    }
}
