//! AES-256-GCM sealing of secrets for storage (NIST SP 800-38D), with key rotation.
//!
//! Sealed text format, version 1 (`.`-separated, URL- and JSON-safe):
//!
//! ```text
//! bp1.<key_id>.<base64url(nonce, 12 bytes)>.<base64url(ciphertext || tag, 16-byte tag)>
//! ```
//!
//! The GCM additional authenticated data is `bp1.<key_id>.<associated_data>`: the version and
//! key id are authenticated along with the caller's context (for example
//! `user:42/linkedin/refresh_token`), so a sealed value copied to another row, another user
//! or another key id does not open. Each seal draws a fresh random 96-bit nonce from the OS
//! CSPRNG (SP 800-38D §8.2.2); under one key, stay well below 2^32 seals (§8.3) — rotate keys
//! (add a new current key, keep the old one listed until its values are resealed).
//!
//! The AEAD itself is the RustCrypto `aes-gcm` crate (constant-time, audited); this module
//! only frames it.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use zeroize::{Zeroize, Zeroizing};

use crate::secret::os_random;
use crate::{Error, Result, Secret};

/// Version tag that starts every sealed value.
const VERSION: &str = "bp1";
/// GCM nonce length in bytes (96 bits, SP 800-38D §5.2.1.1 recommendation).
const NONCE_LEN: usize = 12;
/// GCM tag length in bytes (128 bits).
const TAG_LEN: usize = 16;
/// Longest key id accepted.
const MAX_KEY_ID_LEN: usize = 64;

/// Seals and opens secrets (refresh tokens, access tokens, API keys) with AES-256-GCM under
/// 32-byte keys the host supplies (from a KMS, an environment variable, a keystore ...).
///
/// Several keys may be listed, each under a key id; new values are sealed under the
/// `current` one and any listed key opens values sealed under it, so keys rotate without a
/// flag day. Key ids are 1 to 64 characters of `[A-Za-z0-9_-]`.
///
/// Errors from [`TokenVault::open`] are `invalid_input` on field `sealed` and never contain
/// key material or plaintext. `Debug` shows the key ids only.
///
/// ```
/// use brandpilot::Secret;
/// use brandpilot::token::TokenVault;
///
/// // Rotation: k1 was current; k2 is added and becomes current, k1 stays listed.
/// let old = TokenVault::new(vec![("k1".into(), [1u8; 32])], "k1").unwrap();
/// let sealed_k1 = old.seal(&Secret::new("token-a"), "row-1").unwrap();
///
/// let vault = TokenVault::new(
///     vec![("k1".into(), [1u8; 32]), ("k2".into(), [2u8; 32])],
///     "k2",
/// ).unwrap();
/// assert_eq!(vault.open(&sealed_k1, "row-1").unwrap().expose(), "token-a");
/// assert_eq!(vault.key_id_of(&sealed_k1).unwrap(), "k1"); // reseal it under k2
/// assert!(vault.seal(&Secret::new("token-b"), "row-2").unwrap().starts_with("bp1.k2."));
///
/// assert_eq!(format!("{vault:?}"), r#"TokenVault { current: "k2", key_ids: ["k1", "k2"] }"#);
/// let err = vault.open(&sealed_k1, "row-2").unwrap_err(); // wrong associated data
/// assert_eq!((err.code(), err.field()), ("invalid_input", Some("sealed")));
/// ```
pub struct TokenVault {
    /// (key id, cipher with its expanded key; the `aes` crate wipes it on drop).
    keys: Vec<(String, Aes256Gcm)>,
    /// Index into `keys` of the key new values are sealed under.
    current: usize,
}

impl TokenVault {
    /// A vault over `keys` (key id, 32-byte AES-256 key) that seals under `current`.
    ///
    /// Fails with `invalid_input` when the list is empty, a key id is empty, longer than 64
    /// characters, outside `[A-Za-z0-9_-]` or listed twice, or `current` is not listed. The
    /// key bytes passed in are wiped once the ciphers are built.
    ///
    /// ```
    /// use brandpilot::token::TokenVault;
    /// assert!(TokenVault::new(vec![("k1".into(), [0u8; 32])], "k1").is_ok());
    /// let err = TokenVault::new(vec![("k1".into(), [0u8; 32])], "k2").unwrap_err();
    /// assert_eq!(err.field(), Some("current"));
    /// assert!(TokenVault::new(vec![], "k1").is_err());
    /// ```
    pub fn new(keys: Vec<(String, [u8; 32])>, current: &str) -> Result<Self> {
        let mut keys = keys;
        let built = Self::build(&keys, current);
        for (_, key) in keys.iter_mut() {
            key.zeroize();
        }
        built
    }

