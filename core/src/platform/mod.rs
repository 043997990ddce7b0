//! Talking to the platforms: OAuth 2.0 (PKCE, authorisation-code exchange, refresh), and
//! (feature `net`) one client per platform behind the [`SocialPlatform`] trait.
//!
//! Every client is built from an [`HttpClient`](crate::http::HttpClient) (rate limits,
//! retries, breaker, cache), a base URL that tests and self-hosted instances override, and
//! [`Credentials`] (a fixed token, or a [`TokenManager`](crate::token::TokenManager) that
//! refreshes it).

#[cfg(feature = "net")]
mod api;
#[cfg(feature = "net")]
pub mod bluesky;
#[cfg(feature = "net")]
mod client;
#[cfg(feature = "net")]
pub mod linkedin;
#[cfg(feature = "net")]
pub mod mastodon;
#[cfg(feature = "net")]
pub mod meta;
#[cfg(feature = "net")]
mod multipart;
pub mod oauth;
#[cfg(feature = "net")]
mod spec;
mod text;
mod types;
#[cfg(feature = "net")]
pub mod x;

#[cfg(feature = "net")]
pub use api::Credentials;
#[cfg(feature = "net")]
pub use client::{MAX_METRIC_IDS, SocialPlatform, all_posts};
#[cfg(feature = "net")]
pub use meta::{facebook, instagram, threads};
#[cfg(feature = "net")]
pub use spec::{ClientSpec, connect};
pub use text::html_to_text;
pub use types::{
    Audience, Capabilities, Draft, DraftImage, MAX_IMAGE_BYTES, Page, PostMetricKind,
    PostMetricsEntry, PostsQuery, PublishedPost,
};

/// The URL of the `rel="next"` link in a `Link` header (RFC 8288), as Mastodon and GitHub
/// page their lists.
///
/// ```
/// let headers = vec![("link".to_owned(),
///     r#"<https://m.example/api/v1/accounts/1/statuses?max_id=7>; rel="next", <https://m.example/api/v1/accounts/1/statuses?min_id=9>; rel="prev""#.to_owned())];
/// assert_eq!(brandpilot::platform::link_header_next(&headers).as_deref(),
///     Some("https://m.example/api/v1/accounts/1/statuses?max_id=7"));
/// ```
pub fn link_header_next(headers: &[(String, String)]) -> Option<String> {
    headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("link"))
        .flat_map(|(_, value)| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            is_next.then(|| target.to_owned())
        })
}

/// Rejects an empty list, more than [`MAX_METRIC_IDS`] ids, or an empty id.
#[cfg(feature = "net")]
pub(crate) fn check_metric_ids(ids: &[String]) -> crate::Result<()> {
    if ids.len() > MAX_METRIC_IDS {
        return Err(crate::Error::invalid(
            "ids",
            format!("at most {MAX_METRIC_IDS} ids a call"),
        ));
    }
    if let Some(i) = ids.iter().position(|id| id.trim().is_empty()) {
        return Err(crate::Error::invalid(
            format!("ids[{i}]"),
            "must not be empty",
        ));
    }
    Ok(())
}
