//! Instagram professional (business and creator) accounts, on the Instagram Platform.
//!
//! The default API root is `https://graph.facebook.com` — the *Instagram API with Facebook
//! Login* (Facebook user or Page tokens, the same Meta OAuth grant as Facebook Pages). For the
//! *Instagram API with Instagram Login* give `base_url = "https://graph.instagram.com"` and an
//! Instagram user token; the endpoints below are the same on both hosts
//! (<https://developers.facebook.com/docs/instagram-platform/overview>).
//!
//! - profile and audience: `GET /{ig-user-id}?fields=username,name,biography,
//!   followers_count,follows_count,media_count,profile_picture_url,website`
//!   (<https://developers.facebook.com/docs/instagram-platform/reference/instagram-user>);
//! - posts: `GET /{ig-user-id}/media?fields=id,caption,media_type,media_product_type,
//!   timestamp,like_count,comments_count,permalink&limit=&after=`, newest first, cursor-paged
//!   (<https://developers.facebook.com/docs/instagram-platform/reference/instagram-user/media>);
//!   `like_count` is left out when the owner hides likes (then absent, not 0);
//! - metrics: `GET /{media-id}/insights?metric=reach,likes,comments,shares,saved,views`
//!   (<https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights>).
//!   `impressions` was deprecated for v22.0 and for every version on April 21, 2025 (an error
//!   for media created after July 1, 2024); `views` replaces it and is reported here as
//!   impressions. Missing data comes back as an empty set, so absent, never 0;
//! - publish: `POST /{ig-user-id}/media` (`image_url`, `caption`; carousel children with
//!   `is_carousel_item=true`, then `media_type=CAROUSEL` with `children`), wait for the
//!   container (`GET /{container-id}?fields=status_code` until `FINISHED`; `ERROR` /
//!   `EXPIRED` fail), then `POST /{ig-user-id}/media_publish?creation_id=`
//!   (<https://developers.facebook.com/docs/instagram-platform/content-publishing/>,
//!   <https://developers.facebook.com/docs/instagram-platform/reference/ig-container/>).
//!   Instagram fetches images from public URLs, so an image with only bytes is `unsupported`,
//!   and a post needs media: text alone is `unsupported`. Captions: at most 2,200 characters
//!   and 30 hashtags. `media_publish` is never retried (no idempotency key); container
//!   creation is (an unused container expires after 24 hours);
//! - delete: the Instagram Media reference documents no delete operation for published
//!   media, so `delete` is `unsupported`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{
    ContainerPolling, Created, GRAPH_BASE, GRAPH_VERSION, GraphList, InsightMetric, check_id,
    check_text, de_time, insight_values, segment, version_prefix,
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

const SERVICE: &str = "instagram";
/// The media edge's page-size ceiling.
const MAX_PAGE: u32 = 100;
/// "Carousels are limited to 10 images, videos, or a mix of the two" (content publishing).
const MAX_IMAGES: u32 = 10;
const MEDIA_FIELDS: &str =
    "id,caption,media_type,media_product_type,timestamp,like_count,comments_count,permalink";
const INSIGHTS: &str = "reach,likes,comments,shares,saved,views";

/// An Instagram professional account.
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use brandpilot::http::{HttpClient, HttpConfig};
/// use brandpilot::platform::{Credentials, SocialPlatform, instagram::Instagram};
/// let http = HttpClient::new(HttpConfig::default())?;
/// let ig = Instagram::new(http, "https://graph.facebook.com", None, "17841400000000000",
///     Credentials::token("…"))?;
/// println!("{} followers", ig.audience().await?.followers.unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Instagram {
    api: Api,
    version: String,
    user_id: String,
    polling: ContainerPolling,
}

impl Instagram {
    /// A client for the Instagram professional account `ig_user_id` at `base`
    /// ([`GRAPH_BASE`], or `https://graph.instagram.com` with Instagram Login) on Graph
    /// `version` (default [`GRAPH_VERSION`]).
    pub fn new(
        http: HttpClient,
        base: &str,
        version: Option<&str>,
        ig_user_id: &str,
        credentials: Credentials,
    ) -> Result<Self> {
        check_id("account_id", ig_user_id)?;
        Ok(Instagram {
            api: Api::new(http, base, credentials)?,
            version: version_prefix(version, GRAPH_VERSION)?,
            user_id: ig_user_id.trim().to_owned(),
            polling: ContainerPolling::default(),
        })
    }

