//! Byline lines at the top of a body: "Von Johannes Ritter, Zürich", "By Euronews with
//! Agencies", "Par Le Figaro et AFP", "Dan Jervis-BardyThe West Australian". The author
//! goes to the article's metadata; the line that names them is page furniture, and in a
//! text corpus it reads as the story's first sentence.
//!
//! The line is recognised by a cross-check, not by its first word: it names one of the
//! authors the page's metadata gives (JSON-LD, meta tags, byline markup), and little else
//! besides byline words ("von", "by", "par"), connectors and a place or desk. A story's
//! opening sentence that quotes its author says much more than that; a sub-heading that
//! starts with "Von" names no author.

use super::tuning::{BYLINE_MAX_CHARS, BYLINE_MAX_OTHER_WORDS, BYLINE_NAME_MIN_CHARS};
use super::vocab::text::BYLINE_WORDS;
use crate::text::fold;

/// The page's author names, folded.
#[derive(Debug, Default, Clone)]
pub(crate) struct Bylines(Vec<String>);

impl Bylines {
    /// The names of the page's metadata authors that are long enough not to be found by
    /// chance inside other words.
    pub(crate) fn new(authors: &[String]) -> Self {
        let mut names: Vec<String> = authors
            .iter()
            .map(|a| fold(a))
            .filter(|a| a.chars().count() >= BYLINE_NAME_MIN_CHARS)
            .collect();
        // The longest first, so that "Anna Muster" is cut before "Anna".
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        Self(names)
    }

    /// Whether the line is a byline: short, naming an author, and otherwise made of
    /// byline words and at most [`BYLINE_MAX_OTHER_WORDS`] other words.
    pub(crate) fn is_byline(&self, line: &str) -> bool {
        if self.0.is_empty() || line.chars().count() > BYLINE_MAX_CHARS {
            return false;
        }
        let mut rest = fold(line);
        let mut named = false;
        for name in &self.0 {
            if rest.contains(name.as_str()) {
                rest = rest.replace(name.as_str(), " ");
                named = true;
            }
        }
        named
            && rest
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty() && !BYLINE_WORDS.contains(w))
                .count()
                <= BYLINE_MAX_OTHER_WORDS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bylines(names: &[&str]) -> Bylines {
        Bylines::new(&names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn a_line_that_names_the_author_with_byline_words_is_a_byline() {
        let ritter = bylines(&["Johannes Ritter"]);
        for line in [
            "Von Johannes Ritter, Zürich",
            "von Johannes Ritter",
            "By JOHANNES RITTER",
            "Johannes RitterThe West Australian",
            "Von Johannes Ritter, MDR SACHSEN-ANHALT",
        ] {
            assert!(ritter.is_byline(line), "{line}");
        }
        assert!(bylines(&["Le Figaro", "AFP"]).is_byline("Par Le Figaro et AFP"));
        assert!(bylines(&["Diana Resnik"]).is_byline("Von Diana Resnik mit AP"));
    }

    #[test]
    fn a_sentence_or_a_line_without_the_author_is_no_byline() {
        let ritter = bylines(&["Johannes Ritter"]);
        for line in [
            "Von Risiken und Nebenwirkungen",
            "Johannes Ritter hat in Zürich mit dem Chef der Nationalbank gesprochen.",
            "Von Anna Muster, Zürich",
        ] {
            assert!(!ritter.is_byline(line), "{line}");
        }
        // No author known, or a name too short to be looked for inside other words.
        assert!(!bylines(&[]).is_byline("Von Johannes Ritter"));
        assert!(!bylines(&["dpa"]).is_byline("Von dpa"));
    }
}
