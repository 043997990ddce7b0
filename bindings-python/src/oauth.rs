//! The Python face of `brandpilot::platform::oauth` (the OAuth flow in host-shaped JSON) and
//! of sealed token sets (`brandpilot::token::VaultSpec`).
//!
//! The two token-endpoint calls are I/O: each is an awaitable (`oauth_exchange_code`,
//! `oauth_refresh`, plain `async def`s for asyncio) plus a `*_blocking` form that releases
//! the GIL while it waits. Both go through [`crate::runtime`]. The other four functions are
//! plain, synchronous calls like the rest of the module.

use brandpilot::platform::oauth::{self, OAuthClientSpec, TokenSet};
use brandpilot::token::VaultSpec;
use chrono::{DateTime, Utc};
use pyo3::prelude::*;

use crate::call;
use crate::convert::from_py;
use crate::runtime::{awaitable, blocking};

/// The authorisation URL for a given `state` and PKCE `code_verifier` (deterministic).
///
/// `client` is an `OAuthClientSpec` dict (`{"provider": "x" | {...}, "client_id",
/// "client_secret"?, "redirect_uri", "base_url"?}`), `scopes` a list of scope names.
/// Raises `InvalidInputError` (`.field` e.g. `client.provider`, `scopes[1]`,
/// `code_verifier`) on bad input.
#[pyfunction]
#[pyo3(signature = (client, scopes, state, code_verifier))]
pub fn oauth_authorize_url<'py>(
    py: Python<'py>,
    client: &Bound<'py, PyAny>,
    scopes: &Bound<'py, PyAny>,
    state: &Bound<'py, PyAny>,
    code_verifier: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(OAuthClientSpec, Vec<String>, String, String)> {
            Ok((
                from_py(client, "client")?,
                from_py(scopes, "scopes")?,
                from_py(state, "state")?,
                from_py(code_verifier, "code_verifier")?,
            ))
        },
        move |(client, scopes, state, verifier)| {
            oauth::authorize_url_for(&client, &scopes, &state, &verifier)
        },
    )
}

/// Starts an authorisation flow with a fresh `state` and PKCE verifier (OS randomness).
///
/// Returns an `AuthorizationStart` dict `{"url", "state", "code_verifier"}`: send the person
/// to `url`, keep `state` and `code_verifier` in the session for the callback. Raises
/// `InvalidInputError` like `oauth_authorize_url`.
#[pyfunction]
#[pyo3(signature = (client, scopes))]
pub fn oauth_start<'py>(
    py: Python<'py>,
    client: &Bound<'py, PyAny>,
    scopes: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(OAuthClientSpec, Vec<String>)> {
            Ok((from_py(client, "client")?, from_py(scopes, "scopes")?))
        },
        move |(client, scopes)| oauth::start_authorization(&client, &scopes),
    )
}

/// The arguments of a code exchange.
struct Exchange {
    client: OAuthClientSpec,
    code: String,
    code_verifier: String,
    now: DateTime<Utc>,
}

fn read_exchange(
    client: &Bound<'_, PyAny>,
    code: &Bound<'_, PyAny>,
    code_verifier: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
) -> brandpilot::Result<Exchange> {
    Ok(Exchange {
        client: from_py(client, "client")?,
        code: from_py(code, "code")?,
        code_verifier: from_py(code_verifier, "code_verifier")?,
        now: from_py(now, "now")?,
    })
}

async fn exchange(http: brandpilot::http::HttpClient, a: Exchange) -> brandpilot::Result<TokenSet> {
    oauth::exchange_code_for(&http, &a.client, &a.code, &a.code_verifier, a.now).await
}

/// The arguments of a refresh.
struct Refresh {
    client: OAuthClientSpec,
    refresh_token: String,
    now: DateTime<Utc>,
}

fn read_refresh(
    client: &Bound<'_, PyAny>,
    refresh_token: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
) -> brandpilot::Result<Refresh> {
    Ok(Refresh {
        client: from_py(client, "client")?,
        refresh_token: from_py(refresh_token, "refresh_token")?,
        now: from_py(now, "now")?,
    })
}

async fn refresh(http: brandpilot::http::HttpClient, a: Refresh) -> brandpilot::Result<TokenSet> {
    oauth::refresh_for(&http, &a.client, &a.refresh_token, a.now).await
}

