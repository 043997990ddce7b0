//! A whole [`TokenSet`] sealed as one text, bound to its account: the format
//! [`VaultTokenStore`](super::VaultTokenStore) keeps and hosts store.

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::TokenVault;
use crate::platform::oauth::TokenSet;
use crate::{Error, Result, Secret};

/// The associated data that binds a sealed token set to `account`, so a row copied to
/// another account does not open.
fn associated_data(account: &str) -> String {
    format!("brandpilot/token_set/{account}")
}

impl TokenVault {
    /// Seals `tokens` (as JSON) for `account`: `bp1.<key_id>.<nonce>.<ciphertext>`.
    ///
    /// ```
    /// use brandpilot::{platform::oauth::TokenSet, token::TokenVault, Secret};
    /// let vault = TokenVault::new(vec![("k1".into(), [7u8; 32])], "k1").unwrap();
    /// let sealed = vault.seal_token_set("ada", &TokenSet::bearer(Secret::new("at-1"))).unwrap();
    /// assert!(!sealed.contains("at-1"));
    /// assert_eq!(vault.open_token_set("ada", &sealed).unwrap().access_token.expose(), "at-1");
    /// assert_eq!(vault.open_token_set("bob", &sealed).unwrap_err().field(), Some("sealed"));
    /// ```
    pub fn seal_token_set(&self, account: &str, tokens: &TokenSet) -> Result<String> {
        let json = serde_json::to_string(tokens)
            .map_err(|_| Error::internal("cannot serialise a token set"))?;
        self.seal(&Secret::new(json), &associated_data(account))
    }

    /// Opens what [`seal_token_set`](Self::seal_token_set) made for `account`. A wrong key,
    /// another account's row or tampered text fails with `invalid_input` on field `sealed`.
    pub fn open_token_set(&self, account: &str, sealed: &str) -> Result<TokenSet> {
        let json = self.open(sealed, &associated_data(account))?;
        serde_json::from_str::<TokenSet>(json.expose()).map_err(|e| {
            // Line and column only: serde's message could quote part of a token.
            Error::invalid(
                "sealed",
                format!(
                    "the opened value is not a token set (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })
    }
}

/// A vault as hosts configure it (JSON): the id of the key that seals, and every key by id
/// as base64 (standard or URL-safe, padded or not) of 32 random bytes. Old keys stay listed
/// so that text sealed under them still opens.
///
/// ```
/// use brandpilot::token::VaultSpec;
/// let spec: VaultSpec = serde_json::from_value(serde_json::json!({
///     "current_key_id": "2026-11",
///     "keys": {"2026-11": "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="}
/// })).unwrap();
/// assert_eq!(spec.to_vault().unwrap().current_key_id(), "2026-11");
/// assert!(!format!("{spec:?}").contains("BwcH"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct VaultSpec {
    /// The key id new text is sealed under.
    pub current_key_id: String,
    /// Every key by id: base64 of 32 bytes.
    pub keys: BTreeMap<String, Secret>,
}

impl VaultSpec {
    /// Builds the [`TokenVault`]; a key that is not base64 of exactly 32 bytes is
    /// `invalid_input` at `keys.<id>` (the key is never quoted).
    pub fn to_vault(&self) -> Result<TokenVault> {
        let mut keys = Vec::with_capacity(self.keys.len());
        for (id, encoded) in &self.keys {
            let text = encoded.expose().trim();
            let engines = [
                base64::engine::general_purpose::STANDARD,
                base64::engine::general_purpose::URL_SAFE,
                base64::engine::general_purpose::STANDARD_NO_PAD,
                base64::engine::general_purpose::URL_SAFE_NO_PAD,
            ];
            let bytes = engines
                .iter()
                .find_map(|engine| engine.decode(text).ok())
                .ok_or_else(|| Error::invalid(format!("keys.{id}"), "is not base64"))?;
            let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                Error::invalid(
                    format!("keys.{id}"),
                    format!("must be 32 bytes, got {}", bytes.len()),
                )
            })?;
            keys.push((id.clone(), key));
        }
        TokenVault::new(keys, &self.current_key_id).map_err(|e| match e.field() {
            Some("current") => Error::invalid("current_key_id", e.message().to_owned()),
            _ => e,
        })
    }
}
