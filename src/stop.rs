//! Stopping on Ctrl-C or SIGTERM: the first signal asks the run to stop — no new
//! request is sent, the page in flight gets a few seconds to finish, the URLs left stay
//! in the frontier for the next run — and a second signal exits at once. The exit code
//! says which signal it was (130 for SIGINT, 143 for SIGTERM), as shells do.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long the request in flight may take after the stop signal before it is abandoned.
pub const GRACE: Duration = Duration::from_secs(3);

/// The signal that stopped the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
}

impl Signal {
    /// The conventional exit status: 128 + the signal number.
    #[must_use]
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Interrupt => 130,
            Self::Terminate => 143,
        }
    }

    fn code(self) -> u8 {
        match self {
            Self::Interrupt => 1,
            Self::Terminate => 2,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(Self::Interrupt),
            2 => Some(Self::Terminate),
            _ => None,
        }
    }
}

/// A stop request shared by every task of a run.
#[derive(Debug, Clone, Default)]
pub struct Stop {
    signal: Arc<AtomicU8>,
    notify: Arc<tokio::sync::Notify>,
}

impl Stop {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the run to stop; the first signal is the one reported.
    pub fn request(&self, signal: Signal) {
        let _ = self
            .signal
            .compare_exchange(0, signal.code(), Ordering::SeqCst, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// The signal that asked to stop, if any.
    #[must_use]
    pub fn requested(&self) -> Option<Signal> {
        Signal::from_code(self.signal.load(Ordering::SeqCst))
    }

    #[must_use]
    pub fn is_requested(&self) -> bool {
        self.requested().is_some()
    }

    /// Resolves once a stop is requested.
    pub async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_requested() {
                return;
            }
            notified.await;
        }
    }

    /// Resolves `grace` after a stop is requested: the in-flight work's deadline.
    pub async fn deadline(&self, grace: Duration) {
        self.wait().await;
        tokio::time::sleep(grace).await;
    }

    /// Watches SIGINT and SIGTERM: the first requests a stop, the second exits at once.
    pub fn watch_signals(&self) {
        let stop = self.clone();
        tokio::spawn(async move {
            let Some(mut signals) = Signals::new() else {
                return;
            };
            let first = signals.next().await;
            tracing::warn!("stopping: no new request; the page in flight gets a few seconds (a second signal exits at once)");
            stop.request(first);
            let second = signals.next().await;
            eprintln!("crawl: second signal: exiting now");
            std::process::exit(i32::from(second.exit_code()));
        });
    }
}

/// The process's SIGINT and SIGTERM streams, registered once.
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> Option<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        Some(Self {
            int: signal(SignalKind::interrupt()).ok()?,
            term: signal(SignalKind::terminate()).ok()?,
        })
    }

    #[cfg(not(unix))]
    fn new() -> Option<Self> {
        Some(Self {})
    }

    #[cfg(unix)]
    async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.int.recv() => Signal::Interrupt,
            _ = self.term.recv() => Signal::Terminate,
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> Signal {
        let _ = tokio::signal::ctrl_c().await;
        Signal::Interrupt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_signal_is_the_one_reported_and_waiters_wake() {
        let stop = Stop::new();
        assert!(!stop.is_requested());
        let waiter = tokio::spawn({
            let stop = stop.clone();
            async move { stop.wait().await }
        });
        stop.request(Signal::Terminate);
        stop.request(Signal::Interrupt);
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stop.requested(), Some(Signal::Terminate));
        assert_eq!(Signal::Terminate.exit_code(), 143);
        assert_eq!(Signal::Interrupt.exit_code(), 130);
    }
}
