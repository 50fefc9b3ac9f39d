//! `crawl reset`: forgets a site's state so that the next crawl starts it afresh (after
//! its selectors or patterns changed, say). Only database rows go: the files written stay,
//! and with `--frontier` the articles too, so a re-crawl still deduplicates against them.

use super::info::{check_sites, report, ReadError};
use super::Exit;
use crate::cli::ResetArgs;
use crate::config::Config;
use crate::store::{Frontier, StateUrl, StoreError};

pub(super) async fn run(args: &ResetArgs) -> Exit {
    report(reset(args).await)
}

async fn reset(args: &ResetArgs) -> Result<(), ReadError> {
    let cfg = Config::load(&args.config.config)?;
    check_sites(&cfg, std::slice::from_ref(&args.site))?;
    let url = args.state.state.as_deref().unwrap_or(&cfg.global.state);
    let url = StateUrl::parse(url).map_err(|e| ReadError::Usage(format!("--state: {e}")))?;
    // Checked before the lock file is made next to it: a mistyped path creates nothing.
    if url.sqlite_path().is_some_and(|p| !p.is_file()) {
        return Err(StoreError::Missing {
            url: url.redacted(),
        }
        .into());
    }
    let _lock = url
        .lock_path()
        .map(|p| crate::lock::acquire(&p))
        .transpose()?;
    let store = crate::store::open_existing(&url).await?;
    let (urls, articles) = store.reset_site(&args.site, args.all).await?;
    println!(
        "reset {}: {urls} URLs forgotten, {articles} articles",
        args.site
    );
    Ok(())
}
