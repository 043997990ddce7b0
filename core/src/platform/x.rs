//! X (formerly Twitter), on the X API v2:
//! - profile and audience: `GET /2/users/me` with `user.fields` (`public_metrics`,
//!   `description`, `location`, `url`, `entities`, `verified`, `profile_image_url`,
//!   `profile_banner_url`, `created_at`)
//!   (<https://docs.x.com/x-api/users/get-my-user>, the user object at
//!   <https://docs.x.com/x-api/fundamentals/data-dictionary>);
//! - posts: `GET /2/users/:id/tweets` with `exclude=retweets,replies`, `max_results` (5–100),
//!   `start_time` for `since`, paged by `meta.next_token` → `pagination_token`
//!   (<https://docs.x.com/x-api/posts/user-posts-timeline-by-user-id>,
//!   <https://docs.x.com/x-api/posts/timelines/integrate>);
//! - metrics: `GET /2/tweets?ids=` (up to 100 ids) with `tweet.fields=public_metrics`
//!   (<https://docs.x.com/x-api/posts/get-posts-by-ids>, metric definitions at
//!   <https://docs.x.com/x-api/fundamentals/metrics>);
//! - publish: `POST /2/media/upload` (JSON body, base64 `media`, `media_category:
//!   tweet_image`; <https://docs.x.com/x-api/media/upload-media>), `POST /2/media/metadata`
//!   for alt text (<https://docs.x.com/x-api/media/create-media-metadata>), then
//!   `POST /2/tweets` with `media.media_ids` (<https://docs.x.com/x-api/posts/create-post>);
//!   delete: `DELETE /2/tweets/:id` (<https://docs.x.com/x-api/posts/delete-post>);
//! - errors: RFC 7807 problems `{"title","detail","type","status"}` and `{"errors":[…]}`
//!   (<https://docs.x.com/x-api/fundamentals/response-codes-and-errors>); rate limits:
//!   `x-rate-limit-{limit,remaining,reset}` (reset in epoch seconds), read by the HTTP layer
//!   (<https://docs.x.com/x-api/fundamentals/rate-limits>).
//!
//! Metrics come from `public_metrics` only: likes, replies, reposts + quotes (shares),
//! bookmarks (saves) and `impression_count` (impressions). The private groups
//! (`non_public_metrics`, `organic_metrics`: link and profile clicks) are not requested:
//! asking for them makes the timeline "automatically adjust to only include Posts from the
//! last 30 days" and fails for older ids, which would silently cut a history short. Clicks,
//! reach and video views therefore stay absent.
//!
//! `POST /2/tweets` takes no idempotency key, so a publish is sent exactly once and a failure
//! is reported, never retried.

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::api::{Api, random_key, status_error};
use super::{
    Audience, Capabilities, Credentials, Draft, DraftImage, Page, PostMetricKind, PostMetricsEntry,
    PostsQuery, PublishedPost, SocialPlatform,
};
use crate::http::{HttpClient, Request, Response, Route};
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};
use crate::{Error, Result};

const SERVICE: &str = "x";
/// The API root.
pub const DEFAULT_BASE_URL: &str = "https://api.x.com";
/// `max_results` of the user timeline: "5 < x < 100" in the reference, 100 at most.
const MAX_PAGE: u32 = 100;
const MIN_PAGE: u32 = 5;
/// Up to four photos a post (`media.media_ids`, Create Post reference).
const MAX_IMAGES: u32 = 4;
/// Alt text "must be <= 1000 chars" (media metadata reference).
const MAX_ALT_TEXT: usize = 1_000;
/// The `media_type`s the simple v2 upload takes for `tweet_image` (GIFs need the chunked
/// `tweet_gif` flow).
const IMAGE_TYPES: [&str; 7] = [
    "image/jpeg",
    "image/pjpeg",
    "image/png",
    "image/webp",
    "image/bmp",
    "image/tiff",
    "image/jpg",
];

