//! Logging set-up and the typed events every stage emits, with fixed field names so that
//! logs are greppable and agree with the summary counters. Progress bars live in
//! `progress`; when stderr is not a terminal (cron) only warnings and the summary print.

use crate::cli::{LogFormat, OutputArgs};
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `RUST_LOG` overrides the verbosity flags.
/// The HTML parser warns of markup it repairs ("foster parenting not implemented"), once
/// per broken table: normal on the web, noise in a cron log.
const QUIET_PARSERS: &str = "html5ever=error";

pub fn init(args: &OutputArgs) {
    let level = if args.quiet {
        "error"
    } else {
        match args.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("crawl={level},warn,{QUIET_PARSERS}")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(crate::progress::LogWriter)
        .with_target(false);
    let _ = match args.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .compact()
            .try_init(),
    };
}
