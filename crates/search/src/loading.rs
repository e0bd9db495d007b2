//! How many stored documents the process holds in memory at once while it makes hits
//! and answers documents. A stored document is read whole (its body decompressed and
//! copied), so a 50 MB document shown by 64 concurrent searches took 4.5 GB; now at
//! most [`Loading::most`] documents are held at a time across all searches, each
//! released once its hit is made, and the rest wait their turn (or their deadline).
//! On two cores the work is CPU-bound anyway: holding a few at a time costs no
//! throughput (BENCHMARKS.md).
//!
//! std has no counting semaphore; this is one (a count under a mutex, a condition
//! variable to wake a waiter), rather than an async runtime's in a synchronous library.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::deadline::Deadline;
use crate::SearchError;

pub(crate) struct Loading {
    held: Mutex<usize>,
    freed: Condvar,
    most: usize,
}

/// One document's place; given back when dropped.
pub(crate) struct Held<'l> {
    loading: &'l Loading,
}

impl Loading {
    /// Room for `most` documents at once (at least one).
    pub(crate) fn new(most: usize) -> Loading {
        Loading {
            held: Mutex::new(0),
            freed: Condvar::new(),
            most: most.max(1),
        }
    }

    /// Room for twice as many documents as the machine has cores: enough to keep each
    /// core busy while another's document is read.
    pub(crate) fn for_this_machine() -> Loading {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Loading::new(2 * cores)
    }

    /// A place for one document, waiting for one to be given back — until `deadline`.
    pub(crate) fn hold(&self, deadline: &Deadline) -> Result<Held<'_>, SearchError> {
        let mut held = self.held.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loop {
            deadline.check()?;
            if *held < self.most {
                *held += 1;
                return Ok(Held { loading: self });
            }
            // Woken by a release, or after a while to look at the deadline again.
            let wait = deadline
                .remaining()
                .unwrap_or(Duration::from_secs(1))
                .min(Duration::from_secs(1));
            held = self
                .freed
                .wait_timeout(held, wait)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut held = self
            .loading
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *held -= 1;
        self.loading.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    use super::*;

    #[test]
    fn never_more_than_most_are_held_and_waiters_see_their_deadline() {
        let loading = Arc::new(Loading::new(3));
        let now = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..12)
            .map(|_| {
                let (loading, now, peak) = (loading.clone(), now.clone(), peak.clone());
                std::thread::spawn(move || {
                    for _ in 0..20 {
                        let _held = loading.hold(&Deadline::default()).unwrap();
                        let inside = now.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(inside, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_micros(200));
                        now.fetch_sub(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 3);

        // Full: a waiter with a deadline gives up at it.
        let all: Vec<_> = (0..3).map(|_| loading.hold(&Deadline::default()).unwrap()).collect();
        let started = Instant::now();
        let late = Deadline::new(Some(started + Duration::from_millis(100)));
        assert!(matches!(loading.hold(&late), Err(SearchError::Deadline)));
        assert!(started.elapsed() < Duration::from_secs(2));
        drop(all);
        assert!(loading.hold(&late).is_err(), "past its deadline, even with room");
        assert!(loading.hold(&Deadline::default()).is_ok());
    }
}
