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
    /// Some text was found, but less than the minimum an article needs.
    TooShort,
    /// A block, challenge or error page ("access denied", captcha, empty shell).
    BlockPage,
    /// The text could not be decoded into plausible characters.
    Undecodable,
}

impl Rejection {
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::NotArticle => "not_article",
            Self::TooShort => "too_short",
            Self::BlockPage => "block_page",
            Self::Undecodable => "undecodable",
        }
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
}
