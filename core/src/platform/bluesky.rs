//! Bluesky, over XRPC on the account's PDS (`https://bsky.social` by default; the PDS proxies
//! the `app.bsky.*` reads to the AppView):
//! - auth: an app password, `com.atproto.server.createSession` → `accessJwt` / `refreshJwt`,
//!   renewed with `com.atproto.server.refreshSession` when a call answers `ExpiredToken`
//!   (<https://docs.bsky.app/docs/api/com-atproto-server-create-session>,
//!   <https://docs.bsky.app/docs/api/com-atproto-server-refresh-session>); or a fixed access
//!   JWT from a host that manages sessions, whose account comes from
//!   `com.atproto.server.getSession`;
//! - profile and audience: `app.bsky.actor.getProfile`
//!   (<https://docs.bsky.app/docs/api/app-bsky-actor-get-profile>);
//! - posts: `app.bsky.feed.getAuthorFeed` with `filter=posts_no_replies`, paged by `cursor`;
//!   reposts (items with a `reason`) are skipped
//!   (<https://docs.bsky.app/docs/api/app-bsky-feed-get-author-feed>);
//! - metrics: `app.bsky.feed.getPosts` (at most 25 AT URIs a call): `likeCount`,
//!   `replyCount`, `repostCount` + `quoteCount`; Bluesky reports no impressions, reach or
//!   clicks (<https://docs.bsky.app/docs/api/app-bsky-feed-get-posts>);
//! - publish: `com.atproto.repo.uploadBlob` per image, then `com.atproto.repo.createRecord`
//!   with an `app.bsky.feed.post` record carrying link, mention (handles resolved with
//!   `com.atproto.identity.resolveHandle`) and hashtag facets at UTF-8 byte offsets, and an
//!   `app.bsky.embed.images` embed (<https://docs.bsky.app/docs/advanced-guides/posts>,
//!   <https://docs.bsky.app/docs/advanced-guides/post-richtext>); delete:
//!   `com.atproto.repo.deleteRecord` with the collection and rkey of the post's AT URI
//!   (<https://docs.bsky.app/docs/api/com-atproto-repo-delete-record>);
//! - errors: XRPC `{"error","message"}` (<https://atproto.com/specs/xrpc#error-responses>);
//!   rate limits: `ratelimit-remaining` / `ratelimit-reset` (epoch seconds), read by the HTTP
//!   layer (<https://docs.bsky.app/docs/advanced-guides/rate-limits>).
//!
//! `createRecord` is sent without an idempotency key and never retried (a retried create
//! would post twice); only an `ExpiredToken` answer, which creates nothing, is sent again
//! with the refreshed session.

mod facets;

use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{Mutex, OnceCell};

use super::api::{Api, random_key, status_error};
use super::{
    Audience, Capabilities, Credentials, Draft, DraftImage, Page, PostMetricKind, PostMetricsEntry,
    PostsQuery, PublishedPost, SocialPlatform,
};
use crate::http::{Body, HttpClient, Request, Response, Route};
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};
use crate::{Error, Result, Secret};
use facets::Feature;

const SERVICE: &str = "bluesky";
/// The PDS of most accounts.
pub const DEFAULT_BASE_URL: &str = "https://bsky.social";
/// `getAuthorFeed`'s `limit` maximum.
const MAX_PAGE: u32 = 100;
/// `getPosts` takes at most 25 `uris`.
const MAX_URIS: usize = 25;
/// `app.bsky.embed.images` takes at most 4 images.
const MAX_IMAGES: u32 = 4;
/// The images embed's blob `maxSize`: 1,000,000 bytes.
const MAX_BLOB_BYTES: usize = 1_000_000;
/// The post collection.
const POST: &str = "app.bsky.feed.post";

/// A Bluesky account on its PDS.
///
/// ```no_run
/// # async fn demo() -> brandpilot::Result<()> {
/// use brandpilot::Secret;
/// use brandpilot::http::{HttpClient, HttpConfig};
/// use brandpilot::platform::{SocialPlatform, bluesky::Bluesky};
/// let http = HttpClient::new(HttpConfig::default())?;
/// let client = Bluesky::with_app_password(
///     http, "https://bsky.social", "ada.bsky.social", Secret::new("xxxx-xxxx-xxxx-xxxx"))?;
/// println!("{} followers", client.audience().await?.followers.unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Bluesky {
    api: Api,
    auth: Auth,
    /// The account of fixed credentials (fetched once with `getSession`).
    identity: OnceCell<Identity>,
}

