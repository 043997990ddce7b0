//! The vocabulary of the platform clients: what a platform can do ([`Capabilities`]), a
//! page of results ([`Page`]), a query for posts ([`PostsQuery`]), an account's audience
//! ([`Audience`]), and what is published ([`Draft`]) and comes back ([`PublishedPost`]).
//!
//! These are plain serde types, compiled without the `net` feature, so a host can store and
//! pass them around without the HTTP layer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{MediaKind, Platform, PostMetrics, SeriesMetric};
use crate::{Error, Result};

/// One of the per-post metrics of [`PostMetrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PostMetricKind {
    /// Times shown.
    Impressions,
    /// Unique accounts reached.
    Reach,
    /// Likes / reactions.
    Likes,
    /// Comments / replies.
    Comments,
    /// Shares / reposts / quotes.
    Shares,
    /// Saves / bookmarks.
    Saves,
    /// Link or profile clicks.
    Clicks,
    /// Video views.
    VideoViews,
}

impl PostMetricKind {
    /// The metric's value in `metrics`, if reported.
    pub fn of(self, metrics: &PostMetrics) -> Option<i64> {
        match self {
            PostMetricKind::Impressions => metrics.impressions,
            PostMetricKind::Reach => metrics.reach,
            PostMetricKind::Likes => metrics.likes,
            PostMetricKind::Comments => metrics.comments,
            PostMetricKind::Shares => metrics.shares,
            PostMetricKind::Saves => metrics.saves,
            PostMetricKind::Clicks => metrics.clicks,
            PostMetricKind::VideoViews => metrics.video_views,
        }
    }
}

/// What one platform client can report and do. Ask before calling: a call the platform
/// cannot serve fails with `unsupported`.
///
/// ```
/// use brandpilot::platform::{Capabilities, PostMetricKind};
/// use brandpilot::model::Platform;
/// let caps = Capabilities::new(Platform::Mastodon);
/// assert!(!caps.reports(PostMetricKind::Impressions));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Capabilities {
    /// The platform.
    pub platform: Platform,
    /// The per-post metrics this client reports (with the grants it was configured for);
    /// every other metric stays absent, never 0.
    pub post_metrics: Vec<PostMetricKind>,
    /// Whether `audience()` reports followers.
    pub followers: bool,
    /// Whether `audience()` reports accounts followed.
    pub following: bool,
    /// Whether `audience()` reports first-degree connections (LinkedIn members).
    pub connections: bool,
    /// Whether the client can publish text posts.
    pub publish: bool,
    /// The media a published post may carry (`image`, `link`).
    pub publish_media: Vec<MediaKind>,
    /// Most images one post may carry.
    pub max_images: u32,
    /// Whether a publish may be retried safely (the platform honours an idempotency key).
    /// Where it does not, a failed publish is reported, never repeated.
    pub idempotent_publish: bool,
    /// Whether the client can delete its posts.
    pub delete: bool,
    /// The daily account series `daily_series()` reports (a LinkedIn page's views and
    /// impressions); empty where the platform reports none.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub daily_series: Vec<SeriesMetric>,
}

impl Capabilities {
    /// Nothing reported, nothing supported: a starting point for a client's own table.
    pub fn new(platform: Platform) -> Self {
        Capabilities {
            platform,
            post_metrics: Vec::new(),
            followers: false,
            following: false,
            connections: false,
            publish: false,
            publish_media: Vec::new(),
            max_images: 0,
            idempotent_publish: false,
            delete: false,
            daily_series: Vec::new(),
        }
    }

    /// Whether the client reports `metric` for posts.
    pub fn reports(&self, metric: PostMetricKind) -> bool {
        self.post_metrics.contains(&metric)
    }
}

/// One page of results and the cursor of the next one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    /// This page's items, newest first.
    pub items: Vec<T>,
    /// Pass as [`PostsQuery::cursor`] to get the next page; `None` on the last page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Which posts to list: those published at or after `since`, from `cursor` on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostsQuery {
    /// Only posts published at or after this time (RFC 3339); all posts when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub since: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page; the newest page when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Posts per page (the platform's own maximum caps it); the client's default when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
}

/// The size of an account's audience, as far as the platform reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Audience {
    /// Followers.
    pub followers: Option<i64>,
    /// Accounts followed.
    pub following: Option<i64>,
    /// First-degree connections (LinkedIn members).
    pub connections: Option<i64>,
}

/// The metrics of one post, as [`SocialPlatform::post_metrics`](super::SocialPlatform::post_metrics)
/// returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostMetricsEntry {
    /// The post's id.
    pub id: String,
    /// Its metrics; what the platform does not report is absent.
    pub metrics: PostMetrics,
}

/// An image to publish: its bytes (base64) for platforms that upload media, or a public
/// URL for those that fetch it themselves (Instagram, Threads); give both to serve every
/// platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DraftImage {
    /// The MIME type (`image/jpeg`, `image/png`, `image/gif`, `image/webp`).
    pub mime_type: String,
    /// The image bytes, standard base64.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub data_base64: Option<String>,
    /// A public `https` URL of the image.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub url: Option<String>,
    /// Alternative text for screen readers.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub alt_text: Option<String>,
}

/// Longest image accepted, in bytes (decoded): above every platform's own image limit.
pub const MAX_IMAGE_BYTES: usize = 16 * 1024 * 1024;

