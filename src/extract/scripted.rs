//! Article HTML shipped inside inline scripts. Pages rendered in the browser (Next.js's
//! `__NEXT_DATA__`, React Query or Apollo hydration, Nuxt state) send the article's HTML
//! as a JSON string in a `<script>` and little or no markup around it; the prefilter drops
//! every script before parsing, so the cascade would see an empty page. When the markup
//! yields too little text, the longest such string that is HTML with paragraphs is
//! extracted as a page of its own (see `pipeline`).

use super::tuning::{SCRIPT_HTML_MIN_BYTES, SCRIPT_HTML_MIN_PARAGRAPHS};
use memchr::memmem;

/// The longest JSON string literal in the page's scripts whose decoded value is HTML with
/// at least [`SCRIPT_HTML_MIN_PARAGRAPHS`] paragraphs, decoded.
pub(super) fn embedded_article_html(html: &str) -> Option<String> {
    let mut best: Option<String> = None;
    for script in scripts(html) {
        for literal in json_strings(script) {
            if literal.len() < SCRIPT_HTML_MIN_BYTES
                || best.as_ref().is_some_and(|b| b.len() >= literal.len())
                || !mentions_paragraph(literal)
            {
                continue;
            }
            let Ok(value) = serde_json::from_str::<String>(literal) else {
                continue;
            };
            if paragraphs(&value) >= SCRIPT_HTML_MIN_PARAGRAPHS {
                best = Some(value);
            }
        }
    }
    best
}

/// The bodies of the page's `<script>` elements.
fn scripts(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let open = memmem::Finder::new(b"<script");
    let close = memmem::Finder::new(b"</script");
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + open.find(&bytes[at..])?;
        let body = start + memchr::memchr(b'>', &bytes[start..])? + 1;
        let end = body + close.find(&bytes[body..])?;
        at = end;
        // Both ends sit on ASCII bytes, so the slice is valid UTF-8.
        html.get(body..end)
    })
}

/// Double-quoted string literals of a script, quotes included (what `serde_json` reads).
/// A literal that runs to a line break is not JSON and is skipped.
fn json_strings(script: &str) -> impl Iterator<Item = &str> {
    let bytes = script.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + memchr::memchr(b'"', &bytes[at..])?;
        let mut i = start + 1;
        let end = loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break Some(i),
                b'\n' => break None,
                _ => i += 1,
            }
        };
        match end {
            Some(end) => {
                at = end + 1;
                return script.get(start..=end);
            }
            None => at = i,
        }
    })
}

/// A raw literal that may hold a `<p>`: written plainly or escaped as `\u003c`.
fn mentions_paragraph(raw: &str) -> bool {
    raw.contains("<p") || raw.contains("\\u003cp") || raw.contains("\\u003Cp")
}

/// Paragraph elements (`<p>` or `<p …>`) in decoded HTML.
fn paragraphs(html: &str) -> usize {
    html.match_indices("<p")
        .filter(|(i, _)| matches!(html.as_bytes().get(i + 2), Some(b'>' | b' ')))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARA: &str = "Le conseil municipal a voté le budget, après un long débat sur la voirie.";

    fn next_data(body: &str) -> String {
        let json = serde_json::json!({"props": {"pageProps": {"article": {
            "title": "Budget", "body": body, "teaser": "<p>Court</p>"}}}});
        format!(
            "<html><head><script>var a = \"x\";</script></head><body><div id=__next></div>\
             <script id=__NEXT_DATA__ type=application/json>{json}</script></body></html>"
        )
    }

    #[test]
    fn finds_the_article_html_in_next_data() {
        let body = format!("<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>");
        let found = embedded_article_html(&next_data(&body)).expect("article html");
        assert_eq!(found, body);
    }

    #[test]
    fn reads_html_escaped_as_unicode_in_a_hydration_push() {
        let body =
            format!("<div class=caption><p>Photo</p></div><p>{PARA}</p><p>{PARA}</p>").repeat(3);
        let escaped = serde_json::to_string(&body)
            .unwrap()
            .replace('<', "\\u003c");
        let page = format!(
            "<html><body><main></main><script>self.__q = self.__q || [];\n\
             self.__q.push({{\"data\":{{\"contentHtml\":{escaped}}}}});</script></body></html>"
        );
        assert_eq!(embedded_article_html(&page).as_deref(), Some(body.as_str()));
    }

    #[test]
    fn ignores_short_strings_and_strings_without_paragraphs() {
        assert_eq!(embedded_article_html(&next_data("<p>Court</p>")), None);
        let no_p = format!("<div>{PARA}</div>").repeat(8);
        assert_eq!(embedded_article_html(&next_data(&no_p)), None);
        assert_eq!(embedded_article_html("<script>\"unterminated"), None);
    }
}
