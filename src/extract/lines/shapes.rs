//! Lines whose shape says they are page furniture, whatever the page: a reading time
//! ("Lesezeit: 5 Min."), a media player's time display ("0:00 / 3:15"), a PHP diagnostic
//! that the server printed into the page. Each is recognised by its form alone, so that
//! a sentence that mentions minutes, a slash or a warning is never one of them.

use crate::extract::vocab::text::{READING_TIME_LABELS, READING_TIME_WORDS};
use crate::text::fold;

/// True when a line is a PHP diagnostic that the server printed into the page ("Warning:
/// Creating default object from empty value in /www/…/classes.php on line 407").
pub(super) fn is_server_diagnostic(text: &str) -> bool {
    let t = text.trim();
    let Some((level, rest)) = t.split_once(": ") else {
        return false;
    };
    let Some((_, line)) = rest.rsplit_once(" on line ") else {
        return false;
    };
    matches!(
        level,
        "Warning" | "Notice" | "Deprecated" | "Fatal error" | "Parse error" | "Strict Standards"
    ) && rest.contains(".php")
        && !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_digit())
}

/// True when a line is a media player's time display, elapsed and total ("0:00 / 3:15").
pub(super) fn is_player_counter(text: &str) -> bool {
    let is_duration = |t: &str| {
        let parts: Vec<&str> = t.trim().split(':').collect();
        (2..=3).contains(&parts.len())
            && parts.iter().enumerate().all(|(i, p)| {
                let width = if i == 0 { 1..=2 } else { 2..=2 };
                width.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
            })
    };
    text.split_once('/')
        .is_some_and(|(elapsed, total)| is_duration(elapsed) && is_duration(total))
}

/// A line that says how long the article takes to read ("Lesezeit: 5 Min.", "6 min
/// read", "Tiempo de lectura: 6 min"): a number, a unit and a label, and nothing else.
pub(super) fn is_reading_time(text: &str) -> bool {
    // Most short lines hold no digit: they are ruled out before folding.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let folded = fold(text);
    let mut label = false;
    let mut number = false;
    for w in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            number = true;
            continue;
        }
        // A number run into its unit ("5min").
        let unit = w.trim_start_matches(|c: char| c.is_ascii_digit());
        if unit.len() < w.len() {
            number = true;
        }
        if !READING_TIME_WORDS.contains(&unit) {
            return false;
        }
        label |= READING_TIME_LABELS.contains(&unit);
    }
    label && number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_time_line_is_not_text_but_a_recipe_time_is() {
        for line in [
            "Lesezeit: 5 Min.",
            "12 minute read",
            "Tiempo de lectura: 6 min",
            "3 Min Lesezeit",
            "Temps de lecture : 4 minutes",
            "5min read",
        ] {
            assert!(is_reading_time(line), "{line}");
        }
        for line in [
            "15 Min",
            "Backzeit: etwa 15 Minuten",
            "Read more",
            "Lesezeit",
            "Wir lesen 5 Minuten lang",
        ] {
            assert!(!is_reading_time(line), "{line}");
        }
    }

    #[test]
    fn a_player_time_display_is_not_text() {
        for line in ["0:00 / 0:00", "00:00 / 03:15", "1:02:03/1:30:00"] {
            assert!(is_player_counter(line), "{line}");
        }
        for line in [
            "12:30 / 14:00 Uhr",
            "3/4",
            "Score 2:1 / 3:0",
            "10:00 / 11:60 / 12:00",
        ] {
            assert!(!is_player_counter(line), "{line}");
        }
    }

    #[test]
    fn php_diagnostics_are_not_text() {
        assert!(is_server_diagnostic(
            "Warning: Creating default object from empty value in /www/htdocs/w0094d70/wp-includes/classes.php on line 407"
        ));
        assert!(is_server_diagnostic(
            "Deprecated: preg_replace(): The /e modifier is deprecated, use preg_replace_callback instead in /www/wp-includes/formatting.php on line 82"
        ));
        for line in [
            "Warning: the bridge on line 4 of the tramway is closed.",
            "Notice: the index.php page moved on line two of the menu",
            "Attention: file.php on line 12",
        ] {
            assert!(!is_server_diagnostic(line), "{line}");
        }
    }
}
