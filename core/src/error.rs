//! The one error type of brandpilot, with stable machine-readable codes.
//!
//! Every fallible function returns [`Result`]. Bindings map [`Error::code`] onto their
//! language's idiom (a Python exception subclass, a JS `err.code`, a Kotlin/Swift error case),
//! so the codes below are a public contract: they never change meaning.

use std::time::Duration;

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in brandpilot.
///
/// ```
/// use brandpilot::Error;
/// let err = Error::invalid("posts[3].metrics.likes", "must be >= 0");
/// assert_eq!(err.code(), "invalid_input");
/// assert_eq!(err.field(), Some("posts[3].metrics.likes"));
/// assert_eq!(err.to_string(), "posts[3].metrics.likes: must be >= 0");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller's input is malformed or out of range. `field` is the path of the
    /// offending value (`posts[3].metrics.likes`), or empty when the input as a whole is bad.
    #[error("{}", display_invalid(field, message))]
    InvalidInput {
        /// Path of the offending field, e.g. `posts[3].metrics.likes`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A bug in brandpilot (for example a panic caught at a language boundary).
    #[error("internal error: {message}")]
    Internal {
        /// Description of the failure.
        message: String,
    },
    /// A rate limit (ours or the platform's) denies the call now; `retry_after` says when the
    /// budget allows it again, when known.
    #[error("rate limited: {message}{}", display_after(retry_after))]
    RateLimited {
        /// Which budget is exhausted (`x app`, `linkedin token`, a 429 from the platform ...).
        message: String,
        /// When the call may be retried.
        retry_after: Option<Duration>,
    },
    /// The platform answered with an error status this layer does not recover from
    /// (after any retries). `message` is a short, secret-free excerpt of its body.
    #[error("upstream error {status}: {message}")]
    Upstream {
        /// The HTTP status code.
        status: u16,
        /// What the platform said (truncated, secrets redacted).
        message: String,
        /// The platform's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    /// The platform is failing and its circuit breaker is open: the call failed fast,
    /// without a request. `retry_after` is when the breaker lets a probe through.
    #[error("upstream unavailable: {message}{}", display_after(retry_after))]
    UpstreamUnavailable {
        /// Which circuit is open.
        message: String,
        /// When the breaker half-opens.
        retry_after: Option<Duration>,
    },
    /// The request did not complete within its time limit.
    #[error("timeout: {message}")]
    Timeout {
        /// What timed out.
        message: String,
    },
    /// The connection failed (refused, reset, DNS, TLS).
    #[error("network error: {message}")]
    Network {
        /// What failed (no URL query strings, no secrets).
        message: String,
    },
    /// The platform's response did not have the expected shape (malformed or truncated JSON,
    /// an HTML error page). `excerpt` is the start of the body, secret-free.
    #[error("invalid response (status {status}): {message}; body starts: {excerpt:?}")]
    InvalidResponse {
        /// The HTTP status code of the response.
        status: u16,
        /// What did not parse.
        message: String,
        /// The first bytes of the body, truncated, with tokens redacted.
        excerpt: String,
    },
    /// The host's storage (a `TokenStore` / `SealedStore` it implements, e.g. over its
    /// database) failed. Usually transient.
    #[error("storage error: {message}")]
    Storage {
        /// What the host's store reported.
        message: String,
    },
    /// The stored grant no longer works (refresh rejected, token revoked): the person must
    /// connect the account again.
    #[error("re-authorisation required: {message}")]
    ReauthRequired {
        /// Why (for logs and support; never a token).
        message: String,
    },
    /// The platform cannot do what was asked (it does not report that, or has no API for
    /// it); check [`Capabilities`](crate::platform::Capabilities) first. Repeating the call
    /// cannot succeed.
    #[error("unsupported: {message}")]
    Unsupported {
        /// What is not supported, and by which platform.
        message: String,
    },
}

fn display_after(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(" (retry after {:.3} s)", d.as_secs_f64()),
        None => String::new(),
    }
}

fn display_invalid(field: &str, message: &str) -> String {
    if field.is_empty() {
        message.to_owned()
    } else {
        format!("{field}: {message}")
    }
}

