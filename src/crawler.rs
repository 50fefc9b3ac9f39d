//! The crawl of one site: the loop that wires the stages. It takes the host's lease
//! ([`crate::schedule`]), seeds the frontier ([`crate::discover::seeds`]), then takes
//! URLs from the store one at a time — one request at a time per host is the politeness
//! default — fetches them, hands sitemaps, feeds and listings to discovery and articles
//! to the page stage ([`crate::page`]) and the [`Publisher`], and records each URL's
//! [`Outcome`] in one place. Page failures are counted and never abort the run; only
//! store and output failures do, because then the state can no longer be trusted.

use crate::config::{Global, Site};
use crate::discover::{feed, links, policy, seeds, sitemap};
use crate::extract::Extractor;
use crate::fetch::robots::Robots;
use crate::fetch::{FetchError, Fetched, Fetcher};
use crate::model::{Discovered, Outcome, Rejection, Skip, UrlKind};
use crate::page::{self, RawPage};
use crate::publish::{Origin, PublishError, Publisher};
use crate::schedule::{self, HostTurn};
use crate::stats::SiteStats;
use crate::stop::Stop;
use crate::store::{FetchRecord, QueuedUrl, Store, StoreError};
use std::sync::Arc;
use url::Url;

/// Failures that stop the run: the state or the output can no longer be trusted.
pub type CrawlError = PublishError;

/// Everything the site crawls of one run share.
#[derive(Debug)]
pub struct Context {
    pub global: Global,
    pub store: Arc<dyn Store>,
    pub fetcher: Arc<Fetcher>,
    pub extractor: Arc<Extractor>,
    pub publisher: Publisher,
    pub worker: String,
    /// Several workers share the state (PostgreSQL): seeds follow `seed_interval`.
    pub shared: bool,
    pub dry_run: bool,
    /// Set on Ctrl-C / SIGTERM: no new request; the page in hand is finished or abandoned.
    pub stop: Stop,
    pub progress: crate::progress::Progress,
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
    ctx.progress.finish(&run.bar);
    result.map(|()| run.stats)
}

