//! JSON-LD: the page's article object (`NewsArticle` and kin, also inside `@graph` and
//! `mainEntity`), its string fields, publisher and authors, and its text with markup
//! stripped.

use super::authors::split_authors;
use crate::extract::vocab::metadata::{ARTICLE_TYPES, LD_BLOCK_TAGS};
use crate::text::collapse_ws;
use scraper::ElementRef;
use serde_json::Value;

/// What the page's JSON-LD says: its first object of an article type, and every
/// `@type` of its top-level, `@graph` and `mainEntity` objects (the page-kind signal).
#[derive(Debug, Default)]
pub(super) struct LdScan {
    pub article: Option<Value>,
    pub types: Vec<String>,
    /// The first recipe's `recipeIngredient` strings, whitespace-collapsed.
    pub ingredients: Vec<String>,
}

/// Reads every JSON-LD script once; arrays, `@graph` and `mainEntity` are searched.
pub(super) fn scan(scripts: &[ElementRef<'_>]) -> LdScan {
    let mut found = LdScan::default();
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
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    if let Some(main) = map.remove("mainEntity") {
                        stack.push(main);
                    }
                    collect_types(map.get("@type"), &mut found.types);
                    if found.ingredients.is_empty() {
                        if let Some(Value::Array(items)) = map.get("recipeIngredient") {
                            found.ingredients = items
                                .iter()
                                .filter_map(Value::as_str)
                                .map(collapse_ws)
                                .filter(|i| !i.is_empty())
                                .collect();
                        }
                    }
                    if found.article.is_none() && is_article_type(map.get("@type")) {
                        found.article = Some(Value::Object(map));
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn collect_types(t: Option<&Value>, out: &mut Vec<String>) {
    match t {
        Some(Value::String(s)) => out.push(s.clone()),
        Some(Value::Array(a)) => a.iter().for_each(|x| collect_types(Some(x), out)),
        _ => {}
    }
}

fn is_article_type(t: Option<&Value>) -> bool {
    match t {
        Some(Value::String(s)) => ARTICLE_TYPES.contains(&s.as_str()),
        Some(Value::Array(a)) => a.iter().any(|x| is_article_type(Some(x))),
        _ => false,
    }
}

pub(super) fn string(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(collapse_ws(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| x.as_str().map(collapse_ws)),
        _ => None,
    }
}

pub(super) fn publisher(v: &Value) -> Option<String> {
    v.get("publisher")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(collapse_ws)
}

pub(super) fn authors(v: &Value) -> Vec<String> {
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

/// Removes markup that some sites leave in JSON-LD text; block tags become line breaks.
pub(super) fn strip_tags(s: &str) -> String {
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
        if LD_BLOCK_TAGS.iter().any(|t| {
            tag == *t || tag.starts_with(&format!("{t} ")) || tag.starts_with(&format!("{t}/"))
        }) {
            out.push('\n');
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}
