//! The one clock crossdock reads the time from: the system's by default, or a manual one that
//! tests set and advance, so that backoff, leases and claims can be driven instead of slept
//! through.
//!
//! Every place that needs "now" — the pipeline, the workers, the outbound dispatcher, webhook
//! ingest, the admin API — reads it from the [`Clock`] it was given (the node's, in
//! `Pipeline::clock`); this module is the only one that asks the operating system. Time is unix
//! milliseconds (`i64`), as in the store.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossdock_types::Timestamp;

/// Where "now" comes from: cheap to clone; clones of a manual clock share its time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system clock.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The operating system's wall clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that stands still at `start_ms` until told otherwise through the returned
    /// handle; the clock and the handle share one time.
    pub fn manual(start_ms: i64) -> (Self, ManualClock) {
        let time = Arc::new(AtomicI64::new(start_ms));
        (Self { manual: Some(time.clone()) }, ManualClock(time))
    }

    /// Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(time) => time.load(Ordering::SeqCst),
            None => system_now_ms(),
        }
    }

    /// Unix seconds, as a contract timestamp.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix(self.now_ms().div_euclid(1000))
    }
}

/// The handle that moves a manual [`Clock`].
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX), Ordering::SeqCst);
    }

    /// Sets the clock to `ms` (unix milliseconds).
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }

    /// The time the clock shows, unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The operating system's time, unix milliseconds (0 before 1970, saturating far ahead).
pub fn system_now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_advanced_and_its_clones_share_the_time() {
        let (clock, hand) = Clock::manual(1_700_000_000_000);
        let copy = clock.clone();
        assert_eq!(clock.now_ms(), 1_700_000_000_000);
        hand.advance(Duration::from_millis(1_500));
        assert_eq!((clock.now_ms(), copy.now_ms()), (1_700_000_001_500, 1_700_000_001_500));
        assert_eq!(clock.now(), Timestamp::from_unix(1_700_000_001));
        hand.set(5);
        assert_eq!(copy.now_ms(), 5);
    }

    #[test]
    fn the_system_clock_is_the_default_and_reads_the_operating_system() {
        let before = system_now_ms();
        let read = Clock::default().now_ms();
        assert!(read >= before && before > 1_600_000_000_000, "{before} {read}");
    }
}
