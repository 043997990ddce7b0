//! Shared by the platform client tests: fixtures, a fast-retrying HTTP client, request
//! counting, and managed credentials whose token endpoint lives on the same mock server.
#![allow(dead_code)] // each test crate uses a different subset

use std::sync::Arc;
use std::time::Duration;

use brandpilot::Secret;
use brandpilot::http::{BreakerConfig, HttpClient, HttpConfig, RateLimitMode, RetryPolicy};
use brandpilot::platform::Credentials;
use brandpilot::platform::oauth::{OAuthClient, OAuthProvider, TokenSet};
use brandpilot::token::{MemoryTokenStore, TokenManager, TokenStore};
use chrono::Utc;
use wiremock::{MockServer, Request as Received};

/// The account id managed credentials are stored under.
pub const ACCOUNT: &str = "host-user-1";
/// The token endpoint of [`managed`] credentials (the X preset's path).
pub const TOKEN_PATH: &str = "/2/oauth2/token";

/// `core/tests/fixtures/<name>` as JSON.
pub fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An HTTP client with millisecond retries, a short timeout and no breaker.
pub fn http() -> HttpClient {
    HttpClient::new(HttpConfig {
        timeout: Duration::from_millis(500),
        rate_limit_mode: RateLimitMode::Wait {
            max_wait: Duration::from_secs(2),
        },
        retry: RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(20),
        },
        breaker: BreakerConfig {
            failure_threshold: 0,
            ..BreakerConfig::default()
        },
        ..HttpConfig::default()
    })
    .unwrap()
}

/// The requests `server` received with `method` on `path`.
pub async fn received(server: &MockServer, method: &str, path: &str) -> Vec<Received> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == method && r.url.path() == path)
        .collect()
}

/// Credentials kept by a [`TokenManager`] whose token endpoint is `server`'s
/// [`TOKEN_PATH`]; the stored access token `access` expires in `expires_in_secs`.
pub async fn managed(
    server: &MockServer,
    access: &str,
    refresh: &str,
    expires_in_secs: i64,
) -> (Credentials, Arc<TokenManager>) {
    let store = Arc::new(MemoryTokenStore::default());
    let tokens = TokenSet::bearer(Secret::new(access))
        .with_refresh_token(Secret::new(refresh))
        .expiring_in(Utc::now(), expires_in_secs);
    store.put(ACCOUNT, &tokens).await.unwrap();
    let client = OAuthClient::new(
        OAuthProvider::x().with_base_url(&server.uri()),
        "app-id",
        "https://app.example/cb",
    )
    .with_secret(Secret::new("app-secret"));
    let manager = Arc::new(TokenManager::new(http(), client, store));
    (
        Credentials::Managed {
            manager: manager.clone(),
            account: ACCOUNT.to_owned(),
        },
        manager,
    )
}

/// A token endpoint answer with a new access token `access`.
pub fn token_response(access: &str) -> serde_json::Value {
    serde_json::json!({
        "access_token": access, "refresh_token": "rotated-refresh",
        "expires_in": 7200, "token_type": "bearer",
    })
}
