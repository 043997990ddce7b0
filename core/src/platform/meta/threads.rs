//! Threads, on the Threads API (`https://graph.threads.net/v1.0`,
//! <https://developers.facebook.com/docs/threads>).
//!
//! - profile: `GET /me?fields=id,username,name,threads_profile_picture_url,threads_biography`
//!   (<https://developers.facebook.com/docs/threads/threads-profiles>) and followers from
//!   `GET /{user-id}/threads_insights?metric=followers_count` (`total_value.value`,
//!   <https://developers.facebook.com/docs/threads/insights>; needs
//!   `threads_manage_insights`, without which the profile reports followers as absent);
//! - posts: `GET /{user-id}/threads?fields=id,text,timestamp,media_type,permalink&since=
//!   &limit=&after=` (<https://developers.facebook.com/docs/threads/threads-media>); reposts
//!   of other people's posts (`REPOST_FACADE`) are skipped;
//! - metrics: `GET /{thread-id}/insights?metric=views,likes,replies,reposts,quotes,shares`
//!   (<https://developers.facebook.com/docs/threads/insights>): views → impressions, replies
//!   → comments, shares = reposts + quotes + shares (those reported);
//! - publish: `POST /{user-id}/threads` (`media_type=TEXT` with `text`; `IMAGE` with
//!   `image_url`; a carousel of image children with `is_carousel_item=true`, then
//!   `media_type=CAROUSEL` with `children`), for media a wait on `GET /{container-id}?
//!   fields=status,error_message` until `FINISHED`, then `POST /{user-id}/threads_publish?
//!   creation_id=` (<https://developers.facebook.com/docs/threads/posts>). Text: at most 500
//!   characters. Images are fetched by Threads from public URLs: bytes alone are
//!   `unsupported`. `threads_publish` is never retried;
//! - delete: `DELETE /{thread-id}` (`threads_delete`, 100 a day,
//!   <https://developers.facebook.com/docs/threads/posts/delete-posts>);
//! - tokens: [`exchange_long_lived_token`] (`th_exchange_token`) and
//!   [`refresh_long_lived_token`] (`th_refresh_token`), 60-day tokens
//!   (<https://developers.facebook.com/docs/threads/get-started/long-lived-tokens>).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::{
    ContainerPolling, Created, GraphList, InsightMetric, check_id, check_text, de_time,
    insight_values, segment, version_prefix,
};
use crate::http::{HttpClient, Request, Response, Route};
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};
use crate::platform::api::{Api, random_key};
use crate::platform::oauth::TokenSet;
use crate::platform::{
    Audience, Capabilities, ClientSpec, Credentials, Draft, Page, PostMetricKind, PostMetricsEntry,
    PostsQuery, PublishedPost, SocialPlatform,
};
use crate::{Error, Result, Secret};

const SERVICE: &str = "threads";
/// The Threads API root.
pub const THREADS_BASE: &str = "https://graph.threads.net";
/// The Threads API version.
pub const THREADS_VERSION: &str = "v1.0";
/// The threads edge's page-size ceiling.
const MAX_PAGE: u32 = 100;
/// "A carousel post may have up to 20 images, videos, or a mix of the two."
const MAX_IMAGES: u32 = 20;
const THREAD_FIELDS: &str = "id,text,timestamp,media_type,permalink";
const INSIGHTS: &str = "views,likes,replies,reposts,quotes,shares";

/// A Threads profile.
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use brandpilot::http::{HttpClient, HttpConfig};
/// use brandpilot::platform::{Credentials, SocialPlatform, threads::Threads};
/// let http = HttpClient::new(HttpConfig::default())?;
/// let threads = Threads::new(http, "https://graph.threads.net", None, None,
///     Credentials::token("…"))?;
/// println!("{}", threads.profile().await?.handle);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Threads {
    api: Api,
    version: String,
    /// The user id given, else fetched from `/me` once.
    user_id: OnceCell<String>,
    me: OnceCell<ThreadsUser>,
    polling: ContainerPolling,
}

