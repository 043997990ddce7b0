use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Platform, validate};
use crate::Result;

/// Longest post text accepted, in bytes (far above every platform's limit).
const MAX_POST_TEXT: usize = 1_000_000;

/// What a post carries besides text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum MediaKind {
    /// Text only.
    #[default]
    None,
    /// One or more images.
    Image,
    /// A video.
    Video,
    /// A swipeable carousel of images or slides.
    Carousel,
    /// A document (LinkedIn PDF post).
    Document,
    /// A link with a preview card.
    Link,
    /// A poll.
    Poll,
}

impl MediaKind {
    /// Whether the post carries visual media (image, video, carousel or document).
    pub fn is_visual(self) -> bool {
        matches!(
            self,
            MediaKind::Image | MediaKind::Video | MediaKind::Carousel | MediaKind::Document
        )
    }
}

/// Per-post metrics. Each is absent (`null`) where the platform does not report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostMetrics {
    /// Times the post was shown.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub impressions: Option<i64>,
    /// Unique accounts that saw the post.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reach: Option<i64>,
    /// Likes / reactions.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub likes: Option<i64>,
    /// Comments / replies.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub comments: Option<i64>,
    /// Shares / reposts / quotes.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub shares: Option<i64>,
    /// Saves / bookmarks.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub saves: Option<i64>,
    /// Link or profile clicks.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub clicks: Option<i64>,
    /// Video views.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub video_views: Option<i64>,
}

impl PostMetrics {
    /// Reactions + comments + shares + saves (Hootsuite's engagement definition, counting
    /// what the platform reports; clicks are excluded because few platforms report them).
    pub fn engagements(&self) -> i64 {
        [self.likes, self.comments, self.shares, self.saves]
            .into_iter()
            .flatten()
            .sum()
    }

    /// Checks that no count is negative.
    pub fn validate(&self) -> Result<()> {
        let m = self;
        let all = [
            m.impressions,
            m.reach,
            m.likes,
            m.comments,
            m.shares,
            m.saves,
            m.clicks,
            m.video_views,
        ];
        if all.iter().all(|v| v.is_none_or(|v| v >= 0)) {
            return Ok(()); // the common case, without building field names
        }
        for (field, value) in [
            ("impressions", self.impressions),
            ("reach", self.reach),
            ("likes", self.likes),
            ("comments", self.comments),
            ("shares", self.shares),
            ("saves", self.saves),
            ("clicks", self.clicks),
            ("video_views", self.video_views),
        ] {
            validate::opt_count(field, value)?;
        }
        Ok(())
    }
}

/// One published post with its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Post {
    /// The platform's id for the post (unique within a snapshot).
    pub id: String,
    /// Where it was published.
    pub platform: Platform,
    /// When it was published (RFC 3339).
    pub created_at: DateTime<Utc>,
    /// The post's text.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub text: String,
    /// What media it carries.
    #[serde(default)]
    pub media_kind: MediaKind,
    /// Its metrics.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub metrics: PostMetrics,
}

impl Post {
    /// Checks the id, text size, timestamp and metrics; errors name the field.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<()> {
        if self.id.trim().is_empty() {
            return Err(crate::Error::invalid("id", "must not be empty"));
        }
        validate::max_len("id", &self.id, 1_000)?;
        validate::max_len("text", &self.text, MAX_POST_TEXT)?;
        validate::not_future("created_at", self.created_at, now)?;
        self.metrics.validate().map_err(|e| e.within("metrics"))
    }
}
