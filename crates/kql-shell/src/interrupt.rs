//! Ctrl-C while the shell works: a listener installed when the shell starts, raced against
//! every long step (opening the data roots, a query, `.data`, `.save`).
//!
//! Once [`Interrupts::install`] has run, Ctrl-C (SIGINT) no longer ends the process: each
//! press is an event that [`Interrupts::race`] turns into "the step was cancelled", and the
//! shell goes on. At the prompt the terminal is in raw mode and Ctrl-C is a key that reedline
//! reads (it discards the entry being typed), not a signal.

use futures::FutureExt;
use std::future::Future;
use std::sync::{Mutex, PoisonError};
use tokio::runtime::Runtime;

#[cfg(unix)]
type Listener = tokio::signal::unix::Signal;
#[cfg(windows)]
type Listener = tokio::signal::windows::CtrlC;

/// The Ctrl-C listener of a shell.
pub(crate) struct Interrupts {
    /// `None` when the platform refused a listener: then nothing can be cancelled, and Ctrl-C
    /// does what it does by default.
    listener: Mutex<Option<Listener>>,
}

impl Interrupts {
    /// Installs the listener on `runtime`'s signal driver: from now on Ctrl-C is an event for
    /// [`Interrupts::race`], not the end of the process.
    pub(crate) fn install(runtime: &Runtime) -> Interrupts {
        let _context = runtime.enter();
        #[cfg(unix)]
        let listener = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
        #[cfg(windows)]
        let listener = tokio::signal::windows::ctrl_c();
        Interrupts {
            listener: Mutex::new(listener.ok()),
        }
    }

    /// Runs `work` on `runtime` until it ends (`Some`) or Ctrl-C is pressed (`None`; `work`
    /// is dropped where it stands). A Ctrl-C pressed before the race began does not count.
    pub(crate) fn race<T>(&self, runtime: &Runtime, work: impl Future<Output = T>) -> Option<T> {
        let mut listener = self.listener.lock().unwrap_or_else(PoisonError::into_inner);
        runtime.block_on(async {
            let pressed = async {
                match listener.as_mut() {
                    Some(listener) => {
                        // A press left over from before this step is not meant for it.
                        while listener.recv().now_or_never().is_some() {}
                        listener.recv().await
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                done = work => Some(done),
                _ = pressed => None,
            }
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::Interrupts;
    use std::time::Duration;

    /// The variable that marks the child process of the SIGINT test.
    const CHILD: &str = "KQL_SHELL_SIGINT_TEST_CHILD";

    /// A real SIGINT to a process: once installed, the listener takes it (the process lives on)
    /// and cancels the step that was running; a step that ends is not cancelled. The signal
    /// goes to a child process running only this test (this test binary again): sent to the
    /// test process itself it would also cancel the queries of the session tests running
    /// beside it, whose shells listen for Ctrl-C too.
    #[test]
    fn a_sigint_cancels_the_running_step_and_the_process_lives_on() {
        if std::env::var_os(CHILD).is_none() {
            let name =
                "interrupt::tests::a_sigint_cancels_the_running_step_and_the_process_lives_on";
            let child = std::process::Command::new(std::env::current_exe().expect("this test"))
                .args([name, "--exact", "--test-threads", "1"])
                .env(CHILD, "1")
                .output()
                .expect("the test binary runs");
            let out = String::from_utf8_lossy(&child.stdout);
            assert!(
                child.status.success() && out.contains("1 passed"),
                "{out}{}",
                String::from_utf8_lossy(&child.stderr)
            );
            return;
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let interrupts = Interrupts::install(&runtime);
        assert_eq!(interrupts.race(&runtime, async { 7 }), Some(7));
        let pid = std::process::id().to_string();
        let sender = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            std::process::Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .expect("kill runs")
        });
        let cancelled = interrupts.race(&runtime, std::future::pending::<()>());
        assert!(sender.join().expect("the sender").success());
        assert_eq!(cancelled, None);
        // The next step runs as usual.
        assert_eq!(
            interrupts.race(&runtime, async {
                tokio::task::yield_now().await;
                8
            }),
            Some(8)
        );
    }
}
