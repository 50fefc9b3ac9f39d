//! Per-site counters and the end-of-run summary (discovered, fetched, not modified,
//! written, duplicates, skipped by reason, errors).

use crate::model::{Outcome, Skip};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// What one run did for one site.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SiteStats {
    pub site: String,
    /// New URLs added to the frontier.
    pub discovered: u64,
    /// Requests answered (any status), robots.txt excluded.
    pub fetched: u64,
    pub not_modified: u64,
    pub written: u64,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub skipped: BTreeMap<String, u64>,
    pub errors: BTreeMap<String, u64>,
    /// Set when the site could not be crawled at all (robots unreachable, no page fetched…).
    pub failed: Option<String>,
    /// Frontier entries left for a later run (budget reached, host paused).
    pub left: u64,
    /// Seeds not fetched because another worker of a shared crawl fetched them less
    /// than `seed_interval` ago.
    pub seeds_skipped: u64,
    /// Another worker of a shared crawl held the site's host: nothing was done.
    #[serde(skip)]
    pub busy: bool,
}

impl SiteStats {
    #[must_use]
    pub fn new(site: &str) -> Self {
        Self {
            site: site.to_owned(),
            ..Self::default()
        }
    }

    /// Counts one outcome: the only way the summary's columns change, so they always
    /// agree with what the store records.
    pub fn record(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Written => self.written += 1,
            Outcome::DuplicateOf(_) => self.duplicates += 1,
            Outcome::NotModified => self.not_modified += 1,
            Outcome::Skipped(skip) => self.skip(skip),
            Outcome::Failed(failure) => {
                *self.errors.entry(failure.to_string()).or_default() += 1;
            }
            Outcome::WrittenBefore
            | Outcome::CanonicalOf(_)
            | Outcome::PartOf(_)
            | Outcome::Held
            | Outcome::Harvested(_)
            | Outcome::DryRun => {}
        }
    }

    /// Counts a skip that has no frontier entry (robots at admission, depth limit).
    pub fn skip(&mut self, skip: &Skip) {
        if skip.counted() {
            *self.skipped.entry(skip.to_string()).or_default() += 1;
        }
    }

    #[must_use]
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

fn counts(map: &BTreeMap<String, u64>) -> String {
    if map.is_empty() {
        return "0".into();
    }
    map.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The summary table printed at the end of every run.
#[must_use]
pub fn summary(all: &[SiteStats]) -> String {
    let mut s = String::new();
    let w = all.iter().map(|x| x.site.len()).max().unwrap_or(4).max(4);
    let _ = writeln!(
        s,
        "{:w$}  {:>10} {:>7} {:>7} {:>7} {:>5}  skipped / errors",
        "site", "discovered", "fetched", "not-mod", "written", "dups"
    );
    for x in all {
        if x.busy {
            let _ = writeln!(s, "{:w$}  crawled by another worker", x.site);
            continue;
        }
        let _ = write!(
            s,
            "{:w$}  {:>10} {:>7} {:>7} {:>7} {:>5}  skipped: {} / errors: {}",
            x.site,
            x.discovered,
            x.fetched,
            x.not_modified,
            x.written,
            x.duplicates,
            counts(&x.skipped),
            counts(&x.errors)
        );
        if x.near_duplicates > 0 {
            let _ = write!(s, " / near-duplicates: {}", x.near_duplicates);
        }
        if x.left > 0 {
            let _ = write!(s, " / left for next run: {}", x.left);
        }
        if x.seeds_skipped > 0 {
            let _ = write!(
                s,
                " / seeds fetched by another worker moments ago, not re-checked: {}",
                x.seeds_skipped
            );
        }
        if let Some(f) = &x.failed {
            let _ = write!(s, " / FAILED: {f}");
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Failure;

    #[test]
    fn summary_lists_reasons() {
        let mut a = SiteStats::new("lefaso");
        a.written = 3;
        a.skip(&Skip::Robots);
        a.record(&Outcome::Skipped(Skip::Robots));
        a.record(&Outcome::Failed(Failure::Http(500)));
        let text = summary(&[a]);
        assert!(text.contains("lefaso"));
        assert!(
            text.contains("skipped: robots=2 / errors: http_500=1"),
            "{text}"
        );
    }

    #[test]
    fn every_outcome_lands_in_its_column() {
        let mut s = SiteStats::new("x");
        for o in [
            Outcome::Written,
            Outcome::DuplicateOf("u".into()),
            Outcome::NotModified,
            Outcome::Skipped(Skip::NoSitemap),
            Outcome::Harvested(crate::model::UrlKind::Feed),
        ] {
            s.record(&o);
        }
        assert_eq!((s.written, s.duplicates, s.not_modified), (1, 1, 1));
        assert!(
            s.skipped.is_empty(),
            "a missing guessed sitemap is not counted"
        );
        assert_eq!(s.error_count(), 0);
    }
}
