//! TokenManager against mock token and API endpoints on 127.0.0.1: refresh ahead of expiry,
//! single flight under concurrency, 401 → refresh → retry once, re-authorisation, and
//! sealed storage. Every test counts the requests each server saw.
#![cfg(feature = "net")]

use std::sync::Arc;
use std::time::Duration;

use brandpilot::Secret;
use brandpilot::http::{HttpClient, Request, Route};
use brandpilot::platform::oauth::{OAuthClient, OAuthProvider, PkceVerifier, TokenSet};
use brandpilot::token::{
    MemorySealedStore, MemoryTokenStore, SealedStore, TokenManager, TokenStore, TokenVault,
    VaultTokenStore,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "user:42/x";
const OLD_ACCESS: &str = "old-access-token";
const NEW_ACCESS: &str = "new-access-token";
const OLD_REFRESH: &str = "old-refresh-token";
const NEW_REFRESH: &str = "new-refresh-token";
const TOKEN_PATH: &str = "/2/oauth2/token";
const API_PATH: &str = "/2/users/me";

fn now() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

fn client(server: &MockServer) -> OAuthClient {
    OAuthClient::new(
        OAuthProvider::x().with_base_url(&server.uri()),
        "app-id",
        "https://app.example/cb",
    )
    .with_secret(Secret::new("app-secret"))
}

fn stored(expires_in_secs: i64) -> TokenSet {
    TokenSet::bearer(Secret::new(OLD_ACCESS))
        .with_refresh_token(Secret::new(OLD_REFRESH))
        .expiring_in(now(), expires_in_secs)
}

async fn manager_with(server: &MockServer, tokens: Option<TokenSet>) -> TokenManager {
    let store = Arc::new(MemoryTokenStore::default());
    if let Some(tokens) = tokens {
        store.put(ACCOUNT, &tokens).await.unwrap();
    }
    TokenManager::new(
        HttpClient::new(Default::default()).unwrap(),
        client(server),
        store,
    )
}

fn refreshed_body() -> serde_json::Value {
    json!({
        "access_token": NEW_ACCESS, "refresh_token": NEW_REFRESH,
        "expires_in": 7200, "token_type": "bearer", "scope": "tweet.read offline.access",
    })
}

async fn count(server: &MockServer, p: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}

fn api_request(server: &MockServer) -> impl Fn(Secret) -> Request + Send + Sync {
    let url = format!("{}{API_PATH}", server.uri());
    move |token| Request::get(url.clone(), Route::new("x", "users.read")).bearer(token)
}

/// The token endpoint answers `response` and must be called exactly once.
async fn expect_one_token_request(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn valid_token_is_returned_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(refreshed_body()))
        .expect(0)
        .mount(&server)
        .await;
    // Expires in 10 minutes: outside the 5-minute skew.
    let m = manager_with(&server, Some(stored(600))).await;
    assert_eq!(
        m.access_token(ACCOUNT, now()).await.unwrap().expose(),
        OLD_ACCESS
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 0);
}

