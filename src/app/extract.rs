//! `crawl extract`: one saved page, offline, through the crawl's own page stage
//! ([`crate::page`]), printed as the article file would hold it (or as JSON with metadata):
//! with the configured site's rules and the template the crawl learned for it.

mod batch;
mod inputs;
pub(super) mod pool;

pub(super) use inputs::{is_warc, Page};

use super::Exit;
use crate::cli::{ExtractArgs, ExtractFormat, OutputArgs};
use crate::config::Config;
use crate::decode::CharsetSource;
use crate::extract::{Extractor, SiteRules};
use crate::page::template::Template;
use crate::page::{self, RawPage};
use std::io::{Read, Write};

/// What extraction runs with: the extractor, the site's rules, and its learned template.
struct Setup {
    extractor: Extractor,
    rules: SiteRules,
    /// The configured site and the configuration's state URL.
    site: Option<(String, String)>,
}

pub(super) async fn run(args: &ExtractArgs, output: &OutputArgs) -> Exit {
    if batch::wanted(args) {
        return batch::run(args, output).await;
    }
    let Some(bytes) = read_input(args) else {
        return Exit::Config;
    };
    let url = match args.url.as_deref().map(url::Url::parse).transpose() {
        Ok(u) => u,
        Err(e) => {
            eprintln!(
                "crawl: --url {:?}: not a URL ({e})",
                args.url.as_deref().unwrap_or("")
            );
            return Exit::Config;
        }
    };
    let Some(Setup {
        extractor,
        mut rules,
        site,
    }) = extraction_rules(args, url.as_ref())
    else {
        return Exit::Config;
    };
    let template = match &site {
        Some((name, state)) => learned_template(args, name, state).await,
        None => Template::default(),
    };
    // Show the text of a short page too (a crawl would skip it as too_short), flagged on
    // stderr and by the exit code: when writing selectors the text is what matters.
    let min_chars = page::min_body_chars(&rules);
    rules.min_chars = 1;
    let raw = RawPage {
        url: url.as_ref(),
        content_type: args.content_type.as_deref(),
        body: &bytes,
    };
    let processed = if args.explain {
        page::explain(&extractor, &rules, raw)
    } else {
        page::process(&extractor, &rules, raw)
    };
    if let Some(ex) = &processed.explanation {
        print_explanation(ex, processed.charset);
        if let Some(verdict) = &processed.verdict {
            eprintln!("page kind: {verdict}");
        }
    }
    print_result(args, processed, &template, min_chars)
}

/// The template the crawl learned for the site, from the state database when there is
/// one (none is not an error: the page is extracted without it).
async fn learned_template(args: &ExtractArgs, site: &str, config_state: &str) -> Template {
    let raw = args.state.state.as_deref().unwrap_or(config_state);
    let Ok(url) = crate::store::StateUrl::parse(raw) else {
        return Template::default();
    };
    if url.sqlite_path().is_some_and(|p| !p.is_file()) {
        return Template::default();
    }
    let loaded = match crate::store::open_existing(&url).await {
        Ok(store) => crate::store::Templates::template(&store, site).await,
        Err(e) => Err(e),
    };
    loaded.unwrap_or_else(|e| {
        eprintln!("crawl: warning: the learned site template is not used: {e}");
        Template::default()
    })
}

/// The page's bytes, from the file or standard input; `None` after printing the error.
fn read_input(args: &ExtractArgs) -> Option<Vec<u8>> {
    let file = &args.inputs[0];
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("crawl: cannot read standard input: {e}");
            return None;
        }
        return Some(buf);
    }
    match std::fs::read(file) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("crawl: {}: {e}", file.display());
            None
        }
    }
}

