//! Per-host politeness: one request at a time per host, a minimum interval between
//! requests (the site's delay, raised by robots.txt `Crawl-delay`) kept by a governor
//! direct rate limiter, and a "not before" instant set by `Retry-After` and backoff.
//! The robots.txt policy of the host lives here too, fetched once per run.

use super::robots::Robots;
use governor::{clock::DefaultClock, state::InMemoryState, state::NotKeyed, Quota, RateLimiter};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OnceCell};
use tokio::time::Instant;

type Limiter = RateLimiter<NotKeyed, InMemoryState, DefaultClock>;

/// A governor quota allowing one request per `interval`, without bursts.
#[must_use]
pub fn quota(interval: Duration) -> Quota {
    Quota::with_period(interval.max(Duration::from_millis(1)))
        .expect("non-zero period")
        .allow_burst(std::num::NonZeroU32::MIN)
}

/// Politeness state of one host.
#[derive(Debug)]
pub struct Host {
    pub key: String,
    pub robots: OnceCell<Robots>,
    /// Set once robots.txt is known: the interval is final from then on.
    limiter: OnceCell<(Limiter, Duration)>,
    turn: Mutex<()>,
    not_before: std::sync::Mutex<Option<Instant>>,
}

/// Held while a request to the host is in flight.
#[derive(Debug)]
pub struct Turn<'a> {
    _guard: tokio::sync::MutexGuard<'a, ()>,
}

impl Host {
    fn new(key: String) -> Self {
        Self {
            key,
            robots: OnceCell::new(),
            limiter: OnceCell::new(),
            turn: Mutex::new(()),
            not_before: std::sync::Mutex::new(None),
        }
    }

    /// Fixes the host's interval; the robots.txt request counts as the first request.
    pub fn set_interval(&self, interval: Duration) {
        let _ = self.limiter.set({
            let l = RateLimiter::direct(quota(interval));
            let _ = l.check();
            (l, interval)
        });
    }

    #[must_use]
    pub fn interval(&self) -> Option<Duration> {
        self.limiter.get().map(|(_, d)| *d)
    }

    /// Waits until a request may be sent: exclusive turn, then pause, then the limiter.
    pub async fn turn(&self) -> Turn<'_> {
        let guard = self.turn.lock().await;
        let wait_until = *self.not_before.lock().expect("not poisoned");
        if let Some(t) = wait_until {
            tokio::time::sleep_until(t).await;
        }
        if let Some((limiter, _)) = self.limiter.get() {
            limiter.until_ready().await;
        }
        Turn { _guard: guard }
    }

    /// How long until this host may be asked again: the interval, or a longer pause.
    #[must_use]
    pub fn next_due_in(&self) -> Duration {
        let paused = self
            .not_before
            .lock()
            .expect("not poisoned")
            .map_or(Duration::ZERO, |t| {
                t.saturating_duration_since(Instant::now())
            });
        paused.max(self.interval().unwrap_or_default())
    }

    /// No request to this host before `now + wait` (Retry-After, backoff).
    pub fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut nb = self.not_before.lock().expect("not poisoned");
        if nb.is_none_or(|t| t < until) {
            *nb = Some(until);
        }
    }
}

/// All hosts of a run, created on first use.
#[derive(Debug, Default)]
pub struct HostPool {
    hosts: std::sync::Mutex<HashMap<String, Arc<Host>>>,
}

impl HostPool {
    #[must_use]
    pub fn get(&self, key: &str) -> Arc<Host> {
        let mut map = self.hosts.lock().expect("not poisoned");
        map.entry(key.to_owned())
            .or_insert_with(|| Arc::new(Host::new(key.to_owned())))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    #[test]
    fn quota_allows_one_request_per_interval() {
        let clock = FakeRelativeClock::default();
        let limiter =
            RateLimiter::direct_with_clock(quota(Duration::from_millis(500)), clock.clone());
        assert!(limiter.check().is_ok());
        assert!(limiter.check().is_err(), "no burst");
        clock.advance(Duration::from_millis(499));
        assert!(limiter.check().is_err());
        clock.advance(Duration::from_millis(1));
        assert!(limiter.check().is_ok());
    }
}