#[derive(Debug)]
enum Auth {
    /// The credentials in `api` (a fixed access JWT, or a token manager's).
    Credentials,
    /// An app password and the session made with it.
    AppPassword(AppPassword),
}

/// An app password and the in-memory session: created on first use, refreshed once per
/// expiry under the lock (single flight).
struct AppPassword {
    identifier: String,
    password: Secret,
    session: Mutex<Option<Session>>,
}

impl fmt::Debug for AppPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppPassword")
            .field("identifier", &self.identifier)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
struct Session {
    access: Secret,
    refresh: Secret,
    identity: Identity,
}

/// Who the session is for.
#[derive(Debug, Clone, Deserialize)]
struct Identity {
    did: String,
    handle: String,
}

impl Bluesky {
    /// A client sending `credentials` (a fixed access JWT, or a token manager's) to the PDS
    /// at `base_url`. A fixed JWT that expires is `reauth_required`: the host renews it.
    pub fn new(http: HttpClient, base_url: &str, credentials: Credentials) -> Result<Self> {
        Ok(Bluesky {
            api: Api::new(http, base_url, credentials)?,
            auth: Auth::Credentials,
            identity: OnceCell::new(),
        })
    }

    /// A client signing in to the PDS at `base_url` as `identifier` (handle, DID or email)
    /// with an app password (never the account password), keeping the session in memory.
    pub fn with_app_password(
        http: HttpClient,
        base_url: &str,
        identifier: &str,
        app_password: Secret,
    ) -> Result<Self> {
        if identifier.trim().is_empty() {
            return Err(Error::invalid("identifier", "must not be empty"));
        }
        if app_password.expose().is_empty() {
            return Err(Error::invalid("app_password", "must not be empty"));
        }
        Ok(Bluesky {
            // Never sent: requests in this mode carry the session's JWTs.
            api: Api::new(http, base_url, Credentials::token(String::new()))?,
            auth: Auth::AppPassword(AppPassword {
                identifier: identifier.trim().to_owned(),
                password: app_password,
                session: Mutex::new(None),
            }),
            identity: OnceCell::new(),
        })
    }

    /// A client from a [`ClientSpec`](super::ClientSpec): `base_url` defaults to
    /// [`DEFAULT_BASE_URL`]; `credentials` (a token manager's) come first, then
    /// `identifier` + `app_password`, then a fixed `access_token`.
    pub fn from_spec(
        http: HttpClient,
        spec: &super::ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        let base = spec.base_url_or(DEFAULT_BASE_URL);
        if let Some(credentials) = credentials {
            return Bluesky::new(http, base, credentials);
        }
        match (&spec.identifier, &spec.app_password, &spec.access_token) {
            (Some(identifier), Some(password), _) => {
                Bluesky::with_app_password(http, base, identifier, password.clone())
            }
            (_, _, Some(token)) => Bluesky::new(http, base, Credentials::Token(token.clone())),
            (None, Some(_), None) => Err(Error::invalid(
                "identifier",
                "is required with an app password",
            )),
            _ => Err(Error::invalid(
                "app_password",
                "give identifier + app_password, or an access token",
            )),
        }
    }

    fn xrpc(&self, method: &str, query: &[(&str, &str)]) -> String {
        self.api.url(&format!("/xrpc/{method}"), query)
    }

    /// Sends the request `build` makes with the current access token, and maps the answer.
    /// With an app password, an `ExpiredToken` answer refreshes the session and sends once
    /// more.
    async fn send<F>(&self, build: F) -> Result<Response>
    where
        F: Fn(Secret) -> Request + Send + Sync,
    {
        let Auth::AppPassword(app) = &self.auth else {
            return check(self.api.send(build).await?);
        };
        let session = self.session(app).await?;
        let response = self.api.http.send(build(session.access.clone())).await?;
        if !is_expired(&response) {
            return check(response);
        }
        let fresh = self.renew(app, &session.access).await?;
        check(self.api.http.send(build(fresh.access)).await?)
    }

    async fn get(&self, url: String, group: &str) -> Result<Response> {
        let request = Request::get(url, Route::new(SERVICE, group));
        self.send(|token| request.clone().bearer(token)).await
    }

    /// The current session, created on first use.
    async fn session(&self, app: &AppPassword) -> Result<Session> {
        let mut guard = app.session.lock().await;
        if let Some(session) = guard.as_ref() {
            return Ok(session.clone());
        }
        let session = self.create_session(app).await?;
        *guard = Some(session.clone());
        Ok(session)
    }

