//! What the Meta clients ([`Facebook`](facebook::Facebook) Pages,
//! [`Instagram`](instagram::Instagram) professional accounts and [`Threads`](threads::Threads))
//! share: the Graph error body and its mapping onto coded errors, cursor paging, insights
//! values, sending with a token-refreshing retry, the long-lived token grants, and the
//! container status polling of the Instagram and Threads publishing flows.
//!
//! - Errors: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`, mostly with
//!   HTTP 400, so the mapping reads `error.code`, not only the status
//!   (<https://developers.facebook.com/docs/graph-api/guides/error-handling/>): code 190 and
//!   102 (and the OAuth subcodes 458, 460, 463, 467) → `reauth_required`; 4, 17, 32, 613 and
//!   80000–80014 → `rate_limited`, with the wait from `x-business-use-case-usage`'s
//!   `estimated_time_to_regain_access` (or `x-app-usage`)
//!   (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting/>); 10 and
//!   200–299 (permissions) → `upstream 403` with Graph's own `(#200) …` message; anything else
//!   → `upstream {status}` with the message.
//! - Paging: `{"data":[…],"paging":{"cursors":{"after"},"next"}}`; a page without `next` is
//!   the last one (<https://developers.facebook.com/docs/graph-api/results/>).
//! - Tokens go in the `Authorization: Bearer` header, never in URLs, except on the token
//!   grants below, which take them as documented query parameters (the HTTP layer redacts
//!   `access_token=` / `fb_exchange_token=` in `Debug`, and no error message carries a URL).

pub mod facebook;
pub mod instagram;
pub mod threads;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::Credentials;
use super::api::{Api, with_query};
use super::oauth::TokenSet;
use crate::http::{HttpClient, Request, Response, Route, excerpt, headers};
use crate::model::Platform;
use crate::{Error, Result, Secret};

/// The Graph API version the Facebook and Instagram clients call unless
/// `ClientSpec::api_version` says otherwise (the version the Meta OAuth preset uses; see
/// <https://developers.facebook.com/docs/graph-api/changelog/versions/>).
pub const GRAPH_VERSION: &str = "v24.0";
/// The Graph API root of Facebook Pages and Instagram with Facebook Login.
pub const GRAPH_BASE: &str = "https://graph.facebook.com";

/// The `error` object of a Graph error body.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct GraphError {
    #[serde(default)]
    pub message: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
}

#[derive(Deserialize)]
struct GraphErrorBody {
    error: GraphError,
}

/// The Graph error in `response`'s body, if it has one.
pub(crate) fn graph_error(response: &Response) -> Option<GraphError> {
    serde_json::from_slice::<GraphErrorBody>(&response.body)
        .ok()
        .map(|b| b.error)
}

/// Whether `error` says the access token is expired, revoked or otherwise unusable.
fn is_token_error(error: &GraphError) -> bool {
    matches!(error.code, Some(190 | 102))
        || matches!(error.error_subcode, Some(458 | 460 | 463 | 467))
}

/// Whether `response` rejects its access token (HTTP 401, or Graph code 190 with any status).
pub(crate) fn rejects_token(response: &Response) -> bool {
    !response.is_success()
        && (response.status == 401 || graph_error(response).is_some_and(|e| is_token_error(&e)))
}

/// How long Meta asks to wait, from `x-business-use-case-usage`
/// (`estimated_time_to_regain_access`, minutes), `x-app-usage`, or `Retry-After`.
fn meta_wait(response: &Response) -> Option<Duration> {
    response
        .header("x-business-use-case-usage")
        .and_then(headers::meta_business_usage)
        .or_else(|| {
            response
                .header("x-app-usage")
                .and_then(headers::meta_app_usage)
        })
        .or_else(|| headers::retry_after(&response.headers, SystemTime::now()))
}

