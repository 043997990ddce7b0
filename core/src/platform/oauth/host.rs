//! The OAuth flow in the JSON shapes every binding passes through unchanged: an app
//! described by [`OAuthClientSpec`] (a preset name or a whole provider), strings for `state`
//! and the PKCE verifier, and [`AuthorizationStart`] for what the host keeps in its session.

use serde::{Deserialize, Serialize};

use super::{OAuthClient, OAuthProvider, OAuthState, PkceVerifier, authorize_url};
use crate::{Error, Result, Secret};

/// Which provider: a preset's name (`linkedin`, `x`, `meta`, `threads`, `tiktok`, `google`)
/// or a whole [`OAuthProvider`] (any other RFC 6749 server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(untagged)]
pub enum ProviderRef {
    /// A preset's name.
    Preset(String),
    /// A provider described in full.
    Custom(OAuthProvider),
}

/// An app registered with a provider, as hosts configure it.
///
/// ```
/// use brandpilot::platform::oauth::OAuthClientSpec;
/// let spec: OAuthClientSpec = serde_json::from_value(serde_json::json!({
///     "provider": "linkedin",
///     "client_id": "app-1",
///     "client_secret": "shh",
///     "redirect_uri": "https://app.example/cb",
///     "base_url": "http://127.0.0.1:9000"
/// })).unwrap();
/// let client = spec.to_client().unwrap();
/// assert_eq!(client.provider.token_url, "http://127.0.0.1:9000/oauth/v2/accessToken");
/// assert!(!format!("{spec:?}").contains("shh"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct OAuthClientSpec {
    /// The provider: a preset's name or a full description.
    pub provider: ProviderRef,
    /// The app's client id (TikTok's client key).
    pub client_id: String,
    /// The app's client secret; absent for a public client.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    /// The registered redirect URI.
    pub redirect_uri: String,
    /// Moves both endpoints to this scheme://host[:port] (a mock server, a proxy).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

impl OAuthClientSpec {
    /// The [`OAuthClient`] this describes. An unknown preset is `invalid_input` at `provider`;
    /// an empty client id, or a redirect URI or base URL that is not absolute http(s), at
    /// that field.
    pub fn to_client(&self) -> Result<OAuthClient> {
        let provider = match &self.provider {
            ProviderRef::Preset(name) => OAuthProvider::presets()
                .into_iter()
                .find(|p| p.name == *name)
                .ok_or_else(|| {
                    Error::invalid(
                        "provider",
                        format!(
                            "unknown preset {name:?} (linkedin, x, meta, threads, tiktok, google, \
                             or a whole provider object)"
                        ),
                    )
                })?,
            ProviderRef::Custom(provider) => {
                check_http_url("provider.authorize_url", &provider.authorize_url)?;
                check_http_url("provider.token_url", &provider.token_url)?;
                provider.clone()
            }
        };
        if self.client_id.trim().is_empty() {
            return Err(Error::invalid("client_id", "must not be empty"));
        }
        check_http_url("redirect_uri", &self.redirect_uri)?;
        let provider = match &self.base_url {
            Some(base) => {
                check_http_url("base_url", base)?;
                provider.with_base_url(base)
            }
            None => provider,
        };
        let client = OAuthClient::new(provider, self.client_id.clone(), self.redirect_uri.clone());
        Ok(match &self.client_secret {
            Some(secret) => client.with_secret(secret.clone()),
            None => client,
        })
    }
}

/// `http://` or `https://` followed by a host, with no whitespace or control characters.
fn check_http_url(field: &str, url: &str) -> Result<()> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(())
        }
        _ => Err(Error::invalid(field, "must be an absolute http(s) URL")),
    }
}

/// The start of a flow: send the person to `url`; keep `state` and `code_verifier` in the
/// host's session (sealed if persisted) for the callback.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AuthorizationStart {
    /// The authorisation URL.
    pub url: String,
    /// The `state` to compare with the callback's.
    pub state: String,
    /// The PKCE verifier for the code exchange.
    pub code_verifier: String,
}

impl std::fmt::Debug for AuthorizationStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationStart")
            .field("url", &self.url)
            .field("state", &"***")
            .field("code_verifier", &"***")
            .finish()
    }
}

/// The authorisation URL for given `state` and `code_verifier` (deterministic; see
/// [`authorize_url`]). A `state` or verifier outside RFC 7636's alphabet and length is
/// `invalid_input` at that field.
///
/// ```
/// use brandpilot::platform::oauth::{authorize_url_for, OAuthClientSpec, ProviderRef};
/// let spec = OAuthClientSpec {
///     provider: ProviderRef::Preset("x".into()),
///     client_id: "app".into(),
///     client_secret: None,
///     redirect_uri: "https://app.example/cb".into(),
///     base_url: None,
/// };
/// let url = authorize_url_for(&spec, &["tweet.read".into()], "st4te",
///     "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
/// assert!(url.contains("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
/// ```
pub fn authorize_url_for(
    client: &OAuthClientSpec,
    scopes: &[String],
    state: &str,
    code_verifier: &str,
) -> Result<String> {
    let client = client.to_client().map_err(|e| e.within("client"))?;
    let state = OAuthState::from_string(state).map_err(|e| relabel(e, "state"))?;
    let verifier = parse_verifier(code_verifier)?;
    let scopes = check_scopes(scopes)?;
    Ok(authorize_url(&client, &scopes, &state, &verifier))
}

