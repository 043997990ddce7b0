//! OAuth 2.0 and sealed tokens: [`oauth_authorize_url`], [`oauth_start`], the async
//! [`oauth_exchange_code`] and [`oauth_refresh`] (Kotlin `suspend fun`, Swift `async`), and
//! [`seal_token_set`] / [`open_token_set`], each with its JSON-string form.
//!
//! `client` is an `OAuthClientSpec` (a preset name or a whole provider, `base_url` to move
//! the endpoints), `vault` a `VaultSpec` (key id → base64 of 32 bytes). A `TokenSet` comes
//! back with its tokens as plain strings (`Secret` is a `String` typealias in Kotlin and
//! Swift): the host needs them; seal it ([`seal_token_set`]) before storing it.
//!
//! Errors: bad arguments are `InvalidInput` naming the field (`client.redirect_uri`,
//! `code_verifier`, `scopes[2]`, `keys.<id>`, `sealed`); the token endpoint's failures keep
//! their codes (`ReauthRequired` for a rejected refresh token, `InvalidResponse`, `Network`,
//! `Timeout`, `Upstream`, ...), exactly as the sync functions map them.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use brandpilot::platform::oauth::{
    self, AuthorizationStart, OAuthClientSpec, TokenSet, authorize_url_for, start_authorization,
};
use brandpilot::token::VaultSpec;

use crate::runtime::{http, run};
use crate::{BrandpilotError, guard, json};

/// The authorisation URL for `client` with the given `state` and PKCE `code_verifier`
/// (deterministic: the same arguments give the same URL). Send the person's browser there.
///
/// Throws `InvalidInput` at `client.<field>` for a bad client (an unknown preset at
/// `client.provider`), at `scopes[i]`, `state` or `code_verifier`.
#[uniffi::export]
pub fn oauth_authorize_url(
    client: OAuthClientSpec,
    scopes: Vec<String>,
    state: String,
    code_verifier: String,
) -> Result<String, BrandpilotError> {
    guard(|| Ok(authorize_url_for(&client, &scopes, &state, &code_verifier)?))
}

/// Starts a flow: a fresh `state` and PKCE verifier (OS CSPRNG) and the URL built from
/// them. Keep `state` and `codeVerifier` in the session for the callback.
///
/// Throws `InvalidInput` like [`oauth_authorize_url`].
#[uniffi::export]
pub fn oauth_start(
    client: OAuthClientSpec,
    scopes: Vec<String>,
) -> Result<AuthorizationStart, BrandpilotError> {
    guard(|| Ok(start_authorization(&client, &scopes)?))
}

/// Exchanges the callback's `code` (with the flow's `code_verifier`) for tokens at the
/// provider's token endpoint; `now` dates `expires_at`. Check the callback's `state` first.
///
/// Kotlin `suspend fun`, Swift `async`. Throws `InvalidInput` (`client.*`, `code`,
/// `code_verifier`), or the endpoint's failure: `Upstream` (a rejected code), `InvalidResponse`,
/// `Network`, `Timeout`, `RateLimited`.
#[uniffi::export]
pub async fn oauth_exchange_code(
    client: OAuthClientSpec,
    code: String,
    code_verifier: String,
    now: DateTime<Utc>,
) -> Result<TokenSet, BrandpilotError> {
    run(async move {
        Ok(oauth::exchange_code_for(&http()?, &client, &code, &code_verifier, now).await?)
    })
    .await
}

