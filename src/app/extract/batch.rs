//! `crawl extract` over many pages: every input page through the extraction pool
//! ([`super::pool`]) on every core, with each page's configured site rules (chosen by its
//! URL's host) and learned template, out in input order as JSONL or as the crawl's own
//! output (article files named by content hash, `articles.jsonl`).

use super::inputs;
use super::pool::{self, Done, Shared};
use super::Exit;
use crate::cli::{ExtractArgs, ExtractFormat, OutputArgs};
use crate::config::Config;
use crate::extract::Extractor;
use crate::output::Output;
use crate::publish::{Origin, Publisher};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;
use url::Url;

/// Whether the arguments ask for more than the one-page view.
pub(super) fn wanted(args: &ExtractArgs) -> bool {
    args.inputs.len() > 1
        || args.out.is_some()
        || args.threads.is_some()
        || args.format == Some(ExtractFormat::Jsonl)
        || args.inputs.iter().any(|p| p.is_dir() || inputs::is_warc(p))
}

pub(super) async fn run(args: &ExtractArgs, output: &OutputArgs) -> Exit {
    if let Some(problem) = refused_options(args) {
        eprintln!("crawl: {problem}");
        return Exit::Config;
    }
    let inputs = match inputs::expand(&args.inputs) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("crawl: {e}");
            return Exit::Config;
        }
    };
    let Some((shared, max_bytes)) = setup(args).await else {
        return Exit::Config;
    };
    let sink = match &args.out {
        Some(dir) => match Sink::files(dir).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("crawl: cannot write output in {}: {e}", dir.display());
                return Exit::Runtime;
            }
        },
        None => Sink::Jsonl(std::io::BufWriter::new(std::io::stdout())),
    };
    let threads = args
        .threads
        .map_or_else(pool::default_threads, std::num::NonZeroUsize::get);
    let progress = crate::progress::Progress::new(!output.quiet && !output.no_progress);
    let started = std::time::Instant::now();
    let mut emitter = Emitter {
        sink,
        tally: Tally::default(),
        bar: progress.site_bar("extract"),
    };
    let read = move |each: &mut dyn FnMut(inputs::Page) -> bool| {
        inputs::for_each_page(&inputs, max_bytes, each);
    };
    let stop = crate::stop::Stop::new();
    stop.watch_signals();
    let result = pool::pipeline(read, threads, Arc::new(shared), &mut emitter, &stop).await;
    progress.finish(&emitter.bar);
    let Emitter {
        mut sink, tally, ..
    } = emitter;
    let written = match (result, sink.finish()) {
        (Ok(()), Ok(written)) => written,
        // `crawl extract DIR | head`: the reader has all it wanted.
        (Err(e), _) | (_, Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Exit::Ok;
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("crawl: {e}");
            return Exit::Runtime;
        }
    };
    if !output.quiet {
        eprintln!("{}", tally.summary(started.elapsed(), written));
    }
    if let Some(signal) = stop.requested() {
        eprintln!(
            "crawl: stopped by a signal after {} pages: every page handed on is complete; the inputs after it were not read",
            tally.pages
        );
        return Exit::stopped_by(signal);
    }
    if tally.unreadable > 0 {
        Exit::SiteFailed
    } else {
        Exit::Ok
    }
}

/// Options that only make sense for one page.
fn refused_options(args: &ExtractArgs) -> Option<String> {
    if args.url.is_some() {
        return Some(
            "--url names one page; many pages name theirs (WARC records, canonical links)".into(),
        );
    }
    if args.explain {
        return Some("--explain shows one page; give one HTML file".into());
    }
    if args.content_type.is_some() {
        return Some("--content-type describes one page; give one HTML file".into());
    }
    match args.format {
        Some(f @ (ExtractFormat::Text | ExtractFormat::Json)) if args.out.is_none() => {
            Some(format!(
                "--format {} prints one page; for many use --format jsonl or --out DIR",
                if f == ExtractFormat::Text {
                    "text"
                } else {
                    "json"
                }
            ))
        }
        Some(ExtractFormat::Text | ExtractFormat::Json) => {
            Some("--out writes article files; --format is for standard output".into())
        }
        _ => None,
    }
}

/// The extractor, the configured sites and their templates; the page size cap.
async fn setup(args: &ExtractArgs) -> Option<(Shared, u64)> {
    let dir = &args.config.config;
    let (cfg, sites) = if dir.is_dir() {
        match Config::load(dir) {
            Ok(cfg) => {
                let sites = cfg.sites.clone();
                (Some(cfg), sites)
            }
            Err(e) => {
                super::super::print_error("crawl", &e);
                return None;
            }
        }
    } else {
        (None, Vec::new())
    };
    let forced = match &args.site {
        Some(name) => {
            let Some(i) = sites.iter().position(|s| &s.name == name) else {
                eprintln!(
                    "crawl: --site {name}: no such site in {}",
                    dir.join("sites").display()
                );
                return None;
            };
            Some(i)
        }
        None => None,
    };
    let mut templates = HashMap::new();
    if let Some(cfg) = &cfg {
        for site in &sites {
            let t = super::learned_template(args, &site.name, &cfg.global.state).await;
            templates.insert(site.name.clone(), t);
        }
    }
    let max_bytes = cfg
        .as_ref()
        .map_or(crate::config::Global::default().max_page_bytes, |c| {
            c.global.max_page_bytes
        });
    let extractor = cfg.map_or_else(Extractor::default, |c| Extractor::new(c.themes));
    Some((
        Shared {
            extractor,
            sites,
            forced,
            templates,
            parts: None,
        },
        max_bytes,
    ))
}

/// The consumer of results, in order: counts them, shows progress, writes them.
struct Emitter {
    sink: Sink,
    tally: Tally,
    bar: indicatif::ProgressBar,
}

