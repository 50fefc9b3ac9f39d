//! The pages `crawl extract` reads: files, directories of them, the HTML responses of
//! WARC files, standard input. Each page comes with where it came from and, when known,
//! its URL; a page that cannot be read (too large, empty, unreadable, a damaged WARC)
//! comes with the reason instead of its bytes, so that the run counts it and goes on.

use crate::archive::reader::Records;
use crate::archive::WarcLocation;
use std::io::Read;
use std::path::{Path, PathBuf};
use url::Url;

/// One input named on the command line, or found in a directory named there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Input {
    Stdin,
    File(PathBuf),
    Warc(PathBuf),
}

/// One page to extract.
#[derive(Debug)]
pub(in crate::app) struct Page {
    /// The file, or `FILE@OFFSET` for a WARC record: what the output names.
    pub(in crate::app) source: String,
    pub(in crate::app) url: Option<Url>,
    pub(in crate::app) content_type: Option<String>,
    pub(in crate::app) body: Result<Vec<u8>, String>,
    pub(in crate::app) archived: Option<WarcLocation>,
}

/// Whether a file is a WARC file, by its name.
#[must_use]
pub(in crate::app) fn is_warc(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = name
        .strip_suffix(crate::archive::writer::OPEN_SUFFIX)
        .unwrap_or(&name);
    // Lower-cased above: the comparison ignores case.
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    let warc = name.ends_with(".warc") || name.ends_with(".warc.gz");
    warc
}

/// The inputs the arguments name, directories walked (sorted, hidden entries skipped),
/// so that the order of the output never depends on the file system. A path that does
/// not exist is an error, before anything is read.
pub(super) fn expand(args: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if arg.is_dir() {
            walk(arg, &mut out).map_err(|e| format!("{}: {e}", arg.display()))?;
        } else if arg.is_file() {
            out.push(classify(arg.clone()));
        } else {
            return Err(format!("{}: no such file or directory", arg.display()));
        }
    }
    Ok(out)
}

fn classify(path: PathBuf) -> Input {
    if is_warc(&path) {
        Input::Warc(path)
    } else {
        Input::File(path)
    }
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(classify(path));
        }
    }
    Ok(())
}

/// Calls `each` with every page of `inputs`, in order, until it returns `false`.
/// `max_bytes`: a page larger than this (after gunzip) is skipped as too large.
pub(super) fn for_each_page(inputs: &[Input], max_bytes: u64, mut each: impl FnMut(Page) -> bool) {
    for input in inputs {
        let go_on = match input {
            Input::Stdin => each(file_page(
                "-".into(),
                read_capped(std::io::stdin(), max_bytes),
            )),
            Input::File(path) => each(file_page(
                path.display().to_string(),
                read_file(path, max_bytes),
            )),
            Input::Warc(path) => warc_pages(path, max_bytes, &mut each),
        };
        if !go_on {
            return;
        }
    }
}

fn file_page(source: String, body: Result<Vec<u8>, String>) -> Page {
    let url = body.as_ref().ok().and_then(|b| sniff_url(b));
    Page {
        source,
        url,
        content_type: None,
        body,
        archived: None,
    }
}

fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("unreadable: {e}"))?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        read_capped(flate2::read::MultiGzDecoder::new(file), max_bytes)
    } else {
        read_capped(file, max_bytes)
    }
}

/// Reads at most `max_bytes` (one more tells that the page is larger).
fn read_capped(r: impl Read, max_bytes: u64) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    r.take(max_bytes.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|e| format!("unreadable: {e}"))?;
    if body.len() as u64 > max_bytes {
        return Err("too_large".into());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("empty".into());
    }
    Ok(body)
}

