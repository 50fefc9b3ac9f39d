//! The crawl of one site: seed the frontier (start pages, feeds, sitemaps, robots.txt
//! `Sitemap:` lines), then take URLs from the store one at a time — one request at a time
//! per host is the politeness default — fetch, discover more, extract, deduplicate,
//! write, and record. Page failures are counted and never abort the run; only store and
//! output failures do, because then the state can no longer be trusted.

use crate::canonical::canonicalize;
use crate::config::{Global, Site};
use crate::decode::decode_html;
use crate::dedup;
use crate::discover::{feed, links, sitemap};
use crate::extract::Extractor;
use crate::fetch::robots::Robots;
use crate::fetch::{FetchError, Fetched, Fetcher};
use crate::model::{Discovered, ManifestRecord, Rejection, UrlKind, Validators};
use crate::output::{relative_path, Output};
use crate::stats::SiteStats;
use crate::store::{Claim, FetchRecord, QueuedUrl, Store, StoreError, UrlState};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use url::Url;

/// Failures that stop the run: the state or the output can no longer be trusted.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write output in {dir}: {source}")]
    Output { dir: String, source: std::io::Error },
}

/// Everything the site crawls of one run share.
#[derive(Debug)]
pub struct Context {
    pub global: Global,
    pub store: Arc<dyn Store>,
    pub fetcher: Arc<Fetcher>,
    pub extractor: Arc<Extractor>,
    pub output: Arc<tokio::sync::Mutex<Output>>,
    pub worker: String,
    pub dry_run: bool,
    /// Set on Ctrl-C / SIGTERM: finish the page in hand, then stop.
    pub stop: Arc<AtomicBool>,
    pub progress: crate::progress::Progress,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Child sitemaps that never list articles (WordPress/Yoast/Rank Math names).
fn is_non_article_sitemap(url: &Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    [
        "category",
        "tag",
        "author",
        "page-sitemap",
        "attachment",
        "product",
        "portfolio",
        "video-sitemap",
        "image-sitemap",
        "wp-sitemap-taxonomies",
        "wp-sitemap-users",
    ]
    .iter()
    .any(|w| p.contains(w))
}

struct SiteRun<'a> {
    ctx: &'a Context,
    site: &'a Site,
    stats: SiteStats,
    bar: indicatif::ProgressBar,
}

/// Crawls one site until its frontier is empty, its budget spent, or the run stopped.
pub async fn crawl_site(ctx: &Context, site: &Site) -> Result<SiteStats, CrawlError> {
    use tracing::Instrument;
    let span = tracing::info_span!("site", site = %site.name);
    let mut run = SiteRun {
        ctx,
        site,
        stats: SiteStats::new(&site.name),
        bar: ctx.progress.site_bar(&site.name),
    };
    let result = run.crawl().instrument(span).await;
    run.bar.finish_and_clear();
    result.map(|()| run.stats)
}

