//! A platform's answer, fully read, with helpers that turn a bad body into a coded,
//! secret-free error.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::{Error, Result};

/// How many characters of a body an error keeps.
pub const EXCERPT_CHARS: usize = 200;

/// A complete HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
    /// Whether this came from the response cache rather than the network.
    pub from_cache: bool,
    /// How many requests were sent for this response (`0` for a cache hit, `1` without
    /// retries).
    pub attempts: u32,
}

impl Response {
    /// A response received over the network in one attempt.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Bytes) -> Self {
        Response {
            status,
            headers,
            body,
            from_cache: false,
            attempts: 1,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body parsed as JSON into `T`; a body that does not parse (malformed, truncated,
    /// an HTML error page) is an `invalid_response` error with a short excerpt.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| Error::InvalidResponse {
            status: self.status,
            message: format!("body is not the expected JSON: {e}"),
            excerpt: excerpt(&self.body),
        })
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The start of `body`, at most [`EXCERPT_CHARS`] characters, with anything that looks like
/// a token redacted, for error messages and logs.
///
/// ```
/// let e = brandpilot::http::excerpt(br#"{"access_token":"abc123","error":"x"}"#);
/// assert!(!e.contains("abc123"));
/// assert!(e.contains("error"));
/// ```
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let short: String = text.chars().take(EXCERPT_CHARS).collect();
    let mut out = redact_tokens(&short);
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Replaces the values of JSON / form fields whose names say they hold a credential.
pub(crate) fn redact_tokens(text: &str) -> String {
    const SENSITIVE: [&str; 9] = [
        "access_token",
        "fb_exchange_token",
        "th_exchange_token",
        "input_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "api_key",
        "password",
    ];
    let mut out = text.to_owned();
    for name in SENSITIVE {
        let mut search_from = 0;
        while let Some(found) = out[search_from..].find(name) {
            let key_end = search_from + found + name.len();
            // Skip `":"`, `=`, spaces and quotes between the name and the value.
            let rest = &out[key_end..];
            let value_start = key_end
                + rest
                    .find(|c: char| !matches!(c, '"' | '\'' | ':' | '=' | ' '))
                    .unwrap_or(rest.len());
            let value_len = out[value_start..]
                .find(['"', '\'', '&', ',', '}', ' ', '\n'])
                .unwrap_or(out.len() - value_start);
            if value_len > 0 {
                out.replace_range(value_start..value_start + value_len, "[redacted]");
            }
            search_from = value_start + if value_len > 0 { "[redacted]".len() } else { 0 };
            if search_from >= out.len() {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_secret_free() {
        let body = format!("access_token=tok1&refresh_token=tok2&x={}", "y".repeat(500));
        let e = excerpt(body.as_bytes());
        assert!(!e.contains("tok1") && !e.contains("tok2"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 20);
        assert!(e.ends_with('…'));
        let html = excerpt(b"<html><body>502 Bad Gateway</body></html>");
        assert_eq!(html, "<html><body>502 Bad Gateway</body></html>");
    }

    #[test]
    fn bad_json_is_invalid_response() {
        let r = Response {
            status: 200,
            headers: vec![("content-type".into(), "text/html".into())],
            body: Bytes::from_static(b"<html>oops</html>"),
            from_cache: false,
            attempts: 1,
        };
        let err = r.json::<serde_json::Value>().unwrap_err();
        assert_eq!(err.code(), "invalid_response");
        assert_eq!(r.header("Content-Type"), Some("text/html"));
    }
}