#[tokio::test]
async fn refreshes_ahead_of_expiry_and_stores_the_rotated_set() {
    let server = MockServer::start().await;
    expect_one_token_request(
        &server,
        ResponseTemplate::new(200).set_body_json(refreshed_body()),
    )
    .await;
    // Not expired yet, but within the 5-minute skew.
    let m = manager_with(&server, Some(stored(240))).await;
    assert_eq!(
        m.access_token(ACCOUNT, now()).await.unwrap().expose(),
        NEW_ACCESS
    );
    let saved = m.store().get(ACCOUNT).await.unwrap().unwrap();
    assert_eq!(saved.refresh_token.unwrap().expose(), NEW_REFRESH);
    assert_eq!(saved.expires_at, Some(now() + chrono::Duration::hours(2)));
    // A second call uses the stored fresh token.
    assert_eq!(
        m.access_token(ACCOUNT, now()).await.unwrap().expose(),
        NEW_ACCESS
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    // With a 1-minute skew the same token would not have been refreshed.
    let server2 = MockServer::start().await;
    let m2 = manager_with(&server2, Some(stored(240)))
        .await
        .with_skew(Duration::from_secs(60));
    assert_eq!(
        m2.access_token(ACCOUNT, now()).await.unwrap().expose(),
        OLD_ACCESS
    );
    assert_eq!(count(&server2, TOKEN_PATH).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_callers_cause_one_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(refreshed_body())
                // Slow enough that every caller arrives while the refresh is in flight.
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let m = Arc::new(manager_with(&server, Some(stored(-60))).await);
    let barrier = Arc::new(tokio::sync::Barrier::new(100));
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let m = m.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                m.access_token(ACCOUNT, now()).await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().expose(), NEW_ACCESS);
    }
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn unauthorized_refreshes_and_retries_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .and(header(
            "authorization",
            format!("Bearer {OLD_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"title": "Unauthorized"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .and(header(
            "authorization",
            format!("Bearer {NEW_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"id": "42"}})))
        .expect(1)
        .mount(&server)
        .await;
    expect_one_token_request(
        &server,
        ResponseTemplate::new(200).set_body_json(refreshed_body()),
    )
    .await;
    // The stored token looks valid for an hour, but the platform has revoked it.
    let m = manager_with(&server, Some(stored(3600))).await;
    let response = m
        .send_authorized(ACCOUNT, now(), api_request(&server))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(count(&server, API_PATH).await, 2);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    let saved = m.store().get(ACCOUNT).await.unwrap().unwrap();
    assert_eq!(saved.access_token.expose(), NEW_ACCESS);
}

#[tokio::test]
async fn second_unauthorized_is_reauth_and_the_stale_token_is_not_reused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    expect_one_token_request(
        &server,
        ResponseTemplate::new(200).set_body_json(refreshed_body()),
    )
    .await;
    let m = manager_with(&server, Some(stored(3600))).await;
    let err = m
        .send_authorized(ACCOUNT, now(), api_request(&server))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "reauth_required");
    assert!(!err.to_string().contains(NEW_ACCESS));
    assert_eq!(count(&server, API_PATH).await, 2);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    // The grant is gone: no stale token is handed out, no further request is made.
    assert!(m.store().get(ACCOUNT).await.unwrap().is_none());
    let err = m.access_token(ACCOUNT, now()).await.unwrap_err();
    assert_eq!(err.code(), "reauth_required");
    let err = m
        .send_authorized(ACCOUNT, now(), api_request(&server))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "reauth_required");
    assert_eq!(count(&server, API_PATH).await, 2);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn unauthorized_then_refresh_rejected_is_reauth() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    expect_one_token_request(
        &server,
        ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})),
    )
    .await;
    let m = manager_with(&server, Some(stored(3600))).await;
    let err = m
        .send_authorized(ACCOUNT, now(), api_request(&server))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "reauth_required");
    assert_eq!(count(&server, API_PATH).await, 1);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    assert!(m.store().get(ACCOUNT).await.unwrap().is_none());
}

#[tokio::test]
async fn rejected_refresh_is_reauth_and_not_retried() {
    let server = MockServer::start().await;
    expect_one_token_request(
        &server,
        ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})),
    )
    .await;
    let m = manager_with(&server, Some(stored(-1))).await;
    for _ in 0..3 {
        let err = m.access_token(ACCOUNT, now()).await.unwrap_err();
        assert_eq!(err.code(), "reauth_required");
    }
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn expired_without_refresh_token_or_without_tokens_is_reauth() {
    let server = MockServer::start().await;
    let m = manager_with(
        &server,
        Some(TokenSet::bearer(Secret::new(OLD_ACCESS)).expiring_in(now(), -5)),
    )
    .await;
    assert_eq!(
        m.access_token(ACCOUNT, now()).await.unwrap_err().code(),
        "reauth_required"
    );
    assert_eq!(
        m.access_token("nobody", now()).await.unwrap_err().code(),
        "reauth_required"
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 0);
}

