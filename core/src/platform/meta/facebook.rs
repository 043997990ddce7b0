//! Facebook Pages, on the Graph API (`https://graph.facebook.com/{version}`), acting with the
//! **Page access token**: the user token the client is built with is exchanged once for the
//! Page's token (`GET /{page-id}?fields=access_token`,
//! <https://developers.facebook.com/docs/pages-api/getting-started#page-access-token>), and
//! every Page read and publish carries the Page token — publishing with the user token is
//! what Postiz got wrong.
//!
//! - profile and audience: `GET /{page-id}?fields=name,username,about,fan_count,
//!   followers_count,link,picture,cover,website,category,location`
//!   (<https://developers.facebook.com/docs/graph-api/reference/page/>);
//! - posts: `GET /{page-id}/posts?fields=id,message,created_time,permalink_url,
//!   attachments{media_type},shares,reactions.summary(total_count).limit(0),
//!   comments.summary(total_count).limit(0)&since=<unix>&limit=&after=`
//!   (<https://developers.facebook.com/docs/graph-api/reference/page/feed/>);
//! - metrics: the same counts from `GET /{post-id}` plus `GET /{post-id}/insights?metric=
//!   post_media_view,post_total_media_view_unique,post_clicks`
//!   (<https://developers.facebook.com/docs/graph-api/reference/page-post/insights/>). Meta
//!   removed `post_impressions_unique` (alternative `post_total_media_view_unique`) by June 15,
//!   2025 and `post_impressions` on November 15, 2025 ("replaced by the `views` metric",
//!   `post_media_view`):
//!   <https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics>,
//!   <https://developers.facebook.com/blog/post/2025/08/15/page-insights-api-updates/>;
//! - publish: `POST /{page-id}/feed` (`message`, `link`); one image: `POST /{page-id}/photos`
//!   (`url`, or the bytes as multipart `source`, with `caption`); several: each photo with
//!   `published=false`, then `POST /{page-id}/feed` with `attached_media[i]={"media_fbid"}`
//!   (<https://developers.facebook.com/docs/pages-api/posts/>,
//!   <https://developers.facebook.com/docs/graph-api/reference/page/photos/>). The feed post
//!   is never retried (Graph takes no idempotency key); unpublished photo uploads are;
//! - delete: `DELETE /{post-id}`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::{
    Created, GRAPH_BASE, GRAPH_VERSION, GraphList, InsightMetric, check, check_id, check_text,
    de_time, insight_values, map_error, rejects_token, segment, version_prefix,
};
use crate::http::{Body, HttpClient, Request, Response, Route};
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};
use crate::platform::api::{Api, random_key};
use crate::platform::multipart::{self, Part};
use crate::platform::oauth::TokenSet;
use crate::platform::{
    Audience, Capabilities, ClientSpec, Credentials, Draft, DraftImage, Page, PostMetricKind,
    PostMetricsEntry, PostsQuery, PublishedPost, SocialPlatform,
};
use crate::{Error, Result, Secret};

const SERVICE: &str = "facebook";
/// Graph's usual page-size ceiling for edges.
const MAX_PAGE: u32 = 100;
/// Photos in one multi-photo feed post (`attached_media`); Facebook's composer shows at most
/// this many in one post.
const MAX_IMAGES: u32 = 10;
const POST_FIELDS: &str = "id,message,created_time,permalink_url,attachments{media_type},shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)";
const COUNT_FIELDS: &str = "id,created_time,shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)";
const INSIGHTS: &str = "post_media_view,post_total_media_view_unique,post_clicks";

/// A Facebook Page, managed with a token of a person who can act on it.
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use brandpilot::http::{HttpClient, HttpConfig};
/// use brandpilot::platform::{Credentials, SocialPlatform, facebook::Facebook};
/// let http = HttpClient::new(HttpConfig::default())?;
/// let page = Facebook::new(http, "https://graph.facebook.com", None, "1234567890",
///     Credentials::token("user token …"))?;
/// println!("{} followers", page.audience().await?.followers.unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Facebook {
    api: Api,
    /// `/{version}` or empty.
    version: String,
    page_id: String,
    /// The Page token, fetched with the user token on first use and again when Graph rejects it.
    page_token: Mutex<Option<Secret>>,
}

impl Facebook {
    /// A client for the Page `page_id` at `base` (`https://graph.facebook.com`), on Graph
    /// `version` (default [`GRAPH_VERSION`]); `credentials` hold a user token of someone who
    /// can act on the Page (or the Page token itself).
    pub fn new(
        http: HttpClient,
        base: &str,
        version: Option<&str>,
        page_id: &str,
        credentials: Credentials,
    ) -> Result<Self> {
        check_id("account_id", page_id)?;
        Ok(Facebook {
            api: Api::new(http, base, credentials)?,
            version: version_prefix(version, GRAPH_VERSION)?,
            page_id: page_id.trim().to_owned(),
            page_token: Mutex::new(None),
        })
    }

