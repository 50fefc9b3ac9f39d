//! The body's lines after the content choice: which blocks are not article text (labels,
//! a site's own labels, title repeats, credits, captions, link-dense lines, datelines,
//! bylines, the furniture lines of `shapes`, the teasers after a "related articles"
//! heading, headings left without their section) and the text repair (mojibake, invisible
//! characters, NFC) of those that stay.

use super::blocks::RawBlock;
use super::bylines::Bylines;
use super::explain::Recorder;
use super::publisher::PublisherNames;
use super::summaries::Summaries;
use super::tuning::{
    CAPTION_HEAD_CHARS, CREDIT_MAX_CHARS, CREDIT_TAIL_MAX_WORDS, DATE_LINE_EXTRA_WORDS_FIRST,
    DATE_LINE_MAX_CHARS, DATE_LINE_MAX_WORDS, FIRST_LINES, LINK_DENSE_MAX_CHARS, LINK_DENSE_SHARE,
    REPEATABLE_CHARS, SELF_MENTION_MAX_CHARS, SELF_MENTION_MAX_LINES, TEASER_LINK_SHARE,
    TEASER_MAX_CHARS, TITLE_INSIDE_EXTRA_SHARE, TITLE_INSIDE_MIN_CHARS, TITLE_REPEAT_FACTOR,
    TITLE_REPEAT_SLACK_BYTES,
};
use super::vocab::text::{
    CAPTION_LABELS, DATE_UNIT_SIGNS, DATE_WORDS, PAGE_NUMBER_WORDS, READING_TIME_WORDS,
    RELATIVE_DAYS, RELATIVE_TIME_AGO, RELATIVE_TIME_FILLERS, RELATIVE_TIME_UNITS,
};
use super::{labels, mojibake, SiteRules};
use crate::model::{Block, BlockKind};
use crate::text::date::month_names;
use crate::text::date::parse_date;
use crate::text::fold;
use rustc_hash::FxHashSet;
use shapes::{is_player_counter, is_reading_time, is_server_diagnostic};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

mod shapes;

/// The blocks that are article text, repaired, in order; every drop goes to `rec`.
pub(super) fn keep_article_lines(
    raw: Vec<RawBlock>,
    folded_title: &[String],
    publisher: &PublisherNames,
    summaries: &Summaries,
    bylines: &Bylines,
    rules: &SiteRules,
    rec: &mut Recorder<'_>,
) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(raw.len());
    // After a "related articles" heading, teaser lines are dropped until prose resumes.
    let mut in_related = false;
    // The last kept heading (index in `out`) and how many blocks were dropped after it.
    let mut pending_heading: Option<(usize, usize)> = None;
    for b in raw {
        let reason = drop_reason(&b, folded_title, bylines, out.len(), rules);
        if let Some(reason) = related_list(&b, reason, &mut in_related) {
            rec.dropped_line(reason, || b.text);
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
                if let Some(h) = out.pop() {
                    rec.dropped_line("orphan heading", || h.text);
                }
            }
        }
        // A heading-styled standfirst (it says the page's description) opens the story;
        // what follows it being dropped says nothing about it.
        if b.kind == BlockKind::Heading && !summaries.said_by(&text) {
            pending_heading = Some((out.len(), 0));
        }
        out.push(Block { kind: b.kind, text });
    }
    trim_ending(&mut out, publisher, rec);
    out
}

/// Cuts what ends the body without belonging to it: headings with nothing after them
/// (unless the body is headings only, a page of pictures under their titles, where nothing
/// says which of them is chrome) and the few short lines that name the publisher.
fn trim_ending(out: &mut Vec<Block>, publisher: &PublisherNames, rec: &mut Recorder<'_>) {
    let has_text = out.iter().any(|b| b.kind != BlockKind::Heading);
    let mut self_mentions = 0;
    while out.len() > 1 {
        let Some(last) = out.last() else { break };
        let reason = if has_text && last.kind == BlockKind::Heading {
            "trailing heading"
        } else if self_mentions < SELF_MENTION_MAX_LINES
            && last.text.chars().count() <= SELF_MENTION_MAX_CHARS
            && publisher.named_in(&last.text)
        {
            self_mentions += 1;
            "names the publisher"
        } else {
            break;
        };
        if let Some(b) = out.pop() {
            rec.dropped_line(reason, || b.text);
        }
    }
}

