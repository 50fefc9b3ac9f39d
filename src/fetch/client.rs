//! One HTTP request, no redirect following, with the body read as a stream and cut at a
//! size limit on *decoded* bytes (so a gzip or brotli bomb stops at the limit), and a
//! deadline on the whole exchange (so a server that stalls mid-body cannot hold a run).

use crate::archive::{Capture, Exchange, WarcLocation};
use crate::config::Secret;
use crate::model::Validators;
use reqwest::header::{
    HeaderMap, HeaderValue, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use std::time::Duration;
use url::Url;

/// A transport-level failure of one request.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("timed out")]
    Timeout,
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("transfer failed: {0}")]
    Body(String),
}

/// The answer to one request.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Where the exchange was archived, when the run keeps a WARC capture.
    pub archived: Option<WarcLocation>,
}

impl RawResponse {
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[must_use]
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self
                .headers
                .get(ETAG)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            last_modified: self
                .headers
                .get(LAST_MODIFIED)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }
}

/// The shared HTTP client.
#[derive(Debug, Clone)]
pub struct Client {
    inner: reqwest::Client,
    timeout: Duration,
    user_agent: String,
    capture: Option<Capture>,
}

/// What reqwest adds to every request (the archived request record shows it).
const ACCEPT_ENCODING: &str = "gzip, br, deflate";

impl Client {
    pub fn new(
        user_agent: &str,
        connect_timeout: Duration,
        read_timeout: Duration,
        timeout: Duration,
        resolver: super::dns::GuardedResolver,
    ) -> Result<Self, reqwest::Error> {
        let inner = reqwest::Client::builder()
            .user_agent(user_agent)
            .dns_resolver(std::sync::Arc::new(resolver))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .read_timeout(read_timeout)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .pool_max_idle_per_host(2)
            .build()?;
        Ok(Self {
            inner,
            timeout,
            user_agent: user_agent.to_owned(),
            capture: None,
        })
    }

    /// Archives every exchange of this client in `capture`.
    #[must_use]
    pub fn with_capture(mut self, capture: Capture) -> Self {
        self.capture = Some(capture);
        self
    }

    /// GET `url`; the body is read only for 2xx answers, up to `max_bytes`.
    pub async fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        headers: &[(String, Secret)],
        max_bytes: u64,
    ) -> Result<RawResponse, RequestError> {
        self.get_capped(url, validators, headers, max_bytes, false)
            .await
    }

    /// Like [`Client::get`]; with `truncate`, a body over `max_bytes` is cut there
    /// instead of refused (robots.txt: RFC 9309 lets a crawler ignore what follows).
    pub async fn get_capped(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        headers: &[(String, Secret)],
        max_bytes: u64,
        truncate: bool,
    ) -> Result<RawResponse, RequestError> {
        let fut = self.get_inner(url, validators, headers, max_bytes, truncate);
        match tokio::time::timeout(self.timeout, fut).await {
            Ok(r) => r,
            Err(_) => Err(RequestError::Timeout),
        }
    }

    async fn get_inner(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        headers: &[(String, Secret)],
        max_bytes: u64,
        truncate: bool,
    ) -> Result<RawResponse, RequestError> {
        let mut req = self.inner.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = v
                .etag
                .as_deref()
                .and_then(|e| HeaderValue::from_str(e).ok())
            {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = v
                .last_modified
                .as_deref()
                .and_then(|e| HeaderValue::from_str(e).ok())
            {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        for (k, v) in headers {
            if let Ok(mut value) = HeaderValue::from_str(v.expose()) {
                value.set_sensitive(true);
                req = req.header(k.as_str(), value);
            }
        }
        let date = chrono::Utc::now();
        let mut resp = req.send().await.map_err(classify)?;
        let version = match resp.version() {
            reqwest::Version::HTTP_10 => "HTTP/1.0",
            _ => "HTTP/1.1",
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let mut body = Vec::new();
        // A body that is not read (an error page, a redirect's) is archived as cut short
        // unless the server said it was empty.
        let mut cut = !(200..300).contains(&status)
            && status != 304
            && resp.content_length().is_none_or(|n| n > 0);
        if (200..300).contains(&status) {
            if !truncate
                && resp.content_length().is_some_and(|n| n > max_bytes)
                && !headers.contains_key(reqwest::header::CONTENT_ENCODING)
            {
                return Err(RequestError::TooLarge { limit: max_bytes });
            }
            while let Some(chunk) = resp.chunk().await.map_err(classify)? {
                if body.len() as u64 + chunk.len() as u64 > max_bytes {
                    if truncate {
                        cut = true;
                        let room = usize::try_from(max_bytes)
                            .unwrap_or(usize::MAX)
                            .saturating_sub(body.len());
                        body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                        break;
                    }
                    return Err(RequestError::TooLarge { limit: max_bytes });
                }
                body.extend_from_slice(&chunk);
            }
        }
        let mut response = RawResponse {
            status,
            headers,
            body,
            archived: None,
        };
        if let Some(capture) = &self.capture {
            let exchange = Exchange {
                url: url.clone(),
                date,
                request_headers: self.sent_headers(validators),
                version,
                status,
                response_headers: Vec::new(),
                body: Vec::new(),
                truncated: cut,
            };
            response.archived = capture.archive(exchange.with_response(&response)).await;
        }
        Ok(response)
    }

    /// The headers of a request as sent, for its archived record; a site's own headers
    /// (cookies, tokens: secrets) are left out.
    fn sent_headers(&self, validators: Option<&Validators>) -> Vec<(String, Vec<u8>)> {
        let mut out = vec![
            (
                "User-Agent".to_owned(),
                self.user_agent.clone().into_bytes(),
            ),
            ("Accept".to_owned(), b"*/*".to_vec()),
            (
                "Accept-Encoding".to_owned(),
                ACCEPT_ENCODING.as_bytes().to_vec(),
            ),
        ];
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                out.push(("If-None-Match".to_owned(), e.clone().into_bytes()));
            }
            if let Some(lm) = &v.last_modified {
                out.push(("If-Modified-Since".to_owned(), lm.clone().into_bytes()));
            }
        }
        out
    }
}

impl Exchange {
    /// The exchange with the response's headers and body.
    fn with_response(mut self, response: &RawResponse) -> Self {
        self.response_headers = response
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().to_vec()))
            .collect();
        self.body.clone_from(&response.body);
        self
    }
}

// By value: it is the `map_err` callback of every request.
#[allow(clippy::needless_pass_by_value)]
fn classify(e: reqwest::Error) -> RequestError {
    if e.is_timeout() {
        RequestError::Timeout
    } else if e.is_connect() {
        RequestError::Connect(root_cause(&e))
    } else {
        RequestError::Body(root_cause(&e))
    }
}

/// The innermost error message, without the URL (which callers log separately).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
