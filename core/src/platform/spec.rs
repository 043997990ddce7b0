//! One serde description of a platform client ([`ClientSpec`]) and [`connect`], which builds
//! the client it describes: what hosts store per connected account, and what the bindings
//! take.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Credentials, SocialPlatform};
use crate::http::HttpClient;
use crate::model::Platform;
use crate::{Error, Result, Secret};

/// Which account on which platform, and how to reach it.
///
/// ```
/// use brandpilot::platform::ClientSpec;
/// let spec: ClientSpec = serde_json::from_str(r#"{
///     "platform": "mastodon", "base_url": "https://mastodon.social", "access_token": "…"
/// }"#).unwrap();
/// assert!(!format!("{spec:?}").contains("…"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClientSpec {
    /// The platform.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub platform: Option<Platform>,
    /// The API root, overriding the platform's own (tests, proxies); required for Mastodon
    /// (the instance, `https://mastodon.social`), and a self-hosted PDS for Bluesky.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub base_url: Option<String>,
    /// Which account the client acts for, where the token alone does not say: a LinkedIn
    /// organisation (`urn:li:organization:123` or `123`) for a page, a Facebook Page id, an
    /// Instagram professional account id, a Bluesky handle or DID.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub account_id: Option<String>,
    /// The API version, where the platform versions its API: `LinkedIn-Version` (`YYYYMM`),
    /// the Graph API version (`v21.0`). Each client has a tested default.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub api_version: Option<String>,
    /// A fixed access token; leave it out when a token manager supplies tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub access_token: Option<Secret>,
    /// Bluesky: the handle or email to sign in with an app password.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub identifier: Option<String>,
    /// Bluesky: the app password (never the account password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub app_password: Option<Secret>,
    /// The scopes the account granted, where they decide what a client can report
    /// (LinkedIn's `r_member_postAnalytics`); empty means "assume the basic grant".
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub scopes: Vec<String>,
}

impl ClientSpec {
    /// The platform, or `invalid_input` at `platform`.
    pub fn platform(&self) -> Result<Platform> {
        self.platform
            .ok_or_else(|| Error::invalid("platform", "is required"))
    }

    /// The credentials the spec carries: its `access_token`, else `fallback` (a token
    /// manager's), else `invalid_input` at `access_token`.
    pub fn credentials(&self, fallback: Option<Credentials>) -> Result<Credentials> {
        match (&self.access_token, fallback) {
            (_, Some(credentials)) => Ok(credentials),
            (Some(token), None) => Ok(Credentials::Token(token.clone())),
            (None, None) => Err(Error::invalid(
                "access_token",
                "give an access token or a token manager",
            )),
        }
    }

    /// `base_url`, or `default` when absent.
    pub fn base_url_or<'a>(&'a self, default: &'a str) -> &'a str {
        self.base_url.as_deref().unwrap_or(default)
    }
}

/// The client `spec` describes, sending through `http`; `credentials` (a token manager's)
/// take precedence over the spec's `access_token`.
///
/// ```
/// use brandpilot::http::HttpClient;
/// use brandpilot::platform::{ClientSpec, connect};
/// let http = HttpClient::new(Default::default()).unwrap();
/// let spec = ClientSpec { platform: Some("mastodon".parse().unwrap()), ..Default::default() };
/// // Mastodon needs its instance.
/// assert_eq!(connect(http, &spec, None).err().unwrap().field(), Some("base_url"));
/// ```
pub fn connect(
    http: HttpClient,
    spec: &ClientSpec,
    credentials: Option<Credentials>,
) -> Result<Arc<dyn SocialPlatform>> {
    let platform = spec.platform()?;
    Ok(match platform {
        Platform::Mastodon => Arc::new(super::mastodon::Mastodon::from_spec(
            http,
            spec,
            credentials,
        )?),
        Platform::Linkedin => Arc::new(super::linkedin::LinkedIn::from_spec(
            http,
            spec,
            credentials,
        )?),
        Platform::Facebook => Arc::new(super::facebook::Facebook::from_spec(
            http,
            spec,
            credentials,
        )?),
        Platform::Instagram => Arc::new(super::instagram::Instagram::from_spec(
            http,
            spec,
            credentials,
        )?),
        Platform::Threads => Arc::new(super::threads::Threads::from_spec(http, spec, credentials)?),
        Platform::Bluesky => Arc::new(super::bluesky::Bluesky::from_spec(http, spec, credentials)?),
        Platform::X => Arc::new(super::x::X::from_spec(http, spec, credentials)?),
        other => {
            return Err(Error::Unsupported {
                message: format!("no {other} client yet"),
            });
        }
    })
}
