//! OAuth 2.0 against mock token endpoints on 127.0.0.1: authorisation URLs per preset, the
//! exact form each preset's code exchange sends, refresh with and without rotation, and the
//! error mapping (reauth_required / upstream / invalid_response), with no secret in any
//! message or `Debug` output.
#![cfg(feature = "net")]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use brandpilot::http::HttpClient;
use brandpilot::platform::oauth::{
    AuthorizationRequest, ClientAuth, OAuthClient, OAuthProvider, OAuthState, PkceSupport,
    PkceVerifier, TokenSet, authorize_url, exchange_code, refresh,
};
use brandpilot::token::{MemorySealedStore, MemoryTokenStore, TokenVault, VaultTokenStore};
use brandpilot::{Error, Secret};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const CLIENT_ID: &str = "app-id-123";
const CLIENT_SECRET: &str = "client-secret-s3cr3t";
const CODE: &str = "auth-code-c0de";
const REDIRECT: &str = "https://app.example/oauth/callback";
const ACCESS: &str = "access-token-AAA111";
const REFRESH_OLD: &str = "refresh-token-OLD222";
const REFRESH_NEW: &str = "refresh-token-NEW333";

fn now() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

fn http() -> HttpClient {
    HttpClient::new(Default::default()).unwrap()
}

fn client(provider: OAuthProvider, server: &MockServer) -> OAuthClient {
    OAuthClient::new(provider.with_base_url(&server.uri()), CLIENT_ID, REDIRECT)
        .with_secret(Secret::new(CLIENT_SECRET))
}

fn token_path(provider: &OAuthProvider) -> String {
    Url::parse(&provider.token_url).unwrap().path().to_owned()
}

fn verifier() -> PkceVerifier {
    PkceVerifier::from_string(RFC_VERIFIER).unwrap()
}

/// The requests the mock server received: (form body pairs, authorization header).
async fn received(server: &MockServer) -> Vec<(HashMap<String, String>, Option<String>)> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let form = url::form_urlencoded::parse(&r.body).into_owned().collect();
            let auth = r
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned());
            (form, auth)
        })
        .collect()
}

async fn mount_token(server: &MockServer, provider: &OAuthProvider, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(token_path(provider)))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

#[test]
fn authorize_url_per_preset() {
    let state = OAuthState::from_string("state-xyz").unwrap();
    let scopes = ["scope.one", "scope.two"];
    for provider in OAuthProvider::presets() {
        let name = provider.name.clone();
        let c = OAuthClient::new(provider.clone(), CLIENT_ID, REDIRECT);
        let url = Url::parse(&authorize_url(&c, &scopes, &state, &verifier())).unwrap();
        let base = Url::parse(&provider.authorize_url).unwrap();
        assert_eq!(
            (url.host_str(), url.path()),
            (base.host_str(), base.path()),
            "{name}"
        );
        let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code", "{name}");
        assert_eq!(q[&provider.client_id_param], CLIENT_ID, "{name}");
        assert_eq!(q["redirect_uri"], REDIRECT, "{name}");
        assert_eq!(q["state"], "state-xyz", "{name}");
        assert_eq!(
            q["scope"],
            format!("scope.one{}scope.two", provider.scope_separator),
            "{name}"
        );
        if provider.pkce.is_used() {
            assert_eq!(q["code_challenge"], RFC_CHALLENGE, "{name}");
            assert_eq!(q["code_challenge_method"], "S256", "{name}");
        } else {
            assert!(!q.contains_key("code_challenge"), "{name}");
            assert!(!q.contains_key("code_challenge_method"), "{name}");
        }
        for (k, v) in &provider.extra_authorize_params {
            assert_eq!(&q[k], v, "{name}");
        }
        let expected_len =
            5 + 2 * usize::from(provider.pkce.is_used()) + provider.extra_authorize_params.len();
        assert_eq!(q.len(), expected_len, "{name}: {url}");
        // The verifier itself never travels in the URL.
        assert!(!url.as_str().contains(RFC_VERIFIER), "{name}");
    }
    // The per-platform facts the presets encode.
    let by_name: HashMap<String, OAuthProvider> = OAuthProvider::presets()
        .into_iter()
        .map(|p| (p.name.clone(), p))
        .collect();
    assert_eq!(by_name["tiktok"].client_id_param, "client_key");
    for comma in ["tiktok", "meta", "threads"] {
        assert_eq!(by_name[comma].scope_separator, ",", "{comma}");
    }
    for space in ["linkedin", "x", "google"] {
        assert_eq!(by_name[space].scope_separator, " ", "{space}");
    }
    assert_eq!(by_name["x"].client_auth, ClientAuth::Basic);
    assert_eq!(by_name["x"].pkce, PkceSupport::Required);
    assert_eq!(by_name["google"].pkce, PkceSupport::Supported);
    assert_eq!(by_name["threads"].pkce, PkceSupport::Unsupported);
}

