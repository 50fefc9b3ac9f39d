//! `crawl extract`: one saved page, offline, through the same decode and extract stages as
//! the crawl, printed as the article file would hold it (or as JSON with metadata).

use super::Exit;
use crate::cli::{CrawlArgs, ExtractArgs, ExtractFormat};
use crate::config::Config;
use crate::decode::decode_html;
use crate::extract::{Extractor, SiteRules};
use std::io::{Read, Write};

pub(super) fn run(crawl: &CrawlArgs, args: &ExtractArgs) -> Exit {
    let bytes = if args.file.as_os_str() == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("crawl: cannot read standard input: {e}");
            return Exit::Config;
        }
        buf
    } else {
        match std::fs::read(&args.file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("crawl: {}: {e}", args.file.display());
                return Exit::Config;
            }
        }
    };
    let url = args.url.as_deref().and_then(|u| url::Url::parse(u).ok());
    // Site rules and user themes come from the configuration when it is there; a missing
    // config directory is fine for a one-off extraction.
    let (extractor, mut rules) = if crawl.config.is_dir() {
        match Config::load(&crawl.config) {
            Ok(cfg) => {
                let rules = match crawl.sites.first() {
                    Some(name) => match cfg.sites.iter().find(|s| &s.name == name) {
                        Some(site) => site.rules.clone(),
                        None => {
                            eprintln!(
                                "crawl: no site named {name:?} in {}",
                                crawl.config.display()
                            );
                            return Exit::Config;
                        }
                    },
                    None => SiteRules::default(),
                };
                (Extractor::new(cfg.themes), rules)
            }
            Err(e) => {
                eprintln!("crawl: {e}");
                return Exit::Config;
            }
        }
    } else {
        (Extractor::default(), SiteRules::default())
    };
    // Show the text of a short page too (a crawl would skip it as too_short), flagged on
    // stderr and by the exit code: when writing selectors the text is what matters.
    let min_chars = if rules.min_chars == 0 {
        crate::extract::DEFAULT_MIN_CHARS
    } else {
        rules.min_chars
    };
    rules.min_chars = 1;
    let tld = url
        .as_ref()
        .and_then(|u| u.host_str())
        .and_then(|h| h.rsplit('.').next())
        .map(str::to_ascii_lowercase);
    let decoded = decode_html(&bytes, None, tld.as_deref());
    let (result, explanation) = if args.explain {
        let (r, e) = extractor.explain(&decoded.text, &rules);
        (r, Some(e))
    } else {
        (extractor.extract(&decoded.text, &rules), None)
    };
    let mut out = std::io::stdout().lock();
    if let Some(ex) = &explanation {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "encoding: {} ({:?})",
            decoded.encoding.name(),
            decoded.source
        );
        let _ = writeln!(
            err,
            "theme: {}",
            ex.theme.as_deref().unwrap_or("(none recognised)")
        );
        let _ = writeln!(err, "content: {}", ex.content_rule);
        for r in &ex.removed {
            let _ = writeln!(err, "removed [{}] <{}> {:?}", r.rule, r.element, r.text);
        }
        for (reason, line) in &ex.dropped_lines {
            let _ = writeln!(err, "dropped line [{reason}] {line:?}");
        }
    }
    match result {
        Ok(mut article) => {
            let body_chars: usize = article.blocks.iter().map(|b| b.text.chars().count()).sum();
            let short = body_chars < min_chars;
            if short {
                eprintln!("crawl: body of {body_chars} characters is under min_chars = {min_chars}: a crawl would skip it as too_short");
            }
            if let (Some(base), Some(c)) = (&url, &article.canonical_url) {
                article.canonical_url = base
                    .join(c)
                    .ok()
                    .map(|u| u.to_string())
                    .or(article.canonical_url.clone());
            }
            let written = match args.format {
                ExtractFormat::Text => out.write_all(article.to_text().as_bytes()),
                ExtractFormat::Json => serde_json::to_writer_pretty(&mut out, &article)
                    .map_err(std::io::Error::other)
                    .and_then(|()| writeln!(out)),
            };
            if written.is_err() || !short {
                return Exit::Ok; // a closed pipe has nothing more to say
            }
            Exit::SiteFailed
        }
        Err(reason) => {
            eprintln!("crawl: not written as an article: {reason}");
            Exit::SiteFailed
        }
    }
}
