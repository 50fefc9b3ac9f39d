//! `crawl sites`, `crawl export`, `crawl status` and `crawl urls`: read-only views of the
//! configuration and of the state database. None of them ever creates a database.

use super::Exit;
use crate::cli::{ExportArgs, ReportFormat, SitesArgs, StatusArgs, UrlStateFilter, UrlsArgs};
use crate::config::Config;
use crate::model::Outcome;
use crate::store::{Reports, SqlStore, StateUrl, StoreError, UrlRow};
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// Why a command on the configuration or the state failed; the exit code follows from
/// the kind.
#[derive(Debug, thiserror::Error)]
pub(super) enum ReadError {
    #[error(transparent)]
    Lock(#[from] crate::lock::LockError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ReadError {
    fn exit(&self) -> Exit {
        match self {
            // No database at that place: a mistyped path. One that is there but refuses,
            // or cannot be reached, has failed: as in a crawl, exit 4.
            Self::Store(StoreError::Missing { .. }) => Exit::Config,
            Self::Store(_) | Self::Lock(crate::lock::LockError::Io { .. }) => Exit::Runtime,
            Self::Lock(crate::lock::LockError::Held { .. }) => Exit::Locked,
            Self::Config(_) | Self::Usage(_) => Exit::Config,
        }
    }
}

pub(super) fn report(result: Result<(), ReadError>) -> Exit {
    match result {
        Ok(()) => Exit::Ok,
        Err(e) => {
            super::print_error("crawl", &e);
            e.exit()
        }
    }
}

/// Every `--site` must name a configured site.
pub(super) fn check_sites(cfg: &Config, names: &[String]) -> Result<(), ReadError> {
    for name in names {
        let disabled = cfg.disabled.iter().any(|s| &s.name == name);
        if !cfg.sites.iter().any(|s| &s.name == name) && !disabled {
            let known: Vec<_> = cfg.sites.iter().map(|s| s.name.as_str()).collect();
            return Err(ReadError::Usage(format!(
                "--site {name}: no such site in {} (known: {})",
                cfg.dir.join("sites").display(),
                known.join(", ")
            )));
        }
    }
    Ok(())
}

pub(super) fn sites(args: &SitesArgs) -> Exit {
    let result = Config::load(&args.config.config)
        .map_err(ReadError::from)
        .and_then(|cfg| {
            check_sites(&cfg, &args.sites.sites)?;
            Ok(cfg)
        });
    let cfg = match result {
        Ok(cfg) => cfg,
        Err(e) => return report(Err(e)),
    };
    for s in cfg
        .sites
        .iter()
        .filter(|s| args.sites.sites.is_empty() || args.sites.sites.contains(&s.name))
    {
        let starts: Vec<_> = s.start_urls.iter().map(url::Url::as_str).collect();
        println!(
            "{}\t{}\tdelay {}\tbudget {}\tfeeds {}\t{}",
            s.name,
            starts.join(" "),
            humantime::format_duration(s.delay),
            s.page_budget,
            s.feeds.len(),
            s.file.display()
        );
    }
    for s in cfg
        .disabled
        .iter()
        .filter(|s| args.sites.sites.is_empty() || args.sites.sites.contains(&s.name))
    {
        let budget = s.page_budget.unwrap_or(cfg.global.page_budget);
        println!(
            "{}\t{}\tdisabled\tbudget {budget}\tfeeds {}\t{}",
            s.name,
            s.start_urls.join(" "),
            s.feeds,
            s.file.display()
        );
    }
    eprintln!(
        "{} site(s) OK in {}, {} disabled",
        cfg.sites.len(),
        args.config.config.display(),
        cfg.disabled.len()
    );
    Exit::Ok
}

/// Opens the state a read-only command reads: `url` (a flag), else the configuration's,
/// once every `--site` is known to the configuration. It must exist: a mistyped path must
/// not look like an empty crawl.
async fn open_state(
    config: &Path,
    url: Option<&str>,
    sites: &[String],
) -> Result<SqlStore, ReadError> {
    let cfg = match url {
        Some(_) if !config.is_dir() => None,
        _ => Some(Config::load(config)?),
    };
    if let Some(cfg) = &cfg {
        check_sites(cfg, sites)?;
    }
    let url = match (url, &cfg) {
        (Some(u), _) => u.to_owned(),
        (None, Some(c)) => c.global.state.clone(),
        (None, None) => unreachable!("the configuration is loaded when no URL is given"),
    };
    let url = StateUrl::parse(&url).map_err(|e| ReadError::Usage(format!("--state: {e}")))?;
    Ok(crate::store::open_existing(&url).await?)
}

/// Parses `--since`: RFC 3339, a date `YYYY-MM-DD` (midnight UTC), or an age (`2h`, `7d`,
/// `30m`, anything humantime reads) counted back from `now`.
fn parse_since(s: &str, now: chrono::DateTime<chrono::Utc>) -> Result<i64, ReadError> {
    let bad = || {
        ReadError::Usage(format!(
            "--since {s:?}: use RFC 3339 (2024-03-01T08:00:00Z), a date (2024-03-01) or an age (2h, 7d)"
        ))
    };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp_millis());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let t = d.and_hms_opt(0, 0, 0).ok_or_else(bad)?.and_utc();
        return Ok(t.timestamp_millis());
    }
    let age = humantime::parse_duration(s).map_err(|_| bad())?;
    let age = chrono::Duration::from_std(age).map_err(|_| bad())?;
    Ok((now - age).timestamp_millis())
}

