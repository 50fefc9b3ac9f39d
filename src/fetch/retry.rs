//! Retry policy, pure: given what went wrong and how often, return how long to wait or
//! give up. The caller sleeps. Decided by error kind and status, never by message text.

use rand::Rng;
use std::time::Duration;

/// The retry-relevant shape of a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// HTTP status; 429, 500, 502, 503 and 504 are retried.
    Status(u16),
    /// Connection refused or reset, DNS failure, timeout: transient.
    Transport,
    /// Anything else (too large, not HTML, refused redirect…): never retried.
    Permanent,
}

/// Backoff settings from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub retries: u32,
    pub base: Duration,
    pub max: Duration,
    pub max_retry_after: Duration,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    RetryAfter(Duration),
    GiveUp,
    /// The server asked for a pause longer than we accept: stop this host for the run.
    PauseHost(Duration),
}

impl Policy {
    /// `attempt` counts from 0 for the first failure.
    pub fn decide<R: Rng>(
        &self,
        failure: Failure,
        attempt: u32,
        retry_after: Option<Duration>,
        rng: &mut R,
    ) -> Verdict {
        let retryable = match failure {
            Failure::Status(s) => matches!(s, 429 | 500 | 502 | 503 | 504),
            Failure::Transport => true,
            Failure::Permanent => false,
        };
        if !retryable {
            return Verdict::GiveUp;
        }
        if let Some(wait) = retry_after {
            if wait > self.max_retry_after {
                return Verdict::PauseHost(wait);
            }
            return if attempt < self.retries {
                Verdict::RetryAfter(wait)
            } else {
                Verdict::GiveUp
            };
        }
        if attempt >= self.retries {
            return Verdict::GiveUp;
        }
        // Exponential backoff with full jitter: uniform in [base, min(max, base·2^attempt)].
        let cap = self
            .base
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
            .min(self.max);
        let low = self.base.min(cap);
        let span = u64::try_from(cap.saturating_sub(low).as_millis()).unwrap_or(u64::MAX);
        let jitter = if span == 0 {
            0
        } else {
            rng.gen_range(0..=span)
        };
        Verdict::RetryAfter(low + Duration::from_millis(jitter))
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date, relative to `now`.
#[must_use]
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v)
        .ok()?
        .with_timezone(&chrono::Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn policy() -> Policy {
        Policy {
            retries: 3,
            base: Duration::from_millis(100),
            max: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(60),
        }
    }

    #[test]
    fn retries_transient_then_gives_up() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for attempt in 0..3 {
            match policy().decide(Failure::Status(503), attempt, None, &mut rng) {
                Verdict::RetryAfter(d) => {
                    assert!(d >= Duration::from_millis(100));
                    assert!(
                        d <= Duration::from_millis(100 << attempt),
                        "{d:?} at {attempt}"
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            policy().decide(Failure::Status(503), 3, None, &mut rng),
            Verdict::GiveUp
        );
    }

    #[test]
    fn permanent_failures_are_not_retried() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert_eq!(
            policy().decide(Failure::Status(404), 0, None, &mut rng),
            Verdict::GiveUp
        );
        assert_eq!(
            policy().decide(Failure::Permanent, 0, None, &mut rng),
            Verdict::GiveUp
        );
    }

    #[test]
    fn retry_after_is_obeyed_or_pauses_the_host() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert_eq!(
            policy().decide(
                Failure::Status(429),
                0,
                Some(Duration::from_secs(5)),
                &mut rng
            ),
            Verdict::RetryAfter(Duration::from_secs(5))
        );
        assert_eq!(
            policy().decide(
                Failure::Status(429),
                0,
                Some(Duration::from_secs(3600)),
                &mut rng
            ),
            Verdict::PauseHost(Duration::from_secs(3600))
        );
    }

    #[test]
    fn backoff_is_capped() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let p = Policy {
            retries: 40,
            ..policy()
        };
        match p.decide(Failure::Transport, 35, None, &mut rng) {
            Verdict::RetryAfter(d) => assert!(d <= Duration::from_secs(2)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2024-03-12T08:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Tue, 12 Mar 2024 08:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