    /// A session to replace the one whose access token `stale` expired: refreshed once for
    /// every caller that saw it expire; created anew with the app password when the refresh
    /// token is no longer good.
    async fn renew(&self, app: &AppPassword, stale: &Secret) -> Result<Session> {
        let mut guard = app.session.lock().await;
        if let Some(current) = guard.as_ref()
            && current.access != *stale
        {
            return Ok(current.clone()); // another call refreshed it meanwhile
        }
        let fresh = match guard.take() {
            Some(old) => match self.refresh_session(&old.refresh).await {
                Ok(session) => session,
                // The refresh token expired or was revoked: sign in again.
                Err(Error::ReauthRequired { .. }) => self.create_session(app).await?,
                Err(e) => {
                    *guard = Some(old); // a transient failure: the refresh token still holds
                    return Err(e);
                }
            },
            None => self.create_session(app).await?,
        };
        *guard = Some(fresh.clone());
        Ok(fresh)
    }

    async fn create_session(&self, app: &AppPassword) -> Result<Session> {
        let body = json!({"identifier": app.identifier, "password": app.password.expose()});
        // Not retried: sign-ins have their own tight limit (30 per 5 minutes).
        let request = Request::post(
            self.xrpc("com.atproto.server.createSession", &[]),
            Route::new(SERVICE, "sessions"),
        )
        .json(&body)?;
        let answer: SessionAnswer = check(self.api.http.send(request).await?)?.json()?;
        Ok(answer.into_session())
    }

    async fn refresh_session(&self, refresh: &Secret) -> Result<Session> {
        let request = Request::post(
            self.xrpc("com.atproto.server.refreshSession", &[]),
            Route::new(SERVICE, "sessions"),
        )
        .bearer(refresh.clone());
        let answer: SessionAnswer = check(self.api.http.send(request).await?)?.json()?;
        Ok(answer.into_session())
    }

    /// The account's DID and handle.
    async fn identity(&self) -> Result<Identity> {
        if let Auth::AppPassword(app) = &self.auth {
            return Ok(self.session(app).await?.identity);
        }
        self.identity
            .get_or_try_init(|| async {
                let url = self.xrpc("com.atproto.server.getSession", &[]);
                self.get(url, "sessions").await?.json::<Identity>()
            })
            .await
            .cloned()
    }

    async fn profile_view(&self) -> Result<ProfileView> {
        let me = self.identity().await?;
        let url = self.xrpc("app.bsky.actor.getProfile", &[("actor", &me.did)]);
        self.get(url, "actor.read").await?.json()
    }

    /// Uploads one image; returns its blob reference.
    async fn upload(&self, image: &DraftImage) -> Result<Value> {
        let Some(bytes) = image.bytes()? else {
            return Err(Error::Unsupported {
                message: "bluesky uploads image bytes; this image has only a URL".to_owned(),
            });
        };
        if bytes.len() > MAX_BLOB_BYTES {
            return Err(Error::invalid(
                "data_base64",
                format!("bluesky images are limited to {MAX_BLOB_BYTES} bytes"),
            ));
        }
        let mut request = Request::post(
            self.xrpc("com.atproto.repo.uploadBlob", &[]),
            Route::new(SERVICE, "blobs.write"),
        );
        request.body = Some(Body {
            content_type: image.mime_type.clone(),
            bytes: bytes.into(),
        });
        // Blobs are content-addressed: uploading the same bytes twice stores one blob, so
        // the upload may be retried.
        let request = request.idempotency_key(random_key()?);
        let answer: BlobAnswer = self.send(|t| request.clone().bearer(t)).await?.json()?;
        Ok(answer.blob)
    }

