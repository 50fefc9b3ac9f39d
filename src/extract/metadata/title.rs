//! The title: the site's title selector, else the JSON-LD headline or the title `<meta>`
//! keys with a known site name cut, else the `<title>` reduced as Readability does, else
//! the lone h1.

use super::{element_text, jsonld, Sources};
use crate::extract::tuning::{
    DOC_TITLE_COLON_PREFIX_MAX_WORDS, DOC_TITLE_MAX_CHARS, DOC_TITLE_MIN_CHARS,
    DOC_TITLE_MIN_PART_WORDS, DOC_TITLE_SHORT_WORDS, MAX_H1S, MAX_HEADINGS, SIMILAR_TITLE,
    SOCIAL_TITLE_CUT_MIN_WORDS,
};
use crate::extract::vocab::metadata::{SITE_NAME_SEPARATORS, TITLE_META_KEYS};
use crate::text::collapse_ws;

/// An id-like title is at least this long.
const ID_MIN_BYTES: usize = 16;

use serde_json::Value;

impl Sources<'_> {
    /// The first `<h1>`s' texts (non-empty).
    pub(super) fn h1s(&self) -> Vec<String> {
        self.marks
            .headings
            .iter()
            .filter(|e| e.value().name() == "h1")
            .map(element_text)
            .filter(|t| !t.is_empty())
            .take(MAX_H1S)
            .collect()
    }

    /// The title, reconciled with the page's h1s in [`choose_title`], and where it came
    /// from (for `--explain`).
    pub(super) fn title(
        &self,
        h1s: &[String],
        site_name: Option<&str>,
    ) -> Option<(String, &'static str)> {
        let doc_title = self.marks.title.as_ref().map(element_text);
        let headings: Vec<String> = self
            .marks
            .headings
            .iter()
            .map(element_text)
            .filter(|t| !t.is_empty())
            .take(MAX_HEADINGS)
            .collect();
        let site_title = self
            .rules
            .title
            .as_ref()
            .and_then(|s| self.doc.select(s).next())
            .map(|e| element_text(&e));
        // Title sources in Readability's order of trust: JSON-LD, then the `<meta>` keys;
        // then `<title>` with its site part cut; then the h1.
        let meta_title = self
            .ld
            .as_ref()
            .and_then(|v| ld_title(v, doc_title.as_deref(), &headings, h1s))
            .map(|t| (t, "JSON-LD name/headline"))
            .or_else(|| {
                TITLE_META_KEYS
                    .iter()
                    .find_map(|k| self.tags.get_last(k).map(|t| (t, *k)))
            });
        let meta_title = meta_title
            .map(|(t, from)| (decode_leftover_entities(&t), from))
            .filter(|(t, _)| !looks_like_an_id(t))
            .map(|(t, from)| {
                // The other metadata titles and `<title>`: one of them may be this title
                // without the site or section name that this one carries.
                let others: Vec<String> = TITLE_META_KEYS
                    .iter()
                    .chain(&["headline"])
                    .flat_map(|k| self.tags.get_all(k))
                    .chain(doc_title.clone())
                    .map(|o| collapse_ws(&decode_leftover_entities(&o)))
                    .collect();
                let t = cut_suffix_another_source_lacks(&collapse_ws(&t), &others, h1s);
                (complete_truncated(t, h1s), from)
            });
        let social = self
            .tags
            .get_last("og:title")
            .map(|t| collapse_ws(&decode_leftover_entities(&t)));
        site_title
            .filter(|t| !t.is_empty())
            .map(|t| (t, "the site's title selector"))
            .or_else(|| {
                choose_title_from(meta_title, doc_title, h1s, &headings, site_name)
                    .map(|(t, from)| prefer_the_social_title(t, social.as_deref(), from))
            })
    }
}

/// An entity left in a metadata title by double escaping (`&amp;quot;` served, `&quot;`
/// read) is decoded once more.
fn decode_leftover_entities(title: &str) -> String {
    if title.contains('<') || !LEFTOVER_ENTITY.is_match(title) {
        return title.to_owned();
    }
    scraper::Html::parse_fragment(title)
        .root_element()
        .text()
        .collect()
}

static LEFTOVER_ENTITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
        .expect("static regex")
});

/// An identifier, not a title: one "word" of letters, digits and dashes with several
/// dashes and digits ("a-60a0111a-c2d2-46c8-9e93-b16a374e6ba8").
fn looks_like_an_id(title: &str) -> bool {
    let t = title.trim();
    !t.contains(char::is_whitespace)
        && t.len() >= ID_MIN_BYTES
        && t.matches('-').count() >= 2
        && t.chars().filter(char::is_ascii_digit).count() >= 4
}

#[cfg(test)]
pub(super) fn choose_title(
    meta_title: Option<String>,
    doc_title: Option<String>,
    h1s: &[String],
    headings: &[String],
    site_name: Option<&str>,
) -> Option<String> {
    let meta_title = meta_title.map(|t| (t, "meta"));
    choose_title_from(meta_title, doc_title, h1s, headings, site_name).map(|(t, _)| t)
}

