//! `crawl new-site NAME URL`: writes a minimal site file after asking the site what a
//! crawl would ask it: robots.txt (may we, how slowly, which sitemaps), the start page
//! (its feeds, its theme, whether it links articles) and the usual sitemap places. It goes
//! through the crawl's own fetcher, so the same politeness and limits apply, and it never
//! overwrites a file.

mod render;

use super::Exit;
use crate::cli::NewSiteArgs;
use crate::config::{Config, Site};
use crate::fetch::robots::Robots;
use crate::fetch::{FetchError, Fetcher};
use render::Findings;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use url::Url;

/// Where sitemaps usually are when robots.txt names none (WordPress core, Yoast and Rank
/// Math, the generic name).
const USUAL_SITEMAPS: [&str; 3] = ["/sitemap_index.xml", "/wp-sitemap.xml", "/sitemap.xml"];

/// Why no file was written.
enum Refusal {
    /// Bad arguments or configuration: exit 2.
    Usage(String),
    /// The site cannot be crawled as given: exit 1.
    Site(String),
}

pub(super) async fn run(args: &NewSiteArgs) -> Exit {
    match new_site(args).await {
        Ok(()) => Exit::Ok,
        Err(Refusal::Usage(e)) => {
            super::print_error("crawl new-site", &e);
            Exit::Config
        }
        Err(Refusal::Site(e)) => {
            eprintln!("crawl new-site: {e}; nothing written");
            Exit::SiteFailed
        }
    }
}

async fn new_site(args: &NewSiteArgs) -> Result<(), Refusal> {
    let usage = Refusal::Usage;
    if !render::valid_name(&args.name) {
        return Err(usage(format!(
            "{:?} is not a site name: use lower-case letters, digits, - and _ (it names a file and a directory)",
            args.name
        )));
    }
    let start = parse_start(&args.url).map_err(usage)?;
    let cfg = Config::load(&args.config.config).map_err(|e| usage(e.to_string()))?;
    let path = site_path(&args.config.config, &args.name);
    if let Some(other) = cfg.sites.iter().find(|s| s.name == args.name) {
        return Err(usage(format!(
            "a site named {} is already configured; choose another name",
            other.name
        )));
    }
    if path.exists() {
        return Err(usage(format!("{} already exists", path.display())));
    }
    if let Some(other) = cfg.sites.iter().find(|s| s.owns(&start)) {
        eprintln!(
            "crawl new-site: warning: site {} already crawls {}",
            other.name,
            start.host_str().unwrap_or("")
        );
    }
    let toml = format!("start_urls = [{:?}]\n", start.as_str());
    let site =
        Config::site_from_str(&path, &toml, &cfg.global).map_err(|e| usage(e.to_string()))?;
    let fetcher = Fetcher::new(&cfg.global, std::slice::from_ref(&site))
        .map_err(|e| usage(format!("HTTP client: {e}")))?;

    let found = probe(&fetcher, &site, &start, &cfg).await?;
    let text = render::site_file(&args.name, &start, &found);
    Config::site_from_str(&path, &text, &cfg.global)
        .map_err(|e| usage(format!("the file to write does not load (a bug): {e}")))?;
    if args.print {
        print!("{text}");
        return Ok(());
    }
    write_new(&path, &text).map_err(|e| usage(format!("{}: {e}", path.display())))?;
    println!("wrote {}", path.display());
    println!("next: crawl --site {} --dry-run", args.name);
    Ok(())
}

fn parse_start(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("{raw:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{raw:?}: give an http:// or https:// URL"));
    }
    Ok(crate::canonical::canonicalize(&url).unwrap_or(url))
}

fn site_path(config: &Path, name: &str) -> PathBuf {
    config.join("sites").join(format!("{name}.toml"))
}

