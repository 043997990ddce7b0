//! LinkedIn, for a member or an organisation page, on the versioned REST API (every `/rest/…`
//! call carries `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0`,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/versioning>):
//! - profile: the member from OpenID Connect `GET /v2/userinfo`
//!   (<https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2>;
//!   no vanity name, so the handle is the member id `sub`); a page from
//!   `GET /rest/organizations/{id}`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>);
//! - a page's daily views and impressions: the statistics finders' time-bound forms (see
//!   `daily.rs`);
//! - posts: `GET /rest/posts?q=author&author={urn}&sortBy=CREATED&start=&count=`, paged by
//!   `start`/`count` (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#find-posts-by-authors>;
//!   a member's own posts need the restricted `r_member_social`), commentary in the `little`
//!   format (see `little`);
//! - metrics: a member's through `GET /rest/memberCreatorPostAnalytics?q=entity` (one
//!   `queryType` per call, `aggregation=TOTAL`), only with the `r_member_postAnalytics` scope
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics>),
//!   else absent; a page's through `GET /rest/organizationalEntityShareStatistics`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics>);
//! - audience: a page's followers from `GET /rest/networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api#retrieve-organization-follower-count>);
//!   a member's from `GET /rest/memberFollowersCount?q=me`, only with the
//!   `r_member_profileAnalytics` scope
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/follower-statistics>);
//!   connections are not available (partner-only);
//! - publish: images through `POST /rest/images?action=initializeUpload` and a `PUT` of the
//!   bytes (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>),
//!   then `POST /rest/posts`; the new id is the `x-restli-id` header of the 201. LinkedIn takes
//!   no idempotency key, so the create is sent once and never retried;
//! - delete: `DELETE /rest/posts/{urn}`;
//! - errors: see `error`.

mod daily;
mod error;
mod little;
mod restli;
mod urn;
mod wire;

use async_trait::async_trait;
use serde_json::json;
use tokio::sync::OnceCell;

use super::api::{Api, random_key};
use super::{
    Audience, Capabilities, Credentials, Draft, DraftImage, Page, PostMetricKind, PostMetricsEntry,
    PostsQuery, PublishedPost, SocialPlatform,
};
use crate::http::{Body, HttpClient, Method, Request, Response, Route};
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};
use crate::{Error, Result};
use error::check;
pub use urn::LinkedInAccount;
use urn::{PostKind, post_kind};
use wire::{
    AnalyticsPoint, Collection, InitializeUpload, LiPost, MemberFollowers, NetworkSize,
    Organization, ShareStatistics, UserInfo,
};

const SERVICE: &str = "linkedin";
/// LinkedIn's API root.
pub const DEFAULT_BASE_URL: &str = "https://api.linkedin.com";
/// The `LinkedIn-Version` sent unless the spec names another (versions are supported for a
/// year: <https://learn.microsoft.com/en-us/linkedin/marketing/versioning>).
pub const DEFAULT_API_VERSION: &str = "202609";
/// The scope that grants a member's post analytics.
pub const SCOPE_POST_ANALYTICS: &str = "r_member_postAnalytics";
/// The scope that grants a member's follower count.
pub const SCOPE_PROFILE_ANALYTICS: &str = "r_member_profileAnalytics";
/// The Posts API's `count` maximum.
const MAX_PAGE: u32 = 100;
/// The page size when the query names none.
const DEFAULT_PAGE: u32 = 50;
/// "multiImage": 2 to 20 images
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api>).
const MAX_IMAGES: u32 = 20;
/// Commentary is limited to 3,000 characters (Posts API schema).
const MAX_TEXT: usize = 3_000;
/// The member analytics metrics read, and where each goes.
const MEMBER_METRICS: [&str; 5] = [
    "IMPRESSION",
    "MEMBERS_REACHED",
    "REACTION",
    "COMMENT",
    "RESHARE",
];

