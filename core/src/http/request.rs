//! What a caller asks the HTTP layer to send: method, URL, headers, body, credentials, and
//! the route (service + endpoint group) that selects rate limits and the circuit breaker.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;

use super::RateLimitMode;
use crate::{Error, Result, Secret};

/// HTTP methods the platform APIs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: idempotent, cacheable.
    Get,
    /// `POST`: not idempotent unless the request carries an idempotency key.
    Post,
    /// `PUT`: idempotent.
    Put,
    /// `PATCH`: not idempotent.
    Patch,
    /// `DELETE`: idempotent.
    Delete,
}

impl Method {
    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Which budget and which circuit a request belongs to: the `service` (`x`, `linkedin`,
/// `openai`, `oauth:linkedin` ...) and the platform's endpoint group (`tweets.read`,
/// `posts.write` ...). Rate-limit quotas and breakers are kept per route.
///
/// ```
/// use brandpilot::http::Route;
/// let route = Route::new("x", "tweets.read");
/// assert_eq!(route.to_string(), "x/tweets.read");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    /// The service: a platform name, an LLM provider, or `oauth:<provider>`.
    pub service: String,
    /// The endpoint group within the service.
    pub group: String,
}

impl Route {
    /// A route for `service` / `group`.
    pub fn new(service: impl Into<String>, group: impl Into<String>) -> Self {
        Route {
            service: service.into(),
            group: group.into(),
        }
    }
}

impl std::fmt::Display for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.service, self.group)
    }
}

/// A request body with its content type.
#[derive(Clone, PartialEq)]
pub struct Body {
    /// The `Content-Type` header value.
    pub content_type: String,
    /// The bytes sent.
    pub bytes: Bytes,
}

impl std::fmt::Debug for Body {
    // Bodies may hold secrets (an OAuth `client_secret`, a refresh token): never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// One request to a platform.
///
/// ```
/// use brandpilot::http::{Method, Request, Route};
/// use brandpilot::Secret;
/// let req = Request::get("https://api.x.com/2/users/me", Route::new("x", "users.read"))
///     .bearer(Secret::new("token"))
///     .header("accept", "application/json");
/// assert_eq!(req.method, Method::Get);
/// assert!(!format!("{req:?}").contains("token\""));
/// ```
///
/// `Debug` never shows credentials: the bearer token, credential headers (`Authorization`,
/// `Cookie`, API-key headers) and credential query parameters (`access_token=` ...) print as
/// `[redacted]`, and the body only as its type and length.
///
/// ```
/// use brandpilot::http::{Request, Route};
/// let req = Request::get("https://graph.facebook.com/me?access_token=EAAB123", Route::new("facebook", "read"))
///     .header("Authorization", "Basic YXBwOnNlY3JldA==");
/// let shown = format!("{req:?}");
/// assert!(!shown.contains("EAAB123") && !shown.contains("YXBwOnNlY3JldA"), "{shown}");
/// ```
#[derive(Clone)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Extra headers (name, value); names are case-insensitive.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Body>,
    /// Sent as `Authorization: Bearer …`; also identifies the token's own rate-limit budget
    /// and cache entries (by a fingerprint, never the token itself).
    pub bearer: Option<Secret>,
    /// Rate-limit and breaker route.
    pub route: Route,
    /// Sent as `Idempotency-Key`; makes a non-idempotent request safe to retry.
    pub idempotency_key: Option<String>,
    /// For `GET`s: keep the response in the cache this long.
    pub cache_ttl: Option<Duration>,
    /// Overrides the client's per-request timeout.
    pub timeout: Option<Duration>,
    /// Overrides the client's [`RateLimitMode`] for this request.
    pub rate_limit_mode: Option<RateLimitMode>,
}

/// Header names whose values are credentials.
const CREDENTIAL_HEADERS: [&str; 6] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "api-key",
    "x-goog-api-key",
];

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let credential = CREDENTIAL_HEADERS
                    .iter()
                    .any(|h| name.eq_ignore_ascii_case(h));
                (
                    name.as_str(),
                    if credential {
                        "[redacted]"
                    } else {
                        value.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &super::response::redact_tokens(&self.url))
            .field("headers", &headers)
            .field("body", &self.body)
            .field("bearer", &self.bearer)
            .field("route", &self.route)
            .field("idempotency_key", &self.idempotency_key)
            .field("cache_ttl", &self.cache_ttl)
            .field("timeout", &self.timeout)
            .field("rate_limit_mode", &self.rate_limit_mode)
            .finish()
    }
}

impl Request {
    /// A request with `method` to `url` on `route`.
    pub fn new(method: Method, url: impl Into<String>, route: Route) -> Self {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            bearer: None,
            route,
            idempotency_key: None,
            cache_ttl: None,
            timeout: None,
            rate_limit_mode: None,
        }
    }

    /// A `GET` request.
    pub fn get(url: impl Into<String>, route: Route) -> Self {
        Request::new(Method::Get, url, route)
    }

    /// A `POST` request.
    pub fn post(url: impl Into<String>, route: Route) -> Self {
        Request::new(Method::Post, url, route)
    }

    /// A `DELETE` request.
    pub fn delete(url: impl Into<String>, route: Route) -> Self {
        Request::new(Method::Delete, url, route)
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Authenticates with a bearer token.
    pub fn bearer(mut self, token: Secret) -> Self {
        self.bearer = Some(token);
        self
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::invalid("body", format!("cannot serialise: {e}")))?;
        self.body = Some(Body {
            content_type: "application/json".to_owned(),
            bytes: Bytes::from(bytes),
        });
        Ok(self)
    }

    /// An `application/x-www-form-urlencoded` body (OAuth token requests).
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some(Body {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: Bytes::from(encoded),
        });
        self
    }

    /// Sets `Idempotency-Key`, which also makes a `POST` retryable.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Caches a `GET`'s successful response for `ttl`.
    pub fn cache_for(mut self, ttl: Duration) -> Self {
        self.cache_ttl = Some(ttl);
        self
    }

    /// Overrides the client's timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Waits for (or fails on) rate limits as `mode` says, whatever the client's default.
    ///
    /// ```
    /// use brandpilot::http::{RateLimitMode, Request, Route};
    /// let req = Request::get("https://example.com/", Route::new("x", "users.read"))
    ///     .rate_limit_mode(RateLimitMode::Fail);
    /// assert_eq!(req.rate_limit_mode, Some(RateLimitMode::Fail));
    /// ```
    pub fn rate_limit_mode(mut self, mode: RateLimitMode) -> Self {
        self.rate_limit_mode = Some(mode);
        self
    }

    /// Whether a retry cannot duplicate an effect: an idempotent method, or a key the
    /// platform deduplicates on.
    pub fn is_retry_safe(&self) -> bool {
        self.method.is_idempotent() || self.idempotency_key.is_some()
    }
}