impl Threads {
    /// A client at `base` ([`THREADS_BASE`]) on `version` (default [`THREADS_VERSION`]) for
    /// the Threads user `user_id`, or the token's own user when `None`.
    pub fn new(
        http: HttpClient,
        base: &str,
        version: Option<&str>,
        user_id: Option<&str>,
        credentials: Credentials,
    ) -> Result<Self> {
        let known = OnceCell::new();
        if let Some(id) = user_id {
            check_id("account_id", id)?;
            let _ = known.set(id.trim().to_owned());
        }
        Ok(Threads {
            api: Api::new(http, base, credentials)?,
            version: version_prefix(version, THREADS_VERSION)?,
            user_id: known,
            me: OnceCell::new(),
            polling: ContainerPolling::default(),
        })
    }

    /// A client from a [`ClientSpec`]: `base_url` defaults to [`THREADS_BASE`],
    /// `api_version` to [`THREADS_VERSION`], `account_id` (optional) is the Threads user id.
    pub fn from_spec(
        http: HttpClient,
        spec: &ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        Threads::new(
            http,
            spec.base_url_or(THREADS_BASE),
            spec.api_version.as_deref(),
            spec.account_id.as_deref(),
            spec.credentials(credentials)?,
        )
    }

    /// Waits for media containers as `polling` says (tests use millisecond delays).
    pub fn with_polling(mut self, polling: ContainerPolling) -> Self {
        self.polling = polling;
        self
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        self.api.url(&format!("{}{path}", self.version), query)
    }

    async fn send(&self, request: Request) -> Result<Response> {
        super::send(SERVICE, &self.api, |t| request.clone().bearer(t)).await
    }

    async fn get<T: for<'de> Deserialize<'de>>(&self, url: String, group: &str) -> Result<T> {
        self.send(Request::get(url, Route::new(SERVICE, group)))
            .await?
            .json()
    }

    async fn me(&self) -> Result<&ThreadsUser> {
        self.me
            .get_or_try_init(|| async {
                let url = self.url(
                    "/me",
                    &[(
                        "fields",
                        "id,username,name,threads_profile_picture_url,threads_biography",
                    )],
                );
                self.get::<ThreadsUser>(url, "profiles.read").await
            })
            .await
    }

    async fn user_id(&self) -> Result<&str> {
        self.user_id
            .get_or_try_init(|| async { Ok::<_, Error>(self.me().await?.id.clone()) })
            .await
            .map(String::as_str)
    }

    async fn followers(&self) -> Result<Option<i64>> {
        let id = self.user_id().await?;
        let url = self.url(
            &format!("/{}/threads_insights", segment(id)),
            &[("metric", "followers_count")],
        );
        let values = insight_values(
            self.get::<GraphList<InsightMetric>>(url, "insights.read")
                .await?,
        );
        Ok(values.get("followers_count").copied())
    }

    /// Creates a media container (retried safely: an unpublished container is never shown).
    async fn container(&self, pairs: &[(&str, &str)]) -> Result<String> {
        let id = self.user_id().await?;
        let request = Request::post(
            self.url(&format!("/{}/threads", segment(id)), &[]),
            Route::new(SERVICE, "containers.write"),
        )
        .form(pairs)
        .idempotency_key(random_key()?);
        Ok(self.send(request).await?.json::<Created>()?.id)
    }

    async fn wait(&self, container: &str) -> Result<()> {
        #[derive(Deserialize)]
        struct Status {
            #[serde(default)]
            status: Option<String>,
            #[serde(default)]
            error_message: Option<String>,
        }
        let url = self.url(
            &format!("/{}", segment(container)),
            &[("fields", "status,error_message")],
        );
        super::wait_for_container(SERVICE, self.polling, || async {
            let s: Status = self.get(url.clone(), "containers.read").await?;
            Ok((s.status.unwrap_or_default(), s.error_message))
        })
        .await
    }
}

