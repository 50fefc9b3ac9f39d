//! Article metadata, decided per field in order of trust (as trafilatura does):
//! JSON-LD (`NewsArticle` and kin), then OpenGraph and `<meta>` tags, then the site's own
//! selectors, then the DOM. Bylines that are not names ("Par la rédaction", share-button
//! text, URLs) are rejected.

use super::date::parse_date;
use super::labels::fold;
use super::SiteRules;
use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

/// Metadata found on a page, before the body is chosen.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    /// `og:site_name` or JSON-LD publisher, used to strip " - Site" from titles.
    pub site_name: Option<String>,
    /// The page's first `<h1>`, which the body should not repeat.
    pub h1: Option<String>,
    /// JSON-LD `articleBody` (or `text`), line breaks kept: a recall fallback.
    pub article_body: Option<String>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

static AUTHOR_DOM: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        r#"[rel="author"], [itemprop="author"] [itemprop="name"], .author-name, .td-post-author-name a, .jeg_meta_author a, .byline a, .byline, .author a"#,
    )
});

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "AdvertiserContentArticle",
    "AskPublicNewsArticle",
    "DiscussionForumPosting",
    "SatiricalArticle",
    "MedicalScholarlyArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

/// Reads every metadata source of the page. Cheap: a handful of selector passes.
#[must_use]
/// The elements metadata reads, found in one document-order pass instead of one
/// selector traversal each (these passes were a tenth of the extraction time).
#[derive(Default)]
struct Landmarks<'a> {
    html: Option<ElementRef<'a>>,
    title: Option<ElementRef<'a>>,
    canonical: Option<ElementRef<'a>>,
    metas: Vec<ElementRef<'a>>,
    json_ld: Vec<ElementRef<'a>>,
    /// `h1` and `h2` elements, in document order.
    headings: Vec<ElementRef<'a>>,
    /// `time[datetime]` and `[itemprop=datePublished]`.
    dated: Vec<ElementRef<'a>>,
}

impl<'a> Landmarks<'a> {
    fn find(doc: &'a Html) -> Self {
        let mut found = Self::default();
        for node in doc.tree.root().descendants() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let e = el.value();
            match e.name() {
                "html" if found.html.is_none() => found.html = Some(el),
                "title" if found.title.is_none() => found.title = Some(el),
                "meta" => found.metas.push(el),
                "link"
                    if found.canonical.is_none()
                        && e.attr("rel").is_some_and(|r| r == "canonical") =>
                {
                    found.canonical = Some(el);
                }
                "script" if e.attr("type") == Some("application/ld+json") => {
                    found.json_ld.push(el);
                }
                "h1" | "h2" => found.headings.push(el),
                "time" if e.attr("datetime").is_some() => found.dated.push(el),
                _ => {}
            }
            let timed = e.name() == "time" && e.attr("datetime").is_some();
            if e.attr("itemprop") == Some("datePublished") && !timed {
                found.dated.push(el);
            }
        }
        found
    }
}

