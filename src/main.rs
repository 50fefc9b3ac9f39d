//! The `crawl` binary: parse the command line, run, map the outcome to an exit code.

#![warn(clippy::pedantic)]
#![allow(clippy::doc_markdown)]

mod demo;
// The sample-site server is shared with the tests and benches (included there by path);
// the binary uses only part of it.
#[allow(dead_code, unreachable_pub)]
mod sample_sites;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = crawl::cli::Cli::parse();
    crawl::telemetry::init(&cli.output);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("crawl: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(async move {
        match &cli.command {
            Some(crawl::cli::Command::Demo(args)) => demo::run(args, cli.output.quiet).await,
            _ => crawl::app::main(cli).await,
        }
    });
    ExitCode::from(code.as_u8())
}