impl SiteRun<'_> {
    async fn crawl(&mut self) -> Result<(), CrawlError> {
        let (ctx, site) = (self.ctx, self.site);
        // One worker per host at a time, shared crawl or not: the lease carries the time
        // the host's next request is due, so pacing holds across workers.
        let key = crate::config::host_key(&site.start_urls[0]).unwrap_or_default();
        let now = now_ms();
        let Some(due) = ctx
            .store
            .lease_host(&key, &ctx.worker, now, now + self.ttl_ms())
            .await?
        else {
            self.stats.busy = true;
            return Ok(());
        };
        let host = ctx.fetcher.host_state(&key);
        if due > now {
            host.pause(std::time::Duration::from_millis(
                u64::try_from(due - now).unwrap_or(0),
            ));
        }
        let result = self.crawl_leased(&key).await;
        let next_due = now_ms() + i64::try_from(host.next_due_in().as_millis()).unwrap_or(0);
        ctx.store.release_host(&key, &ctx.worker, next_due).await?;
        result
    }

    /// The lease lasts at least four of the site's intervals, so that a lease that
    /// expires after a worker died always leaves the host a full interval of rest.
    fn ttl_ms(&self) -> i64 {
        let ttl = self.ctx.global.lease_ttl.max(self.site.delay * 4);
        i64::try_from(ttl.as_millis()).unwrap_or(60_000)
    }

    async fn crawl_leased(&mut self, host_key: &str) -> Result<(), CrawlError> {
        let (ctx, site) = (self.ctx, self.site);
        let seeds_before =
            now_ms() - i64::try_from(ctx.global.seed_interval.as_millis()).unwrap_or(0);
        ctx.store
            .refresh_site(&site.name, ctx.global.retries.max(1), seeds_before)
            .await?;
        let mut seeds: Vec<Discovered> = Vec::new();
        let seed = |url: &Url, kind| Discovered {
            site: site.name.clone(),
            url: url.clone(),
            kind,
            depth: 0,
            seed: true,
        };
        let mut sitemap_known = !site.sitemaps.is_empty();
        for start in &site.start_urls {
            let host = ctx.fetcher.host(site, start).await;
            let robots = host.robots.get().expect("initialised by host()");
            if let Robots::DisallowAll { reason } = robots {
                tracing::warn!(site = %site.name, host = %host.key, %reason, "host cannot be crawled in this run");
                self.stats.failed = Some(reason.clone());
                return Ok(());
            }
            for sm in robots.sitemaps() {
                if let Some(u) = Url::parse(&sm)
                    .ok()
                    .and_then(|u| canonicalize(&u))
                    .filter(|u| site.owns(u))
                {
                    seeds.push(seed(&u, UrlKind::Sitemap));
                    sitemap_known = true;
                }
            }
            seeds.push(seed(start, UrlKind::Listing));
        }
        seeds.extend(site.feeds.iter().map(|u| seed(u, UrlKind::Feed)));
        seeds.extend(site.sitemaps.iter().map(|u| seed(u, UrlKind::Sitemap)));
        if !sitemap_known {
            if let Ok(u) = site.start_urls[0].join("/sitemap.xml") {
                seeds.push(seed(&u, UrlKind::Sitemap));
            }
        }
        self.admit(seeds).await?;

        let mut fetched_pages = 0u32;
        while !ctx.stop.load(Ordering::Relaxed) {
            if fetched_pages >= site.page_budget {
                let left = ctx
                    .store
                    .status(now_ms())
                    .await?
                    .into_iter()
                    .find(|s| s.site == site.name)
                    .map_or(0, |s| s.pending);
                self.stats.left = u64::try_from(left).unwrap_or(0);
                tracing::info!(site = %site.name, budget = site.page_budget, left, "page budget reached");
                break;
            }
            let now = now_ms();
            let lease = now + self.ttl_ms();
            let Some(item) = ctx
                .store
                .next_url(&site.name, &ctx.worker, now, lease)
                .await?
            else {
                break;
            };
            fetched_pages += 1;
            let (record, pause) = self.process(&item).await?;
            ctx.store.finish(&item.url, &record, now_ms()).await?;
            let now = now_ms();
            let next_due = now
                + i64::try_from(ctx.fetcher.host_state(host_key).next_due_in().as_millis())
                    .unwrap_or(0);
            if !ctx
                .store
                .renew_host(host_key, &ctx.worker, now + self.ttl_ms(), next_due)
                .await?
            {
                tracing::warn!(site = %site.name, host = %host_key, "host lease lost to another worker; stopping this site");
                break;
            }
            self.bar.set_message(format!(
                "fetched {} · written {} · duplicates {}",
                self.stats.fetched, self.stats.written, self.stats.duplicates
            ));
            self.bar.tick();
            if pause {
                tracing::warn!(site = %site.name, "server asked for a long pause: the rest of this site waits for the next run");
                break;
            }
        }
        if self.stats.fetched == 0 && self.stats.error_count() > 0 && self.stats.failed.is_none() {
            self.stats.failed = Some("no page could be fetched".into());
        }
        Ok(())
    }

    /// Admission to the frontier: the site's hosts, not excluded, allowed by robots.txt.
    async fn admit(&mut self, items: Vec<Discovered>) -> Result<(), CrawlError> {
        let mut ok = Vec::with_capacity(items.len());
        for d in items {
            if !self.site.owns(&d.url) || self.site.excluded(&d.url) {
                continue;
            }
            let host = self.ctx.fetcher.host(self.site, &d.url).await;
            if !host.robots.get().is_some_and(|r| r.allowed(&d.url)) {
                self.stats.skip("robots");
                continue;
            }
            ok.push(d);
        }
        let added = self.ctx.store.enqueue(&ok).await?;
        self.stats.discovered += added;
        Ok(())
    }

    fn record(
        state: UrlState,
        status: Option<u16>,
        validators: Validators,
        outcome: impl Into<String>,
    ) -> FetchRecord {
        FetchRecord {
            state,
            status,
            validators,
            outcome: outcome.into(),
        }
    }

    /// Processes one frontier entry; the bool asks to stop the site (long Retry-After).
    async fn process(&mut self, item: &QueuedUrl) -> Result<(FetchRecord, bool), CrawlError> {
        let Ok(url) = Url::parse(&item.url) else {
            self.stats.skip("bad_url");
            return Ok((
                Self::record(
                    UrlState::Done,
                    None,
                    Validators::default(),
                    "skipped:bad_url",
                ),
                false,
            ));
        };
        if self.ctx.dry_run && item.kind == UrlKind::Article {
            println!("{}\t{}", self.site.name, url);
            return Ok((
                Self::record(UrlState::Done, None, Validators::default(), "dry_run"),
                false,
            ));
        }
        let g = &self.ctx.global;
        let max_bytes = match item.kind {
            UrlKind::Sitemap | UrlKind::Feed => g.max_feed_bytes,
            UrlKind::Listing | UrlKind::Article => g.max_page_bytes,
        };
        let validators = (item.kind != UrlKind::Article).then_some(&item.validators);
        let fetched = match self
            .ctx
            .fetcher
            .fetch(self.site, &url, validators, max_bytes)
            .await
        {
            Ok(f) => f,
            Err(e) => {
                let reason = e.reason();
                let pause = matches!(e, FetchError::Paused(_));
                // A probe for /sitemap.xml that is not there is not an error.
                let probe_missing =
                    item.kind == UrlKind::Sitemap && matches!(e, FetchError::Status(404 | 410));
                if e.is_skip() || probe_missing {
                    if !probe_missing {
                        self.stats.skip(&reason);
                    }
                    tracing::debug!(url = %url, %reason, "skipped");
                    return Ok((
                        Self::record(
                            UrlState::Done,
                            None,
                            Validators::default(),
                            format!("skipped:{reason}"),
                        ),
                        pause,
                    ));
                }
                self.stats.error(&reason);
                tracing::warn!(url = %url, error = %e, "fetch failed");
                return Ok((
                    Self::record(
                        UrlState::Failed,
                        None,
                        Validators::default(),
                        format!("error:{reason}"),
                    ),
                    pause,
                ));
            }
        };
        self.stats.fetched += 1;
        let status = Some(fetched.response.status);
        let validators = fetched.response.validators();
        if fetched.not_modified() {
            self.stats.not_modified += 1;
            return Ok((
                Self::record(
                    UrlState::Done,
                    status,
                    Validators::default(),
                    "not_modified",
                ),
                false,
            ));
        }
        let outcome = match item.kind {
            UrlKind::Sitemap => self.on_sitemap(item, &fetched).await?,
            UrlKind::Feed => self.on_feed(&fetched).await?,
            UrlKind::Listing => self.on_listing(item, &fetched).await?,
            UrlKind::Article => self.on_article(item, &fetched).await?,
        };
        Ok((
            Self::record(UrlState::Done, status, validators, outcome),
            false,
        ))
    }

    fn discovered(&self, url: Url, kind: UrlKind, depth: u32, seed: bool) -> Discovered {
        Discovered {
            site: self.site.name.clone(),
            url,
            kind,
            depth,
            seed,
        }
    }

    async fn on_sitemap(&mut self, item: &QueuedUrl, f: &Fetched) -> Result<String, CrawlError> {
        let parsed = sitemap::maybe_gunzip(&f.response.body, self.ctx.global.max_feed_bytes)
            .and_then(|b| sitemap::parse(&b));
        let map = match parsed {
            Ok(m) => m,
            Err(e) => {
                self.stats.skip("bad_sitemap");
                tracing::warn!(url = %f.final_url, error = %e, "unusable sitemap");
                return Ok("skipped:bad_sitemap".into());
            }
        };
        if map.truncated > 0 {
            tracing::warn!(url = %f.final_url, ignored = map.truncated, "sitemap over the 50 000-entry limit");
        }
        let mut found = Vec::new();
        for entry in &map.entries {
            let Some(u) = Url::parse(&entry.loc).ok().and_then(|u| canonicalize(&u)) else {
                continue;
            };
            match map.kind {
                sitemap::SitemapKind::Index if item.depth < 3 && !is_non_article_sitemap(&u) => {
                    found.push(self.discovered(u, UrlKind::Sitemap, item.depth + 1, true))
                }
                sitemap::SitemapKind::UrlSet => {
                    let pq = crate::config::Site::path_and_query(&u);
                    let article = if self.site.article_patterns.is_empty() {
                        u.path() != "/" && !pq.contains("/category/") && !pq.contains("/tag/")
                    } else {
                        links::looks_like_article(self.site, &u)
                    };
                    if article {
                        found.push(self.discovered(u, UrlKind::Article, item.depth + 1, false));
                    }
                }
                sitemap::SitemapKind::Index => {}
            }
        }
        self.admit(found).await?;
        Ok("sitemap".into())
    }

    async fn on_feed(&mut self, f: &Fetched) -> Result<String, CrawlError> {
        match feed::entry_links(&f.response.body) {
            Ok(hrefs) => {
                let found = hrefs
                    .iter()
                    .filter_map(|h| crate::canonical::resolve(&f.final_url, h))
                    .filter(|u| {
                        self.site.article_patterns.is_empty()
                            || links::looks_like_article(self.site, u)
                    })
                    .map(|u| self.discovered(u, UrlKind::Article, 1, false))
                    .collect();
                self.admit(found).await?;
                Ok("feed".into())
            }
            Err(e) => {
                self.stats.skip("bad_feed");
                tracing::warn!(url = %f.final_url, error = %e, "unusable feed");
                Ok("skipped:bad_feed".into())
            }
        }
    }

    fn html_text(&self, f: &Fetched) -> Option<String> {
        if !is_html(&f.response) {
            return None;
        }
        let ct = f.response.header("content-type");
        let tld = f
            .final_url
            .host_str()
            .and_then(|h| h.rsplit('.').next())
            .map(str::to_ascii_lowercase);
        Some(decode_html(&f.response.body, ct, tld.as_deref()).text)
    }

    async fn on_listing(&mut self, item: &QueuedUrl, f: &Fetched) -> Result<String, CrawlError> {
        let Some(text) = self.html_text(f) else {
            self.stats.skip("not_html");
            return Ok("skipped:not_html".into());
        };
        self.harvest(item, &f.final_url, &text).await?;
        Ok("listing".into())
    }

    /// Enqueues the links of an HTML page: articles, pagination, sections, feeds.
    async fn harvest(
        &mut self,
        item: &QueuedUrl,
        page: &Url,
        html: &str,
    ) -> Result<(), CrawlError> {
        let start_page = item.seed && item.kind == UrlKind::Listing;
        let found = {
            let doc = scraper::Html::parse_document(html);
            links::classify(self.site, page, &doc, start_page)
        };
        let next_depth = item.depth + 1;
        let mut out = Vec::new();
        if start_page && self.site.feeds.is_empty() {
            out.extend(
                found
                    .feeds
                    .into_iter()
                    .map(|u| self.discovered(u, UrlKind::Feed, 0, true)),
            );
        }
        out.extend(
            found
                .articles
                .into_iter()
                .map(|u| self.discovered(u, UrlKind::Article, next_depth, false)),
        );
        if next_depth <= self.site.max_depth {
            out.extend(
                found
                    .pagination
                    .into_iter()
                    .chain(found.sections)
                    .map(|u| self.discovered(u, UrlKind::Listing, next_depth, false)),
            );
        } else if !found.pagination.is_empty() || !found.sections.is_empty() {
            // Endless pagination and calendar archives end here; the summary says so.
            self.stats.skip("depth_limit");
        }
        self.admit(out).await
    }

    async fn on_article(&mut self, item: &QueuedUrl, f: &Fetched) -> Result<String, CrawlError> {
        let Some(text) = self.html_text(f) else {
            self.stats.skip("not_html");
            return Ok("skipped:not_html".into());
        };
        let extractor = self.ctx.extractor.clone();
        let rules = self.site.rules.clone();
        let html = text.clone();
        let result = tokio::task::spawn_blocking(move || extractor.extract(&html, &rules))
            .await
            .unwrap_or(Err(Rejection::NotArticle));
        let article = match result {
            Ok(a) if replacement_share(&a) > 0.005 => {
                self.stats.skip(Rejection::Undecodable.as_str());
                return Ok("skipped:undecodable".into());
            }
            Ok(a) => a,
            Err(r) => {
                if r == Rejection::NotArticle && item.depth < self.site.max_depth {
                    self.harvest(item, &f.final_url, &text).await?;
                }
                self.stats.skip(r.as_str());
                return Ok(format!("skipped:{r}"));
            }
        };
        let canonical = article
            .canonical_url
            .as_deref()
            .and_then(|c| crate::canonical::resolve(&f.final_url, c))
            .filter(|c| self.site.owns(c))
            .unwrap_or_else(|| f.final_url.clone());
        // The canonical URL has now been seen: it is not fetched again as a variant.
        if canonical.as_str() != item.url {
            let entry = self.discovered(canonical.clone(), UrlKind::Article, item.depth, false);
            self.ctx.store.enqueue(std::slice::from_ref(&entry)).await?;
            let rec = Self::record(
                UrlState::Done,
                None,
                Validators::default(),
                format!("canonical_of:{}", item.url),
            );
            self.ctx
                .store
                .finish(canonical.as_str(), &rec, now_ms())
                .await?;
        }
        let sha = dedup::content_hash(&article);
        let simhash = dedup::simhash(&article);
        let near = self
            .ctx
            .store
            .near_duplicate(simhash, &sha, dedup::NEAR_DUPLICATE_BITS)
            .await?;
        let rec = ManifestRecord {
            url: item.url.clone(),
            canonical_url: canonical.to_string(),
            site: self.site.name.clone(),
            title: article.title.clone(),
            authors: article.authors.clone(),
            published: article.published,
            language: article.language.clone(),
            sha256: sha.clone(),
            path: relative_path(&self.site.name, &sha),
            fetched_at: chrono::Utc::now(),
            words: article.words(),
            near_duplicate_of: near.clone(),
        };
        match self
            .ctx
            .store
            .claim_article(&rec, simhash, &self.ctx.worker)
            .await?
        {
            Claim::Duplicate { first_url } => {
                self.stats.duplicates += 1;
                tracing::info!(url = %item.url, %first_url, sha256 = %sha, "duplicate");
                return Ok(format!("duplicate_of:{first_url}"));
            }
            Claim::AlreadyWritten => return Ok("written".into()),
            Claim::New | Claim::Resume => {}
        }
        {
            let mut out = self.ctx.output.lock().await;
            let dir = out.dir().display().to_string();
            let io = |source| CrawlError::Output {
                dir: dir.clone(),
                source,
            };
            out.write_article(&rec.path, &article).map_err(io)?;
            out.append_manifest(&rec).map_err(io)?;
        }
        self.ctx.store.mark_written(&sha).await?;
        self.stats.written += 1;
        if near.is_some() {
            self.stats.near_duplicates += 1;
        }
        tracing::info!(url = %item.url, path = %rec.path, words = rec.words, "written");
        Ok("written".into())
    }
}

fn replacement_share(a: &crate::model::Article) -> f64 {
    let text = a.to_text();
    let total = text.chars().count().max(1);
    text.chars().filter(|c| *c == '\u{FFFD}').count() as f64 / total as f64
}

/// HTML by Content-Type, confirmed by sniffing the first bytes (binary served as
/// text/html, PDFs and images are refused).
fn is_html(r: &crate::fetch::RawResponse) -> bool {
    if let Some(ct) = r.header("content-type") {
        let ct = ct.to_ascii_lowercase();
        if !(ct.contains("html") || ct.contains("xml") || ct.starts_with("text/plain")) {
            return false;
        }
    }
    let head = &r.body[..r.body.len().min(1024)];
    let binary_magic: [&[u8]; 7] = [
        b"%PDF",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"PK\x03\x04",
        b"\x1F\x8B",
        b"RIFF",
    ];
    if binary_magic.iter().any(|m| head.starts_with(m)) {
        return false;
    }
    let controls = head.iter().filter(|b| **b == 0 || (**b < 0x09)).count();
    controls * 100 <= head.len()
}
