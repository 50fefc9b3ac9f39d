//! The types that flow between pipeline stages, kept in one place so that every stage
//! (discover → fetch → decode → extract → dedup → output → store) agrees on one vocabulary.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a queued URL is expected to hold; decides how its body is processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlKind {
    /// A sitemap or sitemap index (XML, possibly gzip-compressed).
    Sitemap,
    /// An RSS or Atom feed.
    Feed,
    /// A start, section or pagination page whose links lead to articles.
    Listing,
    /// A page expected to hold one article.
    Article,
}

impl UrlKind {
    /// Stable name stored in the state database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sitemap => "sitemap",
            Self::Feed => "feed",
            Self::Listing => "listing",
            Self::Article => "article",
        }
    }

    /// Inverse of [`UrlKind::as_str`].
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sitemap" => Self::Sitemap,
            "feed" => Self::Feed,
            "listing" => Self::Listing,
            "article" => Self::Article,
            _ => return None,
        })
    }

    /// Lower numbers are fetched first: feeds and sitemaps find articles fastest.
    #[must_use]
    pub fn priority(self) -> i32 {
        match self {
            Self::Feed => 0,
            Self::Sitemap => 1,
            Self::Listing => 2,
            Self::Article => 3,
        }
    }
}

/// A URL found by discovery, ready to be admitted to the frontier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub site: String,
    pub url: url::Url,
    pub kind: UrlKind,
    /// Link distance from a start URL, feed or sitemap; bounds traps.
    pub depth: u32,
    /// Seeds (start URLs, feeds, sitemaps) are fetched again on every run, conditionally.
    pub seed: bool,
    /// When the site says the page last changed (sitemap `lastmod`, news publication
    /// date, feed entry update): an article fetched before that is fetched again.
    pub modified: Option<DateTime<Utc>>,
}

/// ETag / Last-Modified of the last successful fetch, sent back as a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One block of article text: a paragraph, heading, list item, quote or table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
    TableRow,
    Preformatted,
}

/// The result of extraction: what the output file and the manifest line are made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub title: String,
    pub authors: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    /// `<link rel="canonical">` or `og:url`, resolved against the page URL.
    pub canonical_url: Option<String>,
    pub blocks: Vec<Block>,
}

impl Article {
    /// An article of paragraphs, with no metadata: for tests.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn of_paragraphs(title: &str, paragraphs: &[&str]) -> Self {
        Self {
            title: title.into(),
            authors: vec![],
            published: None,
            language: None,
            canonical_url: None,
            blocks: paragraphs
                .iter()
                .map(|t| Block {
                    kind: BlockKind::Paragraph,
                    text: (*t).into(),
                })
                .collect(),
        }
    }
}

impl ManifestRecord {
    /// The record as a new version of the article `previous` (or the first version).
    #[must_use]
    pub fn with_supersedes(mut self, previous: Option<String>) -> Self {
        self.updated = previous.is_some();
        self.supersedes = previous;
        self
    }
}

impl Article {
    /// The text an output file holds: title on line 1, one block per line, final newline.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(
            self.title.len() + self.blocks.iter().map(|b| b.text.len() + 1).sum::<usize>() + 2,
        );
        out.push_str(&self.title);
        out.push('\n');
        for block in &self.blocks {
            out.push_str(&block.text);
            out.push('\n');
        }
        out
    }

    /// Number of whitespace-separated words in title and body.
    #[must_use]
    pub fn words(&self) -> usize {
        self.title.split_whitespace().count()
            + self
                .blocks
                .iter()
                .map(|b| b.text.split_whitespace().count())
                .sum::<usize>()
    }
}

/// Why a page was not written as an article. Counted per site in the run summary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// The page has no main article text (index page, gallery, video page…).
    NotArticle,
    /// The page has text, but it is a listing: a section, tag, author or home page whose
    /// "body" is teasers (headline, excerpt, link).
    Listing,
    /// The page has text, but it is a static page of the site: contact, legal notice,
    /// privacy policy, about, subscription.
    StaticPage,
    /// Some text was found, but less than the minimum an article needs.
    TooShort,
    /// A block, challenge or error page ("access denied", captcha, empty shell).
    BlockPage,
    /// The text could not be decoded into plausible characters.
    Undecodable,
    /// The response is not an HTML document (binary, PDF, image…).
    NotHtml,
}

