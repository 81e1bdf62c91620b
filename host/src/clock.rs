//! The one clock crossdock reads the time from: the system's by default, or a manual one that
//! tests set and advance, so that backoff, leases and claims can be driven instead of slept
//! through.
//!
//! Every place that needs "now" — the pipeline, the workers, the outbound dispatcher, webhook
//! ingest, the admin API — reads it from the [`Clock`] it was given (the node's, in
//! `Pipeline::clock`); this module is the only one that asks the operating system. Time is unix
//! milliseconds (`i64`), as in the store.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossdock_types::Timestamp;
use tokio::sync::watch;

/// Where "now" comes from: cheap to clone; clones of a manual clock share its time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system clock. A manual clock's time lives in a watch channel, so that
    /// [`Clock::sleep`] can wake when the handle moves the time past its deadline.
    manual: Option<Arc<watch::Sender<i64>>>,
}

impl Clock {
    /// The operating system's wall clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that stands still at `start_ms` until told otherwise through the returned
    /// handle; the clock and the handle share one time.
    pub fn manual(start_ms: i64) -> (Self, ManualClock) {
        let time = Arc::new(watch::Sender::new(start_ms));
        (Self { manual: Some(time.clone()) }, ManualClock(time))
    }

    /// Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(time) => *time.borrow(),
            None => system_now_ms(),
        }
    }

    /// Unix seconds, as a contract timestamp.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix(self.now_ms().div_euclid(1000))
    }

    /// Resolves once `by` has passed on this clock: on the system clock, a tokio sleep; on a
    /// manual one, when its handle has moved the time to `now + by` or beyond, however long
    /// that takes in real time. The deadline is fixed when `sleep` is called, not when the
    /// future is first polled, as with `tokio::time::sleep`.
    pub fn sleep(&self, by: Duration) -> impl Future<Output = ()> + Send + 'static {
        let wait = match &self.manual {
            None => Wait::System(tokio::time::sleep(by)),
            Some(time) => {
                let deadline = time.borrow().saturating_add(millis(by));
                Wait::Manual { time: time.clone(), seen: time.subscribe(), deadline }
            }
        };
        async move {
            match wait {
                Wait::System(sleep) => sleep.await,
                Wait::Manual { time, mut seen, deadline } => {
                    // `time` is held here, so the sender outlives the receiver and waiting
                    // cannot fail: it ends only when the deadline is reached.
                    let _ = seen.wait_for(|now| *now >= deadline).await;
                    drop(time);
                }
            }
        }
    }
}

/// What a [`Clock::sleep`] waits on.
enum Wait {
    System(tokio::time::Sleep),
    Manual { time: Arc<watch::Sender<i64>>, seen: watch::Receiver<i64>, deadline: i64 },
}

/// The handle that moves a manual [`Clock`].
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<watch::Sender<i64>>);

impl ManualClock {
    /// Moves the clock forward by `by`, waking the sleeps whose deadline it reaches.
    pub fn advance(&self, by: Duration) {
        self.0.send_modify(|now| *now = now.saturating_add(millis(by)));
    }

    /// Sets the clock to `ms` (unix milliseconds), waking the sleeps whose deadline it reaches.
    pub fn set(&self, ms: i64) {
        self.0.send_replace(ms);
    }

    /// The time the clock shows, unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        *self.0.borrow()
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The operating system's time, unix milliseconds (0 before 1970, saturating far ahead).
pub fn system_now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(millis).unwrap_or(0)
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

    /// Polls `future` once, without waiting: whether it has finished.
    fn ready(future: &mut std::pin::Pin<Box<impl Future<Output = ()>>>) -> bool {
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        future.as_mut().poll(&mut context).is_ready()
    }

    #[test]
    fn a_manual_sleep_ends_only_when_the_clock_is_moved_to_its_deadline() {
        let (clock, hand) = Clock::manual(1_000);
        let mut sleep = Box::pin(clock.sleep(Duration::from_millis(300)));
        assert!(!ready(&mut sleep), "no time has passed");
        hand.advance(Duration::from_millis(299));
        assert!(!ready(&mut sleep), "1 ms short of the deadline");
        hand.advance(Duration::from_millis(1));
        assert!(ready(&mut sleep), "at the deadline");

        let mut later = Box::pin(clock.sleep(Duration::from_secs(60)));
        hand.set(1_300 + 120_000);
        assert!(ready(&mut later), "a jump past the deadline ends it too");
    }

    #[test]
    fn a_manual_sleeps_deadline_is_fixed_when_it_is_asked_for() {
        let (clock, hand) = Clock::manual(0);
        let mut sleep = Box::pin(clock.sleep(Duration::from_millis(100)));
        hand.advance(Duration::from_millis(100));
        // First polled only now, after the time moved: the deadline was 100, not 200.
        assert!(ready(&mut sleep));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_manual_sleep_wakes_its_task_when_another_moves_the_clock() {
        let (clock, hand) = Clock::manual(0);
        let (waiting, waits) = tokio::sync::oneshot::channel();
        let sleeping = tokio::spawn(async move {
            let mut sleep = std::pin::pin!(clock.sleep(Duration::from_secs(3600)));
            assert!(futures::poll!(sleep.as_mut()).is_pending(), "asleep before the advance");
            let _ = waiting.send(());
            sleep.await
        });
        waits.await.expect("the sleeper is waiting");
        hand.advance(Duration::from_secs(3600));
        tokio::time::timeout(Duration::from_secs(30), sleeping)
            .await
            .expect("woken by the advance, not by an hour of real time")
            .expect("join");
    }

    #[tokio::test]
    async fn the_system_clocks_sleep_ends_by_itself() {
        Clock::system().sleep(Duration::ZERO).await;
    }
}