#[test]
fn start_draws_fresh_state_and_verifier() {
    let c = OAuthClient::new(OAuthProvider::google(), CLIENT_ID, REDIRECT);
    let a = AuthorizationRequest::start(&c, &["openid"]).unwrap();
    let b = AuthorizationRequest::start(&c, &["openid"]).unwrap();
    assert_ne!(a.state.as_str(), b.state.as_str());
    assert_ne!(a.verifier.as_str(), b.verifier.as_str());
    let q: HashMap<String, String> = Url::parse(&a.url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(q["state"], a.state.as_str());
    assert_eq!(q["code_challenge"], a.verifier.challenge_s256());
}

#[tokio::test]
async fn exchange_code_sends_the_exact_form_per_preset() {
    for provider in OAuthProvider::presets() {
        let name = provider.name.clone();
        let server = MockServer::start().await;
        let c = client(provider.clone(), &server);
        mount_token(
            &server,
            &c.provider,
            ResponseTemplate::new(200).set_body_json(json!({
                "access_token": ACCESS,
                "refresh_token": REFRESH_OLD,
                "expires_in": 3600,
                "scope": format!("a{}b", provider.scope_separator),
                "token_type": "bearer",
            })),
        )
        .await;
        let tokens = exchange_code(&http(), &c, CODE, &verifier(), now())
            .await
            .unwrap();
        assert_eq!(tokens.access_token.expose(), ACCESS, "{name}");
        assert_eq!(tokens.refresh_token.as_ref().unwrap().expose(), REFRESH_OLD);
        assert_eq!(tokens.expires_at, Some(now() + chrono::Duration::hours(1)));
        assert_eq!(tokens.scopes, ["a", "b"], "{name}");

        let requests = received(&server).await;
        assert_eq!(requests.len(), 1, "{name}");
        let (form, auth) = &requests[0];
        let mut expected: HashMap<String, String> = [
            ("grant_type", "authorization_code"),
            ("code", CODE),
            ("redirect_uri", REDIRECT),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        if provider.pkce.is_used() {
            expected.insert("code_verifier".into(), RFC_VERIFIER.into());
        }
        match provider.client_auth {
            ClientAuth::Basic => {
                let expected_header = format!(
                    "Basic {}",
                    STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
                );
                assert_eq!(auth.as_deref(), Some(expected_header.as_str()), "{name}");
            }
            ClientAuth::Body => {
                expected.insert(provider.client_id_param.clone(), CLIENT_ID.into());
                expected.insert("client_secret".into(), CLIENT_SECRET.into());
                assert_eq!(auth, &None, "{name}");
            }
        }
        assert_eq!(form, &expected, "{name}");
    }
}

#[tokio::test]
async fn public_x_client_sends_its_id_in_the_body() {
    let server = MockServer::start().await;
    let c = OAuthClient::new(
        OAuthProvider::x().with_base_url(&server.uri()),
        CLIENT_ID,
        REDIRECT,
    );
    mount_token(
        &server,
        &c.provider,
        ResponseTemplate::new(200).set_body_json(json!({"access_token": ACCESS})),
    )
    .await;
    let tokens = exchange_code(&http(), &c, CODE, &verifier(), now())
        .await
        .unwrap();
    assert_eq!(tokens.expires_at, None);
    assert_eq!(tokens.refresh_token, None);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].0["client_id"], CLIENT_ID);
    assert_eq!(requests[0].0["code_verifier"], RFC_VERIFIER);
    assert_eq!(requests[0].1, None);
}