const USER_FIELDS: &str = "created_at,description,entities,location,profile_banner_url,profile_image_url,public_metrics,url,verified,verified_type";
const TWEET_FIELDS: &str = "attachments,created_at,entities,note_tweet,public_metrics";

/// An X account, acting with a user-context token (OAuth 2.0 PKCE).
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use brandpilot::http::{HttpClient, HttpConfig};
/// use brandpilot::platform::{Credentials, SocialPlatform, x::X};
/// let http = HttpClient::new(HttpConfig::default())?;
/// let client = X::new(http, "https://api.x.com", Credentials::token("…"))?;
/// println!("{} followers", client.audience().await?.followers.unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct X {
    api: Api,
    /// The authenticated user (fetched once): its id is needed to list its posts.
    me: OnceCell<User>,
}

impl X {
    /// A client for the account `credentials` belong to, on the API at `base_url`
    /// ([`DEFAULT_BASE_URL`] in production).
    pub fn new(http: HttpClient, base_url: &str, credentials: Credentials) -> Result<Self> {
        Ok(X {
            api: Api::new(http, base_url, credentials)?,
            me: OnceCell::new(),
        })
    }

    /// A client from a [`ClientSpec`](super::ClientSpec): `base_url` defaults to
    /// [`DEFAULT_BASE_URL`]; the account is the token's own (`/2/users/me`).
    pub fn from_spec(
        http: HttpClient,
        spec: &super::ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        X::new(
            http,
            spec.base_url_or(DEFAULT_BASE_URL),
            spec.credentials(credentials)?,
        )
    }

    async fn get(&self, url: String, group: &str) -> Result<Response> {
        let request = Request::get(url, Route::new(SERVICE, group));
        check(self.api.send(|token| request.clone().bearer(token)).await?)
    }

    async fn me(&self) -> Result<&User> {
        self.me
            .get_or_try_init(|| async {
                let url = self.api.url("/2/users/me", &[("user.fields", USER_FIELDS)]);
                let body: Envelope<User> = self.get(url, "users.read").await?.json()?;
                body.data.ok_or_else(|| missing_data(&body.errors))
            })
            .await
    }

    /// Uploads one image (simple upload, base64 in JSON) and sets its alt text; returns the
    /// media id.
    async fn upload(&self, image: &DraftImage) -> Result<String> {
        let Some(bytes) = image.bytes()? else {
            return Err(Error::Unsupported {
                message: "x uploads image bytes; this image has only a URL".to_owned(),
            });
        };
        let mime = image.mime_type.to_ascii_lowercase();
        if !IMAGE_TYPES.contains(&mime.as_str()) {
            return Err(Error::Unsupported {
                message: format!(
                    "x's simple upload takes JPEG, PNG, WebP, BMP or TIFF images, not `{}`",
                    image.mime_type
                ),
            });
        }
        if let Some(alt) = &image.alt_text
            && alt.chars().count() > MAX_ALT_TEXT
        {
            return Err(Error::invalid(
                "alt_text",
                format!("x takes at most {MAX_ALT_TEXT} characters"),
            ));
        }
        use base64::Engine as _;
        let body = serde_json::json!({
            "media": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "media_category": "tweet_image",
            "media_type": if mime == "image/jpg" { "image/jpeg" } else { mime.as_str() },
        });
        // An upload that is repeated only leaves an unattached media id, which expires
        // (`expires_after_secs`): a retry is safe, so the request carries a key that lets
        // the HTTP layer retry it (X ignores the header).
        let request = Request::post(
            self.api.url("/2/media/upload", &[]),
            Route::new(SERVICE, "media.write"),
        )
        .json(&body)?
        .idempotency_key(random_key()?);
        let uploaded: Envelope<UploadedMedia> =
            check(self.api.send(|t| request.clone().bearer(t)).await?)?.json()?;
        let id = uploaded
            .data
            .ok_or_else(|| missing_data(&uploaded.errors))?
            .id;
        if let Some(alt) = image.alt_text.as_deref().filter(|a| !a.trim().is_empty()) {
            // Setting the same metadata twice has the effect of setting it once.
            let body = serde_json::json!({"id": id, "metadata": {"alt_text": {"text": alt}}});
            let request = Request::post(
                self.api.url("/2/media/metadata", &[]),
                Route::new(SERVICE, "media.write"),
            )
            .json(&body)?
            .idempotency_key(random_key()?);
            check(self.api.send(|t| request.clone().bearer(t)).await?)?;
        }
        Ok(id)
    }
}

