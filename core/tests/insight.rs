//! Mentor insights: each kind fires when its data supports it and not otherwise,
//! achievements once, feedback ranking, determinism, sparse data and coded errors.

use brandpilot::goal::{Goal, GoalDirection, GoalMetric, Observation};
use brandpilot::insight::{
    self, AchievementKind, AnomalyDirection, CadenceStatus, Direction, FeedbackEvent,
    FeedbackSignal, FeedbackState, GoalChange, GoalWithObservations, Insight, InsightConfig,
    InsightInput, InsightKind, Narrator, NoiseBasis, Period, TemplateNarrator, TrendMetric,
};
use brandpilot::model::{
    AccountSnapshot, MediaKind, MetricPoint, MetricSeries, Platform, Post, PostMetrics, Profile,
    SeriesMetric,
};
use brandpilot::score::{self, BrandInput, ScoringConfig, Trend};
use chrono::{DateTime, Days, NaiveDate, Utc};
use proptest::prelude::*;

const NOW: &str = "2026-11-23T09:00:00Z";

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn post(id: &str, at: &str, impressions: i64, likes: i64, comments: i64) -> Post {
    Post {
        id: id.into(),
        platform: Platform::Linkedin,
        created_at: t(at),
        text: format!("Post {id}: what I learned this week"),
        media_kind: MediaKind::None,
        metrics: PostMetrics {
            impressions: Some(impressions),
            likes: Some(likes),
            comments: Some(comments),
            ..PostMetrics::default()
        },
    }
}

/// A daily series whose last point is `last` (inclusive).
fn daily(metric: SeriesMetric, last: &str, values: &[f64]) -> MetricSeries {
    let last = d(last);
    let n = values.len() as u64;
    MetricSeries {
        metric,
        points: values
            .iter()
            .enumerate()
            .map(|(i, &value)| MetricPoint {
                date: last.checked_sub_days(Days::new(n - 1 - i as u64)).unwrap(),
                value,
            })
            .collect(),
    }
}

/// Deterministic noise in `-amp..=amp`.
fn wiggle(i: usize, amp: f64) -> f64 {
    let k = (i * 37 + 11) % 21;
    (k as f64 - 10.0) / 10.0 * amp
}

fn snapshot(posts: Vec<Post>, series: Vec<MetricSeries>) -> AccountSnapshot {
    // No follower count: a profile count alone would grant a follower milestone.
    let profile = Profile::new(Platform::Linkedin, "ada");
    AccountSnapshot {
        profile,
        posts,
        series,
    }
}

fn input(snapshot: AccountSnapshot) -> InsightInput {
    InsightInput::new(snapshot, "UTC")
}

fn run(input: &InsightInput) -> Vec<Insight> {
    run_with(input, &FeedbackState::default(), &InsightConfig::default())
}

fn run_with(
    input: &InsightInput,
    feedback: &FeedbackState,
    config: &InsightConfig,
) -> Vec<Insight> {
    insight::generate(input, Period::Week, t(NOW), feedback, config).unwrap()
}

fn of(insights: &[Insight], kind: InsightKind) -> Vec<&Insight> {
    insights.iter().filter(|i| i.kind == kind).collect()
}

fn trend(insights: &[Insight], metric: TrendMetric) -> Option<brandpilot::insight::TrendFacts> {
    insights
        .iter()
        .filter_map(|i| i.facts.trend.clone())
        .find(|f| f.metric == metric)
}

fn all_config() -> InsightConfig {
    InsightConfig {
        max_insights: 100,
        ..InsightConfig::default()
    }
}

/// Ten weeks of impressions around 1,000 a day, the last week's days set to `last_week`.
fn impressions(last_week: f64) -> MetricSeries {
    let values: Vec<f64> = (0..70)
        .map(|i| {
            if i >= 63 {
                last_week
            } else {
                1000.0 + wiggle(i, 40.0)
            }
        })
        .collect();
    daily(SeriesMetric::Impressions, "2026-11-22", &values)
}

// ---------------------------------------------------------------- trends

#[test]
fn trend_beyond_the_noise_is_up_and_within_it_steady() {
    let up = run_with(
        &input(snapshot(vec![], vec![impressions(2000.0)])),
        &FeedbackState::default(),
        &all_config(),
    );
    let f = trend(&up, TrendMetric::Impressions).unwrap();
    assert_eq!(f.direction, Direction::Up);
    assert_eq!(f.noise_basis, NoiseBasis::History);
    assert_eq!(f.current, 14_000.0);
    assert!(f.history_periods >= 3);
    assert!(f.change_percent.unwrap() > 90.0);

    let steady = run_with(
        &input(snapshot(vec![], vec![impressions(1030.0)])),
        &FeedbackState::default(),
        &all_config(),
    );
    let f = trend(&steady, TrendMetric::Impressions).unwrap();
    assert_eq!(f.direction, Direction::Steady);
    let i = of(&steady, InsightKind::Trend)[0];
    assert!(i.priority < 0.2, "steady trends rank low");
    assert!(i.title.to_lowercase().contains("steady") || i.title.contains("No real change"));

    let down = run_with(
        &input(snapshot(vec![], vec![impressions(400.0)])),
        &FeedbackState::default(),
        &all_config(),
    );
    assert_eq!(
        trend(&down, TrendMetric::Impressions).unwrap().direction,
        Direction::Down
    );
}