    fn build(keys: &[(String, [u8; 32])], current: &str) -> Result<Self> {
        if keys.is_empty() {
            return Err(Error::invalid("keys", "at least one key is required"));
        }
        let mut built: Vec<(String, Aes256Gcm)> = Vec::with_capacity(keys.len());
        for (i, (id, key)) in keys.iter().enumerate() {
            let field = format!("keys[{i}].id");
            if let Some(problem) = key_id_problem(id) {
                return Err(Error::invalid(field, problem));
            }
            if built.iter().any(|(other, _)| other == id) {
                return Err(Error::invalid(
                    field,
                    format!("key id `{id}` is listed twice"),
                ));
            }
            built.push((id.clone(), Aes256Gcm::new(key.into())));
        }
        let current = built
            .iter()
            .position(|(id, _)| id == current)
            .ok_or_else(|| Error::invalid("current", "must be one of the listed key ids"))?;
        Ok(TokenVault {
            keys: built,
            current,
        })
    }

    /// The id of the key new values are sealed under.
    ///
    /// ```
    /// let v = brandpilot::token::TokenVault::new(vec![("k1".into(), [0u8; 32])], "k1").unwrap();
    /// assert_eq!(v.current_key_id(), "k1");
    /// ```
    pub fn current_key_id(&self) -> &str {
        &self.keys[self.current].0
    }

    /// The listed key ids, in the order given.
    ///
    /// ```
    /// use brandpilot::token::TokenVault;
    /// let v = TokenVault::new(vec![("a".into(), [0u8; 32]), ("b".into(), [1u8; 32])], "b").unwrap();
    /// assert_eq!(v.key_ids().collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(id, _)| id.as_str())
    }

    /// Seals `secret` under the current key, binding it to `associated_data` (the context it
    /// belongs to, e.g. `user:42/linkedin/refresh_token`; the same text is needed to open it).
    ///
    /// Returns `bp1.<key_id>.<nonce>.<ciphertext>` (base64url, no padding). A fresh random
    /// 96-bit nonce is drawn per call, so sealing the same value twice gives different text.
    /// Fails (code `internal`) only if the OS random source does.
    ///
    /// ```
    /// use brandpilot::{Secret, token::TokenVault};
    /// let v = TokenVault::new(vec![("k1".into(), [9u8; 32])], "k1").unwrap();
    /// let s = Secret::new("abc");
    /// let (a, b) = (v.seal(&s, "ctx").unwrap(), v.seal(&s, "ctx").unwrap());
    /// assert_ne!(a, b);
    /// assert!(!a.contains("abc"));
    /// ```
    pub fn seal(&self, secret: &Secret, associated_data: &str) -> Result<String> {
        let (key_id, cipher) = &self.keys[self.current];
        let nonce = os_random::<NONCE_LEN>()?;
        let aad = aad(key_id, associated_data);
        let ciphertext = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: secret.expose().as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            // Only reachable for plaintexts over 64 GiB (SP 800-38D §5.2.1.1).
            .map_err(|_| Error::internal("AES-GCM refused to seal the value"))?;
        Ok(format!(
            "{VERSION}.{key_id}.{}.{}",
            URL_SAFE_NO_PAD.encode(nonce),
            URL_SAFE_NO_PAD.encode(ciphertext)
        ))
    }

    /// Opens a value sealed by [`TokenVault::seal`] under any listed key, with the same
    /// `associated_data`.
    ///
    /// Malformed text, an unknown version or key id, a tampered nonce or ciphertext, the wrong
    /// key or the wrong associated data all fail with `invalid_input` on field `sealed`; the
    /// message says which check failed but never includes key bytes or plaintext.
    ///
    /// ```
    /// use brandpilot::{Secret, token::TokenVault};
    /// let v = TokenVault::new(vec![("k1".into(), [9u8; 32])], "k1").unwrap();
    /// let sealed = v.seal(&Secret::new("abc"), "ctx").unwrap();
    /// assert_eq!(v.open(&sealed, "ctx").unwrap().expose(), "abc");
    /// assert!(v.open(&sealed, "other").is_err());
    /// assert!(v.open("not sealed", "ctx").is_err());
    /// ```
    pub fn open(&self, sealed: &str, associated_data: &str) -> Result<Secret> {
        let parts = parse(sealed)?;
        let cipher = self
            .keys
            .iter()
            .find(|(id, _)| id == parts.key_id)
            .map(|(_, cipher)| cipher)
            .ok_or_else(|| {
                invalid(format!(
                    "sealed under key id `{}`, which is not listed in the vault",
                    parts.key_id
                ))
            })?;
        let nonce = decode(parts.nonce, "nonce")?;
        if nonce.len() != NONCE_LEN {
            return Err(invalid("the nonce must be 12 bytes"));
        }
        let ciphertext = decode(parts.ciphertext, "ciphertext")?;
        if ciphertext.len() < TAG_LEN {
            return Err(invalid("the ciphertext is shorter than the 16-byte tag"));
        }
        let aad = aad(parts.key_id, associated_data);
        let plaintext = Zeroizing::new(
            cipher
                .decrypt(
                    Nonce::from_slice(&nonce),
                    Payload {
                        msg: &ciphertext,
                        aad: aad.as_bytes(),
                    },
                )
                .map_err(|_| {
                    invalid(
                        "authentication failed: tampered value, wrong key or wrong associated data",
                    )
                })?,
        );
        let text = std::str::from_utf8(&plaintext)
            .map_err(|_| invalid("the opened value is not UTF-8"))?;
        Ok(Secret::new(text))
    }

    /// The key id a sealed value names, without opening it: after a rotation, values whose
    /// key id is not [`TokenVault::current_key_id`] are the ones to reseal. Errors as
    /// [`TokenVault::open`] does for malformed text.
    ///
    /// ```
    /// use brandpilot::{Secret, token::TokenVault};
    /// let v = TokenVault::new(vec![("k1".into(), [9u8; 32])], "k1").unwrap();
    /// let sealed = v.seal(&Secret::new("abc"), "ctx").unwrap();
    /// assert_eq!(v.key_id_of(&sealed).unwrap(), "k1");
    /// ```
    pub fn key_id_of<'a>(&self, sealed: &'a str) -> Result<&'a str> {
        parse(sealed).map(|parts| parts.key_id)
    }
}

