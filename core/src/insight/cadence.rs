//! Cadence insight: posts against the weekly target, streaks kept or broken, gaps.
//!
//! A week meets the target when it holds at least `target_per_week` posts; weeks are the
//! seven-day blocks ending where the period ends (for the streak at the period's start,
//! ending where it starts). The target is the input's posting goal, else the target of an
//! active `posts_per_week` goal, else `default_posts_per_week` (1: "post every week", the
//! floor of the brand score's consistency advice).

use chrono::NaiveDate;

use super::context::Ctx;
use super::period::weeks;
use super::stats::stable_id;
use super::{CadenceFacts, CadenceStatus, Draft, ev};

/// Longest streak counted, in weeks (ten years).
const MAX_STREAK_WEEKS: usize = 520;

/// Consecutive seven-day blocks ending at `end` with at least `target` posts each.
pub(crate) fn streak(ctx: &Ctx, end: NaiveDate, target: u32) -> u32 {
    let Some(first) = ctx.posts.first().map(|p| p.day) else {
        return 0;
    };
    let mut n = 0;
    for w in weeks(end, MAX_STREAK_WEEKS) {
        if w.end <= first || ctx.posts_in(w).len() < target as usize {
            break;
        }
        n += 1;
    }
    n
}

/// The streak at the period's end and at its start.
pub(crate) fn streaks(ctx: &Ctx) -> (u32, u32) {
    let current = ctx.current();
    (
        streak(ctx, current.end, ctx.target_per_week),
        streak(ctx, current.start, ctx.target_per_week),
    )
}

pub(crate) fn facts(ctx: &Ctx) -> CadenceFacts {
    let current = ctx.current();
    let days = current.days();
    let weeks_in_period = (days / 7).max(1);
    let target = (f64::from(ctx.target_per_week) * f64::from(days) / 7.0).round() as u32;
    let in_period = ctx.posts_in(current);
    let posts = in_period.len() as u32;
    let (streak_weeks, previous_streak_weeks) = streaks(ctx);

    let mut longest_gap = 0i64;
    let mut prev = current.start.pred_opt().unwrap_or(current.start);
    for p in in_period {
        longest_gap = longest_gap.max((p.day - prev).num_days() - 1);
        prev = p.day;
    }
    longest_gap = longest_gap.max((current.end - prev).num_days() - 1);
    let last_day = current.end.pred_opt().unwrap_or(current.end);
    let days_since_last_post = ctx
        .posts_before(current.end)
        .last()
        .and_then(|p| u32::try_from((last_day - p.day).num_days()).ok());

    let ever = !ctx.posts_before(current.end).is_empty();
    let status = if !ever {
        CadenceStatus::NotStarted
    } else if streak_weeks >= weeks_in_period {
        if streak_weeks >= 2 {
            CadenceStatus::StreakKept
        } else {
            CadenceStatus::OnTarget
        }
    } else if previous_streak_weeks >= 1 {
        CadenceStatus::StreakBroken
    } else if posts == 0 {
        CadenceStatus::Silent
    } else if posts >= target {
        CadenceStatus::OnTarget
    } else {
        CadenceStatus::BelowTarget
    };
    CadenceFacts {
        status,
        posts,
        target,
        target_per_week: ctx.target_per_week,
        target_source: ctx.target_source,
        streak_weeks,
        previous_streak_weeks,
        longest_gap_days: u32::try_from(longest_gap.max(0)).unwrap_or(0),
        days_since_last_post,
    }
}

pub(crate) fn detect(ctx: &Ctx) -> Draft {
    let f = facts(ctx);
    let mut evidence = vec![
        ev(
            "posts",
            format!("Posts this {}", ctx.period.as_str()),
            f64::from(f.posts),
            "posts",
        ),
        ev("target", "Target", f64::from(f.target), "posts"),
        ev("streak_weeks", "Streak", f64::from(f.streak_weeks), "weeks"),
        ev(
            "longest_gap_days",
            "Longest gap",
            f64::from(f.longest_gap_days),
            "days",
        ),
    ];
    if let Some(d) = f.days_since_last_post {
        evidence.push(ev(
            "days_since_last_post",
            "Days since the last post",
            f64::from(d),
            "days",
        ));
    }
    let (priority, action) = match f.status {
        CadenceStatus::NotStarted => (
            0.45,
            "Publish your first post: introduce yourself and what you work on.".to_owned(),
        ),
        CadenceStatus::StreakKept => (
            0.35,
            "Keep the streak: schedule next week's posts now.".to_owned(),
        ),
        CadenceStatus::OnTarget => (0.3, "Post again next week to start a streak.".to_owned()),
        CadenceStatus::BelowTarget => (
            0.5,
            format!(
                "Plan {} a week to reach your target.",
                super::narrate::plural(i64::from(f.target_per_week), "post", "posts")
            ),
        ),
        CadenceStatus::StreakBroken => (
            0.7,
            "Restart your streak: schedule a post for the next three days.".to_owned(),
        ),
        CadenceStatus::Silent => (
            if f.longest_gap_days >= 7 { 0.6 } else { 0.5 },
            "Share one short post this week: a lesson, a link, a question.".to_owned(),
        ),
    };
    let status = serde_json::to_value(f.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    Draft {
        id: stable_id(&["cadence", &ctx.period_key(), &status]),
        priority,
        evidence,
        actions: vec![action],
        facts: f.into(),
    }
}
