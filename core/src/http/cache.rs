//! The response cache for `GET`s: the [`ResponseCache`] trait and its entry type.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::Result;

/// A cached response (what is needed to rebuild a [`Response`](super::Response)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedResponse {
    /// The status code (only 2xx responses are cached).
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Where cached responses live: in process (the default) or in Redis (the `redis` feature).
/// Keys combine a token fingerprint and the URL, never a raw token.
#[async_trait]
pub trait ResponseCache: Send + Sync + 'static {
    /// The entry under `key`, if present and not expired.
    async fn get(&self, key: &str) -> Result<Option<CachedResponse>>;
    /// Stores `value` under `key` for `ttl`.
    async fn put(&self, key: &str, value: CachedResponse, ttl: Duration) -> Result<()>;
}
