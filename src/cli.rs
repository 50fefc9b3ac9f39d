//! Command-line interface (clap derive). Only argument shapes live here; `app` runs them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES: &str = "Exit codes:
  0  the run completed
  1  the run completed, but at least one site could not be crawled at all
  2  usage or configuration error (the message names the file, line and key)
  3  another run holds the state lock (the message names the holder)";

/// Crawl news websites into clean text files and a JSONL manifest.
#[derive(Debug, Parser)]
#[command(name = "crawl", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub crawl: CrawlArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags shared by every command that reads the configuration.
#[derive(Debug, Args, Clone)]
pub struct CrawlArgs {
    /// Crawl only this site (repeatable); default: every configured site.
    #[arg(long = "site", value_name = "NAME", global = true)]
    pub sites: Vec<String>,
    /// Configuration directory (crawl.toml, sites/, themes/).
    #[arg(long, value_name = "DIR", default_value = "config", global = true)]
    pub config: PathBuf,
    /// Output directory for article files and articles.jsonl.
    #[arg(long, value_name = "DIR", global = true)]
    pub out: Option<PathBuf>,
    /// State database: sqlite://PATH (default sqlite://data/state.db) or postgres://…
    #[arg(long, value_name = "URL", env = "CRAWL_STATE", global = true)]
    pub state: Option<String>,
    /// Maximum pages fetched per site in this run.
    #[arg(long, value_name = "N", global = true)]
    pub budget: Option<u32>,
    /// List what would be fetched (start pages, feeds, sitemaps) without fetching articles.
    #[arg(long)]
    pub dry_run: bool,
    /// Name of this worker in a shared (PostgreSQL) crawl; default: host name and process id.
    #[arg(long, value_name = "NAME", env = "CRAWL_WORKER", global = true)]
    pub worker: Option<String>,
}

/// Logging and progress display.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// More logging (-v: info, -vv: debug, -vvv: trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors and the final summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Never show progress bars (they are off anyway when stderr is not a terminal).
    #[arg(long, global = true)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract one saved page offline and print what its article file would hold.
    Extract(ExtractArgs),
    /// List and validate the configured sites.
    Sites,
    /// Serve bundled sample news sites on 127.0.0.1 and crawl them into data/demo/.
    Demo(DemoArgs),
    /// Print the manifest of record (from the state database) as JSONL.
    Export(ExportArgs),
    /// Frontier and worker status per site.
    Status,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// HTML file to read, or - for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// The page's URL (resolves the canonical link, hints the charset detector).
    #[arg(long)]
    pub url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    pub format: ExtractFormat,
    /// Show the theme, the content rule and every element and line removed, and why.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the demo writes its files, state and manifest.
    #[arg(long, value_name = "DIR", default_value = "data/demo")]
    pub dir: PathBuf,
    /// Keep serving the sample sites after the crawl, until Ctrl-C.
    #[arg(long)]
    pub serve: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only articles fetched at or after this time (RFC 3339, or a date YYYY-MM-DD).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
}
