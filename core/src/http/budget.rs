//! Rate-limit keys of a request and taking from its budgets, waiting or failing as the
//! request's [`RateLimitMode`] says.

use std::time::{Duration, Instant};

use super::headers::{BudgetScope, Exhausted};
use super::{Quota, RateLimitMode, RateLimitStore, Route, RouteQuotas};
use crate::{Error, Result};

/// Stands for "no local limit" on a key that must still be checked for platform blocks
/// (the store's only read is `try_acquire`).
const UNMETERED: Quota = Quota::new(u32::MAX, Duration::from_secs(1));

/// The budget keys of one request: `<service>/<group>/app` and, with a bearer token,
/// `<service>/<group>/token:<fingerprint>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Keys {
    /// `<service>/<group>`, also the circuit breaker's key.
    pub(crate) route: String,
    pub(crate) app: String,
    pub(crate) token: Option<String>,
}

impl Keys {
    /// The keys of `route`; `fingerprint` is the bearer token's
    /// [`token_fingerprint`](super::token_fingerprint), if there is one.
    pub(crate) fn new(route: &Route, fingerprint: Option<&str>) -> Self {
        // Plain concatenation: this runs on every request, and `format!` costs more.
        let join = |parts: &[&str]| {
            let mut key = String::with_capacity(parts.iter().map(|p| p.len()).sum());
            parts.iter().for_each(|p| key.push_str(p));
            key
        };
        Keys {
            app: join(&[&route.service, "/", &route.group, "/app"]),
            token: fingerprint.map(|f| join(&[&route.service, "/", &route.group, "/token:", f])),
            route: join(&[&route.service, "/", &route.group]),
        }
    }

    /// The key a signal about `scope` blocks.
    pub(crate) fn for_scope(&self, scope: BudgetScope) -> &str {
        match (scope, &self.token) {
            (BudgetScope::Caller, Some(token)) => token,
            _ => &self.app,
        }
    }
}

/// Takes one request from the token budget, then the app budget. A denied budget is waited
/// for when the mode allows it and the wait ends before `deadline`; otherwise the call fails
/// with `rate_limited` and the wait as `retry_after`.
pub(crate) async fn acquire(
    store: &dyn RateLimitStore,
    keys: &Keys,
    quotas: RouteQuotas,
    mode: RateLimitMode,
    deadline: Instant,
) -> Result<()> {
    let budgets = [
        (keys.token.as_deref(), quotas.token, "token"),
        (Some(keys.app.as_str()), quotas.app, "app"),
    ];
    for (key, quota, whose) in budgets {
        let Some(key) = key else { continue };
        let quota = quota.unwrap_or(UNMETERED);
        while let Some(wait) = store.try_acquire(key, quota).await? {
            let fits = Instant::now()
                .checked_add(wait)
                .is_some_and(|end| end <= deadline);
            if matches!(mode, RateLimitMode::Fail) || !fits {
                // The key names the route and a fingerprint at most, never a token.
                let route = key.rsplit_once('/').map_or(key, |(r, _)| r);
                return Err(Error::RateLimited {
                    message: format!("{route} {whose} budget is spent"),
                    retry_after: Some(wait),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }
    Ok(())
}

/// Records every spent budget the platform reported.
pub(crate) async fn block(
    store: &dyn RateLimitStore,
    keys: &Keys,
    signals: &[Exhausted],
) -> Result<()> {
    for signal in signals {
        if !signal.wait.is_zero() {
            store
                .block_for(keys.for_scope(signal.scope), signal.wait)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use crate::http::{MemoryRateLimits, token_fingerprint};

    #[test]
    fn keys_carry_fingerprints_never_tokens() {
        let route = Route::new("x", "tweets.read");
        let fingerprint = token_fingerprint(&Secret::new("very-secret-token"));
        let keys = Keys::new(&route, Some(&fingerprint));
        assert_eq!(keys.app, "x/tweets.read/app");
        let token = keys.token.clone().unwrap();
        assert!(token.starts_with("x/tweets.read/token:"));
        assert!(!token.contains("very-secret-token"));
        assert_eq!(keys.for_scope(BudgetScope::App), "x/tweets.read/app");
        assert_eq!(keys.for_scope(BudgetScope::Caller), token);
        let anon = Keys::new(&route, None);
        assert_eq!(anon.for_scope(BudgetScope::Caller), "x/tweets.read/app");
    }

    #[test]
    fn fail_mode_fails_and_wait_mode_waits_within_the_deadline() {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(async {
                let store = MemoryRateLimits::new();
                let keys = Keys::new(&Route::new("s", "g"), None);
                let quotas = RouteQuotas::new(Some(Quota::new(1, Duration::from_millis(30))), None);
                let far = Instant::now() + Duration::from_secs(1);
                acquire(&store, &keys, quotas, RateLimitMode::Fail, far)
                    .await
                    .unwrap();
                let err = acquire(&store, &keys, quotas, RateLimitMode::Fail, far)
                    .await
                    .unwrap_err();
                assert_eq!(err.code(), "rate_limited");
                assert_eq!(err.message(), "s/g app budget is spent");
                assert!(err.retry_after().unwrap() <= Duration::from_millis(30));
                let wait = RateLimitMode::Wait {
                    max_wait: Duration::from_secs(1),
                };
                let start = Instant::now();
                acquire(&store, &keys, quotas, wait, far).await.unwrap();
                assert!(start.elapsed() >= Duration::from_millis(20));
                // A deadline too close: fail rather than wait.
                let err = acquire(&store, &keys, quotas, wait, Instant::now())
                    .await
                    .unwrap_err();
                assert_eq!(err.code(), "rate_limited");
                // Blocks apply to unmetered keys too.
                let open = RouteQuotas::UNLIMITED;
                store
                    .block_for("s/g/app", Duration::from_secs(5))
                    .await
                    .unwrap();
                let err = acquire(&store, &keys, open, RateLimitMode::Fail, far)
                    .await
                    .unwrap_err();
                assert!(err.retry_after().unwrap() > Duration::from_secs(4));
            });
    }
}