#[tokio::test]
async fn refresh_with_rotation_replaces_the_refresh_token() {
    let server = MockServer::start().await;
    let c = client(OAuthProvider::tiktok(), &server);
    mount_token(
        &server,
        &c.provider,
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": ACCESS, "refresh_token": REFRESH_NEW, "expires_in": 86400,
            "refresh_expires_in": 31536000, "open_id": "u1", "scope": "user.info.basic,video.list",
            "token_type": "Bearer",
        })),
    )
    .await;
    let tokens = refresh(&http(), &c, &Secret::new(REFRESH_OLD), now())
        .await
        .unwrap();
    assert_eq!(tokens.refresh_token.unwrap().expose(), REFRESH_NEW);
    assert_eq!(tokens.scopes, ["user.info.basic", "video.list"]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let form = &requests[0].0;
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(form["refresh_token"], REFRESH_OLD);
    assert_eq!(form["client_key"], CLIENT_ID);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    assert!(!form.contains_key("client_id"));
    assert_eq!(form.len(), 4);
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_refresh_token() {
    let server = MockServer::start().await;
    let c = client(OAuthProvider::google(), &server);
    mount_token(
        &server,
        &c.provider,
        ResponseTemplate::new(200).set_body_json(
            json!({"access_token": ACCESS, "expires_in": 3599, "token_type": "Bearer"}),
        ),
    )
    .await;
    let tokens = refresh(&http(), &c, &Secret::new(REFRESH_OLD), now())
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), ACCESS);
    assert_eq!(tokens.refresh_token.unwrap().expose(), REFRESH_OLD);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn refresh_rejected_is_reauth_required() {
    for (status, body) in [
        (
            400,
            json!({"error": "invalid_grant", "error_description": "Token has been expired or revoked."}),
        ),
        (400, json!({"error": "invalid_token"})),
        (401, json!({"error": "unauthorized_client"})),
    ] {
        let server = MockServer::start().await;
        let c = client(OAuthProvider::x(), &server);
        mount_token(
            &server,
            &c.provider,
            ResponseTemplate::new(status).set_body_json(body),
        )
        .await;
        let err = refresh(&http(), &c, &Secret::new(REFRESH_OLD), now())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "reauth_required", "{status}: {err}");
        assert!(!err.to_string().contains(REFRESH_OLD));
        assert_eq!(received(&server).await.len(), 1);
    }
}

#[tokio::test]
async fn other_4xx_is_upstream_with_status_and_a_secret_free_message() {
    let server = MockServer::start().await;
    let c = client(OAuthProvider::linkedin(), &server);
    // A provider echoing what it was sent must not put it into our error.
    mount_token(
        &server,
        &c.provider,
        ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_request",
            "error_description": format!("code {CODE} with secret {CLIENT_SECRET} is invalid"),
        })),
    )
    .await;
    let err = exchange_code(&http(), &c, CODE, &verifier(), now())
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), ("upstream", Some(400)));
    let text = format!("{err} {err:?}");
    assert!(text.contains("invalid_request"), "{text}");
    for secret in [CODE, CLIENT_SECRET, RFC_VERIFIER] {
        assert!(!text.contains(secret), "{text}");
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn exchange_rejected_is_upstream_not_reauth() {
    let server = MockServer::start().await;
    let c = client(OAuthProvider::google(), &server);
    mount_token(
        &server,
        &c.provider,
        ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})),
    )
    .await;
    let err = exchange_code(&http(), &c, CODE, &verifier(), now())
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), ("upstream", Some(400)));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn malformed_token_json_is_invalid_response() {
    for body in [
        format!(r#"{{"access_token": "{ACCESS}", "refresh_token": "{REFRESH_NEW}""#), // cut off
        "<html>502 Bad Gateway</html>".to_owned(),
        r#"{"token_type": "bearer"}"#.to_owned(), // no access_token
        format!(r#"{{"access_token": 42, "note": "{REFRESH_OLD}"}}"#), // wrong type
    ] {
        let server = MockServer::start().await;
        let c = client(OAuthProvider::x(), &server);
        mount_token(
            &server,
            &c.provider,
            ResponseTemplate::new(200).set_body_string(body.clone()),
        )
        .await;
        let err = refresh(&http(), &c, &Secret::new(REFRESH_OLD), now())
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), err.status()),
            ("invalid_response", Some(200)),
            "{body}"
        );
        let text = format!("{err} {err:?}");
        for secret in [ACCESS, REFRESH_NEW, REFRESH_OLD, CLIENT_SECRET] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(received(&server).await.len(), 1);
    }
}

#[tokio::test]
async fn providers_without_refresh_tokens_need_reauth_without_a_request() {
    for provider in [OAuthProvider::meta(), OAuthProvider::threads()] {
        let server = MockServer::start().await;
        let c = client(provider, &server);
        let err = refresh(&http(), &c, &Secret::new(REFRESH_OLD), now())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "reauth_required");
        assert_eq!(received(&server).await.len(), 0);
    }
}

