//! Mastodon (any instance), on its REST API:
//! - profile and audience: `GET /api/v1/accounts/verify_credentials`
//!   (<https://docs.joinmastodon.org/methods/accounts/#verify_credentials>, the `Account`
//!   entity at <https://docs.joinmastodon.org/entities/Account/>);
//! - posts: `GET /api/v1/accounts/:id/statuses` with `exclude_reblogs`, paged by the `Link`
//!   header's `max_id` (<https://docs.joinmastodon.org/methods/accounts/#statuses>,
//!   <https://docs.joinmastodon.org/api/guidelines/#pagination>);
//! - metrics: `GET /api/v1/statuses/:id` (`favourites_count`, `replies_count`,
//!   `reblogs_count`; Mastodon reports no impressions or reach);
//! - publish: `POST /api/v2/media` (multipart) then `POST /api/v1/statuses` with an
//!   `Idempotency-Key` (<https://docs.joinmastodon.org/methods/statuses/#create>), so a
//!   retried publish never posts twice; delete: `DELETE /api/v1/statuses/:id`;
//! - errors: `{"error": "..."}` (<https://docs.joinmastodon.org/entities/Error/>); rate limits:
//!   `x-ratelimit-*` with an ISO-8601 reset, read by the HTTP layer
//!   (<https://docs.joinmastodon.org/api/rate-limits/>).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::api::{Api, random_key, status_error};
use super::multipart::{self, Part};
use super::{
    Audience, Capabilities, Credentials, Draft, Page, PostMetricKind, PostMetricsEntry, PostsQuery,
    PublishedPost, SocialPlatform, html_to_text, link_header_next,
};
use crate::http::{Body, HttpClient, Request, Response, Route};
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};
use crate::{Error, Result};

const SERVICE: &str = "mastodon";
/// Mastodon's own page-size maximum for account statuses.
const MAX_PAGE: u32 = 40;
/// "Up to 4 media attachments" per status (Statuses API, `media_ids[]`).
const MAX_IMAGES: u32 = 4;

/// A Mastodon account on one instance.
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use brandpilot::http::{HttpClient, HttpConfig};
/// use brandpilot::platform::{Credentials, SocialPlatform, mastodon::Mastodon};
/// let http = HttpClient::new(HttpConfig::default())?;
/// let client = Mastodon::new(http, "https://mastodon.social", Credentials::token("…"))?;
/// println!("{} followers", client.audience().await?.followers.unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Mastodon {
    api: Api,
    /// The account (fetched once): its id is needed to list its statuses.
    me: OnceCell<Account>,
}

impl Mastodon {
    /// A client for the account `credentials` belong to on the instance at `instance_url`.
    pub fn new(http: HttpClient, instance_url: &str, credentials: Credentials) -> Result<Self> {
        Ok(Mastodon {
            api: Api::new(http, instance_url, credentials)?,
            me: OnceCell::new(),
        })
    }

    /// A client from a [`ClientSpec`](super::ClientSpec): `base_url` is the instance.
    pub fn from_spec(
        http: HttpClient,
        spec: &super::ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        let Some(instance) = spec.base_url.as_deref() else {
            return Err(Error::invalid(
                "base_url",
                "mastodon needs the instance URL (https://mastodon.social)",
            ));
        };
        Mastodon::new(http, instance, spec.credentials(credentials)?)
    }

    async fn get(&self, url: String, group: &str) -> Result<Response> {
        let request = Request::get(url, Route::new(SERVICE, group));
        check(self.api.send(|token| request.clone().bearer(token)).await?)
    }

    async fn me(&self) -> Result<&Account> {
        self.me
            .get_or_try_init(|| async {
                let url = self.api.url("/api/v1/accounts/verify_credentials", &[]);
                self.get(url, "accounts").await?.json::<Account>()
            })
            .await
    }

    /// The instance's host, for handles of the form `user@host`.
    fn host(&self) -> &str {
        self.api
            .base
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .unwrap_or_default()
    }