impl DraftImage {
    /// The decoded bytes, if the image carries them.
    pub fn bytes(&self) -> Result<Option<Vec<u8>>> {
        use base64::Engine as _;
        let Some(data) = &self.data_base64 else {
            return Ok(None);
        };
        if data.len() > MAX_IMAGE_BYTES / 3 * 4 + 4 {
            return Err(Error::invalid(
                "data_base64",
                format!("images are limited to {MAX_IMAGE_BYTES} bytes"),
            ));
        }
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map(Some)
            .map_err(|e| Error::invalid("data_base64", format!("is not standard base64: {e}")))
    }

    fn validate(&self) -> Result<()> {
        if !self.mime_type.starts_with("image/") {
            return Err(Error::invalid(
                "mime_type",
                format!("`{}` is not an image type", self.mime_type),
            ));
        }
        if self.data_base64.is_none() && self.url.is_none() {
            return Err(Error::invalid("", "give `data_base64`, `url` or both"));
        }
        if let Some(url) = &self.url {
            check_url("url", url)?;
        }
        self.bytes().map(|_| ())
    }
}

/// A post to publish.
///
/// ```
/// use brandpilot::platform::Draft;
/// let draft = Draft::text("Shipping brandpilot 1.0 today");
/// assert!(draft.validate().is_ok());
/// assert_eq!(Draft::text("  ").validate().unwrap_err().code(), "invalid_input");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Draft {
    /// The post's text.
    pub text: String,
    /// A link to attach (a preview card where the platform makes one; appended to the text
    /// where it does not).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub link: Option<String>,
    /// Images to attach.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub images: Vec<DraftImage>,
    /// A key that makes retrying this publish safe on platforms that honour one (Mastodon);
    /// use the host's own id for the scheduled post.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub idempotency_key: Option<String>,
}

impl Draft {
    /// A text-only draft.
    pub fn text(text: impl Into<String>) -> Self {
        Draft {
            text: text.into(),
            ..Draft::default()
        }
    }

    /// Checks the text, link and images; errors name the field (`images[1].mime_type`).
    /// Each platform checks its own length limit on top.
    pub fn validate(&self) -> Result<()> {
        if self.text.trim().is_empty() && self.images.is_empty() {
            return Err(Error::invalid("text", "must not be empty"));
        }
        if self.text.contains('\0') {
            return Err(Error::invalid("text", "must not contain NUL characters"));
        }
        crate::model::validate::max_len("text", &self.text, 100_000)?;
        if let Some(link) = &self.link {
            check_url("link", link)?;
        }
        for (i, image) in self.images.iter().enumerate() {
            image
                .validate()
                .map_err(|e| e.within(&format!("images[{i}]")))?;
        }
        if let Some(key) = &self.idempotency_key
            && (key.is_empty() || key.len() > 200)
        {
            return Err(Error::invalid(
                "idempotency_key",
                "must be 1 to 200 characters",
            ));
        }
        Ok(())
    }

    /// [`validate`](Self::validate), then the platform's own image limit
    /// ([`Capabilities::max_images`]); every client checks a draft with this first.
    pub fn validate_for(&self, capabilities: &Capabilities) -> Result<()> {
        self.validate()?;
        let max = capabilities.max_images as usize;
        if self.images.len() > max {
            return Err(Error::invalid(
                "images",
                format!(
                    "{} takes at most {max} images a post, got {}",
                    capabilities.platform,
                    self.images.len()
                ),
            ));
        }
        Ok(())
    }

    /// The text with the link appended on its own line, for platforms without link cards.
    pub fn text_with_link(&self) -> String {
        match &self.link {
            Some(link) if !self.text.contains(link.as_str()) => {
                if self.text.trim().is_empty() {
                    link.clone()
                } else {
                    format!("{}\n\n{link}", self.text.trim_end())
                }
            }
            _ => self.text.clone(),
        }
    }
}

fn check_url(field: &str, url: &str) -> Result<()> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.len() > 4_000
        || url.chars().any(char::is_whitespace)
    {
        return Err(Error::invalid(field, "must be an absolute http(s) URL"));
    }
    Ok(())
}

/// A post the platform accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublishedPost {
    /// The platform.
    pub platform: Platform,
    /// The new post's id (what `delete` and `post_metrics` take).
    pub id: String,
    /// Its public URL, where the platform returns or documents one.
    pub url: Option<String>,
    /// When the platform says it was created, where it says.
    pub created_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_checked_field_by_field() {
        let mut d = Draft::text("hello");
        d.images.push(DraftImage {
            mime_type: "text/plain".into(),
            data_base64: Some("aGk=".into()),
            url: None,
            alt_text: None,
        });
        assert_eq!(
            d.validate().unwrap_err().field(),
            Some("images[0].mime_type")
        );
        d.images[0].mime_type = "image/png".into();
        assert!(d.validate().is_ok());
        d.images[0].data_base64 = Some("not base64!".into());
        assert_eq!(
            d.validate().unwrap_err().field(),
            Some("images[0].data_base64")
        );
        let d = Draft {
            link: Some("javascript:alert(1)".into()),
            ..Draft::text("x")
        };
        assert_eq!(d.validate().unwrap_err().field(), Some("link"));
    }

    #[test]
    fn links_are_appended_once() {
        let d = Draft {
            link: Some("https://example.com/a".into()),
            ..Draft::text("Read this ")
        };
        assert_eq!(d.text_with_link(), "Read this\n\nhttps://example.com/a");
        let d = Draft {
            link: Some("https://example.com/a".into()),
            ..Draft::text("Read https://example.com/a")
        };
        assert_eq!(d.text_with_link(), "Read https://example.com/a");
    }
}