    /// The facets of `text`, with mentions resolved to DIDs; a handle that does not
    /// resolve stays plain text.
    async fn facets(&self, text: &str) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for found in facets::detect(text) {
            let feature = match &found.feature {
                Feature::Link(uri) => json!({"$type": "app.bsky.richtext.facet#link", "uri": uri}),
                Feature::Tag(tag) => json!({"$type": "app.bsky.richtext.facet#tag", "tag": tag}),
                Feature::Mention(handle) => match self.resolve(handle).await? {
                    Some(did) => json!({"$type": "app.bsky.richtext.facet#mention", "did": did}),
                    None => continue,
                },
            };
            out.push(json!({
                "index": {"byteStart": found.start, "byteEnd": found.end},
                "features": [feature],
            }));
        }
        Ok(out)
    }

    /// The DID of `handle`, or `None` when the handle does not resolve.
    async fn resolve(&self, handle: &str) -> Result<Option<String>> {
        #[derive(Deserialize)]
        struct Resolved {
            did: String,
        }
        let url = self.xrpc("com.atproto.identity.resolveHandle", &[("handle", handle)]);
        match self.get(url, "identity.read").await {
            Ok(response) => Ok(Some(response.json::<Resolved>()?.did)),
            Err(Error::Upstream {
                status: 400 | 404, ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[async_trait]
impl SocialPlatform for Bluesky {
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
            idempotent_publish: false,
            delete: true,
            ..Capabilities::new(Platform::Bluesky)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        Ok(self.profile_view().await?.into_profile())
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let me = self.identity().await?;
        let limit = query
            .page_size
            .unwrap_or(MAX_PAGE)
            .clamp(1, MAX_PAGE)
            .to_string();
        let mut params = vec![
            ("actor", me.did.as_str()),
            ("limit", limit.as_str()),
            ("filter", "posts_no_replies"),
        ];
        if let Some(cursor) = &query.cursor {
            params.push(("cursor", cursor));
        }
        let url = self.xrpc("app.bsky.feed.getAuthorFeed", &params);
        let feed: Feed = self.get(url, "feed.read").await?.json()?;
        let mut reached_since = false;
        let mut items = Vec::with_capacity(feed.feed.len());
        for item in feed.feed {
            // A repost (by the account or shown for it) is someone else's post.
            if item.reason.is_some() || item.post.author.did != me.did {
                continue;
            }
            let post = item.post.into_post()?;
            if query.since.is_some_and(|since| post.created_at < since) {
                reached_since = true;
            } else {
                items.push(post);
            }
        }
        Ok(Page {
            items,
            next_cursor: feed.cursor.filter(|c| !reached_since && !c.is_empty()),
        })
    }

    /// Posts Bluesky no longer returns (deleted) are left out of the result; the others
    /// keep their order.
    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>> {
        super::check_metric_ids(ids)?;
        for (i, id) in ids.iter().enumerate() {
            AtUri::parse(id).map_err(|e| e.within(&format!("ids[{i}]")))?;
        }
        let mut found: Vec<PostView> = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_URIS) {
            let params: Vec<(&str, &str)> = chunk.iter().map(|id| ("uris", id.as_str())).collect();
            let url = self.xrpc("app.bsky.feed.getPosts", &params);
            let posts: Posts = self.get(url, "feed.read").await?.json()?;
            found.extend(posts.posts);
        }
        Ok(ids
            .iter()
            .filter_map(|id| {
                found
                    .iter()
                    .find(|p| &p.uri == id)
                    .map(|p| PostMetricsEntry {
                        id: id.clone(),
                        metrics: p.metrics(),
                    })
            })
            .collect())
    }

    async fn audience(&self) -> Result<Audience> {
        let view = self.profile_view().await?;
        Ok(Audience {
            followers: view.followers_count,
            following: view.follows_count,
            connections: None,
        })
    }

    async fn publish(&self, draft: &Draft) -> Result<PublishedPost> {
        draft.validate_for(&self.capabilities())?;
        // No link cards without fetching the page: the link goes in the text, as a facet.
        let text = draft.text_with_link();
        let length = crate::content::limits::check_length(&text, Platform::Bluesky);
        if !length.fits {
            return Err(Error::invalid(
                "text",
                format!(
                    "bluesky posts are limited to {} graphemes and {} bytes; this one has {} \
                     graphemes and {} bytes",
                    length.limit,
                    length.byte_limit.unwrap_or(u32::MAX),
                    length.length,
                    length.bytes
                ),
            ));
        }
        let me = self.identity().await?;
        let mut images = Vec::with_capacity(draft.images.len());
        for (i, image) in draft.images.iter().enumerate() {
            let blob = self
                .upload(image)
                .await
                .map_err(|e| e.within(&format!("images[{i}]")))?;
            images.push(json!({"alt": image.alt_text.clone().unwrap_or_default(), "image": blob}));
        }
        let created_at = Utc::now();
        let mut record = json!({
            "$type": POST,
            "text": text,
            "createdAt": created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        });
        let facets = self.facets(&text).await?;
        if !facets.is_empty() {
            record["facets"] = Value::Array(facets);
        }
        if !images.is_empty() {
            record["embed"] = json!({"$type": "app.bsky.embed.images", "images": images});
        }
        let body = json!({"repo": me.did, "collection": POST, "record": record});
        let request = Request::post(
            self.xrpc("com.atproto.repo.createRecord", &[]),
            Route::new(SERVICE, "records.write"),
        )
        .json(&body)?;
        let created: Created = self.send(|t| request.clone().bearer(t)).await?.json()?;
        let rkey = AtUri::parse(&created.uri)
            .map(|u| u.rkey.to_owned())
            .map_err(|_| Error::InvalidResponse {
                status: 200,
                message: "createRecord returned no AT URI".to_owned(),
                excerpt: String::new(),
            })?;
        Ok(PublishedPost {
            platform: Platform::Bluesky,
            url: Some(format!(
                "https://bsky.app/profile/{}/post/{rkey}",
                me.handle
            )),
            id: created.uri,
            created_at: Some(created_at),
        })
    }

    async fn delete(&self, id: &str) -> Result<()> {
        let uri = AtUri::parse(id).map_err(|e| e.within("id"))?;
        if uri.collection != POST {
            return Err(Error::invalid("id", format!("is not a post ({POST}) URI")));
        }
        let body = json!({"repo": uri.repo, "collection": uri.collection, "rkey": uri.rkey});
        // Deleting a record that is gone succeeds: a retry is safe.
        let request = Request::post(
            self.xrpc("com.atproto.repo.deleteRecord", &[]),
            Route::new(SERVICE, "records.write"),
        )
        .json(&body)?
        .idempotency_key(random_key()?);
        self.send(|t| request.clone().bearer(t)).await?;
        Ok(())
    }
}

/// Whether the PDS says the access token expired (`400`/`401` with `ExpiredToken`).
fn is_expired(response: &Response) -> bool {
    matches!(response.status, 400 | 401)
        && xrpc_error(response).is_some_and(|e| e.error.as_deref() == Some("ExpiredToken"))
}

fn xrpc_error(response: &Response) -> Option<XrpcError> {
    serde_json::from_slice(&response.body).ok()
}

/// A 2xx answer as it is; anything else as the coded error of the XRPC `{error, message}`.
/// Token and sign-in errors are `reauth_required` whatever the status (Bluesky answers an
/// expired token with 400).
fn check(response: Response) -> Result<Response> {
    if response.is_success() {
        return Ok(response);
    }
    let body = xrpc_error(&response);
    let message = body.as_ref().and_then(|b| match (&b.error, &b.message) {
        (Some(e), Some(m)) => Some(format!("{e}: {m}")),
        (e, m) => e.clone().or_else(|| m.clone()),
    });
    let auth_error = body
        .as_ref()
        .and_then(|b| b.error.as_deref())
        .is_some_and(|e| {
            matches!(
                e,
                "ExpiredToken"
                    | "InvalidToken"
                    | "AuthenticationRequired"
                    | "AuthFactorTokenRequired"
            )
        });
    if auth_error && response.status != 401 {
        return Err(Error::ReauthRequired {
            message: format!(
                "bluesky rejected the session: {}",
                message.as_deref().unwrap_or_default()
            ),
        });
    }
    Err(status_error(SERVICE, &response, message.as_deref()))
}

/// The XRPC error body.
#[derive(Debug, Deserialize)]
struct XrpcError {
    error: Option<String>,
    message: Option<String>,
}

/// `at://<repo>/<collection>/<rkey>`.
struct AtUri<'a> {
    repo: &'a str,
    collection: &'a str,
    rkey: &'a str,
}

impl<'a> AtUri<'a> {
    fn parse(uri: &'a str) -> Result<Self> {
        let bad = || Error::invalid("", "must be an AT URI at://<did>/<collection>/<rkey>");
        let rest = uri.strip_prefix("at://").ok_or_else(bad)?;
        let mut parts = rest.split('/');
        let (Some(repo), Some(collection), Some(rkey), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let valid = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._:~-".contains(&b))
        };
        if !(valid(repo) && valid(collection) && valid(rkey)) {
            return Err(bad());
        }
        Ok(AtUri {
            repo,
            collection,
            rkey,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionAnswer {
    access_jwt: String,
    refresh_jwt: String,
    did: String,
    handle: String,
}

impl SessionAnswer {
    fn into_session(self) -> Session {
        Session {
            access: Secret::new(self.access_jwt),
            refresh: Secret::new(self.refresh_jwt),
            identity: Identity {
                did: self.did,
                handle: self.handle,
            },
        }
    }
}

#[derive(Debug, Deserialize)]
struct BlobAnswer {
    blob: Value,
}

#[derive(Debug, Deserialize)]
struct Created {
    uri: String,
}

/// `app.bsky.actor.defs#profileViewDetailed`, as far as we read it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProfileView {
    handle: String,
    display_name: Option<String>,
    description: Option<String>,
    avatar: Option<String>,
    banner: Option<String>,
    followers_count: Option<i64>,
    follows_count: Option<i64>,
    created_at: Option<DateTime<Utc>>,
}

impl ProfileView {
    fn into_profile(self) -> Profile {
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        Profile {
            display_name: non_empty(self.display_name),
            summary: non_empty(self.description),
            has_photo: self.avatar.is_some_and(|a| !a.is_empty()),
            has_banner: self.banner.is_some_and(|b| !b.is_empty()),
            followers: self.followers_count,
            following: self.follows_count,
            created_at: self.created_at,
            ..Profile::new(Platform::Bluesky, format!("@{}", self.handle))
        }
    }
}

/// A `getAuthorFeed` page.
#[derive(Debug, Deserialize)]
struct Feed {
    cursor: Option<String>,
    #[serde(default)]
    feed: Vec<FeedItem>,
}

#[derive(Debug, Deserialize)]
struct FeedItem {
    post: PostView,
    /// Set on reposts (`#reasonRepost`) and pins.
    reason: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct Posts {
    #[serde(default)]
    posts: Vec<PostView>,
}

/// `app.bsky.feed.defs#postView`, as far as we read it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostView {
    uri: String,
    author: Author,
    #[serde(default)]
    record: Value,
    embed: Option<Value>,
    reply_count: Option<i64>,
    repost_count: Option<i64>,
    like_count: Option<i64>,
    quote_count: Option<i64>,
    indexed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
struct Author {
    did: String,
}

impl PostView {
    fn metrics(&self) -> PostMetrics {
        let shares = match (self.repost_count, self.quote_count) {
            (None, None) => None,
            (r, q) => Some(r.unwrap_or(0) + q.unwrap_or(0)),
        };
        PostMetrics {
            likes: self.like_count,
            comments: self.reply_count,
            shares,
            ..PostMetrics::default()
        }
    }

    fn media_kind(&self) -> MediaKind {
        fn of(embed: &Value) -> Option<MediaKind> {
            let kind = embed.get("$type")?.as_str()?;
            match kind.split('#').next()? {
                "app.bsky.embed.images" => {
                    let n = embed
                        .get("images")
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    Some(if n > 1 {
                        MediaKind::Carousel
                    } else {
                        MediaKind::Image
                    })
                }
                "app.bsky.embed.video" => Some(MediaKind::Video),
                "app.bsky.embed.external" => Some(MediaKind::Link),
                "app.bsky.embed.recordWithMedia" => embed.get("media").and_then(of),
                _ => None,
            }
        }
        if let Some(kind) = self.embed.as_ref().and_then(of) {
            return kind;
        }
        let has_link = self
            .record
            .get("facets")
            .and_then(Value::as_array)
            .is_some_and(|facets| {
                facets.iter().any(|f| {
                    f.get("features")
                        .and_then(Value::as_array)
                        .is_some_and(|fs| {
                            fs.iter().any(|x| {
                                x.get("$type").and_then(Value::as_str)
                                    == Some("app.bsky.richtext.facet#link")
                            })
                        })
                })
            });
        if has_link {
            MediaKind::Link
        } else {
            MediaKind::None
        }
    }

    fn into_post(self) -> Result<Post> {
        // The record's own `createdAt` (what the author's client declared), else when the
        // AppView indexed it.
        let created_at = self
            .record
            .get("createdAt")
            .and_then(Value::as_str)
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&Utc))
            .or(self.indexed_at)
            .ok_or_else(|| Error::InvalidResponse {
                status: 200,
                message: format!("bluesky post {} has no date", self.uri),
                excerpt: String::new(),
            })?;
        let text = self
            .record
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        Ok(Post {
            platform: Platform::Bluesky,
            created_at,
            text,
            media_kind: self.media_kind(),
            metrics: self.metrics(),
            id: self.uri,
        })
    }
}