pub fn extract_metadata(doc: &Html, rules: &SiteRules) -> Metadata {
    let mut meta = Metadata::default();
    let marks = Landmarks::find(doc);
    let ld = json_ld_article(&marks.json_ld);
    let tags = MetaTags::read(&marks.metas);

    // Title: JSON-LD headline, og:title, twitter:title, then <title>; reconciled with the
    // page's h1 in `choose_title`.
    let h1s: Vec<String> = marks
        .headings
        .iter()
        .filter(|e| e.value().name() == "h1")
        .map(element_text)
        .filter(|t| !t.is_empty())
        .take(5)
        .collect();
    let doc_title = marks.title.as_ref().map(element_text);
    let headings: Vec<String> = marks
        .headings
        .iter()
        .map(element_text)
        .filter(|t| !t.is_empty())
        .take(20)
        .collect();
    meta.site_name = tags
        .get("og:site_name")
        .or_else(|| ld.as_ref().and_then(ld_publisher));
    let site_title = rules
        .title
        .as_ref()
        .and_then(|s| doc.select(s).next())
        .map(|e| element_text(&e));
    // Title sources in Readability's order of trust: JSON-LD, Dublin Core, OpenGraph,
    // Weibo, `<meta name=title>`, Twitter, Parse.ly; then `<title>` with its site part
    // cut; then the h1.
    let meta_title = ld
        .as_ref()
        .and_then(|v| ld_title(v, doc_title.as_deref(), &headings))
        .or_else(|| {
            [
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ]
            .iter()
            .find_map(|k| tags.get_last(k))
        });
    meta.title = site_title.filter(|t| !t.is_empty()).or_else(|| {
        choose_title(
            meta_title,
            doc_title,
            &h1s,
            &headings,
            meta.site_name.as_deref(),
        )
    });

    meta.h1 = h1s.first().cloned();
    meta.article_body = ld.as_ref().and_then(|v| {
        ["articleBody", "text"]
            .iter()
            .find_map(|k| match v.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(strip_tags(s)),
                _ => None,
            })
    });
    meta.published = ld
        .as_ref()
        .and_then(|v| ld_string(v, "datePublished"))
        .and_then(|d| parse_date(&d))
        .or_else(|| {
            [
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "dc.date",
                "dc.date.issued",
                "dcterms.date",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
                "published_time",
                "og:published_time",
            ]
            .iter()
            .find_map(|k| tags.get(k).and_then(|d| parse_date(&d)))
        })
        .or_else(|| {
            rules
                .date
                .as_ref()
                .and_then(|s| doc.select(s).next())
                .and_then(|e| {
                    e.value()
                        .attr("datetime")
                        .and_then(parse_date)
                        .or_else(|| parse_date(&element_text(&e)))
                })
        })
        .or_else(|| {
            marks.dated.iter().find_map(|e| {
                e.value()
                    .attr("datetime")
                    .or_else(|| e.value().attr("content"))
                    .and_then(parse_date)
            })
        });

    let mut authors = ld.as_ref().map(ld_authors).unwrap_or_default();
    if authors.is_empty() {
        authors = [
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "parsely-author",
            "sailthru.author",
        ]
        .iter()
        .filter_map(|k| tags.get(k))
        .flat_map(|a| split_authors(&a))
        .collect();
    }
    if authors.is_empty() {
        if let Some(s) = &rules.author {
            authors = doc
                .select(s)
                .flat_map(|e| split_authors(&element_text(&e)))
                .collect();
        }
    }
    if authors.is_empty() && has_author_markup(doc) {
        authors = doc
            .select(&AUTHOR_DOM)
            .take(3)
            .flat_map(|e| split_authors(&element_text(&e)))
            .collect();
    }
    authors.retain(|a| is_plausible_author(a));
    authors.dedup();
    authors.truncate(8);
    meta.authors = authors;

    meta.language = marks
        .html
        .and_then(|h| h.value().attr("lang"))
        .map(normalise_lang)
        .or_else(|| {
            ld.as_ref()
                .and_then(|v| ld_string(v, "inLanguage"))
                .map(|l| normalise_lang(&l))
        })
        .or_else(|| tags.get("og:locale").map(|l| normalise_lang(&l)))
        .filter(|l| !l.is_empty());

    meta.canonical_url = marks
        .canonical
        .and_then(|e| e.value().attr("href"))
        .map(str::to_owned)
        .or_else(|| tags.get("og:url"));
    meta
}

/// Cheap test before the author selectors: a class, rel or itemprop names an author or
/// byline (the only attributes `AUTHOR_DOM` matches on; URLs and styles are not read).
fn has_author_markup(doc: &Html) -> bool {
    doc.tree.values().any(|n| match n {
        scraper::Node::Element(e) => e.attrs().any(|(k, v)| {
            matches!(k, "class" | "rel" | "itemprop")
                && (v.contains("author") || v.contains("byline"))
        }),
        _ => false,
    })
}

