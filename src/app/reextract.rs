//! `crawl reextract`: a site's pages extracted again from the WARC capture, with the
//! rules and template of today, and published as a crawl publishes them: the same text
//! writes nothing, a changed text is written as a new version of its article (the
//! manifest line says which one it supersedes). Nothing is fetched.

use super::crawl::{load_config, open_output, worker_name, RunError};
use super::extract::pool::{self, Consume, Done, Shared};
use super::extract::Page;
use super::Exit;
use crate::archive::{reader, writer, WarcLocation};
use crate::cli::{CrawlArgs, OutputArgs, ReextractArgs};
use crate::config::Site;
use crate::extract::Extractor;
use crate::model::{Outcome, UrlKind};
use crate::publish::{Origin, Publisher};
use crate::store::{StateUrl, Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use url::Url;

/// Redirects followed from an article's URL to the response that answered it.
const MAX_REDIRECTS: usize = 5;

pub(super) async fn run(args: &ReextractArgs, output: &OutputArgs) -> Exit {
    match reextract(args, output).await {
        Ok(None) => Exit::Ok,
        Ok(Some(signal)) => {
            eprintln!("crawl: stopped by a signal: the pages re-extracted so far are written; run reextract again for the rest");
            Exit::stopped_by(signal)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("crawl: {msg}");
            Exit::Config
        }
        Err(Failure::Config(e)) => {
            super::print_error("crawl", &e);
            Exit::Config
        }
        Err(Failure::Run(e)) => {
            super::print_error("crawl", &e);
            match e {
                RunError::Store(StoreError::Missing { .. }) => Exit::Config,
                e => e.exit(),
            }
        }
    }
}

#[derive(Debug)]
enum Failure {
    Usage(String),
    Config(crate::config::ConfigError),
    Run(RunError),
}

impl<E: Into<RunError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::Run(e.into())
    }
}

/// Re-extracts every selected site; the signal that stopped it, if one did.
async fn reextract(
    args: &ReextractArgs,
    output: &OutputArgs,
) -> Result<Option<crate::stop::Signal>, Failure> {
    let mut crawl_args = CrawlArgs::new(args.config.config.clone());
    crawl_args.sites = args.sites.clone();
    crawl_args.out.clone_from(&args.out);
    crawl_args.state = args.state.clone();
    crawl_args.warc.clone_from(&args.warc);
    let cfg = load_config(&crawl_args).map_err(Failure::Config)?;
    let Some(warc_dir) = cfg.global.warc.clone() else {
        return Err(Failure::Usage(
            "no WARC capture to extract from: set warc in crawl.toml (the crawl then keeps its pages) or give --warc DIR".into(),
        ));
    };
    if !warc_dir.is_dir() {
        return Err(Failure::Usage(format!(
            "--warc {}: no such directory",
            warc_dir.display()
        )));
    }
    let state = StateUrl::parse(&cfg.global.state)?;
    if state.sqlite_path().is_some_and(|p| !p.is_file()) {
        return Err(StoreError::Missing {
            url: state.redacted(),
        }
        .into());
    }
    let _lock = state
        .lock_path()
        .map(|p| crate::lock::acquire(&p))
        .transpose()?;
    let store: Arc<dyn Store> = Arc::new(crate::store::open_existing(&state).await?);
    let worker = worker_name(&crawl_args, &state);
    let out = open_output(&cfg.global.out, &state, &worker)?;
    let publisher = Publisher::new(store.clone(), out, worker);
    publisher.recover().await?;
    // Files a killed crawl left open are completed first (the state lock is ours).
    writer::recover_dir(&warc_dir).map_err(|source| RunError::Output {
        dir: warc_dir.display().to_string(),
        source,
    })?;
    let captured = Arc::new(Captured::scan(&warc_dir, &cfg.sites));
    let threads = args
        .threads
        .map_or_else(pool::default_threads, std::num::NonZeroUsize::get);
    let extractor = Extractor::new(cfg.themes.clone());
    let quiet = output.quiet;
    let stop = crate::stop::Stop::new();
    stop.watch_signals();
    for site in &cfg.sites {
        if stop.is_requested() {
            break;
        }
        let run = Run {
            captured: &captured,
            warc_dir: &warc_dir,
            store: store.clone(),
            publisher: &publisher,
            extractor: extractor.clone(),
            threads,
            stop: &stop,
        };
        let tally = reextract_site(site, run).await?;
        if !quiet {
            println!("{}", tally.summary(&site.name));
        }
    }
    Ok(stop.requested())
}

