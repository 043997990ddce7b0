//! [`HttpClient`]: the one client every platform and LLM client sends through. It
//! orchestrates the other modules: cache lookup, circuit breaker, rate-limit budgets, one
//! attempt over reqwest, reading budget headers, and retries.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use sha2::{Digest, Sha256};

use super::breaker::{Breakers, Outcome};
use super::budget::{self, Keys};
use super::retry::{is_breaker_failure_status, is_retryable_status};
use super::{
    CachedResponse, HttpConfig, MemoryCache, MemoryRateLimits, Method, RateLimitStore, Request,
    Response, ResponseCache, Route, excerpt, headers,
};
use crate::{Error, Result, Secret};

/// The shared HTTP client: cheap to clone (an `Arc`), `Send + Sync`.
///
/// [`HttpClient::send`] adds, around one reqwest call: a TTL cache for `GET`s that opt in,
/// a circuit breaker per route, GCRA rate limits per app and per token (plus whatever budget
/// the platform's headers say is spent), and retries with full-jitter backoff that honour
/// `Retry-After`.
///
/// ```
/// let client = brandpilot::http::HttpClient::new(Default::default()).unwrap();
/// let _shared = client.clone();
/// ```
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: HttpConfig,
    reqwest: reqwest::Client,
    limits: Arc<dyn RateLimitStore>,
    cache: Arc<dyn ResponseCache>,
    breakers: Arc<Breakers>,
    stats: Counters,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    cache_hits: AtomicU64,
    rate_limited: AtomicU64,
    breaker_rejections: AtomicU64,
}

/// Counts since the client was built, for tests, benches and metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HttpStats {
    /// Requests sent over the network (retries included).
    pub requests: u64,
    /// Retries (requests after the first of a call).
    pub retries: u64,
    /// Calls answered from the cache.
    pub cache_hits: u64,
    /// Calls that failed with `rate_limited`.
    pub rate_limited: u64,
    /// Calls refused by an open circuit breaker.
    pub breaker_rejections: u64,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Builds an [`HttpClient`] with shared stores (a Redis rate-limit store and cache, say).
///
/// ```
/// use std::sync::Arc;
/// use brandpilot::http::{HttpClient, HttpConfig, MemoryCache, MemoryRateLimits};
/// let client = HttpClient::builder()
///     .config(HttpConfig::default())
///     .rate_limit_store(Arc::new(MemoryRateLimits::new()))
///     .cache(Arc::new(MemoryCache::new()))
///     .build()
///     .unwrap();
/// assert_eq!(client.stats().requests, 0);
/// ```
#[derive(Default)]
#[must_use]
pub struct HttpClientBuilder {
    config: HttpConfig,
    limits: Option<Arc<dyn RateLimitStore>>,
    cache: Option<Arc<dyn ResponseCache>>,
}

impl std::fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl HttpClientBuilder {
    /// The client's settings (default: [`HttpConfig::default`]).
    pub fn config(mut self, config: HttpConfig) -> Self {
        self.config = config;
        self
    }

    /// Where rate-limit budgets live (default: a new [`MemoryRateLimits`]).
    pub fn rate_limit_store(mut self, store: Arc<dyn RateLimitStore>) -> Self {
        self.limits = Some(store);
        self
    }

    /// Where cached responses live (default: a new [`MemoryCache`]).
    pub fn cache(mut self, cache: Arc<dyn ResponseCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The client.
    pub fn build(self) -> Result<HttpClient> {
        let config = self.config;
        let reqwest = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            // A redirect could carry a token or an OAuth code to another host: never follow.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
        Ok(HttpClient {
            inner: Arc::new(Inner {
                breakers: Arc::new(Breakers::new(config.breaker)),
                limits: self
                    .limits
                    .unwrap_or_else(|| Arc::new(MemoryRateLimits::new())),
                cache: self.cache.unwrap_or_else(|| Arc::new(MemoryCache::new())),
                config,
                reqwest,
                stats: Counters::default(),
            }),
        })
    }
}

/// Why an attempt did not produce the call's answer, and when a retry may work.
struct Failed {
    error: Error,
    retryable: bool,
}

impl HttpClient {
    /// A client with `config` and in-memory state.
    pub fn new(config: HttpConfig) -> Result<Self> {
        HttpClient::builder().config(config).build()
    }

    /// A builder, to plug in shared stores.
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder::default()
    }

    /// The client's settings.
    pub fn config(&self) -> &HttpConfig {
        &self.inner.config
    }

    /// Counts since the client was built.
    pub fn stats(&self) -> HttpStats {
        let c = &self.inner.stats;
        HttpStats {
            requests: c.requests.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            cache_hits: c.cache_hits.load(Ordering::Relaxed),
            rate_limited: c.rate_limited.load(Ordering::Relaxed),
            breaker_rejections: c.breaker_rejections.load(Ordering::Relaxed),
        }
    }

