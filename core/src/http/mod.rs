//! The resilient HTTP layer every platform and LLM client sends through.
//!
//! One [`HttpClient`] (reqwest on rustls, cheap to clone) per process. Each [`Request`]
//! names its [`Route`] (service + endpoint group), which selects its rate-limit quotas
//! ([`default_quotas`], overridable in [`HttpConfig::quotas`]) and its circuit breaker.
//! Failures come back as coded [`Error`](crate::Error)s: `rate_limited`, `upstream`,
//! `upstream_unavailable`, `timeout`, `network`, `invalid_response`.
//!
//! Modules, one job each: `client` orchestrates; `budget` (rate-limit keys and waits),
//! `retry` (policy and backoff), `breaker`, [`headers`] (platform budget headers),
//! `quotas` (default quotas), `memory_limits` and `memory_cache` (in-process stores).
//!
//! With the `redis` feature, [`RedisRateLimits`] and [`RedisCache`] keep the budgets and the
//! cache in Redis, so many workers of a host share one platform budget.

mod breaker;
mod budget;
mod cache;
mod client;
mod config;
pub mod headers;
mod memory_cache;
mod memory_limits;
mod quotas;
mod ratelimit;
#[cfg(feature = "redis")]
mod redis_store;
mod request;
mod response;
mod retry;

pub use cache::{CachedResponse, ResponseCache};
pub use client::{HttpClient, HttpClientBuilder, HttpStats, cache_key, token_fingerprint};
pub use config::{BreakerConfig, HttpConfig, RateLimitMode};
pub use memory_cache::{DEFAULT_CACHE_ENTRIES, MemoryCache};
pub use memory_limits::MemoryRateLimits;
pub use quotas::{DEFAULT_QUOTAS, RouteQuotas, default_quotas};
pub use ratelimit::{Quota, RateLimitStore};
#[cfg(feature = "redis")]
pub use redis_store::{DEFAULT_KEY_PREFIX, RedisBackend, RedisCache, RedisRateLimits};
pub use request::{Body, Method, Request, Route};
pub use response::{EXCERPT_CHARS, Response, excerpt};
pub use retry::RetryPolicy;
