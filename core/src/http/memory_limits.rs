//! [`MemoryRateLimits`]: the in-process [`RateLimitStore`], GCRA through `governor`.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, RateLimiter};

use super::{Quota, RateLimitStore};
use crate::Result;

/// How many acquisitions pass between two sweeps of idle keys.
const SWEEP_EVERY: u64 = 1024;

/// Rate-limit budgets in process memory: one `governor` keyed GCRA limiter per distinct
/// [`Quota`], plus a map of budgets the platforms said are spent. Idle keys are swept every
/// 1,024 acquisitions (`retain_recent`), so the maps do not grow without bound.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// use std::time::Duration;
/// use brandpilot::http::{MemoryRateLimits, Quota, RateLimitStore};
/// let store = MemoryRateLimits::new();
/// let quota = Quota::new(2, Duration::from_secs(1));
/// assert_eq!(store.try_acquire("svc/g/app", quota).await.unwrap(), None);
/// assert_eq!(store.try_acquire("svc/g/app", quota).await.unwrap(), None);
/// let wait = store.try_acquire("svc/g/app", quota).await.unwrap().unwrap();
/// assert!(wait <= Duration::from_millis(500));
/// # });
/// ```
#[derive(Default)]
pub struct MemoryRateLimits {
    limiters: Mutex<HashMap<Quota, Arc<DefaultKeyedRateLimiter<String>>>>,
    blocked: Mutex<HashMap<String, Instant>>,
    calls: AtomicU64,
}

impl std::fmt::Debug for MemoryRateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryRateLimits")
            .field("quotas", &lock(&self.limiters).len())
            .field("blocked", &lock(&self.blocked).len())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The maps stay consistent whatever a panicking holder did: keep using them.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MemoryRateLimits {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn limiter(&self, quota: Quota) -> Arc<DefaultKeyedRateLimiter<String>> {
        lock(&self.limiters)
            .entry(quota)
            .or_insert_with(|| {
                let burst = NonZeroU32::new(quota.burst.max(1)).unwrap_or(NonZeroU32::MIN);
                let interval = quota.emission_interval().max(Duration::from_nanos(1));
                let gq = governor::Quota::with_period(interval)
                    .unwrap_or_else(|| governor::Quota::per_second(NonZeroU32::MIN))
                    .allow_burst(burst);
                Arc::new(RateLimiter::keyed(gq))
            })
            .clone()
    }

    /// Forgets idle keys: full GCRA budgets and expired blocks.
    pub fn sweep(&self) {
        let limiters: Vec<_> = lock(&self.limiters).values().cloned().collect();
        for limiter in limiters {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        let now = Instant::now();
        lock(&self.blocked).retain(|_, until| *until > now);
    }

    /// How many keys the store holds (GCRA states and blocks), for tests and metrics.
    pub fn len(&self) -> usize {
        let limiters: Vec<_> = lock(&self.limiters).values().cloned().collect();
        limiters.iter().map(|l| l.len()).sum::<usize>() + lock(&self.blocked).len()
    }

    /// Whether the store holds no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait]
impl RateLimitStore for MemoryRateLimits {
    async fn try_acquire(&self, key: &str, quota: Quota) -> Result<Option<Duration>> {
        if self.calls.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep();
        }
        if let Some(until) = lock(&self.blocked).get(key).copied() {
            let now = Instant::now();
            if until > now {
                return Ok(Some(until - now));
            }
        }
        let limiter = self.limiter(quota);
        match limiter.check_key(&key.to_owned()) {
            Ok(()) => Ok(None),
            Err(not_until) => Ok(Some(
                not_until.wait_time_from(DefaultClock::default().now()),
            )),
        }
    }

    async fn block_for(&self, key: &str, wait: Duration) -> Result<()> {
        let until = Instant::now() + wait;
        let mut blocked = lock(&self.blocked);
        let entry = blocked.entry(key.to_owned()).or_insert(until);
        // Two signals about one budget: keep the later end.
        if *entry < until {
            *entry = until;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn gcra_allows_the_burst_then_spaces_requests() {
        rt().block_on(async {
            let store = MemoryRateLimits::new();
            let quota = Quota::new(3, Duration::from_millis(300));
            for _ in 0..3 {
                assert_eq!(store.try_acquire("k", quota).await.unwrap(), None);
            }
            let wait = store.try_acquire("k", quota).await.unwrap().unwrap();
            assert!(
                wait > Duration::ZERO && wait <= Duration::from_millis(100),
                "{wait:?}"
            );
            // Other keys have their own budget.
            assert_eq!(store.try_acquire("other", quota).await.unwrap(), None);
            tokio::time::sleep(wait + Duration::from_millis(5)).await;
            assert_eq!(store.try_acquire("k", quota).await.unwrap(), None);
        });
    }

    #[test]
    fn blocks_override_the_local_count_and_expire() {
        rt().block_on(async {
            let store = MemoryRateLimits::new();
            let quota = Quota::new(100, Duration::from_secs(1));
            store
                .block_for("k", Duration::from_millis(40))
                .await
                .unwrap();
            store
                .block_for("k", Duration::from_millis(10))
                .await
                .unwrap();
            let wait = store.try_acquire("k", quota).await.unwrap().unwrap();
            assert!(
                wait > Duration::from_millis(20),
                "the later block wins: {wait:?}"
            );
            tokio::time::sleep(Duration::from_millis(45)).await;
            assert_eq!(store.try_acquire("k", quota).await.unwrap(), None);
        });
    }

    #[test]
    fn idle_keys_are_swept() {
        rt().block_on(async {
            let store = MemoryRateLimits::new();
            let quota = Quota::new(1, Duration::from_millis(5));
            for i in 0..50 {
                store.try_acquire(&format!("k{i}"), quota).await.unwrap();
            }
            store
                .block_for("b", Duration::from_millis(1))
                .await
                .unwrap();
            assert_eq!(store.len(), 51);
            tokio::time::sleep(Duration::from_millis(20)).await;
            store.sweep();
            assert!(store.is_empty(), "{}", store.len());
        });
    }
}