/// A LinkedIn member or organisation page.
///
/// ```
/// use brandpilot::http::HttpClient;
/// use brandpilot::platform::{ClientSpec, PostMetricKind, SocialPlatform, linkedin::LinkedIn};
/// let http = HttpClient::new(Default::default()).unwrap();
/// let spec = ClientSpec { account_id: Some("urn:li:organization:2414183".into()),
///     access_token: Some(brandpilot::Secret::new("…")), ..Default::default() };
/// let page = LinkedIn::from_spec(http, &spec, None).unwrap();
/// assert!(page.capabilities().reports(PostMetricKind::Impressions));
/// ```
#[derive(Debug)]
pub struct LinkedIn {
    api: Api,
    account: LinkedInAccount,
    version: String,
    /// `r_member_postAnalytics` was granted.
    post_analytics: bool,
    /// `r_member_profileAnalytics` was granted.
    profile_analytics: bool,
    /// The member (fetched once): its id makes the person URN.
    me: OnceCell<UserInfo>,
}

impl LinkedIn {
    /// A client for `account` at `base_url` (LinkedIn's own: [`DEFAULT_BASE_URL`]), sending
    /// `LinkedIn-Version: version` and assuming the grants in `scopes`.
    pub fn new(
        http: HttpClient,
        base_url: &str,
        credentials: Credentials,
        account: LinkedInAccount,
        version: &str,
        scopes: &[String],
    ) -> Result<Self> {
        let valid_version = version.len() == 6 && version.bytes().all(|b| b.is_ascii_digit())
            || version.len() == 9
                && version.as_bytes()[6] == b'.'
                && version
                    .bytes()
                    .enumerate()
                    .all(|(i, b)| i == 6 || b.is_ascii_digit());
        if !valid_version {
            return Err(Error::invalid(
                "api_version",
                "must be a LinkedIn version `YYYYMM` (or `YYYYMM.RR`)",
            ));
        }
        let has = |scope: &str| scopes.iter().any(|s| s == scope);
        Ok(LinkedIn {
            api: Api::new(http, base_url, credentials)?,
            account,
            version: version.to_owned(),
            post_analytics: has(SCOPE_POST_ANALYTICS),
            profile_analytics: has(SCOPE_PROFILE_ANALYTICS),
            me: OnceCell::new(),
        })
    }

    /// A client from a [`ClientSpec`](super::ClientSpec): `account_id` absent → the member,
    /// `urn:li:organization:123` or `123` → that page; `api_version`, `scopes` and `base_url`
    /// as given.
    pub fn from_spec(
        http: HttpClient,
        spec: &super::ClientSpec,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        LinkedIn::new(
            http,
            spec.base_url_or(DEFAULT_BASE_URL),
            spec.credentials(credentials)?,
            LinkedInAccount::parse(spec.account_id.as_deref())?,
            spec.api_version.as_deref().unwrap_or(DEFAULT_API_VERSION),
            &spec.scopes,
        )
    }

    /// A request to `path_and_query` (already Rest.li-encoded) on the API root, with the
    /// versioning headers on `/rest/` paths.
    fn request(&self, method: Method, path_and_query: &str, group: &str) -> Request {
        let request = Request::new(
            method,
            format!("{}{path_and_query}", self.api.base),
            Route::new(SERVICE, group),
        );
        if path_and_query.starts_with("/rest/") {
            request
                .header("LinkedIn-Version", self.version.as_str())
                .header("X-Restli-Protocol-Version", "2.0.0")
        } else {
            request
        }
    }

    async fn send(&self, request: Request) -> Result<Response> {
        check(self.api.send(|token| request.clone().bearer(token)).await?)
    }

    async fn get(&self, path_and_query: &str, group: &str) -> Result<Response> {
        self.send(self.request(Method::Get, path_and_query, group))
            .await
    }

    async fn me(&self) -> Result<&UserInfo> {
        self.me
            .get_or_try_init(|| async {
                self.get("/v2/userinfo", "profile.read")
                    .await?
                    .json::<UserInfo>()
            })
            .await
    }