impl pool::Consume for Emitter {
    async fn take(&mut self, done: Done) -> std::io::Result<()> {
        self.tally.count(&done);
        if self.tally.pages % 16 == 0 {
            self.bar.set_message(format!("{} pages", self.tally.pages));
        }
        self.sink.take(done).await
    }
}

/// Where results go.
enum Sink {
    Jsonl(std::io::BufWriter<std::io::Stdout>),
    Files(Box<Files>),
}

/// The crawl's output, fed through its publisher (an in-memory ledger for dedup and
/// near-duplicates, the directory's manifest for what earlier runs wrote).
struct Files {
    publisher: Publisher,
    known: HashSet<String>,
    written: u64,
    duplicates: u64,
}

impl Sink {
    async fn files(dir: &std::path::Path) -> std::io::Result<Self> {
        let output = Output::open(dir, "articles.jsonl", true)?;
        let known = output.manifest_hashes()?;
        let store: Arc<dyn crate::store::Store> = Arc::new(
            crate::store::open(&crate::store::StateUrl::Memory)
                .await
                .map_err(std::io::Error::other)?,
        );
        Ok(Self::Files(Box::new(Files {
            publisher: Publisher::new(store, output, "extract".into()),
            known,
            written: 0,
            duplicates: 0,
        })))
    }

    async fn take(&mut self, done: Done) -> std::io::Result<()> {
        match self {
            Self::Jsonl(out) => {
                let line = jsonl_record(&done);
                serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::other)?;
                out.write_all(b"\n")
            }
            Self::Files(files) => files.publish(done).await,
        }
    }

    /// Flushes; returns (written, duplicates) for an output directory.
    fn finish(&mut self) -> std::io::Result<Option<(u64, u64)>> {
        match self {
            Self::Jsonl(out) => out.flush().map(|()| None),
            Self::Files(f) => Ok(Some((f.written, f.duplicates))),
        }
    }
}

impl Files {
    async fn publish(&mut self, done: Done) -> std::io::Result<()> {
        let Ok(article) = &done.result else {
            return Ok(());
        };
        if self.known.contains(&article.sha256) {
            self.duplicates += 1;
            return Ok(());
        }
        let url = done.url.clone().unwrap_or_else(|| file_url(&done.source));
        let canonical = article.canonical.clone().unwrap_or_else(|| url.clone());
        let site = done
            .site
            .clone()
            .or_else(|| url.host_str().map(str::to_owned))
            .unwrap_or_else(|| "unknown".into());
        let origin = Origin {
            site: &site,
            url: url.as_str(),
            canonical: &canonical,
            archived: done.archived.as_ref(),
        };
        let published = self
            .publisher
            .publish(origin, article)
            .await
            .map_err(std::io::Error::other)?;
        if published.record.is_some() {
            self.written += 1;
        } else {
            self.duplicates += 1;
        }
        self.known.insert(article.sha256.clone());
        Ok(())
    }
}

/// A `file://` URL for a page read from a file with no URL of its own.
fn file_url(source: &str) -> Url {
    let path = std::path::absolute(source).unwrap_or_else(|_| source.into());
    Url::from_file_path(&path).unwrap_or_else(|()| Url::parse("file:///").expect("static URL"))
}

/// One JSONL line: the article's metadata and text, or the reason it is not one.
fn jsonl_record(done: &Done) -> serde_json::Value {
    let mut rec = serde_json::json!({
        "source": done.source,
        "url": done.url.as_ref().map(Url::as_str),
    });
    let map = rec.as_object_mut().expect("an object");
    if let Some(site) = &done.site {
        map.insert("site".into(), site.as_str().into());
    }
    match &done.result {
        Ok(page) => {
            let a = &page.article;
            let body: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
            map.insert("title".into(), a.title.as_str().into());
            map.insert("authors".into(), a.authors.clone().into());
            map.insert(
                "published".into(),
                a.published.map(|d| d.to_rfc3339()).into(),
            );
            map.insert("language".into(), a.language.clone().into());
            map.insert("sha256".into(), page.sha256.as_str().into());
            map.insert("words".into(), a.words().into());
            map.insert("text".into(), body.join("\n").into());
        }
        Err(reason) => {
            map.insert("rejected".into(), reason.as_str().into());
        }
    }
    rec
}

/// What the run did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    pages: u64,
    articles: u64,
    rejected: BTreeMap<String, u64>,
    /// Inputs that could not be read at all (I/O errors, damaged WARC files).
    unreadable: u64,
}

impl Tally {
    fn count(&mut self, done: &Done) {
        self.pages += 1;
        match &done.result {
            Ok(_) => self.articles += 1,
            Err(reason) => {
                if reason.starts_with("unreadable") || reason.starts_with("bad_warc") {
                    self.unreadable += 1;
                    eprintln!("crawl: {}: {reason}", done.source);
                }
                let key = reason.split(':').next().unwrap_or(reason);
                let key = if key == "not_article" {
                    reason.as_str()
                } else {
                    key
                };
                *self.rejected.entry(key.to_owned()).or_default() += 1;
            }
        }
    }

    fn summary(&self, elapsed: std::time::Duration, written: Option<(u64, u64)>) -> String {
        let secs = elapsed.as_secs_f64().max(1e-3);
        let mut s = format!(
            "crawl extract: {} pages in {secs:.1} s ({:.0} pages/s): {} articles",
            self.pages,
            self.pages as f64 / secs,
            self.articles
        );
        if let Some((w, d)) = written {
            let _ = write!(s, " ({w} written, {d} duplicates)");
        }
        s.push_str(&pool::skipped_clause(&self.rejected));
        s
    }
}
