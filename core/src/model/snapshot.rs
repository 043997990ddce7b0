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
    pub posts: Vec<Post>,
    /// Its daily series; at most one per metric.
    #[serde(default)]
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
        let mut ids = HashSet::with_capacity(self.posts.len());
        for (i, post) in self.posts.iter().enumerate() {
            let path = format!("posts[{i}]");
            post.validate(now).map_err(|e| e.within(&path))?;
            if post.platform != self.profile.platform {
                return Err(Error::invalid(
                    format!("{path}.platform"),
                    format!(
                        "is {} but the profile is on {}",
                        post.platform, self.profile.platform
                    ),
                ));
            }
            if !ids.insert(post.id.as_str()) {
                return Err(Error::invalid(
                    format!("{path}.id"),
                    format!("duplicate post id `{}`", post.id),
                ));
            }
        }
        let today = now.date_naive();
        let mut seen = HashSet::new();
        for (i, s) in self.series.iter().enumerate() {
            let path = format!("series[{i}]");
            s.validate(today).map_err(|e| e.within(&path))?;
            if !seen.insert(s.metric) {
                return Err(Error::invalid(
                    format!("{path}.metric"),
                    "a series for this metric appears twice",
                ));
            }
        }
        Ok(())
    }

    /// The series of `metric`, if present.
    pub fn series(&self, metric: SeriesMetric) -> Option<&MetricSeries> {
        self.series.iter().find(|s| s.metric == metric)
    }
}