/// The metadata title with a known site name cut, else the document title reduced,
/// else the first h1; with the name of the source used.
fn choose_title_from(
    meta_title: Option<(String, &'static str)>,
    doc_title: Option<String>,
    h1s: &[String],
    headings: &[String],
    site_name: Option<&str>,
) -> Option<(String, &'static str)> {
    if let Some(t) = meta_title
        .map(|(t, from)| (strip_known_site_name(&collapse_ws(&t), site_name), from))
        .filter(|(t, _)| !t.is_empty())
    {
        return Some(t);
    }
    doc_title
        .map(|t| collapse_ws(&t))
        .filter(|t| !t.is_empty())
        .map(|t| strip_known_site_name(&title_from_document_title(&t, h1s, headings), site_name))
        .filter(|t| !t.is_empty())
        .map(|t| (t, "<title>"))
        .or_else(|| h1s.first().map(|h| (h.clone(), "<h1>")))
}

/// Separators between a page's title and its site or section names.
fn is_title_separator(c: char) -> bool {
    matches!(c, '|' | '-' | '–' | '—' | '\\' | '/' | '>' | '»')
}

/// The JSON-LD title: `name` and `headline` should agree; when they do not, a `name` that
/// is the publisher's own name is not the title, the one that the page's h1 shows wins,
/// and otherwise the one that resembles the document title, `name` by default.
pub(super) fn ld_title(
    v: &Value,
    doc_title: Option<&str>,
    headings: &[String],
    h1s: &[String],
) -> Option<String> {
    let name = jsonld::string(v, "name");
    let headline = jsonld::string(v, "headline");
    let publisher = jsonld::publisher(v);
    let shown = |t: &str| {
        let t = collapse_ws(t);
        h1s.iter().any(|h| collapse_ws(h) == t)
    };
    match (name, headline) {
        (Some(n), Some(h)) if publisher.as_deref() == Some(n.as_str()) => Some(h),
        (Some(n), Some(h)) if n != h => match (shown(&n), shown(&h)) {
            (true, false) => Some(n),
            (false, true) => Some(h),
            _ => Some(resembling_document_title(n, h, doc_title, headings)),
        },
        (Some(n), _) => Some(n),
        (None, h) => h,
    }
}

/// Of two differing JSON-LD titles, the headline when it resembles the document title and
/// the name does not; the name otherwise (Readability's rule).
fn resembling_document_title(
    n: String,
    h: String,
    doc_title: Option<&str>,
    headings: &[String],
) -> String {
    let title = doc_title
        .map(|t| title_from_document_title(&collapse_ws(t), &[], headings))
        .unwrap_or_default();
    if similarity(&h, &title) > SIMILAR_TITLE && similarity(&n, &title) <= SIMILAR_TITLE {
        h
    } else {
        n
    }
}

/// Readability's text similarity: the share of `a`'s words (by length) found in `b`.
pub(crate) fn similarity(a: &str, b: &str) -> f32 {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let total: usize = wa.iter().map(|w| w.len() + 1).sum();
    let missing: usize = wa
        .iter()
        .filter(|w| !wb.contains(w))
        .map(|w| w.len() + 1)
        .sum();
    1.0 - missing as f32 / total as f32
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The article title inside a `<title>`, as Readability finds it: the part before the last
/// " | " / " - " / " » " separator (or after the first, when that leaves too few words),
/// the part after a colon unless a heading repeats the whole title, the lone h1 when the
/// `<title>` is implausibly short or long.
pub(super) fn title_from_document_title(orig: &str, h1s: &[String], headings: &[String]) -> String {
    let chars: Vec<char> = orig.chars().collect();
    let spaced_separator = chars
        .windows(3)
        .any(|w| w[0] == ' ' && is_title_separator(w[1]) && w[2] == ' ');
    let mut had_hierarchy = false;
    let mut cur = orig.to_owned();
    if spaced_separator {
        had_hierarchy = chars
            .windows(3)
            .any(|w| w[0] == ' ' && matches!(w[1], '\\' | '/' | '>' | '»') && w[2] == ' ');
        // Greedy "(.*)[sep] .*": up to the last separator followed by a space.
        if let Some(i) = (0..chars.len().saturating_sub(1))
            .rev()
            .find(|&i| is_title_separator(chars[i]) && chars[i + 1] == ' ')
        {
            cur = chars[..i].iter().collect();
        }
        if word_count(&cur) < DOC_TITLE_MIN_PART_WORDS {
            if let Some(i) = chars.iter().position(|c| is_title_separator(*c)) {
                cur = chars[i + 1..].iter().collect();
            }
        }
    } else if orig.contains(": ") {
        if !headings.iter().any(|h| h.trim() == orig.trim()) {
            let last = orig.rfind(':').map_or(0, |i| i + 1);
            orig[last..].clone_into(&mut cur);
            if word_count(&cur) < DOC_TITLE_MIN_PART_WORDS {
                let first = orig.find(':').map_or(0, |i| i + 1);
                orig[first..].clone_into(&mut cur);
            } else if word_count(&orig[..orig.find(':').unwrap_or(0)])
                > DOC_TITLE_COLON_PREFIX_MAX_WORDS
            {
                orig.clone_into(&mut cur);
            }
        }
    } else if chars.len() > DOC_TITLE_MAX_CHARS || chars.len() < DOC_TITLE_MIN_CHARS {
        if let [h1] = h1s {
            cur.clone_from(h1);
        }
    }
    let cur = collapse_ws(&cur);
    let words = word_count(&cur);
    let orig_words_without_separators = word_count(
        &orig
            .chars()
            .map(|c| if is_title_separator(c) { ' ' } else { c })
            .collect::<String>(),
    );
    if words <= DOC_TITLE_SHORT_WORDS
        && (!had_hierarchy || words + 1 != orig_words_without_separators)
    {
        return orig.to_owned();
    }
    cur
}

/// "Headline | Section | Site" when another title source of the page says "Headline"
/// alone: the words after the separator are the site's, not the headline's. A head with
/// a headline's words (as a `<title>` part needs) is cut when another metadata source says
/// it alone; a shorter one may be a kicker that a source also says alone ("Interview -
/// …"), and is cut only when the page's h1 shows it as the headline.
pub(super) fn cut_suffix_another_source_lacks(
    title: &str,
    others: &[String],
    h1s: &[String],
) -> String {
    for sep in SITE_NAME_SEPARATORS {
        for (i, _) in title.match_indices(sep) {
            let head = title[..i].trim();
            let said_alone = |o: &String| collapse_ws(o) == head;
            let cut = if word_count(head) >= DOC_TITLE_MIN_PART_WORDS {
                others.iter().any(said_alone)
            } else {
                h1s.iter().any(said_alone)
            };
            if cut {
                return head.to_owned();
            }
        }
    }
    // A suffix run on without spaces ("…커졌다-정치ㅣ한국일보"): cut when another metadata
    // source says the head alone, and the head has a headline's words.
    for o in others {
        let head = collapse_ws(o);
        let run_on = title
            .strip_prefix(head.as_str())
            .is_some_and(|rest| rest.starts_with(is_title_separator));
        if run_on && word_count(&head) >= DOC_TITLE_MIN_PART_WORDS {
            return head;
        }
    }
    title.to_owned()
}

/// The page's `og:title`, written to stand alone, when the title only adds to it: a kicker
/// before a separator ("Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"
/// against "Judy Lybke, ganz und gar nicht eigenartig"; "MSV-Interimstrainer Schubert: …"
/// against "Interimstrainer Schubert: …"), or words after it that the social title leaves
/// out ("… here's how to check if you have the rare buck" against "… here's how to
/// check"). A social title cut short with an ellipsis is completed instead
/// ([`complete_truncated`]).
fn prefer_the_social_title(
    title: String,
    social: Option<&str>,
    from: &'static str,
) -> (String, &'static str) {
    let Some(social) = social.filter(|s| word_count(s) >= DOC_TITLE_MIN_PART_WORDS) else {
        return (title, from);
    };
    let kicker = title
        .strip_suffix(social)
        .map(str::trim_end)
        .filter(|k| k.chars().any(char::is_alphanumeric))
        .is_some_and(|k| k.ends_with(is_title_separator) || k.ends_with(':'));
    // The social title keeps most of the headline's words: a trim, not a short label
    // ("How to Care for Hydrangeas" against "How to Care for Hydrangeas to Get the Most
    // Beautiful Blooms on the Block").
    let added_words = title.strip_prefix(social).is_some_and(|rest| {
        rest.starts_with(' ')
            && (SOCIAL_TITLE_CUT_MIN_WORDS..word_count(social)).contains(&word_count(rest))
    });
    if kicker || added_words {
        (social.to_owned(), "og:title (the title adds to it)")
    } else {
        (title, from)
    }
}

/// A metadata title cut short with an ellipsis ("Google's Search makeover…") is the start
/// of the h1 that goes on from it: the h1 is the whole headline.
pub(super) fn complete_truncated(title: String, h1s: &[String]) -> String {
    let stem = title
        .strip_suffix('…')
        .or_else(|| title.strip_suffix("..."))
        .map(str::trim_end);
    let Some(stem) = stem.filter(|s| !s.is_empty()) else {
        return title;
    };
    h1s.iter()
        .map(|h| collapse_ws(h))
        .find(|h| h.len() > stem.len() && h.starts_with(stem))
        .unwrap_or(title)
}

/// Removes " - Site name" or "Site name | " when the site's name is known exactly.
fn strip_known_site_name(title: &str, site_name: Option<&str>) -> String {
    if let Some(site) = site_name.filter(|s| !s.is_empty()) {
        for sep in SITE_NAME_SEPARATORS {
            if let Some(rest) = title.strip_suffix(&format!("{sep}{site}")) {
                return rest.trim().to_owned();
            }
            if let Some(rest) = title.strip_prefix(&format!("{site}{sep}")) {
                return rest.trim().to_owned();
            }
        }
    }
    title.to_owned()
}
