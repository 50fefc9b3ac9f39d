//! `crawl sites`, `crawl export` and `crawl status`: read-only views of the configuration
//! and of the state database.

use super::Exit;
use crate::cli::{CrawlArgs, ExportArgs};
use crate::config::Config;
use std::io::Write;

pub(super) fn sites(args: &CrawlArgs) -> Exit {
    match Config::load(&args.config) {
        Ok(cfg) => {
            for s in &cfg.sites {
                let starts: Vec<_> = s.start_urls.iter().map(url::Url::as_str).collect();
                println!(
                    "{}\t{}\tdelay {}\t{}",
                    s.name,
                    starts.join(" "),
                    humantime::format_duration(s.delay),
                    s.file.display()
                );
            }
            eprintln!(
                "{} site(s) OK in {}",
                cfg.sites.len(),
                args.config.display()
            );
            Exit::Ok
        }
        Err(e) => {
            eprintln!("crawl: {e}");
            Exit::Config
        }
    }
}

/// Prints a read-only command's error and maps it to the exit code.
fn report(result: Result<(), String>) -> Exit {
    match result {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("crawl: {e}");
            Exit::Config
        }
    }
}

fn state_url(args: &CrawlArgs) -> Result<String, String> {
    if let Some(s) = &args.state {
        return Ok(s.clone());
    }
    Config::load(&args.config)
        .map(|c| c.global.state)
        .map_err(|e| e.to_string())
}

fn parse_since(s: &str) -> Result<i64, String> {
    crate::text::date::parse_date(s)
        .map(|d| d.timestamp_millis())
        .ok_or_else(|| format!("--since {s:?}: not a date (use RFC 3339 or YYYY-MM-DD)"))
}

pub(super) async fn export(args: &CrawlArgs, ex: &ExportArgs) -> Exit {
    let result = async {
        let since = ex.since.as_deref().map(parse_since).transpose()?;
        let store = crate::store::open(&state_url(args)?)
            .await
            .map_err(|e| e.to_string())?;
        let records = store
            .export(since, &args.sites)
            .await
            .map_err(|e| e.to_string())?;
        let mut out = std::io::stdout().lock();
        for r in records {
            let line = serde_json::to_string(&r).map_err(|e| e.to_string())?;
            if writeln!(out, "{line}").is_err() {
                break;
            }
        }
        Ok::<(), String>(())
    }
    .await;
    report(result)
}

pub(super) async fn status(args: &CrawlArgs) -> Exit {
    let result = async {
        let store = crate::store::open(&state_url(args)?)
            .await
            .map_err(|e| e.to_string())?;
        let rows = store
            .status(chrono::Utc::now().timestamp_millis())
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "{:20} {:>8} {:>7} {:>8} {:>7} {:>9} {:>10}",
            "site", "due now", "leased", "done", "failed", "articles", "last hour"
        );
        for r in rows
            .iter()
            .filter(|r| args.sites.is_empty() || args.sites.contains(&r.site))
        {
            println!(
                "{:20} {:>8} {:>7} {:>8} {:>7} {:>9} {:>10}",
                r.site, r.pending, r.leased, r.done, r.failed, r.articles, r.written_last_hour
            );
        }
        Ok::<(), String>(())
    }
    .await;
    report(result)
}
