//! `crawl` (the default command): load config, take the state lock, open the store and
//! the output, recover from a killed run, crawl the sites concurrently, print the summary.

use super::Exit;
use crate::cli::{CrawlArgs, OutputArgs};
use crate::config::{Config, ConfigError, Overrides};
use crate::crawler::{crawl_site, Context, CrawlError};
use crate::extract::Extractor;
use crate::fetch::Fetcher;
use crate::output::Output;
use crate::progress::Progress;
use crate::stats::{summary, SiteStats};
use crate::store::Store;
use futures::StreamExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A finished run: per-site stats, and where the files are.
#[derive(Debug)]
pub struct RunReport {
    pub sites: Vec<SiteStats>,
    pub out: std::path::PathBuf,
}

/// Loads the configuration with the command-line overrides merged in, and applies the
/// site selection.
pub fn load_config(args: &CrawlArgs) -> Result<Config, ConfigError> {
    let overrides = Overrides {
        out: args.out.clone(),
        state: args.state.clone(),
        budget: args.budget,
    };
    let mut cfg = Config::load_with(&args.config, &overrides)?;
    let sites_dir = args.config.join("sites");
    if !args.sites.is_empty() {
        for name in &args.sites {
            if !cfg.sites.iter().any(|s| &s.name == name) {
                return Err(ConfigError::NoSuchSite {
                    name: name.clone(),
                    dir: sites_dir,
                    known: cfg.sites.iter().map(|s| s.name.clone()).collect(),
                });
            }
        }
        cfg.sites.retain(|s| args.sites.contains(&s.name));
    }
    if cfg.sites.is_empty() {
        return Err(ConfigError::NoSites { dir: sites_dir });
    }
    Ok(cfg)
}

/// The worker name: stable for a single-process SQLite state (so a restarted run recovers
/// its own half-written articles), host and pid for a shared PostgreSQL crawl.
#[must_use]
pub fn worker_name(args: &CrawlArgs, state: &str) -> String {
    if let Some(w) = &args.worker {
        return w.clone();
    }
    if state.starts_with("sqlite:") {
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
            eprintln!("crawl: {e}");
            return Exit::Config;
        }
    };
    let progress = Progress::new(!out.quiet && !out.no_progress);
    match run_with(cfg, args, progress).await {
        Ok(report) => {
            print!("{}", summary(&report.sites));
            if report.sites.iter().any(|s| s.failed.is_some()) {
                Exit::SiteFailed
            } else {
                Exit::Ok
            }
        }
        Err(RunError::Locked(msg)) => {
            eprintln!("crawl: {msg}");
            Exit::Locked
        }
        Err(e) => {
            eprintln!("crawl: {e}");
            Exit::Config
        }
    }
}

/// Why a run could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Locked(String),
    #[error(transparent)]
    Crawl(#[from] CrawlError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Setup(String),
}

/// Runs a crawl with a resolved configuration (also used by `crawl demo` and tests).
pub async fn run_with(
    cfg: Config,
    args: &CrawlArgs,
    progress: Progress,
) -> Result<RunReport, RunError> {
    let state = if args.dry_run {
        "sqlite::memory:".to_owned()
    } else {
        cfg.global.state.clone()
    };
    let _lock = match crate::lock::lock_path(&state) {
        Some(p) => Some(crate::lock::acquire(&p).map_err(|e| match e {
            crate::lock::LockError::Held { .. } => RunError::Locked(e.to_string()),
            other => RunError::Setup(other.to_string()),
        })?),
        None => None,
    };
    let store: Arc<dyn Store> = Arc::from(crate::store::open(&state).await?);
    let worker = worker_name(args, &state);
    let manifest = if state.starts_with("sqlite:") {
        "articles.jsonl".to_owned()
    } else {
        format!("articles-{}.jsonl", sanitize(&worker))
    };
    let output =
        Output::open(&cfg.global.out, &manifest, state.starts_with("sqlite:")).map_err(|e| {
            RunError::Setup(format!(
                "cannot open output directory {}: {e}",
                cfg.global.out.display()
            ))
        })?;
    // Single-process state: leases of a killed run are void. Shared state: only ours.
    store
        .release_leases(if state.starts_with("sqlite:") {
            None
        } else {
            Some(worker.as_str())
        })
        .await?;
    recover(store.as_ref(), &output, &worker).await?;

    if !cfg.global.user_agent.contains("http") && !cfg.global.user_agent.contains('@') {
        tracing::warn!(user_agent = %cfg.global.user_agent, "the user agent names no contact URL or e-mail address");
    }
    let fetcher = Fetcher::new(&cfg.global, &cfg.sites)
        .map_err(|e| RunError::Setup(format!("HTTP client: {e}")))?;
    let stop = Arc::new(AtomicBool::new(false));
    spawn_signal_watch(stop.clone());
    let ctx = Context {
        global: cfg.global.clone(),
        store,
        fetcher: Arc::new(fetcher),
        extractor: Arc::new(Extractor::new(cfg.themes.clone())),
        output: Arc::new(tokio::sync::Mutex::new(output)),
        worker,
        dry_run: args.dry_run,
        stop,
        progress,
    };
    let mut todo: Vec<&crate::config::Site> = cfg.sites.iter().collect();
    let mut done: std::collections::BTreeMap<String, SiteStats> = std::collections::BTreeMap::new();
    loop {
        let results: Vec<Result<SiteStats, CrawlError>> =
            futures::stream::iter(todo.iter().copied())
                .map(|site| crawl_site(&ctx, site))
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
        if busy.is_empty() || ctx.stop.load(Ordering::Relaxed) {
            break;
        }
        // Another worker holds these sites' hosts. Wait while they still have work: the
        // holder finishes it, or its lease expires (a dead worker) and we take over.
        let status = ctx
            .store
            .status(chrono::Utc::now().timestamp_millis())
            .await?;
        todo = cfg
            .sites
            .iter()
            .filter(|s| busy.contains(&s.name))
            .filter(|s| {
                status
                    .iter()
                    .any(|st| st.site == s.name && st.pending + st.leased > 0)
            })
            .collect();
        if todo.is_empty() {
            break;
        }
        tokio::time::sleep((cfg.global.lease_ttl / 4).min(std::time::Duration::from_millis(500)))
            .await;
    }
    let mut sites: Vec<SiteStats> = done.into_values().collect();
    sites.sort_by(|a, b| a.site.cmp(&b.site));
    Ok(RunReport {
        sites,
        out: cfg.global.out.clone(),
    })
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

/// After a crash: claims whose file and manifest line exist are completed; others are
/// released so their URL (still pending) is fetched again.
async fn recover(store: &dyn Store, output: &Output, worker: &str) -> Result<(), RunError> {
    let pending = store.unwritten(worker).await?;
    if pending.is_empty() {
        return Ok(());
    }
    let in_manifest = output
        .manifest_hashes()
        .map_err(|e| RunError::Setup(format!("cannot read manifest: {e}")))?;
    for rec in pending {
        if output.has_file(&rec.path) && in_manifest.contains(&rec.sha256) {
            store.mark_written(&rec.sha256).await?;
        } else {
            store.release_claim(&rec.sha256).await?;
        }
        tracing::info!(sha256 = %rec.sha256, url = %rec.url, "recovered an article claim from an interrupted run");
    }
    Ok(())
}

fn spawn_signal_watch(stop: Arc<AtomicBool>) {
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            let Ok(mut term) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            else {
                return;
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::warn!("stopping after the pages in hand (signal received)");
        stop.store(true, Ordering::SeqCst);
    });
}
