//! An OpenAI-compatible server's error answers as coded [`Error`]s, with keys scrubbed.
//!
//! Decisions (error codes are a public contract; no new ones):
//! - **401** (`invalid_api_key`): `upstream` 401, not `reauth_required`. The key is the
//!   host's configuration, not a grant the person can renew by reconnecting an account;
//!   `reauth_required` would send users to a reconnect screen that cannot fix it. Not
//!   retryable ([`Error::is_retryable`] is false for 401).
//! - **400 `context_length_exceeded`**: `invalid_input` at `messages`: the caller's input is
//!   too long for the model, and repeating it cannot succeed.
//! - other **4xx**: `upstream {status}` with the provider's message and code (a model the
//!   key cannot use, a schema the provider rejects ...).
//! - **429** and **5xx** never reach this module: the HTTP layer retries them and returns
//!   `rate_limited { retry_after }` / `upstream` once retries are spent.

use crate::http::{Response, excerpt, headers};
use crate::{Error, Secret};

use super::wire::ErrorBody;

/// The coded error of a non-2xx answer from `service`.
pub(super) fn status_error(service: &str, response: &Response, key: Option<&Secret>) -> Error {
    let detail = serde_json::from_slice::<ErrorBody>(&response.body)
        .ok()
        .map(|b| b.error);
    let code = detail.as_ref().and_then(|d| d.code());
    let said = detail
        .as_ref()
        .and_then(|d| d.message.as_deref())
        .map(|m| excerpt(m.as_bytes()))
        .unwrap_or_else(|| excerpt(&response.body));
    let kind = detail.as_ref().and_then(|d| d.kind.clone());
    let tag = match (&code, &kind) {
        (Some(c), _) => format!(" [{c}]"),
        (None, Some(k)) => format!(" [{k}]"),
        (None, None) => String::new(),
    };
    let message = scrub(&format!("{said}{tag}"), key);
    let retry_after = headers::retry_after(&response.headers, std::time::SystemTime::now());
    match response.status {
        400 if code.as_deref() == Some("context_length_exceeded") => Error::invalid(
            "messages",
            format!("{service}: longer than the model's context window: {message}"),
        ),
        401 => Error::Upstream {
            status: 401,
            message: format!(
                "{service} rejected the API key (check the host's LLM configuration): {message}"
            ),
            retry_after: None,
        },
        429 => Error::RateLimited {
            message: format!("{service}: {message}"),
            retry_after,
        },
        status => Error::Upstream {
            status,
            message: format!("{service}: {message}"),
            retry_after,
        },
    }
}

/// `error` with `key` (and anything shaped like an OpenAI key, `sk-…`) scrubbed from its
/// messages and excerpts.
pub(super) fn scrub_error(error: Error, key: Option<&Secret>) -> Error {
    match error {
        Error::Upstream {
            status,
            message,
            retry_after,
        } => Error::Upstream {
            status,
            message: scrub(&message, key),
            retry_after,
        },
        Error::InvalidResponse {
            status,
            message,
            excerpt,
        } => Error::InvalidResponse {
            status,
            message: scrub(&message, key),
            excerpt: scrub(&excerpt, key),
        },
        Error::RateLimited {
            message,
            retry_after,
        } => Error::RateLimited {
            message: scrub(&message, key),
            retry_after,
        },
        other => other,
    }
}

/// `text` with every occurrence of `key` and every `sk-` word (OpenAI's key prefix, which
/// error messages echo partly masked) replaced by `[redacted]`.
pub(super) fn scrub(text: &str, key: Option<&Secret>) -> String {
    let mut out = match key {
        Some(k) if !k.is_empty() => text.replace(k.expose(), "[redacted]"),
        _ => text.to_owned(),
    };
    let mut from = 0;
    while let Some(found) = out[from..].find("sk-") {
        let start = from + found;
        let boundary = out[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        let end = out[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '*')))
            .map_or(out.len(), |i| start + i);
        if boundary && end - start > 3 {
            out.replace_range(start..end, "[redacted]");
            from = start + "[redacted]".len();
        } else {
            from = start + 3;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn response(status: u16, body: &str) -> Response {
        Response::new(status, vec![], Bytes::from(body.to_owned()))
    }

    #[test]
    fn keys_are_scrubbed() {
        let key = Secret::new("secret-key-value");
        assert_eq!(
            scrub(
                "bad key secret-key-value, or sk-proj-ab**cd, task-1",
                Some(&key)
            ),
            "bad key [redacted], or [redacted], task-1"
        );
        assert_eq!(scrub("sk-", None), "sk-");
    }

    #[test]
    fn error_bodies_are_coded() {
        let key = Secret::new("sk-live-0123456789");
        let e = status_error(
            "openai",
            &response(
                401,
                r#"{"error": {"message": "Incorrect API key provided: sk-live-0123456789.", "type": "invalid_request_error", "code": "invalid_api_key"}}"#,
            ),
            Some(&key),
        );
        assert_eq!((e.code(), e.status()), ("upstream", Some(401)));
        assert!(!e.is_retryable());
        assert!(!e.to_string().contains("0123456789"), "{e}");
        assert!(e.to_string().contains("[invalid_api_key]"), "{e}");

        let e = status_error(
            "openai",
            &response(
                400,
                r#"{"error": {"message": "This model's maximum context length is 128000 tokens.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}"#,
            ),
            None,
        );
        assert_eq!((e.code(), e.field()), ("invalid_input", Some("messages")));

        let e = status_error(
            "ollama",
            &response(
                404,
                r#"{"error": {"message": "model \"x\" not found", "type": "api_error", "code": null}}"#,
            ),
            None,
        );
        assert_eq!((e.code(), e.status()), ("upstream", Some(404)));
        assert!(
            e.message().contains("model \"x\" not found [api_error]"),
            "{e}"
        );

        let e = status_error("vllm", &response(400, "<html>bad</html>"), None);
        assert_eq!(e.message(), "vllm: <html>bad</html>");
    }
}