pub(super) async fn export(args: &ExportArgs) -> Exit {
    let result = async {
        let since = args
            .since
            .as_deref()
            .map(|s| parse_since(s, chrono::Utc::now()))
            .transpose()?;
        let store = open_state(
            &args.config.config,
            args.state.state.as_deref(),
            &args.sites.sites,
        )
        .await?;
        let records = store
            .export(since, &args.sites.sites, args.all_versions)
            .await?;
        let mut out = std::io::stdout().lock();
        for r in records {
            let line = serde_json::to_string(&r).map_err(|e| ReadError::Usage(e.to_string()))?;
            if writeln!(out, "{line}").is_err() {
                break;
            }
        }
        Ok(())
    }
    .await;
    report(result)
}

pub(super) async fn status(args: &StatusArgs) -> Exit {
    let result = async {
        let store =
            open_state(&args.config.config, args.state.state.as_deref(), &args.sites.sites).await?;
        let rows = store.status(chrono::Utc::now().timestamp_millis()).await?;
        let wanted = |site: &str| args.sites.sites.is_empty() || args.sites.sites.iter().any(|s| s == site);
        let rows: Vec<_> = rows.iter().filter(|r| wanted(&r.site)).collect();
        if args.format == ReportFormat::Json {
            for r in rows {
                let line = json!({
                    "site": r.site, "due_now": r.pending, "leased": r.leased, "done": r.done,
                    "failed": r.failed, "articles": r.articles, "written_last_hour": r.written_last_hour,
                });
                println!("{line}");
            }
            return Ok(());
        }
        println!(
            "{:20} {:>8} {:>7} {:>8} {:>7} {:>9} {:>10}",
            "site", "due now", "leased", "done", "failed", "articles", "last hour"
        );
        for r in rows {
            println!(
                "{:20} {:>8} {:>7} {:>8} {:>7} {:>9} {:>10}",
                r.site, r.pending, r.leased, r.done, r.failed, r.articles, r.written_last_hour
            );
        }
        Ok(())
    }
    .await;
    report(result)
}

/// A reason asked for matches itself and its kinds: `not_article` also lists
/// `not_article:listing` and `not_article:static_page`.
fn reason_matches(reason: &str, asked: &str) -> bool {
    reason == asked
        || reason
            .strip_prefix(asked)
            .is_some_and(|rest| rest.starts_with(':'))
}

/// The state a URL is listed under, and its reason when skipped or failed.
fn classify(row: &UrlRow) -> (UrlStateFilter, Option<String>) {
    if row.state == "pending" {
        return (UrlStateFilter::Pending, None);
    }
    match &row.outcome {
        Some(Outcome::Skipped(s)) => (UrlStateFilter::Skipped, Some(s.to_string())),
        Some(Outcome::Failed(f)) => (UrlStateFilter::Failed, Some(f.to_string())),
        _ if row.state == "failed" => (UrlStateFilter::Failed, None),
        Some(o) => (UrlStateFilter::Done, Some(o.to_string())),
        None => (UrlStateFilter::Done, None),
    }
}

fn state_name(s: UrlStateFilter) -> &'static str {
    match s {
        UrlStateFilter::Pending => "pending",
        UrlStateFilter::Done => "done",
        UrlStateFilter::Skipped => "skipped",
        UrlStateFilter::Failed => "failed",
    }
}

fn time_of(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

pub(super) async fn urls(args: &UrlsArgs) -> Exit {
    let result = async {
        let site = std::slice::from_ref(&args.site);
        let store = open_state(&args.config.config, args.db.as_deref(), site).await?;
        let rows = store.urls(Some(&args.site)).await?;
        let mut out = std::io::stdout().lock();
        for row in &rows {
            let (state, reason) = classify(row);
            if args.filter.is_some_and(|f| f != state) {
                continue;
            }
            if args
                .reason
                .as_ref()
                .is_some_and(|r| !reason.as_deref().is_some_and(|x| reason_matches(x, r)))
            {
                continue;
            }
            let line = if args.format == ReportFormat::Json {
                json!({
                    "url": row.url, "kind": row.kind.as_str(), "state": state_name(state),
                    "reason": reason, "status": row.status, "attempts": row.attempts,
                    "last_fetch": row.fetched_at_ms.map(|_| time_of(row.fetched_at_ms)),
                })
                .to_string()
            } else {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    row.url,
                    state_name(state),
                    reason.as_deref().unwrap_or("-"),
                    row.status.map_or("-".to_owned(), |s| s.to_string()),
                    time_of(row.fetched_at_ms)
                )
            };
            if writeln!(out, "{line}").is_err() {
                break;
            }
        }
        Ok(())
    }
    .await;
    report(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_exactly_the_documented_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let at = |s: &str| parse_since(s, now).ok();
        assert_eq!(
            at("2024-03-01"),
            Some(
                chrono::DateTime::parse_from_rfc3339("2024-03-01T00:00:00Z")
                    .unwrap()
                    .timestamp_millis()
            )
        );
        assert!(at("2024-03-01T08:00:00+01:00").is_some());
        assert_eq!(at("2h"), Some(now.timestamp_millis() - 7_200_000));
        assert_eq!(at("7d"), Some(now.timestamp_millis() - 7 * 86_400_000));
        assert_eq!(at("01/03/2024"), None);
        assert_eq!(at("12/31/2026"), None);
        assert_eq!(at("yesterday"), None);
    }
}
