//! `crawl` turns news websites into clean text.
//!
//! ```text
//! config ─▶ discover ─▶ frontier (store) ─▶ fetch (polite) ─▶ decode ─▶ extract ─▶ dedup ─▶ output
//!   │          ▲                                   │                                     │
//!   │          └──── links, feeds, sitemaps ◀──────┘                                     ▼
//!   └────────────────────────────────────────────── state (SQLite / PostgreSQL) ◀── manifest
//! ```
//!
//! The library does all the work; `src/main.rs` only parses the command line and maps the
//! outcome to an exit code. Pure logic (canonicalisation, backoff, extraction, sitemap and
//! feed parsing) is kept apart from I/O so it is tested without a network or a clock.

#![warn(missing_debug_implementations, unreachable_pub, clippy::pedantic)]
// The pedantic lints that do not fit this crate, each with its reason:
#![allow(
    // Prose in docs names products (WordPress, JSON-LD, PostgreSQL), not code items.
    clippy::doc_markdown,
    // Every fallible function returns a thiserror enum whose variants say what failed.
    clippy::missing_errors_doc,
    // The only panics are `expect`s on static selectors and regexes, checked by tests.
    clippy::missing_panics_doc,
    // Scores and shares are ratios of page-sized counts, far below f32/f64 precision.
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    // Match arms are kept apart when each names a different case of the vocabulary.
    clippy::match_same_arms,
    clippy::similar_names,
    // Public functions take the std hasher: callers never pick another.
    clippy::implicit_hasher,
    clippy::module_name_repetitions
)]

pub mod app;
pub mod archive;
pub mod canonical;
pub mod cli;
pub mod config;
pub mod crawler;
pub mod decode;
pub mod dedup;
pub mod discover;
pub mod extract;
pub mod fetch;
pub mod lock;
pub mod model;
pub mod output;
pub mod page;
pub mod progress;
pub mod publish;
pub mod schedule;
pub mod stats;
pub mod stop;
pub mod store;
pub mod telemetry;
pub mod text;
