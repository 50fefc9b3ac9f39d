//! Polite fetching: robots.txt on every host (and every redirect hop), per-host pacing,
//! retries with backoff and `Retry-After`, bounded redirects that never leave the site or
//! the http(s) schemes, conditional requests, and size and time caps.

mod client;
pub mod dns;
pub mod host;
pub mod retry;
pub mod robots;

pub use client::{Client, RawResponse, RequestError};
use host::{Host, HostPool};
use retry::{Failure, Policy, Verdict};
use robots::{Robots, MAX_ROBOTS_BYTES};

use crate::config::{host_key, Global, Site};
use crate::model::{self, Outcome, Skip, Validators};
use crate::stop::Stop;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Why a URL could not be fetched. Recorded and counted; never aborts the run.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("disallowed by robots.txt")]
    Disallowed,
    #[error("host unavailable: {0}")]
    HostUnavailable(String),
    #[error("{0}")]
    Request(#[from] RequestError),
    #[error("HTTP {0}")]
    Status(u16),
    #[error("redirect refused: {0}")]
    Redirect(String),
    #[error("server asked to pause for {0:?}")]
    Paused(Duration),
    #[error("the run is stopping")]
    Stopped,
}

impl FetchError {
    /// What this failure means for the URL: a skip (the page is not for us) or a
    /// failure (something went wrong; tried again on a later run). `None` when the run
    /// stopped before an answer: the URL stays in the frontier for the next run.
    #[must_use]
    pub fn outcome(&self) -> Option<Outcome> {
        Some(match self {
            Self::Disallowed => Outcome::Skipped(Skip::Robots),
            Self::Redirect(_) => Outcome::Skipped(Skip::Redirect),
            Self::Request(RequestError::TooLarge { .. }) => Outcome::Skipped(Skip::TooLarge),
            Self::Status(s @ (404 | 410)) => Outcome::Skipped(Skip::Gone(*s)),
            Self::HostUnavailable(_) => Outcome::Failed(model::Failure::HostUnavailable),
            Self::Request(RequestError::Timeout) => Outcome::Failed(model::Failure::Timeout),
            Self::Request(RequestError::Connect(_)) => Outcome::Failed(model::Failure::Connect),
            Self::Request(RequestError::Body(_)) => Outcome::Failed(model::Failure::Transfer),
            Self::Status(s) => Outcome::Failed(model::Failure::Http(*s)),
            Self::Paused(_) => Outcome::Failed(model::Failure::RetryAfter),
            Self::Stopped => return None,
        })
    }
}

/// A successful exchange, after redirects.
#[derive(Debug)]
pub struct Fetched {
    pub final_url: Url,
    pub response: RawResponse,
}

impl Fetched {
    #[must_use]
    pub fn not_modified(&self) -> bool {
        self.response.status == 304
    }
}

/// The fetch stage, shared by all sites of a run.
#[derive(Debug)]
pub struct Fetcher {
    client: Client,
    pool: HostPool,
    policy: Policy,
    agent: String,
    max_redirects: u32,
    stop: Stop,
}

impl Fetcher {
    /// `sites`: the configured sites; their start hosts may resolve to link-local addresses.
    pub fn new(g: &Global, sites: &[Site]) -> Result<Self, reqwest::Error> {
        let trusted = sites
            .iter()
            .flat_map(|s| &s.start_urls)
            .filter_map(|u| u.host_str().map(str::to_ascii_lowercase))
            .collect();
        Ok(Self {
            client: Client::new(
                &g.user_agent,
                g.connect_timeout,
                g.read_timeout,
                g.timeout,
                dns::GuardedResolver::new(trusted),
            )?,
            pool: HostPool::default(),
            policy: Policy {
                retries: g.retries,
                base: g.backoff_base,
                max: g.backoff_max,
                max_retry_after: g.max_retry_after,
            },
            agent: robots::agent_token(&g.user_agent).to_owned(),
            max_redirects: g.max_redirects,
            stop: Stop::new(),
        })
    }

    /// Makes every request of this fetcher obey `stop`: none is sent after it, and the
    /// one in flight is abandoned after [`crate::stop::GRACE`].
    #[must_use]
    pub fn with_stop(mut self, stop: Stop) -> Self {
        self.stop = stop;
        self
    }

    /// Archives every exchange of this fetcher (robots.txt included) in `capture`.
    #[must_use]
    pub fn with_capture(mut self, capture: crate::archive::Capture) -> Self {
        self.client = self.client.with_capture(capture);
        self
    }

    /// The politeness state of a host key, without fetching its robots.txt.
    #[must_use]
    pub fn host_state(&self, key: &str) -> Arc<Host> {
        self.pool.get(key)
    }

    /// The host of `url`, with its robots.txt fetched and its interval fixed.
    pub async fn host(&self, site: &Site, url: &Url) -> Arc<Host> {
        let key = host_key(url).unwrap_or_default();
        let host = self.pool.get(&key);
        host.robots
            .get_or_init(|| async {
                let robots = self.fetch_robots(&host, site, url).await;
                let interval = robots
                    .crawl_delay()
                    .map_or(site.delay, |d| d.max(site.delay));
                host.set_interval(interval);
                robots
            })
            .await;
        host
    }

