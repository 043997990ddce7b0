//! Feature extraction: everything scoring needs, computed once from the input.
//!
//! Scoring and re-scoring (for recommendations) work on [`Features`] only, so the snapshot
//! is walked exactly once per analysis.

use std::borrow::Cow;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::{AccountSnapshot, MetricPoint, Post, SeriesMetric};

/// Headline length (characters) from which a headline counts as complete: LinkedIn's
/// 220-character headline field is typically used for role + value proposition, which
/// takes at least ~40 characters ("Data engineer helping fintechs ship faster").
pub(crate) const GOOD_HEADLINE_CHARS: f64 = 40.0;
/// Summary length (characters) from which an about section counts as complete.
pub(crate) const GOOD_SUMMARY_CHARS: f64 = 400.0;
/// Skills from which the skills section counts as complete.
pub(crate) const GOOD_SKILL_COUNT: f64 = 5.0;

/// The measured features of one account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Features {
    // presence
    pub has_photo: bool,
    pub has_banner: bool,
    pub headline_chars: f64,
    pub summary_chars: f64,
    pub skills: f64,
    pub has_website: bool,
    pub has_location: bool,
    pub has_display_name: bool,
    pub has_experience_level: bool,
    // engagement (percent, mean over the window's posts)
    pub er_impressions: Option<f64>,
    pub er_followers: Option<f64>,
    /// Comments + shares share of the rates above (same bases), for the conversation factor.
    pub conversation_impressions: Option<f64>,
    pub conversation_followers: Option<f64>,
    /// Engagement lift of visual posts over the others (own data), when both exist.
    pub visual_lift: Option<f64>,
    pub visual_share: f64,
    // visibility
    pub impressions_per_follower: Option<f64>,
    pub profile_views_per_week_per_1k: Option<f64>,
    // network
    pub audience: Option<f64>,
    pub growth_monthly: Option<f64>,
    // consistency
    pub posts_per_week: f64,
    pub active_week_share: f64,
    pub window_weeks: f64,
    pub posts_in_window: usize,
}

/// Weights of each interaction in the weighted engagement count: a comment or share says
/// more about a post's value than a like, and platforms' ranking treats them so (LinkedIn
/// and X both describe comments and reposts as stronger signals than likes).
pub(crate) const LIKE_WEIGHT: f64 = 1.0;
pub(crate) const SAVE_WEIGHT: f64 = 1.0;
pub(crate) const COMMENT_WEIGHT: f64 = 2.0;
pub(crate) const SHARE_WEIGHT: f64 = 3.0;

/// Weighted engagements of a post and its comments + shares.
fn weighted(post: &Post) -> (f64, f64) {
    let m = &post.metrics;
    let v = |x: Option<i64>| x.unwrap_or(0) as f64;
    let comments = v(m.comments);
    let shares = v(m.shares);
    let w = LIKE_WEIGHT * v(m.likes)
        + SAVE_WEIGHT * v(m.saves)
        + COMMENT_WEIGHT * comments
        + SHARE_WEIGHT * shares;
    (w, comments + shares)
}

fn has_any_engagement_metric(post: &Post) -> bool {
    let m = &post.metrics;
    m.likes.is_some() || m.comments.is_some() || m.shares.is_some() || m.saves.is_some()
}

/// The level of a sorted series on `date` (the last point at or before it).
fn level_on(points: &[MetricPoint], date: NaiveDate) -> Option<f64> {
    let idx = points.partition_point(|p| p.date <= date);
    (idx > 0).then(|| points[idx - 1].value)
}

/// The points of `metric` in date order, borrowed when already sorted (the usual case).
fn sorted_series(snapshot: &AccountSnapshot, metric: SeriesMetric) -> Cow<'_, [MetricPoint]> {
    match snapshot.series(metric) {
        Some(s) if s.is_sorted_strictly() => Cow::Borrowed(&s.points),
        Some(s) => Cow::Owned(s.sorted_points()),
        None => Cow::Borrowed(&[]),
    }
}