#[test]
fn noisy_series_needs_a_bigger_change() {
    // Weekly totals swing by thousands: a 20 % rise is within the noise.
    let values: Vec<f64> = (0..70)
        .map(|i| {
            let week = i / 7;
            let base = if week % 2 == 0 { 700.0 } else { 1300.0 };
            if i >= 63 { 1200.0 } else { base }
        })
        .collect();
    let s = daily(SeriesMetric::Impressions, "2026-11-22", &values);
    let out = run_with(
        &input(snapshot(vec![], vec![s])),
        &FeedbackState::default(),
        &all_config(),
    );
    let f = trend(&out, TrendMetric::Impressions).unwrap();
    assert_eq!(f.direction, Direction::Steady, "{f:?}");
    assert!(f.noise > 3000.0);
}

#[test]
fn follower_growth_trend_uses_net_gains() {
    // +10 a day for nine weeks, then +40 a day.
    let mut level = 1000.0;
    let values: Vec<f64> = (0..70)
        .map(|i| {
            level += if i >= 63 { 40.0 } else { 10.0 + wiggle(i, 2.0) };
            level
        })
        .collect();
    let s = daily(SeriesMetric::Followers, "2026-11-22", &values);
    let out = run_with(
        &input(snapshot(vec![], vec![s])),
        &FeedbackState::default(),
        &all_config(),
    );
    let f = trend(&out, TrendMetric::Followers).unwrap();
    assert_eq!(f.direction, Direction::Up);
    assert_eq!(f.current, 280.0);
    assert_eq!(f.level, Some(*values.last().unwrap()));
}

#[test]
fn engagement_rate_trend_from_posts() {
    // One post a day for ten weeks at ~2 %; the last week at 6 %.
    let posts: Vec<Post> = (0..70)
        .map(|i| {
            let day = d("2026-09-14").checked_add_days(Days::new(i)).unwrap();
            let likes = if i >= 63 { 60 } else { 20 + (i % 3) as i64 };
            post(
                &format!("p{i}"),
                &format!("{day}T12:00:00Z"),
                1000,
                likes,
                0,
            )
        })
        .collect();
    let out = run_with(
        &input(snapshot(posts, vec![])),
        &FeedbackState::default(),
        &all_config(),
    );
    let f = trend(&out, TrendMetric::EngagementRate).unwrap();
    assert_eq!(f.direction, Direction::Up);
    assert!((f.current - 6.0).abs() < 1e-9);
    // Without an impressions series, impressions come from the posts.
    assert_eq!(
        trend(&out, TrendMetric::Impressions).unwrap().current,
        7000.0
    );
}

#[test]
fn one_period_of_data_gives_no_trend() {
    let s = daily(SeriesMetric::Impressions, "2026-11-22", &[100.0; 7]);
    let out = run(&input(snapshot(vec![], vec![s])));
    assert!(of(&out, InsightKind::Trend).is_empty());
    let s = daily(SeriesMetric::Followers, "2026-11-22", &[100.0]);
    let out = run(&input(snapshot(vec![], vec![s])));
    assert!(of(&out, InsightKind::Trend).is_empty());
    assert!(of(&out, InsightKind::Anomaly).is_empty());
}

// ---------------------------------------------------------------- anomalies

#[test]
fn no_anomaly_on_flat_or_calm_data() {
    for series in [
        daily(SeriesMetric::ProfileViews, "2026-11-22", &[100.0; 60]),
        daily(
            SeriesMetric::ProfileViews,
            "2026-11-22",
            &(0..60).map(|i| 100.0 + wiggle(i, 5.0)).collect::<Vec<_>>(),
        ),
        daily(
            SeriesMetric::Followers,
            "2026-11-22",
            &(0..60).map(|i| 500.0 + 3.0 * i as f64).collect::<Vec<_>>(),
        ),
    ] {
        let out = run_with(
            &input(snapshot(vec![], vec![series])),
            &FeedbackState::default(),
            &all_config(),
        );
        assert!(of(&out, InsightKind::Anomaly).is_empty(), "{out:#?}");
    }
}

#[test]
fn spike_is_explained_by_the_post_of_that_day() {
    let mut values: Vec<f64> = (0..60).map(|i| 100.0 + wiggle(i, 10.0)).collect();
    values[57] = 600.0; // 2026-11-20
    let s = daily(SeriesMetric::Impressions, "2026-11-22", &values);
    let mut viral = post("viral", "2026-11-20T08:00:00Z", 5000, 300, 40);
    viral.text = "Why we deleted half our dashboards\n\nA thread.".into();
    let posts = vec![post("calm", "2026-11-17T08:00:00Z", 500, 5, 0), viral];
    let out = run_with(
        &input(snapshot(posts, vec![s])),
        &FeedbackState::default(),
        &all_config(),
    );
    let a = of(&out, InsightKind::Anomaly);
    assert_eq!(a.len(), 1, "{a:#?}");
    let f = a[0].facts.anomaly.as_ref().unwrap();
    assert_eq!(f.direction, AnomalyDirection::Spike);
    assert_eq!(f.date, d("2026-11-20"));
    assert_eq!(f.post_id.as_deref(), Some("viral"));
    assert_eq!(
        f.post_snippet.as_deref(),
        Some("Why we deleted half our dashboards")
    );
    assert!(f.z_score > 3.5);
    assert!(a[0].body.contains("Why we deleted half our dashboards"));
}