    /// A client from a [`ClientSpec`]: `account_id` is the Page id (required), `base_url`
    /// defaults to [`GRAPH_BASE`], `api_version` to [`GRAPH_VERSION`].
    pub fn from_spec(
        http: HttpClient,
        spec: &ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        let Some(page_id) = spec.account_id.as_deref() else {
            return Err(Error::invalid("account_id", "facebook needs the Page id"));
        };
        Facebook::new(
            http,
            spec.base_url_or(GRAPH_BASE),
            spec.api_version.as_deref(),
            page_id,
            spec.credentials(credentials)?,
        )
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        self.api.url(&format!("{}{path}", self.version), query)
    }

    /// The Page token: the cached one, or `GET /{page-id}?fields=access_token` with the user
    /// token (which refreshes with managed credentials).
    async fn page_token(&self) -> Result<Secret> {
        let mut cached = self.page_token.lock().await;
        if let Some(token) = cached.as_ref() {
            return Ok(token.clone());
        }
        #[derive(Deserialize)]
        struct PageToken {
            access_token: Option<Secret>,
        }
        let url = self.url(
            &format!("/{}", segment(&self.page_id)),
            &[("fields", "access_token")],
        );
        let request = Request::get(url, Route::new(SERVICE, "pages.token"));
        let response = super::send(SERVICE, &self.api, |t| request.clone().bearer(t)).await?;
        let token = response
            .json::<PageToken>()?
            .access_token
            .filter(|t| !t.expose().is_empty())
            .ok_or_else(|| Error::Upstream {
                status: 403,
                message: "facebook: no Page access token for this Page; the person must be able \
                          to act on it (pages_show_list, pages_manage_posts, \
                          pages_read_engagement)"
                    .to_owned(),
                retry_after: None,
            })?;
        *cached = Some(token.clone());
        Ok(token)
    }

    /// Sends `request` with the Page token; a rejected Page token is fetched again once.
    async fn send(&self, request: Request) -> Result<Response> {
        let token = self.page_token().await?;
        let response = self
            .api
            .http
            .send(request.clone().bearer(token.clone()))
            .await?;
        if !rejects_token(&response) {
            return check(SERVICE, response);
        }
        {
            let mut cached = self.page_token.lock().await;
            if cached.as_ref() == Some(&token) {
                *cached = None;
            }
        }
        let token = self.page_token().await?;
        let response = self.api.http.send(request.bearer(token)).await?;
        if response.is_success() {
            return check(SERVICE, response);
        }
        Err(map_error(SERVICE, &response))
    }

    async fn get<T: for<'de> Deserialize<'de>>(&self, url: String, group: &str) -> Result<T> {
        self.send(Request::get(url, Route::new(SERVICE, group)))
            .await?
            .json()
    }

    async fn page(&self) -> Result<PageNode> {
        let url = self.url(
            &format!("/{}", segment(&self.page_id)),
            &[(
                "fields",
                "id,name,username,about,fan_count,followers_count,link,picture,cover,website,category,location",
            )],
        );
        self.get(url, "pages.read").await
    }

    /// Uploads one photo: published with `caption`, or unpublished for `attached_media`.
    async fn photo(&self, image: &DraftImage, caption: Option<&str>) -> Result<Created> {
        let url = self.url(&format!("/{}/photos", segment(&self.page_id)), &[]);
        let published = if caption.is_some() { "true" } else { "false" };
        let mut request = Request::post(url, Route::new(SERVICE, "posts.write"));
        if let Some(public_url) = &image.url {
            let mut pairs = vec![("url", public_url.as_str()), ("published", published)];
            if let Some(caption) = caption {
                pairs.push(("caption", caption));
            }
            request = request.form(&pairs);
        } else {
            let bytes = image.bytes()?.unwrap_or_default();
            let mut parts = vec![
                Part::Text("published", published),
                Part::File {
                    name: "source",
                    file_name: "image",
                    mime_type: &image.mime_type,
                    bytes: &bytes,
                },
            ];
            if let Some(caption) = caption {
                parts.push(Part::Text("caption", caption));
            }
            let (content_type, body) = multipart::encode(&parts)?;
            request.body = Some(Body {
                content_type,
                bytes: body.into(),
            });
        }
        if caption.is_none() {
            // An unpublished upload retried twice only leaves an unused photo.
            request = request.idempotency_key(random_key()?);
        }
        self.send(request).await?.json()
    }
}