/// The responses a WARC directory holds: for each URL its latest answer.
#[derive(Debug, Default)]
struct Captured {
    /// URL → (WARC-Date, where the 200 response is).
    pages: HashMap<String, (String, WarcLocation)>,
    /// URL → (WARC-Date, the URL its latest 3xx answer pointed to).
    redirects: HashMap<String, (String, String)>,
}

impl Captured {
    /// Reads every WARC file of `dir` (sorted), keeping the responses of `sites`' hosts.
    fn scan(dir: &Path, sites: &[Site]) -> Self {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| super::extract::is_warc(p))
            .collect();
        files.sort();
        let mut captured = Self::default();
        for path in files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let records = match reader::Records::open(&path) {
                Ok(r) => r,
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "unreadable WARC file");
                    continue;
                }
            };
            for record in records {
                match record {
                    Ok(r) => captured.add(&name, &r, sites),
                    Err(e) => {
                        tracing::warn!(file = %path.display(), error = %e, "damaged WARC file: the rest of it is not read");
                        break;
                    }
                }
            }
        }
        captured
    }

    fn add(&mut self, file: &str, record: &reader::WarcRecord, sites: &[Site]) {
        if record.header("WARC-Type") != Some("response") {
            return;
        }
        let (Some(uri), Some(date)) =
            (record.header("WARC-Target-URI"), record.header("WARC-Date"))
        else {
            return;
        };
        let Ok(url) = Url::parse(uri.trim_matches(['<', '>'])) else {
            return;
        };
        if !sites.iter().any(|s| s.owns(&url)) {
            return;
        }
        // Only the status and Location matter here: the body is read again when extracted.
        let Some((http, _)) = record.http_head() else {
            return;
        };
        let date = date.to_owned();
        let newer = |old: Option<&String>| old.is_none_or(|d| *d <= date);
        match http.status {
            200 if newer(self.pages.get(url.as_str()).map(|(d, _)| d)) => {
                let at = WarcLocation {
                    file: file.to_owned(),
                    offset: record.offset,
                };
                self.pages.insert(url.to_string(), (date, at));
            }
            301 | 302 | 303 | 307 | 308 => {
                let target = http.header("location").and_then(|l| url.join(l).ok());
                if let Some(target) = target {
                    if newer(self.redirects.get(url.as_str()).map(|(d, _)| d)) {
                        let target = crate::canonical::canonicalize(&target).unwrap_or(target);
                        self.redirects
                            .insert(url.to_string(), (date, target.to_string()));
                    }
                }
            }
            _ => {}
        }
    }

    /// The response that answered `url`, after its redirects.
    fn answer<'a>(&'a self, url: &'a str) -> Option<(&'a str, &'a WarcLocation)> {
        let mut current = url;
        for _ in 0..=MAX_REDIRECTS {
            if let Some((_, at)) = self.pages.get(current) {
                return Some((current, at));
            }
            current = &self.redirects.get(current)?.1;
        }
        None
    }
}

/// What the re-extraction of every site shares.
struct Run<'a> {
    captured: &'a Arc<Captured>,
    warc_dir: &'a Path,
    store: Arc<dyn Store>,
    publisher: &'a Publisher,
    extractor: Extractor,
    threads: usize,
    stop: &'a crate::stop::Stop,
}

async fn reextract_site(site: &Site, run: Run<'_>) -> Result<Tally, RunError> {
    let Run {
        captured,
        warc_dir,
        store,
        publisher,
        extractor,
        threads,
        stop,
    } = run;
    let mut articles: Vec<String> = store
        .urls(Some(&site.name))
        .await?
        .into_iter()
        // The later pages of split articles are re-extracted with their first page.
        .filter(|u| u.kind == UrlKind::Article)
        .filter(|u| {
            !matches!(
                u.outcome,
                Some(Outcome::PartOf(_) | Outcome::CanonicalOf(_))
            )
        })
        .map(|u| u.url)
        .collect();
    articles.sort();
    let mut tally = Tally::default();
    // (frontier URL, the URL that answered, where its response is)
    let mut jobs = Vec::new();
    for url in articles {
        match captured.answer(&url) {
            Some((final_url, at)) => jobs.push((url.clone(), final_url.to_owned(), at.clone())),
            None => tally.not_captured += 1,
        }
    }
    let template = store.template(&site.name).await?;
    let shared = Shared {
        extractor,
        sites: vec![site.clone()],
        forced: Some(0),
        templates: HashMap::from([(site.name.clone(), template)]),
        parts: Some(Box::new(CapturedParts {
            dir: warc_dir.to_path_buf(),
            captured: captured.clone(),
        })),
    };
    let dir = warc_dir.to_path_buf();
    let read = move |each: &mut dyn FnMut(Page) -> bool| {
        for (url, final_url, at) in jobs {
            if !each(captured_page(&dir, url, &final_url, at)) {
                return;
            }
        }
    };
    let mut consumer = Republish {
        site,
        publisher,
        tally,
        failed: None,
    };
    let result = pool::pipeline(read, threads, Arc::new(shared), &mut consumer, stop).await;
    if let Some(e) = consumer.failed.take() {
        return Err(e);
    }
    result.map_err(|source| RunError::Output {
        dir: warc_dir.display().to_string(),
        source,
    })?;
    Ok(consumer.tally)
}

