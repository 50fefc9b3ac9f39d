//! The `[extract]` table of a site file → the extractor's [`SiteRules`], selectors
//! compiled; each bad selector is reported with a short reason.

use super::{FileErrors, Global};
use crate::config::messages::selector_error;
use crate::config::raw::RawExtract;
use crate::extract::SiteRules;
use scraper::Selector;

/// Compiles one selector, or reports it under `key` and returns `None`.
pub(crate) fn selector(errs: &mut FileErrors<'_>, key: &str, s: &str) -> Option<Selector> {
    match Selector::parse(s) {
        Ok(sel) => Some(sel),
        Err(e) => {
            errs.invalid(
                key,
                Some(s),
                format!("invalid CSS selector {s:?}: {}", selector_error(&e)),
            );
            None
        }
    }
}

/// Compiles a list of selectors, reporting every bad one.
pub(crate) fn selectors(errs: &mut FileErrors<'_>, key: &str, list: &[String]) -> Vec<Selector> {
    list.iter().filter_map(|s| selector(errs, key, s)).collect()
}

pub(super) fn resolve_extract(raw: RawExtract, g: &Global, errs: &mut FileErrors<'_>) -> SiteRules {
    let one = |errs: &mut FileErrors<'_>, key: &str, s: Option<&str>| {
        s.and_then(|s| selector(errs, &format!("extract.{key}"), s))
    };
    SiteRules {
        content: selectors(errs, "extract.content", &raw.content.unwrap_or_default()),
        remove: selectors(errs, "extract.remove", &raw.remove.unwrap_or_default()),
        title: one(errs, "title", raw.title.as_deref()),
        date: one(errs, "date", raw.date.as_deref()),
        author: one(errs, "author", raw.author.as_deref()),
        drop_labels: raw
            .drop_labels
            .unwrap_or_default()
            .iter()
            .map(|l| crate::text::fold(l))
            .collect(),
        min_chars: raw.min_chars.unwrap_or(g.min_chars),
    }
}
