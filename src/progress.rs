//! Progress on a terminal: one spinner per site with its counters and the frontier left.
//! Hidden when stderr is not a terminal (cron), with `--quiet` or `--no-progress`. Log
//! lines go through [`LogWriter`], which prints them above the bars instead of letting a
//! redraw erase them.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::sync::OnceLock;

/// The bars of this process, once a run shows any: log lines are printed above them.
static BARS: OnceLock<MultiProgress> = OnceLock::new();

#[derive(Debug, Clone)]
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    #[must_use]
    pub fn new(enabled: bool) -> Self {
        let enabled = enabled && std::io::IsTerminal::is_terminal(&std::io::stderr());
        let multi = enabled.then(|| {
            BARS.get_or_init(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()))
                .clone()
        });
        Self { multi }
    }

    #[must_use]
    pub fn hidden() -> Self {
        Self { multi: None }
    }

    /// Whether bars are drawn (work done only for them can be skipped otherwise).
    #[must_use]
    pub fn is_shown(&self) -> bool {
        self.multi.is_some()
    }

    /// A spinner for one site (hidden when progress is off).
    #[must_use]
    pub fn site_bar(&self, site: &str) -> ProgressBar {
        let Some(m) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = m.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:.bold} {elapsed} {msg}")
                .expect("static template"),
        );
        bar.set_prefix(site.to_owned());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// Clears a finished site's bar and removes it, so no stale line stays on screen.
    pub fn finish(&self, bar: &ProgressBar) {
        bar.finish_and_clear();
        if let Some(m) = &self.multi {
            m.remove(bar);
        }
    }
}

/// The log writer: stderr, printed above the progress bars when they are shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match BARS.get() {
            Some(m) if !m.is_hidden() => m.suspend(|| std::io::stderr().write_all(buf))?,
            _ => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;
    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}