/// Creates the file; never replaces one that appeared meanwhile.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// Asks the site, printing each answer as it comes (on stderr: stdout may be the file).
async fn probe(
    fetcher: &Fetcher,
    site: &Site,
    start: &Url,
    cfg: &Config,
) -> Result<Findings, Refusal> {
    let mut found = Findings::default();
    probe_robots(fetcher, site, start, &mut found).await?;
    let feeds = probe_start_page(fetcher, site, start, cfg, &mut found).await?;
    for feed in feeds {
        match fetcher
            .fetch(site, &feed, None, cfg.global.max_page_bytes)
            .await
        {
            Ok(f) => match crate::discover::feed::entry_links(&f.response.body) {
                Ok(entries) => {
                    eprintln!("feed: {feed} ({} entries)", entries.len());
                    found.feeds.push((feed, entries.len()));
                }
                Err(e) => eprintln!("feed: {feed} is not a feed ({e}); left out"),
            },
            Err(e) => eprintln!("feed: {feed}: {e}; left out"),
        }
    }
    for sitemap in &found.robots_sitemaps {
        eprintln!("sitemap: {sitemap} (named by robots.txt)");
    }
    if found.robots_sitemaps.is_empty() {
        found.probed_sitemaps = probe_sitemaps(fetcher, site, start, cfg).await;
    }
    if found.feeds.is_empty()
        && found.robots_sitemaps.is_empty()
        && found.probed_sitemaps.is_empty()
    {
        eprintln!("  no feed and no sitemap: the crawl will find articles by links only");
    }
    Ok(found)
}

/// May we crawl the start URL, how slowly, and which sitemaps robots.txt names.
async fn probe_robots(
    fetcher: &Fetcher,
    site: &Site,
    start: &Url,
    found: &mut Findings,
) -> Result<(), Refusal> {
    let host = fetcher.host(site, start).await;
    let robots = host.robots.get().expect("initialised by host()");
    match robots {
        Robots::DisallowAll { reason } => return Err(Refusal::Site(reason.clone())),
        r if !r.allowed(start) => {
            return Err(Refusal::Site(format!(
                "robots.txt disallows {start} for this user agent"
            )))
        }
        r => {
            found.crawl_delay = r.crawl_delay().filter(|d| *d > site.delay);
            found.robots_sitemaps = r
                .sitemaps()
                .iter()
                .filter_map(|s| Url::parse(s).ok())
                .collect();
        }
    }
    eprintln!(
        "robots.txt: {start} may be crawled{}",
        found
            .crawl_delay
            .map(|d| format!(", Crawl-delay {}", humantime::format_duration(d)))
            .unwrap_or_default()
    );
    Ok(())
}

/// The start page: its article links and theme; returns the feeds it names.
async fn probe_start_page(
    fetcher: &Fetcher,
    site: &Site,
    start: &Url,
    cfg: &Config,
    found: &mut Findings,
) -> Result<Vec<Url>, Refusal> {
    let page = fetcher
        .fetch(site, start, None, cfg.global.max_page_bytes)
        .await
        .map_err(|e| Refusal::Site(start_failure(start, &e)))?;
    let raw = crate::page::RawPage {
        url: Some(&page.final_url),
        content_type: page.response.header("content-type"),
        body: &page.response.body,
    };
    let Some(decoded) = crate::page::decode(raw) else {
        return Err(Refusal::Site(format!("{start} is not an HTML page")));
    };
    let doc = scraper::Html::parse_document(&decoded.text);
    let links = crate::discover::links::classify(site, &page.final_url, &doc, true);
    found.article_links = links.articles.len();
    found.theme = cfg
        .themes
        .iter()
        .find(|t| t.matches(&decoded.text))
        .map(|t| t.name.clone());
    eprintln!(
        "start page: {} article links, {} section links{}",
        links.articles.len(),
        links.sections.len(),
        found
            .theme
            .as_ref()
            .map(|t| format!(", theme {t}"))
            .unwrap_or_default()
    );
    if links.articles.is_empty() {
        eprintln!("  no article link on the start page: set article_patterns, or start from a section page");
    }
    Ok(links.feeds)
}

/// The first usual sitemap place that answers with a sitemap.
async fn probe_sitemaps(fetcher: &Fetcher, site: &Site, start: &Url, cfg: &Config) -> Vec<Url> {
    for path in USUAL_SITEMAPS {
        let Ok(url) = start.join(path) else { continue };
        let Ok(f) = fetcher
            .fetch(site, &url, None, cfg.global.max_page_bytes)
            .await
        else {
            continue;
        };
        let parsed =
            crate::discover::sitemap::maybe_gunzip(&f.response.body, cfg.global.max_page_bytes)
                .ok()
                .and_then(|xml| crate::discover::sitemap::parse(&xml).ok());
        if let Some(sitemap) = parsed {
            eprintln!(
                "sitemap: {url} ({} entries; not in robots.txt)",
                sitemap.entries.len()
            );
            return vec![url];
        }
    }
    Vec::new()
}

fn start_failure(start: &Url, e: &FetchError) -> String {
    match e {
        FetchError::Redirect(why) => {
            format!("{start} redirects ({why}): give the URL it redirects to")
        }
        other => format!("{start}: {other}"),
    }
}