/// The later pages of split articles, from the capture.
struct CapturedParts {
    dir: PathBuf,
    captured: Arc<Captured>,
}

impl pool::PartSource for CapturedParts {
    fn page(&self, url: &Url) -> Option<(Option<String>, Vec<u8>)> {
        let (_, at) = self.captured.answer(url.as_str())?;
        let http = reader::read_at(&self.dir.join(&at.file), at.offset)
            .ok()?
            .http()?;
        Some((http.header("content-type").map(str::to_owned), http.body))
    }
}

/// The page a WARC record holds; `source` carries the frontier URL it was fetched as.
fn captured_page(dir: &Path, url: String, final_url: &str, at: WarcLocation) -> Page {
    let body = reader::read_at(&dir.join(&at.file), at.offset)
        .map_err(|e| format!("unreadable: {e}"))
        .and_then(|r| {
            r.http()
                .ok_or_else(|| "unreadable: not an HTTP response".to_owned())
        });
    let (content_type, body) = match body {
        Ok(http) => (
            http.header("content-type").map(str::to_owned),
            Ok(http.body),
        ),
        Err(e) => (None, Err(e)),
    };
    Page {
        source: url,
        url: Url::parse(final_url).ok(),
        content_type,
        body,
        archived: Some(at),
    }
}

/// Publishes each re-extracted article as the crawl would.
struct Republish<'a> {
    site: &'a Site,
    publisher: &'a Publisher,
    tally: Tally,
    /// A store or output failure: the run stops (the state can no longer be trusted).
    failed: Option<RunError>,
}

impl Consume for Republish<'_> {
    async fn take(&mut self, done: Done) -> std::io::Result<()> {
        self.tally.pages += 1;
        let article = match done.result {
            Ok(a) => a,
            Err(reason) => {
                *self.tally.rejected.entry(reason).or_default() += 1;
                return Ok(());
            }
        };
        let final_url = done.url.expect("captured pages have their URL");
        let canonical = article
            .canonical
            .clone()
            .filter(|c| self.site.owns(c))
            .unwrap_or(final_url);
        let origin = Origin {
            site: &self.site.name,
            url: &done.source,
            canonical: &canonical,
            archived: done.archived.as_ref(),
        };
        match self.publisher.publish(origin, &article).await {
            Ok(published) => {
                match (&published.outcome, &published.record) {
                    (Outcome::Written, Some(rec)) if rec.updated => self.tally.changed += 1,
                    (Outcome::Written, _) => self.tally.new += 1,
                    (Outcome::DuplicateOf(_), _) => self.tally.duplicates += 1,
                    _ => self.tally.unchanged += 1,
                }
                Ok(())
            }
            Err(e) => {
                self.failed = Some(e.into());
                Err(std::io::Error::other("publishing failed"))
            }
        }
    }
}

#[derive(Debug, Default)]
struct Tally {
    pages: u64,
    changed: u64,
    new: u64,
    unchanged: u64,
    duplicates: u64,
    rejected: BTreeMap<String, u64>,
    /// Article URLs of the state with no response in the capture.
    not_captured: u64,
}

impl Tally {
    fn summary(&self, site: &str) -> String {
        let mut s = format!(
            "reextract {site}: {} pages: {} changed, {} new, {} unchanged, {} duplicates",
            self.pages, self.changed, self.new, self.unchanged, self.duplicates
        );
        s.push_str(&pool::skipped_clause(&self.rejected));
        if self.not_captured > 0 {
            let _ = write!(
                s,
                ", {} not in the capture (fetched before --warc)",
                self.not_captured
            );
        }
        s
    }
}
