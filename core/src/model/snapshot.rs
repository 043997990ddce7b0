use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{MetricSeries, Post, Profile, SeriesMetric};
use crate::{Error, Result};

/// Everything known about one account at one moment: its profile, posts and daily series.
///
/// ```
/// use brandpilot::model::AccountSnapshot;
/// let json = r#"{"profile": {"platform": "linkedin", "handle": "ada"}}"#;
/// let snap: AccountSnapshot = serde_json::from_str(json).unwrap();
/// let now = "2026-11-23T00:00:00Z".parse().unwrap();
/// assert!(snap.validate(now).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccountSnapshot {
    /// The account's profile.
    pub profile: Profile,
    /// Its posts, in any order; ids must be unique.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub posts: Vec<Post>,
    /// Its daily series; at most one per metric.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub series: Vec<MetricSeries>,
}

impl AccountSnapshot {
    /// Validates the profile, every post and every series, and rejects duplicate post ids,
    /// posts from another platform and repeated series. Errors name the full path
    /// (`posts[3].metrics.likes`).
    pub fn validate(&self, now: DateTime<Utc>) -> Result<()> {
        self.profile
            .validate(now)
            .map_err(|e| e.within("profile"))?;
        let platform = self.profile.platform;
        for (i, post) in self.posts.iter().enumerate() {
            // Paths are formatted only on the error path: validation runs on every call.
            post.validate(now)
                .map_err(|e| e.within(&format!("posts[{i}]")))?;
            if post.platform != platform {
                return Err(Error::invalid(
                    format!("posts[{i}].platform"),
                    format!("is {} but the profile is on {platform}", post.platform),
                ));
            }
        }
        self.check_unique_post_ids()?;
        let today = now.date_naive();
        for (i, s) in self.series.iter().enumerate() {
            s.validate(today)
                .map_err(|e| e.within(&format!("series[{i}]")))?;
            if self.series[..i]
                .iter()
                .any(|earlier| earlier.metric == s.metric)
            {
                return Err(Error::invalid(
                    format!("series[{i}].metric"),
                    "a series for this metric appears twice",
                ));
            }
        }
        Ok(())
    }

    /// Rejects a repeated post id, naming the later occurrence.
    fn check_unique_post_ids(&self) -> Result<()> {
        let mut ids: Vec<&str> = self.posts.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        let Some(dup) = ids.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]) else {
            return Ok(());
        };
        let mut seen = HashSet::new();
        let i = self
            .posts
            .iter()
            .position(|p| !seen.insert(p.id.as_str()))
            .unwrap_or_default();
        Err(Error::invalid(
            format!("posts[{i}].id"),
            format!("duplicate post id `{dup}`"),
        ))
    }

    /// The series of `metric`, if present.
    pub fn series(&self, metric: SeriesMetric) -> Option<&MetricSeries> {
        self.series.iter().find(|s| s.metric == metric)
    }
}
