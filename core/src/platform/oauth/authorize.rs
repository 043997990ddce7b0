//! The first leg of the authorisation-code flow: the URL the person's browser is sent to.
//! Pure (no network): it only formats a URL.

use super::provider::OAuthClient;
use super::{OAuthState, PkceVerifier};
use crate::Result;

/// What the host keeps between sending the person to the provider and the callback: the URL
/// to redirect to, the `state` to compare on the callback and the PKCE verifier for the code
/// exchange. Keep `state` and `verifier` server-side (sealed if persisted).
///
/// `Debug` shows neither the state nor the verifier.
///
/// ```
/// use brandpilot::platform::oauth::{AuthorizationRequest, OAuthClient, OAuthProvider};
/// let client = OAuthClient::new(OAuthProvider::x(), "app", "https://app.example/cb");
/// let req = AuthorizationRequest::start(&client, &["tweet.read", "offline.access"]).unwrap();
/// assert!(req.url.starts_with("https://x.com/i/oauth2/authorize?"));
/// assert!(req.url.contains(&format!("state={}", req.state.as_str())));
/// assert!(req.url.contains("code_challenge_method=S256"));
/// ```
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    /// The authorisation URL (see [`authorize_url`]).
    pub url: String,
    /// The anti-CSRF value sent as `state`; check the callback's with [`OAuthState::matches`].
    pub state: OAuthState,
    /// The PKCE verifier to pass to the code exchange.
    pub verifier: PkceVerifier,
}

impl AuthorizationRequest {
    /// Draws a fresh `state` and PKCE verifier (OS CSPRNG) and builds the URL for `scopes`.
    /// Fails (code `internal`) only if the OS random source does.
    pub fn start(client: &OAuthClient, scopes: &[&str]) -> Result<Self> {
        let state = OAuthState::generate()?;
        let verifier = PkceVerifier::generate()?;
        let url = authorize_url(client, scopes, &state, &verifier);
        Ok(AuthorizationRequest {
            url,
            state,
            verifier,
        })
    }
}

/// The authorisation URL (RFC 6749 §4.1.1): the provider's endpoint with `response_type=code`,
/// the client id (under the provider's parameter name), `redirect_uri`, `scope` (joined with
/// the provider's separator), `state`, and — when the provider takes PKCE —
/// `code_challenge` (S256, RFC 7636 §4.3) and `code_challenge_method=S256`, then the
/// provider's extra parameters. Values are percent-encoded; a query already in the endpoint
/// URL is kept.
///
/// ```
/// use brandpilot::platform::oauth::{authorize_url, OAuthClient, OAuthProvider, OAuthState, PkceVerifier};
/// let client = OAuthClient::new(OAuthProvider::tiktok(), "key1", "https://app.example/cb");
/// let state = OAuthState::from_string("st4te").unwrap();
/// let verifier = PkceVerifier::from_string("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
/// let url = authorize_url(&client, &["user.info.basic", "video.list"], &state, &verifier);
/// assert_eq!(
///     url,
///     "https://www.tiktok.com/v2/auth/authorize/?response_type=code&client_key=key1\
///      &redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=user.info.basic%2Cvideo.list&state=st4te"
/// );
/// ```
pub fn authorize_url(
    client: &OAuthClient,
    scopes: &[&str],
    state: &OAuthState,
    verifier: &PkceVerifier,
) -> String {
    let provider = &client.provider;
    let scope = scopes.join(&provider.scope_separator);
    let mut pairs: Vec<(&str, String)> = vec![
        ("response_type", "code".to_owned()),
        (provider.client_id_param.as_str(), client.client_id.clone()),
        ("redirect_uri", client.redirect_uri.clone()),
    ];
    if !scopes.is_empty() {
        pairs.push(("scope", scope));
    }
    pairs.push(("state", state.as_str().to_owned()));
    if provider.pkce.is_used() {
        pairs.push(("code_challenge", verifier.challenge_s256()));
        pairs.push((
            "code_challenge_method",
            PkceVerifier::CHALLENGE_METHOD.to_owned(),
        ));
    }
    for (name, value) in &provider.extra_authorize_params {
        pairs.push((name.as_str(), value.clone()));
    }
    let mut url = provider.authorize_url.clone();
    let mut separator = if url.contains('?') { '&' } else { '?' };
    for (name, value) in pairs {
        url.push(separator);
        url.push_str(&percent_encode(name));
        url.push('=');
        url.push_str(&percent_encode(&value));
        separator = '&';
    }
    url
}

/// Percent-encodes everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::oauth::OAuthProvider;

    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn x_url_carries_the_rfc7636_challenge() {
        let client = OAuthClient::new(OAuthProvider::x(), "id", "https://a.example/cb?x=1");
        let state = OAuthState::from_string("abc").unwrap();
        let verifier = PkceVerifier::from_string(RFC_VERIFIER).unwrap();
        let url = authorize_url(&client, &["tweet.read", "users.read"], &state, &verifier);
        assert!(
            url.contains(&format!("&code_challenge={RFC_CHALLENGE}&")),
            "{url}"
        );
        assert!(url.ends_with("&code_challenge_method=S256"), "{url}");
        assert!(url.contains("scope=tweet.read%20users.read"), "{url}");
        assert!(url.contains("redirect_uri=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1"));
        assert!(!url.contains(RFC_VERIFIER));
    }

    #[test]
    fn existing_query_is_kept_and_empty_scopes_are_omitted() {
        let provider =
            OAuthProvider::linkedin().with_endpoints("https://id.example/a?tenant=t", "");
        let client = OAuthClient::new(provider, "id", "https://a.example/cb");
        let url = authorize_url(
            &client,
            &[],
            &OAuthState::from_string("s").unwrap(),
            &PkceVerifier::from_string(RFC_VERIFIER).unwrap(),
        );
        assert!(
            url.starts_with("https://id.example/a?tenant=t&response_type=code&"),
            "{url}"
        );
        assert!(!url.contains("scope="));
        assert!(!url.contains("code_challenge"));
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode("a b,c/é~"), "a%20b%2Cc%2F%C3%A9~");
    }
}
