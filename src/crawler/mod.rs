//! The crawl of one site: the loop that wires the stages. It takes the host's lease
//! ([`crate::schedule`]), seeds the frontier ([`crate::discover::seeds`]), then takes
//! URLs from the store one at a time — one request at a time per host is the politeness
//! default — fetches them, hands sitemaps, feeds and listings to discovery and articles
//! to the page stage ([`crate::page`]) and the [`Publisher`], and records each URL's
//! [`Outcome`] in one place. Page failures are counted and never abort the run; only
//! store and output failures do, because then the state can no longer be trusted.

mod pages;
mod parts;
mod report;
mod template;

use report::fetch_outcome;

use crate::config::{Global, Site};
use crate::discover::seeds;
use crate::extract::Extractor;
use crate::fetch::robots::Robots;
use crate::fetch::{FetchError, Fetcher};
use crate::model::{Discovered, Outcome, Skip, UrlKind};
use crate::publish::{PublishError, Publisher};
use crate::schedule::{self, HostTurn};
use crate::stats::SiteStats;
use crate::stop::Stop;
use crate::store::{FetchRecord, QueuedUrl, Store};
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
    /// What the site's pages have in common, loaded at the start, counted as we go.
    template: crate::page::template::Template,
    /// Articles waiting for the template of a site seen for the first time.
    held: Vec<template::Held>,
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
        template: crate::page::template::Template::default(),
        held: Vec::new(),
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
        self.template = ctx.store.template(&site.name).await?;

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
            if record.outcome != Outcome::Held {
                self.finish(&item.url, record).await?;
            }
            self.flush_held(false).await?;
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
        // A small site, or a stopped run: what was held is written with what was learned.
        self.flush_held(true).await?;
        ctx.store
            .prune_template(&site.name, template::PRUNE_WINDOW)
            .await?;
        if self.stats.fetched == 0 && self.stats.error_count() > 0 && self.stats.failed.is_none() {
            self.stats.failed = Some("no page could be fetched".into());
        }
        Ok(())
    }

    async fn admit(&mut self, items: Vec<Discovered>) -> Result<(), CrawlError> {
        let admission = schedule::admit(&self.ctx.fetcher, self.site, items).await;
        for url in &admission.disallowed {
            self.skip_unqueued(url, &Skip::Robots);
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
        // An article is fetched again only when its site says it changed: conditionally.
        let validators = Some(&item.validators);
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
}