/// The coded error of a non-2xx Graph answer. The message is Graph's own (with its code, type
/// and trace id), cut and redacted; never a URL.
pub(crate) fn map_error(service: &str, response: &Response) -> Error {
    let Some(e) = graph_error(response) else {
        return match response.status {
            401 => Error::ReauthRequired {
                message: format!(
                    "{service} rejected the access token: {}",
                    excerpt(&response.body)
                ),
            },
            429 => Error::RateLimited {
                message: format!("{service}: {}", excerpt(&response.body)),
                retry_after: meta_wait(response),
            },
            status => Error::Upstream {
                status,
                message: format!("{service}: {}", excerpt(&response.body)),
                retry_after: headers::retry_after(&response.headers, SystemTime::now()),
            },
        };
    };
    let code = e.code.unwrap_or_default();
    let mut text = e.message.trim().to_owned();
    if text.is_empty() {
        text = "no message".to_owned();
    }
    // Graph prefixes many messages with `(#code)`; add it where it does not, so `(#200)`
    // permission errors always read as such.
    if code != 0 && !text.starts_with("(#") {
        text = format!("(#{code}) {text}");
    }
    if let Some(user_msg) = e.error_user_msg.as_deref().filter(|m| !m.trim().is_empty()) {
        text = format!("{text} — {}", user_msg.trim());
    }
    let mut details = Vec::new();
    if let Some(kind) = &e.kind {
        details.push(kind.clone());
    }
    if let Some(sub) = e.error_subcode {
        details.push(format!("subcode {sub}"));
    }
    if let Some(trace) = &e.fbtrace_id {
        details.push(format!("fbtrace_id {trace}"));
    }
    let message = if details.is_empty() {
        format!("{service}: {}", excerpt(text.as_bytes()))
    } else {
        format!(
            "{service}: {} [{}]",
            excerpt(text.as_bytes()),
            details.join(", ")
        )
    };
    if is_token_error(&e) || response.status == 401 {
        return Error::ReauthRequired { message };
    }
    match code {
        4 | 17 | 32 | 613 | 80_000..=80_014 => Error::RateLimited {
            message,
            retry_after: meta_wait(response),
        },
        10 | 200..=299 => Error::Upstream {
            status: 403,
            message: format!("permission denied: {message}"),
            retry_after: None,
        },
        _ if response.status == 429 => Error::RateLimited {
            message,
            retry_after: meta_wait(response),
        },
        _ => Error::Upstream {
            status: response.status,
            message,
            retry_after: headers::retry_after(&response.headers, SystemTime::now()),
        },
    }
}

/// A 2xx answer as it is; anything else as its coded Graph error. Graph sometimes answers
/// 200 with an error body (batch and some legacy paths): that is an error too.
pub(crate) fn check(service: &str, response: Response) -> Result<Response> {
    if response.is_success() {
        if response.body.starts_with(b"{\"error\"") && graph_error(&response).is_some() {
            let mut failed = response;
            failed.status = 400;
            return Err(map_error(service, &failed));
        }
        return Ok(response);
    }
    Err(map_error(service, &response))
}

/// Sends the request `build` makes with the credentials' token and checks it. With managed
/// credentials a rejected token (HTTP 401 or Graph code 190, which Graph answers with 400) is
/// refreshed once ([`TokenManager::force_refresh`](crate::token::TokenManager::force_refresh))
/// and the request sent again; a second rejection is `reauth_required`.
pub(crate) async fn send<F>(service: &str, api: &Api, build: F) -> Result<Response>
where
    F: Fn(Secret) -> Request + Send + Sync,
{
    match &api.credentials {
        Credentials::Token(token) => check(service, api.http.send(build(token.clone())).await?),
        Credentials::Managed { manager, account } => {
            let token = manager.access_token(account, Utc::now()).await?;
            let response = api.http.send(build(token.clone())).await?;
            if !rejects_token(&response) {
                return check(service, response);
            }
            let fresh = manager.force_refresh(account, &token, Utc::now()).await?;
            check(service, api.http.send(build(fresh)).await?)
        }
    }
}

