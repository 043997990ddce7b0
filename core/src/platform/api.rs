//! What every platform client shares: where its API lives, how it authenticates, and how an
//! error answer becomes a coded [`Error`].

use std::fmt;
use std::sync::Arc;

use chrono::Utc;

use crate::http::{HttpClient, Request, Response, excerpt};
use crate::token::TokenManager;
use crate::{Error, Result, Secret};

/// How a client authenticates its requests.
///
/// `Debug` never shows the token.
#[derive(Clone)]
pub enum Credentials {
    /// A fixed access token (a 401 is `reauth_required`).
    Token(Secret),
    /// The account's tokens kept by a [`TokenManager`]: refreshed ahead of expiry, and once
    /// more when the platform answers 401 (a second 401 is `reauth_required`).
    Managed {
        /// The manager holding the account's grant.
        manager: Arc<TokenManager>,
        /// The host's id of the account in the manager's store.
        account: String,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Credentials::Token([redacted])"),
            Credentials::Managed { account, .. } => f
                .debug_struct("Credentials::Managed")
                .field("account", account)
                .finish_non_exhaustive(),
        }
    }
}

impl Credentials {
    /// A fixed access token.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(Secret::new(token.into()))
    }
}

/// A platform's API root plus the HTTP client and credentials its requests go through.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    pub http: HttpClient,
    /// The API root without a trailing slash.
    pub base: String,
    pub credentials: Credentials,
}

impl Api {
    pub fn new(http: HttpClient, base: &str, credentials: Credentials) -> Result<Self> {
        let base = base.trim_end_matches('/');
        let parsed = url::Url::parse(base)
            .map_err(|e| Error::invalid("base_url", format!("is not an absolute URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::invalid(
                "base_url",
                "must be an http(s) URL with a host",
            ));
        }
        Ok(Api {
            http,
            base: base.to_owned(),
            credentials,
        })
    }

    /// `base` + `path` with `query` form-encoded.
    pub fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        with_query(&format!("{}{path}", self.base), query)
    }

    /// Sends the request `build` makes with the current access token; with managed
    /// credentials a 401 refreshes the token and sends once more.
    pub async fn send<F>(&self, build: F) -> Result<Response>
    where
        F: Fn(Secret) -> Request + Send + Sync,
    {
        match &self.credentials {
            Credentials::Token(token) => self.http.send(build(token.clone())).await,
            Credentials::Managed { manager, account } => {
                manager.send_authorized(account, Utc::now(), build).await
            }
        }
    }
}

/// `url` with `query` form-encoded and appended.
pub(crate) fn with_query(url: &str, query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        return url.to_owned();
    }
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{encoded}")
}

/// The coded error for a platform's non-2xx answer, given the platform's own message:
/// 401 → `reauth_required`, 429 → `rate_limited`, anything else → `upstream {status}`.
/// `message` is cut to an excerpt with tokens redacted.
pub(crate) fn status_error(service: &str, response: &Response, message: Option<&str>) -> Error {
    let message = match message {
        Some(m) => excerpt(m.as_bytes()),
        None => excerpt(&response.body),
    };
    let retry_after =
        crate::http::headers::retry_after(&response.headers, std::time::SystemTime::now());
    match response.status {
        401 => Error::ReauthRequired {
            message: format!("{service} rejected the access token: {message}"),
        },
        429 => Error::RateLimited {
            message: format!("{service}: {message}"),
            retry_after,
        },
        status => Error::Upstream {
            status,
            message: format!("{service}: {message}"),
            retry_after,
        },
    }
}

/// A fresh random idempotency key (128 bits, hex), so the retries of one publish call are
/// safe where the platform honours the key.
pub(crate) fn random_key() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(format!("no OS randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_encoded() {
        assert_eq!(
            with_query("https://a.example/x", &[("q", "a b&c"), ("n", "2")]),
            "https://a.example/x?q=a+b%26c&n=2"
        );
        assert_eq!(
            with_query("https://a.example/x?y=1", &[("n", "2")]),
            "https://a.example/x?y=1&n=2"
        );
    }

    #[test]
    fn credentials_debug_hides_the_token() {
        let shown = format!("{:?}", Credentials::token("sekrit-token"));
        assert!(!shown.contains("sekrit"), "{shown}");
    }
}