/// Refreshes with `refresh_token`; the result keeps the old refresh token when the provider
/// does not rotate it.
///
/// Kotlin `suspend fun`, Swift `async`. A rejected refresh token (`invalid_grant`, a 401)
/// throws `ReauthRequired`: the person must connect again. Otherwise as
/// [`oauth_exchange_code`] (`InvalidInput` at `refresh_token` when it is empty).
#[uniffi::export]
pub async fn oauth_refresh(
    client: OAuthClientSpec,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<TokenSet, BrandpilotError> {
    run(async move { Ok(oauth::refresh_for(&http()?, &client, &refresh_token, now).await?) }).await
}

/// Seals `tokens` for `account` with the vault's current key (AES-256-GCM, the account as
/// associated data): `bp1.<key_id>.<nonce>.<ciphertext>`, safe to store.
///
/// Throws `InvalidInput` at `keys.<id>` (not base64 of 32 bytes) or `current_key_id`.
#[uniffi::export]
pub fn seal_token_set(
    vault: VaultSpec,
    account: String,
    tokens: TokenSet,
) -> Result<String, BrandpilotError> {
    guard(|| Ok(vault.to_vault()?.seal_token_set(&account, &tokens)?))
}

/// Opens what [`seal_token_set`] made for `account`.
///
/// Throws `InvalidInput` at `sealed` for another account's text, a retired or wrong key, or
/// tampered text; at `keys.<id>` / `current_key_id` for a bad vault.
#[uniffi::export]
pub fn open_token_set(
    vault: VaultSpec,
    account: String,
    sealed: String,
) -> Result<TokenSet, BrandpilotError> {
    guard(|| Ok(vault.to_vault()?.open_token_set(&account, &sealed)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorizeUrlJson {
    client: OAuthClientSpec,
    scopes: Vec<String>,
    state: String,
    code_verifier: String,
}

/// [`oauth_authorize_url`] on JSON text: `{"client", "scopes", "state", "code_verifier"}`
/// in, the URL as a JSON string out.
#[uniffi::export]
pub fn oauth_authorize_url_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let AuthorizeUrlJson {
            client,
            scopes,
            state,
            code_verifier,
        } = json::parse(&input_json)?;
        json::to_string(&authorize_url_for(
            &client,
            &scopes,
            &state,
            &code_verifier,
        )?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartJson {
    client: OAuthClientSpec,
    scopes: Vec<String>,
}

/// [`oauth_start`] on JSON text: `{"client", "scopes"}` in, the `AuthorizationStart`
/// (`{"url", "state", "code_verifier"}`) as JSON out.
#[uniffi::export]
pub fn oauth_start_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let StartJson { client, scopes } = json::parse(&input_json)?;
        json::to_string(&start_authorization(&client, &scopes)?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExchangeCodeJson {
    client: OAuthClientSpec,
    code: String,
    code_verifier: String,
    now: DateTime<Utc>,
}

/// [`oauth_exchange_code`] on JSON text: `{"client", "code", "code_verifier", "now"}` in,
/// the `TokenSet` as JSON out (Kotlin `suspend fun`, Swift `async`).
#[uniffi::export]
pub async fn oauth_exchange_code_json(input_json: String) -> Result<String, BrandpilotError> {
    run(async move {
        let ExchangeCodeJson {
            client,
            code,
            code_verifier,
            now,
        } = json::parse(&input_json)?;
        json::to_string(
            &oauth::exchange_code_for(&http()?, &client, &code, &code_verifier, now).await?,
        )
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshJson {
    client: OAuthClientSpec,
    refresh_token: String,
    now: DateTime<Utc>,
}

/// [`oauth_refresh`] on JSON text: `{"client", "refresh_token", "now"}` in, the `TokenSet`
/// as JSON out (Kotlin `suspend fun`, Swift `async`).
#[uniffi::export]
pub async fn oauth_refresh_json(input_json: String) -> Result<String, BrandpilotError> {
    run(async move {
        let RefreshJson {
            client,
            refresh_token,
            now,
        } = json::parse(&input_json)?;
        json::to_string(&oauth::refresh_for(&http()?, &client, &refresh_token, now).await?)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SealJson {
    vault: VaultSpec,
    account: String,
    tokens: TokenSet,
}

/// [`seal_token_set`] on JSON text: `{"vault", "account", "tokens"}` in, the sealed text as
/// a JSON string out.
#[uniffi::export]
pub fn seal_token_set_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let SealJson {
            vault,
            account,
            tokens,
        } = json::parse(&input_json)?;
        json::to_string(&vault.to_vault()?.seal_token_set(&account, &tokens)?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenJson {
    vault: VaultSpec,
    account: String,
    sealed: String,
}

/// [`open_token_set`] on JSON text: `{"vault", "account", "sealed"}` in, the `TokenSet` as
/// JSON out.
#[uniffi::export]
pub fn open_token_set_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let OpenJson {
            vault,
            account,
            sealed,
        } = json::parse(&input_json)?;
        json::to_string(&vault.to_vault()?.open_token_set(&account, &sealed)?)
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    use brandpilot::platform::oauth::ProviderRef;

    use super::*;

    /// A tiny RFC 6749 token endpoint on 127.0.0.1: answers every request with `status` and
    /// `body`, and records each request's first line, headers and form body.
    struct TokenServer {
        port: u16,
        seen: Arc<Mutex<Vec<(String, String, String)>>>,
    }

    impl TokenServer {
        fn start(status: u16, body: &'static str) -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let seen = Arc::new(Mutex::new(Vec::new()));
            let log = Arc::clone(&seen);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { return };
                    let mut reader = BufReader::new(stream);
                    let (mut line, mut headers) = (String::new(), String::new());
                    reader.read_line(&mut line).unwrap();
                    let mut length = 0;
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap();
                        if h.trim().is_empty() {
                            break;
                        }
                        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap();
                        }
                        headers.push_str(&h);
                    }
                    let mut form = vec![0; length];
                    reader.read_exact(&mut form).unwrap();
                    log.lock().unwrap().push((
                        line.trim().to_owned(),
                        headers,
                        String::from_utf8(form).unwrap(),
                    ));
                    let reply = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    reader.get_mut().write_all(reply.as_bytes()).unwrap();
                }
            });
            TokenServer { port, seen }
        }

        fn base_url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        fn requests(&self) -> Vec<(String, String, String)> {
            self.seen.lock().unwrap().clone()
        }
    }

    fn client(preset: &str, base_url: String) -> OAuthClientSpec {
        OAuthClientSpec {
            provider: ProviderRef::Preset(preset.into()),
            client_id: "app-1".into(),
            client_secret: Some("shh".into()),
            redirect_uri: "https://app.example/cb".into(),
            base_url: Some(base_url),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T09:00:00Z".parse().unwrap()
    }

    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn field(err: BrandpilotError) -> String {
        match err {
            BrandpilotError::InvalidInput { field, .. } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn exchange_posts_the_form_and_parses_the_token_set() {
        let server = TokenServer::start(
            200,
            r#"{"access_token":"at-1","refresh_token":"rt-1","expires_in":3600,"scope":"openid w_member_social","token_type":"Bearer"}"#,
        );
        let tokens = oauth_exchange_code(
            client("linkedin", server.base_url()),
            "the-code".into(),
            VERIFIER.into(),
            now(),
        )
        .await
        .unwrap();
        assert_eq!(tokens.access_token.expose(), "at-1");
        assert_eq!(tokens.refresh_token.as_ref().unwrap().expose(), "rt-1");
        assert_eq!(
            tokens.expires_at,
            Some("2026-11-23T10:00:00Z".parse().unwrap())
        );
        assert_eq!(tokens.scopes, ["openid", "w_member_social"]);
        let seen = server.requests();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0, "POST /oauth/v2/accessToken HTTP/1.1");
        let mut form: Vec<&str> = seen[0].2.split('&').collect();
        form.sort_unstable();
        assert_eq!(
            form,
            [
                "client_id=app-1",
                "client_secret=shh",
                "code=the-code",
                "grant_type=authorization_code",
                "redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
            ]
        );

        // The JSON form gives the same token set.
        let input = serde_json::json!({
            "client": {"provider": "linkedin", "client_id": "app-1", "client_secret": "shh",
                       "redirect_uri": "https://app.example/cb", "base_url": server.base_url()},
            "code": "the-code", "code_verifier": VERIFIER, "now": "2026-11-23T09:00:00Z",
        });
        let out = oauth_exchange_code_json(input.to_string()).await.unwrap();
        assert_eq!(out, serde_json::to_string(&tokens).unwrap());
        assert_eq!(server.requests().len(), 2);
    }

    #[tokio::test]
    async fn refresh_errors_keep_their_codes() {
        let rejected = TokenServer::start(400, r#"{"error":"invalid_grant"}"#);
        let err = oauth_refresh(client("x", rejected.base_url()), "rt-old".into(), now())
            .await
            .unwrap_err();
        assert!(
            matches!(err, BrandpilotError::ReauthRequired { .. }),
            "{err:?}"
        );
        assert_eq!(rejected.requests().len(), 1);
        assert!(
            rejected.requests()[0]
                .2
                .contains("grant_type=refresh_token")
        );
        // X authenticates a confidential client with HTTP Basic.
        assert!(
            rejected.requests()[0]
                .1
                .to_ascii_lowercase()
                .contains("authorization: basic ")
        );

        let garbage = TokenServer::start(200, "{not json");
        let err = oauth_refresh(client("x", garbage.base_url()), "rt".into(), now())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_response", "{err:?}");

        // A closed port: bind, note the port, drop the listener.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = oauth_refresh(
            client("x", format!("http://127.0.0.1:{port}")),
            "rt".into(),
            now(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "network", "{err:?}");
    }

    #[tokio::test]
    async fn async_bad_input_names_the_field_without_a_request() {
        let server = TokenServer::start(200, r#"{"access_token":"a"}"#);
        let err = oauth_refresh(client("x", server.base_url()), " ".into(), now())
            .await
            .unwrap_err();
        assert_eq!(field(err), "refresh_token");
        let err = oauth_exchange_code(
            client("x", server.base_url()),
            "c".into(),
            "short".into(),
            now(),
        )
        .await
        .unwrap_err();
        assert_eq!(field(err), "code_verifier");
        let err = oauth_exchange_code(
            client("myspace", server.base_url()),
            "c".into(),
            VERIFIER.into(),
            now(),
        )
        .await
        .unwrap_err();
        assert_eq!(field(err), "client.provider");
        for (input, want) in [
            ("[]", ""),
            (
                r#"{"client": {}, "refresh_token": "r", "now": "2026-11-23T09:00:00Z"}"#,
                "client",
            ),
            (
                r#"{"client": {"provider": 5, "client_id": "a", "redirect_uri": "https://a.example/cb"}, "refresh_token": "r", "now": "2026-11-23T09:00:00Z"}"#,
                "client.provider",
            ),
        ] {
            let err = oauth_refresh_json(input.into()).await.unwrap_err();
            assert_eq!(field(err), want, "{input}");
        }
        let err = oauth_exchange_code_json(
            r#"{"client": {"provider": "x", "client_id": "a", "redirect_uri": "https://a.example/cb"}, "code": "c", "code_verifier": "v", "now": "soon"}"#.into(),
        )
        .await
        .unwrap_err();
        assert_eq!(field(err), "now");
        assert!(server.requests().is_empty());
    }

    #[test]
    fn seal_open_round_trip_bound_to_the_account() {
        let vault = VaultSpec {
            current_key_id: "k1".into(),
            keys: [(
                "k1".to_owned(),
                "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=".into(),
            )]
            .into(),
        };
        let tokens = TokenSet::bearer("at-1".into()).with_refresh_token("rt-1".into());
        let sealed = seal_token_set(vault.clone(), "ada".into(), tokens.clone()).unwrap();
        assert!(sealed.starts_with("bp1.k1.") && !sealed.contains("at-1"));
        assert_eq!(
            open_token_set(vault.clone(), "ada".into(), sealed.clone()).unwrap(),
            tokens
        );
        let err = open_token_set(vault.clone(), "bob".into(), sealed.clone()).unwrap_err();
        assert_eq!(field(err), "sealed");

        let vault_json = serde_json::json!({"current_key_id": "k1", "keys": {"k1": "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="}});
        let sealed_json: String = serde_json::from_str(
            &seal_token_set_json(
                serde_json::json!({"vault": vault_json, "account": "ada", "tokens": {"access_token": "at-1", "refresh_token": "rt-1"}})
                    .to_string(),
            )
            .unwrap(),
        )
        .unwrap();
        let opened = open_token_set_json(
            serde_json::json!({"vault": vault_json, "account": "ada", "sealed": sealed_json})
                .to_string(),
        )
        .unwrap();
        assert_eq!(opened, serde_json::to_string(&tokens).unwrap());
        let short = serde_json::json!({"current_key_id": "k1", "keys": {"k1": "AAAA"}});
        let err = open_token_set_json(
            serde_json::json!({"vault": short, "account": "ada", "sealed": sealed}).to_string(),
        )
        .unwrap_err();
        assert_eq!(field(err), "keys.k1");
        let err = seal_token_set_json(
            serde_json::json!({"vault": vault_json, "account": "ada", "tokens": {"refresh_token": "r"}}).to_string(),
        )
        .unwrap_err();
        assert_eq!(field(err), "tokens");
    }

    #[test]
    fn authorize_url_typed_and_json_agree() {
        let spec = client("x", "http://127.0.0.1:9".into());
        let url = oauth_authorize_url(
            spec,
            vec!["tweet.read".into()],
            "st4te".into(),
            VERIFIER.into(),
        )
        .unwrap();
        assert!(
            url.starts_with("http://127.0.0.1:9/i/oauth2/authorize?"),
            "{url}"
        );
        assert!(url.contains("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        let input = serde_json::json!({
            "client": {"provider": "x", "client_id": "app-1", "client_secret": "shh",
                       "redirect_uri": "https://app.example/cb", "base_url": "http://127.0.0.1:9"},
            "scopes": ["tweet.read"], "state": "st4te", "code_verifier": VERIFIER,
        });
        assert_eq!(
            oauth_authorize_url_json(input.to_string()).unwrap(),
            serde_json::to_string(&url).unwrap()
        );
        let started = oauth_start(
            client("google", "http://127.0.0.1:9".into()),
            vec!["openid".into()],
        )
        .unwrap();
        assert!(started.url.contains(&started.state));
        let err = oauth_start_json(r#"{"client": {"provider": "x", "client_id": "a", "redirect_uri": "https://a.example/cb"}, "scopes": ["a b"]}"#.into()).unwrap_err();
        assert_eq!(field(err), "scopes[0]");
    }
}