/// The drop reason of a block, given its own `reason`, once a "related articles" heading
/// was seen: teasers after it are dropped until a line of prose ends the list.
fn related_list(
    b: &RawBlock,
    reason: Option<&'static str>,
    in_related: &mut bool,
) -> Option<&'static str> {
    if reason.is_some() && labels::is_related_heading(&b.text) {
        *in_related = true;
    } else if *in_related {
        let teaser = TEASER_LINK_SHARE.reached_by(b.link_chars, b.chars)
            || matches!(b.kind, BlockKind::ListItem | BlockKind::Heading)
            || b.chars < TEASER_MAX_CHARS;
        if teaser && reason.is_none() {
            return Some("related list");
        } else if !teaser {
            *in_related = false;
        }
    }
    reason
}

/// A block (folded) says the folded title: the same letters and digits (a kicker run into
/// the title without a space, quotes or colons dropped), or the whole title with a few
/// words beside it (a kicker, a site name) when the title is long enough not to be a
/// phrase that a heading of its own quotes.
fn repeats_title(block: &str, title: &str) -> bool {
    if block == title {
        return true;
    }
    let squash = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let (b, t) = (squash(block), squash(title));
    let (b_chars, t_chars) = (b.chars().count(), t.chars().count());
    t_chars > 0
        && (b == t
            || (t_chars >= TITLE_INSIDE_MIN_CHARS
                && b_chars > t_chars
                && !TITLE_INSIDE_EXTRA_SHARE.exceeded_by(b_chars - t_chars, t_chars)
                && b.contains(&t)))
}

/// Why a block is not article text, if it is not. `kept`: blocks kept before it.
fn drop_reason(
    b: &RawBlock,
    folded_title: &[String],
    bylines: &Bylines,
    kept: usize,
    rules: &SiteRules,
) -> Option<&'static str> {
    // Preformatted text is the author's as laid out (code, a program's output, a poem):
    // a line of timestamps in it is a table row, not a dateline.
    if b.kind == BlockKind::Preformatted {
        return None;
    }
    let first = kept == 0;
    let first_lines = kept < FIRST_LINES;
    if labels::is_label_line(&b.text) {
        return Some("label");
    }
    if labels::matches_any(&b.text, &rules.drop_labels) {
        return Some("site label");
    }
    if (first || b.kind == BlockKind::Heading)
        && folded_title.iter().any(|t| {
            b.text.len() <= t.len() * TITLE_REPEAT_FACTOR + TITLE_REPEAT_SLACK_BYTES
                && repeats_title(&fold(&b.text), t)
        })
    {
        return Some("title repeat");
    }
    if b.chars < CREDIT_MAX_CHARS && is_credit_line(&b.text) {
        return Some("credit");
    }
    if b.chars < CREDIT_MAX_CHARS && is_caption_line(&b.text) {
        return Some("caption");
    }
    if is_template_placeholder(&b.text) {
        return Some("template placeholder");
    }
    if is_server_diagnostic(&b.text) {
        return Some("server diagnostic");
    }
    if is_player_counter(&b.text) {
        return Some("player counter");
    }
    if b.chars < DATE_LINE_MAX_CHARS && is_page_numbers(&b.text) {
        return Some("page numbers");
    }
    if b.chars < DATE_LINE_MAX_CHARS && is_reading_time(&b.text) {
        return Some("reading time");
    }
    if b.chars < LINK_DENSE_MAX_CHARS
        && LINK_DENSE_SHARE.exceeded_by(b.link_chars, b.chars)
        && b.kind != BlockKind::Quote
        && !is_sentence_with_linked_phrases(b)
    {
        return Some("link-dense");
    }
    let allowed = if first_lines {
        DATE_LINE_EXTRA_WORDS_FIRST
    } else {
        0
    };
    if b.chars < DATE_LINE_MAX_CHARS
        && b.text.split_whitespace().count() <= DATE_LINE_MAX_WORDS
        && is_dateline(&b.text, allowed)
    {
        return Some("date line");
    }
    if first_lines && bylines.is_byline(&b.text) {
        return Some("byline");
    }
    None
}

/// True when a short line ends with a copyright credit: a photo caption ("Mikaela
/// Shiffrin. © AFP / Jeff Pachoud") or a page's copyright notice ("© 2020 Vox Media").
/// A "©" followed by a sentence is prose that mentions the sign, and is kept.
fn is_credit_line(text: &str) -> bool {
    let Some(i) = text.rfind('©') else {
        return ends_with_picture_credit(text);
    };
    let tail = &text[i + '©'.len_utf8()..];
    tail.split_whitespace().count() <= CREDIT_TAIL_MAX_WORDS
}

