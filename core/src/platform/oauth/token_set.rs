//! [`TokenSet`]: what a token endpoint grants.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Secret;

/// The tokens of one connected account: the access token, the refresh token when the
/// provider issues one, when the access token expires, the granted scopes and the token type.
///
/// Serde writes the tokens as plain strings (store it sealed: see
/// `token::VaultTokenStore`); `Debug` shows `Secret(***)` in their place.
///
/// ```
/// use brandpilot::platform::oauth::TokenSet;
/// use brandpilot::Secret;
/// let now = "2026-11-23T09:00:00Z".parse().unwrap();
/// let t = TokenSet::bearer(Secret::new("at-123")).expiring_in(now, 3600);
/// assert!(!t.expires_within(now, std::time::Duration::from_secs(300)));
/// assert!(t.expires_within(now + chrono::Duration::minutes(56), std::time::Duration::from_secs(300)));
/// assert!(!format!("{t:?}").contains("at-123"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TokenSet {
    /// The access token sent as `Authorization: Bearer …`.
    pub access_token: Secret,
    /// The refresh token, when the provider issued one (kept across refreshes that do not
    /// rotate it).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// When the access token expires; `None` when the provider did not say.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The scopes granted (the response's `scope`, split on spaces and commas).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The token type, normally `bearer`.
    #[serde(default = "default_token_type")]
    #[cfg_attr(feature = "uniffi", uniffi(default = "bearer"))]
    pub token_type: String,
}

fn default_token_type() -> String {
    "bearer".to_owned()
}

impl TokenSet {
    /// A bearer token with no refresh token, expiry or scopes.
    pub fn bearer(access_token: Secret) -> Self {
        TokenSet {
            access_token,
            refresh_token: None,
            expires_at: None,
            scopes: Vec::new(),
            token_type: default_token_type(),
        }
    }

    /// Sets the refresh token.
    pub fn with_refresh_token(mut self, refresh_token: Secret) -> Self {
        self.refresh_token = Some(refresh_token);
        self
    }

    /// Sets `expires_at` to `now + seconds`.
    pub fn expiring_in(mut self, now: DateTime<Utc>, seconds: i64) -> Self {
        self.expires_at = Some(now + chrono::Duration::seconds(seconds));
        self
    }

    /// Whether the access token is expired at `now` or expires within `skew` of it. A token
    /// without an expiry never counts as expiring (a 401 reveals it).
    ///
    /// ```
    /// use brandpilot::{platform::oauth::TokenSet, Secret};
    /// use std::time::Duration;
    /// let now = "2026-11-23T09:00:00Z".parse().unwrap();
    /// let t = TokenSet::bearer(Secret::new("a")).expiring_in(now, 299);
    /// assert!(t.expires_within(now, Duration::from_secs(300)));
    /// assert!(!TokenSet::bearer(Secret::new("a")).expires_within(now, Duration::from_secs(300)));
    /// ```
    pub fn expires_within(&self, now: DateTime<Utc>, skew: Duration) -> bool {
        let skew = chrono::Duration::from_std(skew).unwrap_or(chrono::Duration::MAX);
        match self.expires_at {
            Some(at) => {
                at <= now
                    .checked_add_signed(skew)
                    .unwrap_or(DateTime::<Utc>::MAX_UTC)
            }
            None => false,
        }
    }
}

/// Splits a `scope` value on spaces and commas (RFC 6749 §3.3 says spaces; TikTok, Meta and
/// Threads answer with commas).
#[cfg_attr(not(feature = "net"), allow(dead_code))]
pub(crate) fn split_scopes(scope: &str) -> Vec<String> {
    scope
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_split_on_both_separators() {
        assert_eq!(split_scopes("a b,c  d,"), ["a", "b", "c", "d"]);
        assert!(split_scopes("").is_empty());
    }

    #[test]
    fn serde_round_trip_keeps_everything() {
        let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        let t = TokenSet::bearer(Secret::new("a"))
            .with_refresh_token(Secret::new("r"))
            .expiring_in(now, 60);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<TokenSet>(&json).unwrap(), t);
        let minimal: TokenSet = serde_json::from_str(r#"{"access_token":"a"}"#).unwrap();
        assert_eq!(minimal.token_type, "bearer");
    }
}