#[test]
fn drop_reports_days_since_the_last_post() {
    let mut values: Vec<f64> = (0..60).map(|i| 200.0 + wiggle(i, 10.0)).collect();
    values[58] = 0.0; // 2026-11-21
    let s = daily(SeriesMetric::Impressions, "2026-11-22", &values);
    let posts = vec![post("old", "2026-11-14T08:00:00Z", 500, 5, 0)];
    let out = run_with(
        &input(snapshot(posts, vec![s])),
        &FeedbackState::default(),
        &all_config(),
    );
    let a = of(&out, InsightKind::Anomaly);
    assert_eq!(a.len(), 1);
    let f = a[0].facts.anomaly.as_ref().unwrap();
    assert_eq!(f.direction, AnomalyDirection::Drop);
    assert_eq!(f.days_since_post, Some(7));
    assert!(
        a[0].body.contains("7 days after your last post"),
        "{}",
        a[0].body
    );
}

#[test]
fn short_baseline_gives_no_anomaly() {
    let values = [
        100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 900.0,
    ];
    let s = daily(SeriesMetric::Impressions, "2026-11-22", &values);
    let out = run(&input(snapshot(vec![], vec![s])));
    assert!(of(&out, InsightKind::Anomaly).is_empty());
}

// ---------------------------------------------------------------- top post

fn history(n: u64) -> Vec<Post> {
    (0..n)
        .map(|i| {
            let day = d("2026-10-01").checked_add_days(Days::new(i * 3)).unwrap();
            post(
                &format!("h{i}"),
                &format!("{day}T09:00:00Z"),
                1000,
                10 + (i % 4) as i64,
                1,
            )
        })
        .collect()
}

#[test]
fn top_post_names_what_set_it_apart() {
    let mut posts = history(8);
    let mut best = post("best", "2026-11-19T09:00:00Z", 1000, 80, 20);
    best.media_kind = MediaKind::Video;
    posts.push(best);
    posts.push(post("meh", "2026-11-17T09:00:00Z", 1000, 9, 1));
    let out = run(&input(snapshot(posts, vec![])));
    let top = of(&out, InsightKind::TopPost);
    assert_eq!(top.len(), 1);
    let f = top[0].facts.top_post.as_ref().unwrap();
    assert_eq!(f.post_id, "best");
    assert!((f.rate - 10.0).abs() < 1e-9);
    assert!(f.lift.unwrap() > 5.0);
    let visual = f.traits.iter().find(|t| t.key == "visual_media").unwrap();
    assert!(visual.stands_out && visual.value == 1.0 && visual.typical == Some(0.0));
    assert!(
        f.traits.iter().any(|t| t.key == "quality_score"),
        "content analysis ran"
    );
    assert!(top[0].body.contains("a video"), "{}", top[0].body);
    assert!(top[0].actions[0].contains("visual"));
}

#[test]
fn no_top_post_without_posts_in_the_period() {
    let out = run(&input(snapshot(history(8), vec![])));
    assert!(of(&out, InsightKind::TopPost).is_empty());
    let c = of(&out, InsightKind::Cadence);
    let f = c[0].facts.cadence.as_ref().unwrap();
    assert_eq!(f.posts, 0);
    assert_eq!(f.status, CadenceStatus::Silent);
}

// ---------------------------------------------------------------- cadence

fn weekly_posts(weeks: u64) -> Vec<Post> {
    (0..weeks)
        .map(|w| {
            let day = d("2026-11-18").checked_sub_days(Days::new(7 * w)).unwrap();
            post(&format!("w{w}"), &format!("{day}T10:00:00Z"), 800, 12, 2)
        })
        .collect()
}

fn cadence(out: &[Insight]) -> brandpilot::insight::CadenceFacts {
    of(out, InsightKind::Cadence)[0]
        .facts
        .cadence
        .clone()
        .unwrap()
}

#[test]
fn cadence_streaks_kept_broken_and_not_started() {
    let kept = cadence(&run(&input(snapshot(weekly_posts(6), vec![]))));
    assert_eq!(kept.status, CadenceStatus::StreakKept);
    assert_eq!((kept.streak_weeks, kept.previous_streak_weeks), (6, 5));

    // The same posts shifted one week back: nothing in the period.
    let mut earlier = weekly_posts(6);
    for p in &mut earlier {
        p.created_at -= chrono::Duration::days(7);
    }
    let broken = run(&input(snapshot(earlier, vec![])));
    let f = cadence(&broken);
    assert_eq!(f.status, CadenceStatus::StreakBroken);
    assert_eq!((f.streak_weeks, f.previous_streak_weeks), (0, 6));
    assert_eq!(f.longest_gap_days, 7);
    let c = of(&broken, InsightKind::Cadence)[0];
    assert!(c.title.to_lowercase().contains("streak"), "{}", c.title);

    let new = cadence(&run(&input(snapshot(vec![], vec![]))));
    assert_eq!(new.status, CadenceStatus::NotStarted);
    assert_eq!(new.days_since_last_post, None);
}

#[test]
fn cadence_against_the_posting_goal() {
    let mut i = input(snapshot(weekly_posts(3), vec![]));
    i.posts_per_week_goal = Some(3);
    let out = run(&i);
    let f = cadence(&out);
    assert_eq!(f.status, CadenceStatus::BelowTarget);
    assert_eq!((f.posts, f.target, f.target_per_week), (1, 3, 3));
    let body = &of(&out, InsightKind::Cadence)[0].body;
    assert!(body.contains("1 post this past week"), "{body}");
    assert!(body.contains("target of 3 posts"), "{body}");
}

// ---------------------------------------------------------------- achievements

fn achievements(out: &[Insight]) -> Vec<brandpilot::insight::AchievementFacts> {
    out.iter()
        .filter_map(|i| i.facts.achievement.clone())
        .collect()
}

