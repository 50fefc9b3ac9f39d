//! WARC/1.1 records as bytes: the named fields, the block, the digests. Pure, so that the
//! format is unit-tested apart from files; [`super::writer`] gzips and places them.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The record types this crawler writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordType {
    Warcinfo,
    Request,
    Response,
    /// A 304 answer: the server said the page had not changed.
    Revisit,
}

impl RecordType {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warcinfo => "warcinfo",
            Self::Request => "request",
            Self::Response => "response",
            Self::Revisit => "revisit",
        }
    }
}

/// WARC 1.1's profile for a revisit record made of a server's 304 answer.
pub const SERVER_NOT_MODIFIED: &str =
    "http://netpreserve.org/warc/1.1/revisits/server-not-modified";

/// One record before serialisation.
#[derive(Debug, Clone)]
pub struct Record {
    pub kind: RecordType,
    pub id: String,
    pub date: DateTime<Utc>,
    /// Named fields beyond those every record has (type, id, date, length, digests).
    pub fields: Vec<(&'static str, String)>,
    pub content_type: &'static str,
    pub block: Vec<u8>,
    /// Where the payload starts in the block (after the HTTP header), for the payload
    /// digest; `None` when the record has no payload (warcinfo, revisit).
    pub payload_at: Option<usize>,
}

/// A fresh `WARC-Record-ID`.
#[must_use]
pub fn new_record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

/// `sha256:` and the base32 of the digest (with padding, as RFC 4648 writes it).
#[must_use]
pub fn digest(bytes: &[u8]) -> String {
    format!(
        "sha256:{}",
        data_encoding::BASE32.encode(&Sha256::digest(bytes))
    )
}

impl Record {
    /// The record as WARC bytes: version line, fields, blank line, block, two CRLFs.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut head = String::with_capacity(512);
        head.push_str("WARC/1.1\r\n");
        let _ = write!(head, "WARC-Type: {}\r\n", self.kind.as_str());
        let _ = write!(head, "WARC-Record-ID: {}\r\n", self.id);
        let _ = write!(
            head,
            "WARC-Date: {}\r\n",
            self.date
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        );
        for (name, value) in &self.fields {
            // Values come from URLs and headers already checked to be one line.
            let value = value.replace(['\r', '\n'], " ");
            let _ = write!(head, "{name}: {value}\r\n");
        }
        let _ = write!(head, "WARC-Block-Digest: {}\r\n", digest(&self.block));
        if let Some(at) = self.payload_at {
            let payload = &self.block[at.min(self.block.len())..];
            let _ = write!(head, "WARC-Payload-Digest: {}\r\n", digest(payload));
        }
        let _ = write!(head, "Content-Type: {}\r\n", self.content_type);
        let _ = write!(head, "Content-Length: {}\r\n\r\n", self.block.len());
        let mut out = Vec::with_capacity(head.len() + self.block.len() + 4);
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(&self.block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }
}

/// The `warcinfo` record that opens each file: what wrote it, and how.
#[must_use]
pub fn warcinfo(id: String, filename: &str, software: &str, date: DateTime<Utc>) -> Record {
    let block = format!(
        "software: {software}\r\nformat: WARC File Format 1.1\r\n\
         conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n\
         description: responses as decoded by the crawler: Content-Encoding removed, \
         Content-Length of the decoded body (the original values in X-Crawl-Original-*)\r\n"
    );
    Record {
        kind: RecordType::Warcinfo,
        id,
        date,
        fields: vec![("WARC-Filename", filename.to_owned())],
        content_type: "application/warc-fields",
        block: block.into_bytes(),
        payload_at: None,
    }
}

/// Headers that describe the bytes on the wire, not the decoded body this crawler keeps:
/// rewritten, their original values kept under `X-Crawl-Original-<name>`.
const WIRE_HEADERS: [&str; 3] = ["content-encoding", "content-length", "transfer-encoding"];

/// An HTTP/1.x response message: status line, headers (with [`WIRE_HEADERS`] rewritten
/// for `body`, the decoded body), blank line, body. Returns the message and where the
/// body starts.
#[must_use]
pub fn http_response(
    version: &str,
    status: u16,
    headers: &[(String, Vec<u8>)],
    body: &[u8],
) -> (Vec<u8>, usize) {
    let reason = http_reason(status);
    let mut out = format!("{version} {status} {reason}\r\n").into_bytes();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        if WIRE_HEADERS.contains(&lower.as_str()) {
            out.extend_from_slice(b"X-Crawl-Original-");
        }
        push_header(&mut out, name, value);
    }
    push_header(
        &mut out,
        "Content-Length",
        body.len().to_string().as_bytes(),
    );
    out.extend_from_slice(b"\r\n");
    let at = out.len();
    out.extend_from_slice(body);
    (out, at)
}

