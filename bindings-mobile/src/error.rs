//! The whole error mapping of the mobile binding: [`brandpilot::Error`] → [`BrandpilotError`].
//!
//! A flat, public error enum derived with `uniffi::Error` (mozilla application-services
//! style). Kotlin sees a sealed `BrandpilotException` hierarchy
//! (`BrandpilotException.InvalidInput`, `BrandpilotException.Internal`), Swift an
//! `enum BrandpilotError: Error`. Variants follow the core's stable error codes, one each;
//! `code()` returns that code, so hosts can log or branch on the same strings as in Python
//! (`err.code`) and Node (`err.code`).
//!
//! Kotlin note: `Throwable` already has a `message` property, so the Kotlin bindings rename
//! the `message` fields to `reason` (`bindings-mobile/uniffi.toml`); `e.message` is the whole
//! text. Swift keeps `message`.

/// An error from brandpilot, with a stable machine-readable code (see `code()`).
///
/// `retry_after` fields are seconds until a retry may succeed (null when unknown).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum BrandpilotError {
    /// Code `invalid_input`: the caller's input is malformed or out of range.
    #[error("{}", if field.is_empty() { message.clone() } else { format!("{field}: {message}") })]
    InvalidInput {
        /// Path of the offending value (`snapshot.posts[3].metrics.likes`); empty when the
        /// input as a whole is bad.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Code `internal`: a bug in brandpilot, including a panic caught at the boundary.
    #[error("internal error: {message}")]
    Internal {
        /// Description of the failure.
        message: String,
    },
    /// Code `rate_limited`: a rate limit denies the call now.
    #[error("rate limited: {message}")]
    RateLimited {
        /// Which budget is exhausted.
        message: String,
        /// Seconds until the budget allows the call, when known.
        retry_after: Option<f64>,
    },
    /// Code `upstream`: the platform answered with an error status.
    #[error("upstream error {status}: {message}")]
    Upstream {
        /// The HTTP status code.
        status: u16,
        /// What the platform said (truncated, secret-free).
        message: String,
        /// Seconds from the platform's `Retry-After`, when it sent one.
        retry_after: Option<f64>,
    },
    /// Code `upstream_unavailable`: the platform's circuit breaker is open (failed fast).
    #[error("upstream unavailable: {message}")]
    UpstreamUnavailable {
        /// Which circuit is open.
        message: String,
        /// Seconds until the breaker lets a probe through.
        retry_after: Option<f64>,
    },
    /// Code `timeout`: the request did not complete in time.
    #[error("timeout: {message}")]
    Timeout {
        /// What timed out.
        message: String,
    },
    /// Code `network`: the connection failed (refused, reset, DNS, TLS).
    #[error("network error: {message}")]
    Network {
        /// What failed.
        message: String,
    },
    /// Code `invalid_response`: the platform's response did not parse.
    #[error("invalid response (status {status}): {message}")]
    InvalidResponse {
        /// The HTTP status of the response.
        status: u16,
        /// What did not parse, with a secret-free excerpt of the body.
        message: String,
    },
    /// Code `storage`: the host's token store (a callback object) failed; usually transient.
    #[error("storage error: {message}")]
    Storage {
        /// What the host's store reported.
        message: String,
    },
    /// Code `reauth_required`: the stored grant no longer works; the person must reconnect.
    #[error("re-authorisation required: {message}")]
    ReauthRequired {
        /// Why.
        message: String,
    },
    /// Code `unsupported`: the platform cannot do this (see `PlatformClient.capabilities()`);
    /// retrying cannot help.
    #[error("unsupported: {message}")]
    Unsupported {
        /// What is not supported, and by which platform.
        message: String,
    },
}

#[uniffi::export]
impl BrandpilotError {
    /// The stable code of this error: `invalid_input`, `internal`, `rate_limited`, ...
    pub fn code(&self) -> String {
        match self {
            BrandpilotError::InvalidInput { .. } => "invalid_input",
            BrandpilotError::Internal { .. } => "internal",
            BrandpilotError::RateLimited { .. } => "rate_limited",
            BrandpilotError::Upstream { .. } => "upstream",
            BrandpilotError::UpstreamUnavailable { .. } => "upstream_unavailable",
            BrandpilotError::Timeout { .. } => "timeout",
            BrandpilotError::Network { .. } => "network",
            BrandpilotError::InvalidResponse { .. } => "invalid_response",
            BrandpilotError::ReauthRequired { .. } => "reauth_required",
            BrandpilotError::Storage { .. } => "storage",
            BrandpilotError::Unsupported { .. } => "unsupported",
        }
        .to_owned()
    }

