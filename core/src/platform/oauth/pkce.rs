//! PKCE (RFC 7636, "Proof Key for Code Exchange") and the OAuth `state` parameter.
//!
//! Written on `sha2` + `base64` + `getrandom` rather than taken from the `oauth2` crate's
//! `PkceCodeVerifier` / `PkceCodeChallenge`: those are right (oauth2 5 asserts the RFC 7636
//! vector) but `PkceCodeVerifier::new` accepts any string unchecked, and depending on oauth2
//! for this pure slice brings `http`, `url`, `rand` 0.8 and `serde_path_to_error` for about
//! twenty lines of hashing. When the network slice adopts `oauth2` for the code exchange, a
//! verifier crosses over with `oauth2::PkceCodeVerifier::new(v.as_str().to_owned())`.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::secret::os_random;
use crate::{Error, Result, Secret};

/// A PKCE `code_verifier` (RFC 7636 §4.1): 43 to 128 characters from the unreserved set
/// `[A-Z] [a-z] [0-9] - . _ ~`.
///
/// It is a short-lived secret (whoever holds it can redeem the authorisation code), so it is
/// kept in a [`Secret`] and `Debug` never prints it. Serde reads and writes it as the plain
/// string, validating on the way in.
///
/// ```
/// use brandpilot::platform::oauth::PkceVerifier;
///
/// // RFC 7636 Appendix B.
/// let v = PkceVerifier::from_string("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
/// assert_eq!(v.challenge_s256(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// assert_eq!(format!("{v:?}"), "PkceVerifier(***)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(Secret);

impl PkceVerifier {
    /// The `code_challenge_method` for [`PkceVerifier::challenge_s256`]: `S256`, upper-case
    /// as RFC 7636 §4.3 spells it (some providers reject `s256`).
    ///
    /// ```
    /// assert_eq!(brandpilot::platform::oauth::PkceVerifier::CHALLENGE_METHOD, "S256");
    /// ```
    pub const CHALLENGE_METHOD: &'static str = "S256";

    /// Shortest verifier RFC 7636 §4.1 allows.
    ///
    /// ```
    /// assert_eq!(brandpilot::platform::oauth::PkceVerifier::MIN_LEN, 43);
    /// ```
    pub const MIN_LEN: usize = 43;

    /// Longest verifier RFC 7636 §4.1 allows.
    ///
    /// ```
    /// assert_eq!(brandpilot::platform::oauth::PkceVerifier::MAX_LEN, 128);
    /// ```
    pub const MAX_LEN: usize = 128;

    /// A fresh verifier: 32 bytes from the OS CSPRNG, base64url without padding (43
    /// characters), as RFC 7636 §4.1 recommends. Fails (code `internal`) only if the OS
    /// random source does.
    ///
    /// ```
    /// use brandpilot::platform::oauth::PkceVerifier;
    /// let a = PkceVerifier::generate().unwrap();
    /// let b = PkceVerifier::generate().unwrap();
    /// assert_eq!(a.as_str().len(), 43);
    /// assert_ne!(a, b);
    /// ```
    pub fn generate() -> Result<Self> {
        let bytes = zeroize::Zeroizing::new(os_random::<32>()?);
        Ok(PkceVerifier(Secret::new(URL_SAFE_NO_PAD.encode(*bytes))))
    }

    /// A verifier the host kept from the start of the flow, validated against RFC 7636 §4.1:
    /// 43 to 128 characters of `[A-Za-z0-9-._~]`. Otherwise an `invalid_input` error on field
    /// `code_verifier` (the message never repeats the value).
    ///
    /// ```
    /// use brandpilot::platform::oauth::PkceVerifier;
    /// assert!(PkceVerifier::from_string("a".repeat(43)).is_ok());
    /// let err = PkceVerifier::from_string("too-short").unwrap_err();
    /// assert_eq!(err.code(), "invalid_input");
    /// assert_eq!(err.field(), Some("code_verifier"));
    /// ```
    pub fn from_string(s: impl Into<String>) -> Result<Self> {
        let secret = Secret::new(s);
        let value = secret.expose();
        let len = value.len();
        if let Some(pos) = value.chars().position(|c| !is_unreserved(c)) {
            return Err(Error::invalid(
                "code_verifier",
                format!(
                    "character {pos} is outside the unreserved set [A-Za-z0-9-._~] (RFC 7636 §4.1)"
                ),
            ));
        }
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&len) {
            return Err(Error::invalid(
                "code_verifier",
                format!("must be 43 to 128 characters (RFC 7636 §4.1), got {len}"),
            ));
        }
        Ok(PkceVerifier(secret))
    }

    /// The verifier itself, sent as `code_verifier` in the token request.
    ///
    /// ```
    /// let v = brandpilot::platform::oauth::PkceVerifier::from_string("a".repeat(50)).unwrap();
    /// assert_eq!(v.as_str(), "a".repeat(50));
    /// ```
    pub fn as_str(&self) -> &str {
        self.0.expose()
    }

    /// The `code_challenge` for method `S256` (RFC 7636 §4.2):
    /// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`, without padding.
    ///
    /// ```
    /// let v = brandpilot::platform::oauth::PkceVerifier::generate().unwrap();
    /// let challenge = v.challenge_s256();
    /// assert_eq!(challenge.len(), 43);
    /// assert_ne!(challenge, v.as_str());
    /// ```
    pub fn challenge_s256(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.as_str().as_bytes()))
    }
}

/// RFC 7636 §4.1: `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`.
fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier(***)")
    }
}

impl Serialize for PkceVerifier {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PkceVerifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PkceVerifier::from_string(s).map_err(serde::de::Error::custom)
    }
}