impl Error {
    /// An [`Error::InvalidInput`] for the value at `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An [`Error::Internal`] with the given description.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal {
            message: message.into(),
        }
    }

    /// The stable, machine-readable code of this error: `invalid_input`, `internal`,
    /// `rate_limited`, `upstream`, `upstream_unavailable`, `timeout`, `network`,
    /// `invalid_response`, `reauth_required`, `storage`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Internal { .. } => "internal",
            Error::RateLimited { .. } => "rate_limited",
            Error::Upstream { .. } => "upstream",
            Error::UpstreamUnavailable { .. } => "upstream_unavailable",
            Error::Timeout { .. } => "timeout",
            Error::Network { .. } => "network",
            Error::InvalidResponse { .. } => "invalid_response",
            Error::ReauthRequired { .. } => "reauth_required",
            Error::Storage { .. } => "storage",
            Error::Unsupported { .. } => "unsupported",
        }
    }

    /// Every code [`Error::code`] can return, for bindings and docs.
    pub const CODES: [&'static str; 11] = [
        "invalid_input",
        "internal",
        "rate_limited",
        "upstream",
        "upstream_unavailable",
        "timeout",
        "network",
        "invalid_response",
        "reauth_required",
        "storage",
        "unsupported",
    ];

    /// The HTTP status of an `upstream` or `invalid_response` error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Upstream { status, .. } | Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// When a retry may succeed, if the error says (`Retry-After`, a rate-limit reset, the
    /// breaker's cool-down).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. }
            | Error::Upstream { retry_after, .. }
            | Error::UpstreamUnavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The path of the offending field, when the error is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } if !field.is_empty() => Some(field),
            _ => None,
        }
    }

    /// Whether repeating the same call later may succeed: rate limits, an open breaker,
    /// timeouts, network failures, and upstream 408 / 429 / 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. }
            | Error::UpstreamUnavailable { .. }
            | Error::Timeout { .. }
            | Error::Network { .. }
            | Error::Storage { .. } => true,
            Error::Upstream { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            Error::InvalidInput { .. }
            | Error::Internal { .. }
            | Error::InvalidResponse { .. }
            | Error::ReauthRequired { .. }
            | Error::Unsupported { .. } => false,
        }
    }

    /// An example error with `code` (fixed field values), for the bindings' tests of their
    /// error mapping; `None` for an unknown code.
    #[doc(hidden)]
    pub fn example(code: &str) -> Option<Error> {
        let message = format!("example {code} error");
        Some(match code {
            "invalid_input" => Error::invalid("posts[0].id", message),
            "internal" => Error::internal(message),
            "rate_limited" => Error::RateLimited {
                message,
                retry_after: Some(Duration::from_millis(1500)),
            },
            "upstream" => Error::Upstream {
                status: 503,
                message,
                retry_after: Some(Duration::from_secs(2)),
            },
            "upstream_unavailable" => Error::UpstreamUnavailable {
                message,
                retry_after: Some(Duration::from_millis(250)),
            },
            "timeout" => Error::Timeout { message },
            "network" => Error::Network { message },
            "invalid_response" => Error::InvalidResponse {
                status: 200,
                message,
                excerpt: "<html>".to_owned(),
            },
            "reauth_required" => Error::ReauthRequired { message },
            "storage" => Error::Storage { message },
            "unsupported" => Error::Unsupported { message },
            _ => return None,
        })
    }

    /// The human-readable message without the field prefix.
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidInput { message, .. }
            | Error::Internal { message }
            | Error::RateLimited { message, .. }
            | Error::Upstream { message, .. }
            | Error::UpstreamUnavailable { message, .. }
            | Error::Timeout { message }
            | Error::Network { message }
            | Error::InvalidResponse { message, .. }
            | Error::ReauthRequired { message }
            | Error::Storage { message }
            | Error::Unsupported { message } => message,
        }
    }

    /// Prefixes the field path with `prefix`, so nested validators report the full path
    /// (`snapshot.posts[3].id`).
    pub fn within(self, prefix: &str) -> Self {
        match self {
            Error::InvalidInput { field, message } => Error::InvalidInput {
                field: join_path(prefix, &field),
                message,
            },
            other => other,
        }
    }
}

/// Joins two field-path segments: `join_path("a", "b") == "a.b"`, `join_path("a", "[2]") == "a[2]"`.
pub(crate) fn join_path(prefix: &str, field: &str) -> String {
    match (prefix.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (_, true) => prefix.to_owned(),
        _ if field.starts_with('[') => format!("{prefix}{field}"),
        _ => format!("{prefix}.{field}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_prefixes_paths() {
        let e = Error::invalid("likes", "must be >= 0").within("posts[3].metrics");
        assert_eq!(e.field(), Some("posts[3].metrics.likes"));
        let e = Error::invalid("[0]", "bad").within("posts");
        assert_eq!(e.field(), Some("posts[0]"));
        let e = Error::invalid("", "bad").within("snapshot");
        assert_eq!(e.field(), Some("snapshot"));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(Error::internal("x").code(), "internal");
        assert!(!Error::internal("x").is_retryable());
        assert_eq!(Error::invalid("", "whole input").field(), None);
    }

    #[test]
    fn io_errors_say_whether_and_when_to_retry() {
        let limited = Error::RateLimited {
            message: "x app".into(),
            retry_after: Some(Duration::from_millis(1500)),
        };
        assert_eq!(limited.code(), "rate_limited");
        assert!(limited.is_retryable());
        assert_eq!(limited.retry_after(), Some(Duration::from_millis(1500)));
        assert_eq!(
            limited.to_string(),
            "rate limited: x app (retry after 1.500 s)"
        );
        let bad_request = Error::Upstream {
            status: 400,
            message: "bad".into(),
            retry_after: None,
        };
        assert!(!bad_request.is_retryable());
        assert_eq!(bad_request.status(), Some(400));
        for status in [408, 429, 500, 503] {
            let e = Error::Upstream {
                status,
                message: String::new(),
                retry_after: None,
            };
            assert!(e.is_retryable(), "{status}");
        }
        let reauth = Error::ReauthRequired {
            message: "refresh rejected".into(),
        };
        assert_eq!(reauth.code(), "reauth_required");
        assert!(!reauth.is_retryable());
        assert!(Error::CODES.contains(&reauth.code()));
        for code in Error::CODES {
            assert_eq!(Error::example(code).map(|e| e.code()), Some(code));
        }
        assert_eq!(Error::example("nope"), None);
    }
}