/// A Graph list: `data` and `paging`.
#[derive(Debug, Deserialize)]
pub(crate) struct GraphList<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

/// Graph's `paging` object.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Paging {
    #[serde(default)]
    pub cursors: Option<Cursors>,
    #[serde(default)]
    pub next: Option<String>,
}

/// Graph's cursor pair.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Cursors {
    #[serde(default)]
    pub after: Option<String>,
}

impl<T> GraphList<T> {
    /// The `after` cursor of the next page: `paging.cursors.after` (or the `after` parameter
    /// of `paging.next`), only while `paging.next` says there is a next page.
    pub fn next_cursor(&self) -> Option<String> {
        let paging = self.paging.as_ref()?;
        let next = paging.next.as_deref()?;
        paging
            .cursors
            .as_ref()
            .and_then(|c| c.after.clone())
            .filter(|a| !a.is_empty())
            .or_else(|| {
                url::Url::parse(next).ok().and_then(|u| {
                    u.query_pairs()
                        .find(|(k, _)| k == "after")
                        .map(|(_, v)| v.into_owned())
                })
            })
    }
}

/// One insights metric: `{"name", "values":[{"value"}]}` or `{"name", "total_value":{"value"}}`.
#[derive(Debug, Deserialize)]
pub(crate) struct InsightMetric {
    pub name: String,
    #[serde(default)]
    pub values: Vec<InsightValue>,
    #[serde(default)]
    pub total_value: Option<InsightValue>,
}

/// One insights value (numbers only are read; breakdown objects are skipped).
#[derive(Debug, Deserialize)]
pub(crate) struct InsightValue {
    #[serde(default)]
    pub value: serde_json::Value,
}

/// The numeric value of each metric an insights answer reports; a metric it leaves out (Meta
/// returns an empty set rather than 0 when data is unavailable) is absent from the map.
pub(crate) fn insight_values(list: GraphList<InsightMetric>) -> HashMap<String, i64> {
    list.data
        .into_iter()
        .filter_map(|m| {
            let value = m
                .total_value
                .as_ref()
                .or_else(|| m.values.last())
                .and_then(|v| v.value.as_i64())?;
            Some((m.name, value))
        })
        .collect()
}

/// Percent-encodes an id for a path segment (ids come from hosts and platforms).
pub(crate) fn segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Rejects an empty id.
pub(crate) fn check_id(field: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(())
}

/// `/{version}` for a spec's `api_version` (`v24.0`), or `default`; an empty string drops the
/// version segment (Graph then uses the app's default version).
pub(crate) fn version_prefix(version: Option<&str>, default: &str) -> Result<String> {
    let v = version.unwrap_or(default).trim().trim_matches('/');
    if v.is_empty() {
        return Ok(String::new());
    }
    let valid = v.starts_with('v')
        && v.len() <= 8
        && v[1..].chars().all(|c| c.is_ascii_digit() || c == '.');
    if !valid {
        return Err(Error::invalid(
            "api_version",
            "must look like `v24.0` (Graph) or `v1.0` (Threads)",
        ));
    }
    Ok(format!("/{v}"))
}

/// Checks `text` against the platform's documented length and hashtag limits
/// ([`crate::content::limits`]).
pub(crate) fn check_text(text: &str, platform: Platform) -> Result<()> {
    let check = crate::content::limits::check_length(text, platform);
    if check.fits {
        return Ok(());
    }
    if check.length > check.limit {
        return Err(Error::invalid(
            "text",
            format!(
                "{platform} takes at most {} characters; this text has {}",
                check.limit, check.length
            ),
        ));
    }
    if let Some(max) = check.hashtag_limit.filter(|max| check.hashtags > *max) {
        return Err(Error::invalid(
            "text",
            format!(
                "{platform} takes at most {max} hashtags; this text has {}",
                check.hashtags
            ),
        ));
    }
    Err(Error::invalid(
        "text",
        format!("is too long for {platform}"),
    ))
}