/// Formats (Debug, alternate Debug, Display) every type that holds a secret and every error
/// these scenarios produce, and greps the text for the secret values.
#[tokio::test]
async fn no_secret_in_any_debug_display_or_error() {
    let secrets = [
        CLIENT_SECRET,
        CODE,
        RFC_VERIFIER,
        ACCESS,
        REFRESH_OLD,
        REFRESH_NEW,
        "state-xyz",
    ];
    let mut texts: Vec<String> = Vec::new();

    let server = MockServer::start().await;
    let c = client(OAuthProvider::x(), &server);
    let state = OAuthState::from_string("state-xyz").unwrap();
    let tokens = TokenSet::bearer(Secret::new(ACCESS))
        .with_refresh_token(Secret::new(REFRESH_OLD))
        .expiring_in(now(), 60);
    let started = AuthorizationRequest {
        url: "https://x.example/".into(),
        state: state.clone(),
        verifier: verifier(),
    };
    let vault = Arc::new(TokenVault::new(vec![("k1".into(), [3u8; 32])], "k1").unwrap());
    let sealed_rows = Arc::new(MemorySealedStore::default());
    let vault_store = VaultTokenStore::new(vault.clone(), sealed_rows.clone());
    let memory = MemoryTokenStore::default();
    use brandpilot::token::TokenStore as _;
    vault_store.put("ada", &tokens).await.unwrap();
    memory.put("ada", &tokens).await.unwrap();
    let manager = brandpilot::token::TokenManager::new(http(), c.clone(), Arc::new(memory));
    texts.push(format!("{c:?} {c:#?}"));
    texts.push(format!("{:?}", c.provider));
    texts.push(format!("{tokens:?} {tokens:#?} {}", tokens.access_token));
    texts.push(format!("{started:?} {started:#?}"));
    texts.push(format!("{state:?} {:?}", verifier()));
    texts.push(format!("{vault_store:?} {sealed_rows:?} {manager:?}"));
    texts.push(format!("{:?}", manager.store().get("ada").await.unwrap()));
    texts.push(format!("{:?}", vault_store.get("ada").await.unwrap()));

    // Errors: every kind the flow produces, with bodies that echo what the request sent.
    let mut errors: Vec<Error> = Vec::new();
    let bodies = |echo: &str| {
        vec![
            (
                400,
                json!({"error": "invalid_grant", "error_description": echo}).to_string(),
            ),
            (
                400,
                json!({"error": "invalid_request", "error_description": echo}).to_string(),
            ),
            (401, echo.to_owned()),
            (
                403,
                json!({"error": {"message": echo, "type": "OAuthException", "code": 10}})
                    .to_string(),
            ),
            (200, format!(r#"{{"access_token": "{ACCESS}", "oops"#)),
            (200, json!({"note": echo}).to_string()),
            (
                200,
                json!({"error": "server_error", "error_description": echo}).to_string(),
            ),
            (429, echo.to_owned()),
        ]
    };
    let exchange_echo = format!("{CODE} {CLIENT_SECRET} {RFC_VERIFIER}");
    let refresh_echo = format!("{REFRESH_OLD} {CLIENT_SECRET}");
    for (is_refresh, echo) in [(false, exchange_echo), (true, refresh_echo)] {
        for (status, body) in bodies(&echo) {
            let server = MockServer::start().await;
            let c = client(OAuthProvider::x(), &server);
            Mock::given(method("POST"))
                .respond_with(ResponseTemplate::new(status).set_body_string(body))
                .expect(1)
                .mount(&server)
                .await;
            errors.push(if is_refresh {
                refresh(&http(), &c, &Secret::new(REFRESH_OLD), now())
                    .await
                    .unwrap_err()
            } else {
                exchange_code(&http(), &c, CODE, &verifier(), now())
                    .await
                    .unwrap_err()
            });
            assert_eq!(received(&server).await.len(), 1);
        }
    }
    let other = TokenVault::new(vec![("k1".into(), [4u8; 32])], "k1").unwrap();
    let wrong_key = VaultTokenStore::new(Arc::new(other), sealed_rows.clone());
    errors.push(wrong_key.get("ada").await.unwrap_err());
    let codes: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        [
            "invalid_input",
            "invalid_response",
            "rate_limited",
            "reauth_required",
            "upstream"
        ]
    );
    for e in &errors {
        texts.push(format!("{e} | {e:?} | {e:#?} | {}", e.message()));
    }
    for text in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
}