#[async_trait]
impl SocialPlatform for Threads {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            post_metrics: vec![
                PostMetricKind::Impressions,
                PostMetricKind::Likes,
                PostMetricKind::Comments,
                PostMetricKind::Shares,
            ],
            followers: true,
            publish: true,
            publish_media: vec![MediaKind::Image, MediaKind::Carousel, MediaKind::Link],
            max_images: MAX_IMAGES,
            delete: true,
            ..Capabilities::new(Platform::Threads)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        let me = self.me().await?;
        let followers = match self.followers().await {
            Ok(n) => n,
            // Without threads_manage_insights the profile still reads; followers are absent.
            Err(e) if e.status() == Some(403) => None,
            Err(e) => return Err(e),
        };
        let mut profile = me.profile();
        profile.followers = followers;
        Ok(profile)
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let id = self.user_id().await?;
        let limit = query.page_size.unwrap_or(25).clamp(1, MAX_PAGE).to_string();
        let since = query.since.map(|s| s.timestamp().to_string());
        let mut params = vec![("fields", THREAD_FIELDS), ("limit", limit.as_str())];
        if let Some(since) = &since {
            params.push(("since", since));
        }
        if let Some(cursor) = &query.cursor {
            params.push(("after", cursor));
        }
        let url = self.url(&format!("/{}/threads", segment(id)), &params);
        let list: GraphList<Thread> = self.get(url, "posts.read").await?;
        let mut next_cursor = list.next_cursor();
        let mut items = Vec::with_capacity(list.data.len());
        for thread in list.data {
            if query.since.is_some_and(|since| thread.timestamp < since) {
                next_cursor = None;
                continue;
            }
            if thread.media_type.as_deref() != Some("REPOST_FACADE") {
                items.push(thread.into_post());
            }
        }
        Ok(Page { items, next_cursor })
    }

    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>> {
        crate::platform::check_metric_ids(ids)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let url = self.url(
                &format!("/{}/insights", segment(id)),
                &[("metric", INSIGHTS)],
            );
            let values = insight_values(
                self.get::<GraphList<InsightMetric>>(url, "insights.read")
                    .await?,
            );
            let shared: Vec<i64> = ["reposts", "quotes", "shares"]
                .iter()
                .filter_map(|k| values.get(*k).copied())
                .collect();
            out.push(PostMetricsEntry {
                id: id.clone(),
                metrics: PostMetrics {
                    impressions: values.get("views").copied(),
                    likes: values.get("likes").copied(),
                    comments: values.get("replies").copied(),
                    shares: (!shared.is_empty()).then(|| shared.iter().sum()),
                    ..PostMetrics::default()
                },
            });
        }
        Ok(out)
    }

    async fn audience(&self) -> Result<Audience> {
        Ok(Audience {
            followers: self.followers().await?,
            following: None,
            connections: None,
        })
    }

    async fn publish(&self, draft: &Draft) -> Result<PublishedPost> {
        draft.validate_for(&self.capabilities())?;
        let mut urls = Vec::with_capacity(draft.images.len());
        for (i, image) in draft.images.iter().enumerate() {
            let Some(url) = image.url.as_deref() else {
                return Err(Error::Unsupported {
                    message: format!(
                        "images[{i}]: threads fetches images from a public URL; this image has \
                         only bytes"
                    ),
                });
            };
            urls.push(url);
        }
        let text = draft.text_with_link();
        check_text(&text, Platform::Threads)?;
        let container = match urls.as_slice() {
            [] => {
                self.container(&[("media_type", "TEXT"), ("text", text.as_str())])
                    .await?
            }
            [url] => {
                let id = self
                    .container(&[
                        ("media_type", "IMAGE"),
                        ("image_url", url),
                        ("text", text.as_str()),
                    ])
                    .await?;
                self.wait(&id).await?;
                id
            }
            urls => {
                let mut children = Vec::with_capacity(urls.len());
                for (i, url) in urls.iter().enumerate() {
                    let child = self
                        .container(&[
                            ("media_type", "IMAGE"),
                            ("image_url", url),
                            ("is_carousel_item", "true"),
                        ])
                        .await
                        .map_err(|e| e.within(&format!("images[{i}]")))?;
                    children.push(child);
                }
                for child in &children {
                    self.wait(child).await?;
                }
                let children = children.join(",");
                let id = self
                    .container(&[
                        ("media_type", "CAROUSEL"),
                        ("children", children.as_str()),
                        ("text", text.as_str()),
                    ])
                    .await?;
                self.wait(&id).await?;
                id
            }
        };
        let user = self.user_id().await?;
        let request = Request::post(
            self.url(
                &format!("/{}/threads_publish", segment(user)),
                &[("creation_id", container.as_str())],
            ),
            Route::new(SERVICE, "posts.write"),
        );
        let published: Created = self.send(request).await?.json()?;
        Ok(PublishedPost {
            platform: Platform::Threads,
            id: published.id,
            url: None,
            created_at: None,
        })
    }

    async fn delete(&self, id: &str) -> Result<()> {
        check_id("id", id)?;
        let request = Request::delete(
            self.url(&format!("/{}", segment(id)), &[]),
            Route::new(SERVICE, "posts.delete"),
        );
        self.send(request).await?;
        Ok(())
    }
}

