use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Platform, validate};
use crate::Result;

/// Longest free-text field accepted in a profile, in bytes.
const MAX_TEXT: usize = 100_000;

/// Career stage, used to pick the peer group where a benchmark distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ExperienceLevel {
    /// Student or intern.
    Student,
    /// Up to ~3 years of experience.
    Entry,
    /// Individual contributor with several years of experience.
    Mid,
    /// Senior, staff or lead.
    Senior,
    /// Director, VP, C-level or founder.
    Executive,
}

/// A person's (or page's) profile on one platform.
///
/// Only `platform` and `handle` are required in JSON; everything else defaults to absent,
/// `false` or empty. Counts a platform does not report stay `null`, never `0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile {
    /// The platform this profile lives on.
    pub platform: Platform,
    /// The account's handle or vanity name (`ada-lovelace`, `@ada`).
    pub handle: String,
    /// The display name.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub display_name: Option<String>,
    /// The headline or one-line bio.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub headline: Option<String>,
    /// The about / summary section.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub summary: Option<String>,
    /// Whether a profile photo is set.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub has_photo: bool,
    /// Whether a banner / cover image is set.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub has_banner: bool,
    /// Location as shown on the profile.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub location: Option<String>,
    /// Website or portfolio link.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub website: Option<String>,
    /// Industry as shown on the profile (free text; scoring takes its industry separately).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industry: Option<String>,
    /// Career stage.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub experience_level: Option<ExperienceLevel>,
    /// Listed skills.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub skills: Vec<String>,
    /// Followers, where the platform reports them.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub followers: Option<i64>,
    /// Accounts followed, where the platform reports them.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub following: Option<i64>,
    /// First-degree connections (LinkedIn), where reported.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub connections: Option<i64>,
    /// Whether the platform shows a verification mark.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub verified: bool,
    /// When the account was created, where known.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub created_at: Option<DateTime<Utc>>,
}

impl Profile {
    /// A profile with only the required fields set.
    pub fn new(platform: Platform, handle: impl Into<String>) -> Self {
        Profile {
            platform,
            handle: handle.into(),
            display_name: None,
            headline: None,
            summary: None,
            has_photo: false,
            has_banner: false,
            location: None,
            website: None,
            industry: None,
            experience_level: None,
            skills: Vec::new(),
            followers: None,
            following: None,
            connections: None,
            verified: false,
            created_at: None,
        }
    }

    /// Checks counts, text sizes and timestamps; errors name the field (`followers`, ...).
    pub fn validate(&self, now: DateTime<Utc>) -> Result<()> {
        if self.handle.trim().is_empty() {
            return Err(crate::Error::invalid("handle", "must not be empty"));
        }
        validate::max_len("handle", &self.handle, 1_000)?;
        for (field, text) in [
            ("display_name", &self.display_name),
            ("headline", &self.headline),
            ("summary", &self.summary),
            ("location", &self.location),
            ("website", &self.website),
            ("industry", &self.industry),
        ] {
            if let Some(text) = text {
                validate::max_len(field, text, MAX_TEXT)?;
            }
        }
        if let Some(i) = self.skills.iter().position(|s| s.len() > 1_000) {
            return Err(crate::Error::invalid(
                format!("skills[{i}]"),
                "must be at most 1000 bytes",
            ));
        }
        validate::opt_count("followers", self.followers)?;
        validate::opt_count("following", self.following)?;
        validate::opt_count("connections", self.connections)?;
        if let Some(created) = self.created_at {
            validate::not_future("created_at", created, now)?;
        }
        Ok(())
    }

    /// The audience size used for scoring: followers, or connections where larger
    /// (a LinkedIn member's connections also see their posts).
    pub fn audience(&self) -> Option<i64> {
        match (self.followers, self.connections) {
            (Some(f), Some(c)) => Some(f.max(c)),
            (f, c) => f.or(c),
        }
    }
}