/// Mean over the values that exist.
#[derive(Default)]
struct Mean {
    sum: f64,
    n: usize,
}

impl Mean {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }
    fn get(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// Extracts the features of `snapshot` as of `now`, looking `window_weeks` back.
pub(crate) fn extract(
    snapshot: &AccountSnapshot,
    now: DateTime<Utc>,
    window_weeks: u32,
) -> Features {
    let profile = &snapshot.profile;
    let text_len = |s: &Option<String>| s.as_deref().map_or(0, |t| t.trim().chars().count()) as f64;
    let present = |s: &Option<String>| s.as_deref().is_some_and(|t| !t.trim().is_empty());

    let today = now.date_naive();
    let followers_series = sorted_series(snapshot, SeriesMetric::Followers);
    let current_audience = profile
        .audience()
        .map(|a| a as f64)
        .or_else(|| followers_series.last().map(|p| p.value));

    // The window: `window_weeks` before now, shortened for accounts created inside it.
    let mut window_start = now - Duration::weeks(window_weeks as i64);
    if let Some(created) = profile.created_at {
        window_start = window_start.max(created.min(now));
    }
    let window_days = ((now - window_start).num_seconds() as f64 / 86_400.0).max(1.0);
    let window_weeks_eff = (window_days / 7.0).max(1.0);

    let mut er_i = Mean::default();
    let mut er_f = Mean::default();
    let mut conv_i = Mean::default();
    let mut conv_f = Mean::default();
    let mut impressions = Mean::default();
    let mut visual_rate = Mean::default();
    let mut other_rate = Mean::default();
    let mut visual_posts = 0usize;
    let mut posts_in_window = 0usize;
    let week_count = window_weeks_eff.ceil() as usize;
    let mut active_weeks = vec![false; week_count];

    for post in &snapshot.posts {
        if post.created_at <= window_start || post.created_at > now {
            continue;
        }
        posts_in_window += 1;
        let week = ((now - post.created_at).num_seconds() / (7 * 86_400)) as usize;
        if let Some(slot) = active_weeks.get_mut(week) {
            *slot = true;
        }
        if post.media_kind.is_visual() {
            visual_posts += 1;
        }
        if !has_any_engagement_metric(post) {
            continue;
        }
        let (w, cs) = weighted(post);
        let mut rate_for_lift = None;
        if let Some(imp) = post.metrics.impressions.filter(|&i| i > 0) {
            let imp = imp as f64;
            er_i.add(w / imp * 100.0);
            conv_i.add(cs / imp * 100.0);
            impressions.add(imp);
            rate_for_lift = Some(w / imp);
        }
        let followers_then = level_on(&followers_series, post.created_at.date_naive())
            .or(current_audience)
            .filter(|&f| f > 0.0);
        if let Some(f) = followers_then {
            er_f.add(w / f * 100.0);
            conv_f.add(cs / f * 100.0);
            rate_for_lift = rate_for_lift.or(Some(w / f));
        }
        if let Some(rate) = rate_for_lift {
            if post.media_kind.is_visual() {
                visual_rate.add(rate);
            } else {
                other_rate.add(rate);
            }
        }
    }

    let visual_lift = match (visual_rate.get(), other_rate.get()) {
        (Some(v), Some(o)) if o > 0.0 && visual_rate.n >= 2 && other_rate.n >= 2 => Some(v / o),
        _ => None,
    };

    let impressions_per_follower = match (impressions.get(), current_audience) {
        (Some(i), Some(a)) if a > 0.0 => Some(i / a),
        _ => None,
    };

    // Profile views: the last 28 days of the daily series, per week, per 1,000 audience.
    let views = sorted_series(snapshot, SeriesMetric::ProfileViews);
    let views_since = today - Duration::days(28);
    let (views_days, views_sum) = views
        .iter()
        .filter(|p| p.date > views_since && p.date <= today)
        .fold((0usize, 0.0), |(n, sum), p| (n + 1, sum + p.value));
    let profile_views_per_week_per_1k = match current_audience {
        Some(a) if a > 0.0 && views_days >= 7 => {
            let per_day = views_sum / views_days as f64;
            Some(per_day * 7.0 / a * 1000.0)
        }
        _ => None,
    };

    let growth_monthly = monthly_growth(&followers_series, today);

    Features {
        has_photo: profile.has_photo,
        has_banner: profile.has_banner,
        headline_chars: text_len(&profile.headline),
        summary_chars: text_len(&profile.summary),
        skills: profile
            .skills
            .iter()
            .filter(|s| !s.trim().is_empty())
            .count() as f64,
        has_website: present(&profile.website),
        has_location: present(&profile.location),
        has_display_name: present(&profile.display_name),
        has_experience_level: profile.experience_level.is_some(),
        er_impressions: er_i.get(),
        er_followers: er_f.get(),
        conversation_impressions: conv_i.get(),
        conversation_followers: conv_f.get(),
        visual_lift,
        visual_share: if posts_in_window == 0 {
            0.0
        } else {
            visual_posts as f64 / posts_in_window as f64
        },
        impressions_per_follower,
        profile_views_per_week_per_1k,
        audience: current_audience,
        growth_monthly,
        posts_per_week: posts_in_window as f64 / window_weeks_eff,
        active_week_share: active_weeks.iter().filter(|&&a| a).count() as f64
            / week_count.max(1) as f64,
        window_weeks: window_weeks_eff,
        posts_in_window,
    }
}

/// Follower growth per 30 days in percent, from the level series: the change over the
/// last 30 days (or the longest span ≥ 14 days available), scaled to 30 days.
fn monthly_growth(points: &[MetricPoint], today: NaiveDate) -> Option<f64> {
    let upto = &points[..points.partition_point(|p| p.date <= today)];
    let last = upto.last()?;
    let target = last.date - Duration::days(30);
    // The earliest point inside the last 30 days, or the last one before it.
    let start_idx = upto.partition_point(|p| p.date < target);
    let start = if start_idx > 0 && upto[start_idx].date != target {
        &upto[start_idx - 1]
    } else {
        &upto[start_idx.min(upto.len() - 1)]
    };
    let days = (last.date - start.date).num_days() as f64;
    if days < 14.0 || start.value <= 0.0 {
        return None;
    }
    Some(((last.value / start.value) - 1.0) * 100.0 * 30.0 / days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(d: &str, v: f64) -> MetricPoint {
        MetricPoint {
            date: d.parse().unwrap(),
            value: v,
        }
    }

    #[test]
    fn monthly_growth_over_thirty_days() {
        let pts = [pt("2026-10-01", 1000.0), pt("2026-10-31", 1100.0)];
        let g = monthly_growth(&pts, "2026-11-01".parse().unwrap()).unwrap();
        assert!((g - 10.0).abs() < 1e-9);
    }

    #[test]
    fn monthly_growth_scales_short_spans_and_rejects_tiny_ones() {
        let pts = [pt("2026-10-16", 1000.0), pt("2026-10-31", 1050.0)];
        let g = monthly_growth(&pts, "2026-11-01".parse().unwrap()).unwrap();
        assert!((g - 10.0).abs() < 1e-9);
        let pts = [pt("2026-10-25", 1000.0), pt("2026-10-31", 1050.0)];
        assert!(monthly_growth(&pts, "2026-11-01".parse().unwrap()).is_none());
    }

    #[test]
    fn level_on_picks_last_point_at_or_before() {
        let pts = [pt("2026-10-01", 1.0), pt("2026-10-05", 2.0)];
        assert_eq!(level_on(&pts, "2026-09-30".parse().unwrap()), None);
        assert_eq!(level_on(&pts, "2026-10-04".parse().unwrap()), Some(1.0));
        assert_eq!(level_on(&pts, "2026-10-05".parse().unwrap()), Some(2.0));
    }
}
