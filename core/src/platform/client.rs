//! The one trait every platform client implements, and a helper that walks every page.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::{Audience, Capabilities, Draft, Page, PostMetricsEntry, PostsQuery, PublishedPost};
use crate::model::{MetricSeries, Post, Profile};
use crate::{Error, Result};

/// A person's (or page's) account on one platform: read its profile, posts, metrics and
/// audience, and publish or delete posts for it.
///
/// Every client talks through [`HttpClient`](crate::http::HttpClient) (rate limits, retries,
/// breaker) and its [`Credentials`](super::Credentials) (token refresh), maps the platform's
/// error bodies onto the coded [`Error`](crate::Error)s, and reports a metric it does not get
/// as absent, never 0. A call the platform cannot serve fails with `unsupported`
/// ([`capabilities`](SocialPlatform::capabilities) says which).
#[async_trait]
pub trait SocialPlatform: Send + Sync {
    /// What this client can report and do.
    fn capabilities(&self) -> Capabilities;

    /// The account's profile, with its audience counts where reported.
    async fn profile(&self) -> Result<Profile>;

    /// One page of the account's own posts, newest first, with their metrics where the
    /// listing carries them.
    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>>;

    /// The current metrics of the posts `ids` (in the same order; at most 100 ids).
    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>>;

    /// Followers, following and connections, where the platform reports them.
    async fn audience(&self) -> Result<Audience>;

    /// Publishes `draft`. Never retried where the platform takes no idempotency key: a
    /// duplicate post is worse than a reported failure.
    async fn publish(&self, draft: &Draft) -> Result<PublishedPost>;

    /// Deletes the post `id`.
    async fn delete(&self, id: &str) -> Result<()>;

    /// The account's daily series for the days `from..=to` (UTC), one per metric of
    /// [`Capabilities::daily_series`]: a LinkedIn page's views and impressions. The default
    /// is `unsupported`, for platforms that report none.
    async fn daily_series(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<MetricSeries>> {
        let _ = (from, to);
        Err(Error::Unsupported {
            message: format!(
                "{} reports no daily account series",
                self.capabilities().platform
            ),
        })
    }
}

/// Every post published at or after `query.since`, walking pages from `query.cursor` until the
/// last one or `max_pages` pages.
pub async fn all_posts(
    platform: &dyn SocialPlatform,
    query: &PostsQuery,
    max_pages: u32,
) -> Result<Vec<Post>> {
    let mut query = query.clone();
    let mut posts = Vec::new();
    for _ in 0..max_pages.max(1) {
        let page = platform.posts(&query).await?;
        posts.extend(page.items);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    Ok(posts)
}

/// The most ids one `post_metrics` call takes.
pub const MAX_METRIC_IDS: usize = 100;
