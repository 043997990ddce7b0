//! Rate-limit budgets: the [`RateLimitStore`] trait (GCRA per key), the quota type, and
//! the in-process default.

use std::time::Duration;

use async_trait::async_trait;

use crate::Result;

/// A rate: `burst` requests per `period`, enforced as a GCRA (generic cell rate algorithm)
/// with emission interval `period / burst` and a burst tolerance of `burst` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quota {
    /// Requests allowed back to back, and per `period` on average.
    pub burst: u32,
    /// The window the `burst` is spread over.
    pub period: Duration,
}

impl Quota {
    /// `burst` requests per `period`.
    pub const fn new(burst: u32, period: Duration) -> Self {
        Quota { burst, period }
    }

    /// The GCRA emission interval: the spacing between requests at the sustained rate.
    pub fn emission_interval(&self) -> Duration {
        self.period / self.burst.max(1)
    }
}

/// Where rate-limit budgets live: in process (the default) or shared by many workers
/// (the `redis` feature). Keys are opaque strings built by the client
/// (`x/tweets.read/app`, `x/tweets.read/token:<fingerprint>`), never raw tokens.
#[async_trait]
pub trait RateLimitStore: Send + Sync + 'static {
    /// Takes one request from the budget `key` under `quota`. `Ok(None)`: allowed now.
    /// `Ok(Some(wait))`: denied; the earliest time the request would be allowed.
    async fn try_acquire(&self, key: &str, quota: Quota) -> Result<Option<Duration>>;

    /// The platform said this budget is spent (a 429, `x-rate-limit-remaining: 0`, Meta
    /// usage at 100%): deny `key` for `wait` whatever the local count says.
    async fn block_for(&self, key: &str, wait: Duration) -> Result<()>;
}