    async fn upload(&self, image: &super::DraftImage) -> Result<String> {
        let Some(bytes) = image.bytes()? else {
            return Err(Error::Unsupported {
                message: "mastodon uploads image bytes; this image has only a URL".to_owned(),
            });
        };
        let mut parts = vec![Part::File {
            name: "file",
            file_name: "image",
            mime_type: &image.mime_type,
            bytes: &bytes,
        }];
        if let Some(alt) = &image.alt_text {
            parts.push(Part::Text("description", alt));
        }
        let (content_type, body) = multipart::encode(&parts)?;
        let mut request = Request::post(
            self.api.url("/api/v2/media", &[]),
            Route::new(SERVICE, "media.write"),
        );
        request.body = Some(Body {
            content_type,
            bytes: body.into(),
        });
        // Uploading the same image twice only leaves an unattached upload, which the
        // instance deletes; the idempotency key makes the retry explicit anyway.
        let request = request.idempotency_key(random_key()?);
        let media: Media = check(self.api.send(|t| request.clone().bearer(t)).await?)?.json()?;
        Ok(media.id)
    }
}

#[async_trait]
impl SocialPlatform for Mastodon {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            post_metrics: vec![
                PostMetricKind::Likes,
                PostMetricKind::Comments,
                PostMetricKind::Shares,
            ],
            followers: true,
            following: true,
            publish: true,
            publish_media: vec![MediaKind::Image, MediaKind::Link],
            max_images: MAX_IMAGES,
            idempotent_publish: true,
            delete: true,
            ..Capabilities::new(Platform::Mastodon)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        Ok(self.me().await?.profile(self.host()))
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let me = self.me().await?;
        let limit = query
            .page_size
            .unwrap_or(MAX_PAGE)
            .clamp(1, MAX_PAGE)
            .to_string();
        let mut params = vec![("limit", limit.as_str()), ("exclude_reblogs", "true")];
        if let Some(cursor) = &query.cursor {
            params.push(("max_id", cursor));
        }
        let path = format!("/api/v1/accounts/{}/statuses", encode_segment(&me.id));
        let response = self
            .get(self.api.url(&path, &params), "statuses.read")
            .await?;
        let statuses: Vec<Status> = response.json()?;
        let mut reached_since = false;
        let mut items = Vec::with_capacity(statuses.len());
        for status in statuses {
            if query.since.is_some_and(|since| status.created_at < since) {
                reached_since = true;
                continue;
            }
            if status.reblog.is_none() {
                items.push(status.into_post());
            }
        }
        let next_cursor = if reached_since {
            None
        } else {
            link_header_next(&response.headers).and_then(|url| query_param(&url, "max_id"))
        };
        Ok(Page { items, next_cursor })
    }

    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>> {
        super::check_metric_ids(ids)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let url = self
                .api
                .url(&format!("/api/v1/statuses/{}", encode_segment(id)), &[]);
            let status: Status = self.get(url, "statuses.read").await?.json()?;
            out.push(PostMetricsEntry {
                id: id.clone(),
                metrics: status.metrics(),
            });
        }
        Ok(out)
    }

    async fn audience(&self) -> Result<Audience> {
        let me = self.me().await?;
        Ok(Audience {
            followers: Some(me.followers_count),
            following: Some(me.following_count),
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
        let body = serde_json::json!({
            "status": draft.text_with_link(),
            "media_ids": media_ids,
        });
        let key = match &draft.idempotency_key {
            Some(key) => key.clone(),
            None => random_key()?,
        };
        let request = Request::post(
            self.api.url("/api/v1/statuses", &[]),
            Route::new(SERVICE, "statuses.write"),
        )
        .json(&body)?
        .idempotency_key(key);
        let status: Status = check(self.api.send(|t| request.clone().bearer(t)).await?)?.json()?;
        Ok(PublishedPost {
            platform: Platform::Mastodon,
            id: status.id,
            url: status.url,
            created_at: Some(status.created_at),
        })
    }

    async fn delete(&self, id: &str) -> Result<()> {
        if id.is_empty() {
            return Err(Error::invalid("id", "must not be empty"));
        }
        let request = Request::delete(
            self.api
                .url(&format!("/api/v1/statuses/{}", encode_segment(id)), &[]),
            Route::new(SERVICE, "statuses.delete"),
        );
        check(self.api.send(|t| request.clone().bearer(t)).await?)?;
        Ok(())
    }
}

/// A 2xx answer as it is; anything else as the coded error of Mastodon's `{"error": ...}`.
fn check(response: Response) -> Result<Response> {
    if response.is_success() {
        return Ok(response);
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        error: String,
    }
    let message = serde_json::from_slice::<ErrorBody>(&response.body)
        .ok()
        .map(|b| b.error);
    Err(status_error(SERVICE, &response, message.as_deref()))
}

/// A path segment, percent-encoded (ids come from hosts and platforms).
fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The value of query parameter `name` in `url`.
fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The `Account` entity, as far as we read it.
#[derive(Debug, Deserialize)]
struct Account {
    id: String,
    username: String,
    #[serde(default)]
    acct: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    avatar: String,
    #[serde(default)]
    header: String,
    followers_count: i64,
    following_count: i64,
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
struct Field {
    name: String,
    value: String,
}

impl Account {
    fn profile(&self, host: &str) -> Profile {
        let acct = if self.acct.is_empty() {
            &self.username
        } else {
            &self.acct
        };
        // `user@instance` (the fediverse address without its leading `@`, as other
        // platforms' handles come without one).
        let handle = if acct.contains('@') || host.is_empty() {
            acct.clone()
        } else {
            format!("{acct}@{host}")
        };
        let field = |wanted: &[&str]| {
            self.fields
                .iter()
                .find(|f| wanted.iter().any(|w| f.name.eq_ignore_ascii_case(w)))
                .map(|f| html_to_text(&f.value))
        };
        let summary = html_to_text(&self.note);
        Profile {
            display_name: Some(self.display_name.clone()).filter(|s| !s.is_empty()),
            summary: Some(summary).filter(|s| !s.is_empty()),
            // Instances serve `…/missing.png` when no image is set.
            has_photo: !self.avatar.is_empty() && !self.avatar.ends_with("missing.png"),
            has_banner: !self.header.is_empty() && !self.header.ends_with("missing.png"),
            location: field(&["location", "based in"]),
            website: field(&["website", "web", "homepage", "blog", "portfolio"]).or_else(|| {
                self.fields
                    .iter()
                    .map(|f| html_to_text(&f.value))
                    .find(|v| v.starts_with("https://") || v.starts_with("http://"))
            }),
            followers: Some(self.followers_count),
            following: Some(self.following_count),
            created_at: self.created_at,
            ..Profile::new(Platform::Mastodon, handle)
        }
    }
}

/// The `Status` entity, as far as we read it.
#[derive(Debug, Deserialize)]
struct Status {
    id: String,
    created_at: DateTime<Utc>,
    #[serde(default)]
    content: String,
    url: Option<String>,
    #[serde(default)]
    reblogs_count: i64,
    #[serde(default)]
    favourites_count: i64,
    #[serde(default)]
    replies_count: i64,
    #[serde(default)]
    media_attachments: Vec<Attachment>,
    card: Option<serde_json::Value>,
    poll: Option<serde_json::Value>,
    reblog: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Attachment {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct Media {
    id: String,
}

impl Status {
    fn metrics(&self) -> PostMetrics {
        PostMetrics {
            likes: Some(self.favourites_count),
            comments: Some(self.replies_count),
            shares: Some(self.reblogs_count),
            ..PostMetrics::default()
        }
    }

    fn media_kind(&self) -> MediaKind {
        let kinds: Vec<&str> = self
            .media_attachments
            .iter()
            .map(|a| a.kind.as_str())
            .collect();
        if kinds.iter().any(|k| *k == "video" || *k == "gifv") {
            MediaKind::Video
        } else if kinds.len() > 1 {
            MediaKind::Carousel
        } else if kinds.first() == Some(&"image") {
            MediaKind::Image
        } else if self.poll.is_some() {
            MediaKind::Poll
        } else if self.card.is_some() {
            MediaKind::Link
        } else {
            MediaKind::None
        }
    }

    fn into_post(self) -> Post {
        Post {
            platform: Platform::Mastodon,
            created_at: self.created_at,
            text: html_to_text(&self.content),
            media_kind: self.media_kind(),
            metrics: self.metrics(),
            id: self.id,
        }
    }
}
