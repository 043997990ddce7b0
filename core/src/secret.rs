//! [`Secret`]: a string that never shows itself in logs, `Debug`, `Display` or errors.
//!
//! Access tokens, refresh tokens, client secrets and API keys travel through brandpilot as
//! `Secret`s. Reading the value is always an explicit [`Secret::expose`] call, so a stray
//! `{:?}` in a log line or a `format!` of a struct holding a token prints `Secret(***)`.
//! The memory holding the value is wiped (with the `zeroize` crate) when the `Secret` drops.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::{Error, Result};

/// A secret string (token, client secret, API key) that redacts itself when formatted and is
/// wiped from memory on drop.
///
/// `Debug` prints `Secret(***)` and `Display` prints `***`, never the value; read it with
/// [`Secret::expose`]. Equality is constant-time.
///
/// Serde serialises a `Secret` as the plain string and deserialises it from one: writing a
/// token out is an explicit act a host does for storage. Prefer persisting it sealed with
/// [`crate::token::TokenVault::seal`] (AES-256-GCM) rather than as plain JSON.
///
/// ```
/// use brandpilot::Secret;
///
/// let token = Secret::new("ya29.a0-very-secret");
/// assert_eq!(format!("{token:?}"), "Secret(***)");
/// assert_eq!(token.to_string(), "***");
/// assert_eq!(token.expose(), "ya29.a0-very-secret");
///
/// // Serialising is explicit and yields the plain string (seal it before storing).
/// let json = serde_json::to_string(&token).unwrap();
/// assert_eq!(json, "\"ya29.a0-very-secret\"");
/// let back: Secret = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, token);
/// ```
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    ///
    /// ```
    /// let key = brandpilot::Secret::new(String::from("sk-123"));
    /// assert_eq!(key.expose(), "sk-123");
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value. Every read is explicit, so it is easy to audit where tokens go.
    ///
    /// ```
    /// let key = brandpilot::Secret::new("sk-123");
    /// assert_eq!(key.expose().len(), 6);
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    ///
    /// ```
    /// assert!(brandpilot::Secret::new("").is_empty());
    /// assert!(!brandpilot::Secret::new("x").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Clone for Secret {
    fn clone(&self) -> Self {
        Secret(self.0.clone())
    }
}

/// Constant-time comparison (the `subtle` crate), so comparing a received token with a stored
/// one leaks nothing through timing but the length.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

/// Fills a buffer from the operating system's CSPRNG (never `Math.random`-style generators).
pub(crate) fn os_random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::internal(format!("the OS random number generator failed: {e}")))?;
    Ok(bytes)
}

/// In the JSON Schema (and so the generated Python / TypeScript types) a secret is a plain
/// string: that is its wire form.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Secret {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_value() {
        let s = Secret::new("hunter2-token");
        for text in [
            format!("{s:?}"),
            format!("{s}"),
            format!("{s:#?}"),
            format!("{s:>20}"),
        ] {
            assert!(!text.contains("hunter2"), "{text}");
        }
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    #[test]
    fn equality_and_clone() {
        let a = Secret::new("abc");
        assert_eq!(a, a.clone());
        assert_ne!(a, Secret::new("abd"));
        assert_ne!(a, Secret::new("abcd"));
    }
}
