//! Site template learning. A crawler sees many pages of one site, which a single-page
//! extractor never does: lines that repeat on a large share of a site's articles are its
//! template (a toolbar "Publié le … | Imprimer | Taille du texte", a comments box, a
//! title suffix), not article text. Each article's short lines are counted per site
//! (digits masked, so "Publié le 26/02/2025 à 18:03" and "Publié le 29/01/2025" are one
//! shape); the counts are kept in the state store, so a cron run with three new pages
//! still knows the site; and template lines are removed from the edges of the body
//! before the text is hashed and written.
//!
//! Conservative by construction: a line must be short ([`MAX_LINE_CHARS`]), seen on at
//! least [`MIN_PAGES`] pages and on [`MIN_SHARE_PERCENT`] of the site's pages since it
//! first appeared, and sit in a run of such lines that touches the top or the bottom of
//! the body. A background paragraph that two follow-up stories repeat is article text.
//! Pure: the counts come in and go out as values.

use super::PageArticle;
use crate::text::fold;
use std::collections::{BTreeSet, HashMap};

/// Longer lines are article text, whatever repeats them.
pub const MAX_LINE_CHARS: usize = 200;
/// A line seen on fewer pages is never template.
pub const MIN_PAGES: u64 = 4;
/// …nor one seen on less than this share of the site's pages since it first appeared.
pub const MIN_SHARE_PERCENT: u64 = 50;
/// Articles held back at a site's start, until this many pages have been seen, so that
/// even the first files of a new site are written without its template.
pub const BOOTSTRAP_PAGES: u64 = 8;
/// A line split by `|`, `•` or `·` is template when most of its parts, two at least, are
/// template and they make this share (percent, by characters) of it: the toolbar's
/// "Publié le … par NAME" part varies from page to page, its other parts do not.
const SEGMENT_SHARE_PERCENT: usize = 40;
/// A title suffix of more words than this is part of the title.
const MAX_SUFFIX_WORDS: usize = 6;
/// Separators between a title and a site or section name.
const TITLE_SEPARATORS: [&str; 4] = [" | ", " - ", " – ", " — "];
/// Separators between the parts of a toolbar line.
const SEGMENT_SEPARATORS: [char; 3] = ['|', '•', '·'];

/// How often one shape was seen: on how many pages, and the site's page number when it
/// first was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub pages: u64,
    pub first_seen: u64,
}

/// What a site's pages have in common, as counted so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    /// Article pages seen on the site.
    pub pages: u64,
    pub keys: HashMap<String, Seen>,
}

/// One line the template removed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub line: String,
    /// "site template: seen on 37 of 40 pages".
    pub rule: String,
}

impl Template {
    /// Counts one more page with these keys (see [`page_keys`]).
    pub fn observe(&mut self, keys: &BTreeSet<String>) {
        self.pages += 1;
        for k in keys {
            self.keys
                .entry(k.clone())
                .and_modify(|s| s.pages += 1)
                .or_insert(Seen {
                    pages: 1,
                    first_seen: self.pages,
                });
        }
    }

    /// `Some((seen on, of))` when the key is template.
    #[must_use]
    pub fn verdict(&self, key: &str) -> Option<(u64, u64)> {
        let seen = self.keys.get(key)?;
        let of = self.pages.saturating_sub(seen.first_seen) + 1;
        (seen.pages >= MIN_PAGES && seen.pages * 100 >= of * MIN_SHARE_PERCENT)
            .then_some((seen.pages, of))
    }

    /// Whether a line is template, and the rule that says so.
    fn line_rule(&self, text: &str) -> Option<String> {
        let rule = |(seen, of): (u64, u64)| format!("site template: seen on {seen} of {of} pages");
        if text.chars().count() > MAX_LINE_CHARS {
            return None;
        }
        if let Some(v) = self.verdict(&line_key(text)) {
            return Some(rule(v));
        }
        let parts = segments(text);
        if parts.len() < 2 {
            return None;
        }
        let total: usize = parts.iter().map(|p| p.chars().count()).sum();
        let (mut template_parts, mut template_chars) = (0, 0);
        let mut best = None;
        for p in &parts {
            if let Some(v) = self.verdict(&segment_key(p)) {
                template_parts += 1;
                template_chars += p.chars().count();
                best = best.max(Some(v));
            }
        }
        let most = template_parts >= 2 && template_parts * 2 > parts.len();
        (most && template_chars * 100 >= total * SEGMENT_SHARE_PERCENT)
            .then(|| best.map(rule))
            .flatten()
    }