/// Exchanges the callback's `code` (with the flow's `code_verifier`) for tokens at the
/// provider's token endpoint (awaitable; `oauth_exchange_code_blocking` is the blocking form).
///
/// `client` is an `OAuthClientSpec` dict, `now` an RFC 3339 string or aware `datetime` (the
/// base of `expires_at`). Returns a `TokenSet` dict whose tokens are plain strings: seal it
/// (`seal_token_set`) before storing. Raised by `await`: `InvalidInputError` on bad input,
/// `ReauthRequiredError` when the provider rejects the grant, `InvalidResponseError`,
/// `NetworkError`, `RequestTimeoutError`, `RateLimitedError`, `UpstreamError`.
#[pyfunction]
#[pyo3(signature = (client, code, code_verifier, now))]
pub async fn oauth_exchange_code(
    client: Py<PyAny>,
    code: Py<PyAny>,
    code_verifier: Py<PyAny>,
    now: Py<PyAny>,
) -> PyResult<Py<PyAny>> {
    awaitable(
        move |py| {
            read_exchange(
                client.bind(py),
                code.bind(py),
                code_verifier.bind(py),
                now.bind(py),
            )
        },
        exchange,
    )
    .await
}

/// The blocking form of `oauth_exchange_code`: waits for the token endpoint with the GIL
/// released. Same arguments, result and errors.
#[pyfunction]
#[pyo3(signature = (client, code, code_verifier, now))]
pub fn oauth_exchange_code_blocking<'py>(
    py: Python<'py>,
    client: &Bound<'py, PyAny>,
    code: &Bound<'py, PyAny>,
    code_verifier: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    blocking(
        py,
        || read_exchange(client, code, code_verifier, now),
        exchange,
    )
}

/// Refreshes the access token with `refresh_token` (awaitable; `oauth_refresh_blocking` is
/// the blocking form).
///
/// Returns the new `TokenSet` dict; a provider that rotates refresh tokens returns the new
/// one, otherwise the old one is kept. A rejected refresh token (`invalid_grant`) raises
/// `ReauthRequiredError`: the person must reconnect. Other errors as `oauth_exchange_code`.
#[pyfunction]
#[pyo3(signature = (client, refresh_token, now))]
pub async fn oauth_refresh(
    client: Py<PyAny>,
    refresh_token: Py<PyAny>,
    now: Py<PyAny>,
) -> PyResult<Py<PyAny>> {
    awaitable(
        move |py| read_refresh(client.bind(py), refresh_token.bind(py), now.bind(py)),
        refresh,
    )
    .await
}

/// The blocking form of `oauth_refresh`: waits for the token endpoint with the GIL
/// released. Same arguments, result and errors.
#[pyfunction]
#[pyo3(signature = (client, refresh_token, now))]
pub fn oauth_refresh_blocking<'py>(
    py: Python<'py>,
    client: &Bound<'py, PyAny>,
    refresh_token: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    blocking(py, || read_refresh(client, refresh_token, now), refresh)
}

/// Seals a `TokenSet` dict for `account` with the vault's current key (AES-256-GCM): an
/// opaque `bp1.<key_id>.<nonce>.<ciphertext>` string to store.
///
/// `vault` is a `VaultSpec` dict (`{"current_key_id", "keys": {id: base64 of 32 bytes}}`).
/// Raises `InvalidInputError` (`.field` e.g. `keys.2026-11`, `tokens.access_token`).
#[pyfunction]
#[pyo3(signature = (vault, account, tokens))]
pub fn seal_token_set<'py>(
    py: Python<'py>,
    vault: &Bound<'py, PyAny>,
    account: &Bound<'py, PyAny>,
    tokens: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(VaultSpec, String, TokenSet)> {
            Ok((
                from_py(vault, "vault")?,
                from_py(account, "account")?,
                from_py(tokens, "tokens")?,
            ))
        },
        move |(vault, account, tokens)| vault.to_vault()?.seal_token_set(&account, &tokens),
    )
}

/// Opens what `seal_token_set` sealed for `account`; returns the `TokenSet` dict.
///
/// Text sealed for another account, tampered with, or under a key the vault no longer
/// lists raises `InvalidInputError` with `.field == "sealed"`.
#[pyfunction]
#[pyo3(signature = (vault, account, sealed))]
pub fn open_token_set<'py>(
    py: Python<'py>,
    vault: &Bound<'py, PyAny>,
    account: &Bound<'py, PyAny>,
    sealed: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    call(
        py,
        || -> brandpilot::Result<(VaultSpec, String, String)> {
            Ok((
                from_py(vault, "vault")?,
                from_py(account, "account")?,
                from_py(sealed, "sealed")?,
            ))
        },
        move |(vault, account, sealed)| vault.to_vault()?.open_token_set(&account, &sealed),
    )
}