    /// The URN posts are authored by.
    async fn author(&self) -> Result<String> {
        Ok(match &self.account {
            LinkedInAccount::Member => format!("urn:li:person:{}", self.me().await?.sub),
            LinkedInAccount::Organization(id) => format!("urn:li:organization:{id}"),
        })
    }

    /// The audience counts: a page's followers; a member's with the profile-analytics grant.
    async fn followers(&self) -> Result<Option<i64>> {
        match &self.account {
            LinkedInAccount::Organization(id) => {
                let path = restli::path_with_query(
                    &format!(
                        "/rest/networkSizes/{}",
                        restli::encode(&format!("urn:li:organization:{id}"))
                    ),
                    &[("edgeType", "COMPANY_FOLLOWED_BY_MEMBER".into())],
                );
                let size: NetworkSize = self.get(&path, "audience.read").await?.json()?;
                Ok(Some(size.first_degree_size))
            }
            LinkedInAccount::Member if self.profile_analytics => {
                let counts: Collection<MemberFollowers> = self
                    .get("/rest/memberFollowersCount?q=me", "audience.read")
                    .await?
                    .json()?;
                Ok(counts.elements.first().map(|c| c.member_followers_count))
            }
            LinkedInAccount::Member => Ok(None),
        }
    }

    /// One member post's lifetime analytics, one call per metric; a metric without a data
    /// point stays absent.
    async fn member_metrics(&self, id: &str, kind: PostKind) -> Result<PostMetrics> {
        let entity = restli::record(
            match kind {
                PostKind::Share => "share",
                PostKind::Ugc => "ugc",
            },
            id,
        );
        let mut values = [None; MEMBER_METRICS.len()];
        for (value, metric) in values.iter_mut().zip(MEMBER_METRICS) {
            let path = restli::path_with_query(
                "/rest/memberCreatorPostAnalytics",
                &[
                    ("q", "entity".into()),
                    ("entity", entity.clone()),
                    ("queryType", metric.into()),
                    ("aggregation", "TOTAL".into()),
                ],
            );
            let points: Collection<AnalyticsPoint> =
                self.get(&path, "analytics.read").await?.json()?;
            *value = points.elements.first().map(|p| p.count);
        }
        let [impressions, reach, likes, comments, shares] = values;
        Ok(PostMetrics {
            impressions,
            reach,
            likes,
            comments,
            shares,
            ..PostMetrics::default()
        })
    }

    /// A page's lifetime statistics of the posts `ids` of one `kind`, by post URN.
    async fn organization_metrics(
        &self,
        org: &str,
        kind: PostKind,
        ids: &[&str],
    ) -> Result<Vec<(String, PostMetrics)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let path = restli::path_with_query(
            "/rest/organizationalEntityShareStatistics",
            &[
                ("q", "organizationalEntity".into()),
                (
                    "organizationalEntity",
                    restli::encode(&format!("urn:li:organization:{org}")),
                ),
                (
                    match kind {
                        PostKind::Share => "shares",
                        PostKind::Ugc => "ugcPosts",
                    },
                    restli::list(ids),
                ),
            ],
        );
        let stats: Collection<ShareStatistics> = self.get(&path, "analytics.read").await?.json()?;
        Ok(stats
            .elements
            .into_iter()
            .filter_map(|s| {
                let urn = s.share.or(s.ugc_post)?;
                Some((urn, s.total_share_statistics.unwrap_or_default().metrics()))
            })
            .collect())
    }

    /// Uploads one image for `owner`: its URN.
    async fn upload(&self, owner: &str, image: &DraftImage) -> Result<String> {
        let Some(bytes) = image.bytes()? else {
            return Err(Error::Unsupported {
                message: "linkedin uploads image bytes; this image has only a URL".to_owned(),
            });
        };
        // A repeated initialisation only leaves an unused upload URL, so it may be retried.
        let init = self
            .request(
                Method::Post,
                "/rest/images?action=initializeUpload",
                "images.write",
            )
            .json(&json!({ "initializeUploadRequest": { "owner": owner } }))?
            .idempotency_key(random_key()?);
        let target = self.send(init).await?.json::<InitializeUpload>()?.value;
        let upload_url = url::Url::parse(&target.upload_url).map_err(|e| {
            Error::invalid(
                "upload_url",
                format!("linkedin returned a bad upload URL: {e}"),
            )
        })?;
        let mut put = Request::new(
            Method::Put,
            target.upload_url.clone(),
            Route::new(SERVICE, "images.write"),
        );
        put.body = Some(Body {
            content_type: image.mime_type.clone(),
            bytes: bytes.into(),
        });
        // The upload URL is LinkedIn's (the docs' example sends the bearer token); never hand
        // the token to another host.
        let base_host = url::Url::parse(&self.api.base)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        let host = upload_url.host_str().unwrap_or_default();
        if Some(host) == base_host.as_deref() || host.ends_with(".linkedin.com") {
            self.send(put).await?;
        } else {
            check(self.api.http.send(put).await?)?;
        }
        Ok(target.image)
    }
}

