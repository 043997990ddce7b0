//! Benchmark distributions: what comparable profiles achieve, per platform × industry.
//!
//! Each figure is a log-normal distribution given by its median and the standard deviation
//! of its logarithm (`sigma`): engagement figures are right-skewed (BENCHMARKS: Facebook
//! top-100 brands, mean 0.12% vs median 0.02%), so a log-normal fits far better than a
//! normal. A value's percentile is `Φ((ln x − ln median) / sigma) × 100`.
//!
//! The bundled table (`core/data/benchmarks.json`) cites a public source beside every
//! figure. Hosts may pass their own [`BenchmarkTable`] in the same shape.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Platform;
use crate::{Error, Result};

/// The industry key that holds the platform-wide figures every lookup falls back to.
pub const ALL_INDUSTRIES: &str = "all";

/// A quantity that benchmarks describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum BenchmarkMetric {
    /// Engagements ÷ impressions × 100 per post (percent; basis I).
    EngagementRateByImpressions,
    /// Engagements ÷ followers × 100 per post (percent; basis F).
    EngagementRateByFollowers,
    /// Impressions per post ÷ audience (a ratio; 0.25 = a quarter of the audience).
    ImpressionsPerFollower,
    /// Comments + shares per 100 likes (how much a post starts conversations).
    DiscussionRatio,
    /// Audience size: followers (or connections where larger).
    AudienceSize,
    /// Follower growth per 30 days, percent.
    FollowerGrowthMonthly,
    /// Posts per week.
    PostsPerWeek,
    /// Profile views per week per 1,000 audience.
    ProfileViewsPerWeekPer1k,
}

impl BenchmarkMetric {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            BenchmarkMetric::EngagementRateByImpressions => "engagement_rate_by_impressions",
            BenchmarkMetric::EngagementRateByFollowers => "engagement_rate_by_followers",
            BenchmarkMetric::ImpressionsPerFollower => "impressions_per_follower",
            BenchmarkMetric::DiscussionRatio => "discussion_ratio",
            BenchmarkMetric::AudienceSize => "audience_size",
            BenchmarkMetric::FollowerGrowthMonthly => "follower_growth_monthly",
            BenchmarkMetric::PostsPerWeek => "posts_per_week",
            BenchmarkMetric::ProfileViewsPerWeekPer1k => "profile_views_per_week_per_1k",
        }
    }
}

/// One benchmark figure: a log-normal distribution of `metric` on `platform` in `industry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkEntry {
    /// The platform.
    pub platform: Platform,
    /// The industry slug (`technology`, `higher_education`, ...) or `all`.
    pub industry: String,
    /// What is measured.
    pub metric: BenchmarkMetric,
    /// The median of comparable profiles (in the metric's unit).
    pub median: f64,
    /// Standard deviation of the natural logarithm (spread); > 0.
    pub sigma: f64,
    /// The public source (publisher, report, data year) and how the figure was derived.
    pub source: String,
}

impl BenchmarkEntry {
    /// The percentile (0–100) of `value` in this distribution. Zero and below map to 0.
    ///
    /// ```
    /// use brandpilot::model::Platform;
    /// use brandpilot::score::{BenchmarkEntry, BenchmarkMetric};
    /// let b = BenchmarkEntry { platform: Platform::Linkedin, industry: "all".into(),
    ///     metric: BenchmarkMetric::PostsPerWeek, median: 2.0, sigma: 0.8, source: "example".into() };
    /// assert!((b.percentile(2.0) - 50.0).abs() < 1e-9);
    /// assert!(b.percentile(4.0) > 75.0);
    /// assert_eq!(b.percentile(0.0), 0.0);
    /// ```
    pub fn percentile(&self, value: f64) -> f64 {
        lognormal_percentile(value, self.median, self.sigma)
    }
}

/// `Φ((ln value − ln median) / sigma) × 100`, with `Φ` the standard normal CDF.
pub(crate) fn lognormal_percentile(value: f64, median: f64, sigma: f64) -> f64 {
    if value.is_nan() || value <= 0.0 {
        return 0.0;
    }
    let z = (value.ln() - median.ln()) / sigma;
    // Φ(z) = erfc(−z/√2) / 2; libm's erfc keeps precision in both tails.
    (50.0 * libm::erfc(-z / std::f64::consts::SQRT_2)).clamp(0.0, 100.0)
}

/// A table of benchmark figures. [`BenchmarkTable::bundled`] is the table shipped with
/// brandpilot; hosts may build their own (same JSON shape) and pass it in the scoring config.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkTable {
    /// The figures.
    pub entries: Vec<BenchmarkEntry>,
}

/// The result of looking a figure up: the entry, and whether it came from the `all`
/// fallback rather than the requested industry.
#[derive(Debug, Clone, Copy)]
pub struct BenchmarkLookup<'a> {
    /// The figure used.
    pub entry: &'a BenchmarkEntry,
    /// True when the requested industry had no figure and `all` was used.
    pub fell_back: bool,
}

