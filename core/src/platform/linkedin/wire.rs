//! LinkedIn's JSON, as far as the client reads it, and its normalisation into the crate's
//! [`Profile`], [`Post`] and [`PostMetrics`].

use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;

use super::little;
use crate::model::{MediaKind, Platform, Post, PostMetrics, Profile};

/// OpenID Connect `GET /v2/userinfo`
/// (<https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2#api-request-to-retreive-member-details>).
#[derive(Debug, Deserialize)]
pub(crate) struct UserInfo {
    pub sub: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub picture: Option<String>,
}

impl UserInfo {
    /// The member's profile. userinfo carries no vanity name, headline or location: the
    /// handle is the member id (`sub`, the id of `urn:li:person:{sub}`).
    pub fn profile(&self) -> Profile {
        let name = self
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| {
                let joined = [&self.given_name, &self.family_name]
                    .iter()
                    .filter_map(|p| p.as_deref())
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(joined).filter(|n| !n.trim().is_empty())
            });
        Profile {
            display_name: name,
            has_photo: self.picture.as_deref().is_some_and(|p| !p.is_empty()),
            ..Profile::new(Platform::Linkedin, self.sub.clone())
        }
    }
}

/// `GET /rest/organizations/{id}`
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Organization {
    #[serde(default)]
    pub localized_name: Option<String>,
    #[serde(default)]
    pub vanity_name: Option<String>,
    #[serde(default)]
    pub localized_description: Option<String>,
    #[serde(default)]
    pub localized_website: Option<String>,
    #[serde(default)]
    pub logo_v2: Option<serde_json::Value>,
    #[serde(default)]
    pub cover_photo_v2: Option<serde_json::Value>,
}

impl Organization {
    /// The page's profile; the handle is its vanity name (`linkedin.com/company/{vanity}`),
    /// else its id.
    pub fn profile(&self, id: &str) -> Profile {
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        Profile {
            display_name: nonempty(&self.localized_name),
            summary: nonempty(&self.localized_description),
            website: nonempty(&self.localized_website),
            has_photo: self.logo_v2.as_ref().is_some_and(|v| !v.is_null()),
            has_banner: self.cover_photo_v2.as_ref().is_some_and(|v| !v.is_null()),
            ..Profile::new(
                Platform::Linkedin,
                nonempty(&self.vanity_name).unwrap_or_else(|| id.to_owned()),
            )
        }
    }
}

/// A Rest.li collection: `elements` and `paging`.
#[derive(Debug, Deserialize)]
pub(crate) struct Collection<T> {
    #[serde(default = "Vec::new")]
    pub elements: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

/// Rest.li paging (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination>).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Paging {
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub total: Option<u32>,
    #[serde(default)]
    pub links: Vec<PagingLink>,
}

/// One of `paging.links`.
#[derive(Debug, Deserialize)]
pub(crate) struct PagingLink {
    #[serde(default)]
    pub rel: String,
}

/// A post of the Posts API
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#post-schema>).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LiPost {
    pub id: String,
    #[serde(default)]
    pub commentary: Option<String>,
    /// Epoch milliseconds.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Epoch milliseconds.
    #[serde(default)]
    pub published_at: Option<i64>,
    #[serde(default)]
    pub lifecycle_state: Option<String>,
    #[serde(default)]
    pub content: Option<Content>,
}

/// A post's `content`: one of these is set.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Content {
    #[serde(default)]
    pub media: Option<Media>,
    #[serde(default)]
    pub multi_image: Option<serde_json::Value>,
    #[serde(default)]
    pub article: Option<serde_json::Value>,
    #[serde(default)]
    pub poll: Option<serde_json::Value>,
    #[serde(default)]
    pub carousel: Option<serde_json::Value>,
}

/// `content.media`: an image, video or document by URN.
#[derive(Debug, Deserialize)]
pub(crate) struct Media {
    pub id: String,
}

impl LiPost {
    /// When the post went out: `publishedAt`, else `createdAt`.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        self.published_at
            .or(self.created_at)
            .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
    }

    /// Drafts and failed publishes are not the account's posts.
    pub fn is_published(&self) -> bool {
        !matches!(
            self.lifecycle_state.as_deref(),
            Some("DRAFT" | "PUBLISH_REQUESTED" | "PUBLISH_FAILED")
        )
    }

    fn media_kind(&self) -> MediaKind {
        let Some(content) = &self.content else {
            return MediaKind::None;
        };
        if let Some(media) = &content.media {
            let urn = media.id.as_str();
            return if urn.starts_with("urn:li:video:") {
                MediaKind::Video
            } else if urn.starts_with("urn:li:document:") {
                MediaKind::Document
            } else {
                MediaKind::Image
            };
        }
        if content.multi_image.is_some() || content.carousel.is_some() {
            MediaKind::Carousel
        } else if content.poll.is_some() {
            MediaKind::Poll
        } else if content.article.is_some() {
            MediaKind::Link
        } else {
            MediaKind::None
        }
    }

    /// The normalised post (the listing carries no metrics: all absent); `None` without a time.
    pub fn into_post(self) -> Option<Post> {
        let created_at = self.time()?;
        Some(Post {
            platform: Platform::Linkedin,
            created_at,
            text: little::to_text(self.commentary.as_deref().unwrap_or_default()),
            media_kind: self.media_kind(),
            metrics: PostMetrics::default(),
            id: self.id,
        })
    }
}

/// One element of `organizationalEntityShareStatistics`
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics>).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ShareStatistics {
    #[serde(default)]
    pub share: Option<String>,
    #[serde(default)]
    pub ugc_post: Option<String>,
    #[serde(default)]
    pub total_share_statistics: Option<ShareCounts>,
}

/// `totalShareStatistics`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ShareCounts {
    #[serde(default)]
    pub impression_count: Option<i64>,
    #[serde(default)]
    pub unique_impressions_count: Option<i64>,
    #[serde(default)]
    pub click_count: Option<i64>,
    #[serde(default)]
    pub like_count: Option<i64>,
    #[serde(default)]
    pub comment_count: Option<i64>,
    #[serde(default)]
    pub share_count: Option<i64>,
}

impl ShareCounts {
    pub fn metrics(&self) -> PostMetrics {
        PostMetrics {
            impressions: self.impression_count,
            reach: self.unique_impressions_count,
            clicks: self.click_count,
            likes: self.like_count,
            comments: self.comment_count,
            shares: self.share_count,
            ..PostMetrics::default()
        }
    }
}

/// One data point of `memberCreatorPostAnalytics`.
#[derive(Debug, Deserialize)]
pub(crate) struct AnalyticsPoint {
    pub count: i64,
}

/// `GET /rest/networkSizes/{urn}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NetworkSize {
    pub first_degree_size: i64,
}

/// One element of `GET /rest/memberFollowersCount?q=me`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MemberFollowers {
    pub member_followers_count: i64,
}

/// `POST /rest/images?action=initializeUpload`'s answer.
#[derive(Debug, Deserialize)]
pub(crate) struct InitializeUpload {
    pub value: UploadTarget,
}

/// Where to `PUT` the bytes, and the image's URN.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UploadTarget {
    pub upload_url: String,
    pub image: String,
}