#[async_trait]
impl SocialPlatform for LinkedIn {
    fn capabilities(&self) -> Capabilities {
        use PostMetricKind::*;
        let (post_metrics, followers) = match self.account {
            LinkedInAccount::Organization(_) => (
                vec![Impressions, Reach, Likes, Comments, Shares, Clicks],
                true,
            ),
            LinkedInAccount::Member => (
                if self.post_analytics {
                    vec![Impressions, Reach, Likes, Comments, Shares]
                } else {
                    Vec::new()
                },
                self.profile_analytics,
            ),
        };
        Capabilities {
            post_metrics,
            followers,
            publish: true,
            publish_media: vec![MediaKind::Image, MediaKind::Link],
            max_images: MAX_IMAGES,
            idempotent_publish: false,
            delete: true,
            daily_series: match self.account {
                LinkedInAccount::Organization(_) => daily::PAGE_DAILY.to_vec(),
                LinkedInAccount::Member => Vec::new(),
            },
            ..Capabilities::new(Platform::Linkedin)
        }
    }

    async fn profile(&self) -> Result<Profile> {
        let mut profile = match &self.account {
            LinkedInAccount::Member => self.me().await?.profile(),
            LinkedInAccount::Organization(id) => self
                .get(&format!("/rest/organizations/{id}"), "profile.read")
                .await?
                .json::<Organization>()?
                .profile(id),
        };
        profile.followers = self.followers().await?;
        Ok(profile)
    }

    async fn posts(&self, query: &PostsQuery) -> Result<Page<Post>> {
        let author = self.author().await?;
        let count = query.page_size.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        let start: u32 = match &query.cursor {
            None => 0,
            Some(cursor) => cursor
                .parse()
                .map_err(|_| Error::invalid("cursor", "is not a LinkedIn page cursor"))?,
        };
        // Sorted by creation, so the first post older than `since` ends the walk
        // (`LAST_MODIFIED`, the default, would put an edited old post first).
        let path = restli::path_with_query(
            "/rest/posts",
            &[
                ("author", restli::encode(&author)),
                ("q", "author".into()),
                ("sortBy", "CREATED".into()),
                ("start", start.to_string()),
                ("count", count.to_string()),
            ],
        );
        let request = self
            .request(Method::Get, &path, "posts.read")
            .header("X-RestLi-Method", "FINDER");
        let page: Collection<LiPost> = self.send(request).await?.json()?;
        let received = page.elements.len() as u32;
        let mut reached_since = false;
        let mut items = Vec::with_capacity(page.elements.len());
        for post in page.elements {
            let Some(time) = post.time() else { continue };
            if query.since.is_some_and(|since| time < since) {
                reached_since = true;
                continue;
            }
            if post.is_published()
                && let Some(post) = post.into_post()
            {
                items.push(post);
            }
        }
        let paging = page.paging.unwrap_or_default();
        let next = start + received;
        let more = if paging.links.iter().any(|l| l.rel == "next") {
            true
        } else if let Some(total) = paging.total {
            next < total
        } else {
            received >= paging.count.unwrap_or(count).min(count)
        };
        Ok(Page {
            items,
            next_cursor: (more && !reached_since && received > 0).then(|| next.to_string()),
        })
    }

