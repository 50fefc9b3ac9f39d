//! Command-line interface (clap derive). Only argument shapes live here; `app` runs them.
//! Each command takes only the options that mean something to it; the logging options
//! (`-v`, `-q`, `--log-format`, `--no-progress`) apply everywhere.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES: &str = "Exit codes:
  0  the run completed
  1  the run completed, but at least one site could not be crawled at all
  2  usage or configuration error (the message names the file, line and key)
  3  another run holds the state lock (the message names the holder)
  4  the state database, the output directory or the HTTP client failed
  130, 143  stopped by SIGINT (Ctrl-C) or SIGTERM; the next run resumes";

const EXTRACT_EXIT_CODES: &str = "Exit codes:
  0  the page is an article (its text is printed)
  1  the page is not written as an article: rejected (the reason is printed) or too short
  2  usage or configuration error, unreadable input";

const READ_EXIT_CODES: &str = "Exit codes:
  0  done
  2  usage or configuration error, or no state database at that place
  4  the state database failed (refused the connection, unreachable, broken)";

const RESET_EXIT_CODES: &str = "Exit codes:
  0  done (what was removed is printed)
  2  usage or configuration error, an unknown site, or no state database at that place
  3  a crawl holds the state lock (the message names the holder)
  4  the state database failed (refused the connection, unreachable, broken)";

const REEXTRACT_EXIT_CODES: &str = "Exit codes:
  0  done (the summary says what changed)
  2  usage or configuration error, an unknown site, no WARC directory, or no state database
  3  a crawl holds the state lock (the message names the holder)
  4  the state database or the output directory failed";

const PRINT_EXIT_CODES: &str = "Exit codes:
  0  printed
  2  usage error (an unknown shell)";

const NEW_SITE_EXIT_CODES: &str = "Exit codes:
  0  the site file was written (or printed, with --print)
  1  the site cannot be crawled as given (robots.txt, no answer, not HTML): nothing written
  2  usage or configuration error, or the site or its file already exists";

const DEMO_EXIT_CODES: &str = "Exit codes:
  0  the demo crawl completed
  1  a sample site could not be crawled
  2  the directory holds files the demo did not create, or another error
  3  another demo is running in that directory";

/// Crawl news websites into clean text files and a JSONL manifest.
#[derive(Debug, Parser)]
#[command(
    name = "crawl",
    version,
    about,
    after_help = EXIT_CODES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub crawl: CrawlArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where the configuration is.
#[derive(Debug, Args, Clone)]
pub struct ConfigArg {
    /// Configuration directory (crawl.toml, sites/, themes/).
    #[arg(long, value_name = "DIR", default_value = "config")]
    pub config: PathBuf,
}

/// Which sites a command is about.
#[derive(Debug, Args, Clone, Default)]
pub struct SiteArgs {
    /// Only this site (repeatable); default: every configured site. An unknown name is an error.
    #[arg(long = "site", value_name = "NAME")]
    pub sites: Vec<String>,
}

/// Which state database a command reads.
#[derive(Debug, Args, Clone, Default)]
pub struct StateArg {
    /// State database: sqlite://PATH (default: the configuration's, sqlite://data/state.db) or postgres://…
    #[arg(long, value_name = "URL", env = "CRAWL_STATE")]
    pub state: Option<String>,
}

/// The options of a crawl (the default command).
#[derive(Debug, Args, Clone)]
pub struct CrawlArgs {
    #[command(flatten)]
    pub sites: SiteArgs,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Output directory for article files and articles.jsonl.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub state: StateArg,
    /// Archive every response (pages, feeds, sitemaps, robots.txt) as WARC files in DIR.
    #[arg(long, value_name = "DIR")]
    pub warc: Option<PathBuf>,
    /// Maximum pages fetched per site in this run.
    #[arg(long, value_name = "N")]
    pub budget: Option<u32>,
    /// Print the article URLs that would be fetched (on stdout; the summary goes to
    /// stderr), after reading start pages, feeds and sitemaps; writes nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Name of this worker in a shared (PostgreSQL) crawl; default: host name and process id.
    #[arg(long, value_name = "NAME", env = "CRAWL_WORKER")]
    pub worker: Option<String>,
}