    async fn fetch_robots(&self, host: &Host, site: &Site, url: &Url) -> Robots {
        let Ok(mut current) = url.join("/robots.txt") else {
            return Robots::AllowAll;
        };
        // RFC 9309: follow at least five redirects for robots.txt.
        for _ in 0..5 {
            let turn = host.turn().await;
            let result = self
                .client
                .get_capped(&current, None, &site.headers, MAX_ROBOTS_BYTES, true)
                .await;
            drop(turn);
            match result {
                Ok(r) if (200..300).contains(&r.status) => {
                    return Robots::parse(&self.agent, &r.body)
                }
                Ok(r) if (300..400).contains(&r.status) => {
                    match r.header("location").and_then(|l| current.join(l).ok()) {
                        Some(next) if matches!(next.scheme(), "http" | "https") => current = next,
                        _ => return Robots::AllowAll,
                    }
                }
                Ok(r) => return Robots::for_status(r.status),
                Err(e) => {
                    return Robots::DisallowAll {
                        reason: format!("robots.txt unreachable: {e}"),
                    }
                }
            }
        }
        Robots::AllowAll
    }

    /// GET with robots, pacing, retries and redirects. `validators` are sent only to the
    /// first URL, not to redirect targets.
    pub async fn fetch(
        &self,
        site: &Site,
        url: &Url,
        validators: Option<&Validators>,
        max_bytes: u64,
    ) -> Result<Fetched, FetchError> {
        let mut current = url.clone();
        let mut validators = validators.filter(|v| !v.is_empty());
        for _hop in 0..=self.max_redirects {
            check_target(site, &current)?;
            let host = self.host(site, &current).await;
            let robots = host.robots.get().expect("initialised by host()");
            if let Robots::DisallowAll { reason } = robots {
                return Err(FetchError::HostUnavailable(reason.clone()));
            }
            if !robots.allowed(&current) {
                return Err(FetchError::Disallowed);
            }
            let response = self
                .request(&host, site, &current, validators, max_bytes)
                .await?;
            match response.status {
                200..=299 | 304 => {
                    return Ok(Fetched {
                        final_url: current,
                        response,
                    })
                }
                301 | 302 | 303 | 307 | 308 => {
                    let location = response
                        .header("location")
                        .ok_or_else(|| FetchError::Redirect("redirect without Location".into()))?;
                    let next = current.join(location).map_err(|e| {
                        FetchError::Redirect(format!("bad Location {location:?}: {e}"))
                    })?;
                    if !matches!(next.scheme(), "http" | "https") {
                        return Err(FetchError::Redirect(format!("to non-http(s) URL {next}")));
                    }
                    current = crate::canonical::canonicalize(&next).unwrap_or(next);
                    validators = None;
                }
                s => return Err(FetchError::Status(s)),
            }
        }
        Err(FetchError::Redirect(format!(
            "more than {} redirects",
            self.max_redirects
        )))
    }

    async fn request(
        &self,
        host: &Host,
        site: &Site,
        url: &Url,
        validators: Option<&Validators>,
        max_bytes: u64,
    ) -> Result<RawResponse, FetchError> {
        let mut rng = rand::rngs::StdRng::from_entropy();
        let mut attempt = 0;
        loop {
            let turn = tokio::select! {
                turn = host.turn() => turn,
                () = self.stop.wait() => return Err(FetchError::Stopped),
            };
            let result = tokio::select! {
                r = self.client.get(url, validators, &site.headers, max_bytes) => r,
                () = self.stop.deadline(crate::stop::GRACE) => return Err(FetchError::Stopped),
            };
            drop(turn);
            let (failure, retry_after) = match &result {
                Ok(r) if matches!(r.status, 429 | 500 | 502 | 503 | 504) => {
                    let ra = r
                        .header("retry-after")
                        .and_then(|v| retry::parse_retry_after(v, chrono::Utc::now()));
                    (Failure::Status(r.status), ra)
                }
                Ok(_) => return Ok(result.expect("matched Ok")),
                Err(RequestError::TooLarge { .. }) => (Failure::Permanent, None),
                Err(_) => (Failure::Transport, None),
            };
            match self.policy.decide(failure, attempt, retry_after, &mut rng) {
                Verdict::RetryAfter(wait) => {
                    tracing::debug!(url = %url, attempt, wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX), "retrying");
                    host.pause(wait);
                    attempt += 1;
                }
                Verdict::GiveUp => return result.map_err(FetchError::from),
                Verdict::PauseHost(wait) => {
                    host.pause(wait);
                    return Err(FetchError::Paused(wait));
                }
            }
        }
    }
}

use rand::SeedableRng;

/// Refuses targets off the site and link-local / cloud-metadata addresses.
fn check_target(site: &Site, url: &Url) -> Result<(), FetchError> {
    if !site.owns(url) {
        return Err(FetchError::Redirect(format!("off-site URL {url}")));
    }
    if let Some(ip) = url
        .host_str()
        .and_then(|h| h.trim_matches(['[', ']']).parse::<IpAddr>().ok())
    {
        if is_metadata_address(ip)
            && !site
                .start_urls
                .iter()
                .any(|s| s.host_str() == url.host_str())
        {
            return Err(FetchError::Redirect(format!("link-local address {ip}")));
        }
    }
    Ok(())
}

/// Link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254).
#[must_use]
pub fn is_metadata_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            (s[0] & 0xffc0) == 0xfe80
                || v6 == std::net::Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
        }
    }
}
