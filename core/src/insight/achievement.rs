//! Achievements: milestones crossed in the period, each granted once, ever.
//!
//! The host passes the ids granted so far (`InsightInput::granted_achievements`); an
//! achievement whose id is among them is never reported again. Ids:
//! - `followers_<N>`: the follower count passed N during the period (from the `followers`
//!   series; with no level before the period, the highest N reached counts once);
//! - `first_post_<N>_comments`: the first post ever with N or more comments;
//! - `best_engagement_rate:<post id>`: a post beat every earlier post's engagement rate
//!   (after at least `best_engagement_min_posts` earlier posts);
//! - `streak_<N>_weeks`: the posting streak reached N weeks;
//! - `goal:<goal id>:milestone_<25|50|75>`: a goal passed a quarter mark (reaching the
//!   target itself is a goal insight).

use std::collections::HashSet;

use super::cadence::streaks;
use super::context::{Ctx, snippet};
use super::goal::GoalEval;
use super::stats::stable_id;
use super::{AchievementFacts, AchievementKind, Draft, ev};
use crate::model::SeriesMetric;
use crate::schedule::RateBasis;

pub(crate) fn detect(ctx: &Ctx, goals: &[GoalEval]) -> Vec<Draft> {
    let granted: HashSet<&str> = ctx
        .input
        .granted_achievements
        .iter()
        .map(String::as_str)
        .collect();
    let mut found = Vec::new();
    found.extend(followers(ctx, &granted));
    found.extend(comments(ctx, &granted));
    found.extend(best_engagement(ctx, &granted));
    found.extend(streak(ctx, &granted));
    found.extend(goal_milestones(ctx, goals, &granted));
    found.into_iter().map(|(f, p)| draft(f, p)).collect()
}

fn facts(id: String, kind: AchievementKind, threshold: f64, value: f64) -> AchievementFacts {
    let unit = match kind {
        AchievementKind::FollowerMilestone => "followers",
        AchievementKind::CommentMilestone => "comments",
        AchievementKind::BestEngagement => "%",
        AchievementKind::PostingStreak => "weeks",
        AchievementKind::GoalMilestone => "progress",
    };
    AchievementFacts {
        achievement_id: id,
        achievement: kind,
        threshold,
        value,
        unit: unit.to_owned(),
        date: None,
        post_id: None,
        post_snippet: None,
        goal_id: None,
        goal_name: None,
    }
}

fn followers(ctx: &Ctx, granted: &HashSet<&str>) -> Option<(AchievementFacts, f64)> {
    let pts = ctx.series(SeriesMetric::Followers);
    let current = ctx.current();
    let hi = pts.partition_point(|p| p.date < current.end);
    let lo = pts.partition_point(|p| p.date < current.start);
    let end_level = match hi {
        0 => ctx.input.snapshot.profile.followers.map(|f| f as f64)?,
        _ => pts[hi - 1].value,
    };
    let start_level = (lo > 0).then(|| pts[lo - 1].value);
    let mut thresholds: Vec<u64> = ctx.config.follower_milestones.clone();
    thresholds.sort_unstable();
    let reached = thresholds
        .iter()
        .rev()
        .map(|&t| t as f64)
        .find(|&t| t <= end_level)?;
    let crossed = start_level.is_none_or(|s| s < reached);
    let id = format!("followers_{reached}");
    if !crossed || granted.contains(id.as_str()) {
        return None;
    }
    let mut f = facts(id, AchievementKind::FollowerMilestone, reached, end_level);
    f.date = pts[lo..hi]
        .iter()
        .find(|p| p.value >= reached)
        .map(|p| p.date);
    Some((f, 0.9))
}

fn comments(ctx: &Ctx, granted: &HashSet<&str>) -> Vec<(AchievementFacts, f64)> {
    let current = ctx.current();
    let mut levels = ctx.config.comment_milestones.clone();
    levels.sort_unstable();
    levels.dedup();
    let comments_of = |p: &super::context::PostView| p.post.metrics.comments.unwrap_or(0);
    // The highest level reached for the first time this period.
    levels
        .iter()
        .rev()
        .find_map(|&n| {
            let id = format!("first_post_{n}_comments");
            if granted.contains(id.as_str())
                || ctx
                    .posts_before(current.start)
                    .iter()
                    .any(|p| comments_of(p) >= i64::from(n))
            {
                return None;
            }
            let p = ctx
                .posts_in(current)
                .iter()
                .find(|p| comments_of(p) >= i64::from(n))?;
            let mut f = facts(
                id,
                AchievementKind::CommentMilestone,
                f64::from(n),
                comments_of(p) as f64,
            );
            f.date = Some(p.day);
            f.post_id = Some(p.post.id.clone());
            f.post_snippet = Some(snippet(&p.post.text, 80));
            Some((f, 0.85))
        })
        .into_iter()
        .collect()
}

