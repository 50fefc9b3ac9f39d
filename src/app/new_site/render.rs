//! The site file `crawl new-site` writes, from what it found on the site. Pure: the
//! probing is in the parent module, so the file's shape is tested without a network.

use std::fmt::Write as _;
use std::time::Duration;
use url::Url;

/// What probing a site found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Findings {
    /// Sitemaps named by robots.txt `Sitemap:` lines: read by every crawl anyway.
    pub(super) robots_sitemaps: Vec<Url>,
    /// Sitemaps found at the usual places and not named by robots.txt.
    pub(super) probed_sitemaps: Vec<Url>,
    /// Feeds that answered and parsed, with their entry counts.
    pub(super) feeds: Vec<(Url, usize)>,
    /// robots.txt `Crawl-delay`, when it is longer than the configured delay.
    pub(super) crawl_delay: Option<Duration>,
    /// The built-in theme whose markers the start page carries.
    pub(super) theme: Option<String>,
    /// Article links on the start page, by the URL heuristics.
    pub(super) article_links: usize,
}

/// A valid site name: it becomes a file name and a directory under the output.
#[must_use]
pub(super) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && name.len() <= 64
}

/// The TOML of the site file: only keys whose value differs from what a crawl finds by
/// itself, with comments saying where each value came from.
#[must_use]
pub(super) fn site_file(name: &str, start: &Url, found: &Findings) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Written by `crawl new-site` on {}; every optional key is described in\n\
         # example.toml.sample. Check what a crawl would fetch with:\n\
         #   crawl --site {name} --dry-run",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    if let Some(theme) = &found.theme {
        let _ = writeln!(
            out,
            "# The start page carries the markers of the built-in theme \"{theme}\"."
        );
    }
    let _ = writeln!(out, "name = {}", quoted(name));
    let _ = writeln!(out, "start_urls = [{}]", quoted(start.as_str()));
    if let Some(delay) = found.crawl_delay {
        let _ = writeln!(
            out,
            "delay = {}  # robots.txt asks for this Crawl-delay",
            quoted(&humantime::format_duration(delay).to_string())
        );
    }
    if !found.feeds.is_empty() {
        let _ = writeln!(out, "# Feeds that answered, with the entries they listed.");
        let _ = writeln!(out, "feeds = [");
        for (url, entries) in &found.feeds {
            let _ = writeln!(out, "    {},  # {entries} entries", quoted(url.as_str()));
        }
        let _ = writeln!(out, "]");
    }
    if !found.robots_sitemaps.is_empty() {
        let _ = writeln!(
            out,
            "# robots.txt names these sitemaps; every crawl reads them:"
        );
        for url in &found.robots_sitemaps {
            let _ = writeln!(out, "#   {url}");
        }
    }
    if !found.probed_sitemaps.is_empty() {
        let _ = writeln!(out, "# Not named by robots.txt, found at the usual place:");
        let list: Vec<String> = found
            .probed_sitemaps
            .iter()
            .map(|u| quoted(u.as_str()))
            .collect();
        let _ = writeln!(out, "sitemaps = [{}]", list.join(", "));
    }
    out
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn names_are_file_safe() {
        assert!(valid_name("lefaso"));
        assert!(valid_name("sahel-info_2"));
        for bad in ["", "Lefaso", "../x", "a b", "-x", "é", &"a".repeat(65)] {
            assert!(!valid_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_file_lists_what_a_crawl_would_not_find_alone_and_parses() {
        let found = Findings {
            robots_sitemaps: vec![url("https://j.bf/sitemap_index.xml")],
            probed_sitemaps: vec![url("https://j.bf/wp-sitemap.xml")],
            feeds: vec![(url("https://j.bf/feed/"), 10)],
            crawl_delay: Some(Duration::from_secs(5)),
            theme: Some("wordpress".into()),
            article_links: 12,
        };
        let text = site_file("j\"bf", &url("https://j.bf/"), &found);
        let value: toml::Table = toml::from_str(&text).expect(&text);
        assert_eq!(value["name"].as_str(), Some("j\"bf"));
        assert_eq!(value["start_urls"][0].as_str(), Some("https://j.bf/"));
        assert_eq!(value["feeds"][0].as_str(), Some("https://j.bf/feed/"));
        assert_eq!(
            value["sitemaps"][0].as_str(),
            Some("https://j.bf/wp-sitemap.xml")
        );
        assert_eq!(value["delay"].as_str(), Some("5s"));
        assert!(text.contains("#   https://j.bf/sitemap_index.xml"));
        assert!(text.contains("\"wordpress\""));
    }

    #[test]
    fn nothing_found_gives_the_minimal_file() {
        let text = site_file("x", &url("http://x.example/"), &Findings::default());
        let value: toml::Table = toml::from_str(&text).unwrap();
        let mut keys: Vec<&String> = value.keys().collect();
        keys.sort();
        assert_eq!(keys, ["name", "start_urls"]);
    }
}
