//! `crawl demo`: serves the bundled sample news sites on 127.0.0.1 and crawls them with
//! the real pipeline into `data/demo/`, offline, so a newcomer sees the whole job work.

use super::Exit;
use crate::cli::{CrawlArgs, DemoArgs};
use crate::config::{Config, Global};
use crate::progress::Progress;
use crate::sample_sites::{SampleServer, SampleSite};
use crate::stats::summary;
use std::time::Duration;

pub(super) async fn run(args: &DemoArgs, quiet: bool) -> Exit {
    match demo(args, quiet).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("crawl demo: {e}");
            Exit::Config
        }
    }
}

async fn demo(args: &DemoArgs, quiet: bool) -> Result<Exit, String> {
    let server = SampleServer::start(SampleSite::bundled())
        .await
        .map_err(|e| format!("cannot serve on 127.0.0.1: {e}"))?;
    // A fresh demo every time: the sample sites never change, so a second crawl on the
    // same state would (correctly) write nothing.
    for sub in ["articles", "state.db", "state.db-wal", "state.db-shm"] {
        let p = args.dir.join(sub);
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| format!("{}: {e}", args.dir.display()))?;
    let global = Global {
        out: args.dir.join("articles"),
        state: format!("sqlite://{}", args.dir.join("state.db").display()),
        delay: Duration::from_millis(200),
        ..Global::default()
    };
    let mut sites = Vec::new();
    for (name, toml) in server.site_configs() {
        let path = std::path::PathBuf::from(format!("sample-sites/{name}/site.toml"));
        sites.push(Config::site_from_str(&path, &toml, &global).map_err(|e| e.to_string())?);
    }
    for (name, _) in server.site_configs() {
        if !quiet {
            eprintln!(
                "serving sample site {name} at {}",
                server.base(&name).unwrap_or("?")
            );
        }
    }
    let cfg = Config {
        dir: args.dir.clone(),
        global: global.clone(),
        sites,
        themes: crate::extract::themes::builtin(),
    };
    let crawl_args = CrawlArgs {
        sites: vec![],
        config: args.dir.clone(),
        out: None,
        state: None,
        budget: None,
        dry_run: false,
        worker: None,
    };
    let report = super::crawl::run_with(cfg, &crawl_args, Progress::new(!quiet))
        .await
        .map_err(|e| e.to_string())?;
    print!("{}", summary(&report.sites));
    println!(
        "\narticles: {}/<site>/<hash>.txt\nmanifest: {}",
        report.out.display(),
        report.out.join("articles.jsonl").display()
    );
    if args.serve {
        eprintln!("still serving the sample sites; Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
    }
    Ok(if report.sites.iter().any(|s| s.failed.is_some()) {
        Exit::SiteFailed
    } else {
        Exit::Ok
    })
}
