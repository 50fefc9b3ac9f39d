//! The page's own summaries: its `og:description`, `description`, `twitter:description`
//! and JSON-LD `description`. The standfirst shown above the body says the same, so a
//! summary finds it whatever its markup: outside the chosen body (content choice) or as a
//! heading-styled line inside it that would otherwise read as an orphan heading (lines).

use super::tuning::{DESCRIPTION_COVERS, LEAD_MIN_CHARS};
use crate::text::fold;

/// The page's own summaries (its descriptions), folded, for finding the standfirst that
/// says the same above the body whatever its class.
pub(crate) struct Summaries(Vec<Summary>);

struct Summary {
    folded: String,
    /// The description ended with an ellipsis: the standfirst goes on after it.
    truncated: bool,
    /// Its non-blank characters, counted as the text statistics count an element's.
    chars: u32,
}

impl Summaries {
    pub(crate) fn new(descriptions: &[String]) -> Self {
        Self(
            descriptions
                .iter()
                .filter_map(|d| {
                    let d = fold(d);
                    let cut = d.strip_suffix("...").or_else(|| d.strip_suffix('…'));
                    let (text, truncated) = cut.map_or((d.as_str(), false), |c| (c, true));
                    let folded = text.trim_end().to_owned();
                    let chars = folded.chars().filter(|c| !c.is_whitespace()).count() as u32;
                    (chars >= LEAD_MIN_CHARS).then_some(Summary {
                        folded,
                        truncated,
                        chars,
                    })
                })
                .collect(),
        )
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether an element of `chars` non-blank characters may say one of the summaries:
    /// a cheap test before its text is read.
    pub(crate) fn may_match(&self, chars: u32) -> bool {
        self.0.iter().any(|d| {
            let (short, long) = (chars.min(d.chars), chars.max(d.chars));
            (d.truncated && chars >= d.chars) || DESCRIPTION_COVERS.reached(short, long)
        })
    }

    /// Whether the text says one of the summaries: the same words; or the summary's
    /// words first when the summary is a truncation ("…"); or one starting the other and
    /// most of it (a description may add the site's name, a standfirst a last sentence).
    pub(crate) fn said_by(&self, text: &str) -> bool {
        let t = fold(text);
        self.0.iter().any(|d| {
            let d = (d.folded.as_str(), d.truncated);
            let (short, long) = if t.len() <= d.0.len() {
                (t.as_str(), d.0)
            } else {
                (d.0, t.as_str())
            };
            t == d.0
                || (d.1 && t.starts_with(d.0))
                || (long.starts_with(short)
                    && DESCRIPTION_COVERS.reached_by(short.len(), long.len()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_said_by_the_same_words_or_by_a_text_it_starts_and_mostly_covers() {
        let s = Summaries::new(&[
            "Le conseil municipal a voté le budget de la ville pour l’année…".to_owned(),
            "L’opposition demande un audit des marchés publics passés.".to_owned(),
            "Trop court".to_owned(),
        ]);
        // A truncated description: the standfirst goes on after its words.
        assert!(s.said_by("Le conseil municipal a voté le budget de la ville pour l’année 2025, après trois heures de débat."));
        assert!(s.said_by("L’OPPOSITION demande un audit des marchés publics passés."));
        // A whole description inside a much longer text is a paragraph that quotes it.
        assert!(!s.said_by("L’opposition demande un audit des marchés publics passés. Le maire a répondu qu’il publierait les comptes de la ville avant la fin du trimestre, comme promis."));
        assert!(!s.said_by("Trop court"));
        assert!(s.may_match(60) && !s.may_match(20));
    }
}