    /// Whether repeating the call later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            BrandpilotError::RateLimited { .. }
            | BrandpilotError::UpstreamUnavailable { .. }
            | BrandpilotError::Timeout { .. }
            | BrandpilotError::Network { .. }
            | BrandpilotError::Storage { .. } => true,
            BrandpilotError::Upstream { status, .. } => {
                *status == 408 || *status == 429 || *status >= 500
            }
            _ => false,
        }
    }
}

impl From<brandpilot::Error> for BrandpilotError {
    fn from(err: brandpilot::Error) -> Self {
        use brandpilot::Error as E;
        let seconds = |d: &Option<std::time::Duration>| d.map(|d| d.as_secs_f64());
        match err {
            E::InvalidInput { field, message } => BrandpilotError::InvalidInput { field, message },
            E::Internal { message } => BrandpilotError::Internal { message },
            E::RateLimited {
                message,
                retry_after,
            } => BrandpilotError::RateLimited {
                retry_after: seconds(&retry_after),
                message,
            },
            E::Upstream {
                status,
                message,
                retry_after,
            } => BrandpilotError::Upstream {
                status,
                retry_after: seconds(&retry_after),
                message,
            },
            E::UpstreamUnavailable {
                message,
                retry_after,
            } => BrandpilotError::UpstreamUnavailable {
                retry_after: seconds(&retry_after),
                message,
            },
            E::Timeout { message } => BrandpilotError::Timeout { message },
            E::Network { message } => BrandpilotError::Network { message },
            E::InvalidResponse {
                status,
                message,
                excerpt,
            } => BrandpilotError::InvalidResponse {
                status,
                message: format!("{message}; body starts: {excerpt:?}"),
            },
            E::ReauthRequired { message } => BrandpilotError::ReauthRequired { message },
            E::Storage { message } => BrandpilotError::Storage { message },
            E::Unsupported { message } => BrandpilotError::Unsupported { message },
            // The core's enum is non-exhaustive: a code this binding does not know yet is
            // never lost silently.
            other => BrandpilotError::Internal {
                message: format!("[{}] {other}", other.code()),
            },
        }
    }
}

/// A failure of a host-implemented callback that is not a `BrandpilotError` (any other
/// exception the host's [`SealedStore`](crate::token::SealedStore) throws, or a broken
/// callback contract) is a `Storage` error: the host's storage failed.
impl From<uniffi::UnexpectedUniFFICallbackError> for BrandpilotError {
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        BrandpilotError::Storage {
            message: err.reason,
        }
    }
}

/// Test hook: the example core error with `code` (`brandpilot::Error::example`), mapped as
/// every error is, so the foreign suites can check each code's case and fields.
#[doc(hidden)]
#[uniffi::export]
pub fn example_error_for_test(code: String) -> Result<(), BrandpilotError> {
    crate::guard(|| {
        Err(brandpilot::Error::example(&code)
            .unwrap_or_else(|| brandpilot::Error::invalid("code", format!("unknown code {code:?}")))
            .into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_maps_onto_its_case() {
        for code in brandpilot::Error::CODES {
            let core = brandpilot::Error::example(code).unwrap();
            let retryable = core.is_retryable();
            let mapped: BrandpilotError = core.into();
            assert_eq!(mapped.code(), code);
            assert_eq!(mapped.is_retryable(), retryable, "{code}");
        }
        let e = example_error_for_test("rate_limited".into()).unwrap_err();
        assert_eq!(
            e,
            BrandpilotError::RateLimited {
                message: "example rate_limited error".into(),
                retry_after: Some(1.5)
            }
        );
    }

    #[test]
    fn maps_by_code() {
        let e: BrandpilotError =
            brandpilot::Error::invalid("posts[3].metrics.likes", "must be >= 0").into();
        assert_eq!(
            e,
            BrandpilotError::InvalidInput {
                field: "posts[3].metrics.likes".into(),
                message: "must be >= 0".into()
            }
        );
        assert_eq!(e.code(), "invalid_input");
        assert_eq!(e.to_string(), "posts[3].metrics.likes: must be >= 0");
        let e: BrandpilotError = brandpilot::Error::internal("boom").into();
        assert_eq!(e.code(), "internal");
        assert_eq!(e.to_string(), "internal error: boom");
    }
}
