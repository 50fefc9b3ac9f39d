//! A byte-level pass before parsing that drops what extraction never reads: `<script>`
//! bodies (except JSON-LD, which metadata reads), `<style>`, inline `<svg>`, `<noscript>`,
//! `<iframe>`, `<textarea>` and `<select>` elements, comments, and `<nav>`, `<footer>`,
//! `<aside>` and `<form>` elements that hold no paragraph (a form with an email field
//! leaves that field, so that generic cleaning still finds the signup box around it). On
//! news pages these are about half of the bytes, so the HTML parser —
//! the most expensive step — has half the work. Every cut is at an ASCII `<` or `>`, so
//! the result is valid UTF-8; anything unterminated is kept as it is.

/// Returns the page without the elements and comments listed above.
#[must_use]
pub fn strip_unread(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0; // bytes[..copied] are already handled
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        let skip_to = if rest.starts_with(b"!--") {
            // A comment ends at the first "-->".
            find(&bytes[lt + 4..], b"-->").map(|e| lt + 4 + e + 3)
        } else if let Some(name) = [
            &b"script"[..],
            b"style",
            b"svg",
            b"noscript",
            b"iframe",
            b"textarea",
            b"select",
        ]
        .into_iter()
        .find(|n| starts_with_tag(rest, n))
        {
            element_end(bytes, lt, name)
        } else if let Some(name) = [&b"nav"[..], b"footer", b"aside", b"form"]
            .into_iter()
            .find(|n| starts_with_tag(rest, n))
        {
            chrome_end(bytes, lt, name)
        } else {
            None
        };
        match skip_to {
            Some(end) => {
                out.push_str(&html[copied..lt]);
                // A signup form leaves its email field behind: the box around the form
                // (its pitch and consent line) is found by that field after parsing.
                if starts_with_tag(rest, b"form") && holds_email_field(&bytes[lt..end]) {
                    out.push_str(EMAIL_FIELD_MARK);
                }
                copied = end;
                i = end;
            }
            None => i = lt + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    out.push_str(&html[copied.min(html.len())..]);
    out
}

/// True when `rest` (the bytes after `<`) opens element `name` (ASCII, case-insensitive).
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
        )
}

/// End (exclusive) of the element opened at `lt`, or `None` to keep it (JSON-LD scripts,
/// self-closed or unterminated elements).
fn element_end(bytes: &[u8], lt: usize, name: &[u8]) -> Option<usize> {
    let open_end = lt + memchr(b'>', &bytes[lt..])?;
    let open = &bytes[lt..open_end];
    if name == b"script" && find_ci(open, b"ld+json").is_some() {
        return None;
    }
    if open.ends_with(b"/") {
        return None;
    }
    let mut from = open_end + 1;
    loop {
        let close = from + find(&bytes[from..], b"</")?;
        let after = &bytes[close + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            let gt = close + memchr(b'>', &bytes[close..])?;
            return Some(gt + 1);
        }
        from = close + 2;
    }
}

/// End (exclusive) of a `<nav>`, `<footer>`, `<aside>` or `<form>` opened at `lt`, nested
/// ones included, when it holds no paragraph: cleaning removes these after parsing anyway,
/// and the rare page that wraps its article in one of them keeps it (it has `<p>`s).
fn chrome_end(bytes: &[u8], lt: usize, name: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = lt;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at + 1..];
        if starts_with_tag(rest, name) {
            depth += 1;
        } else if rest.first() == Some(&b'/') && starts_with_tag(&rest[1..], name) {
            depth -= 1;
            if depth == 0 {
                return Some(at + memchr(b'>', &bytes[at..])? + 1);
            }
        } else if starts_with_tag(rest, b"p")
            || starts_with_tag(rest, b"article")
            || starts_with_tag(rest, b"script")
            || rest.starts_with(b"!--")
        {
            // Prose, or a script or comment whose text could hide a closing tag: keep.
            return None;
        }
        i = at + 1;
    }
    None
}

/// What a dropped signup form leaves in its place.
const EMAIL_FIELD_MARK: &str = "<input type=email>";

/// True when the bytes hold an `<input type=email>` (any quoting of the value).
fn holds_email_field(form: &[u8]) -> bool {
    [&b"type=\"email\""[..], b"type='email'", b"type=email"]
        .iter()
        .any(|p| find(form, p).is_some())
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_svgs_and_comments() {
        let html = r#"<p>a</p><script>var x = "<p>no</p>";</script><STYLE>p{}</STYLE><!-- c --><svg viewBox="0"><path/></svg><p>b</p>"#;
        assert_eq!(strip_unread(html), "<p>a</p><p>b</p>");
    }

    #[test]
    fn drops_navigation_and_footers_without_prose() {
        let html = "<nav><ul><li><a href=/>Accueil</a></li><li><nav>x</nav></li></ul></nav>\
                    <p>a</p><footer><a href=/c>Contact</a></footer><p>b</p>";
        assert_eq!(strip_unread(html), "<p>a</p><p>b</p>");
        let wrapped = "<footer><p>Le conseil a voté.</p></footer><nav>open";
        assert_eq!(strip_unread(wrapped), wrapped);
        let noscript = "<noscript><img src=x></noscript><select><option>1</select><p>c</p>";
        assert_eq!(strip_unread(noscript), "<p>c</p>");
    }

    #[test]
    fn a_dropped_signup_form_leaves_its_email_field() {
        let html = "<div><h2>La lettre</h2><form action=/nl><input type=\"email\" name=m>\
                    <button>OK</button></form><form><input type=text></form></div>";
        assert_eq!(
            strip_unread(html),
            "<div><h2>La lettre</h2><input type=email></div>"
        );
    }

    #[test]
    fn a_dropped_footer_with_an_email_field_leaves_nothing() {
        let html = "<p>a</p><footer><input type=email name=m><a href=/c>Contact</a></footer>";
        assert_eq!(strip_unread(html), "<p>a</p>");
    }

    #[test]
    fn keeps_json_ld_and_lookalikes() {
        let html = r#"<script type="application/ld+json">{"a":1}</script><scripted>x</scripted><svgx>y</svgx>"#;
        assert_eq!(strip_unread(html), html);
    }

    #[test]
    fn unterminated_is_kept_and_nothing_panics() {
        for html in [
            "<script>never closed",
            "<!-- never closed",
            "<",
            "<svg",
            "<style/>",
            "é<script>ü</script>ß",
            "",
        ] {
            let _ = strip_unread(html);
        }
        assert_eq!(strip_unread("é<script>ü</script>ß"), "éß");
        assert_eq!(strip_unread("<script>never closed"), "<script>never closed");
    }
}
