//! Progress on a terminal: one spinner per site with its counters. Hidden when stderr is
//! not a terminal (cron), with `--quiet` or `--no-progress`.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Debug, Clone)]
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    #[must_use]
    pub fn new(enabled: bool) -> Self {
        let enabled = enabled && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Self {
            multi: enabled.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    #[must_use]
    pub fn hidden() -> Self {
        Self { multi: None }
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
}