#[async_trait]
impl SocialPlatform for X {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            post_metrics: vec![
                PostMetricKind::Impressions,
                PostMetricKind::Likes,
                PostMetricKind::Comments,
                PostMetricKind::Shares,
                PostMetricKind::Saves,
            ],
            followers: true,
            following: true,
            publish: true,
            publish_media: vec![MediaKind::Image, MediaKind::Link],
            max_images: MAX_IMAGES,
            idempotent_publish: false,
            delete: true,
            ..Capabilities::new(Platform::X)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        Ok(self.me().await?.profile())
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let me = self.me().await?;
        let max_results = query
            .page_size
            .unwrap_or(MAX_PAGE)
            .clamp(MIN_PAGE, MAX_PAGE)
            .to_string();
        // `start_time` has second granularity and is inclusive: the floor of `since`.
        let start_time = query
            .since
            .map(|since| since.to_rfc3339_opts(SecondsFormat::Secs, true));
        let mut params = vec![
            ("max_results", max_results.as_str()),
            ("exclude", "retweets,replies"),
            ("tweet.fields", TWEET_FIELDS),
            ("expansions", "attachments.media_keys"),
            ("media.fields", "type"),
        ];
        if let Some(start) = &start_time {
            params.push(("start_time", start));
        }
        if let Some(cursor) = &query.cursor {
            params.push(("pagination_token", cursor));
        }
        let path = format!("/2/users/{}/tweets", encode_segment(&me.id));
        let timeline: Timeline = self
            .get(self.api.url(&path, &params), "tweets.read")
            .await?
            .json()?;
        let media = timeline.includes.media;
        // X applies `start_time` itself; the check here keeps the sub-second part of
        // `since`, and stops paging should older posts come back anyway.
        let mut reached_since = false;
        let mut items = Vec::with_capacity(timeline.data.len());
        for tweet in timeline.data {
            let post = tweet.into_post(&media)?;
            if query.since.is_some_and(|since| post.created_at < since) {
                reached_since = true;
            } else {
                items.push(post);
            }
        }
        Ok(Page {
            items,
            next_cursor: timeline.meta.next_token.filter(|_| !reached_since),
        })
    }

    /// Ids X reports as missing (deleted, protected) in the answer's `errors` are left out
    /// of the result rather than failing the call: the others keep their order.
    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>> {
        super::check_metric_ids(ids)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(i) = ids
            .iter()
            .position(|id| !id.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid(
                format!("ids[{i}]"),
                "x post ids are decimal numbers",
            ));
        }
        let joined = ids.join(",");
        let url = self.api.url(
            "/2/tweets",
            &[("ids", joined.as_str()), ("tweet.fields", "public_metrics")],
        );
        let found: Lookup = self.get(url, "tweets.read").await?.json()?;
        // Per-id errors (`resource_id`) name posts that are gone; an error about no id
        // with nothing found is the call's own failure.
        if found.data.is_empty() && found.errors.iter().any(|e| e.resource_id.is_none()) {
            return Err(missing_data(&found.errors));
        }
        Ok(ids
            .iter()
            .filter_map(|id| {
                found
                    .data
                    .iter()
                    .find(|t| &t.id == id)
                    .map(|t| PostMetricsEntry {
                        id: id.clone(),
                        metrics: t.metrics(),
                    })
            })
            .collect())
    }

    async fn audience(&self) -> Result<Audience> {
        let metrics = self.me().await?.public_metrics.as_ref();
        Ok(Audience {
            followers: metrics.and_then(|m| m.followers_count),
            following: metrics.and_then(|m| m.following_count),
            connections: None,
        })
    }

    async fn publish(&self, draft: &Draft) -> Result<PublishedPost> {
        draft.validate_for(&self.capabilities())?;
        let mut media_ids = Vec::with_capacity(draft.images.len());
        for (i, image) in draft.images.iter().enumerate() {
            media_ids.push(
                self.upload(image)
                    .await
                    .map_err(|e| e.within(&format!("images[{i}]")))?,
            );
        }
        // X builds the link card from a URL in the text.
        let mut body = serde_json::json!({ "text": draft.text_with_link() });
        if !media_ids.is_empty() {
            body["media"] = serde_json::json!({ "media_ids": media_ids });
        }
        // No idempotency key: X has none, and the HTTP layer never retries a POST without
        // one, so a post is sent exactly once.
        let request = Request::post(
            self.api.url("/2/tweets", &[]),
            Route::new(SERVICE, "tweets.write"),
        )
        .json(&body)?;
        let created: Envelope<CreatedTweet> =
            check(self.api.send(|t| request.clone().bearer(t)).await?)?.json()?;
        let created = created.data.ok_or_else(|| missing_data(&created.errors))?;
        let url = match self.me.get() {
            Some(me) => format!("https://x.com/{}/status/{}", me.username, created.id),
            None => format!("https://x.com/i/web/status/{}", created.id),
        };
        Ok(PublishedPost {
            platform: Platform::X,
            url: Some(url),
            id: created.id,
            created_at: None,
        })
    }

    async fn delete(&self, id: &str) -> Result<()> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid("id", "x post ids are decimal numbers"));
        }
        let request = Request::delete(
            self.api.url(&format!("/2/tweets/{id}"), &[]),
            Route::new(SERVICE, "tweets.delete"),
        );
        let answer: Envelope<Deleted> =
            check(self.api.send(|t| request.clone().bearer(t)).await?)?.json()?;
        match answer.data {
            Some(Deleted { deleted: true }) => Ok(()),
            _ => Err(Error::Upstream {
                status: 200,
                message: format!(
                    "x did not delete post {id}: {}",
                    describe(&answer.errors).unwrap_or_else(|| "deleted: false".to_owned())
                ),
                retry_after: None,
            }),
        }
    }
}