/// A sentence that links several of its phrases is prose however much of it is linked; a
/// copyright line whose links are apart by words ("Lightbox2 © Lokesh Dhakar licensed
/// under the Creative Commons Attribution 2.5 License") is still a footer.
fn is_sentence_with_linked_phrases(b: &RawBlock) -> bool {
    b.links_in_sentence && !b.text.contains('©')
}

/// True when a short line ends with a picture label, a colon and a few words that are not
/// a sentence, after the caption's last sentence: a caption's credit ("Im Vorjahr zog das
/// Fest Tausende an. Bild: Andreas Seidel/Archiv", "Bildrechte: MDR/David Straub").
fn ends_with_picture_credit(text: &str) -> bool {
    // Read from each colon back to a label: most lines have no colon and cost one scan.
    if !text.contains(':') {
        return false;
    }
    let lower = text.to_lowercase();
    lower.match_indices(':').any(|(colon, _)| {
        CAPTION_LABELS.iter().any(|l| {
            if !lower[..colon].ends_with(l) {
                return false;
            }
            let i = colon - l.len();
            // The credit follows the caption's last sentence (or is the whole line); one
            // in parentheses is a credit inside a paragraph of prose.
            let before = lower[..i].trim_end();
            let starts_word = (before.len() < i || before.is_empty())
                && before
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, '.' | '!' | '?' | '|'));
            let Some(tail) = lower[i + l.len()..].strip_prefix(':') else {
                return false;
            };
            starts_word
                && !tail.trim().is_empty()
                && tail.split_whitespace().count() <= CREDIT_TAIL_MAX_WORDS
                && !tail.trim_end().ends_with(['.', '!', '?'])
        })
    })
}

/// True when a short line starts with a caption label, an optional number, and a colon.
fn is_caption_line(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(CAPTION_HEAD_CHARS)
        .collect::<String>()
        .to_lowercase();
    CAPTION_LABELS.iter().any(|l| {
        head.strip_prefix(l).is_some_and(|rest| {
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.')
                .starts_with([':', '|'])
        })
    })
}

/// True when a line is one identifier between template sigils, left where a CMS or a
/// script was to insert something: "$$ARTICLEAD$$", "{{ad_slot}}", "%%AD%%", "[[INREAD]]".
fn is_template_placeholder(text: &str) -> bool {
    let t = text.trim();
    let open = t.len() - t.trim_start_matches(['$', '{', '%', '[', '#']).len();
    let close = t.len() - t.trim_end_matches(['$', '}', '%', ']', '#']).len();
    if open < 2 || close < 2 || open + close >= t.len() {
        return false;
    }
    t[open..t.len() - close]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// True when a line is only page words and page numbers, with a number and a page word
/// at least: the navigation between the pages of a split article.
fn is_page_numbers(text: &str) -> bool {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let numbers = words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    let page_words = words
        .iter()
        .filter(|w| PAGE_NUMBER_WORDS.contains(w))
        .count();
    numbers > 0
        && words.iter().any(|w| {
            *w == "page" || *w == "pages" || w.starts_with("seite") || w.starts_with("pagin")
        })
        && numbers + page_words == words.len()
}

/// The words a dateline may hold besides its numbers: dateline words, months' names, and
/// the reading time that may end it.
static DATELINE_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    DATE_WORDS
        .iter()
        .chain(READING_TIME_WORDS)
        .copied()
        .chain(month_names())
        .collect()
});

/// True when a short line is a dateline: a date, or a time relative to now, with no more
/// than `allowed` other words. The line is folded once for both tests.
fn is_dateline(text: &str, allowed: usize) -> bool {
    let folded = fold(text);
    (is_only_date_words(&folded, allowed) && parse_date(text).is_some())
        || is_relative_time(&folded, allowed)
}

/// True when the words of a short folded line belong to a dateline, but for `allowed`
/// others: "Stand: 18.10.2021" is a dateline, "Termin: 29.02.2020, 19 Uhr" in the body is
/// information (in the first lines, two other words such as a section name are allowed).
fn is_only_date_words(folded: &str, allowed: usize) -> bool {
    let mut others = folded
        .split(|c: char| !c.is_alphabetic() || DATE_UNIT_SIGNS.contains(&c))
        .filter(|w| !w.is_empty() && !DATELINE_WORDS.contains(w));
    others.nth(allowed).is_none()
}

