//! Plain-words error messages for people editing TOML by hand: serde's "invalid type:
//! string \"lots\", expected u32" becomes "expected a positive integer, found a string", and
//! a CSS parser error becomes one short phrase instead of a debug dump.

use cssparser::ToCss;
use scraper::error::SelectorErrorKind;
use selectors::parser::SelectorParseErrorKind;

/// Rewrites a serde deserialisation message about the value at `key` (a path such as
/// `extract.title` or `start_urls[0]`). Messages of unknown shape pass through.
pub(super) fn plain_serde(key: &str, message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "expected {}, found {}",
                expected_words(key, expected),
                found_kind(found)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "expected {}, found {}",
                expected_words(key, expected),
                found_value(found)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let expected = rest.split_once(", expected ").map(|(_, e)| e);
        return match expected {
            Some(list) if list.starts_with("one of ") || list.starts_with('`') => format!(
                "unknown key (known keys: {})",
                list.trim_start_matches("one of ").replace('`', "")
            ),
            _ => "unknown key".to_owned(),
        };
    }
    if message.starts_with("missing field `") {
        return "is required".to_owned();
    }
    message.to_owned()
}

/// serde's name of the expected type, in words, with what the key holds when known.
fn expected_words(key: &str, expected: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    let bare = last.split('[').next().unwrap_or(last);
    let hint = match bare {
        "start_urls" | "feeds" | "sitemaps" => Some(("a URL", "URLs")),
        "article_patterns" | "exclude_patterns" => Some(("a regex", "regexes")),
        "drop_labels" => Some(("a label", "labels")),
        "detect" => Some(("a marker", "markers")),
        "content" | "remove" | "title" | "date" | "author" => {
            Some(("a CSS selector", "CSS selectors"))
        }
        _ => None,
    };
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a positive integer".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "an integer".to_owned(),
        "a string" => match hint {
            Some((one, _)) => format!("a string ({one})"),
            None => "a string".to_owned(),
        },
        "a sequence" => match hint {
            Some((_, many)) => format!("an array of strings ({many})"),
            None => "an array".to_owned(),
        },
        "a boolean" => "true or false".to_owned(),
        "a duration" => "a duration such as \"1s\" or \"500ms\"".to_owned(),
        "a map" => "a table".to_owned(),
        s if s.starts_with("struct ") => "a table".to_owned(),
        other => other.to_owned(),
    }
}

/// serde's `Unexpected` for a wrong type, as the kind of value that was found.
fn found_kind(found: &str) -> &'static str {
    let kind = found.split([' ', '`']).next().unwrap_or(found);
    match kind {
        "string" | "character" => "a string",
        "integer" => "an integer",
        "floating" => "a decimal number",
        "boolean" => "a boolean",
        "sequence" => "an array",
        "map" => "a table",
        _ => "another kind of value",
    }
}

/// serde's `Unexpected` for a value out of range or of a bad shape, as the value itself.
fn found_value(found: &str) -> String {
    for prefix in [
        "string ",
        "integer ",
        "floating point ",
        "boolean ",
        "character ",
    ] {
        if let Some(v) = found.strip_prefix(prefix) {
            return v.trim_matches('`').to_owned();
        }
    }
    found_kind(found).to_owned()
}

/// A CSS selector error in one short phrase.
pub(super) fn selector_error(err: &SelectorErrorKind<'_>) -> String {
    match err {
        SelectorErrorKind::UnexpectedToken(t) => format!("unexpected {}", token(t)),
        SelectorErrorKind::EndOfLine => "unexpected end of selector".to_owned(),
        SelectorErrorKind::InvalidAtRule(rule) => format!("invalid @-rule {rule:?}"),
        SelectorErrorKind::InvalidAtRuleBody => "invalid @-rule body".to_owned(),
        SelectorErrorKind::QualRuleInvalid => "invalid selector".to_owned(),
        SelectorErrorKind::ExpectedColonOnPseudoElement(t) => {
            format!(
                "expected \"::\" before a pseudo-element, found {}",
                token(t)
            )
        }
        SelectorErrorKind::ExpectedIdentityOnPseudoElement(t) => {
            format!("expected a pseudo-element name, found {}", token(t))
        }
        SelectorErrorKind::UnexpectedSelectorParseError(kind) => selector_parse_error(kind),
    }
}

