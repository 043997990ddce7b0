//! Per-platform OAuth 2.0 endpoint presets ([`OAuthProvider`]) and the app registration that
//! uses them ([`OAuthClient`]).
//!
//! Every field of a preset is public and the `with_*` builders replace the endpoints, so tests
//! (a mock server on 127.0.0.1) and self-hosted or regional deployments use the same code.
//! The facts behind each preset are cited beside it; platforms change them, so re-check the
//! cited page before relying on a detail.

use serde::{Deserialize, Serialize};

use crate::Secret;

/// How the client authenticates itself at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    /// `Authorization: Basic base64(client_id:client_secret)`. Without a client secret (a
    /// public client) the client id is sent in the body instead.
    Basic,
    /// The client id (under the provider's parameter name) and `client_secret` in the form
    /// body.
    Body,
}

/// Whether the provider takes a PKCE challenge (RFC 7636) on the web authorisation-code flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum PkceSupport {
    /// PKCE is mandatory: `code_challenge` and `code_verifier` are always sent.
    Required,
    /// PKCE is accepted: always sent (it costs nothing and stops code injection).
    Supported,
    /// Not documented for the web flow: neither `code_challenge` nor `code_verifier` is sent.
    Unsupported,
}

impl PkceSupport {
    /// Whether the flow sends the challenge and the verifier.
    ///
    /// ```
    /// use brandpilot::platform::oauth::PkceSupport;
    /// assert!(PkceSupport::Required.is_used());
    /// assert!(!PkceSupport::Unsupported.is_used());
    /// ```
    pub fn is_used(self) -> bool {
        !matches!(self, PkceSupport::Unsupported)
    }
}

/// One OAuth 2.0 authorisation server: its endpoints and its deviations from RFC 6749.
///
/// ```
/// use brandpilot::platform::oauth::{ClientAuth, OAuthProvider};
/// let tiktok = OAuthProvider::tiktok();
/// assert_eq!(tiktok.client_id_param, "client_key");
/// assert_eq!(tiktok.scope_separator, ",");
/// // Point a preset at a mock or self-hosted server.
/// let local = OAuthProvider::x().with_base_url("http://127.0.0.1:8080");
/// assert_eq!(local.token_url, "http://127.0.0.1:8080/2/oauth2/token");
/// assert_eq!(local.client_auth, ClientAuth::Basic);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OAuthProvider {
    /// Short name (`linkedin`, `x`, `meta`, `threads`, `tiktok`, `google`); token requests
    /// go out on route `oauth:<name>` / `token`.
    pub name: String,
    /// The authorisation endpoint the person's browser is sent to.
    pub authorize_url: String,
    /// The token endpoint (code exchange and refresh).
    pub token_url: String,
    /// What joins several scopes in the `scope` parameter (`" "` per RFC 6749 §3.3, `","` on
    /// TikTok, Meta and Threads).
    pub scope_separator: String,
    /// How the client authenticates at the token endpoint.
    pub client_auth: ClientAuth,
    /// The name of the client-id parameter (`client_id`; TikTok: `client_key`).
    pub client_id_param: String,
    /// Whether PKCE is used.
    pub pkce: PkceSupport,
    /// Extra query parameters of the authorisation URL (Google: `access_type=offline` so that
    /// a refresh token is issued).
    pub extra_authorize_params: Vec<(String, String)>,
    /// Whether the provider issues RFC 6749 refresh tokens. Meta and Threads do not (they
    /// extend long-lived tokens with their own grant types instead).
    pub issues_refresh_tokens: bool,
    /// The provider's own long-lived token grant, which [`TokenManager`](crate::token::TokenManager)
    /// applies after the code exchange (and, for Threads, instead of a refresh); absent for
    /// RFC 6749 providers.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub long_lived: Option<LongLivedGrant>,
}

impl OAuthProvider {
    /// LinkedIn, 3-legged OAuth: client credentials in the body, space-separated scopes.
    /// PKCE is offered only to approved native apps, so the web preset does not send it.
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::linkedin();
    /// assert_eq!(p.token_url, "https://www.linkedin.com/oauth/v2/accessToken");
    /// ```
    // https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
    // (endpoints /oauth/v2/authorization and /oauth/v2/accessToken; client_id and
    // client_secret as form parameters; programmatic refresh tokens for approved apps).
    pub fn linkedin() -> Self {
        OAuthProvider {
            name: "linkedin".into(),
            authorize_url: "https://www.linkedin.com/oauth/v2/authorization".into(),
            token_url: "https://www.linkedin.com/oauth/v2/accessToken".into(),
            scope_separator: " ".into(),
            client_auth: ClientAuth::Body,
            client_id_param: "client_id".into(),
            pkce: PkceSupport::Unsupported,
            extra_authorize_params: Vec::new(),
            issues_refresh_tokens: true,
            long_lived: None,
        }
    }