impl BenchmarkTable {
    /// The table bundled with brandpilot (parsed once, then shared).
    pub fn bundled() -> &'static BenchmarkTable {
        static TABLE: OnceLock<BenchmarkTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            serde_json::from_str(include_str!("../../data/benchmarks.json"))
                .expect("bundled benchmarks.json is valid (checked by a unit test)")
        })
    }

    /// Checks every entry: finite positive median and sigma, non-empty industry and source.
    pub fn validate(&self) -> Result<()> {
        for (i, e) in self.entries.iter().enumerate() {
            let at = |f: &str| format!("entries[{i}].{f}");
            if !(e.median.is_finite() && e.median > 0.0) {
                return Err(Error::invalid(at("median"), "must be a finite number > 0"));
            }
            if !(e.sigma.is_finite() && e.sigma > 0.0) {
                return Err(Error::invalid(at("sigma"), "must be a finite number > 0"));
            }
            if e.industry.trim().is_empty() {
                return Err(Error::invalid(at("industry"), "must not be empty"));
            }
        }
        Ok(())
    }

    /// The figure for `metric` on `platform` in `industry`, falling back to `all`.
    pub fn lookup(
        &self,
        platform: Platform,
        industry: &str,
        metric: BenchmarkMetric,
    ) -> Option<BenchmarkLookup<'_>> {
        let find = |ind: &str| {
            self.entries
                .iter()
                .find(|e| e.platform == platform && e.metric == metric && e.industry == ind)
        };
        if let Some(entry) = find(industry) {
            return Some(BenchmarkLookup {
                entry,
                fell_back: false,
            });
        }
        find(ALL_INDUSTRIES).map(|entry| BenchmarkLookup {
            entry,
            fell_back: industry != ALL_INDUSTRIES,
        })
    }

    /// The industries that have at least one figure for `platform` (sorted, `all` included).
    pub fn industries(&self, platform: Platform) -> Vec<String> {
        let mut v: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.platform == platform)
            .map(|e| e.industry.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// An index over a table: the entries of each (platform, metric) pair, so a lookup scans a
/// handful of industries instead of the whole table. The bundled table's index is built once.
pub(crate) struct BenchmarkIndex<'a> {
    slots: Vec<Vec<&'a BenchmarkEntry>>,
}

const METRIC_COUNT: usize = BenchmarkMetric::ProfileViewsPerWeekPer1k as usize + 1;

fn slot(platform: Platform, metric: BenchmarkMetric) -> usize {
    platform as usize * METRIC_COUNT + metric as usize
}

impl<'a> BenchmarkIndex<'a> {
    /// Indexes `table`; of duplicate (platform, industry, metric) entries the first wins.
    pub(crate) fn new(table: &'a BenchmarkTable) -> Self {
        let mut slots = vec![Vec::new(); Platform::ALL.len() * METRIC_COUNT];
        for e in &table.entries {
            slots[slot(e.platform, e.metric)].push(e);
        }
        BenchmarkIndex { slots }
    }

    /// The index of the bundled table.
    pub(crate) fn bundled() -> &'static BenchmarkIndex<'static> {
        static INDEX: OnceLock<BenchmarkIndex<'static>> = OnceLock::new();
        INDEX.get_or_init(|| BenchmarkIndex::new(BenchmarkTable::bundled()))
    }

    /// Same as [`BenchmarkTable::lookup`].
    pub(crate) fn lookup(
        &self,
        platform: Platform,
        industry: &str,
        metric: BenchmarkMetric,
    ) -> Option<BenchmarkLookup<'a>> {
        let entries = &self.slots[slot(platform, metric)];
        let find = |ind: &str| entries.iter().copied().find(|e| e.industry == ind);
        if let Some(entry) = find(industry) {
            return Some(BenchmarkLookup {
                entry,
                fell_back: false,
            });
        }
        find(ALL_INDUSTRIES).map(|entry| BenchmarkLookup {
            entry,
            fell_back: industry != ALL_INDUSTRIES,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_is_valid_and_covers_every_platform() {
        let table = BenchmarkTable::bundled();
        table.validate().unwrap();
        for platform in Platform::ALL {
            let industries = table.industries(platform);
            assert!(
                industries.iter().any(|i| i == ALL_INDUSTRIES),
                "{platform} has no `all`"
            );
            assert!(industries.len() >= 11, "{platform}: only {industries:?}");
        }
        assert!(table.entries.iter().all(|e| !e.source.trim().is_empty()));
    }

    #[test]
    fn lookups_fall_back_to_all() {
        let table = BenchmarkTable::bundled();
        let m = BenchmarkMetric::EngagementRateByImpressions;
        let hit = table.lookup(Platform::Linkedin, "technology", m).unwrap();
        assert!(!hit.fell_back && hit.entry.industry == "technology");
        let miss = table
            .lookup(Platform::Linkedin, "no_such_industry", m)
            .unwrap();
        assert!(miss.fell_back && miss.entry.industry == ALL_INDUSTRIES);
        let index = BenchmarkIndex::bundled();
        let again = index
            .lookup(Platform::Linkedin, "no_such_industry", m)
            .unwrap();
        assert!(std::ptr::eq(again.entry, miss.entry));
    }

    #[test]
    fn percentile_matches_the_normal_cdf() {
        // Φ(1) = 0.841344746...
        let p = lognormal_percentile(std::f64::consts::E, 1.0, 1.0);
        assert!((p - 84.134_474_606_854_3).abs() < 1e-9);
        assert!((lognormal_percentile(1.0, 1.0, 0.5) - 50.0).abs() < 1e-12);
        assert_eq!(lognormal_percentile(f64::NAN, 1.0, 1.0), 0.0);
        assert_eq!(lognormal_percentile(-3.0, 1.0, 1.0), 0.0);
        assert!(lognormal_percentile(1e300, 1.0, 1.0) <= 100.0);
    }

    #[test]
    fn host_tables_are_validated() {
        let mut table = BenchmarkTable::bundled().clone();
        table.entries[3].sigma = 0.0;
        assert_eq!(
            table.validate().unwrap_err().field(),
            Some("entries[3].sigma")
        );
    }
}