    /// Sends `request` with the whole resilience stack and reads the whole response.
    ///
    /// - `Ok` for 2xx, 3xx (redirects are not followed) and every 4xx other than 408 / 429:
    ///   callers map platform error bodies themselves;
    /// - 429 → `rate_limited { retry_after }`, 408 / 5xx → `upstream { status, message,
    ///   retry_after }`, once retries are exhausted or not allowed (only idempotent requests
    ///   or requests with an idempotency key are retried);
    /// - an open circuit breaker → `upstream_unavailable`, without a request;
    /// - a local or platform budget that is spent → waits, or `rate_limited`, as the request's
    ///   [`RateLimitMode`](super::RateLimitMode) says;
    /// - transport failures → `timeout` / `network`.
    ///
    /// Messages hold at most a redacted excerpt of a body, never a token or a URL.
    pub async fn send(&self, request: Request) -> Result<Response> {
        let result = self.send_inner(&request).await;
        if let Err(e) = &result {
            let counter = match e {
                Error::RateLimited { .. } => &self.inner.stats.rate_limited,
                Error::UpstreamUnavailable { .. } => &self.inner.stats.breaker_rejections,
                _ => return result,
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    async fn send_inner(&self, request: &Request) -> Result<Response> {
        let inner = &*self.inner;
        let config = &inner.config;
        let mode = request.rate_limit_mode.unwrap_or(config.rate_limit_mode);
        let deadline = Instant::now() + mode.max_wait();

        // One SHA-256 of the token per call, shared by the budget and cache keys.
        let fingerprint = request.bearer.as_ref().map(token_fingerprint);
        let cache_key = match (request.method, request.cache_ttl) {
            (Method::Get, Some(ttl)) if !ttl.is_zero() => {
                Some(cache_key_with(request, fingerprint.as_deref()))
            }
            _ => None,
        };
        if let Some(key) = &cache_key {
            // A failing cache is a miss, not a failed call.
            if let Ok(Some(hit)) = inner.cache.get(key).await {
                inner.stats.cache_hits.fetch_add(1, Ordering::Relaxed);
                return Ok(Response {
                    status: hit.status,
                    headers: hit.headers,
                    body: hit.body.into(),
                    from_cache: true,
                    attempts: 0,
                });
            }
        }

        let route = &request.route;
        let keys = Keys::new(route, fingerprint.as_deref());
        let breaker_key = keys.route.as_str();
        let quotas = config.quotas_for(route);
        let max_attempts = if request.is_retry_safe() {
            config.retry.max_attempts.max(1)
        } else {
            1
        };
        let mut attempt = 0;
        loop {
            // The breaker first: an open one fails fast without spending a rate-limit token.
            // A probe that then fails on its budget is dropped, which frees the probe slot.
            let permit = inner
                .breakers
                .acquire(breaker_key)
                .map_err(|wait| breaker_open(route, wait))?;
            budget::acquire(&*inner.limits, &keys, quotas, mode, deadline).await?;
            attempt += 1;
            inner.stats.requests.fetch_add(1, Ordering::Relaxed);
            if attempt > 1 {
                inner.stats.retries.fetch_add(1, Ordering::Relaxed);
            }

            let failed = match self.send_once(request).await {
                Ok(mut response) => {
                    let now = SystemTime::now();
                    let signals = headers::exhausted(&response.headers, now);
                    budget::block(&*inner.limits, &keys, &signals).await?;
                    let status = response.status;
                    if !is_retryable_status(status) {
                        permit.record(Outcome::Success);
                        response.attempts = attempt;
                        if let (Some(key), Some(ttl), true) =
                            (&cache_key, request.cache_ttl, response.is_success())
                        {
                            let entry = CachedResponse {
                                status,
                                headers: response.headers.clone(),
                                body: response.body.to_vec(),
                            };
                            // Not storing is only a missed saving.
                            let _ = inner.cache.put(key, entry, ttl).await;
                        }
                        return Ok(response);
                    }
                    permit.record(if is_breaker_failure_status(status) {
                        Outcome::Failure
                    } else {
                        Outcome::Success
                    });
                    // A 429 without `Retry-After` still says when through the platform's
                    // reset headers (X `x-rate-limit-reset`), so even a POST that is not
                    // retried reports its wait.
                    let retry_after = headers::retry_after(&response.headers, now).or_else(|| {
                        (status == 429)
                            .then(|| signals.iter().map(|s| s.wait).max())
                            .flatten()
                    });
                    if let (429, Some(wait)) = (status, retry_after) {
                        inner
                            .limits
                            .block_for(keys.for_scope(headers::BudgetScope::Caller), wait)
                            .await?;
                    }
                    Failed {
                        error: status_error(route, &response, retry_after),
                        retryable: true,
                    }
                }
                Err(error @ (Error::Timeout { .. } | Error::Network { .. })) => {
                    permit.record(Outcome::Failure);
                    Failed {
                        error,
                        retryable: true,
                    }
                }
                // A bad URL and the like: nothing was learned about the upstream.
                Err(error) => Failed {
                    error,
                    retryable: false,
                },
            };

            if !failed.retryable || attempt >= max_attempts {
                return Err(failed.error);
            }
            let retry_after = failed.error.retry_after();
            if let Some(after) = retry_after {
                // Never sleep less than the platform asked; if that is beyond what the
                // caller accepts to wait, say so now.
                if Instant::now() + after > deadline {
                    return Err(failed.error);
                }
            }
            tokio::time::sleep(config.retry.delay(attempt - 1, retry_after)).await;
        }
    }

    async fn send_once(&self, request: &Request) -> Result<Response> {
        let url = reqwest::Url::parse(&request.url)
            .map_err(|e| Error::invalid("url", format!("is not an absolute URL: {e}")))?;
        let method = reqwest::Method::from_bytes(request.method.as_str().as_bytes())
            .map_err(|e| Error::internal(e.to_string()))?;
        let mut builder = self
            .inner
            .reqwest
            .request(method, url)
            .timeout(request.timeout.unwrap_or(self.inner.config.timeout));
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(token) = &request.bearer {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some(key) = &request.idempotency_key {
            builder = builder.header("idempotency-key", key.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header("content-type", body.content_type.as_str())
                .body(body.bytes.clone());
        }
        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Response::new(status, headers, body))
    }
}

/// The error of an open breaker on `route`.
fn breaker_open(route: &Route, wait: std::time::Duration) -> Error {
    Error::UpstreamUnavailable {
        message: format!("{route} is failing; its circuit breaker is open"),
        retry_after: Some(wait),
    }
}

/// The error a retryable status (408, 429, 5xx) becomes once it is not retried.
fn status_error(
    route: &Route,
    response: &Response,
    retry_after: Option<std::time::Duration>,
) -> Error {
    if response.status == 429 {
        Error::RateLimited {
            message: format!("{route}: the platform answered 429 Too Many Requests"),
            retry_after,
        }
    } else {
        Error::Upstream {
            status: response.status,
            message: excerpt(&response.body),
            retry_after,
        }
    }
}

/// Maps a reqwest failure onto `timeout` / `network`, without the URL (its query may hold
/// a code or a key).
fn transport_error(e: reqwest::Error) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        Error::Timeout {
            message: "the request did not complete in time".to_owned(),
        }
    } else if e.is_decode() || e.is_body() {
        Error::Network {
            message: format!("the response body was cut off: {e}"),
        }
    } else {
        Error::Network {
            message: format!("{e}"),
        }
    }
}

/// The cache key of a `GET`: `http:<token fingerprint or anon>:<METHOD>:<SHA-256 of the URL>`.
/// The URL is hashed because a query may carry a credential (`access_token=` on Graph APIs).
///
/// ```
/// use brandpilot::http::{cache_key, Request, Route};
/// use brandpilot::Secret;
/// let url = "https://graph.example/me?access_token=abc";
/// let a = cache_key(&Request::get(url, Route::new("facebook", "me")).bearer(Secret::new("t1")));
/// let b = cache_key(&Request::get(url, Route::new("facebook", "me")).bearer(Secret::new("t2")));
/// assert_ne!(a, b);
/// assert!(!a.contains("abc") && !a.contains("t1"));
/// assert!(cache_key(&Request::get(url, Route::new("facebook", "me"))).starts_with("http:anon:GET:"));
/// ```
pub fn cache_key(request: &Request) -> String {
    let fingerprint = request.bearer.as_ref().map(token_fingerprint);
    cache_key_with(request, fingerprint.as_deref())
}

fn cache_key_with(request: &Request, fingerprint: Option<&str>) -> String {
    let url = hex(&Sha256::digest(request.url.as_bytes())[..16]);
    format!(
        "http:{}:{}:{url}",
        fingerprint.unwrap_or("anon"),
        request.method.as_str()
    )
}

/// A stable, non-reversible identity of a token for rate-limit and cache keys: the first
/// 16 hex digits of its SHA-256.
///
/// ```
/// use brandpilot::{http::token_fingerprint, Secret};
/// let f = token_fingerprint(&Secret::new("abc"));
/// assert_eq!(f.len(), 16);
/// assert_eq!(f, token_fingerprint(&Secret::new("abc")));
/// assert!(!f.contains("abc"));
/// ```
pub fn token_fingerprint(token: &Secret) -> String {
    hex(&Sha256::digest(token.expose().as_bytes())[..8])
}

/// Lower-case hex of `bytes` (one allocation; this runs on every request).
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}
