//! What every detector needs, computed once: local post days and rates, sorted series,
//! the period and the blocks before it.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use super::period::{self, Block};
use super::{InsightConfig, InsightInput, Period, PeriodWindow, TargetSource};
use crate::goal::GoalMetric;
use crate::model::{MetricPoint, Post, SeriesMetric};
use crate::schedule::{RateBasis, Weekday};

/// A post seen from the user's time zone, with its engagement figure.
pub(crate) struct PostView<'a> {
    pub post: &'a Post,
    pub day: NaiveDate,
    pub weekday: Weekday,
    pub hour: u32,
    pub engagements: i64,
    /// Engagement figure on the context's basis (percent for rates).
    pub rate: Option<f64>,
}

/// Shared, precomputed view of the input.
pub(crate) struct Ctx<'a> {
    pub input: &'a InsightInput,
    pub config: &'a InsightConfig,
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub period: Period,
    pub window: PeriodWindow,
    /// The current period, then earlier ones, newest first (`trend_history + 2` at most).
    pub blocks: Vec<Block>,
    /// Posts published at or before `now`, in time order (ties by id).
    pub posts: Vec<PostView<'a>>,
    pub basis: Option<RateBasis>,
    series: Vec<(SeriesMetric, Cow<'a, [MetricPoint]>)>,
    pub target_per_week: u32,
    pub target_source: TargetSource,
}

impl<'a> Ctx<'a> {
    pub fn new(
        input: &'a InsightInput,
        config: &'a InsightConfig,
        tz: Tz,
        period: Period,
        now: DateTime<Utc>,
    ) -> Self {
        let today = period::local_day(tz, now);
        let blocks = period::blocks(period, today, config.trend_history as usize + 2);
        let current = blocks.first().copied().unwrap_or(Block {
            start: today,
            end: today,
        });
        let window = period::window(period, tz, &input.time_zone, current);

        let mut refs: Vec<&Post> = input
            .snapshot
            .posts
            .iter()
            .filter(|p| p.created_at <= now)
            .collect();
        if !refs.is_sorted_by(|a, b| (a.created_at, &a.id) <= (b.created_at, &b.id)) {
            refs.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        }
        let with_metric = |p: &Post| {
            let m = &p.metrics;
            m.likes.is_some() || m.comments.is_some() || m.shares.is_some() || m.saves.is_some()
        };
        let engaged = refs.iter().filter(|p| with_metric(p)).count();
        let with_impressions = refs
            .iter()
            .filter(|p| with_metric(p) && p.metrics.impressions.is_some_and(|i| i > 0))
            .count();
        let audience = input.snapshot.profile.audience().filter(|&a| a > 0);
        // Same rule as `schedule::best_times`: per impression when at least half the posts
        // report impressions, else per follower, else raw engagements.
        let basis = if engaged == 0 {
            None
        } else if with_impressions > 0 && with_impressions * 2 >= engaged {
            Some(RateBasis::Impressions)
        } else if audience.is_some() {
            Some(RateBasis::Followers)
        } else {
            Some(RateBasis::Engagements)
        };
        let posts = refs
            .into_iter()
            .map(|post| {
                let local = post.created_at.with_timezone(&tz);
                let engagements = post.metrics.engagements();
                let e = engagements as f64;
                let rate = if with_metric(post) {
                    match basis {
                        Some(RateBasis::Impressions) => post
                            .metrics
                            .impressions
                            .filter(|&i| i > 0)
                            .map(|i| e / i as f64 * 100.0),
                        Some(RateBasis::Followers) => audience.map(|a| e / a as f64 * 100.0),
                        Some(RateBasis::Engagements) => Some(e),
                        None => None,
                    }
                } else {
                    None
                };
                PostView {
                    post,
                    day: local.date_naive(),
                    weekday: Weekday::from_chrono(local.weekday()),
                    hour: local.hour(),
                    engagements,
                    rate,
                }
            })
            .collect();

        let series = input
            .snapshot
            .series
            .iter()
            .map(|s| {
                let pts: Cow<'a, [MetricPoint]> = if s.is_sorted_strictly() {
                    Cow::Borrowed(&s.points)
                } else {
                    Cow::Owned(s.sorted_points())
                };
                (s.metric, pts)
            })
            .collect();

        let goal_target = input
            .goals
            .iter()
            .filter(|g| g.goal.metric == GoalMetric::PostsPerWeek)
            .filter(|g| g.goal.start <= now && now <= g.goal.deadline)
            .map(|g| g.goal.target)
            .find(|t| t.is_finite() && *t >= 1.0);
        let (target_per_week, target_source) = match (input.posts_per_week_goal, goal_target) {
            (Some(n), _) => (n, TargetSource::Input),
            (None, Some(t)) => (t.round().clamp(1.0, 100.0) as u32, TargetSource::Goal),
            (None, None) => (config.default_posts_per_week, TargetSource::Default),
        };

        Ctx {
            input,
            config,
            tz,
            now,
            period,
            window,
            blocks,
            posts,
            basis,
            series,
            target_per_week,
            target_source,
        }
    }

    /// The current period's days.
    pub fn current(&self) -> Block {
        self.blocks.first().copied().unwrap_or(Block {
            start: self.window.first_day,
            end: self.window.first_day,
        })
    }

    /// The sorted points of `metric` (empty when absent).
    pub fn series(&self, metric: SeriesMetric) -> &[MetricPoint] {
        self.series
            .iter()
            .find(|(m, _)| *m == metric)
            .map_or(&[], |(_, p)| p)
    }

    /// The metrics that have a series, in [`SeriesMetric`] order.
    pub fn series_metrics(&self) -> Vec<SeriesMetric> {
        let mut m: Vec<SeriesMetric> = self.series.iter().map(|(m, _)| *m).collect();
        m.sort();
        m
    }

    /// The posts whose local day lies in `block`.
    pub fn posts_in(&self, block: Block) -> &[PostView<'a>] {
        let lo = self.posts.partition_point(|p| p.day < block.start);
        let hi = self.posts.partition_point(|p| p.day < block.end);
        &self.posts[lo..hi.max(lo)]
    }

    /// The posts whose local day is before `day`.
    pub fn posts_before(&self, day: NaiveDate) -> &[PostView<'a>] {
        let hi = self.posts.partition_point(|p| p.day < day);
        &self.posts[..hi]
    }

    /// Id part for the period: its kind and first day.
    pub fn period_key(&self) -> String {
        format!("{}:{}", self.period.as_str(), self.window.first_day)
    }
}

/// The first non-empty line of `text`, trimmed, at most `max` characters (an ellipsis marks
/// a cut).
pub(crate) fn snippet(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let cut: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}