/// Exchanges a short-lived Threads token (from the code exchange) for a long-lived one
/// (60 days): `GET {base}/access_token?grant_type=th_exchange_token&client_secret=
/// &access_token=` (<https://developers.facebook.com/docs/threads/get-started/long-lived-tokens>).
/// `base` is [`THREADS_BASE`] outside tests.
pub async fn exchange_long_lived_token(
    http: &HttpClient,
    base: &str,
    client_secret: &Secret,
    short_lived: &Secret,
) -> Result<TokenSet> {
    let base = super::check_base(base)?;
    super::token_grant(
        http,
        "threads",
        &format!("{base}/access_token"),
        &[
            ("grant_type", "th_exchange_token"),
            ("client_secret", client_secret.expose()),
            ("access_token", short_lived.expose()),
        ],
    )
    .await
}

/// Refreshes a long-lived Threads token (at least 24 hours old and not yet expired) for
/// another 60 days: `GET {base}/refresh_access_token?grant_type=th_refresh_token&access_token=`
/// (<https://developers.facebook.com/docs/threads/get-started/long-lived-tokens>). An expired
/// or revoked token is `reauth_required`. `base` is [`THREADS_BASE`] outside tests.
pub async fn refresh_long_lived_token(
    http: &HttpClient,
    base: &str,
    long_lived: &Secret,
) -> Result<TokenSet> {
    let base = super::check_base(base)?;
    super::token_grant(
        http,
        "threads",
        &format!("{base}/refresh_access_token"),
        &[
            ("grant_type", "th_refresh_token"),
            ("access_token", long_lived.expose()),
        ],
    )
    .await
}

/// The Threads user, as far as we read it.
#[derive(Debug, Deserialize)]
struct ThreadsUser {
    id: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    threads_profile_picture_url: Option<String>,
    #[serde(default)]
    threads_biography: Option<String>,
}

impl ThreadsUser {
    fn profile(&self) -> Profile {
        let non_empty = |s: &Option<String>| {
            s.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let handle = match non_empty(&self.username) {
            Some(u) => format!("@{u}"),
            None => self.id.clone(),
        };
        Profile {
            display_name: non_empty(&self.name),
            summary: non_empty(&self.threads_biography),
            has_photo: non_empty(&self.threads_profile_picture_url).is_some(),
            ..Profile::new(Platform::Threads, handle)
        }
    }
}

/// A Threads media object, as far as we read it.
#[derive(Debug, Deserialize)]
struct Thread {
    id: String,
    #[serde(deserialize_with = "de_time")]
    timestamp: DateTime<Utc>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    media_type: Option<String>,
}

impl Thread {
    fn into_post(self) -> Post {
        let media_kind = match self.media_type.as_deref() {
            Some("IMAGE") => MediaKind::Image,
            Some("VIDEO") => MediaKind::Video,
            Some("CAROUSEL_ALBUM") => MediaKind::Carousel,
            _ => MediaKind::None,
        };
        Post {
            platform: Platform::Threads,
            created_at: self.timestamp,
            text: self.text.unwrap_or_default(),
            media_kind,
            // The listing carries no counts; `post_metrics` reads them.
            metrics: PostMetrics::default(),
            id: self.id,
        }
    }
}
