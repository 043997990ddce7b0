//! Meta's and Threads' long-lived tokens through `TokenManager`, against mock endpoints on
//! 127.0.0.1: the short-lived token of the code exchange is exchanged before it is stored;
//! Threads tokens are extended with `th_refresh_token` instead of a refresh token; Meta's
//! cannot be extended (`reauth_required`: the person reconnects).
#![cfg(feature = "net")]

mod platform_common;

use std::sync::Arc;

use brandpilot::Secret;
use brandpilot::platform::oauth::{LongLivedGrant, OAuthClient, OAuthProvider, PkceVerifier};
use brandpilot::token::{MemoryTokenStore, TokenManager};
use chrono::Utc;
use platform_common::{http, received};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "user-7/threads";

fn manager(server: &MockServer, provider: OAuthProvider, secret: Option<&str>) -> TokenManager {
    let mut client = OAuthClient::new(
        provider.with_base_url(&server.uri()),
        "app-1",
        "https://app.example/cb",
    );
    if let Some(secret) = secret {
        client = client.with_secret(Secret::new(secret));
    }
    TokenManager::new(http(), client, Arc::new(MemoryTokenStore::default()))
}

#[tokio::test]
async fn threads_connect_stores_the_long_lived_token_and_extends_it() {
    assert_eq!(
        OAuthProvider::threads().long_lived,
        Some(LongLivedGrant::Threads)
    );
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "short-lived", "user_id": 12345
        })))
        .expect(1)
        .mount(&server)
        .await;
    // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
    Mock::given(method("GET"))
        .and(path("/access_token"))
        .and(query_param("grant_type", "th_exchange_token"))
        .and(query_param("client_secret", "app-secret"))
        .and(query_param("access_token", "short-lived"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "long-lived-1", "token_type": "bearer", "expires_in": 5183944
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "th_refresh_token"))
        .and(query_param("access_token", "long-lived-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "long-lived-2", "token_type": "bearer", "expires_in": 5183944
        })))
        .expect(1)
        .mount(&server)
        .await;
    let manager = manager(&server, OAuthProvider::threads(), Some("app-secret"));
    let verifier = PkceVerifier::generate().unwrap();
    let now = Utc::now();
    let tokens = manager
        .connect(ACCOUNT, "code-1", &verifier, now)
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), "long-lived-1");
    let days = (tokens.expires_at.unwrap() - now).num_days();
    assert!((59..=60).contains(&days), "{days} days");
    let stored = manager.store().get(ACCOUNT).await.unwrap().unwrap();
    assert_eq!(stored.access_token.expose(), "long-lived-1");

    // Still valid today: no request.
    let token = manager.access_token(ACCOUNT, now).await.unwrap();
    assert_eq!(token.expose(), "long-lived-1");
    // Within the skew of its end: extended with the token itself (no refresh token).
    let later = tokens.expires_at.unwrap() - chrono::Duration::minutes(1);
    let token = manager.access_token(ACCOUNT, later).await.unwrap();
    assert_eq!(token.expose(), "long-lived-2");
    let stored = manager.store().get(ACCOUNT).await.unwrap().unwrap();
    assert_eq!(stored.access_token.expose(), "long-lived-2");
}

#[tokio::test]
async fn a_rejected_threads_extension_is_reauth_required() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "Error validating access token: Session has expired",
                      "type": "OAuthException", "code": 190, "fbtrace_id": "A1"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let manager = manager(&server, OAuthProvider::threads(), Some("app-secret"));
    let stored = brandpilot::platform::oauth::TokenSet::bearer(Secret::new("long-lived-old"))
        .expiring_in(Utc::now(), 60);
    manager.store().put(ACCOUNT, &stored).await.unwrap();
    let e = manager.access_token(ACCOUNT, Utc::now()).await.unwrap_err();
    assert_eq!(e.code(), "reauth_required", "{e}");
    assert!(!e.to_string().contains("long-lived-old"));
}

#[tokio::test]
async fn meta_connect_exchanges_for_a_long_lived_token_which_cannot_be_extended() {
    let server = MockServer::start().await;
    let token_path = "/v24.0/oauth/access_token";
    Mock::given(method("POST"))
        .and(path(token_path))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAA-short", "token_type": "bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    // https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived/
    Mock::given(method("GET"))
        .and(path(token_path))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("client_id", "app-1"))
        .and(query_param("client_secret", "app-secret"))
        .and(query_param("fb_exchange_token", "EAA-short"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAA-long", "token_type": "bearer", "expires_in": 5184000
        })))
        .expect(1)
        .mount(&server)
        .await;
    let manager = manager(&server, OAuthProvider::meta(), Some("app-secret"));
    let verifier = PkceVerifier::generate().unwrap();
    let now = Utc::now();
    let tokens = manager
        .connect("user-7/facebook", "code-1", &verifier, now)
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), "EAA-long");
    assert!((tokens.expires_at.unwrap() - now).num_days() >= 59);
    // Near its end there is nothing to refresh with: the person reconnects.
    let later = tokens.expires_at.unwrap() - chrono::Duration::minutes(1);
    let e = manager
        .access_token("user-7/facebook", later)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert_eq!(received(&server, "GET", token_path).await.len(), 1);
}

#[tokio::test]
async fn the_exchange_needs_the_app_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access_token": "short-lived"})),
        )
        .mount(&server)
        .await;
    let manager = manager(&server, OAuthProvider::threads(), None);
    let verifier = PkceVerifier::generate().unwrap();
    let e = manager
        .connect(ACCOUNT, "code-1", &verifier, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("client_secret"));
    assert!(manager.store().get(ACCOUNT).await.unwrap().is_none());
}
