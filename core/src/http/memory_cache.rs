//! [`MemoryCache`]: the in-process [`ResponseCache`], a `moka` future cache with a TTL per
//! entry.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use moka::Expiry;
use moka::future::Cache;

use super::{CachedResponse, ResponseCache};
use crate::Result;

/// The default capacity of [`MemoryCache::new`], in entries.
pub const DEFAULT_CACHE_ENTRIES: u64 = 10_000;

#[derive(Clone)]
struct Entry {
    value: CachedResponse,
    ttl: Duration,
}

/// Each entry expires `ttl` after it was stored.
struct PerEntryTtl;

impl Expiry<String, Entry> for PerEntryTtl {
    fn expire_after_create(&self, _key: &String, value: &Entry, _at: Instant) -> Option<Duration> {
        Some(value.ttl)
    }

    fn expire_after_update(
        &self,
        _key: &String,
        value: &Entry,
        _at: Instant,
        _current: Option<Duration>,
    ) -> Option<Duration> {
        Some(value.ttl)
    }
}

/// Cached responses in process memory, bounded by entry count, each entry with its own TTL.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// use std::time::Duration;
/// use brandpilot::http::{CachedResponse, MemoryCache, ResponseCache};
/// let cache = MemoryCache::new();
/// let value = CachedResponse { status: 200, headers: vec![], body: b"{}".to_vec() };
/// cache.put("k", value.clone(), Duration::from_secs(60)).await.unwrap();
/// assert_eq!(cache.get("k").await.unwrap(), Some(value));
/// assert_eq!(cache.get("other").await.unwrap(), None);
/// # });
/// ```
#[derive(Clone)]
pub struct MemoryCache {
    cache: Cache<String, Entry>,
}

impl std::fmt::Debug for MemoryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryCache")
            .field("entries", &self.cache.entry_count())
            .finish()
    }
}

impl Default for MemoryCache {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CACHE_ENTRIES)
    }
}

impl MemoryCache {
    /// A cache of at most [`DEFAULT_CACHE_ENTRIES`] entries.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache of at most `entries` entries (least recently used ones are evicted first).
    pub fn with_capacity(entries: u64) -> Self {
        MemoryCache {
            cache: Cache::builder()
                .max_capacity(entries)
                .expire_after(PerEntryTtl)
                .build(),
        }
    }
}

#[async_trait]
impl ResponseCache for MemoryCache {
    async fn get(&self, key: &str) -> Result<Option<CachedResponse>> {
        Ok(self.cache.get(key).await.map(|entry| entry.value))
    }

    async fn put(&self, key: &str, value: CachedResponse, ttl: Duration) -> Result<()> {
        self.cache
            .insert(key.to_owned(), Entry { value, ttl })
            .await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_after_their_own_ttl() {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(async {
                let cache = MemoryCache::new();
                let v = CachedResponse {
                    status: 200,
                    headers: vec![("etag".into(), "1".into())],
                    body: b"x".to_vec(),
                };
                cache
                    .put("short", v.clone(), Duration::from_millis(20))
                    .await
                    .unwrap();
                cache
                    .put("long", v.clone(), Duration::from_secs(60))
                    .await
                    .unwrap();
                assert!(cache.get("short").await.unwrap().is_some());
                tokio::time::sleep(Duration::from_millis(40)).await;
                assert_eq!(cache.get("short").await.unwrap(), None);
                assert_eq!(cache.get("long").await.unwrap(), Some(v));
            });
    }
}
