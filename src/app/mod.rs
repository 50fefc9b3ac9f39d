//! Wiring: turns a parsed command line into work and an exit code. Only this module knows
//! the whole graph of stages.

pub mod crawl;
mod demo;
mod extract;
mod info;

use crate::cli::{Cli, Command};

/// The process exit codes, documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run completed.
    Ok = 0,
    /// The run completed, but at least one site could not be crawled at all.
    SiteFailed = 1,
    /// Usage or configuration error.
    Config = 2,
    /// Another run holds the state lock.
    Locked = 3,
}

impl Exit {
    #[must_use]
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// Runs the command and returns its exit code; errors are printed here.
pub async fn main(cli: Cli) -> Exit {
    match cli.command {
        Some(Command::Extract(ref args)) => extract::run(&cli.crawl, args),
        Some(Command::Demo(ref args)) => demo::run(args, cli.output.quiet).await,
        Some(Command::Sites) => info::sites(&cli.crawl),
        Some(Command::Export(ref args)) => info::export(&cli.crawl, args).await,
        Some(Command::Status) => info::status(&cli.crawl).await,
        None => crawl::run(&cli.crawl, &cli.output).await,
    }
}