/// Starts a flow with a fresh `state` and PKCE verifier (OS CSPRNG).
pub fn start_authorization(
    client: &OAuthClientSpec,
    scopes: &[String],
) -> Result<AuthorizationStart> {
    let state = OAuthState::generate()?;
    let verifier = PkceVerifier::generate()?;
    let url = authorize_url_for(client, scopes, state.as_str(), verifier.as_str())?;
    Ok(AuthorizationStart {
        url,
        state: state.as_str().to_owned(),
        code_verifier: verifier.as_str().to_owned(),
    })
}

fn check_scopes(scopes: &[String]) -> Result<Vec<&str>> {
    scopes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.is_empty()
                || s.chars()
                    .any(|c| c.is_whitespace() || c.is_control() || c == ',')
            {
                Err(Error::invalid(
                    format!("scopes[{i}]"),
                    "must be a non-empty scope name without spaces or commas",
                ))
            } else {
                Ok(s.as_str())
            }
        })
        .collect()
}

/// A PKCE verifier the host kept as a string; malformed → `invalid_input` at `code_verifier`.
pub(crate) fn parse_verifier(code_verifier: &str) -> Result<PkceVerifier> {
    PkceVerifier::from_string(code_verifier).map_err(|e| relabel(e, "code_verifier"))
}

/// The same error at `field` (the core's validators name their own argument).
fn relabel(e: Error, field: &str) -> Error {
    match e {
        Error::InvalidInput { message, .. } => Error::invalid(field, message),
        other => other,
    }
}

/// Exchanges the callback's `code` (with the flow's `code_verifier`) for tokens:
/// [`exchange_code`](super::exchange_code) with host-shaped arguments.
#[cfg(feature = "net")]
pub async fn exchange_code_for(
    http: &crate::http::HttpClient,
    client: &OAuthClientSpec,
    code: &str,
    code_verifier: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<super::TokenSet> {
    let client = client.to_client().map_err(|e| e.within("client"))?;
    if code.trim().is_empty() {
        return Err(Error::invalid("code", "must not be empty"));
    }
    let verifier = parse_verifier(code_verifier)?;
    super::exchange_code(http, &client, code, &verifier, now).await
}

/// Refreshes with `refresh_token`: [`refresh`](super::refresh) with host-shaped arguments.
/// A rejected refresh token is `reauth_required`.
#[cfg(feature = "net")]
pub async fn refresh_for(
    http: &crate::http::HttpClient,
    client: &OAuthClientSpec,
    refresh_token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<super::TokenSet> {
    let client = client.to_client().map_err(|e| e.within("client"))?;
    if refresh_token.trim().is_empty() {
        return Err(Error::invalid("refresh_token", "must not be empty"));
    }
    super::refresh(http, &client, &Secret::new(refresh_token), now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(provider: &str) -> OAuthClientSpec {
        OAuthClientSpec {
            provider: ProviderRef::Preset(provider.into()),
            client_id: "app".into(),
            client_secret: None,
            redirect_uri: "https://app.example/cb".into(),
            base_url: None,
        }
    }

    #[test]
    fn bad_specs_name_their_field() {
        assert_eq!(
            spec("myspace").to_client().unwrap_err().field(),
            Some("provider")
        );
        let mut s = spec("x");
        s.redirect_uri = "app.example/cb".into();
        assert_eq!(s.to_client().unwrap_err().field(), Some("redirect_uri"));
        let mut s = spec("x");
        s.client_id = " ".into();
        assert_eq!(s.to_client().unwrap_err().field(), Some("client_id"));
        let err = authorize_url_for(&spec("x"), &[], "st", "short").unwrap_err();
        assert_eq!(err.field(), Some("code_verifier"));
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let err = authorize_url_for(&spec("x"), &["a b".into()], "st", verifier).unwrap_err();
        assert_eq!(err.field(), Some("scopes[0]"));
        let err = authorize_url_for(&spec("nope"), &[], "st", verifier).unwrap_err();
        assert_eq!(err.field(), Some("client.provider"));
    }

    #[test]
    fn start_draws_fresh_values() {
        let a = start_authorization(&spec("google"), &["openid".into()]).unwrap();
        let b = start_authorization(&spec("google"), &["openid".into()]).unwrap();
        assert_ne!(a.state, b.state);
        assert_ne!(a.code_verifier, b.code_verifier);
        assert!(a.url.contains(&a.state));
        assert!(!format!("{a:?}").contains(&a.code_verifier));
    }
}
