//! `crawl` (the default command): load config, take the state lock, open the store and
//! the output, recover from a killed run, crawl the sites concurrently, print the summary.

use super::Exit;
use crate::cli::{CrawlArgs, LogFormat, OutputArgs};
use crate::config::{Config, ConfigError, Overrides};
use crate::crawler::{crawl_site, Context, CrawlError};
use crate::extract::Extractor;
use crate::fetch::Fetcher;
use crate::lock::LockError;
use crate::output::Output;
use crate::progress::Progress;
use crate::publish::{PublishError, Publisher};
use crate::stats::{summary, SiteStats};
use crate::stop::{Signal, Stop};
use crate::store::{BadStateUrl, StateUrl, Store, StoreError};
use futures::StreamExt;
use std::fmt::Write as _;
use std::sync::Arc;

/// A finished run: per-site stats, and where the files are.
#[derive(Debug)]
pub struct RunReport {
    pub sites: Vec<SiteStats>,
    pub out: std::path::PathBuf,
    /// Set when a signal stopped the run.
    pub interrupted: Option<Interrupted>,
}

/// A run stopped by a signal, and what it left for the next one.
#[derive(Debug, Clone, Copy)]
pub struct Interrupted {
    pub signal: Signal,
    /// URLs of the crawled sites still in the frontier.
    pub left: u64,
}

impl RunReport {
    /// The exit code of a run that completed or was stopped.
    #[must_use]
    pub fn exit(&self) -> Exit {
        match self.interrupted.map(|i| i.signal) {
            Some(signal) => Exit::stopped_by(signal),
            None if self.sites.iter().any(|s| s.failed.is_some()) => Exit::SiteFailed,
            None => Exit::Ok,
        }
    }

    /// The summary as JSON lines: one object per site, then one for the run.
    #[must_use]
    pub fn summary_json(&self) -> String {
        let mut s = String::new();
        for site in &self.sites {
            let line = serde_json::json!({ "event": "site_summary", "summary": site });
            let _ = writeln!(s, "{line}");
        }
        let interrupted = self.interrupted.map(|i| {
            serde_json::json!({
                "signal": match i.signal { Signal::Interrupt => "SIGINT", Signal::Terminate => "SIGTERM" },
                "left": i.left,
            })
        });
        let line = serde_json::json!({ "event": "run_finished", "interrupted": interrupted });
        let _ = writeln!(s, "{line}");
        s
    }

    /// The summary table, and the line that says a run was interrupted.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = summary(&self.sites);
        if let Some(i) = self.interrupted {
            let name = match i.signal {
                Signal::Interrupt => "SIGINT",
                Signal::Terminate => "SIGTERM",
            };
            let _ = writeln!(
                s,
                "interrupted ({name}): {} URLs left for the next run",
                i.left
            );
        }
        s
    }
}

/// The line that opens a run in a log: when, which sites, which state.
fn run_header(cfg: &Config, json: bool) -> String {
    let started = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let sites: Vec<&str> = cfg.sites.iter().map(|s| s.name.as_str()).collect();
    let state = StateUrl::parse(&cfg.global.state)
        .map_or_else(|_| cfg.global.state.clone(), |s| s.to_string());
    if json {
        let line = serde_json::json!({ "event": "run_started", "started": started, "sites": sites, "state": state });
        format!("{line}\n")
    } else {
        format!(
            "crawl run started {started}: {} site(s) ({}), state {state}\n",
            sites.len(),
            sites.join(", ")
        )
    }
}

/// Pending and leased frontier URLs of the configured sites.
async fn frontier_left(store: &dyn Store, cfg: &Config) -> Result<u64, StoreError> {
    let status = store.status(chrono::Utc::now().timestamp_millis()).await?;
    let left = status
        .iter()
        .filter(|st| cfg.sites.iter().any(|s| s.name == st.site))
        .map(|st| st.pending + st.leased)
        .sum::<i64>();
    Ok(u64::try_from(left).unwrap_or(0))
}

