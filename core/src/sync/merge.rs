//! Merging what a sync fetched into an [`AccountSnapshot`]: the same input always gives the
//! same snapshot, so a repeated sync changes nothing.

use chrono::NaiveDate;

use crate::model::{AccountSnapshot, MetricPoint, MetricSeries, Post, Profile, SeriesMetric};
use crate::platform::Audience;

/// Counts of what a merge changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merged {
    pub new: u32,
    pub updated: u32,
}

/// The fresh profile, keeping what platforms never report but a host may have set
/// (`industry`, `experience_level`, `skills`).
pub(crate) fn merge_profile(old: Option<&Profile>, fresh: Profile) -> Profile {
    let Some(old) = old else { return fresh };
    Profile {
        industry: fresh.industry.or_else(|| old.industry.clone()),
        experience_level: fresh.experience_level.or(old.experience_level),
        skills: if fresh.skills.is_empty() {
            old.skills.clone()
        } else {
            fresh.skills
        },
        ..fresh
    }
}

/// Upserts `posts` by id, newest first (ties by id), and counts what changed.
pub(crate) fn merge_posts(snapshot: &mut AccountSnapshot, posts: Vec<Post>) -> Merged {
    let mut merged = Merged::default();
    for post in posts {
        match snapshot.posts.iter_mut().find(|p| p.id == post.id) {
            Some(existing) => {
                if *existing != post {
                    *existing = post;
                    merged.updated += 1;
                }
            }
            None => {
                snapshot.posts.push(post);
                merged.new += 1;
            }
        }
    }
    snapshot.posts.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    merged
}

/// Upserts the points of `fresh` into the snapshot's series of the same metric (a day
/// fetched again replaces its point), keeping each series sorted by date.
pub(crate) fn merge_series(snapshot: &mut AccountSnapshot, fresh: Vec<MetricSeries>) {
    for incoming in fresh {
        let series = match snapshot
            .series
            .iter()
            .position(|s| s.metric == incoming.metric)
        {
            Some(i) => &mut snapshot.series[i],
            None => {
                snapshot.series.push(MetricSeries {
                    metric: incoming.metric,
                    points: Vec::new(),
                });
                snapshot.series.last_mut().expect("just pushed")
            }
        };
        for point in incoming.points {
            match series.points.iter_mut().find(|p| p.date == point.date) {
                Some(existing) => *existing = point,
                None => series.points.push(point),
            }
        }
        series.points.sort_by_key(|p| p.date);
    }
}

/// The first day a sync asks daily series for: two days before the latest point it already
/// has of `metrics` (late data settles), else `default_days` back; never before a year ago.
pub(crate) fn daily_from(
    snapshot: &AccountSnapshot,
    metrics: &[SeriesMetric],
    to: NaiveDate,
    default_days: i64,
) -> NaiveDate {
    let latest = metrics
        .iter()
        .filter_map(|m| snapshot.series.iter().find(|s| s.metric == *m))
        .filter_map(|s| s.points.iter().map(|p| p.date).max())
        .min();
    let from = match latest {
        Some(day) => day - chrono::Duration::days(2),
        None => to - chrono::Duration::days(default_days - 1),
    };
    from.max(to - chrono::Duration::days(364))
}

/// Records today's followers and connections in the snapshot's daily series (one point a
/// day: a later sync the same day replaces it).
pub(crate) fn record_audience(snapshot: &mut AccountSnapshot, audience: Audience, day: NaiveDate) {
    for (metric, value) in [
        (SeriesMetric::Followers, audience.followers),
        (SeriesMetric::Connections, audience.connections),
    ] {
        let Some(value) = value else { continue };
        let series = match snapshot.series.iter().position(|s| s.metric == metric) {
            Some(i) => &mut snapshot.series[i],
            None => {
                snapshot.series.push(MetricSeries {
                    metric,
                    points: Vec::new(),
                });
                snapshot.series.last_mut().expect("just pushed")
            }
        };
        let point = MetricPoint {
            date: day,
            value: value as f64,
        };
        match series.points.iter_mut().find(|p| p.date == day) {
            Some(existing) => *existing = point,
            None => {
                series.points.push(point);
                series.points.sort_by_key(|p| p.date);
            }
        }
    }
}
