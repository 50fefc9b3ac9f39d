//! Admission and scheduling: which discovered URLs enter the frontier (the site's hosts,
//! not excluded, allowed by robots.txt), and the host lease that keeps one worker per
//! host and carries the time the host's next request is due, so that the delay,
//! `Crawl-delay` and `Retry-After` hold across workers and runs. The lease arithmetic
//! is pure and lives here; the store only keeps the numbers.

use crate::config::{Global, Site};
use crate::discover::policy;
use crate::fetch::host::Host;
use crate::fetch::Fetcher;
use crate::model::Discovered;
use crate::store::{Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// How many of the site's intervals a lease lasts at least: a lease that expires after
/// its worker died always leaves the host a full interval of rest.
const LEASE_INTERVALS: u32 = 4;

/// Milliseconds since the Unix epoch, the store's clock.
#[must_use]
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A duration in the store's milliseconds (saturating).
#[must_use]
pub fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// How long a host or URL lease of this site lasts.
#[must_use]
pub fn lease_ttl(global: &Global, site: &Site) -> Duration {
    global.lease_ttl.max(site.delay * LEASE_INTERVALS)
}

/// How long to wait before the first request when the lease says the host is due at
/// `due_ms`; `None` when it is due already.
#[must_use]
pub fn wait_until_due(due_ms: i64, now_ms: i64) -> Option<Duration> {
    (due_ms > now_ms).then(|| Duration::from_millis(u64::try_from(due_ms - now_ms).unwrap_or(0)))
}

/// When the host is next due, given how long it must rest from now.
#[must_use]
pub fn next_due_ms(now_ms: i64, rest: Duration) -> i64 {
    now_ms.saturating_add(ms(rest))
}

/// A host leased to this worker for the crawl of one site.
#[derive(Debug)]
pub struct HostTurn {
    key: String,
    worker: String,
    ttl: Duration,
    host: Arc<Host>,
}

impl HostTurn {
    /// Takes the host's lease, or `None` when another worker holds it. The host's pace
    /// left by the previous holder is kept.
    pub async fn acquire(
        store: &dyn Store,
        fetcher: &Fetcher,
        key: &str,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Self>, StoreError> {
        let now = now_ms();
        let Some(due) = store
            .lease_host(key, worker, now, now.saturating_add(ms(ttl)))
            .await?
        else {
            return Ok(None);
        };
        let host = fetcher.host_state(key);
        if let Some(wait) = wait_until_due(due, now) {
            host.pause(wait);
        }
        Ok(Some(Self {
            key: key.to_owned(),
            worker: worker.to_owned(),
            ttl,
            host,
        }))
    }

    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Until when a frontier URL taken now is leased.
    #[must_use]
    pub fn lease_until(&self) -> i64 {
        now_ms().saturating_add(ms(self.ttl))
    }

    /// Extends the lease after a page; `false` when another worker took the host.
    pub async fn renew(&self, store: &dyn Store) -> Result<bool, StoreError> {
        let now = now_ms();
        store
            .renew_host(
                &self.key,
                &self.worker,
                now.saturating_add(ms(self.ttl)),
                next_due_ms(now, self.host.next_due_in()),
            )
            .await
    }

    /// Gives the host back with the time its next request is due.
    pub async fn release(self, store: &dyn Store) -> Result<(), StoreError> {
        let due = next_due_ms(now_ms(), self.host.next_due_in());
        store.release_host(&self.key, &self.worker, due).await
    }
}

/// The URLs admitted to the frontier, and those robots.txt refused.
#[derive(Debug, Default)]
pub struct Admission {
    pub admitted: Vec<Discovered>,
    pub disallowed: Vec<Url>,
}

/// Admission to the frontier: in scope for the site and allowed by robots.txt. URLs
/// out of scope are dropped silently (they belong to nobody's crawl).
pub async fn admit(fetcher: &Fetcher, site: &Site, items: Vec<Discovered>) -> Admission {
    let mut out = Admission::default();
    for d in items {
        if !policy::in_scope(site, &d.url) {
            continue;
        }
        let host = fetcher.host(site, &d.url).await;
        if host.robots.get().is_some_and(|r| r.allowed(&d.url)) {
            out.admitted.push(d);
        } else {
            out.disallowed.push(d.url);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_covers_four_intervals_of_a_slow_site() {
        let global = Global {
            lease_ttl: Duration::from_secs(60),
            ..Global::default()
        };
        let mut site = crate::config::Config::site_from_str(
            std::path::Path::new("t.toml"),
            "name = \"t\"\nstart_urls = [\"https://x.bf/\"]\ndelay = \"30s\"\n",
            &global,
        )
        .unwrap();
        assert_eq!(lease_ttl(&global, &site), Duration::from_secs(120));
        site.delay = Duration::from_secs(1);
        assert_eq!(lease_ttl(&global, &site), Duration::from_secs(60));
    }

    #[test]
    fn the_first_request_waits_for_the_due_time_left_by_the_last_holder() {
        assert_eq!(
            wait_until_due(1_500, 1_000),
            Some(Duration::from_millis(500))
        );
        assert_eq!(wait_until_due(1_000, 1_000), None);
        assert_eq!(wait_until_due(0, 1_000), None);
        assert_eq!(next_due_ms(1_000, Duration::from_secs(2)), 3_000);
        assert_eq!(next_due_ms(i64::MAX - 1, Duration::from_secs(2)), i64::MAX);
    }
}