impl Rejection {
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::NotArticle => "not_article",
            Self::Listing => "not_article:listing",
            Self::StaticPage => "not_article:static_page",
            Self::TooShort => "too_short",
            Self::BlockPage => "block_page",
            Self::Undecodable => "undecodable",
            Self::NotHtml => "not_html",
        }
    }
}

impl std::str::FromStr for Rejection {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [
            Self::NotArticle,
            Self::Listing,
            Self::StaticPage,
            Self::TooShort,
            Self::BlockPage,
            Self::Undecodable,
            Self::NotHtml,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or(())
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the JSONL manifest: the metadata other tools consume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestRecord {
    pub url: String,
    pub canonical_url: String,
    pub site: String,
    pub title: String,
    pub authors: Vec<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    pub sha256: String,
    /// Path of the text file, relative to the output directory.
    pub path: String,
    pub fetched_at: DateTime<Utc>,
    pub words: usize,
    /// The SHA-256 of an earlier article whose text is nearly the same, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near_duplicate_of: Option<String>,
    /// A new version of an article already written from this URL: true, with the
    /// previous version's SHA-256 in `supersedes`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub updated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// The WARC record holding the response the article was extracted from, when the
    /// crawl kept a capture (`--warc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc: Option<crate::archive::WarcLocation>,
}

/// Why a URL was skipped: the page is not for us. Counted under "skipped"; the URL is
/// not tried again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// robots.txt disallows it.
    Robots,
    /// The frontier held a URL that no longer parses.
    BadUrl,
    /// 404 or 410.
    Gone(u16),
    /// Over the size limit (compressed or not).
    TooLarge,
    /// A redirect that leaves the site or breaks a rule.
    Redirect,
    BadSitemap,
    BadFeed,
    /// The guessed `/sitemap.xml` is not there: expected, so not counted.
    NoSitemap,
    /// Pagination or sections beyond `max_depth`.
    DepthLimit,
    /// The page stage did not make an article of it.
    Page(Rejection),
}

impl Skip {
    /// Whether the summary counts this skip (a missing guessed sitemap is not news).
    #[must_use]
    pub fn counted(&self) -> bool {
        !matches!(self, Self::NoSitemap)
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Robots => f.write_str("robots"),
            Self::BadUrl => f.write_str("bad_url"),
            Self::Gone(status) => write!(f, "http_{status}"),
            Self::TooLarge => f.write_str("too_large"),
            Self::Redirect => f.write_str("redirect"),
            Self::BadSitemap => f.write_str("bad_sitemap"),
            Self::BadFeed => f.write_str("bad_feed"),
            Self::NoSitemap => f.write_str("no_sitemap"),
            Self::DepthLimit => f.write_str("depth_limit"),
            Self::Page(r) => f.write_str(r.as_str()),
        }
    }
}

impl std::str::FromStr for Skip {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "robots" => Self::Robots,
            "bad_url" => Self::BadUrl,
            "too_large" => Self::TooLarge,
            "redirect" => Self::Redirect,
            "bad_sitemap" => Self::BadSitemap,
            "bad_feed" => Self::BadFeed,
            "no_sitemap" => Self::NoSitemap,
            "depth_limit" => Self::DepthLimit,
            other => match other.strip_prefix("http_") {
                Some(code) => Self::Gone(code.parse().map_err(|_| ())?),
                None => Self::Page(other.parse()?),
            },
        })
    }
}

/// Why a URL failed: something went wrong. Counted under "errors"; the URL is tried again
/// on a later run, a bounded number of times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// robots.txt of the host could not be read (5xx, unreachable).
    HostUnavailable,
    Timeout,
    Connect,
    /// The body broke off.
    Transfer,
    /// A status other than 2xx, 304, 404 and 410, after retries.
    Http(u16),
    /// The server asked for a pause longer than `max_retry_after`.
    RetryAfter,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HostUnavailable => f.write_str("host_unavailable"),
            Self::Timeout => f.write_str("timeout"),
            Self::Connect => f.write_str("connect"),
            Self::Transfer => f.write_str("transfer"),
            Self::Http(status) => write!(f, "http_{status}"),
            Self::RetryAfter => f.write_str("retry_after"),
        }
    }
}

impl std::str::FromStr for Failure {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "host_unavailable" => Self::HostUnavailable,
            "timeout" => Self::Timeout,
            "connect" => Self::Connect,
            "transfer" => Self::Transfer,
            "retry_after" => Self::RetryAfter,
            other => Self::Http(
                other
                    .strip_prefix("http_")
                    .and_then(|c| c.parse().ok())
                    .ok_or(())?,
            ),
        })
    }
}

