//! The Node face of `brandpilot::platform::oauth` and the sealed token sets of
//! `brandpilot::token`: `oauthAuthorizeUrl`, `oauthStart`, `oauthExchangeCode` (async),
//! `oauthRefresh` (async), `sealTokenSet` and `openTokenSet`.
//!
//! Field names in errors are the core's: `client.provider`, `client.redirect_uri`, `scopes[0]`,
//! `state`, `code_verifier`, `code`, `refresh_token`, `now`, `keys.<id>`, `current_key_id`,
//! `account`, `tokens.access_token`, `sealed`.

use brandpilot::platform::oauth::{self, OAuthClientSpec, TokenSet};
use brandpilot::token::VaultSpec;
use chrono::{DateTime, Utc};
use napi::Env;
use napi::bindgen_prelude::PromiseRaw;
use napi_derive::napi;

use crate::call;
use crate::convert::{from_json, to_json};
use crate::task::{call_async, http_client};

/// The authorisation URL for a given `state` and PKCE `code_verifier` (deterministic).
///
/// Native half of `oauthAuthorizeUrl` (see `index.d.ts`): `client` (an `OAuthClientSpec`),
/// `scopes` (`string[]`), `state` and `code_verifier` as JSON texts; returns the URL itself
/// (not JSON). Throws an `Error` with `code === 'invalid_input'` and `field`
/// (`client.provider`, `client.redirect_uri`, `scopes[1]`, `state`, `code_verifier`).
#[napi(js_name = "oauthAuthorizeUrl")]
pub fn oauth_authorize_url(
    env: &Env,
    client: String,
    scopes: String,
    state: String,
    code_verifier: String,
) -> napi::Result<String> {
    call(env, || {
        let client: OAuthClientSpec = from_json(&client, "client")?;
        let scopes: Vec<String> = from_json(&scopes, "scopes")?;
        let state: String = from_json(&state, "state")?;
        let code_verifier: String = from_json(&code_verifier, "code_verifier")?;
        oauth::authorize_url_for(&client, &scopes, &state, &code_verifier)
    })
}

/// Starts a flow with a fresh `state` and PKCE verifier from the OS CSPRNG.
///
/// Native half of `oauthStart`: `client` and `scopes` as JSON texts; returns the
/// `AuthorizationStart` (`{ url, state, code_verifier }`) as JSON text. Throws an `Error`
/// with `code === 'invalid_input'` and `field` on bad input, as `oauthAuthorizeUrl`.
#[napi(js_name = "oauthStart")]
pub fn oauth_start(env: &Env, client: String, scopes: String) -> napi::Result<String> {
    call(env, || {
        let client: OAuthClientSpec = from_json(&client, "client")?;
        let scopes: Vec<String> = from_json(&scopes, "scopes")?;
        to_json(&oauth::start_authorization(&client, &scopes)?)
    })
}

/// Exchanges the callback's authorisation code for tokens at the provider's token endpoint.
///
/// Native half of `oauthExchangeCode`: `client`, `code`, `code_verifier` and `now` as JSON
/// texts; returns a Promise of the `TokenSet` as JSON text. Bad arguments are thrown as an
/// `Error` with `code === 'invalid_input'` (the wrapper turns that into a rejection); the
/// exchange's own failures reject with their code (`upstream`, `invalid_response`,
/// `network`, `timeout`, `rate_limited`, ...).
#[napi(js_name = "oauthExchangeCode", ts_return_type = "Promise<string>")]
pub fn oauth_exchange_code<'env>(
    env: &'env Env,
    client: String,
    code: String,
    code_verifier: String,
    now: String,
) -> napi::Result<PromiseRaw<'env, String>> {
    call_async(env, || {
        let client: OAuthClientSpec = from_json(&client, "client")?;
        let code: String = from_json(&code, "code")?;
        let code_verifier: String = from_json(&code_verifier, "code_verifier")?;
        let now: DateTime<Utc> = from_json(&now, "now")?;
        Ok(async move {
            let http = http_client()?;
            let tokens =
                oauth::exchange_code_for(&http, &client, &code, &code_verifier, now).await?;
            to_json(&tokens)
        })
    })
}

/// Refreshes an account's tokens with its refresh token.
///
/// Native half of `oauthRefresh`: `client`, `refresh_token` and `now` as JSON texts;
/// returns a Promise of the new `TokenSet` as JSON text (the refresh token kept when the
/// provider does not rotate it). A rejected refresh token rejects with
/// `code === 'reauth_required'`; other failures as `oauthExchangeCode`.
#[napi(js_name = "oauthRefresh", ts_return_type = "Promise<string>")]
pub fn oauth_refresh<'env>(
    env: &'env Env,
    client: String,
    refresh_token: String,
    now: String,
) -> napi::Result<PromiseRaw<'env, String>> {
    call_async(env, || {
        let client: OAuthClientSpec = from_json(&client, "client")?;
        let refresh_token: String = from_json(&refresh_token, "refresh_token")?;
        let now: DateTime<Utc> = from_json(&now, "now")?;
        Ok(async move {
            let http = http_client()?;
            to_json(&oauth::refresh_for(&http, &client, &refresh_token, now).await?)
        })
    })
}

/// Seals a token set for one account: `bp1.<key_id>.<nonce>.<ciphertext>` (AES-256-GCM,
/// the account as associated data).
///
/// Native half of `sealTokenSet`: `vault` (a `VaultSpec`), `account` and `tokens` (a
/// `TokenSet`) as JSON texts; returns the sealed text itself (not JSON). Throws an `Error`
/// with `code === 'invalid_input'` and `field` (`keys.<id>`, `current_key_id`, `account`,
/// `tokens.access_token`, ...) on bad input.
#[napi(js_name = "sealTokenSet")]
pub fn seal_token_set(
    env: &Env,
    vault: String,
    account: String,
    tokens: String,
) -> napi::Result<String> {
    call(env, || {
        let vault: VaultSpec = from_json(&vault, "vault")?;
        let account: String = from_json(&account, "account")?;
        let tokens: TokenSet = from_json(&tokens, "tokens")?;
        vault.to_vault()?.seal_token_set(&account, &tokens)
    })
}

/// Opens a token set sealed for `account` (by any binding or the core).
///
/// Native half of `openTokenSet`: `vault`, `account` and `sealed` as JSON texts; returns the
/// `TokenSet` as JSON text. A wrong key, another account's text or tampered text throws an
/// `Error` with `code === 'invalid_input'` and `field === 'sealed'`.
#[napi(js_name = "openTokenSet")]
pub fn open_token_set(
    env: &Env,
    vault: String,
    account: String,
    sealed: String,
) -> napi::Result<String> {
    call(env, || {
        let vault: VaultSpec = from_json(&vault, "vault")?;
        let account: String = from_json(&account, "account")?;
        let sealed: String = from_json(&sealed, "sealed")?;
        to_json(&vault.to_vault()?.open_token_set(&account, &sealed)?)
    })
}
