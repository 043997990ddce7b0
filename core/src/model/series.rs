use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A metric tracked as a daily series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum SeriesMetric {
    /// Follower count at the end of the day (a level, not a delta).
    Followers,
    /// Connection count at the end of the day (a level).
    Connections,
    /// Impressions during the day.
    Impressions,
    /// Unique reach during the day.
    Reach,
    /// Profile views during the day.
    ProfileViews,
    /// Search appearances during the day.
    SearchAppearances,
    /// Engagements during the day.
    Engagements,
}

impl SeriesMetric {
    /// Whether the metric is a level (a running total such as followers) rather than a
    /// per-day flow (such as impressions).
    pub fn is_level(self) -> bool {
        matches!(self, SeriesMetric::Followers | SeriesMetric::Connections)
    }
}

/// One day's value of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MetricPoint {
    /// The day (ISO 8601 date, `2026-11-01`), in the account's time zone.
    pub date: NaiveDate,
    /// The value: a level for level metrics, the day's total for flow metrics.
    pub value: f64,
}

/// A daily series of one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MetricSeries {
    /// Which metric.
    pub metric: SeriesMetric,
    /// Its points, in any order; dates must be unique.
    pub points: Vec<MetricPoint>,
}

impl MetricSeries {
    /// Checks values (finite, >= 0), dates (unique, not after `today` + 1 day).
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        let latest = today.succ_opt().unwrap_or(today);
        for (i, p) in self.points.iter().enumerate() {
            if !p.value.is_finite() {
                return Err(Error::invalid(
                    format!("points[{i}].value"),
                    "must be a finite number",
                ));
            }
            if p.value < 0.0 {
                return Err(Error::invalid(format!("points[{i}].value"), "must be >= 0"));
            }
            if p.date > latest {
                return Err(Error::invalid(
                    format!("points[{i}].date"),
                    format!("{} is in the future", p.date),
                ));
            }
        }
        if self.is_sorted_strictly() {
            return Ok(());
        }
        let mut dates: Vec<NaiveDate> = self.points.iter().map(|p| p.date).collect();
        dates.sort_unstable();
        if let Some(w) = dates.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::invalid(
                "points",
                format!("date {} appears twice", w[0]),
            ));
        }
        Ok(())
    }

    /// Whether the points are in strictly increasing date order (the common case).
    pub(crate) fn is_sorted_strictly(&self) -> bool {
        self.points.windows(2).all(|w| w[0].date < w[1].date)
    }

    /// Points sorted by date.
    pub fn sorted_points(&self) -> Vec<MetricPoint> {
        let mut pts = self.points.clone();
        pts.sort_by_key(|p| p.date);
        pts
    }
}