/// A 2xx answer as it is; anything else as the coded error of X's problem or `errors` body.
/// An `unsupported-authentication` problem (an app-only token where a user's is needed) and
/// the v1.1 code 89 (invalid or expired token) are `reauth_required` whatever the status.
fn check(response: Response) -> Result<Response> {
    if response.is_success() {
        return Ok(response);
    }
    let problem = serde_json::from_slice::<Problem>(&response.body).ok();
    let message = problem.as_ref().and_then(Problem::message);
    let needs_user = problem.as_ref().is_some_and(|p| {
        p.kind
            .as_deref()
            .is_some_and(|k| k.ends_with("/unsupported-authentication"))
            || p.errors.iter().any(|e| e.code == Some(89))
    });
    if needs_user && response.status != 401 {
        return Err(Error::ReauthRequired {
            message: format!(
                "x refused the token: {}",
                message.as_deref().unwrap_or("unsupported authentication")
            ),
        });
    }
    Err(status_error(SERVICE, &response, message.as_deref()))
}

/// The error for a 2xx answer without `data`.
fn missing_data(errors: &[ErrorItem]) -> Error {
    Error::Upstream {
        status: 200,
        message: format!(
            "x: {}",
            describe(errors).unwrap_or_else(|| "the answer has no data".to_owned())
        ),
        retry_after: None,
    }
}

