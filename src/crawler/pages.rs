//! What the site loop does with each kind of page it fetched: sitemaps and feeds give
//! article URLs, listings give articles, pagination and sections, and article pages go
//! through the page stage to the publisher. Each handler returns the URL's [`Outcome`].

use super::{CrawlError, SiteRun};
use crate::discover::{feed, links, policy, sitemap};
use crate::fetch::Fetched;
use crate::model::{Discovered, Outcome, Rejection, Skip, UrlKind};
use crate::page::{self, RawPage};
use crate::publish::Origin;
use crate::schedule;
use crate::store::{FetchRecord, QueuedUrl};
use url::Url;

impl SiteRun<'_> {
    pub(super) fn discovered(&self, url: Url, kind: UrlKind, depth: u32, seed: bool) -> Discovered {
        Discovered {
            site: self.site.name.clone(),
            url,
            kind,
            depth,
            seed,
            modified: None,
        }
    }

    pub(super) async fn on_sitemap(
        &mut self,
        item: &QueuedUrl,
        f: &Fetched,
    ) -> Result<Outcome, CrawlError> {
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
        let dates: Vec<_> = map
            .entries
            .iter()
            .map(|e| e.lastmod.max(e.news_published))
            .collect();
        let dates = policy::dates_to_act_on(&dates, chrono::Utc::now());
        let mut found = Vec::new();
        for (entry, modified) in map.entries.iter().zip(dates) {
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
                let mut d = self.discovered(u, UrlKind::Article, depth, false);
                d.modified = modified;
                found.push(d);
            }
        }
        self.admit(found).await?;
        Ok(Outcome::Harvested(UrlKind::Sitemap))
    }

    pub(super) async fn on_feed(&mut self, f: &Fetched) -> Result<Outcome, CrawlError> {
        let entries = match feed::entries(&f.response.body) {
            Ok(entries) => entries,
            Err(e) => {
                tracing::warn!(url = %f.final_url, error = %e, "unusable feed");
                return Ok(Outcome::Skipped(Skip::BadFeed));
            }
        };
        let dates: Vec<_> = entries.iter().map(|e| e.modified).collect();
        let dates = policy::dates_to_act_on(&dates, chrono::Utc::now());
        let found = entries
            .iter()
            .zip(dates)
            .filter_map(|(e, modified)| {
                Some((crate::canonical::resolve(&f.final_url, &e.link)?, modified))
            })
            .filter(|(u, _)| policy::article_in_feed(self.site, u))
            .map(|(u, modified)| Discovered {
                modified,
                ..self.discovered(u, UrlKind::Article, 1, false)
            })
            .collect();
        self.admit(found).await?;
        Ok(Outcome::Harvested(UrlKind::Feed))
    }

    pub(super) async fn on_listing(
        &mut self,
        item: &QueuedUrl,
        f: &Fetched,
    ) -> Result<Outcome, CrawlError> {
        let raw = RawPage {
            url: Some(&f.final_url),
            content_type: f.response.header("content-type"),
            body: &f.response.body,
        };
        let Some(decoded) = page::decode(raw) else {
            return Ok(Outcome::Skipped(Skip::Page(Rejection::NotHtml)));
        };
        let html = decoded.text;
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
            self.skip_unqueued(&first, &Skip::DepthLimit);
        }
        self.admit(out).await
    }

    pub(super) async fn on_article(
        &mut self,
        item: &QueuedUrl,
        f: &Fetched,
    ) -> Result<Outcome, CrawlError> {
        let ct = f.response.header("content-type").map(str::to_owned);
        let page = (f.final_url.clone(), ct, f.response.body.clone());
        // A panic in extraction is contained: the page is not an article.
        let Some(processed) = self.process_page(page, self.site.rules.clone()).await else {
            return Ok(Outcome::Skipped(Skip::Page(Rejection::NotArticle)));
        };
        let article = match processed.result {
            Ok(a) => {
                let html = processed.html.unwrap_or_default();
                self.join_parts(item, &f.final_url, a, &html).await?
            }
            Err(r) => {
                if let Some(v) = &processed.verdict {
                    tracing::debug!(url = %item.url, reason = r.as_str(), evidence = %v, "not an article");
                }
                // A listing's links are what it is for; a page without text may link too.
                if let (Rejection::NotArticle | Rejection::Listing, Some(html)) =
                    (&r, &processed.html)
                {
                    if item.depth < self.site.max_depth {
                        self.harvest(item, &f.final_url, html).await?;
                    }
                }
                return Ok(Outcome::Skipped(Skip::Page(r)));
            }
        };
        self.learn_or_hold(item, f, article).await
    }

    /// The page stage on a fetched page (URL, Content-Type, body), off the async
    /// threads; `None` when extraction panicked.
    pub(super) async fn process_page(
        &self,
        (url, content_type, body): (Url, Option<String>, Vec<u8>),
        rules: crate::extract::SiteRules,
    ) -> Option<page::Processed> {
        let extractor = self.ctx.extractor.clone();
        tokio::task::spawn_blocking(move || {
            let raw = RawPage {
                url: Some(&url),
                content_type: content_type.as_deref(),
                body: &body,
            };
            page::process(&extractor, &rules, raw)
        })
        .await
        .ok()
    }

    /// Writes one article: its site template removed, its canonical URL recorded.
    pub(super) async fn publish_article(
        &mut self,
        item: &QueuedUrl,
        final_url: &Url,
        article: page::PageArticle,
        archived: Option<&crate::archive::WarcLocation>,
    ) -> Result<Outcome, CrawlError> {
        let (article, removed) = self.template.apply(article);
        for r in &removed {
            tracing::debug!(url = %item.url, line = %r.line, rule = %r.rule, "removed");
        }
        let canonical = article
            .canonical
            .clone()
            .filter(|c| self.site.owns(c))
            .unwrap_or_else(|| final_url.clone());
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
            archived,
        };
        let published = self.ctx.publisher.publish(origin, &article).await?;
        if let Some(rec) = &published.record {
            tracing::info!(url = %item.url, path = %rec.path, words = rec.words, "written");
            self.stats.near_duplicates += u64::from(published.near_duplicate_of.is_some());
        }
        Ok(published.outcome)
    }
}