#[test]
fn follower_milestone_once() {
    let values: Vec<f64> = (0..60).map(|i| 890.0 + 2.0 * i as f64).collect();
    let s = daily(SeriesMetric::Followers, "2026-11-22", &values);
    let mut i = input(snapshot(vec![], vec![s]));
    let a = achievements(&run(&i));
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].achievement_id, "followers_1000");
    assert_eq!(a[0].achievement, AchievementKind::FollowerMilestone);
    assert_eq!(a[0].date, Some(d("2026-11-18")));
    i.granted_achievements = vec![a[0].achievement_id.clone()];
    assert!(achievements(&run(&i)).is_empty());
}

#[test]
fn follower_milestone_crossed_before_the_period_is_not_news() {
    let values: Vec<f64> = (0..60).map(|i| 990.0 + 2.0 * i as f64).collect();
    let s = daily(SeriesMetric::Followers, "2026-11-22", &values);
    assert!(achievements(&run(&input(snapshot(vec![], vec![s])))).is_empty());
}

#[test]
fn first_post_with_100_comments_and_best_engagement() {
    let mut posts = history(8);
    posts.push(post("hit", "2026-11-19T09:00:00Z", 2000, 200, 120));
    let mut i = input(snapshot(posts.clone(), vec![]));
    let a = achievements(&run(&i));
    let ids: Vec<&str> = a.iter().map(|f| f.achievement_id.as_str()).collect();
    assert!(ids.contains(&"first_post_100_comments"), "{ids:?}");
    assert!(ids.contains(&"best_engagement_rate:hit"), "{ids:?}");
    let best = a
        .iter()
        .find(|f| f.achievement == AchievementKind::BestEngagement)
        .unwrap();
    assert_eq!(best.post_id.as_deref(), Some("hit"));
    assert_eq!(best.unit, "%");

    // Granted: never again.
    i.granted_achievements = ids.iter().map(|s| s.to_string()).collect();
    assert!(achievements(&run(&i)).is_empty());

    // An earlier post already passed 100 comments: this one is not the first.
    let mut earlier = posts.clone();
    earlier[0].metrics.comments = Some(150);
    let ids: Vec<String> = achievements(&run(&input(snapshot(earlier, vec![]))))
        .into_iter()
        .map(|f| f.achievement_id)
        .collect();
    assert!(!ids.contains(&"first_post_100_comments".to_owned()));

    // Too few earlier posts for a record to mean much.
    let few = vec![
        posts[0].clone(),
        posts[1].clone(),
        posts.last().unwrap().clone(),
    ];
    let a = achievements(&run(&input(snapshot(few, vec![]))));
    assert!(
        a.iter()
            .all(|f| f.achievement != AchievementKind::BestEngagement)
    );
}

#[test]
fn streak_milestone_when_reached() {
    let a = achievements(&run(&input(snapshot(weekly_posts(4), vec![]))));
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].achievement_id, "streak_4_weeks");
    // A week later the streak is 5: no new milestone.
    let mut more = weekly_posts(4);
    more.push(post("w-1", "2026-11-25T10:00:00Z", 800, 12, 2));
    let out = insight::generate(
        &input(snapshot(more, vec![])),
        Period::Week,
        t("2026-11-30T09:00:00Z"),
        &FeedbackState::default(),
        &InsightConfig::default(),
    )
    .unwrap();
    assert!(achievements(&out).is_empty());
}

fn followers_goal(start: &str, deadline: &str, obs: &[(&str, f64)]) -> GoalWithObservations {
    GoalWithObservations {
        goal: Goal {
            id: Some("g1".into()),
            name: Some("Reach 2,000 followers".into()),
            metric: GoalMetric::Followers,
            direction: GoalDirection::Increase,
            baseline: 1000.0,
            target: 2000.0,
            start: t(start),
            deadline: t(deadline),
        },
        observations: obs
            .iter()
            .map(|&(at, value)| Observation { at: t(at), value })
            .collect(),
    }
}

#[test]
fn goal_milestone_is_an_achievement_once() {
    let g = followers_goal(
        "2026-10-01T00:00:00Z",
        "2027-06-01T00:00:00Z",
        &[
            ("2026-11-10T00:00:00Z", 1200.0),
            ("2026-11-20T00:00:00Z", 1260.0),
        ],
    );
    let mut i = input(snapshot(vec![], vec![]));
    i.goals.push(g);
    let a = achievements(&run(&i));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].achievement_id, "goal:g1:milestone_25");
    assert_eq!(a[0].goal_name.as_deref(), Some("Reach 2,000 followers"));
    i.granted_achievements.push(a[0].achievement_id.clone());
    assert!(achievements(&run(&i)).is_empty());
}

#[test]
fn achievement_ids_do_not_depend_on_the_period() {
    let values: Vec<f64> = (0..60).map(|i| 890.0 + 2.0 * i as f64).collect();
    let i = input(snapshot(
        vec![],
        vec![daily(SeriesMetric::Followers, "2026-11-22", &values)],
    ));
    let week = run(&i);
    let month = insight::generate(
        &i,
        Period::Month,
        t(NOW),
        &FeedbackState::default(),
        &InsightConfig::default(),
    )
    .unwrap();
    let a = of(&week, InsightKind::Achievement)[0];
    let b = of(&month, InsightKind::Achievement)[0];
    assert_eq!(a.id, b.id);
    assert_ne!(a.period, b.period);
}

// ---------------------------------------------------------------- goals

fn goal_changes(out: &[Insight]) -> Vec<GoalChange> {
    out.iter()
        .filter_map(|i| i.facts.goal.as_ref().map(|f| f.change))
        .collect()
}