fn selector_parse_error(kind: &SelectorParseErrorKind<'_>) -> String {
    use SelectorParseErrorKind as K;
    match kind {
        K::NoQualifiedNameInAttributeSelector(t) => {
            format!("expected an attribute name after \"[\", found {}", token(t))
        }
        K::EmptySelector => "empty selector".to_owned(),
        K::DanglingCombinator => "nothing after a combinator (\">\", \"+\", \"~\")".to_owned(),
        K::NonCompoundSelector
        | K::NonPseudoElementAfterSlotted
        | K::InvalidPseudoElementAfterSlotted
        | K::InvalidPseudoElementInsideWhere
        | K::InvalidState => "unsupported selector".to_owned(),
        K::UnexpectedTokenInAttributeSelector(t)
        | K::ExpectedBarInAttr(t)
        | K::BadValueInAttr(t) => format!("unexpected {} in an attribute selector", token(t)),
        K::PseudoElementExpectedColon(t) => {
            format!(
                "expected \"::\" before a pseudo-element, found {}",
                token(t)
            )
        }
        K::PseudoElementExpectedIdent(t) | K::NoIdentForPseudo(t) => {
            format!("expected a name after \":\", found {}", token(t))
        }
        K::UnsupportedPseudoClassOrElement(name) => {
            format!("unsupported pseudo-class or pseudo-element \":{name}\"")
        }
        K::UnexpectedIdent(name) => format!("unexpected \"{name}\""),
        K::ExpectedNamespace(prefix) => format!("unknown namespace prefix \"{prefix}\""),
        K::InvalidQualNameInAttr(t) => format!("invalid attribute name {}", token(t)),
        K::ExplicitNamespaceUnexpectedToken(t) => {
            format!("unexpected {} after a namespace", token(t))
        }
        K::ClassNeedsIdent(t) => format!("expected a class name after \".\", found {}", token(t)),
    }
}

/// A CSS token as written, quoted.
fn token(t: &cssparser::Token<'_>) -> String {
    format!("{:?}", t.to_css_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_type_errors_in_plain_words() {
        let cases = [
            (
                "page_budget",
                "invalid type: string \"lots\", expected u32",
                "expected a positive integer, found a string",
            ),
            (
                "extract.title",
                "invalid type: sequence, expected a string",
                "expected a string (a CSS selector), found an array",
            ),
            (
                "headers.Cookie",
                "invalid type: integer `5`, expected a string",
                "expected a string, found an integer",
            ),
            (
                "delay",
                "invalid value: string \"2 sec\", expected a duration",
                "expected a duration such as \"1s\" or \"500ms\", found \"2 sec\"",
            ),
            (
                "max_depth",
                "invalid value: integer `-1`, expected u32",
                "expected a positive integer, found -1",
            ),
            (
                "start_urls",
                "invalid type: string \"https://x.bf/\", expected a sequence",
                "expected an array of strings (URLs), found a string",
            ),
            (
                "start_urls[1]",
                "invalid type: integer `3`, expected a string",
                "expected a string (a URL), found an integer",
            ),
            (
                "enabled",
                "invalid type: string \"yes\", expected a boolean",
                "expected true or false, found a string",
            ),
            (
                "extract",
                "invalid type: string \"x\", expected struct RawExtract",
                "expected a table, found a string",
            ),
            (
                "delai",
                "unknown field `delai`, expected one of `name`, `delay`",
                "unknown key (known keys: name, delay)",
            ),
            ("name", "missing field `name`", "is required"),
        ];
        for (key, serde, plain) in cases {
            assert_eq!(plain_serde(key, serde), plain, "{key}");
        }
    }

    #[test]
    fn selector_errors_are_one_short_line() {
        for (sel, want) in [
            ("div[", "unexpected end of selector"),
            ("div >", "nothing after a combinator (\">\", \"+\", \"~\")"),
            (
                "a[=x]",
                "expected an attribute name after \"[\", found \"=\"",
            ),
            (".", "unexpected end of selector"),
            (
                "p:frobnicate",
                "unsupported pseudo-class or pseudo-element \":frobnicate\"",
            ),
        ] {
            let err = scraper::Selector::parse(sel).unwrap_err();
            let msg = selector_error(&err);
            assert!(!msg.contains('\n'), "{sel}: {msg}");
            assert_eq!(msg, want, "{sel}");
        }
    }
}