impl SiteRun<'_> {
    /// One worker per host at a time, shared crawl or not.
    async fn crawl(&mut self) -> Result<(), CrawlError> {
        let (ctx, site) = (self.ctx, self.site);
        let key = crate::config::host_key(&site.start_urls[0]).unwrap_or_default();
        let ttl = schedule::lease_ttl(&ctx.global, site);
        let store = ctx.store.as_ref();
        let Some(turn) = HostTurn::acquire(store, &ctx.fetcher, &key, &ctx.worker, ttl).await?
        else {
            self.stats.busy = true;
            return Ok(());
        };
        let result = self.crawl_leased(&turn).await;
        turn.release(store).await?;
        result
    }

    async fn crawl_leased(&mut self, turn: &HostTurn) -> Result<(), CrawlError> {
        let (ctx, site) = (self.ctx, self.site);
        // One process on its own state re-checks every seed (conditional GET keeps that
        // cheap). Workers sharing a state skip seeds another fetched moments ago.
        let seeds_before = if ctx.shared {
            schedule::now_ms() - schedule::ms(ctx.global.seed_interval)
        } else {
            i64::MAX
        };
        if ctx.shared {
            self.stats.seeds_skipped = ctx.store.recent_seeds(&site.name, seeds_before).await?;
        }
        ctx.store
            .refresh_site(&site.name, ctx.global.retries.max(1), seeds_before)
            .await?;
        let mut robots_sitemaps = Vec::new();
        for start in &site.start_urls {
            let host = ctx.fetcher.host(site, start).await;
            let robots = host.robots.get().expect("initialised by host()");
            if let Robots::DisallowAll { reason } = robots {
                tracing::warn!(site = %site.name, host = %host.key, %reason, "host cannot be crawled in this run");
                self.stats.failed = Some(reason.clone());
                return Ok(());
            }
            robots_sitemaps.push((start.clone(), robots.sitemaps()));
        }
        self.admit(seeds::seeds(site, &robots_sitemaps)).await?;

        let mut fetched_pages = 0u32;
        let mut shown_at: Option<std::time::Instant> = None;
        while !ctx.stop.is_requested() {
            if fetched_pages >= site.page_budget {
                self.stats.left = self.pending().await?;
                tracing::info!(site = %site.name, budget = site.page_budget, left = self.stats.left, "page budget reached");
                break;
            }
            let now = schedule::now_ms();
            let Some(item) = ctx
                .store
                .next_url(&site.name, &ctx.worker, now, turn.lease_until())
                .await?
            else {
                break;
            };
            fetched_pages += 1;
            // Abandoned by a stop: the URL stays in the frontier for the next run.
            let Some((record, pause)) = self.process(&item).await? else {
                break;
            };
            self.finish(&item.url, record).await?;
            if !turn.renew(ctx.store.as_ref()).await? {
                tracing::warn!(site = %site.name, host = %turn.key(), "host lease lost to another worker; stopping this site");
                break;
            }
            self.show_progress(&mut shown_at).await?;
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

    /// Updates the site's bar; the frontier left is counted at most every two seconds.
    async fn show_progress(
        &mut self,
        shown_at: &mut Option<std::time::Instant>,
    ) -> Result<(), StoreError> {
        if !self.ctx.progress.is_shown()
            || shown_at.is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(2))
        {
            return Ok(());
        }
        *shown_at = Some(std::time::Instant::now());
        let left = self.pending().await?;
        self.bar.set_message(format!(
            "fetched {} · written {} · duplicates {} · left {left}",
            self.stats.fetched, self.stats.written, self.stats.duplicates
        ));
        Ok(())
    }

    async fn pending(&self) -> Result<u64, StoreError> {
        let status = self.ctx.store.status(schedule::now_ms()).await?;
        let left = status.iter().find(|s| s.site == self.site.name);
        Ok(left.map_or(0, |s| u64::try_from(s.pending).unwrap_or(0)))
    }

    /// The one place an outcome is recorded: the summary, the log and the store.
    async fn finish(&mut self, url: &str, record: FetchRecord) -> Result<(), StoreError> {
        self.stats.record(&record.outcome);
        log_outcome(url, &record.outcome);
        self.ctx
            .store
            .finish(url, &record, schedule::now_ms())
            .await
    }

    /// A skip of a URL that never enters the frontier: counted and logged.
    fn skip_unqueued(&mut self, url: &Url, skip: Skip) {
        tracing::debug!(url = %url, reason = %skip, "skipped");
        self.stats.skip(&skip);
    }

    async fn admit(&mut self, items: Vec<Discovered>) -> Result<(), CrawlError> {
        let admission = schedule::admit(&self.ctx.fetcher, self.site, items).await;
        for url in &admission.disallowed {
            self.skip_unqueued(url, Skip::Robots);
        }
        self.stats.discovered += self.ctx.store.enqueue(&admission.admitted).await?;
        Ok(())
    }

    /// Processes one frontier entry; the bool asks to stop the site (long Retry-After).
    /// `None` when the run stopped before the page was fetched.
    async fn process(
        &mut self,
        item: &QueuedUrl,
    ) -> Result<Option<(FetchRecord, bool)>, CrawlError> {
        let Ok(url) = Url::parse(&item.url) else {
            return Ok(Some((
                FetchRecord::bare(Outcome::Skipped(Skip::BadUrl)),
                false,
            )));
        };
        if self.ctx.dry_run && item.kind == UrlKind::Article {
            println!("{}\t{}", self.site.name, url);
            return Ok(Some((FetchRecord::bare(Outcome::DryRun), false)));
        }
        let g = &self.ctx.global;
        let max_bytes = match item.kind {
            UrlKind::Sitemap | UrlKind::Feed => g.max_feed_bytes,
            UrlKind::Listing | UrlKind::Article => g.max_page_bytes,
        };
        let validators = (item.kind != UrlKind::Article).then_some(&item.validators);
        let fetcher = &self.ctx.fetcher;
        let fetched = match fetcher.fetch(self.site, &url, validators, max_bytes).await {
            Ok(f) => f,
            Err(e) => {
                let pause = matches!(e, FetchError::Paused(_));
                return Ok(fetch_outcome(item, &e).map(|o| (FetchRecord::bare(o), pause)));
            }
        };
        self.stats.fetched += 1;
        let status = Some(fetched.response.status);
        if fetched.not_modified() {
            let record = FetchRecord {
                status,
                ..FetchRecord::bare(Outcome::NotModified)
            };
            return Ok(Some((record, false)));
        }
        let outcome = match item.kind {
            UrlKind::Sitemap => self.on_sitemap(item, &fetched).await?,
            UrlKind::Feed => self.on_feed(&fetched).await?,
            UrlKind::Listing => self.on_listing(item, &fetched).await?,
            UrlKind::Article => self.on_article(item, &fetched).await?,
        };
        let record = FetchRecord {
            status,
            validators: fetched.response.validators(),
            outcome,
        };
        Ok(Some((record, false)))
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

    async fn on_sitemap(&mut self, item: &QueuedUrl, f: &Fetched) -> Result<Outcome, CrawlError> {
        let parsed = sitemap::maybe_gunzip(&f.response.body, self.ctx.global.max_feed_bytes)
            .and_then(|b| sitemap::parse(&b));
        let map = match parsed {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(url = %f.final_url, error = %e, "unusable sitemap");
                return Ok(Outcome::Skipped(Skip::BadSitemap));
            }
        };
        if map.truncated > 0 {
            tracing::warn!(url = %f.final_url, ignored = map.truncated, "sitemap over the 50 000-entry limit");
        }
        let index = map.kind == sitemap::SitemapKind::Index;
        let mut found = Vec::new();
        for entry in &map.entries {
            let Some(u) = Url::parse(&entry.loc)
                .ok()
                .and_then(|u| crate::canonical::canonicalize(&u))
            else {
                continue;
            };
            let depth = item.depth + 1;
            if index && item.depth < 3 && policy::wants_child_sitemap(&u) {
                found.push(self.discovered(u, UrlKind::Sitemap, depth, true));
            } else if !index && policy::article_in_sitemap(self.site, &u) {
                found.push(self.discovered(u, UrlKind::Article, depth, false));
            }
        }
        self.admit(found).await?;
        Ok(Outcome::Harvested(UrlKind::Sitemap))
    }

    async fn on_feed(&mut self, f: &Fetched) -> Result<Outcome, CrawlError> {
        let hrefs = match feed::entry_links(&f.response.body) {
            Ok(hrefs) => hrefs,
            Err(e) => {
                tracing::warn!(url = %f.final_url, error = %e, "unusable feed");
                return Ok(Outcome::Skipped(Skip::BadFeed));
            }
        };
        let found = hrefs
            .iter()
            .filter_map(|h| crate::canonical::resolve(&f.final_url, h))
            .filter(|u| policy::article_in_feed(self.site, u))
            .map(|u| self.discovered(u, UrlKind::Article, 1, false))
            .collect();
        self.admit(found).await?;
        Ok(Outcome::Harvested(UrlKind::Feed))
    }

    async fn on_listing(&mut self, item: &QueuedUrl, f: &Fetched) -> Result<Outcome, CrawlError> {
        let ct = f.response.header("content-type");
        if !page::is_html(ct, &f.response.body) {
            return Ok(Outcome::Skipped(Skip::Page(Rejection::NotHtml)));
        }
        let tld = f.final_url.host_str().and_then(|h| h.rsplit('.').next());
        let html = crate::decode::decode_html(&f.response.body, ct, tld).text;
        self.harvest(item, &f.final_url, &html).await?;
        Ok(Outcome::Harvested(UrlKind::Listing))
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
        let articles = found.articles.into_iter();
        out.extend(articles.map(|u| self.discovered(u, UrlKind::Article, next_depth, false)));
        let listings = found.pagination.into_iter().chain(found.sections);
        if next_depth <= self.site.max_depth {
            out.extend(listings.map(|u| self.discovered(u, UrlKind::Listing, next_depth, false)));
        } else if let Some(first) = listings.into_iter().next() {
            // Endless pagination and calendar archives end here; the summary says so.
            self.skip_unqueued(&first, Skip::DepthLimit);
        }
        self.admit(out).await
    }

    async fn on_article(&mut self, item: &QueuedUrl, f: &Fetched) -> Result<Outcome, CrawlError> {
        let extractor = self.ctx.extractor.clone();
        let rules = self.site.rules.clone();
        let (url, body) = (f.final_url.clone(), f.response.body.clone());
        let ct = f.response.header("content-type").map(str::to_owned);
        let processed = tokio::task::spawn_blocking(move || {
            let raw = RawPage {
                url: Some(&url),
                content_type: ct.as_deref(),
                body: &body,
            };
            page::process(&extractor, &rules, raw)
        })
        .await;
        // A panic in extraction is contained: the page is not an article.
        let Ok(processed) = processed else {
            return Ok(Outcome::Skipped(Skip::Page(Rejection::NotArticle)));
        };
        let article = match processed.result {
            Ok(a) => a,
            Err(r) => {
                if let (Rejection::NotArticle, Some(html)) = (&r, &processed.html) {
                    if item.depth < self.site.max_depth {
                        self.harvest(item, &f.final_url, html).await?;
                    }
                }
                return Ok(Outcome::Skipped(Skip::Page(r)));
            }
        };
        let canonical = article
            .canonical
            .clone()
            .filter(|c| self.site.owns(c))
            .unwrap_or_else(|| f.final_url.clone());
        // The canonical URL has now been seen: it is not fetched again as a variant.
        if canonical.as_str() != item.url {
            let entry = self.discovered(canonical.clone(), UrlKind::Article, item.depth, false);
            self.ctx.store.enqueue(std::slice::from_ref(&entry)).await?;
            let rec = FetchRecord::bare(Outcome::CanonicalOf(item.url.clone()));
            let now = schedule::now_ms();
            self.ctx.store.finish(canonical.as_str(), &rec, now).await?;
        }
        let origin = Origin {
            site: &self.site.name,
            url: &item.url,
            canonical: &canonical,
        };
        let published = self.ctx.publisher.publish(origin, &article).await?;
        if let Some(rec) = &published.record {
            tracing::info!(url = %item.url, path = %rec.path, words = rec.words, "written");
            self.stats.near_duplicates += u64::from(published.near_duplicate_of.is_some());
        }
        Ok(published.outcome)
    }
}

/// The outcome of a fetch that failed: a guessed `/sitemap.xml` that is not there is
/// expected, not a skip worth counting. `None` when the run stopped.
fn fetch_outcome(item: &QueuedUrl, e: &FetchError) -> Option<Outcome> {
    let probe_missing = item.kind == UrlKind::Sitemap && matches!(e, FetchError::Status(404 | 410));
    if probe_missing {
        return Some(Outcome::Skipped(Skip::NoSitemap));
    }
    let outcome = e.outcome()?;
    if outcome.is_failure() {
        tracing::warn!(url = %item.url, error = %e, "fetch failed");
    }
    Some(outcome)
}

fn log_outcome(url: &str, outcome: &Outcome) {
    match outcome {
        Outcome::Skipped(reason) => tracing::debug!(%url, %reason, "skipped"),
        Outcome::DuplicateOf(first_url) => tracing::info!(%url, %first_url, "duplicate"),
        Outcome::Failed(reason) => tracing::debug!(%url, %reason, "failed"),
        _ => tracing::trace!(%url, %outcome, "done"),
    }
}