fn with_goal(g: GoalWithObservations) -> InsightInput {
    let mut i = input(snapshot(vec![], vec![]));
    i.goals.push(g);
    i
}

#[test]
fn goal_status_changes() {
    // On track a week ago (46 % done, 51 % of the time gone); at risk now (58 % gone).
    let at_risk = with_goal(followers_goal(
        "2026-10-01T00:00:00Z",
        "2026-12-31T00:00:00Z",
        &[("2026-11-16T00:00:00Z", 1470.0)],
    ));
    let out = run(&at_risk);
    assert_eq!(goal_changes(&out), vec![GoalChange::NowAtRisk]);
    let g = of(&out, InsightKind::Goal)[0];
    assert!(g.pinned);
    assert!(g.title.contains("Reach 2,000 followers"), "{}", g.title);

    let achieved = with_goal(followers_goal(
        "2026-10-01T00:00:00Z",
        "2027-06-01T00:00:00Z",
        &[
            ("2026-11-01T00:00:00Z", 1500.0),
            ("2026-11-20T00:00:00Z", 2010.0),
        ],
    ));
    assert_eq!(goal_changes(&run(&achieved)), vec![GoalChange::Achieved]);

    let near = with_goal(followers_goal(
        "2026-10-01T00:00:00Z",
        "2026-11-30T00:00:00Z",
        &[
            ("2026-10-15T00:00:00Z", 1250.0),
            ("2026-11-15T00:00:00Z", 1750.0),
            ("2026-11-22T00:00:00Z", 1900.0),
        ],
    ));
    assert_eq!(goal_changes(&run(&near)), vec![GoalChange::DeadlineNear]);

    let quiet = with_goal(followers_goal(
        "2026-10-01T00:00:00Z",
        "2027-10-01T00:00:00Z",
        &[
            ("2026-10-15T00:00:00Z", 1100.0),
            ("2026-11-22T00:00:00Z", 1300.0),
        ],
    ));
    assert!(goal_changes(&run(&quiet)).is_empty());
}

// ---------------------------------------------------------------- benchmark, recommendations

fn analysis(has_photo: bool, at: &str) -> brandpilot::score::BrandAnalysis {
    let mut s = snapshot(vec![], vec![]);
    s.profile.has_photo = has_photo;
    s.profile.headline = Some("Data engineer helping teams ship trustworthy data".into());
    score::analyze(
        &BrandInput {
            snapshot: s,
            industry: "technology".into(),
            now: t(at),
        },
        &ScoringConfig::default(),
    )
    .unwrap()
}

#[test]
fn benchmark_and_recommendations_from_the_analyses() {
    let mut i = input(snapshot(vec![], vec![]));
    assert!(of(&run(&i), InsightKind::Benchmark).is_empty());
    i.analysis = Some(analysis(true, NOW));
    let out = run_with(&i, &FeedbackState::default(), &all_config());
    let b = of(&out, InsightKind::Benchmark);
    assert_eq!(b.len(), 1);
    let f = b[0].facts.benchmark.as_ref().unwrap();
    assert_eq!(f.trend, Trend::Unknown);
    let recs = of(&out, InsightKind::Recommendation);
    assert_eq!(recs.len(), 2);
    assert!(recs[0].priority >= recs[1].priority);

    i.previous_analysis = Some(analysis(false, "2026-11-16T09:00:00Z"));
    let out = run_with(&i, &FeedbackState::default(), &all_config());
    let b = of(&out, InsightKind::Benchmark);
    assert_eq!(b.len(), 2);
    let overall = b
        .iter()
        .find(|i| i.facts.benchmark.as_ref().unwrap().dimension.is_none())
        .unwrap();
    let f = overall.facts.benchmark.as_ref().unwrap();
    assert_eq!(f.trend, Trend::Improved);
    assert!(f.delta.unwrap() > 2.0);
    let t = &overall.title;
    assert!(
        t.contains("up") || t.contains("rose") || t.contains("Gaining"),
        "{t}"
    );
    let dim = b.iter().find(|i| i.id != overall.id).unwrap();
    let f = dim.facts.benchmark.as_ref().unwrap();
    assert_eq!(f.dimension, Some(brandpilot::score::Dimension::Presence));
    assert!(
        dim.title.starts_with("Presence") || dim.title.contains("presence"),
        "{}",
        dim.title
    );
}

// ---------------------------------------------------------------- ranking

fn rich_input() -> InsightInput {
    let mut posts = history(8);
    posts.push(post("best", "2026-11-19T09:00:00Z", 1000, 80, 20));
    let mut i = input(snapshot(posts, vec![impressions(2000.0)]));
    i.analysis = Some(analysis(true, NOW));
    i.goals.push(followers_goal(
        "2026-10-01T00:00:00Z",
        "2026-12-31T00:00:00Z",
        &[("2026-11-16T00:00:00Z", 1470.0)],
    ));
    i.granted_achievements = vec![];
    i
}

fn events(kind: InsightKind, signal: FeedbackSignal, n: usize) -> Vec<FeedbackEvent> {
    (0..n)
        .map(|k| FeedbackEvent {
            insight_id: Some(format!("i{k}")),
            kind,
            signal,
        })
        .collect()
}

