//! `crawl demo`: serves the bundled sample news sites on 127.0.0.1 and crawls them with
//! the real pipeline into `data/demo/`, offline, so a newcomer sees the whole job work.
//! It lives in the binary, with the sample-site server: neither is part of the library.

use crate::sample_sites::{SampleServer, SampleSite};
use crawl::app::Exit;
use crawl::cli::{CrawlArgs, DemoArgs};
use crawl::config::{Config, Global};
use crawl::progress::Progress;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

/// The file that marks a directory as the demo's own: only such a directory is cleared.
const MARKER: &str = ".crawl-demo";
/// Held while a demo runs in the directory, so that a second one does not clear it.
const LOCK: &str = ".crawl-demo.lock";
/// What a demo writes: the only entries it ever removes.
const DEMO_ENTRIES: [&str; 5] = [
    "articles",
    "state.db",
    "state.db-wal",
    "state.db-shm",
    "warc",
];

pub async fn run(args: &DemoArgs, quiet: bool) -> Exit {
    let claimed = if args.again {
        claim_earlier(&args.dir)
    } else {
        claim_dir(&args.dir)
    };
    let _lock = match claimed {
        Ok(lock) => lock,
        Err((code, e)) => {
            eprintln!("crawl demo: {e}");
            return code;
        }
    };
    match demo(args, quiet).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("crawl demo: {e}");
            Exit::Config
        }
    }
}

/// Makes `dir` the demo's: refuses a directory that holds anything the demo did not
/// create, takes the demo lock, and clears the previous demo's output. A fresh demo every
/// time: the sample sites never change, so a second crawl on the same state would
/// (correctly) write nothing.
fn claim_dir(dir: &std::path::Path) -> Result<crawl::lock::StateLock, (Exit, String)> {
    let usage = |e: String| (Exit::Config, e);
    let io = |e: std::io::Error| (Exit::Config, format!("{}: {e}", dir.display()));
    let foreign = std::fs::read_dir(dir).ok().and_then(|entries| {
        let names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let ours = names.iter().any(|n| n == MARKER);
        (!names.is_empty() && !ours).then_some(names)
    });
    if let Some(names) = foreign {
        return Err(usage(format!(
            "refusing to use {}: it holds files the demo did not create ({}); give --dir an empty or new directory",
            dir.display(),
            names.join(", ")
        )));
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(
        dir.join(MARKER),
        "written by `crawl demo`: this directory is cleared by each demo run\n",
    )
    .map_err(io)?;
    let lock = lock_dir(dir)?;
    for sub in DEMO_ENTRIES {
        let p = dir.join(sub);
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
    }
    Ok(lock)
}

/// Takes the lock of a directory an earlier demo crawled, keeping its state and files:
/// `--again` continues from them.
fn claim_earlier(dir: &std::path::Path) -> Result<crawl::lock::StateLock, (Exit, String)> {
    if !dir.join(MARKER).is_file() || !dir.join("state.db").is_file() {
        return Err((
            Exit::Config,
            format!(
                "no earlier demo in {}: run `crawl demo --dir {}` first",
                dir.display(),
                dir.display()
            ),
        ));
    }
    lock_dir(dir)
}

/// The demo lock of `dir`: a second demo there exits 3, as a second crawl would.
fn lock_dir(dir: &std::path::Path) -> Result<crawl::lock::StateLock, (Exit, String)> {
    crawl::lock::acquire(&dir.join(LOCK)).map_err(|e| match e {
        crawl::lock::LockError::Held { .. } => (Exit::Locked, e.to_string()),
        other @ crawl::lock::LockError::Io { .. } => (Exit::Config, other.to_string()),
    })
}

/// The marker's text: what it is for, then one `site port` line per sample site, so
/// that `--again` serves the sites at the URLs the state holds.
fn marker_text(server: &SampleServer) -> String {
    let mut text =
        String::from("written by `crawl demo`: this directory is cleared by each demo run\n");
    for (name, _) in server.site_configs() {
        if let Some(port) = server.base(&name).and_then(|b| b.rsplit(':').next()) {
            let _ = writeln!(text, "{name} {port}");
        }
    }
    text
}

fn marker_ports(dir: &std::path::Path) -> HashMap<String, u16> {
    std::fs::read_to_string(dir.join(MARKER))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (name, port) = l.split_once(' ')?;
            Some((name.to_owned(), port.parse().ok()?))
        })
        .collect()
}

async fn demo(args: &DemoArgs, quiet: bool) -> Result<Exit, String> {
    let ports = if args.again {
        marker_ports(&args.dir)
    } else {
        HashMap::new()
    };
    let server = SampleServer::start_on(SampleSite::bundled(), &ports)
        .await
        .map_err(|e| {
            if args.again {
                format!("cannot serve the sample sites on their earlier ports ({e}); run `crawl demo` afresh")
            } else {
                format!("cannot serve on 127.0.0.1: {e}")
            }
        })?;
    std::fs::write(args.dir.join(MARKER), marker_text(&server))
        .map_err(|e| format!("{}: {e}", args.dir.display()))?;
    if args.again {
        // A day later: faso-matin has published one more article.
        server.set_phase(2);
    }
    let global = Global {
        out: args.dir.join("articles"),
        state: format!("sqlite://{}", args.dir.join("state.db").display()),
        // Every response kept, as an archive would keep them.
        warc: Some(args.dir.join("warc")),
        delay: Duration::from_millis(200),
        // Not the default agent: the demo only asks its own sample sites.
        user_agent: format!(
            "crawl/{} (demo of the bundled sample sites; +http://127.0.0.1/)",
            env!("CARGO_PKG_VERSION")
        ),
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
        disabled: Vec::new(),
        dir: args.dir.clone(),
        global: global.clone(),
        sites,
        themes: crawl::extract::themes::builtin(),
    };
    let crawl_args = CrawlArgs::new(args.dir.clone());
    let report = crawl::app::crawl::run_with(cfg, &crawl_args, Progress::new(!quiet))
        .await
        .map_err(|e| e.to_string())?;
    print!("{}", report.summary());
    println!(
        "\narticles: {}/<site>/<hash>.txt\nmanifest: {}",
        report.out.display(),
        report.out.join("articles.jsonl").display()
    );
    if !args.again && !quiet {
        println!(
            "\nrun `crawl demo --again --dir {}` to see the next run: the sites answer 304 Not\n\
             Modified for what did not change, and only the article published since is written",
            args.dir.display()
        );
    }
    if args.serve {
        eprintln!("still serving the sample sites; Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
    }
    Ok(report.exit())
}
