//! LinkedIn's error bodies as coded errors. LinkedIn answers
//! `{"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED", "message": "…"}`
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling>);
//! an expired or revoked token is 401 with `serviceErrorCode` 65600–65604 or a `code` such as
//! `REVOKED_ACCESS_TOKEN`
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens>),
//! and throttling is 429 without a `Retry-After` (daily quotas,
//! <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits>).

use serde::Deserialize;

use super::SERVICE;
use crate::http::Response;
use crate::platform::api::status_error;
use crate::{Error, Result};

/// `serviceErrorCode`s of an unusable access token: invalid, revoked, expired, … .
const TOKEN_CODES: std::ops::RangeInclusive<i64> = 65600..=65604;

/// The `code`s of an unusable access token.
const TOKEN_CODE_NAMES: [&str; 4] = [
    "INVALID_ACCESS_TOKEN",
    "REVOKED_ACCESS_TOKEN",
    "EXPIRED_ACCESS_TOKEN",
    "EMPTY_ACCESS_TOKEN",
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    message: Option<String>,
    service_error_code: Option<i64>,
    code: Option<String>,
}

/// A 2xx answer as it is; anything else as the coded error of LinkedIn's error body:
/// an unusable token → `reauth_required` (whatever the status), 429 → `rate_limited`,
/// anything else → `upstream {status}` with LinkedIn's message and codes.
pub(crate) fn check(response: Response) -> Result<Response> {
    if response.is_success() {
        return Ok(response);
    }
    let body = serde_json::from_slice::<ErrorBody>(&response.body).ok();
    let Some(body) = body else {
        return Err(status_error(SERVICE, &response, None));
    };
    let mut message = body.message.clone().unwrap_or_default();
    let codes: Vec<String> = body
        .code
        .iter()
        .cloned()
        .chain(
            body.service_error_code
                .map(|c| format!("serviceErrorCode {c}")),
        )
        .collect();
    if !codes.is_empty() {
        message = format!("{message} ({})", codes.join(", "));
    }
    let token_unusable = body
        .service_error_code
        .is_some_and(|c| TOKEN_CODES.contains(&c))
        || body
            .code
            .as_deref()
            .is_some_and(|c| TOKEN_CODE_NAMES.contains(&c));
    if token_unusable && response.status != 429 {
        return Err(Error::ReauthRequired {
            message: format!(
                "{SERVICE} rejected the access token: {}",
                crate::http::excerpt(message.as_bytes())
            ),
        });
    }
    Err(status_error(SERVICE, &response, Some(&message)))
}
