//! The extraction pool behind `crawl extract` and `crawl reextract`: pages read on one
//! thread, put through the crawl's page stage on `threads` others with each page's site
//! rules and learned template, and handed on in input order. Memory stays bounded: at
//! most [`WINDOW_PER_THREAD`] pages per thread are read ahead of the one handed on next.

use super::inputs::Page;
use crate::archive::WarcLocation;
use crate::config::Site;
use crate::discover::policy;
use crate::extract::{Extractor, SiteRules};
use crate::page::parts;
use crate::page::template::Template;
use crate::page::{self, PageArticle, RawPage};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{mpsc, Arc, Mutex};
use url::Url;

/// Pages in flight per extraction thread: read ahead, being extracted, or waiting for
/// an earlier page to be handed on first.
const WINDOW_PER_THREAD: usize = 4;

/// What every extraction thread shares.
pub(in crate::app) struct Shared {
    pub extractor: Extractor,
    pub sites: Vec<Site>,
    /// `--site`: these rules for every page.
    pub forced: Option<usize>,
    pub templates: HashMap<String, Template>,
    /// Where the later pages of a split article are found, when they can be.
    pub parts: Option<Box<dyn PartSource>>,
}

/// The pages a split article's later parts can be read from (a WARC capture).
pub(in crate::app) trait PartSource: Send + Sync {
    /// The Content-Type and body of the page at `url`, when there is one.
    fn page(&self, url: &Url) -> Option<(Option<String>, Vec<u8>)>;
}

/// One page's result, in input order.
pub(in crate::app) struct Done {
    pub source: String,
    pub url: Option<Url>,
    pub site: Option<String>,
    pub result: Result<PageArticle, String>,
    pub archived: Option<WarcLocation>,
}

/// One extraction thread per core, when `--threads` does not say.
pub(in crate::app) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// `, N skipped (reason n, …)` for a summary line; empty when nothing was skipped.
pub(in crate::app) fn skipped_clause(rejected: &BTreeMap<String, u64>) -> String {
    let skipped: u64 = rejected.values().sum();
    if skipped == 0 {
        return String::new();
    }
    let reasons: Vec<String> = rejected.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!(", {skipped} skipped ({})", reasons.join(", "))
}

/// `first` with the bodies of its later pages appended, read from `source`, as the
/// crawler joins a split article (see [`crate::page::parts`]).
fn join_parts(
    shared: &Shared,
    source: &dyn PartSource,
    site: Option<&Site>,
    rules: &SiteRules,
    first_url: &Url,
    first: PageArticle,
    html: &str,
) -> PageArticle {
    let mut rest = Vec::new();
    let mut html = html.to_owned();
    let mut seen = HashSet::from([first_url.to_string()]);
    // A later page may be short: it is part of an article that passed the gates.
    let mut rules = rules.clone();
    rules.min_chars = 1;
    for n in 2..=parts::MAX_PARTS {
        let Some(next) = parts::next_part(&html, first_url, n) else {
            break;
        };
        let in_scope = site.is_none_or(|s| policy::in_scope(s, &next));
        if !seen.insert(next.to_string()) || !in_scope {
            break;
        }
        let Some((content_type, body)) = source.page(&next) else {
            break;
        };
        let raw = RawPage {
            url: Some(&next),
            content_type: content_type.as_deref(),
            body: &body,
        };
        let processed = page::process(&shared.extractor, &rules, raw);
        let Some(part) = processed.result.ok().or(processed.refused) else {
            break;
        };
        rest.push(part.article);
        html = processed.html.unwrap_or_default();
    }
    parts::join(first, rest)
}

/// What takes the results, in order.
pub(in crate::app) trait Consume {
    async fn take(&mut self, done: Done) -> std::io::Result<()>;
}

/// Reads the pages with `read` on one thread, extracts them on `threads`, and hands
/// each result to `consumer` in input order; stops early when the consumer fails, and
/// reads no more pages once `stop` is requested.
pub(in crate::app) async fn pipeline(
    read: impl FnOnce(&mut dyn FnMut(Page) -> bool) + Send + 'static,
    threads: usize,
    shared: Arc<Shared>,
    consumer: &mut impl Consume,
    stop: &crate::stop::Stop,
) -> std::io::Result<()> {
    let window = threads * WINDOW_PER_THREAD;
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Page)>(threads);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, mut done_rx) = tokio::sync::mpsc::channel::<(u64, Done)>(window);
    // One token per page in flight: the reader waits when the window is full.
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(window);
    let stop = stop.clone();
    let reader = std::thread::spawn(move || {
        let mut seq = 0;
        read(&mut |page| {
            // After a stop signal no page is read: those in flight are finished and written.
            if stop.is_requested() {
                return false;
            }
            if token_tx.send(()).is_err() || work_tx.send((seq, page)).is_err() {
                return false; // the writer stopped
            }
            seq += 1;
            true
        });
    });
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (rx, tx, shared) = (work_rx.clone(), done_tx.clone(), shared.clone());
            std::thread::spawn(move || loop {
                let job = rx
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .recv();
                let Ok((seq, page)) = job else { return };
                if tx.blocking_send((seq, extract(&shared, page))).is_err() {
                    return;
                }
            })
        })
        .collect();
    // Only the workers hold these now: when they stop, the reader's next send fails
    // instead of waiting forever for room.
    drop(done_tx);
    drop(work_rx);
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut failed = None;
    while let Some((seq, done)) = done_rx.recv().await {
        waiting.insert(seq, done);
        while let Some(done) = waiting.remove(&next) {
            next += 1;
            let _ = token_rx.recv();
            if let Err(e) = consumer.take(done).await {
                failed = Some(e);
                break;
            }
        }
        if failed.is_some() {
            break;
        }
    }
    // Unblocks the reader and the workers, then waits for them.
    drop(token_rx);
    drop(done_rx);
    let _ = reader.join();
    for w in workers {
        let _ = w.join();
    }
    failed.map_or(Ok(()), Err)
}

/// The page stage on one page, with its site's rules and template; a panic in
/// extraction is that page's failure, not the run's.
fn extract(shared: &Shared, page: Page) -> Done {
    let site = shared.forced.or_else(|| {
        let url = page.url.as_ref()?;
        shared.sites.iter().position(|s| s.owns(url))
    });
    let site = site.map(|i| &shared.sites[i]);
    let result = page.body.and_then(|body| {
        let rules = site.map_or_else(SiteRules::default, |s| s.rules.clone());
        let raw = RawPage {
            url: page.url.as_ref(),
            content_type: page.content_type.as_deref(),
            body: &body,
        };
        let processed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            page::process(&shared.extractor, &rules, raw)
        }))
        .map_err(|_| "extraction_panicked".to_owned())?;
        let article = processed.result.map_err(|r| r.as_str().to_owned())?;
        let article = match (&shared.parts, &page.url, &processed.html) {
            (Some(source), Some(url), Some(html)) => {
                join_parts(shared, source.as_ref(), site, &rules, url, article, html)
            }
            _ => article,
        };
        Ok(match site.and_then(|s| shared.templates.get(&s.name)) {
            Some(t) => t.apply(article).0,
            None => article,
        })
    });
    Done {
        source: page.source,
        url: page.url,
        site: site.map(|s| s.name.clone()),
        result,
        archived: page.archived,
    }
}
