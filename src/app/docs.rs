//! `crawl completions` and `crawl man`: generated from the clap definition in `cli.rs`,
//! so that they can never drift from the options the binary really takes.

use super::Exit;
use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;
use std::io::Write;

/// Prints the output; a closed pipe (`crawl man | head`) is not an error.
fn print(bytes: &[u8]) -> Exit {
    let _ = std::io::stdout().lock().write_all(bytes);
    Exit::Ok
}

pub(super) fn completions(args: &CompletionsArgs) -> Exit {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "crawl", &mut buf);
    print(&buf)
}

pub(super) fn man() -> Exit {
    let mut buf = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        Ok(()) => print(&title_first(&buf)),
        Err(e) => {
            eprintln!("crawl: cannot render the man page: {e}");
            Exit::Runtime
        }
    }
}

/// clap_mangen puts its quote-string definitions before `.TH`; the page is read more
/// easily (`file`, `whatis`) when it starts with its title line, as roff allows.
fn title_first(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let Some(start) = text.find("\n.TH ") else {
        return page.to_vec();
    };
    let end = text[start + 1..]
        .find('\n')
        .map_or(text.len(), |e| start + 2 + e);
    format!(
        "{}{}{}",
        &text[start + 1..end],
        &text[..=start],
        &text[end..]
    )
    .into_bytes()
}
