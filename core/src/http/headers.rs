//! What platforms say about their budgets, read from response headers:
//!
//! - `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date;
//! - X: `x-rate-limit-remaining` / `x-rate-limit-reset` (reset = Unix epoch seconds);
//!   <https://docs.x.com/fundamentals/rate-limits>;
//! - Meta: `x-app-usage` and `x-business-use-case-usage`, JSON with `call_count`,
//!   `total_time`, `total_cputime` in percent and (BUC only) `estimated_time_to_regain_access`
//!   in minutes; <https://developers.facebook.com/docs/graph-api/overview/rate-limiting/>;
//! - Mastodon: `x-ratelimit-remaining` / `x-ratelimit-reset` (reset = ISO-8601 time);
//!   <https://docs.joinmastodon.org/api/rate-limits/>;
//! - Bluesky: `ratelimit-remaining` / `ratelimit-reset` (reset = Unix epoch seconds);
//!   <https://docs.bsky.app/docs/advanced-guides/rate-limits>.
//!
//! The client turns each [`Exhausted`] into a
//! [`RateLimitStore::block_for`](super::RateLimitStore::block_for).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use serde_json::Value;

/// How long to block a Meta budget at 100 % when the platform gives no
/// `estimated_time_to_regain_access`: Meta's platform limits count over a rolling hour, so
/// usage falls back below 100 % gradually; a few minutes is a conservative first pause.
pub const META_DEFAULT_BLOCK: Duration = Duration::from_secs(5 * 60);

/// Which budget a spent-budget signal applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetScope {
    /// The whole app on this route (Meta `x-app-usage`).
    App,
    /// The caller's own budget: the token's when the request carried one, else the app's
    /// (X and Mastodon count per user token; Meta BUC per business object).
    Caller,
}

/// A budget the platform says is spent, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted {
    /// Whose budget.
    pub scope: BudgetScope,
    /// How long until the platform allows requests again.
    pub wait: Duration,
}

/// The value of header `name` (case-insensitive) in `headers`.
fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Parses a `Retry-After` value: delay-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past is a zero wait.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use brandpilot::http::headers::parse_retry_after;
/// let now = UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 07:27:50 GMT
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(Duration::from_secs(10)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let date = DateTime::parse_from_rfc2822(value).ok()?;
    Some(until(date.with_timezone(&Utc), now))
}

/// The `Retry-After` of a response, if it has a parseable one.
pub fn retry_after(headers: &[(String, String)], now: SystemTime) -> Option<Duration> {
    get(headers, "retry-after").and_then(|v| parse_retry_after(v, now))
}

/// The time from `now` until `when` (zero when `when` is past).
fn until(when: DateTime<Utc>, now: SystemTime) -> Duration {
    let when: SystemTime = when.into();
    when.duration_since(now).unwrap_or(Duration::ZERO)
}

