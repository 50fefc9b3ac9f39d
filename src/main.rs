//! The `crawl` binary: parse the command line, run, map the outcome to an exit code.

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
    let code = runtime.block_on(crawl::app::main(cli));
    ExitCode::from(code.as_u8())
}