    /// Removes the template from an article: runs of template lines at the top and the
    /// bottom of the body, and a template title suffix; the hash is computed again. A
    /// template that would leave no body is not applied.
    #[must_use]
    pub fn apply(&self, page: PageArticle) -> (PageArticle, Vec<Removed>) {
        let blocks = &page.article.blocks;
        let mut removed = Vec::new();
        let mut start = 0;
        while let Some(rule) = blocks.get(start).and_then(|b| self.line_rule(&b.text)) {
            removed.push(Removed {
                line: blocks[start].text.clone(),
                rule,
            });
            start += 1;
        }
        let mut end = blocks.len();
        while end > start {
            let Some(rule) = self.line_rule(&blocks[end - 1].text) else {
                break;
            };
            removed.push(Removed {
                line: blocks[end - 1].text.clone(),
                rule,
            });
            end -= 1;
        }
        if start == end {
            return (page, Vec::new());
        }
        let suffix = self.strip_title_suffix(&page.article.title);
        if removed.is_empty() && suffix.is_none() {
            return (page, removed);
        }
        let canonical = page.canonical.clone();
        let mut article = page.article;
        article.blocks.truncate(end);
        article.blocks.drain(..start);
        if let Some((title, rule)) = suffix {
            removed.push(Removed {
                line: article.title.clone(),
                rule,
            });
            article.title = title;
        }
        (super::finish_with(article, canonical), removed)
    }

    /// The title without a suffix that the site's titles share ("… | Le Journal").
    fn strip_title_suffix(&self, title: &str) -> Option<(String, String)> {
        let (head, suffix) = split_title(title)?;
        let (seen, of) = self.verdict(&title_key(suffix))?;
        Some((
            head.to_owned(),
            format!("site template: title suffix {suffix:?} seen on {seen} of {of} pages"),
        ))
    }
}

/// The shape of a line: folded, digits masked.
#[must_use]
pub fn line_key(text: &str) -> String {
    format!("l:{}", mask(text))
}

fn segment_key(text: &str) -> String {
    format!("s:{}", mask(text))
}

fn title_key(suffix: &str) -> String {
    format!("t:{}", mask(suffix))
}

fn mask(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    let mut in_digits = false;
    for c in folded.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('0');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out.trim().to_owned()
}

fn segments(text: &str) -> Vec<&str> {
    text.split(SEGMENT_SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// (title, suffix) at the last separator, when the suffix is short.
fn split_title(title: &str) -> Option<(&str, &str)> {
    let (i, sep) = TITLE_SEPARATORS
        .iter()
        .filter_map(|s| title.rfind(s).map(|i| (i, *s)))
        .max_by_key(|(i, _)| *i)?;
    let (head, suffix) = (title[..i].trim(), title[i + sep.len()..].trim());
    (!head.is_empty()
        && !suffix.is_empty()
        && suffix.split_whitespace().count() <= MAX_SUFFIX_WORDS
        && head.split_whitespace().count() >= 2)
        .then_some((head, suffix))
}

/// The shapes one article contributes to its site's counts: each short line, each part
/// of a line split by `|`, and its title's suffix. Each counts once per page.
#[must_use]
pub fn page_keys(page: &PageArticle) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for b in &page.article.blocks {
        if b.text.chars().count() > MAX_LINE_CHARS {
            continue;
        }
        keys.insert(line_key(&b.text));
        let parts = segments(&b.text);
        if parts.len() >= 2 {
            keys.extend(parts.iter().map(|p| segment_key(p)));
        }
    }
    if let Some((_, suffix)) = split_title(&page.article.title) {
        keys.insert(title_key(suffix));
    }
    keys
}

#[cfg(test)]
mod tests;