/// True when a line says a time relative to now: a number, a unit and a word that puts
/// it in the past ("21 mins ago11:48", "Published 15 hours ago", "vor 5 Stunden"), or a
/// day named from today and a clock time ("Heute, 12:37 Uhr"), with no more than
/// `allowed` words that are neither those nor a dateline's. `folded` is the line folded.
fn is_relative_time(folded: &str, allowed: usize) -> bool {
    if !folded.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let (mut unit, mut ago, mut day, mut others) = (false, false, false, 0);
    for w in folded
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let is_unit = RELATIVE_TIME_UNITS.contains(&w);
        let is_ago = RELATIVE_TIME_AGO.contains(&w);
        let is_day = RELATIVE_DAYS.contains(&w);
        unit |= is_unit;
        ago |= is_ago;
        day |= is_day;
        let filler = RELATIVE_TIME_FILLERS.contains(&w);
        if !is_unit && !is_ago && !is_day && !filler && !DATELINE_WORDS.contains(w) {
            others += 1;
        }
    }
    let clock = || {
        let b = folded.as_bytes();
        (1..b.len().saturating_sub(1))
            .any(|i| b[i] == b':' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
    };
    others <= allowed && ((unit && ago) || (day && clock()))
}

/// Repairs mojibake, drops invisible line-breaking hints and normalises to NFC.
pub(super) fn repair_text(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::{
        drop_reason, is_credit_line, is_page_numbers, is_template_placeholder, repeats_title,
    };
    use crate::extract::blocks::RawBlock;
    use crate::extract::bylines::Bylines;
    use crate::extract::SiteRules;
    use crate::model::BlockKind;
    use crate::text::fold;

    fn paragraph(text: &str) -> RawBlock {
        RawBlock {
            kind: BlockKind::Paragraph,
            text: text.to_owned(),
            chars: text.chars().count(),
            link_chars: 0,
            links_in_sentence: false,
        }
    }

    #[test]
    fn a_line_of_preformatted_output_is_never_dropped() {
        let row = "2020-08-01 18:00:00+00 │ 200 │ 4084";
        let reason =
            |b: &RawBlock| drop_reason(b, &[], &Bylines::new(&[]), 5, &SiteRules::default());
        assert_eq!(reason(&paragraph(row)), Some("date line"));
        let pre = RawBlock {
            kind: BlockKind::Preformatted,
            ..paragraph(row)
        };
        assert_eq!(reason(&pre), None);
    }

    #[test]
    fn a_byline_naming_the_metadata_author_goes_only_among_the_first_lines() {
        let bylines = Bylines::new(&["Anna Sleegers".to_owned()]);
        let reason = |text: &str, kept: usize| {
            drop_reason(&paragraph(text), &[], &bylines, kept, &SiteRules::default())
        };
        assert_eq!(reason("Von Anna Sleegers, Frankfurt", 0), Some("byline"));
        assert_eq!(reason("Von Anna Sleegers, Frankfurt", 2), Some("byline"));
        assert_eq!(reason("Von Anna Sleegers, Frankfurt", 3), None);
        assert_eq!(reason("Von Hans Muster, Frankfurt", 0), None);
    }

    #[test]
    fn a_dateline_with_a_section_or_a_byline_opens_the_body_but_not_a_sentence() {
        let reason = |text: &str, kept: usize| {
            drop_reason(
                &paragraph(text),
                &[],
                &Bylines::default(),
                kept,
                &SiteRules::default(),
            )
        };
        for line in [
            "Pressemitteilung Aktuell 02. November 2021",
            "1. Februar 2022 , Daniel Dillenburg",
            "Handball Schweiz • 02.02.2022",
            "12 mars 2024",
        ] {
            assert_eq!(reason(line, 0), Some("date line"), "{line}");
        }
        // Further down, only a bare date is a dateline; and a sentence is never one.
        assert_eq!(reason("1. Februar 2022 , Daniel Dillenburg", 5), None);
        assert_eq!(reason("12 mars 2024", 5), Some("date line"));
        assert_eq!(
            reason("Le 12 mars 2024, le conseil a voté le budget.", 0),
            None
        );
        // Other languages' datelines, one that ends with the reading time, and times
        // relative to now; a look back in years, a table row that ends with one, and a
        // sentence are not datelines.
        for line in [
            "Dodano: 30 kwietnia 2021, 11:55",
            "martes, 3 de mayo de 2022 · 23:57",
            "Publicado el 21 de abril de 2022 a las 22:04h",
            "23. 12. 2024 13:31",
            "06. 01. 2026, 14:59 Uhr Lesedauer: 4 Minuten",
            "21 mins ago11:48",
            "Published 15 hours ago",
            "vor 5 Stunden",
            "il y a 3 heures",
            "Heute, 12:37 Uhr",
            "Publiziert heute um 12:19 Uhr",
        ] {
            assert_eq!(reason(line, 0), Some("date line"), "{line}");
        }
        for line in [
            "Vor 20 Jahren",
            "Heute 3 Konzerte in der Stadt",
            "Founded | February 28, 1998; 18 years ago",
            "Three hours ago the council voted 12 to 3 for the budget.",
        ] {
            assert_eq!(reason(line, 0), None, "{line}");
        }
    }

    #[test]
    fn a_heading_with_a_kicker_run_into_the_title_repeats_it() {
        let title = fold("Chiesa ruft zum «politischen Widerstand» gegen die Asylpolitik auf");
        for heading in [
            "Chiesa ruft zum politischen Widerstand gegen die Asylpolitik auf",
            "SVP-Sonderparteitag zur MigrationChiesa ruft zum «politischen Widerstand» gegen die Asylpolitik auf",
            "Chiesa ruft zum «politischen Widerstand» gegen die Asylpolitik auf | Tages-Anzeiger",
        ] {
            assert!(repeats_title(&fold(heading), &title), "{heading}");
        }
        for heading in [
            // A sentence of its own around the title: more than two thirds of the title beside it.
            "Warum die Partei am Sonntag sagte: Chiesa ruft zum «politischen Widerstand» gegen die Asylpolitik auf, und was nun folgt",
            "Chiesa ruft zum Widerstand auf",
        ] {
            assert!(!repeats_title(&fold(heading), &title), "{heading}");
        }
        // A short title inside a heading is a phrase the heading quotes, not a repeat.
        assert!(!repeats_title(
            &fold("Mehr zum Thema Sport"),
            &fold("Sport")
        ));
        assert!(repeats_title(&fold("Sport"), &fold("Sport")));
    }

    #[test]
    fn a_caption_ending_in_a_picture_credit_is_a_credit_line() {
        for line in [
            "Im Vorjahr zog das Hutfestival Tausende Besucher an. Bild: Andreas Seidel/Archiv",
            "Viele Hände arbeiten in der Halle. Bildrechte: MDR/David Straub",
            "Bildrechte: MITTELDEUTSCHER RUNDFUNK",
            "Mikaela Shiffrin. © AFP / Jeff Pachoud",
        ] {
            assert!(is_credit_line(line), "{line}");
        }
        for line in [
            // A credit in parentheses inside prose, a label that opens a sentence.
            "Die Sterblichkeit von Wildvögeln ist hoch (Foto: Sarawut /Adobe Stock)",
            "Das Foto: ein Beweis, dass der Minister log.",
            "Er zeigte uns das Bild: Es war verschwommen und alt.",
        ] {
            assert!(!is_credit_line(line), "{line}");
        }
    }

    #[test]
    fn template_placeholders_are_not_text() {
        for line in [
            "$$ARTICLEAD$$",
            "{{ ad_slot }}",
            "{{ad_slot}}",
            "%%AD%%",
            "[[INREAD_1]]",
        ] {
            assert_eq!(is_template_placeholder(line), !line.contains(' '), "{line}");
        }
        for line in ["$$", "#hashtag", "{{", "$5 et $$", "[[Lien]] vers la page"] {
            assert!(!is_template_placeholder(line), "{line}");
        }
    }

    #[test]
    fn page_number_lines_are_navigation() {
        for nav in [
            "Pages : 1 2",
            "Page 1 sur 2",
            "Seite 2 von 3",
            "Pages: 1 2 3 Page suivante",
        ] {
            assert!(is_page_numbers(nav), "{nav}");
        }
        for text in [
            "Page 2",
            "Les pages 12 et 13 du rapport sont consacrées au budget.",
            "1 2 3",
            "Sur 2 000 candidats, 1 200 ont été admis",
        ] {
            assert_eq!(is_page_numbers(text), text == "Page 2", "{text}");
        }
    }
}