/// `{"id": …}`, the answer of Graph creates.
#[derive(Debug, Deserialize)]
pub(crate) struct Created {
    pub id: String,
    /// `POST /{page-id}/photos` answers the feed post's id here as well.
    #[serde(default)]
    pub post_id: Option<String>,
}

/// A long-lived token answer: `{"access_token", "token_type", "expires_in"}`.
#[derive(Deserialize)]
struct LongLived {
    access_token: Secret,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// Sends a token grant (a `GET` whose query carries the tokens) and reads the token set.
/// Errors are Graph's, without the URL; a rejected token is `reauth_required`.
pub(crate) async fn token_grant(
    http: &HttpClient,
    provider: &str,
    url: &str,
    query: &[(&str, &str)],
) -> Result<TokenSet> {
    let request = Request::get(
        with_query(url, query),
        Route::new(format!("oauth:{provider}"), "token"),
    );
    let response = check(provider, http.send(request).await?)?;
    let parsed: LongLived = response.json()?;
    if parsed.access_token.expose().is_empty() {
        return Err(Error::InvalidResponse {
            status: response.status,
            message: format!("{provider} answered no access_token"),
            excerpt: excerpt(&response.body),
        });
    }
    let mut tokens = TokenSet::bearer(parsed.access_token);
    if let Some(kind) = parsed.token_type.filter(|t| !t.is_empty()) {
        tokens.token_type = kind;
    }
    let seconds = parsed.expires_in.as_ref().and_then(|v| {
        v.as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    });
    if let Some(seconds) = seconds.filter(|s| *s > 0) {
        tokens = tokens.expiring_in(Utc::now(), seconds);
    }
    Ok(tokens)
}

/// `base` validated as an http(s) URL, without a trailing slash.
pub(crate) fn check_base(base: &str) -> Result<String> {
    let base = base.trim_end_matches('/');
    let parsed = url::Url::parse(base)
        .map_err(|e| Error::invalid("base_url", format!("is not an absolute URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::invalid(
            "base_url",
            "must be an http(s) URL with a host",
        ));
    }
    Ok(base.to_owned())
}

/// How a publishing flow waits for a media container (Instagram `status_code`, Threads
/// `status`) to be ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContainerPolling {
    /// Pause between two status reads.
    pub delay: Duration,
    /// Most status reads before giving up (`upstream_unavailable`, retryable).
    pub max_polls: u32,
}

impl Default for ContainerPolling {
    /// 30 reads 2 s apart: images are usually ready within seconds; Meta suggests polling
    /// about once a minute for up to 5 minutes for video, which these clients do not publish.
    fn default() -> Self {
        ContainerPolling {
            delay: Duration::from_secs(2),
            max_polls: 30,
        }
    }
}

/// Reads a container's status with `read` until it says `FINISHED` (or `PUBLISHED`), at most
/// `polling.max_polls` times. `ERROR` / `EXPIRED` are `upstream` errors with the platform's
/// reason.
pub(crate) async fn wait_for_container<F, Fut>(
    service: &str,
    polling: ContainerPolling,
    read: F,
) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(String, Option<String>)>>,
{
    let polls = polling.max_polls.max(1);
    for attempt in 0..polls {
        let (status, reason) = read().await?;
        match status.to_ascii_uppercase().as_str() {
            "FINISHED" | "PUBLISHED" => return Ok(()),
            "ERROR" | "EXPIRED" => {
                return Err(Error::Upstream {
                    status: 422,
                    message: format!(
                        "{service}: the media container is {status}{}",
                        reason
                            .map(|r| format!(": {}", excerpt(r.as_bytes())))
                            .unwrap_or_default()
                    ),
                    retry_after: None,
                });
            }
            _ => {
                if attempt + 1 < polls {
                    tokio::time::sleep(polling.delay).await;
                }
            }
        }
    }
    Err(Error::UpstreamUnavailable {
        message: format!("{service}: the media container was not ready after {polls} checks"),
        retry_after: Some(polling.delay),
    })
}

