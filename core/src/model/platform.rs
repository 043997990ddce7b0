use serde::{Deserialize, Serialize};

/// A social platform brandpilot knows about.
///
/// JSON: `"linkedin"`, `"x"`, `"facebook"`, `"instagram"`, `"threads"`, `"bluesky"`,
/// `"mastodon"`, `"tiktok"`, `"youtube"`.
///
/// ```
/// use brandpilot::model::Platform;
/// let p: Platform = serde_json::from_str("\"linkedin\"").unwrap();
/// assert_eq!(p, Platform::Linkedin);
/// assert_eq!(p.as_str(), "linkedin");
/// assert!(serde_json::from_str::<Platform>("\"myspace\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Platform {
    /// LinkedIn (member profiles and organisation pages).
    Linkedin,
    /// X, formerly Twitter.
    X,
    /// Facebook Pages.
    Facebook,
    /// Instagram business and creator accounts.
    Instagram,
    /// Threads.
    Threads,
    /// Bluesky (AT Protocol).
    Bluesky,
    /// Mastodon (any instance).
    Mastodon,
    /// TikTok.
    Tiktok,
    /// YouTube.
    Youtube,
}

impl Platform {
    /// Every platform, in declaration order.
    pub const ALL: [Platform; 9] = [
        Platform::Linkedin,
        Platform::X,
        Platform::Facebook,
        Platform::Instagram,
        Platform::Threads,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Tiktok,
        Platform::Youtube,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Linkedin => "linkedin",
            Platform::X => "x",
            Platform::Facebook => "facebook",
            Platform::Instagram => "instagram",
            Platform::Threads => "threads",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Tiktok => "tiktok",
            Platform::Youtube => "youtube",
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Platform {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| crate::Error::invalid("platform", format!("unknown platform `{s}`")))
    }
}