#[test]
fn not_helpful_lowers_a_kind_and_helpful_raises_it() {
    let i = rich_input();
    let base = run_with(&i, &FeedbackState::default(), &all_config());
    let pos = |out: &[Insight], k: InsightKind| out.iter().position(|i| i.kind == k).unwrap();
    let score =
        |out: &[Insight], k: InsightKind| out.iter().find(|i| i.kind == k).unwrap().rank_score;

    let down = insight::update_feedback(
        &FeedbackState::default(),
        &events(InsightKind::Trend, FeedbackSignal::NotHelpful, 6),
    )
    .unwrap();
    let after = run_with(&i, &down, &all_config());
    assert!(score(&after, InsightKind::Trend) < score(&base, InsightKind::Trend));
    assert!(pos(&after, InsightKind::Trend) > pos(&base, InsightKind::Trend));
    assert_eq!(after.len(), base.len());

    let up = insight::update_feedback(
        &FeedbackState::default(),
        &events(InsightKind::Recommendation, FeedbackSignal::Helpful, 6),
    )
    .unwrap();
    let after = run_with(&i, &up, &all_config());
    assert!(score(&after, InsightKind::Recommendation) > score(&base, InsightKind::Recommendation));
    assert!(pos(&after, InsightKind::Recommendation) < pos(&base, InsightKind::Recommendation));

    // With a budget, the demoted kind is the one that drops out.
    let config = InsightConfig {
        max_insights: 4,
        ..InsightConfig::default()
    };
    let cut = run_with(&i, &down, &config);
    assert!(
        of(&cut, InsightKind::Trend).is_empty(),
        "{:?}",
        cut.iter().map(|i| i.kind).collect::<Vec<_>>()
    );
}

#[test]
fn ranking_never_hides_goals_or_achievements() {
    let mut i = rich_input();
    i.snapshot.series.push(daily(
        SeriesMetric::Followers,
        "2026-11-22",
        &(0..60).map(|k| 890.0 + 2.0 * k as f64).collect::<Vec<_>>(),
    ));
    let mut hate = events(InsightKind::Goal, FeedbackSignal::NotHelpful, 40);
    hate.extend(events(
        InsightKind::Achievement,
        FeedbackSignal::Dismissed,
        40,
    ));
    let state = insight::update_feedback(&FeedbackState::default(), &hate).unwrap();
    assert!(state.weight(InsightKind::Goal) < 0.7);
    let everything = run_with(&i, &FeedbackState::default(), &all_config());
    let pinned: Vec<&Insight> = everything.iter().filter(|i| i.pinned).collect();
    assert!(pinned.len() >= 3, "a goal change and two achievements");
    let config = InsightConfig {
        max_insights: 1,
        ..InsightConfig::default()
    };
    let out = run_with(&i, &state, &config);
    assert_eq!(of(&out, InsightKind::Goal).len(), 1);
    assert_eq!(of(&out, InsightKind::Achievement).len(), pinned.len() - 1);
    for p in &pinned {
        assert!(out.iter().any(|o| o.id == p.id), "{} hidden", p.title);
    }
    assert_eq!(out.len(), pinned.len(), "pinned ones fill the budget");
    let config = InsightConfig {
        max_insights: pinned.len() as u32 + 1,
        ..InsightConfig::default()
    };
    assert_eq!(run_with(&i, &state, &config).len(), pinned.len() + 1);
    for p in out.iter().filter(|i| i.pinned) {
        assert!(
            p.rank_score >= p.priority,
            "feedback never demotes a pinned insight"
        );
    }
    assert!(out.windows(2).all(|w| w[0].rank_score >= w[1].rank_score));
}

#[test]
fn a_near_deadline_survives_any_feedback_and_budget() {
    let near = with_goal(followers_goal(
        "2026-10-01T00:00:00Z",
        "2026-11-30T00:00:00Z",
        &[
            ("2026-10-15T00:00:00Z", 1250.0),
            ("2026-11-15T00:00:00Z", 1750.0),
            ("2026-11-22T00:00:00Z", 1900.0),
        ],
    ));
    let state = insight::update_feedback(
        &FeedbackState::default(),
        &events(InsightKind::Goal, FeedbackSignal::NotHelpful, 200),
    )
    .unwrap();
    let config = InsightConfig {
        max_insights: 0,
        ..InsightConfig::default()
    };
    let out = run_with(&near, &state, &config);
    assert_eq!(out.len(), 1);
    assert_eq!(goal_changes(&out), vec![GoalChange::DeadlineNear]);
    assert!(out[0].body.contains("6 days to go"), "{}", out[0].body);
}

#[test]
fn feedback_state_is_a_beta_posterior() {
    let s = FeedbackState::default();
    assert_eq!(s.weight(InsightKind::Trend), 1.0);
    let s = insight::update_feedback(
        &s,
        &events(InsightKind::Trend, FeedbackSignal::NotHelpful, 2),
    )
    .unwrap();
    let p = s.preference(InsightKind::Trend);
    assert_eq!((p.alpha, p.beta, p.events), (2.0, 4.0, 2));
    // Forgetting keeps α + β bounded.
    let s = insight::update_feedback(
        &s,
        &events(InsightKind::Trend, FeedbackSignal::Helpful, 500),
    )
    .unwrap();
    let p = s.preference(InsightKind::Trend);
    assert!((p.alpha + p.beta - insight::MAX_EVIDENCE).abs() < 1e-9);
    assert!(p.mean() > 0.9);
    // The pure function and `record` agree; JSON round-trips.
    let mut m = FeedbackState::default();
    for e in events(InsightKind::Anomaly, FeedbackSignal::Read, 3) {
        m.record(&e).unwrap();
    }
    let p = insight::update_feedback(
        &FeedbackState::default(),
        &events(InsightKind::Anomaly, FeedbackSignal::Read, 3),
    )
    .unwrap();
    assert_eq!(m, p);
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<FeedbackState>(&json).unwrap(), p);
}

