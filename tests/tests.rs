//! Integration tests, all in one target (ripgrep's layout): the real pipeline against
//! sample sites served on 127.0.0.1, the binary's exit codes, and the store conformance
//! suite on SQLite and PostgreSQL. Nothing here touches the internet.

mod archive;
mod cli;
mod cli_extras;
mod cli_onboarding;
mod cli_safety;
mod common;
mod config_errors;
mod corpus;
mod crawl;
mod extract_fixtures;
mod extract_themes;
mod extraction_devset;
mod fuzz_regressions;
mod hostile;
mod progress;
mod sitemaps;
mod store;
mod workers;
