//! Settings of an [`HttpClient`](super::HttpClient): timeouts, rate-limit behaviour, retries,
//! circuit breakers and per-route quota overrides.

use std::collections::HashMap;
use std::time::Duration;

use super::quotas::RouteQuotas;
use super::retry::RetryPolicy;

/// What a request does when a rate limit (ours, or a budget the platform said is spent)
/// denies it.
///
/// ```
/// use std::time::Duration;
/// use brandpilot::http::RateLimitMode;
/// assert_eq!(RateLimitMode::default(), RateLimitMode::Wait { max_wait: Duration::from_secs(5) });
/// assert_eq!(RateLimitMode::Fail.max_wait(), Duration::ZERO);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitMode {
    /// Sleep until the budget allows the request, when that is at most `max_wait` away
    /// (in total for one call); beyond it, fail at once with `rate_limited` and `retry_after`.
    /// A `Retry-After` longer than `max_wait` also fails at once.
    Wait {
        /// The longest a call waits for rate limits and `Retry-After`s.
        max_wait: Duration,
    },
    /// Never wait for a budget: fail at once with `rate_limited { retry_after }`.
    Fail,
}

impl RateLimitMode {
    /// The longest this mode waits (zero for [`RateLimitMode::Fail`]).
    pub fn max_wait(self) -> Duration {
        match self {
            RateLimitMode::Wait { max_wait } => max_wait,
            RateLimitMode::Fail => Duration::ZERO,
        }
    }
}

impl Default for RateLimitMode {
    fn default() -> Self {
        RateLimitMode::Wait {
            max_wait: Duration::from_secs(5),
        }
    }
}

/// Circuit-breaker settings, applied per route (service + endpoint group).
///
/// The breaker opens after `failure_threshold` failures (5xx, 408, timeouts, network errors;
/// not other 4xx, not 429) within `window`; while open, calls fail fast with
/// `upstream_unavailable` without a request; after `cooldown` one probe is let through,
/// whose success closes the breaker and whose failure opens it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Failures within `window` that open the breaker. `0` disables the breaker.
    pub failure_threshold: u32,
    /// The sliding window failures are counted in.
    pub window: Duration,
    /// How long the breaker stays open before it lets one probe through.
    pub cooldown: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_threshold: 5,
            window: Duration::from_secs(30),
            cooldown: Duration::from_secs(30),
        }
    }
}

/// Settings of an [`HttpClient`](super::HttpClient).
///
/// ```
/// use std::time::Duration;
/// use brandpilot::http::{HttpConfig, Quota, RateLimitMode, Route, RouteQuotas};
/// let mut config = HttpConfig {
///     rate_limit_mode: RateLimitMode::Fail,
///     ..HttpConfig::default()
/// };
/// config.retry.max_attempts = 2;
/// // Our X app has a higher tier than the defaults assume.
/// config.quotas.insert(
///     Route::new("x", "tweets.read"),
///     RouteQuotas::new(Some(Quota::new(3_500, Duration::from_secs(900))), None),
/// );
/// assert_eq!(config.quotas_for(&Route::new("x", "tweets.read")).token, None);
/// ```
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time limit of one attempt, from sending to the last body byte.
    pub timeout: Duration,
    /// Time limit of establishing a connection.
    pub connect_timeout: Duration,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Wait for or fail on rate limits (overridable per request).
    pub rate_limit_mode: RateLimitMode,
    /// Retries of idempotent requests (or requests with an idempotency key).
    pub retry: RetryPolicy,
    /// Per-route circuit breakers.
    pub breaker: BreakerConfig,
    /// Per-route quota overrides; routes not listed use [`default_quotas`](super::default_quotas).
    pub quotas: HashMap<super::Route, RouteQuotas>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("brandpilot/", env!("CARGO_PKG_VERSION")).to_owned(),
            rate_limit_mode: RateLimitMode::default(),
            retry: RetryPolicy::default(),
            breaker: BreakerConfig::default(),
            quotas: HashMap::new(),
        }
    }
}

impl HttpConfig {
    /// The quotas of `route`: the override in [`HttpConfig::quotas`], else the documented
    /// default.
    pub fn quotas_for(&self, route: &super::Route) -> RouteQuotas {
        self.quotas
            .get(route)
            .copied()
            .unwrap_or_else(|| super::quotas::default_quotas(route))
    }
}