// ---------------------------------------------------------------- determinism, sparse data

#[test]
fn same_input_same_output_whatever_the_order() {
    let i = rich_input();
    let a = run(&i);
    let b = run(&i);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let mut shuffled = i.clone();
    shuffled.snapshot.posts.reverse();
    for s in &mut shuffled.snapshot.series {
        s.points.reverse();
    }
    assert_eq!(run(&shuffled), a);
    // Ids are stable and distinct.
    let mut ids: Vec<&str> = a.iter().map(|i| i.id.as_str()).collect();
    assert!(
        ids.iter()
            .all(|id| id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()))
    );
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), a.len());
}

#[test]
fn ids_change_with_the_period() {
    let i = rich_input();
    let a = run(&i);
    let b = insight::generate(
        &i,
        Period::Week,
        t("2026-11-30T09:00:00Z"),
        &FeedbackState::default(),
        &InsightConfig::default(),
    )
    .unwrap();
    let cadence_id = |v: &[Insight]| of(v, InsightKind::Cadence)[0].id.clone();
    assert_ne!(cadence_id(&a), cadence_id(&b));
}

#[test]
fn new_account_gets_a_sensible_start() {
    let out = run(&input(snapshot(vec![], vec![])));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].kind, InsightKind::Cadence);
    assert!(out[0].title.contains("first post"), "{}", out[0].title);
    assert!(!out[0].actions.is_empty());
    let month = insight::generate(
        &input(snapshot(vec![], vec![])),
        Period::Month,
        t(NOW),
        &FeedbackState::default(),
        &InsightConfig::default(),
    )
    .unwrap();
    assert_eq!(month[0].period.first_day, d("2026-10-23"));
    assert_eq!(month[0].period.days, 31);
}

#[test]
fn one_post_one_point() {
    let i = input(snapshot(
        vec![post("only", "2026-11-18T12:00:00Z", 300, 9, 1)],
        vec![daily(SeriesMetric::Followers, "2026-11-22", &[120.0])],
    ));
    let out = run(&i);
    let top = of(&out, InsightKind::TopPost);
    assert_eq!(top.len(), 1);
    let f = top[0].facts.top_post.as_ref().unwrap();
    assert_eq!((f.median_rate, f.lift, f.posts_compared), (None, None, 0));
    assert!(top[0].body.contains("first post"), "{}", top[0].body);
    // 120 followers from a single point: the 100 milestone, once.
    assert_eq!(achievements(&out)[0].achievement_id, "followers_100");
}

#[test]
fn time_zone_decides_the_local_day() {
    // 23:30 UTC on Sunday 22 Nov is Monday 23 Nov in Tokyo: outside Tokyo's week.
    let p = post("late", "2026-11-22T23:30:00Z", 300, 9, 1);
    let mut i = input(snapshot(vec![p], vec![]));
    assert_eq!(of(&run(&i), InsightKind::TopPost).len(), 1);
    i.time_zone = "Asia/Tokyo".into();
    let out = run(&i);
    assert!(of(&out, InsightKind::TopPost).is_empty());
    assert_eq!(out[0].period.time_zone, "Asia/Tokyo");
    assert_eq!(out[0].period.start, t("2026-11-15T15:00:00Z"));
}

// ---------------------------------------------------------------- narration

#[test]
fn narration_is_deterministic_and_varied() {
    let i = rich_input();
    let mut out = run(&i);
    let before = out.clone();
    TemplateNarrator.narrate_all(&mut out);
    assert_eq!(out, before, "generate's prose is the template narrator's");
    for ins in &out {
        assert!(!ins.title.is_empty() && !ins.body.is_empty());
        assert!(
            !ins.body.contains("1 posts") && !ins.body.contains("1 days"),
            "{}",
            ins.body
        );
    }
    // Different ids of the same facts pick among several phrasings.
    let mut titles = std::collections::BTreeSet::new();
    let mut probe = of(&out, InsightKind::Cadence)[0].clone();
    for k in 0..12u64 {
        probe.id = format!("{k:016x}");
        titles.insert(TemplateNarrator.narrate(&probe).title);
    }
    assert!(titles.len() >= 2, "{titles:?}");
}

// ---------------------------------------------------------------- errors

fn error(i: &InsightInput, config: &InsightConfig, feedback: &FeedbackState) -> brandpilot::Error {
    insight::generate(i, Period::Week, t(NOW), feedback, config).unwrap_err()
}

