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

#![warn(missing_debug_implementations, unreachable_pub)]

pub mod app;
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