/// Parses a Graph timestamp (`2026-11-12T09:30:00+0000`, or RFC 3339).
pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z"))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Deserialises a Graph timestamp.
pub(crate) fn de_time<'de, D>(d: D) -> std::result::Result<DateTime<Utc>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let s = String::deserialize(d)?;
    parse_time(&s).ok_or_else(|| serde::de::Error::custom(format!("not a Graph timestamp: {s}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str, headers: &[(&str, &str)]) -> Response {
        Response::new(
            status,
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            bytes::Bytes::from(body.to_owned()),
        )
    }

    #[test]
    fn graph_codes_map_onto_error_codes() {
        let e = map_error(
            "facebook",
            &response(
                400,
                r#"{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"Abc"}}"#,
                &[],
            ),
        );
        assert_eq!(e.code(), "reauth_required");
        assert!(e.message().contains("fbtrace_id Abc"), "{e}");
        for code in [4, 17, 32, 613, 80001] {
            let body = format!(r#"{{"error":{{"message":"limit","code":{code}}}}}"#);
            let e = map_error(
                "facebook",
                &response(
                    400,
                    &body,
                    &[(
                        "x-business-use-case-usage",
                        r#"{"1":[{"type":"pages","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":7}]}"#,
                    )],
                ),
            );
            assert_eq!(e.code(), "rate_limited", "{code}");
            assert_eq!(e.retry_after(), Some(Duration::from_secs(420)));
        }
        let e = map_error(
            "facebook",
            &response(
                403,
                r#"{"error":{"message":"(#200) Requires pages_manage_posts permission","code":200}}"#,
                &[],
            ),
        );
        assert_eq!((e.code(), e.status()), ("upstream", Some(403)));
        assert!(
            e.message().contains("(#200) Requires pages_manage_posts"),
            "{e}"
        );
        let e = map_error(
            "facebook",
            &response(400, r#"{"error":{"message":"Bad","code":100}}"#, &[]),
        );
        assert_eq!((e.code(), e.status()), ("upstream", Some(400)));
        assert!(e.message().contains("(#100) Bad"));
        let e = map_error("facebook", &response(502, "<html>bad gateway</html>", &[]));
        assert_eq!(e.status(), Some(502));
    }

    #[test]
    fn cursors_only_while_there_is_a_next_page() {
        let list: GraphList<serde_json::Value> = serde_json::from_str(
            r#"{"data":[],"paging":{"cursors":{"before":"a","after":"b"},"next":"https://g/x?after=b"}}"#,
        )
        .unwrap();
        assert_eq!(list.next_cursor().as_deref(), Some("b"));
        let last: GraphList<serde_json::Value> =
            serde_json::from_str(r#"{"data":[],"paging":{"cursors":{"after":"b"}}}"#).unwrap();
        assert_eq!(last.next_cursor(), None);
        let only_next: GraphList<serde_json::Value> =
            serde_json::from_str(r#"{"data":[],"paging":{"next":"https://g/x?limit=2&after=zz"}}"#)
                .unwrap();
        assert_eq!(only_next.next_cursor().as_deref(), Some("zz"));
    }

    #[test]
    fn versions_and_times() {
        assert_eq!(version_prefix(None, "v24.0").unwrap(), "/v24.0");
        assert_eq!(version_prefix(Some("v1.0"), "v24.0").unwrap(), "/v1.0");
        assert_eq!(version_prefix(Some(""), "v24.0").unwrap(), "");
        assert!(version_prefix(Some("../x"), "v24.0").is_err());
        assert_eq!(
            parse_time("2026-11-12T09:30:00+0000").unwrap().to_rfc3339(),
            "2026-11-12T09:30:00+00:00"
        );
    }
}
