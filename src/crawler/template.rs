//! The site template in the crawl (see [`crate::page::template`]): every article's lines
//! are counted for its site, in the store and in memory; a site seen for the first time
//! has its first articles held back until [`BOOTSTRAP_PAGES`] pages are counted, so that
//! even they are written without the template (on a single process; workers sharing a
//! crawl write at once and use the counts all of them keep).

use super::{CrawlError, SiteRun};
use crate::archive::WarcLocation;
use crate::fetch::Fetched;
use crate::model::Outcome;
use crate::page::template::{self, BOOTSTRAP_PAGES};
use crate::page::PageArticle;
use crate::store::{FetchRecord, QueuedUrl};
use url::Url;

/// Shapes seen on one page only are forgotten when they are older than this many pages.
pub(super) const PRUNE_WINDOW: u64 = 1000;

/// An article waiting for its site's template.
#[derive(Debug)]
pub(super) struct Held {
    item: QueuedUrl,
    final_url: Url,
    article: PageArticle,
    status: u16,
    validators: crate::model::Validators,
    archived: Option<WarcLocation>,
}

impl SiteRun<'_> {
    /// Counts the article's lines for its site, then writes it, or holds it while the
    /// site's template is still being learned.
    pub(super) async fn learn_or_hold(
        &mut self,
        item: &QueuedUrl,
        f: &Fetched,
        article: PageArticle,
    ) -> Result<Outcome, CrawlError> {
        let keys = template::page_keys(&article);
        let store = &self.ctx.store;
        if store
            .observe_page(&self.site.name, &item.url, &keys)
            .await?
        {
            self.template.observe(&keys);
        }
        // Workers sharing a crawl cannot wait for each other's held pages (a killed one
        // would take them along), so only a crawl on its own state holds.
        let bootstrapping = self.template.pages < BOOTSTRAP_PAGES && !self.ctx.shared;
        if bootstrapping || !self.held.is_empty() {
            self.held.push(Held {
                item: item.clone(),
                final_url: f.final_url.clone(),
                article,
                status: f.response.status,
                validators: f.response.validators(),
                archived: f.response.archived.clone(),
            });
            return Ok(Outcome::Held);
        }
        let archived = f.response.archived.as_ref();
        self.publish_article(item, &f.final_url, article, archived)
            .await
    }

    /// Writes the held articles once the template has been learned, or at the end of
    /// the site's run (`always`) with what was learned by then.
    pub(super) async fn flush_held(&mut self, always: bool) -> Result<(), CrawlError> {
        if self.held.is_empty() || (!always && self.template.pages < BOOTSTRAP_PAGES) {
            return Ok(());
        }
        for held in std::mem::take(&mut self.held) {
            let outcome = self
                .publish_article(
                    &held.item,
                    &held.final_url,
                    held.article,
                    held.archived.as_ref(),
                )
                .await?;
            let record = FetchRecord {
                status: Some(held.status),
                validators: held.validators,
                outcome,
            };
            self.finish(&held.item.url, record).await?;
        }
        Ok(())
    }
}