fn best_engagement(ctx: &Ctx, granted: &HashSet<&str>) -> Option<(AchievementFacts, f64)> {
    let current = ctx.current();
    let earlier: Vec<f64> = ctx
        .posts_before(current.start)
        .iter()
        .filter_map(|p| p.rate)
        .collect();
    if earlier.len() < ctx.config.best_engagement_min_posts as usize {
        return None;
    }
    let record = earlier.iter().copied().fold(f64::MIN, f64::max);
    let top = ctx
        .posts_in(current)
        .iter()
        .filter(|p| p.rate.is_some_and(|r| r > record))
        .max_by(|a, b| {
            a.rate
                .unwrap_or(0.0)
                .total_cmp(&b.rate.unwrap_or(0.0))
                .then(b.post.created_at.cmp(&a.post.created_at))
        })?;
    let id = format!("best_engagement_rate:{}", top.post.id);
    if granted.contains(id.as_str()) {
        return None;
    }
    let mut f = facts(
        id,
        AchievementKind::BestEngagement,
        record,
        top.rate.unwrap_or(0.0),
    );
    f.unit = super::top_post::rate_unit(ctx.basis.unwrap_or(RateBasis::Engagements)).to_owned();
    f.date = Some(top.day);
    f.post_id = Some(top.post.id.clone());
    f.post_snippet = Some(snippet(&top.post.text, 80));
    Some((f, 0.75))
}

fn streak(ctx: &Ctx, granted: &HashSet<&str>) -> Option<(AchievementFacts, f64)> {
    let (now, before) = streaks(ctx);
    let mut levels = ctx.config.streak_milestones.clone();
    levels.sort_unstable();
    let n = levels
        .iter()
        .rev()
        .copied()
        .find(|&n| before < n && n <= now)?;
    let id = format!("streak_{n}_weeks");
    if granted.contains(id.as_str()) {
        return None;
    }
    let mut f = facts(
        id,
        AchievementKind::PostingStreak,
        f64::from(n),
        f64::from(now),
    );
    f.date = ctx.current().end.pred_opt();
    Some((f, 0.8))
}

fn goal_milestones(
    ctx: &Ctx,
    goals: &[GoalEval],
    granted: &HashSet<&str>,
) -> Vec<(AchievementFacts, f64)> {
    goals
        .iter()
        .filter_map(|g| {
            let m = g.now.milestones.iter().rfind(|m| {
                m.fraction < 1.0
                    && m.reached_at
                        .is_some_and(|at| at > g.before_at && at <= ctx.now)
            })?;
            let pct = (m.fraction * 100.0).round() as u32;
            let id = format!("goal:{}:milestone_{pct}", g.id);
            if granted.contains(id.as_str()) {
                return None;
            }
            let mut f = facts(
                id,
                AchievementKind::GoalMilestone,
                m.fraction,
                g.now.progress,
            );
            f.date = m
                .reached_at
                .map(|at| at.with_timezone(&ctx.tz).date_naive());
            f.goal_id = Some(g.id.clone());
            f.goal_name = g.entry.goal.name.clone();
            Some((f, 0.8))
        })
        .collect()
}

fn kind_key(k: AchievementKind) -> &'static str {
    match k {
        AchievementKind::FollowerMilestone => "followers",
        AchievementKind::BestEngagement => "best_engagement",
        AchievementKind::CommentMilestone => "comments",
        AchievementKind::PostingStreak => "streak",
        AchievementKind::GoalMilestone => "goal_milestone",
    }
}

fn draft(f: AchievementFacts, priority: f64) -> Draft {
    let threshold_label = match f.achievement {
        AchievementKind::BestEngagement => "Previous best",
        _ => "Milestone",
    };
    let evidence = vec![
        ev("threshold", threshold_label, f.threshold, &f.unit),
        ev("value", "Reached", f.value, &f.unit),
    ];
    let action = match f.achievement {
        AchievementKind::FollowerMilestone => "Thank your audience in a short post.",
        AchievementKind::CommentMilestone => {
            "Reply to the comments and turn the best ones into your next post."
        }
        AchievementKind::BestEngagement => "Note what made this post work and reuse it.",
        AchievementKind::PostingStreak => "Keep it going: plan next week's posts today.",
        AchievementKind::GoalMilestone => "Keep the pace toward the next quarter mark.",
    };
    Draft {
        // Achievements happen once, ever: the id does not depend on the period.
        id: stable_id(&["achievement", kind_key(f.achievement), &f.achievement_id]),
        priority,
        evidence,
        actions: vec![action.to_owned()],
        facts: f.into(),
    }
}
