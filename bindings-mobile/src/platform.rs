//! `PlatformClient`: one account on one platform behind the core's `SocialPlatform` trait, and
//! its account sync. Methods are Kotlin `suspend` / Swift `async`, run on the binding's one
//! runtime ([`run`]); typed records, plus JSON forms for hosts that store the sync state as
//! JSON text (the same snake_case JSON as every other language).

use std::sync::Arc;

use brandpilot::model::{MetricSeries, Post, Profile};
use brandpilot::platform::{
    Audience, Capabilities, ClientSpec, Credentials, Draft, PostMetricsEntry, PostsQuery,
    PublishedPost, SocialPlatform, connect,
};
use brandpilot::sync::{SyncOptions, SyncResult, SyncState, sync_account};
use chrono::{DateTime, NaiveDate, Utc};

use crate::error::BrandpilotError;
use crate::runtime::{http, run};
use crate::token::TokenManager;
use crate::{guard, json};

/// One page of posts, newest first, and the cursor of the next page (`null` on the last).
#[derive(Debug, Clone, uniffi::Record)]
pub struct PostPage {
    /// This page's posts.
    pub items: Vec<Post>,
    /// Pass as `PostsQuery.cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// One account on one platform (`spec.platform`: mastodon, x, linkedin, ...); see
/// `brandpilot::platform::connect`.
///
/// Errors: `ReauthRequired` when the grant is revoked, `RateLimited` (with `retryAfter`) at a
/// platform limit, `Upstream` (with `status`) for the platform's other refusals,
/// `Unsupported` for what the platform cannot do (see [`PlatformClient::capabilities`]),
/// `InvalidInput` with the field (`spec.base_url`, `draft.images[0].mime_type`).
#[derive(uniffi::Object)]
pub struct PlatformClient {
    inner: Arc<dyn SocialPlatform>,
}

impl std::fmt::Debug for PlatformClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformClient")
            .field("platform", &self.inner.capabilities().platform)
            .finish_non_exhaustive()
    }
}

/// The JSON form's named parameters.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecJson {
    spec: ClientSpec,
}

fn build(
    spec: &ClientSpec,
    credentials: Option<Credentials>,
) -> Result<Arc<PlatformClient>, BrandpilotError> {
    let inner = connect(http()?, spec, credentials).map_err(|e| e.within("spec"))?;
    Ok(Arc::new(PlatformClient { inner }))
}

#[uniffi::export]
impl PlatformClient {
    /// A client for `spec` with its own `access_token`.
    #[uniffi::constructor]
    pub fn new(spec: ClientSpec) -> Result<Arc<Self>, BrandpilotError> {
        guard(|| build(&spec, None))
    }

    /// The same from JSON text `{"spec": ClientSpec}` (named parameters, as every JSON
    /// form); errors name `spec.<field>`.
    #[uniffi::constructor]
    pub fn from_json(input_json: String) -> Result<Arc<Self>, BrandpilotError> {
        guard(|| {
            let SpecJson { spec } = json::parse(&input_json)?;
            build(&spec, None)
        })
    }

    /// A client whose tokens `tokens` keeps for `account`: refreshed ahead of expiry and
    /// once more when the platform answers 401.
    #[uniffi::constructor]
    pub fn with_tokens(
        spec: ClientSpec,
        tokens: Arc<TokenManager>,
        account: String,
    ) -> Result<Arc<Self>, BrandpilotError> {
        guard(|| {
            build(
                &spec,
                Some(Credentials::Managed {
                    manager: tokens.core(),
                    account,
                }),
            )
        })
    }

    /// What the client can report and do (no I/O).
    pub fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    /// [`PlatformClient::capabilities`] as JSON text.
    pub fn capabilities_json(&self) -> Result<String, BrandpilotError> {
        json::to_string(&self.inner.capabilities())
    }

    /// The account's profile, with its audience counts.
    pub async fn profile(&self) -> Result<Profile, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(c.profile().await?) }).await
    }

    /// One page of the account's posts, newest first; a metric the platform does not report
    /// is null, never 0.
    pub async fn posts(&self, query: PostsQuery) -> Result<PostPage, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move {
            let page = c.posts(&query).await?;
            Ok(PostPage {
                items: page.items,
                next_cursor: page.next_cursor,
            })
        })
        .await
    }

    /// Current metrics of up to 100 posts.
    pub async fn post_metrics(
        &self,
        ids: Vec<String>,
    ) -> Result<Vec<PostMetricsEntry>, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(c.post_metrics(&ids).await?) }).await
    }

    /// Followers, following and connections, where the platform reports them.
    pub async fn audience(&self) -> Result<Audience, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(c.audience().await?) }).await
    }

    /// Publishes `draft`; never retried where the platform takes no idempotency key.
    pub async fn publish(&self, draft: Draft) -> Result<PublishedPost, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(c.publish(&draft).await.map_err(|e| e.within("draft"))?) }).await
    }

    /// Deletes one of the account's posts.
    pub async fn delete(&self, id: String) -> Result<(), BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(c.delete(&id).await?) }).await
    }

    /// The account's daily series (a LinkedIn page's views and impressions) for the days
    /// `from..=to` (UTC); `Unsupported` where the platform reports none.
    pub async fn daily_series(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MetricSeries>, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(c.daily_series(from, to).await?) }).await
    }

    /// Fetches what is new since `state` and merges it into the state's snapshot:
    /// idempotent and resumable (a failure midway is in `result.error`, with what was
    /// fetched kept). Store `result.state` for the next run.
    pub async fn sync(
        &self,
        state: SyncState,
        now: DateTime<Utc>,
        options: SyncOptions,
    ) -> Result<SyncResult, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        run(async move { Ok(sync_account(c.as_ref(), state, &options, now).await?) }).await
    }

    /// [`PlatformClient::sync`] on JSON text: `state_json` (a `SyncState`, or null for a
    /// first sync) and `options_json` (a `SyncOptions`, or null); returns the `SyncResult`
    /// as JSON text, whose `state` is what to store.
    pub async fn sync_json(
        &self,
        state_json: Option<String>,
        now: DateTime<Utc>,
        options_json: Option<String>,
    ) -> Result<String, BrandpilotError> {
        let c = Arc::clone(&self.inner);
        let state: SyncState = match &state_json {
            Some(text) => guard(|| json::parse(text))?,
            None => SyncState::default(),
        };
        let options: SyncOptions = match &options_json {
            Some(text) => guard(|| json::parse(text))?,
            None => SyncOptions::default(),
        };
        run(async move {
            let result = sync_account(c.as_ref(), state, &options, now).await?;
            serde_json::to_string(&result)
                .map_err(|e| brandpilot::Error::internal(e.to_string()).into())
        })
        .await
    }
}
