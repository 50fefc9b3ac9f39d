//! The later pages of a split article: found by [`crate::page::parts`], fetched here
//! through the polite fetcher, each once, at most [`MAX_PARTS`] in all, recorded in the
//! frontier as part of the first page (so that a link to one is never written alone),
//! and joined into the first page's article.

use super::{CrawlError, SiteRun};
use crate::discover::policy;
use crate::model::{Outcome, UrlKind};
use crate::page::parts::{self, MAX_PARTS};
use crate::page::PageArticle;
use crate::schedule;
use crate::store::{FetchRecord, QueuedUrl};
use url::Url;

impl SiteRun<'_> {
    /// `first` with the bodies of its later pages appended; `html` is its page.
    pub(super) async fn join_parts(
        &mut self,
        item: &QueuedUrl,
        first_url: &Url,
        first: PageArticle,
        html: &str,
    ) -> Result<PageArticle, CrawlError> {
        let mut rest = Vec::new();
        let mut html = html.to_owned();
        let mut seen = std::collections::HashSet::from([first_url.to_string()]);
        for n in 2..=MAX_PARTS {
            let Some(next) = parts::next_part(&html, first_url, n) else {
                break;
            };
            if !seen.insert(next.to_string()) || !policy::in_scope(self.site, &next) {
                break;
            }
            let max = self.ctx.global.max_page_bytes;
            let fetched = match self.ctx.fetcher.fetch(self.site, &next, None, max).await {
                Ok(f) if !f.not_modified() => f,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(url = %next, error = %e, "part of a split article not fetched; the article is written without it");
                    break;
                }
            };
            self.stats.fetched += 1;
            let entry = self.discovered(next.clone(), UrlKind::Article, item.depth, false);
            self.ctx.store.enqueue(std::slice::from_ref(&entry)).await?;
            let record = FetchRecord {
                status: Some(fetched.response.status),
                validators: fetched.response.validators(),
                outcome: Outcome::PartOf(item.url.clone()),
            };
            self.ctx
                .store
                .finish(next.as_str(), &record, schedule::now_ms())
                .await?;
            // A later page may be short: it is part of an article that passed the gates.
            let mut rules = self.site.rules.clone();
            rules.min_chars = 1;
            let ct = fetched.response.header("content-type").map(str::to_owned);
            let page = (fetched.final_url, ct, fetched.response.body);
            let Some(processed) = self.process_page(page, rules).await else {
                break;
            };
            let Some(part) = processed.result.ok().or(processed.refused) else {
                break;
            };
            tracing::debug!(url = %next, part = n, of = %item.url, "joined a later page of the article");
            rest.push(part.article);
            html = processed.html.unwrap_or_default();
        }
        Ok(parts::join(first, rest))
    }
}