/// The `errors` of an answer as one line.
fn describe(errors: &[ErrorItem]) -> Option<String> {
    let parts: Vec<String> = errors.iter().filter_map(ErrorItem::text).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A path segment, percent-encoded.
fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An RFC 7807 problem, possibly with an `errors` list (and the v1.1 `{"errors":[…]}`).
#[derive(Debug, Deserialize)]
struct Problem {
    title: Option<String>,
    detail: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

impl Problem {
    fn message(&self) -> Option<String> {
        let head = match (&self.title, &self.detail) {
            (Some(t), Some(d)) if t != d => Some(format!("{t}: {d}")),
            (Some(t), _) => Some(t.clone()),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        };
        match (head, describe(&self.errors)) {
            (Some(h), Some(e)) => Some(format!("{h} ({e})")),
            (h, e) => h.or(e),
        }
    }
}

/// One entry of `errors`: v2 partial errors carry `title`/`detail`, v1.1 errors
/// `code`/`message`.
#[derive(Debug, Deserialize)]
struct ErrorItem {
    title: Option<String>,
    detail: Option<String>,
    message: Option<String>,
    code: Option<i64>,
    /// The id a partial error is about (`GET /2/tweets?ids=`).
    resource_id: Option<String>,
}

impl ErrorItem {
    fn text(&self) -> Option<String> {
        self.detail
            .clone()
            .or_else(|| self.message.clone())
            .or_else(|| self.title.clone())
    }
}

/// `{"data": …, "errors": […]}`.
#[derive(Debug, Deserialize)]
struct Envelope<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Deserialize)]
struct UploadedMedia {
    id: String,
}

#[derive(Debug, Deserialize)]
struct CreatedTweet {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Deleted {
    deleted: bool,
}

/// The user object, as far as we read it.
#[derive(Debug, Deserialize)]
struct User {
    id: String,
    username: String,
    #[serde(default)]
    name: String,
    description: Option<String>,
    location: Option<String>,
    url: Option<String>,
    entities: Option<UserEntities>,
    #[serde(default)]
    verified: bool,
    verified_type: Option<String>,
    profile_image_url: Option<String>,
    profile_banner_url: Option<String>,
    created_at: Option<DateTime<Utc>>,
    public_metrics: Option<UserMetrics>,
}

#[derive(Debug, Deserialize)]
struct UserMetrics {
    followers_count: Option<i64>,
    following_count: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct UserEntities {
    url: Option<UrlEntities>,
}

#[derive(Debug, Default, Deserialize)]
struct UrlEntities {
    #[serde(default)]
    urls: Vec<UrlEntity>,
}

#[derive(Debug, Deserialize)]
struct UrlEntity {
    expanded_url: Option<String>,
    /// Set on the `pic.x.com` URL of attached media.
    media_key: Option<String>,
}

impl User {
    fn profile(&self) -> Profile {
        let non_empty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        // `url` is the t.co form; the entity carries the address the person typed.
        let website = self
            .entities
            .as_ref()
            .and_then(|e| e.url.as_ref())
            .and_then(|u| u.urls.first())
            .and_then(|u| u.expanded_url.clone())
            .or_else(|| non_empty(&self.url));
        Profile {
            display_name: Some(self.name.clone()).filter(|s| !s.is_empty()),
            summary: non_empty(&self.description),
            // Accounts without a photo show `default_profile_images/…`.
            has_photo: self
                .profile_image_url
                .as_deref()
                .is_some_and(|u| !u.is_empty() && !u.contains("default_profile_images")),
            has_banner: self
                .profile_banner_url
                .as_deref()
                .is_some_and(|u| !u.is_empty()),
            location: non_empty(&self.location),
            website,
            followers: self.public_metrics.as_ref().and_then(|m| m.followers_count),
            following: self.public_metrics.as_ref().and_then(|m| m.following_count),
            verified: self.verified
                || self
                    .verified_type
                    .as_deref()
                    .is_some_and(|t| !t.is_empty() && t != "none"),
            created_at: self.created_at,
            ..Profile::new(Platform::X, format!("@{}", self.username))
        }
    }
}

/// A user timeline page.
#[derive(Debug, Deserialize)]
struct Timeline {
    /// Absent when the page is empty (`result_count: 0`).
    #[serde(default)]
    data: Vec<Tweet>,
    #[serde(default)]
    includes: Includes,
    #[serde(default)]
    meta: Meta,
}

#[derive(Debug, Default, Deserialize)]
struct Includes {
    #[serde(default)]
    media: Vec<MediaObject>,
}

#[derive(Debug, Deserialize)]
struct MediaObject {
    media_key: String,
    /// `photo`, `video` or `animated_gif`.
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    next_token: Option<String>,
}

/// A `GET /2/tweets?ids=` answer: found posts, and per-id errors for the others.
#[derive(Debug, Deserialize)]
struct Lookup {
    #[serde(default)]
    data: Vec<Tweet>,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

/// The post object, as far as we read it.
#[derive(Debug, Deserialize)]
struct Tweet {
    id: String,
    #[serde(default)]
    text: String,
    created_at: Option<DateTime<Utc>>,
    public_metrics: Option<TweetMetrics>,
    attachments: Option<Attachments>,
    entities: Option<TweetEntities>,
    /// The full text of a post longer than 280 characters (`text` is cut).
    note_tweet: Option<NoteTweet>,
}

#[derive(Debug, Deserialize)]
struct TweetMetrics {
    retweet_count: Option<i64>,
    reply_count: Option<i64>,
    like_count: Option<i64>,
    quote_count: Option<i64>,
    bookmark_count: Option<i64>,
    impression_count: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
struct Attachments {
    #[serde(default)]
    media_keys: Vec<String>,
    #[serde(default)]
    poll_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct TweetEntities {
    #[serde(default)]
    urls: Vec<UrlEntity>,
}

#[derive(Debug, Deserialize)]
struct NoteTweet {
    text: String,
}

impl Tweet {
    fn metrics(&self) -> PostMetrics {
        let Some(m) = &self.public_metrics else {
            return PostMetrics::default();
        };
        // "Retweets and comments" as X shows them: retweet_count + quote_count.
        let shares = match (m.retweet_count, m.quote_count) {
            (None, None) => None,
            (r, q) => Some(r.unwrap_or(0) + q.unwrap_or(0)),
        };
        PostMetrics {
            impressions: m.impression_count,
            likes: m.like_count,
            comments: m.reply_count,
            shares,
            saves: m.bookmark_count,
            ..PostMetrics::default()
        }
    }