/// What became of one frontier URL: the one value that feeds the run summary, the state
/// store and the log, so that the three never disagree. A new reason is one variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The article was written.
    Written,
    /// The article had been written by an interrupted run that did not record it.
    WrittenBefore,
    /// The same text was claimed first from this URL.
    DuplicateOf(String),
    /// 304: nothing changed since the last fetch.
    NotModified,
    /// This URL is the canonical form of another URL fetched in this run.
    CanonicalOf(String),
    /// A later page of the article at this URL, joined into its file.
    PartOf(String),
    /// An article of a site seen for the first time, kept in memory until the site's
    /// template is learned; never stored (the URL is recorded when it is written).
    Held,
    Skipped(Skip),
    Failed(Failure),
    /// A sitemap, feed or listing page whose links were admitted.
    Harvested(UrlKind),
    /// `--dry-run`: listed, not fetched.
    DryRun,
}

impl Outcome {
    /// Failed URLs are tried again on a later run; every other outcome is final.
    #[must_use]
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed(_))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Written => f.write_str("written"),
            Self::WrittenBefore => f.write_str("written_before"),
            Self::DuplicateOf(url) => write!(f, "duplicate_of:{url}"),
            Self::NotModified => f.write_str("not_modified"),
            Self::CanonicalOf(url) => write!(f, "canonical_of:{url}"),
            Self::PartOf(url) => write!(f, "part_of:{url}"),
            Self::Held => f.write_str("held"),
            Self::Skipped(s) => write!(f, "skipped:{s}"),
            Self::Failed(e) => write!(f, "error:{e}"),
            Self::Harvested(kind) => f.write_str(kind.as_str()),
            Self::DryRun => f.write_str("dry_run"),
        }
    }
}

impl std::str::FromStr for Outcome {
    type Err = String;
    /// Reads back what [`fmt::Display`] stored.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("unknown outcome {s:?}");
        if let Some(url) = s.strip_prefix("duplicate_of:") {
            return Ok(Self::DuplicateOf(url.to_owned()));
        }
        if let Some(url) = s.strip_prefix("canonical_of:") {
            return Ok(Self::CanonicalOf(url.to_owned()));
        }
        if let Some(url) = s.strip_prefix("part_of:") {
            return Ok(Self::PartOf(url.to_owned()));
        }
        if let Some(r) = s.strip_prefix("skipped:") {
            return r.parse().map(Self::Skipped).map_err(|()| bad());
        }
        if let Some(r) = s.strip_prefix("error:") {
            return r.parse().map(Self::Failed).map_err(|()| bad());
        }
        Ok(match s {
            "written" => Self::Written,
            "written_before" => Self::WrittenBefore,
            "not_modified" => Self::NotModified,
            "held" => Self::Held,
            "dry_run" => Self::DryRun,
            other => Self::Harvested(UrlKind::parse(other).ok_or_else(bad)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_reads_back_as_stored() {
        let all = [
            Outcome::Written,
            Outcome::WrittenBefore,
            Outcome::DuplicateOf("https://a.example/x".into()),
            Outcome::NotModified,
            Outcome::CanonicalOf("https://a.example/y".into()),
            Outcome::PartOf("https://a.example/z".into()),
            Outcome::Skipped(Skip::Robots),
            Outcome::Skipped(Skip::Gone(410)),
            Outcome::Skipped(Skip::Page(Rejection::TooShort)),
            Outcome::Skipped(Skip::Page(Rejection::NotHtml)),
            Outcome::Skipped(Skip::Page(Rejection::Listing)),
            Outcome::Skipped(Skip::Page(Rejection::StaticPage)),
            Outcome::Skipped(Skip::DepthLimit),
            Outcome::Failed(Failure::Http(503)),
            Outcome::Failed(Failure::Timeout),
            Outcome::Harvested(UrlKind::Sitemap),
            Outcome::DryRun,
        ];
        for o in all {
            let stored = o.to_string();
            assert_eq!(stored.parse::<Outcome>(), Ok(o), "{stored}");
        }
        assert_eq!(
            Outcome::Skipped(Skip::Gone(404)).to_string(),
            "skipped:http_404"
        );
        assert!("skipped:nonsense".parse::<Outcome>().is_err());
    }
}