/// Prints the article (or the rejection) and returns the exit code.
fn print_result(
    args: &ExtractArgs,
    processed: page::Processed,
    template: &Template,
    min_chars: usize,
) -> Exit {
    let (page, refused) = match (processed.result, processed.refused) {
        (Ok(page), _) => (page, None),
        // Shown anyway, flagged on stderr and by the exit code, as a short page is.
        (Err(reason), Some(page)) => (page, Some(reason)),
        (Err(reason), None) => {
            eprintln!("crawl: not written as an article: {reason}");
            if args.format == Some(ExtractFormat::Json) {
                let record = serde_json::json!({ "rejected": reason.as_str() });
                println!("{record}");
            }
            return Exit::SiteFailed;
        }
    };
    let (page, removed) = template.apply(page);
    if args.explain {
        for r in &removed {
            eprintln!("removed [{}] {:?}", r.rule, r.line);
        }
    }
    let article = page.article;
    let body_chars: usize = article.blocks.iter().map(|b| b.text.chars().count()).sum();
    let short = body_chars < min_chars;
    if short {
        eprintln!("crawl: body of {body_chars} characters is under min_chars = {min_chars}: a crawl would skip it as too_short");
    }
    if let Some(reason) = &refused {
        eprintln!(
            "crawl: a crawl would skip this page as {reason} (see --explain for the evidence)"
        );
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format.unwrap_or(ExtractFormat::Text) {
        ExtractFormat::Text => out.write_all(article.to_text().as_bytes()),
        ExtractFormat::Json | ExtractFormat::Jsonl => {
            let mut record = serde_json::to_value(&article).unwrap_or_default();
            if let (Some(reason), Some(map)) = (&refused, record.as_object_mut()) {
                map.insert("rejected".into(), reason.as_str().into());
            }
            serde_json::to_writer_pretty(&mut out, &record)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };
    if written.is_err() || !(short || refused.is_some()) {
        return Exit::Ok; // a closed pipe has nothing more to say
    }
    Exit::SiteFailed
}

/// The extractor and the rules of the site named by `--site`, or else of the configured
/// site whose host `--url` names, with the configuration's themes; built-in themes and no
/// site rules when there is no configuration directory (a one-off extraction). `None`
/// after printing the error.
fn extraction_rules(args: &ExtractArgs, url: Option<&url::Url>) -> Option<Setup> {
    let dir = &args.config.config;
    if !dir.is_dir() {
        if let Some(name) = &args.site {
            eprintln!(
                "crawl: --site {name}: no configuration directory {}",
                dir.display()
            );
            return None;
        }
        return Some(Setup {
            extractor: Extractor::default(),
            rules: SiteRules::default(),
            site: None,
        });
    }
    let cfg = match Config::load(dir) {
        Ok(cfg) => cfg,
        Err(e) => {
            super::print_error("crawl", &e);
            return None;
        }
    };
    let site = match (&args.site, url) {
        (Some(name), _) => {
            let Some(site) = cfg.sites.iter().find(|s| &s.name == name) else {
                eprintln!(
                    "crawl: --site {name}: no such site in {}",
                    dir.join("sites").display()
                );
                return None;
            };
            Some(site)
        }
        (None, Some(u)) => cfg.sites.iter().find(|s| s.owns(u)),
        (None, None) => None,
    };
    Some(Setup {
        rules: site.map(|s| s.rules.clone()).unwrap_or_default(),
        site: site.map(|s| (s.name.clone(), cfg.global.state.clone())),
        extractor: Extractor::new(cfg.themes),
    })
}

fn print_explanation(ex: &crate::extract::Explanation, charset: Option<(&str, CharsetSource)>) {
    let mut err = std::io::stderr().lock();
    if let Some((name, source)) = charset {
        let _ = writeln!(err, "encoding: {name} ({source:?})");
    }
    let _ = writeln!(
        err,
        "theme: {}",
        ex.theme.as_deref().unwrap_or("(none recognised)")
    );
    let src = ex.sources;
    let _ = writeln!(
        err,
        "title from: {}",
        src.title
            .unwrap_or("the body's first line (no title found)")
    );
    let _ = writeln!(
        err,
        "date from: {}",
        src.published.unwrap_or("(none found)")
    );
    let _ = writeln!(
        err,
        "authors from: {}",
        src.authors.unwrap_or("(none found)")
    );
    let _ = writeln!(err, "content: {}", ex.content_rule);
    for r in &ex.removed {
        let _ = writeln!(err, "removed [{}] <{}> {:?}", r.rule, r.element, r.text);
    }
    for (reason, line) in &ex.dropped_lines {
        let _ = writeln!(err, "dropped line [{reason}] {line:?}");
    }
    for note in &ex.notes {
        let _ = writeln!(err, "note: {note}");
    }
}