/// Loads the configuration with the command-line overrides merged in, and applies the
/// site selection.
pub fn load_config(args: &CrawlArgs) -> Result<Config, ConfigError> {
    let overrides = Overrides {
        out: args.out.clone(),
        state: args.state.state.clone(),
        budget: args.budget,
        warc: args.warc.clone(),
    };
    let mut cfg = Config::load_with(&args.config.config, &overrides)?;
    let sites_dir = args.config.config.join("sites");
    if !args.sites.sites.is_empty() {
        for name in &args.sites.sites {
            if !cfg.sites.iter().any(|s| &s.name == name) {
                return Err(ConfigError::NoSuchSite {
                    name: name.clone(),
                    dir: sites_dir,
                    known: cfg.sites.iter().map(|s| s.name.clone()).collect(),
                });
            }
        }
        cfg.sites.retain(|s| args.sites.sites.contains(&s.name));
    }
    if cfg.sites.is_empty() {
        return Err(ConfigError::NoSites { dir: sites_dir });
    }
    Ok(cfg)
}

/// The worker name: stable for a single-process SQLite state (so a restarted run recovers
/// its own half-written articles), host and pid for a shared PostgreSQL crawl.
#[must_use]
pub fn worker_name(args: &CrawlArgs, state: &StateUrl) -> String {
    if let Some(w) = &args.worker {
        return w.clone();
    }
    if state.is_single_process() {
        return "local".into();
    }
    let host =
        std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_else(|_| "host".into());
    format!("{}-{}", host.trim(), std::process::id())
}

pub(super) async fn run(args: &CrawlArgs, out: &OutputArgs) -> Exit {
    let cfg = match load_config(args) {
        Ok(c) => c,
        Err(e) => {
            super::print_error("crawl", &e);
            return Exit::Config;
        }
    };
    let progress = Progress::new(!out.quiet && !out.no_progress);
    let json = out.log_format == LogFormat::Json;
    // A dry run's stdout is the URL list; its header and summary go to stderr.
    let print = |text: &str| {
        if args.dry_run {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
    };
    print(&run_header(&cfg, json));
    match run_with(cfg, args, progress).await {
        Ok(report) => {
            print(&if json {
                report.summary_json()
            } else {
                report.summary()
            });
            report.exit()
        }
        Err(e) => {
            super::print_error("crawl", &e);
            e.exit()
        }
    }
}

/// Why a run could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    StateUrl(#[from] BadStateUrl),
    #[error("cannot open output directory {dir}: {source}")]
    Output { dir: String, source: std::io::Error },
    #[error("HTTP client: {0}")]
    Http(String),
}

impl RunError {
    /// The exit code: a held lock is 3, a bad state URL a configuration error (2), and a
    /// state, output or client failure at start or in the middle of the run is 4.
    #[must_use]
    pub fn exit(&self) -> Exit {
        match self {
            Self::Lock(LockError::Held { .. }) => Exit::Locked,
            Self::StateUrl(_) => Exit::Config,
            _ => Exit::Runtime,
        }
    }
}

/// Runs a crawl with a resolved configuration (also used by `crawl demo` and tests).
pub async fn run_with(
    cfg: Config,
    args: &CrawlArgs,
    progress: Progress,
) -> Result<RunReport, RunError> {
    let state = if args.dry_run {
        StateUrl::Memory
    } else {
        StateUrl::parse(&cfg.global.state)?
    };
    let _lock = state
        .lock_path()
        .map(|p| crate::lock::acquire(&p))
        .transpose()?;
    let store: Arc<dyn Store> = Arc::new(crate::store::open(&state).await?);
    let worker = worker_name(args, &state);
    // A dry run writes nothing: its (never used) output is a directory of its own.
    let scratch = if args.dry_run {
        Some(tempfile::tempdir().map_err(|source| RunError::Output {
            dir: std::env::temp_dir().display().to_string(),
            source,
        })?)
    } else {
        None
    };
    let out_dir = scratch
        .as_ref()
        .map_or(cfg.global.out.as_path(), |t| t.path());
    let output = open_output(out_dir, &state, &worker)?;
    // Single-process state: leases of a killed run are void. Shared state: only ours.
    let own_leases = (!state.is_single_process()).then_some(worker.as_str());
    store.release_leases(own_leases).await?;
    let publisher = Publisher::new(store.clone(), output, worker.clone());
    publisher.recover().await?;

    if !cfg.global.user_agent.contains("http") && !cfg.global.user_agent.contains('@') {
        tracing::warn!(user_agent = %cfg.global.user_agent, "the user agent names no contact URL or e-mail address");
    } else if cfg.global.user_agent == crate::config::Global::default().user_agent {
        tracing::warn!(user_agent = %cfg.global.user_agent, "the default user agent is in use: set user_agent in crawl.toml to a URL or e-mail where site owners can reach you");
    }
    let fetcher =
        Fetcher::new(&cfg.global, &cfg.sites).map_err(|e| RunError::Http(e.to_string()))?;
    let stop = Stop::new();
    stop.watch_signals();
    let mut fetcher = fetcher.with_stop(stop.clone());
    let capture = open_capture(&cfg.global, &worker, args.dry_run)?;
    if let Some(capture) = &capture {
        fetcher = fetcher.with_capture(capture.clone());
    }
    let ctx = Context {
        global: cfg.global.clone(),
        store,
        fetcher: Arc::new(fetcher),
        extractor: Arc::new(Extractor::new(cfg.themes.clone())),
        publisher,
        worker,
        shared: !state.is_single_process(),
        dry_run: args.dry_run,
        stop,
        progress,
    };
    let sites = crawl_all(&ctx, &cfg).await;
    if let Some(capture) = &capture {
        capture.close();
    }
    let sites = sites?;
    let interrupted = match ctx.stop.requested() {
        Some(signal) => Some(Interrupted {
            signal,
            left: frontier_left(ctx.store.as_ref(), &cfg).await?,
        }),
        None => None,
    };
    Ok(RunReport {
        sites,
        out: cfg.global.out.clone(),
        interrupted,
    })
}