#[async_trait]
impl SocialPlatform for Facebook {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            post_metrics: vec![
                PostMetricKind::Impressions,
                PostMetricKind::Reach,
                PostMetricKind::Likes,
                PostMetricKind::Comments,
                PostMetricKind::Shares,
                PostMetricKind::Clicks,
            ],
            followers: true,
            publish: true,
            publish_media: vec![MediaKind::Image, MediaKind::Link],
            max_images: MAX_IMAGES,
            delete: true,
            ..Capabilities::new(Platform::Facebook)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        Ok(self.page().await?.profile())
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let limit = query.page_size.unwrap_or(25).clamp(1, MAX_PAGE).to_string();
        let since = query.since.map(|s| s.timestamp().to_string());
        let mut params = vec![("fields", POST_FIELDS), ("limit", limit.as_str())];
        if let Some(since) = &since {
            params.push(("since", since));
        }
        if let Some(cursor) = &query.cursor {
            params.push(("after", cursor));
        }
        let url = self.url(&format!("/{}/posts", segment(&self.page_id)), &params);
        let list: GraphList<FbPost> = self.get(url, "posts.read").await?;
        let mut next_cursor = list.next_cursor();
        let mut items = Vec::with_capacity(list.data.len());
        for post in list.data {
            if query.since.is_some_and(|since| post.created_time < since) {
                next_cursor = None;
                continue;
            }
            items.push(post.into_post());
        }
        Ok(Page { items, next_cursor })
    }

    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>> {
        crate::platform::check_metric_ids(ids)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let node: FbPost = self
                .get(
                    self.url(&format!("/{}", segment(id)), &[("fields", COUNT_FIELDS)]),
                    "posts.read",
                )
                .await?;
            let insights: GraphList<InsightMetric> = self
                .get(
                    self.url(
                        &format!("/{}/insights", segment(id)),
                        &[("metric", INSIGHTS)],
                    ),
                    "insights.read",
                )
                .await?;
            let values = insight_values(insights);
            let mut metrics = node.metrics();
            metrics.impressions = values.get("post_media_view").copied();
            metrics.reach = values.get("post_total_media_view_unique").copied();
            metrics.clicks = values.get("post_clicks").copied();
            out.push(PostMetricsEntry {
                id: id.clone(),
                metrics,
            });
        }
        Ok(out)
    }

    async fn audience(&self) -> Result<Audience> {
        let page = self.page().await?;
        Ok(Audience {
            followers: page.followers(),
            following: None,
            connections: None,
        })
    }

    async fn publish(&self, draft: &Draft) -> Result<PublishedPost> {
        draft.validate_for(&self.capabilities())?;
        check_text(&draft.text, Platform::Facebook)?;
        let created: Created = match draft.images.as_slice() {
            [] => {
                let mut pairs = vec![("message", draft.text.as_str())];
                if let Some(link) = &draft.link {
                    pairs.push(("link", link));
                }
                let request = Request::post(
                    self.url(&format!("/{}/feed", segment(&self.page_id)), &[]),
                    Route::new(SERVICE, "posts.write"),
                )
                .form(&pairs);
                self.send(request).await?.json()?
            }
            [image] => {
                let caption = draft.text_with_link();
                let created = self
                    .photo(image, Some(&caption))
                    .await
                    .map_err(|e| e.within("images[0]"))?;
                Created {
                    id: created.post_id.unwrap_or(created.id),
                    post_id: None,
                }
            }
            images => {
                let mut media = Vec::with_capacity(images.len());
                for (i, image) in images.iter().enumerate() {
                    let photo = self
                        .photo(image, None)
                        .await
                        .map_err(|e| e.within(&format!("images[{i}]")))?;
                    media.push(serde_json::json!({ "media_fbid": photo.id }).to_string());
                }
                let keys: Vec<String> = (0..media.len())
                    .map(|i| format!("attached_media[{i}]"))
                    .collect();
                let text = draft.text_with_link();
                let mut pairs = vec![("message", text.as_str())];
                pairs.extend(
                    keys.iter()
                        .map(String::as_str)
                        .zip(media.iter().map(String::as_str)),
                );
                let request = Request::post(
                    self.url(&format!("/{}/feed", segment(&self.page_id)), &[]),
                    Route::new(SERVICE, "posts.write"),
                )
                .form(&pairs);
                self.send(request).await?.json()?
            }
        };
        Ok(PublishedPost {
            platform: Platform::Facebook,
            id: created.id,
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

/// Exchanges a short-lived Facebook (or Instagram-with-Facebook-Login) user token for a
/// long-lived one (about 60 days): `GET {base}/{version}/oauth/access_token?
/// grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`
/// (<https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived/>).
/// `base` is [`GRAPH_BASE`] outside tests; `version` defaults to [`GRAPH_VERSION`]. Page tokens
/// fetched with a long-lived user token do not expire.
pub async fn exchange_long_lived_token(
    http: &HttpClient,
    base: &str,
    version: Option<&str>,
    client_id: &str,
    client_secret: &Secret,
    short_lived: &Secret,
) -> Result<TokenSet> {
    check_id("client_id", client_id)?;
    let base = super::check_base(base)?;
    let url = format!(
        "{base}{}/oauth/access_token",
        version_prefix(version, GRAPH_VERSION)?
    );
    super::token_grant(
        http,
        "meta",
        &url,
        &[
            ("grant_type", "fb_exchange_token"),
            ("client_id", client_id),
            ("client_secret", client_secret.expose()),
            ("fb_exchange_token", short_lived.expose()),
        ],
    )
    .await
}

/// The Page node, as far as we read it.
#[derive(Debug, Deserialize)]
struct PageNode {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    about: Option<String>,
    #[serde(default)]
    fan_count: Option<i64>,
    #[serde(default)]
    followers_count: Option<i64>,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    picture: Option<Picture>,
    #[serde(default)]
    cover: Option<serde_json::Value>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    location: Option<Location>,
}

#[derive(Debug, Deserialize)]
struct Picture {
    data: PictureData,
}

#[derive(Debug, Deserialize)]
struct PictureData {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    is_silhouette: bool,
}

#[derive(Debug, Deserialize)]
struct Location {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

impl PageNode {
    /// Followers (`followers_count`), else the Page's likes (`fan_count`) on Pages that
    /// report only those.
    fn followers(&self) -> Option<i64> {
        self.followers_count.or(self.fan_count)
    }

    fn profile(self) -> Profile {
        let non_empty =
            |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let handle = self
            .username
            .clone()
            .filter(|u| !u.is_empty())
            .or_else(|| self.name.clone())
            .unwrap_or_else(|| self.id.clone());
        let location = self.location.as_ref().and_then(|l| {
            let parts: Vec<&str> = [l.city.as_deref(), l.country.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        });
        Profile {
            followers: self.followers(),
            display_name: non_empty(self.name),
            summary: non_empty(self.about),
            has_photo: self
                .picture
                .as_ref()
                .is_some_and(|p| p.data.url.is_some() && !p.data.is_silhouette),
            has_banner: self.cover.is_some(),
            location,
            website: non_empty(self.website).or(non_empty(self.link)),
            industry: non_empty(self.category),
            ..Profile::new(Platform::Facebook, handle)
        }
    }
}

/// A Page post, as far as we read it.
#[derive(Debug, Deserialize)]
struct FbPost {
    id: String,
    #[serde(deserialize_with = "de_time")]
    created_time: DateTime<Utc>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    attachments: Option<GraphList<Attachment>>,
    #[serde(default)]
    shares: Option<Count>,
    #[serde(default)]
    reactions: Option<Summarised>,
    #[serde(default)]
    comments: Option<Summarised>,
}

#[derive(Debug, Deserialize)]
struct Attachment {
    #[serde(default)]
    media_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Count {
    count: i64,
}

#[derive(Debug, Deserialize)]
struct Summarised {
    #[serde(default)]
    summary: Option<Summary>,
}

#[derive(Debug, Deserialize)]
struct Summary {
    total_count: i64,
}

impl FbPost {
    fn metrics(&self) -> PostMetrics {
        let total = |s: &Option<Summarised>| {
            s.as_ref()
                .and_then(|s| s.summary.as_ref())
                .map(|s| s.total_count)
        };
        PostMetrics {
            likes: total(&self.reactions),
            comments: total(&self.comments),
            shares: self.shares.as_ref().map(|s| s.count),
            ..PostMetrics::default()
        }
    }

    fn media_kind(&self) -> MediaKind {
        let kinds: Vec<&str> = self
            .attachments
            .iter()
            .flat_map(|a| a.data.iter())
            .filter_map(|a| a.media_type.as_deref())
            .collect();
        match kinds.first().copied() {
            _ if kinds.len() > 1 => MediaKind::Carousel,
            Some("album") => MediaKind::Carousel,
            Some("photo") => MediaKind::Image,
            Some(k) if k.starts_with("video") => MediaKind::Video,
            Some("link" | "share") => MediaKind::Link,
            _ => MediaKind::None,
        }
    }

    fn into_post(self) -> Post {
        Post {
            platform: Platform::Facebook,
            created_at: self.created_time,
            text: self.message.clone().unwrap_or_default(),
            media_kind: self.media_kind(),
            metrics: self.metrics(),
            id: self.id,
        }
    }
}
