//! Progress on a real terminal: the binary runs with stderr on a pseudo-terminal of 100
//! columns, and a terminal emulator (vt100) renders what it wrote, so the test sees the
//! screen a user sees at the end of the run.

use crate::common::*;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;

const COLS: u16 = 100;
const ROWS: u16 = 50;

/// A pseudo-terminal pair (master, slave) of the given size.
fn open_pty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: ROWS,
        ws_col: COLS,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new file descriptors into `master` and `slave`, which
    // are owned here from then on; the name and termios pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &raw mut master,
            &raw mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &raw const size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened by openpty and nothing else owns them.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// Everything the process wrote to the terminal until it exited.
fn read_terminal(master: OwnedFd) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut file = std::fs::File::from(master);
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                // EIO: every slave descriptor is closed, the process has exited.
                Err(_) => break,
            }
        }
        out
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bars_show_the_frontier_and_leave_log_lines_whole_and_no_stale_line() {
    let server = start_sites().await;
    // A host whose robots.txt answers 503: it cannot be crawled, and says so in a WARN
    // line longer than the terminal is wide.
    let down = axum::Router::new()
        .fallback(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let down_addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, down).await.ok() });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), &server, "");
    std::fs::write(
        cfg.join("sites/un-site-dont-le-serveur-est-en-panne.toml"),
        format!("start_urls = [\"http://{down_addr}/\"]\n"),
    )
    .unwrap();

    let (master, slave) = open_pty();
    let reader = read_terminal(master);
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_crawl"))
        .arg("--config")
        .arg(&cfg)
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(out.status.code(), Some(1), "one site cannot be crawled");
    let bytes = tokio::task::spawn_blocking(move || reader.join().unwrap())
        .await
        .unwrap();

    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("· left "),
        "the bars show the frontier left: {raw:?}"
    );
    let mut term = vt100::Parser::new(ROWS, COLS, 0);
    term.process(&bytes);
    let screen = term.screen().contents();
    let unwrapped = screen.replace('\n', "");
    assert!(
        unwrapped.contains("host cannot be crawled in this run")
            && unwrapped.contains("robots.txt answered HTTP 503"),
        "the WARN line is whole on screen:\n{screen}"
    );
    let spinner = |c: char| ('\u{2800}'..='\u{28FF}').contains(&c);
    assert!(
        !screen.chars().any(spinner),
        "a finished bar stayed on screen:\n{screen}"
    );
    for site in ["faso-matin", "ouaga-hebdo", "sahel-info"] {
        assert!(
            !screen
                .lines()
                .any(|l| l.contains(site) && l.contains(" left ")),
            "{site}'s bar stayed on screen:\n{screen}"
        );
    }
}
