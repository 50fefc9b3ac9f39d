//! The vocabulary of boilerplate lines: ad labels, "read also" links, comment-form and
//! captcha messages, share prompts. The phrases are data (`vocab::labels`), so that a new
//! phrase is one line there, and are matched on a folded form (lower case, no accents,
//! single spaces) so that "A LIRE AUSSI", "À lire aussi" and "- Publicité -" are all caught.

use super::tuning::{LABEL_HEAD_CHARS, RELATED_HEADING_MAX_BYTES, SHORT_LINE_CHARS};
use super::vocab::labels::{EXACT, LEGAL_PAGES, PREFIXES, RELATED, SHORT_PREFIXES};
use crate::text::fold;
use std::sync::LazyLock;

/// The prefixes as one anchored automaton: one pass over a line's start tests them all.
static PREFIX_AUTOMATON: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .start_kind(aho_corasick::StartKind::Anchored)
        .build(PREFIXES)
        .expect("static patterns")
});

static EXACT_SET: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| EXACT.iter().copied().collect());

fn has_prefix(text: &str) -> bool {
    PREFIX_AUTOMATON
        .find(aho_corasick::Input::new(text).anchored(aho_corasick::Anchored::Yes))
        .is_some()
}

/// A row of two or more parts run into one line by "|" of which one names a legal page or
/// the rights notice: the page footer's links.
fn is_legal_footer_row(folded: &str) -> bool {
    let mut parts = folded.split('|').map(str::trim).filter(|p| !p.is_empty());
    folded.contains('|')
        && parts.clone().nth(1).is_some()
        && parts.any(|p| LEGAL_PAGES.contains(&p))
}

/// Punctuation around a label ("- Publicité -", "» Lire aussi :"), trimmed before matching.
fn is_decoration(c: char) -> bool {
    c == '-' || c == ' ' || c == '|' || c == '»' || c == '«' || c == ':' || c == '>' || c == '•'
}

/// True when a whole block is a boilerplate label ("Publicité", "A LIRE AUSSI : …").
#[must_use]
pub fn is_label_line(text: &str) -> bool {
    // Labels and prefixes are short: a long block is judged on its start only.
    let head = match text.char_indices().nth(LABEL_HEAD_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let long = head.len() < text.len();
    let folded = fold(head);
    let core = folded.trim_matches(is_decoration);
    if !long && (core.is_empty() || EXACT_SET.contains(core) || is_legal_footer_row(core)) {
        return true;
    }
    if !long
        && core.chars().count() < SHORT_LINE_CHARS
        && SHORT_PREFIXES.iter().any(|p| core.starts_with(p))
    {
        return true;
    }
    has_prefix(core) || has_prefix(&folded)
}

/// True when a line is the heading of a "related articles" or "read also" list.
#[must_use]
pub fn is_related_heading(text: &str) -> bool {
    if text.len() > RELATED_HEADING_MAX_BYTES {
        return false;
    }
    let folded = fold(text);
    let core = folded.trim_matches(is_decoration);
    RELATED.contains(&core)
}

/// Extra label lines configured by a site (`drop_labels`), compared folded.
#[must_use]
pub fn matches_any(text: &str, labels: &[String]) -> bool {
    if labels.is_empty() {
        return false;
    }
    let folded = fold(text);
    labels.iter().any(|l| folded.starts_with(l.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_noise_lines_are_labels() {
        for line in [
            "Publicité",
            "- Publicité-",
            "- Publicité -",
            "A LIRE AUSSI : Sahel : Les Forces combattantes éliminent plusieurs terroristes",
            "À lire aussi: le budget 2024",
            "LAISSER UN COMMENTAIRE",
            "S'il vous plaît entrez votre commentaire!",
            "S'il vous plaît entrez votre nom ici",
            "Captcha verification failed!",
            "Le score de l'utilisateur captcha a échoué. Contactez nous s'il vous plait!",
            "You must be logged in to post a comment Login",
            "Leave a Reply",
            "Annuler la réponse",
            "+ DE LA SEMAINE DERNIÈRE",
            "Quitter la version mobile",
            "Discussion à propos de ce post",
            "spot_img",
            "A La Une",
            "Publié",
            "on",
        ] {
            assert!(is_label_line(line), "{line:?} should be a label");
        }
    }

    #[test]
    fn a_row_of_footer_links_naming_a_legal_page_is_a_label_but_the_word_alone_is_not() {
        assert!(is_label_line(
            "IMPRESSUM | DATENSCHUTZ | COPYRIGHT ANDRÉ LOIBL | THIS IS A KANGA PROJECT"
        ));
        assert!(is_label_line(
            "Alle Rechte vorbehalten | Impressum | Datenschutz"
        ));
        assert!(!is_label_line("Datenschutz"));
        assert!(!is_label_line("Région | Taux de chômage | Privacy Act"));
    }

    #[test]
    fn article_sentences_are_not_labels() {
        for line in [
            "Publicité mensongère : le ministère sanctionne trois entreprises de télécoms.",
            "Les deux parties « ont discuté des moyens de renforcer la coopération »",
            "On ne sait pas encore quand les travaux reprendront.",
            "Par ailleurs, le gouvernement a annoncé une hausse du budget.",
        ] {
            assert!(!is_label_line(line), "{line:?} is article text");
        }
    }

    #[test]
    fn boilerplate_lines_in_other_languages() {
        for line in [
            "Lesen Sie auch:",
            "Article continues below",
            "Player wird geladen",
            "Реклама:",
            "[PR]",
            "Video",
            "Audiobeitrag",
            "Fehler gefunden?Jetzt melden.",
            "Über dieses Thema berichtet: BR24 im Radio am 26.08.2024 um 06:00 Uhr.",
            "Dieses Thema im Programm: MDR THÜRINGEN - Das Radio | Nachrichten | 28. April 2023",
            "Sendung: Antenne Brandenburg, 24.04.2024, 15:10 Uhr",
            "Mehr zum Thema",
            "Das könnte Sie auch interessieren",
            "Weiterführende Links",
            "Diese Seite teilen",
            "War der Artikel nützlich?",
            "Te puede interesar",
            "Leggi anche: un altro articolo",
            "Czytaj także",
            "Related Posts",
            "Advertisements",
            "This entry was posted in News. Bookmark the permalink.",
            "Mehr über TV",
            "Inne artykuły autora",
        ] {
            assert!(is_label_line(line), "{line:?} should be a label");
        }
        for line in [
            "Mehr über die Hintergründe des Streits erfahren die Leser erst im zweiten Teil des Berichts, der morgen erscheint.",
            "Weitere Informationen hat die Polizei nicht veröffentlicht, die Ermittlungen dauern an.",
        ] {
            assert!(!is_label_line(line), "{line:?} is article text");
        }
    }

    #[test]
    fn related_headings() {
        for h in [
            "Lesen Sie auch",
            "À lire aussi :",
            "Related articles",
            "Noticias relacionadas",
        ] {
            assert!(is_related_heading(h), "{h:?}");
        }
        assert!(!is_related_heading(
            "Un tarif social pour les ménages modestes"
        ));
    }
}