/// The WARC capture of the run, when `warc` is set (never for a dry run).
fn open_capture(
    global: &crate::config::Global,
    worker: &str,
    dry_run: bool,
) -> Result<Option<crate::archive::Capture>, RunError> {
    let Some(dir) = global.warc.as_ref().filter(|_| !dry_run) else {
        return Ok(None);
    };
    let writer = crate::archive::writer::WarcWriter::new(
        dir,
        worker,
        global.warc_rotate_bytes,
        &global.user_agent,
    )
    .map_err(|source| RunError::Output {
        dir: dir.display().to_string(),
        source,
    })?;
    Ok(Some(crate::archive::Capture::new(writer)))
}

/// The output directory and this worker's manifest: `articles.jsonl` on a state of its
/// own, `articles-<worker>.jsonl` when workers share a state.
pub(super) fn open_output(
    dir: &std::path::Path,
    state: &StateUrl,
    worker: &str,
) -> Result<Output, RunError> {
    let manifest = if state.is_single_process() {
        "articles.jsonl".to_owned()
    } else {
        format!("articles-{}.jsonl", sanitize(worker))
    };
    Output::open(dir, &manifest, state.is_single_process()).map_err(|source| RunError::Output {
        dir: dir.display().to_string(),
        source,
    })
}

/// Crawls every site, `concurrency` at a time, then waits for the sites whose host
/// another worker held.
async fn crawl_all(ctx: &Context, cfg: &Config) -> Result<Vec<SiteStats>, RunError> {
    let mut todo: Vec<&crate::config::Site> = cfg.sites.iter().collect();
    let mut done = std::collections::BTreeMap::<String, SiteStats>::new();
    loop {
        let results: Vec<Result<SiteStats, CrawlError>> =
            futures::stream::iter(todo.iter().copied())
                .map(|site| crawl_site(ctx, site))
                .buffer_unordered(cfg.global.concurrency)
                .collect()
                .await;
        let mut busy = Vec::new();
        for r in results {
            let stats = r?;
            if stats.busy {
                busy.push(stats.site.clone());
            }
            done.insert(stats.site.clone(), stats);
        }
        if busy.is_empty() || ctx.stop.is_requested() {
            break;
        }
        // Another worker holds these sites' hosts: try again until each one is ours.
        // The holder either finishes (we then find nothing left to do) or dies and its
        // lease expires, maybe before it put the site's seeds in the frontier: an empty
        // frontier never means that a busy site is done.
        todo = cfg
            .sites
            .iter()
            .filter(|s| busy.contains(&s.name))
            .collect();
        if todo.is_empty() {
            break;
        }
        tokio::time::sleep((cfg.global.lease_ttl / 4).min(std::time::Duration::from_millis(500)))
            .await;
    }
    Ok(done.into_values().collect())
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
