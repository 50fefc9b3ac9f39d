//! Wiring: turns a parsed command line into work and an exit code. Only this module knows
//! the whole graph of stages.

pub mod crawl;
mod docs;
mod extract;
mod info;
mod new_site;
mod reextract;
mod reset;

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
    /// The run could not start or had to stop: the state database, the output
    /// directory or the HTTP client failed.
    Runtime = 4,
    /// Stopped by Ctrl-C (SIGINT); the URLs left are crawled by the next run.
    Interrupted = 130,
    /// Stopped by SIGTERM; the URLs left are crawled by the next run.
    Terminated = 143,
}

impl Exit {
    #[must_use]
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// The exit code of a run stopped by `signal`.
    #[must_use]
    pub fn stopped_by(signal: crate::stop::Signal) -> Self {
        match signal {
            crate::stop::Signal::Interrupt => Self::Interrupted,
            crate::stop::Signal::Terminate => Self::Terminated,
        }
    }
}

/// Prints an error on stderr, `prefix: ` on each of its lines (a configuration error
/// lists one problem per line, and each must say where it comes from in a cron log).
pub(crate) fn print_error(prefix: &str, error: &dyn std::fmt::Display) {
    for line in error.to_string().lines() {
        eprintln!("{prefix}: {line}");
    }
}

/// Runs the command and returns its exit code; errors are printed here.
pub async fn main(cli: Cli) -> Exit {
    match cli.command {
        Some(Command::Extract(ref args)) => extract::run(args, &cli.output).await,
        // Served by the binary, which holds the sample sites (see `src/demo.rs`).
        Some(Command::Demo(_)) => {
            eprintln!("crawl: `demo` is run by the crawl binary");
            Exit::Config
        }
        Some(Command::Sites(ref args)) => info::sites(args),
        Some(Command::Export(ref args)) => info::export(args).await,
        Some(Command::Status(ref args)) => info::status(args).await,
        Some(Command::Urls(ref args)) => info::urls(args).await,
        Some(Command::Reset(ref args)) => reset::run(args).await,
        Some(Command::Reextract(ref args)) => reextract::run(args, &cli.output).await,
        Some(Command::NewSite(ref args)) => new_site::run(args).await,
        Some(Command::Completions(ref args)) => docs::completions(args),
        Some(Command::Man) => docs::man(),
        None => crawl::run(&cli.crawl, &cli.output).await,
    }
}
