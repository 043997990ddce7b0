//! The resilient HTTP layer every platform and LLM client sends through.
//!
//! One [`HttpClient`] (reqwest on rustls, cheap to clone) per process. Each [`Request`]
//! names its [`Route`] (service + endpoint group), which selects its rate-limit quota and its
//! circuit breaker. Failures come back as coded [`Error`](crate::Error)s: `rate_limited`,
//! `upstream`, `upstream_unavailable`, `timeout`, `network`, `invalid_response`.
//!
//! With the `redis` feature, [`RedisRateLimits`] and [`RedisCache`] keep the budgets and the
//! cache in Redis, so many workers of a host share one platform budget.

mod cache;
mod client;
mod ratelimit;
#[cfg(feature = "redis")]
mod redis_store;
mod request;
mod response;

pub use cache::{CachedResponse, ResponseCache};
pub use client::{HttpClient, HttpConfig, token_fingerprint};
pub use ratelimit::{Quota, RateLimitStore};
#[cfg(feature = "redis")]
pub use redis_store::{DEFAULT_KEY_PREFIX, RedisBackend, RedisCache, RedisRateLimits};
pub use request::{Body, Method, Request, Route};
pub use response::{EXCERPT_CHARS, Response, excerpt};