impl CrawlArgs {
    /// The arguments of a crawl of `config` with nothing else set.
    #[must_use]
    pub fn new(config: PathBuf) -> Self {
        Self {
            sites: SiteArgs::default(),
            config: ConfigArg { config },
            out: None,
            state: StateArg::default(),
            warc: None,
            budget: None,
            dry_run: false,
            worker: None,
        }
    }
}

/// Logging and progress display.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// More logging (-v: info, -vv: debug, every URL skipped and why; -vvv: trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors and the final summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log format on stderr; `json` also makes the run summary JSON.
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
    /// Extract saved pages offline: one page printed as its article file would hold it,
    /// or many (files, directories, WARC files) as JSONL or as article files.
    #[command(after_help = EXTRACT_EXIT_CODES)]
    Extract(ExtractArgs),
    /// List and validate the configured sites (disabled ones too).
    #[command(after_help = READ_EXIT_CODES)]
    Sites(SitesArgs),
    /// Serve bundled sample news sites on 127.0.0.1 and crawl them into data/demo/.
    #[command(after_help = DEMO_EXIT_CODES)]
    Demo(DemoArgs),
    /// Print the manifest of record (from the state database) as JSONL.
    #[command(after_help = READ_EXIT_CODES)]
    Export(ExportArgs),
    /// Frontier and worker status per site.
    #[command(after_help = READ_EXIT_CODES)]
    Status(StatusArgs),
    /// List a site's URLs with their state, reason, HTTP status and last fetch.
    #[command(after_help = READ_EXIT_CODES)]
    Urls(UrlsArgs),
    /// Forget a site's state in the database so that the next crawl starts it afresh.
    ///
    /// Only rows of the state database are removed: article files and the manifest on
    /// disk are never touched.
    #[command(after_help = RESET_EXIT_CODES)]
    Reset(ResetArgs),
    /// Extract a site's captured pages (`--warc`) again with the current rules and write
    /// the articles whose text changed, as new versions. Fetches nothing.
    #[command(after_help = REEXTRACT_EXIT_CODES)]
    Reextract(ReextractArgs),
    /// Write config/sites/NAME.toml for a new site, after checking its robots.txt and
    /// finding its feeds and sitemaps. Never overwrites a file.
    #[command(after_help = NEW_SITE_EXIT_CODES)]
    NewSite(NewSiteArgs),
    /// Print a shell completion script, e.g. `crawl completions bash > ~/.local/share/bash-completion/completions/crawl`.
    #[command(after_help = PRINT_EXIT_CODES)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `crawl man > crawl.1 && man ./crawl.1`.
    #[command(after_help = PRINT_EXIT_CODES)]
    Man,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Pages to read: HTML files (.html.gz too), directories of them, WARC files
    /// (.warc, .warc.gz), or - for standard input.
    #[arg(default_value = "-", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Write article files named by content hash and articles.jsonl into DIR, as a crawl
    /// does (texts already in DIR's manifest are not written again).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Extractions at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
    /// The page's URL: selects the configured site by its host (and so its [extract]
    /// rules), resolves the canonical link, hints the charset detector.
    #[arg(long)]
    pub url: Option<String>,
    /// Use this site's [extract] rules (default: the site whose host --url names).
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
    /// The Content-Type header the page was served with (its charset is then used as the
    /// crawl uses it).
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Where the crawl learned the site's template (default: the configuration's state).
    #[command(flatten)]
    pub state: StateArg,
    /// Output format: text or json for one page (default text); jsonl, one line per
    /// page, for many (the default when there are many).
    #[arg(long, value_enum)]
    pub format: Option<ExtractFormat>,
    /// Show the theme, the content rule and every element and line removed, and why.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Text,
    Json,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct SitesArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub sites: SiteArgs,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the demo writes its files, state and manifest (a new or empty directory,
    /// or one an earlier demo made).
    #[arg(long, value_name = "DIR", default_value = "data/demo")]
    pub dir: PathBuf,
    /// Crawl again on the earlier demo's state, after one sample site published an article:
    /// shows an incremental run (conditional requests, 304s, only the new article written).
    #[arg(long)]
    pub again: bool,
    /// Keep serving the sample sites after the crawl, until Ctrl-C.
    #[arg(long)]
    pub serve: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub state: StateArg,
    #[command(flatten)]
    pub sites: SiteArgs,
    /// Only articles fetched at or after this time: RFC 3339, YYYY-MM-DD (UTC), or an
    /// age such as 2h, 7d, 30m.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Every version of each article (an article edited after publication is written
    /// again, `"updated": true`, with the version it `"supersedes"`); default: the latest.
    #[arg(long)]
    pub all_versions: bool,
}