    /// A client from a [`ClientSpec`]: `account_id` is the Instagram user id (required),
    /// `base_url` defaults to [`GRAPH_BASE`] (Facebook Login), `api_version` to
    /// [`GRAPH_VERSION`].
    pub fn from_spec(
        http: HttpClient,
        spec: &ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        let Some(id) = spec.account_id.as_deref() else {
            return Err(Error::invalid(
                "account_id",
                "instagram needs the Instagram professional account id",
            ));
        };
        Instagram::new(
            http,
            spec.base_url_or(GRAPH_BASE),
            spec.api_version.as_deref(),
            id,
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

    async fn user(&self) -> Result<IgUser> {
        let url = self.url(
            &format!("/{}", segment(&self.user_id)),
            &[(
                "fields",
                "id,username,name,biography,followers_count,follows_count,media_count,profile_picture_url,website",
            )],
        );
        self.get(url, "users.read").await
    }

    /// Creates a media container (retried safely: an unused container expires).
    async fn container(&self, pairs: &[(&str, &str)]) -> Result<String> {
        let request = Request::post(
            self.url(&format!("/{}/media", segment(&self.user_id)), &[]),
            Route::new(SERVICE, "media.create"),
        )
        .form(pairs)
        .idempotency_key(random_key()?);
        Ok(self.send(request).await?.json::<Created>()?.id)
    }

    async fn wait(&self, container: &str) -> Result<()> {
        #[derive(Deserialize)]
        struct Status {
            #[serde(default)]
            status_code: Option<String>,
            #[serde(default)]
            status: Option<String>,
        }
        let url = self.url(
            &format!("/{}", segment(container)),
            &[("fields", "status_code,status")],
        );
        super::wait_for_container(SERVICE, self.polling, || async {
            let s: Status = self.get(url.clone(), "media.status").await?;
            Ok((s.status_code.unwrap_or_default(), s.status))
        })
        .await
    }
}

#[async_trait]
impl SocialPlatform for Instagram {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            post_metrics: vec![
                PostMetricKind::Impressions,
                PostMetricKind::Reach,
                PostMetricKind::Likes,
                PostMetricKind::Comments,
                PostMetricKind::Shares,
                PostMetricKind::Saves,
            ],
            followers: true,
            following: true,
            publish: true,
            publish_media: vec![MediaKind::Image, MediaKind::Carousel],
            max_images: MAX_IMAGES,
            ..Capabilities::new(Platform::Instagram)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        Ok(self.user().await?.profile())
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let limit = query.page_size.unwrap_or(25).clamp(1, MAX_PAGE).to_string();
        let mut params = vec![("fields", MEDIA_FIELDS), ("limit", limit.as_str())];
        if let Some(cursor) = &query.cursor {
            params.push(("after", cursor));
        }
        let url = self.url(&format!("/{}/media", segment(&self.user_id)), &params);
        let list: GraphList<IgMedia> = self.get(url, "media.read").await?;
        let mut next_cursor = list.next_cursor();
        let mut items = Vec::with_capacity(list.data.len());
        for media in list.data {
            if query.since.is_some_and(|since| media.timestamp < since) {
                next_cursor = None;
                continue;
            }
            items.push(media.into_post());
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
            out.push(PostMetricsEntry {
                id: id.clone(),
                metrics: PostMetrics {
                    impressions: values.get("views").copied(),
                    reach: values.get("reach").copied(),
                    likes: values.get("likes").copied(),
                    comments: values.get("comments").copied(),
                    shares: values.get("shares").copied(),
                    saves: values.get("saved").copied(),
                    ..PostMetrics::default()
                },
            });
        }
        Ok(out)
    }

    async fn audience(&self) -> Result<Audience> {
        let user = self.user().await?;
        Ok(Audience {
            followers: user.followers_count,
            following: user.follows_count,
            connections: None,
        })
    }

    async fn publish(&self, draft: &Draft) -> Result<PublishedPost> {
        draft.validate_for(&self.capabilities())?;
        if draft.images.is_empty() {
            return Err(Error::Unsupported {
                message: "instagram posts need an image; text alone cannot be published".to_owned(),
            });
        }
        let mut urls = Vec::with_capacity(draft.images.len());
        for (i, image) in draft.images.iter().enumerate() {
            let Some(url) = image.url.as_deref() else {
                return Err(Error::Unsupported {
                    message: format!(
                        "images[{i}]: instagram fetches images from a public URL; this image has \
                         only bytes"
                    ),
                });
            };
            urls.push(url);
        }
        let caption = draft.text_with_link();
        check_text(&caption, Platform::Instagram)?;
        let container = if let [url] = urls.as_slice() {
            self.container(&[("image_url", url), ("caption", caption.as_str())])
                .await?
        } else {
            let mut children = Vec::with_capacity(urls.len());
            for (i, url) in urls.iter().enumerate() {
                let child = self
                    .container(&[("image_url", url), ("is_carousel_item", "true")])
                    .await
                    .map_err(|e| e.within(&format!("images[{i}]")))?;
                children.push(child);
            }
            for child in &children {
                self.wait(child).await?;
            }
            let children = children.join(",");
            self.container(&[
                ("media_type", "CAROUSEL"),
                ("children", children.as_str()),
                ("caption", caption.as_str()),
            ])
            .await?
        };
        self.wait(&container).await?;
        let request = Request::post(
            self.url(
                &format!("/{}/media_publish", segment(&self.user_id)),
                &[("creation_id", container.as_str())],
            ),
            Route::new(SERVICE, "media.publish"),
        );
        let published: Created = self.send(request).await?.json()?;
        Ok(PublishedPost {
            platform: Platform::Instagram,
            id: published.id,
            url: None,
            created_at: None,
        })
    }

    async fn delete(&self, id: &str) -> Result<()> {
        check_id("id", id)?;
        Err(Error::Unsupported {
            message: "the Instagram Platform documents no delete for published media".to_owned(),
        })
    }
}

/// Refreshes a long-lived *Instagram Login* user token (at least 24 hours old, not expired)
/// for another 60 days: `GET {base}/refresh_access_token?grant_type=ig_refresh_token&
/// access_token=` with `base` `https://graph.instagram.com`
/// (<https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token>).
/// Tokens from Facebook Login are extended with
/// [`exchange_long_lived_token`](super::facebook::exchange_long_lived_token) instead.
pub async fn refresh_long_lived_token(
    http: &HttpClient,
    base: &str,
    long_lived: &Secret,
) -> Result<TokenSet> {
    let base = super::check_base(base)?;
    super::token_grant(
        http,
        "instagram",
        &format!("{base}/refresh_access_token"),
        &[
            ("grant_type", "ig_refresh_token"),
            ("access_token", long_lived.expose()),
        ],
    )
    .await
}

/// The IG User node, as far as we read it.
#[derive(Debug, Deserialize)]
struct IgUser {
    #[serde(default)]
    id: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    biography: Option<String>,
    #[serde(default)]
    followers_count: Option<i64>,
    #[serde(default)]
    follows_count: Option<i64>,
    #[serde(default)]
    profile_picture_url: Option<String>,
    #[serde(default)]
    website: Option<String>,
}

impl IgUser {
    fn profile(self) -> Profile {
        let non_empty =
            |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let handle = match non_empty(self.username) {
            Some(u) => format!("@{u}"),
            None => self.id.clone(),
        };
        Profile {
            display_name: non_empty(self.name),
            summary: non_empty(self.biography),
            has_photo: non_empty(self.profile_picture_url).is_some(),
            website: non_empty(self.website),
            followers: self.followers_count,
            following: self.follows_count,
            ..Profile::new(Platform::Instagram, handle)
        }
    }
}

/// An IG Media node, as far as we read it.
#[derive(Debug, Deserialize)]
struct IgMedia {
    id: String,
    #[serde(deserialize_with = "de_time")]
    timestamp: DateTime<Utc>,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    media_type: Option<String>,
    #[serde(default)]
    like_count: Option<i64>,
    #[serde(default)]
    comments_count: Option<i64>,
}

impl IgMedia {
    fn into_post(self) -> Post {
        let media_kind = match self.media_type.as_deref() {
            Some("IMAGE") => MediaKind::Image,
            Some("VIDEO" | "REELS") => MediaKind::Video,
            Some("CAROUSEL_ALBUM") => MediaKind::Carousel,
            _ => MediaKind::None,
        };
        Post {
            platform: Platform::Instagram,
            created_at: self.timestamp,
            text: self.caption.unwrap_or_default(),
            media_kind,
            metrics: PostMetrics {
                likes: self.like_count,
                comments: self.comments_count,
                ..PostMetrics::default()
            },
            id: self.id,
        }
    }
}