/// An HTTP/1.1 GET request as sent: request line and headers.
#[must_use]
pub fn http_request(url: &url::Url, headers: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut target = url.path().to_owned();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let mut out = format!("GET {target} HTTP/1.1\r\n").into_bytes();
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    push_header(&mut out, "Host", host.as_bytes());
    for (name, value) in headers {
        push_header(&mut out, name, value);
    }
    out.extend_from_slice(b"\r\n");
    out
}

fn push_header(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend(
        value
            .iter()
            .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
    );
    out.extend_from_slice(b"\r\n");
}

fn http_reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_of_nothing_is_the_known_sha256_in_base32() {
        // SHA-256("") = e3b0c442…b855, in RFC 4648 base32.
        assert_eq!(
            digest(b""),
            "sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ===="
        );
    }

    #[test]
    fn a_response_keeps_the_decoded_body_and_says_what_the_wire_held() {
        let headers = vec![
            ("Content-Type".to_owned(), b"text/html".to_vec()),
            ("Content-Encoding".to_owned(), b"gzip".to_vec()),
            ("Content-Length".to_owned(), b"12".to_vec()),
        ];
        let (msg, at) = http_response("HTTP/1.1", 200, &headers, b"<p>bonjour</p>");
        let text = String::from_utf8(msg.clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("X-Crawl-Original-Content-Encoding: gzip\r\n"));
        assert!(text.contains("\r\nContent-Length: 14\r\n\r\n<p>bonjour</p>"));
        assert!(!text.contains("\r\nContent-Encoding"));
        assert_eq!(&msg[at..], b"<p>bonjour</p>");
    }

    #[test]
    fn a_record_names_its_length_and_digests_and_ends_with_two_crlf() {
        let (block, at) = http_response("HTTP/1.1", 200, &[], b"abc");
        let rec = Record {
            kind: RecordType::Response,
            id: new_record_id(),
            date: DateTime::parse_from_rfc3339("2026-12-02T04:00:00Z")
                .unwrap()
                .to_utc(),
            fields: vec![("WARC-Target-URI", "https://lefaso.net/a".into())],
            content_type: "application/http;msgtype=response",
            block: block.clone(),
            payload_at: Some(at),
        };
        let bytes = rec.to_bytes();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("WARC/1.1\r\nWARC-Type: response\r\n"));
        assert!(text.contains("WARC-Date: 2026-12-02T04:00:00.000000Z\r\n"));
        assert!(text.contains(&format!("Content-Length: {}\r\n", block.len())));
        assert!(text.contains(&format!("WARC-Payload-Digest: {}\r\n", digest(b"abc"))));
        assert!(text.contains(&format!("WARC-Block-Digest: {}\r\n", digest(&block))));
        assert!(bytes.ends_with(b"abc\r\n\r\n"));
    }

    #[test]
    fn a_request_names_the_host_with_its_port_and_the_query() {
        let url = url::Url::parse("http://127.0.0.1:8080/a?p=2").unwrap();
        let req = http_request(&url, &[("User-Agent".into(), b"crawl/0.1".to_vec())]);
        assert_eq!(
            req,
            b"GET /a?p=2 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: crawl/0.1\r\n\r\n"
        );
    }
}
