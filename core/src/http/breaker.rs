//! Circuit breakers, one per route: closed → open after too many failures in a window →
//! half-open after a cool-down (exactly one probe) → closed on the probe's success, open
//! again on its failure.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::BreakerConfig;

#[derive(Debug)]
enum State {
    Closed { failures: VecDeque<Instant> },
    Open { until: Instant },
    HalfOpen { probing: bool },
}

impl State {
    fn closed() -> Self {
        State::Closed {
            failures: VecDeque::new(),
        }
    }
}

/// What one attempt told the breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The upstream answered sensibly (2xx, 3xx, a 4xx other than 408, a 429).
    Success,
    /// 5xx, 408, timeout, network error.
    Failure,
}

/// The breakers of every route.
#[derive(Debug)]
pub(crate) struct Breakers {
    config: BreakerConfig,
    states: Mutex<HashMap<String, State>>,
}

/// Leave to send one attempt on a route. A probe that is dropped without a recorded outcome
/// (its future was cancelled) frees the half-open slot for the next caller.
#[derive(Debug)]
pub(crate) struct Permit {
    breakers: Arc<Breakers>,
    key: String,
    probe: bool,
    done: bool,
}

impl Permit {
    /// Reports the attempt's outcome.
    pub(crate) fn record(mut self, outcome: Outcome) {
        self.done = true;
        // A success outside a probe changes nothing (closed breakers count failures only):
        // skip the lock on the hot path.
        if self.probe || outcome == Outcome::Failure {
            self.breakers.record(&self.key, self.probe, outcome);
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if self.probe && !self.done {
            let mut states = self.breakers.lock();
            if let Some(State::HalfOpen { probing }) = states.get_mut(&self.key) {
                *probing = false;
            }
        }
    }
}

impl Breakers {
    pub(crate) fn new(config: BreakerConfig) -> Self {
        Breakers {
            config,
            states: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, State>> {
        self.states.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the route's breaker would refuse a call now; `Some(wait)` is the time until it
    /// half-opens (zero while a probe is in flight). Takes nothing.
    #[cfg(test)]
    pub(crate) fn refuses(&self, key: &str) -> Option<Duration> {
        if self.config.failure_threshold == 0 {
            return None;
        }
        match self.lock().get(key) {
            Some(State::Open { until }) => {
                let now = Instant::now();
                (*until > now).then(|| *until - now)
            }
            Some(State::HalfOpen { probing: true }) => Some(Duration::ZERO),
            _ => None,
        }
    }

    /// Leave to send, or `Err(wait)`: the breaker is open (`wait` until it half-opens) or a
    /// probe is already in flight.
    pub(crate) fn acquire(self: &Arc<Self>, key: &str) -> Result<Permit, Duration> {
        let mut probe = false;
        if self.config.failure_threshold > 0 {
            let mut states = self.lock();
            let state = states.entry(key.to_owned()).or_insert_with(State::closed);
            match state {
                State::Closed { .. } => {}
                State::Open { until } => {
                    let now = Instant::now();
                    if *until > now {
                        return Err(*until - now);
                    }
                    *state = State::HalfOpen { probing: true };
                    probe = true;
                }
                State::HalfOpen { probing } => {
                    if *probing {
                        return Err(Duration::ZERO);
                    }
                    *probing = true;
                    probe = true;
                }
            }
        }
        Ok(Permit {
            breakers: Arc::clone(self),
            key: key.to_owned(),
            probe,
            done: false,
        })
    }

    fn record(&self, key: &str, probe: bool, outcome: Outcome) {
        if self.config.failure_threshold == 0 {
            return;
        }
        let now = Instant::now();
        let mut states = self.lock();
        let state = states.entry(key.to_owned()).or_insert_with(State::closed);
        match (state, outcome) {
            (State::HalfOpen { .. }, Outcome::Success) if probe => {
                *states.get_mut(key).expect("present") = State::closed();
            }
            (State::HalfOpen { .. }, Outcome::Failure) if probe => {
                *states.get_mut(key).expect("present") = State::Open {
                    until: now + self.config.cooldown,
                };
            }
            (State::Closed { failures }, Outcome::Failure) => {
                failures.push_back(now);
                while failures
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.config.window)
                {
                    failures.pop_front();
                }
                if failures.len() >= self.config.failure_threshold as usize {
                    *states.get_mut(key).expect("present") = State::Open {
                        until: now + self.config.cooldown,
                    };
                }
            }
            // Successes while closed need no bookkeeping (failures age out of the window);
            // late outcomes of attempts that started before the breaker opened change nothing.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breakers(threshold: u32) -> Arc<Breakers> {
        Arc::new(Breakers::new(BreakerConfig {
            failure_threshold: threshold,
            window: Duration::from_secs(10),
            cooldown: Duration::from_millis(30),
        }))
    }

    #[test]
    fn opens_after_n_failures_then_lets_exactly_one_probe_through() {
        let b = breakers(3);
        for _ in 0..3 {
            b.acquire("r").unwrap().record(Outcome::Failure);
        }
        let wait = b.acquire("r").unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(30));
        assert!(b.refuses("r").is_some());
        assert!(b.acquire("other").is_ok(), "breakers are per route");
        std::thread::sleep(Duration::from_millis(35));
        let probe = b.acquire("r").unwrap();
        assert_eq!(
            b.acquire("r").unwrap_err(),
            Duration::ZERO,
            "one probe only"
        );
        probe.record(Outcome::Failure);
        assert!(b.acquire("r").is_err(), "a failed probe re-opens");
        std::thread::sleep(Duration::from_millis(35));
        b.acquire("r").unwrap().record(Outcome::Success);
        for _ in 0..5 {
            b.acquire("r").unwrap().record(Outcome::Success);
        }
        assert_eq!(b.refuses("r"), None);
    }

    #[test]
    fn successes_and_old_failures_do_not_open_it() {
        let b = Arc::new(Breakers::new(BreakerConfig {
            failure_threshold: 2,
            window: Duration::from_millis(20),
            cooldown: Duration::from_secs(1),
        }));
        b.acquire("r").unwrap().record(Outcome::Failure);
        std::thread::sleep(Duration::from_millis(30));
        b.acquire("r").unwrap().record(Outcome::Failure);
        assert!(b.acquire("r").is_ok(), "the first failure left the window");
    }

    #[test]
    fn a_dropped_probe_frees_the_slot_and_zero_threshold_disables() {
        let b = breakers(1);
        b.acquire("r").unwrap().record(Outcome::Failure);
        std::thread::sleep(Duration::from_millis(35));
        drop(b.acquire("r").unwrap());
        assert!(b.acquire("r").is_ok());
        let off = breakers(0);
        for _ in 0..10 {
            off.acquire("r").unwrap().record(Outcome::Failure);
        }
        assert!(off.acquire("r").is_ok());
    }
}
