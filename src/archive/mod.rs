//! Keeping what was fetched: every response a crawl receives (pages, feeds, sitemaps,
//! robots.txt; a 304 as a revisit) is written as WARC/1.1 `request` and `response`
//! records, the format Common Crawl and archivists' tools read, so that pages can be
//! extracted again later (`crawl extract FILE.warc.gz`, `crawl reextract`) without
//! fetching them again.
//!
//! The body kept is the decoded one the crawler read (reqwest removes the
//! Content-Encoding); the record's HTTP header says so (see [`record::http_response`]).
//! The `warc` crate was not used: it gzips a whole file as one stream (no record can be
//! read from its offset), and brings a second deflate implementation and an old `uuid`.

pub mod reader;
pub mod record;
pub mod writer;

use record::{Record, RecordType};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use url::Url;

/// Where a record is: a file of the WARC directory and the offset of its gzip member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarcLocation {
    pub file: String,
    pub offset: u64,
}

/// One HTTP exchange as the crawler saw it, ready to be archived.
#[derive(Debug)]
pub struct Exchange {
    pub url: Url,
    pub date: chrono::DateTime<chrono::Utc>,
    /// The request headers sent (secrets left out).
    pub request_headers: Vec<(String, Vec<u8>)>,
    pub version: &'static str,
    pub status: u16,
    pub response_headers: Vec<(String, Vec<u8>)>,
    /// The decoded body read (empty for an answer whose body is not read).
    pub body: Vec<u8>,
    /// The body was cut at the size limit, or not read (an error page, a redirect).
    pub truncated: bool,
}

impl Exchange {
    /// The request record and the response (or, for a 304, revisit) record.
    fn records(&self) -> (Record, Record) {
        let response_id = record::new_record_id();
        let uri = self.url.to_string();
        let (block, at) = record::http_response(
            self.version,
            self.status,
            &self.response_headers,
            &self.body,
        );
        let mut fields = vec![("WARC-Target-URI", uri.clone())];
        let (kind, payload_at) = if self.status == 304 {
            fields.push(("WARC-Profile", record::SERVER_NOT_MODIFIED.to_owned()));
            (RecordType::Revisit, None)
        } else {
            if self.truncated {
                fields.push(("WARC-Truncated", "length".to_owned()));
            }
            (RecordType::Response, Some(at))
        };
        let response = Record {
            kind,
            id: response_id.clone(),
            date: self.date,
            fields,
            content_type: "application/http;msgtype=response",
            block,
            payload_at,
        };
        let request = Record {
            kind: RecordType::Request,
            id: record::new_record_id(),
            date: self.date,
            fields: vec![
                ("WARC-Target-URI", uri),
                ("WARC-Concurrent-To", response_id),
            ],
            content_type: "application/http;msgtype=request",
            block: record::http_request(&self.url, &self.request_headers),
            payload_at: None,
        };
        (request, response)
    }
}

/// The capture of one run: a WARC writer shared by its fetches.
#[derive(Debug, Clone)]
pub struct Capture {
    writer: Arc<Mutex<writer::WarcWriter>>,
}

impl Capture {
    #[must_use]
    pub fn new(writer: writer::WarcWriter) -> Self {
        Self {
            writer: Arc::new(Mutex::new(writer)),
        }
    }

    /// Archives one exchange (off the async threads); returns where its response record
    /// is. A failure to write is logged and the crawl goes on without that record.
    pub async fn archive(&self, exchange: Exchange) -> Option<WarcLocation> {
        let writer = self.writer.clone();
        let url = exchange.url.clone();
        let written = tokio::task::spawn_blocking(move || {
            let (request, response) = exchange.records();
            let mut w = writer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            w.write(vec![request, response])
        })
        .await;
        match written {
            Ok(Ok(mut locations)) => locations.pop(),
            Ok(Err(e)) => {
                tracing::error!(url = %url, error = %e, "could not write the WARC record");
                None
            }
            Err(e) => {
                tracing::error!(url = %url, error = %e, "WARC writer failed");
                None
            }
        }
    }

    /// Closes the current file under its final name (at the end of a run).
    pub fn close(&self) {
        let mut w = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(e) = w.close() {
            tracing::error!(error = %e, "could not close the WARC file");
        }
    }
}