#[tokio::test]
async fn transient_refresh_failure_falls_back_to_an_unexpired_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    // Within the skew but not expired: the old token still works for 2 minutes.
    let m = manager_with(&server, Some(stored(120))).await;
    assert_eq!(
        m.access_token(ACCOUNT, now()).await.unwrap().expose(),
        OLD_ACCESS
    );
    // Already expired: the failure is reported.
    let expired_at = now() + chrono::Duration::minutes(3);
    let err = m.access_token(ACCOUNT, expired_at).await.unwrap_err();
    assert!(err.is_retryable(), "{err}");
    // At least one request per call: the HTTP layer may retry a 503 on its own.
    let seen = count(&server, TOKEN_PATH).await;
    assert!(seen >= 2, "{seen}");
    assert!(m.store().get(ACCOUNT).await.unwrap().is_some());
}

#[tokio::test]
async fn connect_stores_tokens_and_keeps_a_refresh_token_the_answer_omits() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": NEW_ACCESS, "expires_in": 7200})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let m = manager_with(&server, Some(stored(-100))).await;
    let verifier = PkceVerifier::generate().unwrap();
    let tokens = m
        .connect(ACCOUNT, "the-code", &verifier, now())
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), NEW_ACCESS);
    assert_eq!(tokens.refresh_token.as_ref().unwrap().expose(), OLD_REFRESH);
    assert_eq!(m.store().get(ACCOUNT).await.unwrap().unwrap(), tokens);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn vault_store_round_trip_and_wrong_key() {
    let server = MockServer::start().await;
    expect_one_token_request(
        &server,
        ResponseTemplate::new(200).set_body_json(refreshed_body()),
    )
    .await;
    let vault = Arc::new(TokenVault::new(vec![("k1".into(), [0x5a; 32])], "k1").unwrap());
    let rows = Arc::new(MemorySealedStore::default());
    let store = Arc::new(VaultTokenStore::new(vault.clone(), rows.clone()));
    store.put(ACCOUNT, &stored(-1)).await.unwrap();
    assert_eq!(store.get(ACCOUNT).await.unwrap(), Some(stored(-1)));

    // The manager refreshes through the sealed store; the host's row never holds plaintext.
    let m = TokenManager::new(
        HttpClient::new(Default::default()).unwrap(),
        client(&server),
        store.clone(),
    );
    assert_eq!(
        m.access_token(ACCOUNT, now()).await.unwrap().expose(),
        NEW_ACCESS
    );
    let row = rows.raw(ACCOUNT).unwrap();
    assert!(row.starts_with("bp1.k1."), "{row}");
    for plain in [NEW_ACCESS, NEW_REFRESH, OLD_REFRESH, "access_token"] {
        assert!(!row.contains(plain), "{row}");
    }
    let reopened = store.get(ACCOUNT).await.unwrap().unwrap();
    assert_eq!(reopened.refresh_token.unwrap().expose(), NEW_REFRESH);
    assert_eq!(count(&server, TOKEN_PATH).await, 1);

    // Wrong key: a coded error, no token in it.
    let other = TokenVault::new(vec![("k1".into(), [0x5b; 32])], "k1").unwrap();
    let wrong = VaultTokenStore::new(Arc::new(other), rows.clone());
    let err = wrong.get(ACCOUNT).await.unwrap_err();
    assert_eq!((err.code(), err.field()), ("invalid_input", Some("sealed")));
    assert!(!format!("{err} {err:?}").contains(NEW_ACCESS));
    // A row moved to another account does not open either (bound by associated data).
    rows.put("user:43/x", row).await.unwrap();
    let err = store.get("user:43/x").await.unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    // Through the manager, the failure surfaces as the same code, and no request is made.
    let m2 = TokenManager::new(
        HttpClient::new(Default::default()).unwrap(),
        client(&server),
        Arc::new(wrong),
    );
    assert_eq!(
        m2.access_token(ACCOUNT, now()).await.unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}