/// `<meta>` tags by lower-cased `property`/`name`/`itemprop`; first value wins.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(metas: &[ElementRef<'_>]) -> Self {
        let mut tags = Vec::new();
        for e in metas {
            let v = e.value();
            let Some(c) = v.attr("content").map(collapse_ws).filter(|c| !c.is_empty()) else {
                continue;
            };
            // `property` may list several keys ("og:title twitter:title"); a `name` key
            // may use a dot for the colon ("DC.title").
            if let Some(p) = v.attr("property") {
                for k in p.split_whitespace() {
                    tags.push((k.to_ascii_lowercase(), c.clone()));
                }
            }
            if let Some(k) = v.attr("name").or_else(|| v.attr("itemprop")) {
                let k = k.trim().to_ascii_lowercase();
                if let Some(rest) = ["dc.", "dcterm.", "og.", "twitter."]
                    .iter()
                    .find_map(|p| k.strip_prefix(p).map(|r| (p, r)))
                {
                    tags.push((
                        format!("{}:{}", rest.0.trim_end_matches('.'), rest.1),
                        c.clone(),
                    ));
                }
                tags.push((k, c));
            }
        }
        Self(tags)
    }

    /// The last value of a key: later tags override earlier ones, as in Readability.
    fn get_last(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

fn choose_title(
    meta_title: Option<String>,
    doc_title: Option<String>,
    h1s: &[String],
    headings: &[String],
    site_name: Option<&str>,
) -> Option<String> {
    if let Some(t) = meta_title
        .map(|t| strip_known_site_name(&collapse_ws(&t), site_name))
        .filter(|t| !t.is_empty())
    {
        return Some(t);
    }
    doc_title
        .map(|t| collapse_ws(&t))
        .filter(|t| !t.is_empty())
        .map(|t| strip_known_site_name(&title_from_document_title(&t, h1s, headings), site_name))
        .filter(|t| !t.is_empty())
        .or_else(|| h1s.first().cloned())
}

/// Separators between a page's title and its site or section names.
fn is_title_separator(c: char) -> bool {
    matches!(c, '|' | '-' | '–' | '—' | '\\' | '/' | '>' | '»')
}

/// The JSON-LD title: `name` and `headline` should agree; when they do not (a site's
/// name in `name`), the one that resembles the document title wins, `name` by default.
fn ld_title(v: &Value, doc_title: Option<&str>, headings: &[String]) -> Option<String> {
    let name = ld_string(v, "name");
    let headline = ld_string(v, "headline");
    match (name, headline) {
        (Some(n), Some(h)) if n != h => {
            let title = doc_title
                .map(|t| title_from_document_title(&collapse_ws(t), &[], headings))
                .unwrap_or_default();
            if similarity(&h, &title) > 0.75 && similarity(&n, &title) <= 0.75 {
                Some(h)
            } else {
                Some(n)
            }
        }
        (Some(n), _) => Some(n),
        (None, h) => h,
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
fn title_from_document_title(orig: &str, h1s: &[String], headings: &[String]) -> String {
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
        if word_count(&cur) < 3 {
            if let Some(i) = chars.iter().position(|c| is_title_separator(*c)) {
                cur = chars[i + 1..].iter().collect();
            }
        }
    } else if orig.contains(": ") {
        if !headings.iter().any(|h| h.trim() == orig.trim()) {
            let last = orig.rfind(':').map_or(0, |i| i + 1);
            cur = orig[last..].to_owned();
            if word_count(&cur) < 3 {
                let first = orig.find(':').map_or(0, |i| i + 1);
                cur = orig[first..].to_owned();
            } else if word_count(&orig[..orig.find(':').unwrap_or(0)]) > 5 {
                cur = orig.to_owned();
            }
        }
    } else if chars.len() > 150 || chars.len() < 15 {
        if let [h1] = h1s {
            cur = h1.clone();
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
    if words <= 4 && (!had_hierarchy || words + 1 != orig_words_without_separators) {
        return orig.to_owned();
    }
    cur
}

/// Removes " - Site name" or "Site name | " when the site's name is known exactly.
fn strip_known_site_name(title: &str, site_name: Option<&str>) -> String {
    if let Some(site) = site_name.filter(|s| !s.is_empty()) {
        for sep in [" - ", " | ", " – ", " — ", " : ", " :: ", " » ", " · "] {
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

fn json_ld_article(scripts: &[ElementRef<'_>]) -> Option<Value> {
    let mut found = None;
    for script in scripts {
        let raw: String = script.text().collect();
        // Some pages (and serialisers) wrap the JSON in a CDATA section.
        let json = raw.trim();
        let json = json
            .strip_prefix("<![CDATA[")
            .and_then(|j| j.trim_end().strip_suffix("]]>"))
            .unwrap_or(json)
            .trim()
            .trim_end_matches(';');
        let Ok(value) = serde_json::from_str::<Value>(json) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items),
                Value::Object(ref map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph.clone());
                    }
                    if is_article_type(map.get("@type")) {
                        found = Some(v);
                        break;
                    }
                    if let Some(main) = map.get("mainEntity") {
                        stack.push(main.clone());
                    }
                }
                _ => {}
            }
        }
        if found.is_some() {
            break;
        }
    }
    found
}

fn is_article_type(t: Option<&Value>) -> bool {
    match t {
        Some(Value::String(s)) => ARTICLE_TYPES.contains(&s.as_str()),
        Some(Value::Array(a)) => a.iter().any(|x| is_article_type(Some(x))),
        _ => false,
    }
}

fn ld_string(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(collapse_ws(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| x.as_str().map(collapse_ws)),
        _ => None,
    }
}

fn ld_publisher(v: &Value) -> Option<String> {
    v.get("publisher")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(collapse_ws)
}

fn ld_authors(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |a: &Value| match a {
        Value::String(s) => out.extend(split_authors(s)),
        Value::Object(m) => {
            if let Some(name) = m.get("name").and_then(Value::as_str) {
                out.extend(split_authors(name));
            }
        }
        _ => {}
    };
    match v.get("author") {
        Some(Value::Array(items)) => items.iter().for_each(&mut push),
        Some(a) => push(a),
        None => {}
    }
    out
}

fn split_authors(raw: &str) -> Vec<String> {
    let cleaned = collapse_ws(raw);
    let lower = fold(&cleaned);
    let stripped = ["par ", "by ", "von ", "de "]
        .iter()
        .find_map(|p| {
            lower
                .starts_with(p)
                .then(|| cleaned[p.len()..].trim().to_owned())
        })
        .unwrap_or(cleaned);
    stripped
        .split([',', ';', '/', '&'])
        .flat_map(|s| s.split(" et ").flat_map(|s| s.split(" and ")))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Rejects bylines that are not a person or agency name.
#[must_use]
pub fn is_plausible_author(name: &str) -> bool {
    let folded = fold(name);
    let f = ["par ", "by ", "von "]
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .unwrap_or(&folded)
        .to_owned();
    const JUNK: &[&str] = &[
        "la redaction",
        "redaction",
        "admin",
        "administrator",
        "administrateur",
        "staff",
        "editor",
        "editeur",
        "webmaster",
        "anonymous",
        "anonyme",
        "guest",
        "invite",
        "facebook",
        "twitter",
        "whatsapp",
        "partager",
        "share",
        "the editorial team",
        "l'equipe",
        "equipe editoriale",
        "contributor",
        "unknown",
        "redacteur",
    ];
    let words = f.split_whitespace().count();
    !(f.is_empty()
        || f.len() > 60
        || words > 6
        || JUNK.contains(&f.as_str())
        || f.starts_with("la redaction")
        || f.starts_with("redaction ")
        || f.contains("http")
        || f.contains('@')
        || f.chars().filter(char::is_ascii_digit).count() > 2)
}

fn normalise_lang(raw: &str) -> String {
    let primary = raw
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if primary.len() == 2 || primary.len() == 3 {
        primary
    } else {
        String::new()
    }
}

/// Text of an element with whitespace folded.
#[must_use]
pub fn element_text(e: &ElementRef<'_>) -> String {
    let mut s = String::new();
    for t in e.text() {
        s.push_str(t);
        s.push(' ');
    }
    collapse_ws(&s)
}

/// Folds runs of whitespace (including no-break spaces) into one space and trims.
#[must_use]
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Removes markup that some sites leave in JSON-LD text; block tags become line breaks.
fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let tag = rest[i + 1..i + j]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if [
            "p",
            "br",
            "div",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "tr",
        ]
        .iter()
        .any(|t| {
            tag == *t || tag.starts_with(&format!("{t} ")) || tag.starts_with(&format!("{t}/"))
        }) {
            out.push('\n');
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_bylines_are_rejected() {
        assert!(!is_plausible_author("Par La Rédaction"));
        assert!(!is_plausible_author("La rédaction"));
        assert!(!is_plausible_author("Partager"));
        assert!(!is_plausible_author("https://facebook.com/x"));
        assert!(is_plausible_author("Cédric Kaboré"));
    }

    #[test]
    fn split_author_strips_par() {
        assert_eq!(
            split_authors("Par Awa Ouédraogo et Ali Diallo"),
            vec!["Awa Ouédraogo", "Ali Diallo"]
        );
    }

    #[test]
    fn known_site_name_is_stripped_from_og_title() {
        let t = choose_title(
            Some("Lutte contre le paludisme : la campagne démarre - Faso Matin".into()),
            None,
            &["Lutte contre le paludisme : la campagne démarre".into()],
            &[],
            Some("Faso Matin"),
        );
        assert_eq!(
            t.as_deref(),
            Some("Lutte contre le paludisme : la campagne démarre")
        );
    }

    #[test]
    fn document_title_loses_its_site_part() {
        assert_eq!(
            title_from_document_title("Le budget 2024 adopté à l'Assemblée | Sidwaya", &[], &[]),
            "Le budget 2024 adopté à l'Assemblée"
        );
        // Too few words left: the whole title stays.
        assert_eq!(
            title_from_document_title("Accueil | Sidwaya", &[], &[]),
            "Accueil | Sidwaya"
        );
        assert_eq!(
            title_from_document_title("Sidwaya: Le budget 2024 adopté par les députés", &[], &[]),
            "Le budget 2024 adopté par les députés"
        );
    }
}