    fn media_kind(&self, media: &[MediaObject]) -> MediaKind {
        let attachments = self.attachments.as_ref();
        let kinds: Vec<&str> = attachments
            .map(|a| a.media_keys.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|key| media.iter().find(|m| &m.media_key == key))
            .map(|m| m.kind.as_str())
            .collect();
        let has_link = self
            .entities
            .as_ref()
            .is_some_and(|e| e.urls.iter().any(|u| u.media_key.is_none()));
        if kinds.iter().any(|k| *k == "video" || *k == "animated_gif") {
            MediaKind::Video
        } else if kinds.len() > 1 {
            MediaKind::Carousel
        } else if kinds.len() == 1 {
            MediaKind::Image
        } else if attachments.is_some_and(|a| !a.poll_ids.is_empty()) {
            MediaKind::Poll
        } else if has_link {
            MediaKind::Link
        } else {
            MediaKind::None
        }
    }

    fn into_post(self, media: &[MediaObject]) -> Result<Post> {
        let Some(created_at) = self.created_at else {
            return Err(Error::InvalidResponse {
                status: 200,
                message: format!("x post {} has no created_at", self.id),
                excerpt: String::new(),
            });
        };
        let media_kind = self.media_kind(media);
        let metrics = self.metrics();
        Ok(Post {
            platform: Platform::X,
            created_at,
            text: match self.note_tweet {
                Some(note) => note.text,
                None => self.text,
            },
            media_kind,
            metrics,
            id: self.id,
        })
    }
}