/// X: `x-rate-limit-remaining: 0` with `x-rate-limit-reset` (epoch seconds) → the wait until
/// the reset. `None` while requests remain or when the headers are absent or malformed.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use brandpilot::http::headers::x_rate_limit;
/// let now = UNIX_EPOCH + Duration::from_secs(1_705_420_000);
/// let h = vec![
///     ("x-rate-limit-remaining".to_owned(), "0".to_owned()),
///     ("x-rate-limit-reset".to_owned(), "1705420800".to_owned()),
/// ];
/// assert_eq!(x_rate_limit(&h, now), Some(Duration::from_secs(800)));
/// ```
pub fn x_rate_limit(headers: &[(String, String)], now: SystemTime) -> Option<Duration> {
    let remaining: u64 = get(headers, "x-rate-limit-remaining")?.parse().ok()?;
    if remaining > 0 {
        return None;
    }
    let reset: u64 = get(headers, "x-rate-limit-reset")?.parse().ok()?;
    let reset = UNIX_EPOCH + Duration::from_secs(reset);
    Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Mastodon: `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (ISO-8601) → the wait until
/// the reset.
pub fn mastodon_rate_limit(headers: &[(String, String)], now: SystemTime) -> Option<Duration> {
    let remaining: u64 = get(headers, "x-ratelimit-remaining")?.parse().ok()?;
    if remaining > 0 {
        return None;
    }
    let reset = DateTime::parse_from_rfc3339(get(headers, "x-ratelimit-reset")?).ok()?;
    Some(until(reset.with_timezone(&Utc), now))
}

/// Bluesky (and other atproto services): `ratelimit-remaining: 0` with `ratelimit-reset` →
/// the wait until the reset. Bluesky sends the reset as epoch seconds
/// (<https://docs.bsky.app/docs/advanced-guides/rate-limits>); a small value is read as
/// delta-seconds, as the IETF `RateLimit` header draft defines it.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use brandpilot::http::headers::atproto_rate_limit;
/// let now = UNIX_EPOCH + Duration::from_secs(1_705_420_000);
/// let h = vec![
///     ("ratelimit-remaining".to_owned(), "0".to_owned()),
///     ("ratelimit-reset".to_owned(), "1705420300".to_owned()),
/// ];
/// assert_eq!(atproto_rate_limit(&h, now), Some(Duration::from_secs(300)));
/// ```
pub fn atproto_rate_limit(headers: &[(String, String)], now: SystemTime) -> Option<Duration> {
    let remaining: u64 = get(headers, "ratelimit-remaining")?.parse().ok()?;
    if remaining > 0 {
        return None;
    }
    let reset: u64 = get(headers, "ratelimit-reset")?.parse().ok()?;
    if reset < 1_000_000_000 {
        return Some(Duration::from_secs(reset));
    }
    let reset = UNIX_EPOCH + Duration::from_secs(reset);
    Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The highest of `call_count`, `total_time`, `total_cputime` in one Meta usage object, and
/// its `estimated_time_to_regain_access` (minutes) when present.
fn meta_object_usage(object: &Value) -> Option<(f64, Option<u64>)> {
    let usage = ["call_count", "total_time", "total_cputime"]
        .iter()
        .filter_map(|k| object.get(k).and_then(Value::as_f64))
        .fold(None, |max: Option<f64>, v| {
            Some(max.map_or(v, |m| m.max(v)))
        })?;
    let regain = object
        .get("estimated_time_to_regain_access")
        .and_then(Value::as_u64);
    Some((usage, regain))
}

/// The block a Meta usage reading asks for: any percentage at 100 or more blocks for the
/// estimated time to regain access (or [`META_DEFAULT_BLOCK`]); a positive
/// `estimated_time_to_regain_access` blocks whatever the percentages say.
fn meta_block(usages: impl IntoIterator<Item = (f64, Option<u64>)>) -> Option<Duration> {
    usages
        .into_iter()
        .filter_map(|(usage, regain)| match regain {
            Some(minutes) if minutes > 0 => Some(Duration::from_secs(minutes * 60)),
            _ if usage >= 100.0 => Some(META_DEFAULT_BLOCK),
            _ => None,
        })
        .max()
}

/// Meta `x-app-usage` (`{"call_count":100,"total_time":20,"total_cputime":10}`) → a block
/// when any figure is at 100 %.
///
/// ```
/// use brandpilot::http::headers::{meta_app_usage, META_DEFAULT_BLOCK};
/// assert_eq!(meta_app_usage(r#"{"call_count":100,"total_time":5,"total_cputime":5}"#), Some(META_DEFAULT_BLOCK));
/// assert_eq!(meta_app_usage(r#"{"call_count":42,"total_time":5,"total_cputime":5}"#), None);
/// ```
pub fn meta_app_usage(value: &str) -> Option<Duration> {
    let json: Value = serde_json::from_str(value).ok()?;
    meta_block(meta_object_usage(&json))
}

/// Meta `x-business-use-case-usage`
/// (`{"<id>":[{"type":"pages","call_count":100,…,"estimated_time_to_regain_access":7}]}`) →
/// the longest block any business object asks for.
pub fn meta_business_usage(value: &str) -> Option<Duration> {
    let json: Value = serde_json::from_str(value).ok()?;
    let objects = json.as_object()?;
    meta_block(
        objects
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(meta_object_usage),
    )
}

/// Every spent budget the response's headers report.
pub fn exhausted(headers: &[(String, String)], now: SystemTime) -> Vec<Exhausted> {
    let mut out = Vec::new();
    let caller = |wait| Exhausted {
        scope: BudgetScope::Caller,
        wait,
    };
    if let Some(wait) = x_rate_limit(headers, now) {
        out.push(caller(wait));
    }
    if let Some(wait) = mastodon_rate_limit(headers, now) {
        out.push(caller(wait));
    }
    if let Some(wait) = atproto_rate_limit(headers, now) {
        out.push(caller(wait));
    }
    if let Some(wait) = get(headers, "x-app-usage").and_then(meta_app_usage) {
        out.push(Exhausted {
            scope: BudgetScope::App,
            wait,
        });
    }
    if let Some(wait) = get(headers, "x-business-use-case-usage").and_then(meta_business_usage) {
        out.push(caller(wait));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = at(1_445_412_470);
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_retry_after("-3", now), None);
        // A date in the past: no wait.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(&h(&[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(retry_after(&h(&[("retry-after", "")]), now), None);
        assert_eq!(retry_after(&[], now), None);
    }

    #[test]
    fn x_headers() {
        let now = at(1_000);
        let spent = h(&[
            ("x-rate-limit-limit", "900"),
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "1060"),
        ]);
        assert_eq!(x_rate_limit(&spent, now), Some(Duration::from_secs(60)));
        let left = h(&[
            ("x-rate-limit-remaining", "3"),
            ("x-rate-limit-reset", "1060"),
        ]);
        assert_eq!(x_rate_limit(&left, now), None);
        // A reset already past: the budget is back.
        let past = h(&[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "900"),
        ]);
        assert_eq!(x_rate_limit(&past, now), Some(Duration::ZERO));
        let garbage = h(&[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "soon"),
        ]);
        assert_eq!(x_rate_limit(&garbage, now), None);
        assert_eq!(
            exhausted(&spent, now),
            vec![Exhausted {
                scope: BudgetScope::Caller,
                wait: Duration::from_secs(60)
            }]
        );
    }

    #[test]
    fn mastodon_headers() {
        // 2020-09-08T13:25:00Z = 1599571500.
        let now = at(1_599_571_500 - 30);
        let spent = h(&[
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "2020-09-08T13:25:00.019685Z"),
        ]);
        let wait = mastodon_rate_limit(&spent, now).unwrap();
        assert!(wait >= Duration::from_secs(30) && wait < Duration::from_secs(31));
        let left = h(&[
            ("x-ratelimit-remaining", "299"),
            ("x-ratelimit-reset", "2020-09-08T13:25:00Z"),
        ]);
        assert_eq!(mastodon_rate_limit(&left, now), None);
    }

    #[test]
    fn meta_headers() {
        assert_eq!(
            meta_app_usage(r#"{"call_count":28,"total_time":100,"total_cputime":12}"#),
            Some(META_DEFAULT_BLOCK)
        );
        assert_eq!(meta_app_usage("not json"), None);
        let buc = r#"{"112233":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":7}],
                     "445566":[{"type":"instagram","call_count":5,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#;
        assert_eq!(meta_business_usage(buc), Some(Duration::from_secs(7 * 60)));
        let fine = r#"{"112233":[{"type":"pages","call_count":50,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":0}]}"#;
        assert_eq!(meta_business_usage(fine), None);
        let signals = exhausted(
            &h(&[
                (
                    "x-app-usage",
                    r#"{"call_count":100,"total_time":1,"total_cputime":1}"#,
                ),
                ("x-business-use-case-usage", buc),
            ]),
            at(0),
        );
        assert_eq!(signals.len(), 2);
        assert_eq!(signals[0].scope, BudgetScope::App);
        assert_eq!(signals[1].wait, Duration::from_secs(420));
    }
}