#[test]
fn bad_input_gets_coded_errors() {
    let ok = rich_input();
    let cases: Vec<(InsightInput, InsightConfig, FeedbackState, &str)> = vec![
        {
            let mut i = ok.clone();
            i.time_zone = "Mars/Olympus".into();
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "time_zone",
            )
        },
        {
            let mut i = ok.clone();
            i.snapshot.posts[0].metrics.likes = Some(-1);
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "snapshot.posts[0].metrics.likes",
            )
        },
        {
            let mut i = ok.clone();
            i.goals[0].goal.target = i.goals[0].goal.baseline;
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "goals[0].goal.target",
            )
        },
        {
            let mut i = ok.clone();
            i.goals[0].observations[0].value = f64::NAN;
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "goals[0].observations[0].value",
            )
        },
        {
            let mut i = ok.clone();
            i.analysis.as_mut().unwrap().platform = Platform::X;
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "analysis.platform",
            )
        },
        {
            let mut i = ok.clone();
            i.goals.push(i.goals[0].clone());
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "goals[1].goal.id",
            )
        },
        {
            let mut i = ok.clone();
            i.posts_per_week_goal = Some(0);
            (
                i,
                InsightConfig::default(),
                FeedbackState::default(),
                "posts_per_week_goal",
            )
        },
        (
            ok.clone(),
            InsightConfig {
                noise_k: f64::NAN,
                ..InsightConfig::default()
            },
            FeedbackState::default(),
            "config.noise_k",
        ),
        (
            ok.clone(),
            InsightConfig {
                follower_milestones: vec![100, 0],
                ..InsightConfig::default()
            },
            FeedbackState::default(),
            "config.follower_milestones[1]",
        ),
        (
            ok.clone(),
            InsightConfig::default(),
            {
                let mut s = FeedbackState::default();
                s.record(&FeedbackEvent {
                    insight_id: None,
                    kind: InsightKind::Trend,
                    signal: FeedbackSignal::Read,
                })
                .unwrap();
                s.preferences[0].alpha = -1.0;
                s
            },
            "feedback.preferences[0].alpha",
        ),
    ];
    for (i, config, feedback, field) in cases {
        let e = error(&i, &config, &feedback);
        assert_eq!(e.code(), "invalid_input");
        assert_eq!(e.field(), Some(field), "{e}");
        let d = insight::digest(&i, Period::Week, t(NOW), &feedback, &config).unwrap_err();
        assert_eq!(d, e, "digest validates like generate");
    }
    let e = insight::update_feedback(
        &FeedbackState::default(),
        &[FeedbackEvent {
            insight_id: Some("x".repeat(400)),
            kind: InsightKind::Trend,
            signal: FeedbackSignal::Read,
        }],
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("events[0].insight_id"));
    // Unknown JSON fields are rejected by the input types.
    let bad = serde_json::from_str::<InsightInput>(
        r#"{"snapshot": {"profile": {"platform": "x", "handle": "a"}}, "time_zone": "UTC", "extra": 1}"#,
    );
    assert!(bad.is_err());
}

// ---------------------------------------------------------------- properties

fn arb_post(i: usize) -> impl Strategy<Value = Post> {
    (
        0i64..(150 * 86_400),
        prop::option::of(0i64..100_000),
        prop::option::of(0i64..5_000),
        prop::option::of(0i64..500),
        prop::option::of(0i64..200),
        0usize..7,
        "[ -~\\n]{0,80}",
    )
        .prop_map(
            move |(ago, impressions, likes, comments, shares, media, text)| Post {
                id: format!("p{i}"),
                platform: Platform::Linkedin,
                created_at: t(NOW) - chrono::Duration::seconds(ago),
                text,
                media_kind: [
                    MediaKind::None,
                    MediaKind::Image,
                    MediaKind::Video,
                    MediaKind::Carousel,
                    MediaKind::Document,
                    MediaKind::Link,
                    MediaKind::Poll,
                ][media],
                metrics: PostMetrics {
                    impressions,
                    likes,
                    comments,
                    shares,
                    ..PostMetrics::default()
                },
            },
        )
}

fn arb_series(metric: SeriesMetric) -> impl Strategy<Value = MetricSeries> {
    prop::collection::vec((0u64..200, 0.0f64..1e6), 0..80).prop_map(move |pts| {
        let mut seen = std::collections::BTreeMap::new();
        for (ago, v) in pts {
            seen.insert(ago, v);
        }
        MetricSeries {
            metric,
            points: seen
                .into_iter()
                .map(|(ago, value)| MetricPoint {
                    date: d("2026-11-23").checked_sub_days(Days::new(ago)).unwrap(),
                    value,
                })
                .collect(),
        }
    })
}

fn arb_input() -> impl Strategy<Value = (InsightInput, bool)> {
    (
        (0usize..25).prop_flat_map(|n| (0..n).map(arb_post).collect::<Vec<_>>()),
        arb_series(SeriesMetric::Followers),
        arb_series(SeriesMetric::Impressions),
        arb_series(SeriesMetric::ProfileViews),
        prop::option::of(0i64..2_000_000),
        0usize..4,
        prop::option::of(1u32..10),
        any::<bool>(),
    )
        .prop_map(|(posts, f, im, pv, followers, tz, goal, month)| {
            let mut s = snapshot(posts, vec![f, im, pv]);
            s.profile.followers = followers;
            let mut i = input(s);
            i.time_zone = [
                "UTC",
                "Europe/Amsterdam",
                "America/Santiago",
                "Pacific/Kiritimati",
            ][tz]
                .into();
            i.posts_per_week_goal = goal;
            (i, month)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generate_and_digest_never_panic((i, month) in arb_input()) {
        let period = if month { Period::Month } else { Period::Week };
        let out = insight::generate(&i, period, t(NOW), &FeedbackState::default(), &InsightConfig::default()).unwrap();
        prop_assert!(!out.is_empty());
        for ins in &out {
            prop_assert!((0.0..=1.0).contains(&ins.priority));
            prop_assert!(ins.rank_score.is_finite());
            prop_assert!(!ins.title.is_empty() && !ins.body.is_empty());
            prop_assert!(ins.evidence.iter().all(|e| e.value.is_finite()), "{:?}", ins.evidence);
            prop_assert_eq!(ins.facts.kind(), Some(ins.kind));
        }
        let again = insight::generate(&i, period, t(NOW), &FeedbackState::default(), &InsightConfig::default()).unwrap();
        prop_assert_eq!(&out, &again);
        let d = insight::digest(&i, period, t(NOW), &FeedbackState::default(), &InsightConfig::default()).unwrap();
        let html = insight::render_html(&d);
        prop_assert!(html.contains("chart-heatmap") && !html.contains("<script"));
    }
}