/// The HTML responses of a WARC file: records of other types (requests, metadata),
/// other statuses (redirects, errors) and other media (feeds, robots.txt) are not pages.
fn warc_pages(path: &Path, max_bytes: u64, each: &mut impl FnMut(Page) -> bool) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .trim_end_matches(crate::archive::writer::OPEN_SUFFIX)
        .to_owned();
    let records = match Records::open(path) {
        Ok(r) => r,
        Err(e) => return each(bad_warc(path, &e)),
    };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => return each(bad_warc(path, &e)),
        };
        if record.header("WARC-Type") != Some("response") {
            continue;
        }
        let Some(url) = record
            .header("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']))
            .and_then(|u| Url::parse(u).ok())
        else {
            continue;
        };
        // The head decides; only a page's body is copied out of the record.
        let Some((http, at)) = record.http_head() else {
            continue;
        };
        let content_type = http.header("content-type").map(str::to_owned);
        let html = content_type.as_deref().is_none_or(|ct| ct.contains("html"));
        if http.status != 200 || !html {
            continue;
        }
        let offset = record.offset;
        let body = if (record.block.len() - at) as u64 > max_bytes {
            Err("too_large".to_owned())
        } else {
            let mut block = record.block;
            block.drain(..at);
            Ok(block)
        };
        let page = Page {
            source: format!("{}@{}", path.display(), offset),
            url: Some(url),
            content_type,
            body,
            archived: Some(WarcLocation {
                file: name.clone(),
                offset,
            }),
        };
        if !each(page) {
            return false;
        }
    }
    true
}

fn bad_warc(path: &Path, e: &std::io::Error) -> Page {
    Page {
        source: path.display().to_string(),
        url: None,
        content_type: None,
        body: Err(format!("bad_warc: {e}")),
        archived: None,
    }
}

/// The URL a saved page names for itself: its canonical link or `og:url`, or the
/// "saved from url" comment browsers write; read from the head only.
fn sniff_url(body: &[u8]) -> Option<Url> {
    static PATTERNS: std::sync::LazyLock<[regex::bytes::Regex; 3]> = std::sync::LazyLock::new(
        || {
            [
                r#"(?is)<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)"#,
                r#"(?is)<meta\b[^>]*\bproperty\s*=\s*["']?og:url["']?[^>]*\bcontent\s*=\s*["']?([^"'\s>]+)"#,
                r"(?i)<!--\s*saved from url=\(\d+\)(\S+?)\s*-->",
            ]
            .map(|p| regex::bytes::Regex::new(p).expect("static pattern"))
        },
    );
    let head = &body[..body.len().min(64 * 1024)];
    PATTERNS.iter().find_map(|re| {
        let m = re.captures(head)?.get(1)?;
        let url = Url::parse(std::str::from_utf8(m.as_bytes()).ok()?).ok()?;
        matches!(url.scheme(), "http" | "https").then_some(url)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_page_names_its_url_by_its_canonical_link() {
        let html = br#"<html><head><link rel="canonical" href="https://lefaso.net/spip.php?article1"></head>"#;
        assert_eq!(
            sniff_url(html).unwrap().as_str(),
            "https://lefaso.net/spip.php?article1"
        );
        let og = br#"<meta property="og:url" content="https://aib.media/a/" />"#;
        assert_eq!(sniff_url(og).unwrap().as_str(), "https://aib.media/a/");
        assert!(sniff_url(b"<html><body>rien</body></html>").is_none());
    }

    #[test]
    fn pages_over_the_cap_and_empty_pages_come_with_their_reason() {
        assert_eq!(read_capped(&b"0123456789"[..], 5).unwrap_err(), "too_large");
        assert_eq!(read_capped(&b" \n\t"[..], 5).unwrap_err(), "empty");
        assert_eq!(read_capped(&b"<p>"[..], 5).unwrap(), b"<p>");
    }

    #[test]
    fn warc_files_are_told_by_their_name() {
        assert!(is_warc(Path::new("a/crawl-w-1.warc.gz")));
        assert!(is_warc(Path::new("crawl-w-1.warc.gz.open")));
        assert!(is_warc(Path::new("x.WARC")));
        assert!(!is_warc(Path::new("page.html.gz")));
    }
}