    async fn post_metrics(&self, ids: &[String]) -> Result<Vec<PostMetricsEntry>> {
        super::check_metric_ids(ids)?;
        let mut kinds = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            kinds.push(post_kind(&format!("ids[{i}]"), id)?);
        }
        let mut out: Vec<PostMetricsEntry> = ids
            .iter()
            .map(|id| PostMetricsEntry {
                id: id.clone(),
                metrics: PostMetrics::default(),
            })
            .collect();
        match &self.account {
            // Without the analytics grant a member's metrics are absent, not 0.
            LinkedInAccount::Member if !self.post_analytics => {}
            LinkedInAccount::Member => {
                for (entry, kind) in out.iter_mut().zip(&kinds) {
                    entry.metrics = self.member_metrics(&entry.id, *kind).await?;
                }
            }
            LinkedInAccount::Organization(org) => {
                let mut found = Vec::new();
                for kind in [PostKind::Share, PostKind::Ugc] {
                    let of_kind: Vec<&str> = ids
                        .iter()
                        .zip(&kinds)
                        .filter(|(_, k)| **k == kind)
                        .map(|(id, _)| id.as_str())
                        .collect();
                    found.extend(self.organization_metrics(org, kind, &of_kind).await?);
                }
                for entry in &mut out {
                    if let Some((_, metrics)) = found.iter().find(|(urn, _)| *urn == entry.id) {
                        entry.metrics = *metrics;
                    }
                }
            }
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
        // LinkedIn makes no card from a URL in the commentary, and an article card needs a
        // title the draft does not have: the link goes into the text.
        let text = draft.text_with_link();
        if text.chars().count() > MAX_TEXT {
            return Err(Error::invalid(
                "text",
                format!("linkedin takes at most {MAX_TEXT} characters"),
            ));
        }
        let author = self.author().await?;
        let mut images = Vec::with_capacity(draft.images.len());
        for (i, image) in draft.images.iter().enumerate() {
            let urn = self
                .upload(&author, image)
                .await
                .map_err(|e| e.within(&format!("images[{i}]")))?;
            let mut entry = json!({ "id": urn });
            if let Some(alt) = &image.alt_text {
                entry["altText"] = json!(alt);
            }
            images.push(entry);
        }
        let mut body = json!({
            "author": author,
            "commentary": little::from_text(&text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false,
        });
        match images.len() {
            0 => {}
            1 => body["content"] = json!({ "media": images.remove(0) }),
            _ => body["content"] = json!({ "multiImage": { "images": images } }),
        }
        // No idempotency key: LinkedIn honours none, so the HTTP layer sends this once.
        let request = self
            .request(Method::Post, "/rest/posts", "posts.write")
            .json(&body)?;
        let response = self.send(request).await?;
        let Some(id) = response
            .header("x-restli-id")
            .map(str::trim)
            .filter(|id| !id.is_empty())
        else {
            return Err(Error::InvalidResponse {
                status: response.status,
                message: "the created post has no x-restli-id header".to_owned(),
                excerpt: crate::http::excerpt(&response.body),
            });
        };
        Ok(PublishedPost {
            platform: Platform::Linkedin,
            id: id.to_owned(),
            url: None,
            created_at: None,
        })
    }

    async fn delete(&self, id: &str) -> Result<()> {
        post_kind("id", id)?;
        let request = self
            .request(
                Method::Delete,
                &format!("/rest/posts/{}", restli::encode(id)),
                "posts.delete",
            )
            .header("X-RestLi-Method", "DELETE");
        self.send(request).await?;
        Ok(())
    }

    async fn daily_series(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<crate::model::MetricSeries>> {
        self.page_daily_series(from, to).await
    }
}