/// The OAuth 2.0 `state` parameter (RFC 6749 §10.12): an unguessable value bound to the
/// user's session, checked on the callback to stop cross-site request forgery.
///
/// [`OAuthState::generate`] draws 256 bits from the OS CSPRNG; [`OAuthState::matches`]
/// compares in constant time (the `subtle` crate). Serde reads and writes the plain string.
///
/// ```
/// use brandpilot::platform::oauth::OAuthState;
/// let state = OAuthState::generate().unwrap();
/// let kept = OAuthState::from_string(state.as_str()).unwrap();
/// assert!(kept.matches(state.as_str()));
/// assert!(!kept.matches(""));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthState(Secret);

impl OAuthState {
    /// A fresh state: 32 bytes (256 bits) from the OS CSPRNG, base64url without padding.
    /// Fails (code `internal`) only if the OS random source does.
    ///
    /// ```
    /// use brandpilot::platform::oauth::OAuthState;
    /// let (a, b) = (OAuthState::generate().unwrap(), OAuthState::generate().unwrap());
    /// assert_eq!(a.as_str().len(), 43);
    /// assert_ne!(a, b);
    /// ```
    pub fn generate() -> Result<Self> {
        let bytes = zeroize::Zeroizing::new(os_random::<32>()?);
        Ok(OAuthState(Secret::new(URL_SAFE_NO_PAD.encode(*bytes))))
    }

    /// A state the host stored at the start of the flow. It must be 1 to 512 characters of
    /// the unreserved set `[A-Za-z0-9-._~]` (so it travels in a URL unescaped); otherwise an
    /// `invalid_input` error on field `state`.
    ///
    /// ```
    /// use brandpilot::platform::oauth::OAuthState;
    /// assert!(OAuthState::from_string("abc-123").is_ok());
    /// assert_eq!(OAuthState::from_string("").unwrap_err().field(), Some("state"));
    /// assert!(OAuthState::from_string("a b").is_err());
    /// ```
    pub fn from_string(s: impl Into<String>) -> Result<Self> {
        let secret = Secret::new(s);
        let value = secret.expose();
        if value.is_empty() || value.len() > 512 {
            return Err(Error::invalid(
                "state",
                format!("must be 1 to 512 characters, got {}", value.len()),
            ));
        }
        if let Some(pos) = value.chars().position(|c| !is_unreserved(c)) {
            return Err(Error::invalid(
                "state",
                format!("character {pos} is outside the unreserved set [A-Za-z0-9-._~]"),
            ));
        }
        Ok(OAuthState(secret))
    }

    /// The value to send as the `state` query parameter.
    ///
    /// ```
    /// let s = brandpilot::platform::oauth::OAuthState::from_string("xyz").unwrap();
    /// assert_eq!(s.as_str(), "xyz");
    /// ```
    pub fn as_str(&self) -> &str {
        self.0.expose()
    }

    /// Whether the `state` received on the callback equals this one, compared in constant
    /// time (only the length can leak).
    ///
    /// ```
    /// let s = brandpilot::platform::oauth::OAuthState::from_string("xyz").unwrap();
    /// assert!(s.matches("xyz"));
    /// assert!(!s.matches("xyZ"));
    /// ```
    pub fn matches(&self, received: &str) -> bool {
        self.as_str().as_bytes().ct_eq(received.as_bytes()).into()
    }
}

impl fmt::Debug for OAuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OAuthState(***)")
    }
}

impl Serialize for OAuthState {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OAuthState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        OAuthState::from_string(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc7636_appendix_b_vector() {
        let v = PkceVerifier::from_string(RFC_VERIFIER).unwrap();
        assert_eq!(v.challenge_s256(), RFC_CHALLENGE);
    }

    #[test]
    fn length_bounds() {
        assert!(PkceVerifier::from_string("a".repeat(42)).is_err());
        assert!(PkceVerifier::from_string("a".repeat(43)).is_ok());
        assert!(PkceVerifier::from_string("a".repeat(128)).is_ok());
        let err = PkceVerifier::from_string("a".repeat(129)).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some("code_verifier"));
        assert!(err.message().contains("129"));
    }

    #[test]
    fn charset() {
        let all_ok = "ABCXYZabcxyz0189-._~".repeat(3);
        assert!(PkceVerifier::from_string(all_ok).is_ok());
        for bad in ['+', '/', '=', ' ', '%', 'é', '\n'] {
            let s = format!("{}{bad}", "a".repeat(50));
            let err = PkceVerifier::from_string(s.clone()).unwrap_err();
            assert_eq!(err.field(), Some("code_verifier"), "{bad:?}");
            assert!(!err.to_string().contains(&s));
        }
    }

    #[test]
    fn generated_verifiers_are_valid_and_differ() {
        let a = PkceVerifier::generate().unwrap();
        let b = PkceVerifier::generate().unwrap();
        assert_ne!(a.as_str(), b.as_str());
        assert!(PkceVerifier::from_string(a.as_str()).is_ok());
        assert_eq!(a.challenge_s256().len(), 43);
    }

    #[test]
    fn serde_validates() {
        let v: PkceVerifier = serde_json::from_str(&format!("\"{RFC_VERIFIER}\"")).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{RFC_VERIFIER}\"")
        );
        assert!(serde_json::from_str::<PkceVerifier>("\"short\"").is_err());
        let s = OAuthState::generate().unwrap();
        let back: OAuthState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert!(back.matches(s.as_str()));
    }

    #[test]
    fn state_compare() {
        let s = OAuthState::generate().unwrap();
        assert!(s.matches(s.as_str()));
        assert!(!s.matches(&s.as_str()[1..]));
        assert!(!s.matches(OAuthState::generate().unwrap().as_str()));
        assert!(!format!("{s:?}").contains(s.as_str()));
    }
}