impl fmt::Debug for TokenVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenVault")
            .field("current", &self.current_key_id())
            .field("key_ids", &self.key_ids().collect::<Vec<_>>())
            .finish()
    }
}

struct Parts<'a> {
    key_id: &'a str,
    nonce: &'a str,
    ciphertext: &'a str,
}

fn parse(sealed: &str) -> Result<Parts<'_>> {
    let mut it = sealed.split('.');
    let (Some(version), Some(key_id), Some(nonce), Some(ciphertext), None) =
        (it.next(), it.next(), it.next(), it.next(), it.next())
    else {
        return Err(invalid(
            "expected `bp1.<key_id>.<nonce>.<ciphertext>` (four `.`-separated parts)",
        ));
    };
    if version != VERSION {
        return Err(invalid("unknown format version (expected `bp1`)"));
    }
    if key_id_problem(key_id).is_some() {
        return Err(invalid("the key id is malformed"));
    }
    Ok(Parts {
        key_id,
        nonce,
        ciphertext,
    })
}

/// Strict base64url without padding (non-canonical trailing bits are rejected, so every
/// change to the text is detected).
fn decode(part: &str, what: &str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| invalid(format!("the {what} is not valid base64url")))
}

fn aad(key_id: &str, associated_data: &str) -> String {
    // Unambiguous: the version is fixed and key ids cannot contain `.`.
    format!("{VERSION}.{key_id}.{associated_data}")
}

fn key_id_problem(id: &str) -> Option<String> {
    if id.is_empty() || id.len() > MAX_KEY_ID_LEN {
        return Some(format!(
            "must be 1 to {MAX_KEY_ID_LEN} characters, got {}",
            id.len()
        ));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Some("must contain only [A-Za-z0-9_-]".to_owned());
    }
    None
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid("sealed", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> TokenVault {
        TokenVault::new(
            vec![("k1".into(), [0x11; 32]), ("k2".into(), [0x22; 32])],
            "k2",
        )
        .unwrap()
    }

    #[test]
    fn round_trip_and_format() {
        let v = vault();
        let sealed = v.seal(&Secret::new("tok"), "ad").unwrap();
        let parts: Vec<&str> = sealed.split('.').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!((parts[0], parts[1]), ("bp1", "k2"));
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 12);
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[3]).unwrap().len(), 3 + 16);
        assert_eq!(v.open(&sealed, "ad").unwrap().expose(), "tok");
        assert_eq!(
            v.open(&v.seal(&Secret::new(""), "").unwrap(), "")
                .unwrap()
                .expose(),
            ""
        );
    }

    #[test]
    fn bad_key_lists() {
        let dup = TokenVault::new(vec![("a".into(), [0; 32]), ("a".into(), [1; 32])], "a");
        assert_eq!(dup.unwrap_err().field(), Some("keys[1].id"));
        for bad in ["", "a.b", "a b", &"x".repeat(65)] {
            let err = TokenVault::new(vec![(bad.to_owned(), [0; 32])], bad).unwrap_err();
            assert_eq!(err.field(), Some("keys[0].id"), "{bad:?}");
        }
        assert_eq!(
            TokenVault::new(vec![], "a").unwrap_err().field(),
            Some("keys")
        );
    }
}