    /// X (Twitter) OAuth 2.0 with PKCE: PKCE required, confidential clients authenticate with
    /// HTTP Basic, space-separated scopes (`offline.access` yields a refresh token).
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::x();
    /// assert_eq!(p.pkce, brandpilot::platform::oauth::PkceSupport::Required);
    /// ```
    // https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code
    // https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token
    // (confidential clients: "basic authentication scheme ... to the token endpoints";
    // token endpoint https://api.x.com/2/oauth2/token; refresh with grant_type=refresh_token).
    pub fn x() -> Self {
        OAuthProvider {
            name: "x".into(),
            authorize_url: "https://x.com/i/oauth2/authorize".into(),
            token_url: "https://api.x.com/2/oauth2/token".into(),
            scope_separator: " ".into(),
            client_auth: ClientAuth::Basic,
            client_id_param: "client_id".into(),
            pkce: PkceSupport::Required,
            extra_authorize_params: Vec::new(),
            issues_refresh_tokens: true,
            long_lived: None,
        }
    }

    /// Meta (Facebook Login, which also grants the Instagram Graph permissions of linked
    /// professional accounts): Graph API version in the path, comma-separated scopes,
    /// credentials in the body, PKCE accepted (OIDC code flow with PKCE). No refresh tokens:
    /// short-lived user tokens are exchanged for 60-day ones (`fb_exchange_token`).
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::meta();
    /// assert!(p.authorize_url.ends_with("/dialog/oauth"));
    /// assert!(!p.issues_refresh_tokens);
    /// ```
    // https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow
    // (dialog/oauth, oauth/access_token with client_id, redirect_uri, client_secret, code)
    // https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token
    // (code_challenge / code_verifier, S256). The Graph version is pinned here; override the
    // URLs with `with_endpoints` when moving to a newer one.
    pub fn meta() -> Self {
        OAuthProvider {
            name: "meta".into(),
            authorize_url: "https://www.facebook.com/v24.0/dialog/oauth".into(),
            token_url: "https://graph.facebook.com/v24.0/oauth/access_token".into(),
            scope_separator: ",".into(),
            client_auth: ClientAuth::Body,
            client_id_param: "client_id".into(),
            pkce: PkceSupport::Supported,
            extra_authorize_params: Vec::new(),
            issues_refresh_tokens: false,
            long_lived: Some(LongLivedGrant::Meta),
        }
    }

    /// Threads: its own authorisation window and Graph host, comma-separated scopes
    /// (`threads_basic,...`), credentials in the body, no PKCE; short-lived tokens are
    /// exchanged (`th_exchange_token`) and refreshed (`th_refresh_token`) outside RFC 6749.
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::threads();
    /// assert_eq!(p.token_url, "https://graph.threads.net/oauth/access_token");
    /// ```
    // https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions
    // (https://threads.net/oauth/authorize; POST graph.threads.net/oauth/access_token with
    // client_id, client_secret, code, grant_type, redirect_uri)
    // https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
    pub fn threads() -> Self {
        OAuthProvider {
            name: "threads".into(),
            authorize_url: "https://threads.net/oauth/authorize".into(),
            token_url: "https://graph.threads.net/oauth/access_token".into(),
            scope_separator: ",".into(),
            client_auth: ClientAuth::Body,
            client_id_param: "client_id".into(),
            pkce: PkceSupport::Unsupported,
            extra_authorize_params: Vec::new(),
            issues_refresh_tokens: false,
            long_lived: Some(LongLivedGrant::Threads),
        }
    }

    /// TikTok Login Kit (OAuth v2): `client_key` instead of `client_id`, comma-separated
    /// scopes, credentials in the body, rotating refresh tokens. PKCE is documented for the
    /// mobile and desktop kits only, so the web preset does not send it.
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::tiktok();
    /// assert_eq!(p.authorize_url, "https://www.tiktok.com/v2/auth/authorize/");
    /// ```
    // https://developers.tiktok.com/doc/login-kit-web (authorize URL and its client_key,
    // scope, response_type, redirect_uri, state parameters)
    // https://developers.tiktok.com/doc/oauth-user-access-token-management (POST
    // /v2/oauth/token/ with client_key, client_secret, code, grant_type, redirect_uri;
    // code_verifier "required for mobile and desktop app only"; comma-separated `scope`)
    // https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token (rotation)
    pub fn tiktok() -> Self {
        OAuthProvider {
            name: "tiktok".into(),
            authorize_url: "https://www.tiktok.com/v2/auth/authorize/".into(),
            token_url: "https://open.tiktokapis.com/v2/oauth/token/".into(),
            scope_separator: ",".into(),
            client_auth: ClientAuth::Body,
            client_id_param: "client_key".into(),
            pkce: PkceSupport::Unsupported,
            extra_authorize_params: Vec::new(),
            issues_refresh_tokens: true,
            long_lived: None,
        }
    }

