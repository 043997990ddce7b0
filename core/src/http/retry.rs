//! The retry policy: which outcomes are retried, and how long to sleep between attempts
//! (exponential backoff with full jitter).

use std::time::Duration;

use rand::Rng;

/// How often and how patiently a retry-safe request is repeated.
///
/// The sleep before retry `n` (counting from 0) is drawn uniformly from
/// `0 ..= min(cap, base · 2ⁿ)` ("full jitter"), and never shorter than the platform's
/// `Retry-After`.
///
/// ```
/// use std::time::Duration;
/// use brandpilot::http::RetryPolicy;
/// let policy = RetryPolicy { max_attempts: 4, base: Duration::from_millis(100), cap: Duration::from_secs(1) };
/// for attempt in 0..10 {
///     assert!(policy.backoff(attempt) <= policy.ceiling(attempt));
/// }
/// assert_eq!(policy.ceiling(2), Duration::from_millis(400));
/// assert_eq!(policy.ceiling(9), Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (`1` disables retries).
    pub max_attempts: u32,
    /// The backoff ceiling of the first retry.
    pub base: Duration,
    /// The largest backoff ceiling.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(200),
            cap: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The upper bound of the backoff before retry `attempt` (0-based):
    /// `min(cap, base · 2^attempt)`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// A full-jitter backoff before retry `attempt`: uniform in `0 ..= ceiling(attempt)`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(rand::rng().random_range(0..=nanos))
    }

    /// The sleep before retry `attempt` given the platform's `Retry-After`: the jittered
    /// backoff, but never less than `retry_after`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self.backoff(attempt);
        match retry_after {
            Some(after) => backoff.max(after),
            None => backoff,
        }
    }
}

/// Whether a response status is worth retrying: 408, 429 and 5xx. Every other 4xx is the
/// caller's mistake and is never retried.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

/// Whether a response status counts against the circuit breaker: 408 and 5xx (a 429 means
/// the platform is alive and protecting itself; other 4xx are the caller's fault).
pub(crate) fn is_breaker_failure_status(status: u16) -> bool {
    status == 408 || (500..600).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [200, 301, 400, 401, 403, 404, 409, 422] {
            assert!(!is_retryable_status(s), "{s}");
        }
        assert!(!is_breaker_failure_status(429));
        assert!(!is_breaker_failure_status(404));
        assert!(is_breaker_failure_status(408));
        assert!(is_breaker_failure_status(503));
    }

    #[test]
    fn backoff_is_jittered_within_the_ceiling_and_honours_retry_after() {
        let p = RetryPolicy {
            max_attempts: 5,
            base: Duration::from_millis(10),
            cap: Duration::from_millis(50),
        };
        assert_eq!(p.ceiling(0), Duration::from_millis(10));
        assert_eq!(p.ceiling(1), Duration::from_millis(20));
        assert_eq!(p.ceiling(3), Duration::from_millis(50));
        assert_eq!(p.ceiling(u32::MAX), Duration::from_millis(50));
        let draws: Vec<Duration> = (0..200).map(|_| p.backoff(3)).collect();
        assert!(draws.iter().all(|d| *d <= Duration::from_millis(50)));
        // Full jitter spreads the draws: not all in the upper half.
        assert!(draws.iter().any(|d| *d < Duration::from_millis(25)));
        assert!(draws.iter().any(|d| *d > Duration::from_millis(25)));
        let after = Duration::from_millis(300);
        assert!(p.delay(0, Some(after)) >= after);
    }
}