/// Text for people, JSON for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub state: StateArg,
    #[command(flatten)]
    pub sites: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// The states `crawl urls` filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UrlStateFilter {
    /// Not fetched yet (or due again).
    Pending,
    /// Processed: written, duplicate, not modified, a listing, a feed…
    Done,
    /// Skipped for a reason (robots, not_article, too_short, http_404…).
    Skipped,
    /// Failed after retries; tried again on a later run.
    Failed,
}

#[derive(Debug, Args)]
pub struct UrlsArgs {
    /// The site whose URLs are listed.
    #[arg(long, value_name = "NAME")]
    pub site: String,
    /// Only URLs in this state.
    #[arg(long = "state", value_enum, value_name = "STATE")]
    pub filter: Option<UrlStateFilter>,
    /// Only URLs skipped or failed for this reason (e.g. robots, http_404; not_article
    /// includes its kinds not_article:listing and not_article:static_page).
    #[arg(long, value_name = "REASON")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// State database (here --state is the URL state filter): sqlite://PATH or postgres://…
    #[arg(long = "db", value_name = "URL", env = "CRAWL_STATE")]
    pub db: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// The site to forget.
    #[arg(long, value_name = "NAME")]
    pub site: String,
    /// Forget its frontier and seen-set only (the default): its articles are kept, so a
    /// re-crawl still recognises the texts already written.
    #[arg(long, conflicts_with = "all")]
    pub frontier: bool,
    /// Also forget its articles (and their near-duplicate index): a re-crawl writes them
    /// again. The files already written stay on disk.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub state: StateArg,
}

#[derive(Debug, Args)]
pub struct ReextractArgs {
    #[command(flatten)]
    pub sites: SiteArgs,
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub state: StateArg,
    /// Output directory of the crawl (default: `out` of crawl.toml).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The WARC directory the crawl captured into (default: `warc` of crawl.toml).
    #[arg(long, value_name = "DIR")]
    pub warc: Option<PathBuf>,
    /// Extractions at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Args)]
pub struct NewSiteArgs {
    /// The site's name: lower-case letters, digits, - and _ (it names the file).
    pub name: String,
    /// Its start page, usually the home page.
    pub url: String,
    /// Print the file on standard output instead of writing it.
    #[arg(long)]
    pub print: bool,
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_documents_its_exit_codes() {
        let cli = Cli::command();
        assert!(cli.get_after_help().is_some());
        for sub in cli.get_subcommands() {
            let help = sub
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                help.starts_with("Exit codes:"),
                "{} has no exit codes",
                sub.get_name()
            );
        }
    }

    #[test]
    fn commands_take_only_their_own_options() {
        assert!(Cli::try_parse_from(["crawl", "extract", "--budget", "3", "p.html"]).is_err());
        assert!(Cli::try_parse_from(["crawl", "export", "--worker", "w"]).is_err());
        assert!(Cli::try_parse_from(["crawl", "demo", "--state", "sqlite://x.db"]).is_err());
        assert!(Cli::try_parse_from(["crawl", "--site", "a", "status"]).is_err());
        let ok = Cli::try_parse_from(["crawl", "status", "--site", "a", "-v"]).unwrap();
        assert!(matches!(ok.command, Some(Command::Status(_))));
        assert_eq!(ok.output.verbose, 1);
    }
}