    /// Google (YouTube Data and Analytics APIs): space-separated scopes, credentials in the
    /// body, PKCE supported; `access_type=offline` and `prompt=consent` so that a refresh
    /// token is issued on every consent (Google omits it on later refreshes, and the flow
    /// then keeps the stored one).
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::google();
    /// assert!(p.extra_authorize_params.contains(&("access_type".into(), "offline".into())));
    /// ```
    // https://developers.google.com/identity/protocols/oauth2/web-server (endpoints
    // accounts.google.com/o/oauth2/v2/auth and oauth2.googleapis.com/token; code_challenge;
    // access_type=offline; refresh responses carry no new refresh_token)
    pub fn google() -> Self {
        OAuthProvider {
            name: "google".into(),
            authorize_url: "https://accounts.google.com/o/oauth2/v2/auth".into(),
            token_url: "https://oauth2.googleapis.com/token".into(),
            scope_separator: " ".into(),
            client_auth: ClientAuth::Body,
            client_id_param: "client_id".into(),
            pkce: PkceSupport::Supported,
            extra_authorize_params: vec![
                ("access_type".into(), "offline".into()),
                ("prompt".into(), "consent".into()),
            ],
            issues_refresh_tokens: true,
            long_lived: None,
        }
    }

    /// Every preset, in a fixed order (LinkedIn, X, Meta, Threads, TikTok, Google).
    ///
    /// ```
    /// let names: Vec<String> = brandpilot::platform::oauth::OAuthProvider::presets()
    ///     .into_iter().map(|p| p.name).collect();
    /// assert_eq!(names, ["linkedin", "x", "meta", "threads", "tiktok", "google"]);
    /// ```
    pub fn presets() -> Vec<OAuthProvider> {
        vec![
            Self::linkedin(),
            Self::x(),
            Self::meta(),
            Self::threads(),
            Self::tiktok(),
            Self::google(),
        ]
    }

    /// Replaces both endpoints.
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::google()
    ///     .with_endpoints("https://id.example/auth", "https://id.example/token");
    /// assert_eq!(p.authorize_url, "https://id.example/auth");
    /// ```
    pub fn with_endpoints(
        mut self,
        authorize_url: impl Into<String>,
        token_url: impl Into<String>,
    ) -> Self {
        self.authorize_url = authorize_url.into();
        self.token_url = token_url.into();
        self
    }

    /// Keeps the paths of both endpoints but moves them to `base` (scheme, host and port,
    /// e.g. a mock server's `http://127.0.0.1:PORT`).
    ///
    /// ```
    /// let p = brandpilot::platform::oauth::OAuthProvider::linkedin()
    ///     .with_base_url("http://127.0.0.1:9/");
    /// assert_eq!(p.authorize_url, "http://127.0.0.1:9/oauth/v2/authorization");
    /// ```
    pub fn with_base_url(mut self, base: &str) -> Self {
        let base = base.trim_end_matches('/');
        self.authorize_url = format!("{base}{}", path_of(&self.authorize_url));
        self.token_url = format!("{base}{}", path_of(&self.token_url));
        self
    }
}

/// The path (and query) of an absolute URL: everything from the first `/` after `scheme://`.
fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..]
        .find('/')
        .map_or("/", |i| &url[after_scheme + i..])
}

/// A provider's own grant for long-lived access tokens (outside RFC 6749).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LongLivedGrant {
    /// Meta (Facebook Login): the code's short-lived user token (about an hour) is exchanged
    /// for a long-lived one (about 60 days, `grant_type=fb_exchange_token`) at the token
    /// endpoint. It cannot be refreshed: the person reconnects before it ends. Page tokens
    /// fetched with it do not expire.
    /// <https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived/>
    Meta,
    /// Threads: the short-lived token is exchanged (`th_exchange_token` at `/access_token`)
    /// for a 60-day one, which is refreshed before it expires (`th_refresh_token` at
    /// `/refresh_access_token`, once it is at least a day old).
    /// <https://developers.facebook.com/docs/threads/get-started/long-lived-tokens>
    Threads,
}

/// An app registered with one provider: client id, optional client secret, redirect URI.
///
/// `Debug` shows the client secret as `Secret(***)`.
///
/// ```
/// use brandpilot::platform::oauth::{OAuthClient, OAuthProvider};
/// use brandpilot::Secret;
/// let client = OAuthClient::new(OAuthProvider::x(), "my-id", "https://app.example/cb")
///     .with_secret(Secret::new("shh"));
/// assert!(!format!("{client:?}").contains("shh"));
/// assert_eq!(client.route().to_string(), "oauth:x/token");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthClient {
    /// The app's client id (TikTok's "client key").
    pub client_id: String,
    /// The app's client secret; `None` for a public client.
    pub client_secret: Option<Secret>,
    /// The registered redirect URI, sent verbatim in the authorisation and token requests.
    pub redirect_uri: String,
    /// The provider's endpoints and quirks.
    pub provider: OAuthProvider,
}

impl OAuthClient {
    /// A public client (no secret) of `provider`.
    pub fn new(
        provider: OAuthProvider,
        client_id: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuthClient {
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: redirect_uri.into(),
            provider,
        }
    }

    /// Adds the client secret (a confidential client).
    pub fn with_secret(mut self, secret: Secret) -> Self {
        self.client_secret = Some(secret);
        self
    }

    /// The HTTP route token requests use: `oauth:<provider>` / `token`.
    #[cfg(feature = "net")]
    pub fn route(&self) -> crate::http::Route {
        crate::http::Route::new(format!("oauth:{}", self.provider.name), "token")
    }
}
