//! The one place a URL's outcome is recorded — summary, log and store — and the site's
//! progress line.

use super::SiteRun;
use crate::fetch::FetchError;
use crate::model::{Outcome, Skip, UrlKind};
use crate::schedule;
use crate::store::{FetchRecord, QueuedUrl, StoreError};
use url::Url;

impl SiteRun<'_> {
    /// Updates the site's bar; the frontier left is counted at most every two seconds.
    pub(super) async fn show_progress(
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

    pub(super) async fn pending(&self) -> Result<u64, StoreError> {
        let status = self.ctx.store.status(schedule::now_ms()).await?;
        let left = status.iter().find(|s| s.site == self.site.name);
        Ok(left.map_or(0, |s| u64::try_from(s.pending).unwrap_or(0)))
    }

    /// The one place an outcome is recorded: the summary, the log and the store.
    pub(super) async fn finish(
        &mut self,
        url: &str,
        record: FetchRecord,
    ) -> Result<(), StoreError> {
        self.stats.record(&record.outcome);
        log_outcome(url, &record.outcome);
        self.ctx
            .store
            .finish(url, &record, schedule::now_ms())
            .await
    }

    /// A skip of a URL that never enters the frontier: counted and logged.
    pub(super) fn skip_unqueued(&mut self, url: &Url, skip: &Skip) {
        tracing::debug!(url = %url, reason = %skip, "skipped");
        self.stats.skip(skip);
    }
}

/// The outcome of a fetch that failed: a guessed `/sitemap.xml` that is not there is
/// expected, not a skip worth counting. `None` when the run stopped.
pub(super) fn fetch_outcome(item: &QueuedUrl, e: &FetchError) -> Option<Outcome> {
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
