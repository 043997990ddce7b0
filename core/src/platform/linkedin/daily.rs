//! A page's daily series, from the time-bound forms of two statistics finders
//! (`timeIntervals=(timeRange:(start:…,end:…),timeGranularityType:DAY)`, epoch milliseconds):
//! - page views: `GET /rest/organizationPageStatistics?q=organization&organization={urn}`,
//!   `elements[].totalPageStatistics.views.allPageViews.pageViews`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/page-statistics>);
//! - impressions: `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={urn}`,
//!   `elements[].totalShareStatistics.impressionCount`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics>).
//!
//! A day the answer leaves out (or without the count) has no point: absent, never 0.

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use super::{LinkedIn, LinkedInAccount, restli};
use crate::model::{MetricPoint, MetricSeries, SeriesMetric};
use crate::{Error, Result};

/// The metrics a page reports by day.
pub(super) const PAGE_DAILY: [SeriesMetric; 2] =
    [SeriesMetric::ProfileViews, SeriesMetric::Impressions];

/// The longest range one call asks for: LinkedIn keeps time-bound page data for a rolling
/// year (older days answer empty).
const MAX_DAYS: i64 = 366;

impl LinkedIn {
    /// A page's daily views and impressions for `from..=to`.
    pub(super) async fn page_daily_series(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MetricSeries>> {
        let LinkedInAccount::Organization(id) = &self.account else {
            return Err(Error::Unsupported {
                message: "linkedin reports daily series for organisation pages only".to_owned(),
            });
        };
        if from > to || (to - from).num_days() >= MAX_DAYS {
            return Err(Error::invalid(
                "from",
                format!("the range must run forwards and span at most {MAX_DAYS} days"),
            ));
        }
        let urn = restli::encode(&format!("urn:li:organization:{id}"));
        let interval = time_interval(from, to)?;
        let views: Elements<PageDay> = self
            .get(
                &restli::path_with_query(
                    "/rest/organizationPageStatistics",
                    &[
                        ("q", "organization".into()),
                        ("organization", urn.clone()),
                        ("timeIntervals", interval.clone()),
                    ],
                ),
                "statistics.read",
            )
            .await?
            .json()?;
        let shares: Elements<ShareDay> = self
            .get(
                &restli::path_with_query(
                    "/rest/organizationalEntityShareStatistics",
                    &[
                        ("q", "organizationalEntity".into()),
                        ("organizationalEntity", urn),
                        ("timeIntervals", interval),
                    ],
                ),
                "statistics.read",
            )
            .await?
            .json()?;
        let views = views.elements.iter().filter_map(|d| {
            let count = d.stats.as_ref()?.views.as_ref()?.all.as_ref()?.page_views?;
            Some((d.range.start, count))
        });
        let impressions = shares
            .elements
            .iter()
            .filter_map(|d| Some((d.range.start, d.stats.as_ref()?.impression_count?)));
        Ok(vec![
            series(SeriesMetric::ProfileViews, views, from, to),
            series(SeriesMetric::Impressions, impressions, from, to),
        ])
    }
}

/// `(timeRange:(start:<ms>,end:<ms>),timeGranularityType:DAY)` for the days `from..=to`.
fn time_interval(from: NaiveDate, to: NaiveDate) -> Result<String> {
    let ms = |day: NaiveDate| -> Result<i64> {
        day.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
            .ok_or_else(|| Error::invalid("to", "is out of range"))
    };
    let end = to
        .succ_opt()
        .ok_or_else(|| Error::invalid("to", "is out of range"))?;
    Ok(format!(
        "(timeRange:(start:{},end:{}),timeGranularityType:DAY)",
        ms(from)?,
        ms(end)?
    ))
}

/// The points of `metric` inside `from..=to`, by date, one per day.
fn series(
    metric: SeriesMetric,
    days: impl Iterator<Item = (i64, i64)>,
    from: NaiveDate,
    to: NaiveDate,
) -> MetricSeries {
    let mut points: Vec<MetricPoint> = days
        .filter(|(_, count)| *count >= 0)
        .filter_map(|(start_ms, count)| {
            let date = DateTime::from_timestamp_millis(start_ms)?.date_naive();
            (from..=to).contains(&date).then_some(MetricPoint {
                date,
                value: count as f64,
            })
        })
        .collect();
    points.sort_by_key(|p| p.date);
    points.dedup_by_key(|p| p.date);
    MetricSeries { metric, points }
}

#[derive(Debug, Deserialize)]
struct Elements<T> {
    #[serde(default = "Vec::new")]
    elements: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct TimeRange {
    start: i64,
}

#[derive(Debug, Deserialize)]
struct PageDay {
    #[serde(rename = "timeRange")]
    range: TimeRange,
    #[serde(rename = "totalPageStatistics")]
    stats: Option<PageStats>,
}

#[derive(Debug, Deserialize)]
struct PageStats {
    views: Option<PageViews>,
}

#[derive(Debug, Deserialize)]
struct PageViews {
    #[serde(rename = "allPageViews")]
    all: Option<ViewCount>,
}

#[derive(Debug, Deserialize)]
struct ViewCount {
    #[serde(rename = "pageViews")]
    page_views: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct ShareDay {
    #[serde(rename = "timeRange")]
    range: TimeRange,
    #[serde(rename = "totalShareStatistics")]
    stats: Option<ShareStats>,
}

#[derive(Debug, Deserialize)]
struct ShareStats {
    #[serde(rename = "impressionCount")]
    impression_count: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_covers_whole_utc_days() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            time_interval(d("2026-11-01"), d("2026-11-02")).unwrap(),
            "(timeRange:(start:1793491200000,end:1793664000000),timeGranularityType:DAY)"
        );
    }

    #[test]
    fn days_outside_the_range_and_repeats_are_dropped() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let day = |s: &str| {
            d(s).and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis()
        };
        let s = series(
            SeriesMetric::ProfileViews,
            [
                (day("2026-11-02"), 5),
                (day("2026-11-01"), 3),
                (day("2026-11-01"), 4),
                (day("2026-10-31"), 9),
                (day("2026-11-02"), -1),
            ]
            .into_iter(),
            d("2026-11-01"),
            d("2026-11-02"),
        );
        let got: Vec<(NaiveDate, f64)> = s.points.iter().map(|p| (p.date, p.value)).collect();
        assert_eq!(got, [(d("2026-11-01"), 3.0), (d("2026-11-02"), 5.0)]);
    }
}
