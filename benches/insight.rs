//! Criterion benches of the mentor: weekly insights for a year of daily series and 500
//! posts (the budget: under 1 ms on one core), the monthly insights, the digest
//! and its HTML. `cargo bench -p brandpilot-benches --bench insight`.

use std::hint::black_box;

use brandpilot::insight::{
    self, FeedbackEvent, FeedbackSignal, FeedbackState, GoalWithObservations, InsightConfig,
    InsightInput, InsightKind, Period,
};
use brandpilot::model::{
    AccountSnapshot, MediaKind, MetricPoint, MetricSeries, Platform, Post, PostMetrics, Profile,
    SeriesMetric,
};
use brandpilot::score::{self, BrandInput, ScoringConfig};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

const TEXTS: [&str; 4] = [
    "Three lessons from migrating 40 TB of event data to a lakehouse\n\nHere is what happened, what we changed, and what I would do differently. #dataengineering",
    "Data contracts are a conversation, not a document.\n\nWhat would you add to this checklist? https://example.com/contracts",
    "We cut our warehouse bill by 38% without deleting a single dashboard. The trick was boring: ownership, budgets and a weekly review.",
    "Hiring a senior data engineer in Amsterdam. DM me if you love pragmatic platforms!",
];

/// Deterministic pseudo-random numbers (a 64-bit LCG; Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A year of four daily series and 500 posts, scored now and a week earlier, with the
/// demo account's two goals.
fn year(now: DateTime<Utc>) -> InsightInput {
    let mut rng = Lcg(42);
    let last: NaiveDate = now.date_naive().pred_opt().unwrap();
    let days: Vec<NaiveDate> = (0..365u64)
        .rev()
        .map(|k| last.checked_sub_days(Days::new(k)).unwrap())
        .collect();
    let mut level = 1_200.0;
    let mut series = vec![
        MetricSeries {
            metric: SeriesMetric::Followers,
            points: vec![],
        },
        MetricSeries {
            metric: SeriesMetric::Impressions,
            points: vec![],
        },
        MetricSeries {
            metric: SeriesMetric::ProfileViews,
            points: vec![],
        },
        MetricSeries {
            metric: SeriesMetric::Engagements,
            points: vec![],
        },
    ];
    for &date in &days {
        level += (4.0 + 8.0 * rng.next()).round();
        let impressions = (400.0 + 600.0 * rng.next()).round();
        let values = [
            level,
            impressions,
            (5.0 + 20.0 * rng.next()).round(),
            (impressions * (0.02 + 0.03 * rng.next())).round(),
        ];
        for (s, value) in series.iter_mut().zip(values) {
            s.points.push(MetricPoint { date, value });
        }
    }
    let start = now - Duration::days(365);
    let posts: Vec<Post> = (0..500)
        .map(|i| {
            let at = start + Duration::minutes((i as f64 * 1_051.2 + 300.0 * rng.next()) as i64);
            let impressions = (500.0 + 2_000.0 * rng.next()) as i64;
            Post {
                id: format!("urn:li:share:{}", 7_200_000_000u64 + i),
                platform: Platform::Linkedin,
                created_at: at,
                text: TEXTS[i as usize % TEXTS.len()].to_owned(),
                media_kind: [MediaKind::None, MediaKind::Image, MediaKind::Document]
                    [i as usize % 3],
                metrics: PostMetrics {
                    impressions: Some(impressions),
                    likes: Some((impressions as f64 * (0.01 + 0.04 * rng.next())) as i64),
                    comments: Some((impressions as f64 * 0.004 * rng.next()) as i64),
                    shares: Some((3.0 * rng.next()) as i64),
                    ..PostMetrics::default()
                },
            }
        })
        .collect();
    let mut profile = Profile::new(Platform::Linkedin, "maya-chen-data");
    profile.display_name = Some("Maya Chen".into());
    profile.has_photo = true;
    profile.headline = Some("Data platform lead | I help teams ship trustworthy data".into());
    profile.followers = Some(level as i64);
    let snapshot = AccountSnapshot {
        profile,
        posts,
        series,
    };
    let analyze = |at: DateTime<Utc>| {
        let mut s = snapshot.clone();
        s.posts.retain(|p| p.created_at <= at);
        for series in &mut s.series {
            series.points.retain(|p| p.date <= at.date_naive());
        }
        score::analyze(
            &BrandInput {
                snapshot: s,
                industry: "technology".into(),
                now: at,
            },
            &ScoringConfig::default(),
        )
        .expect("valid")
    };
    let demo = common::demo();
    InsightInput {
        analysis: Some(analyze(now)),
        previous_analysis: Some(analyze(now - Duration::days(7))),
        goals: demo
            .goals
            .into_iter()
            .map(|(goal, observations)| GoalWithObservations { goal, observations })
            .collect(),
        granted_achievements: vec!["followers_1000".into()],
        posts_per_week_goal: None,
        time_zone: "Europe/Amsterdam".into(),
        snapshot,
    }
}

fn bench_insights(c: &mut Criterion) {
    let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
    let input = year(now);
    let config = InsightConfig::default();
    let feedback = insight::update_feedback(
        &FeedbackState::default(),
        &[FeedbackEvent {
            insight_id: None,
            kind: InsightKind::Trend,
            signal: FeedbackSignal::NotHelpful,
        }],
    )
    .unwrap();
    let mut group = c.benchmark_group("insight");
    group.throughput(Throughput::Elements(1));
    group.bench_function("weekly_year_500_posts", |b| {
        b.iter(|| {
            insight::generate(black_box(&input), Period::Week, now, &feedback, &config)
                .expect("valid")
        })
    });
    group.bench_function("monthly_year_500_posts", |b| {
        b.iter(|| {
            insight::generate(black_box(&input), Period::Month, now, &feedback, &config)
                .expect("valid")
        })
    });
    group.bench_function("digest_weekly_year_500_posts", |b| {
        b.iter(|| {
            insight::digest(black_box(&input), Period::Week, now, &feedback, &config)
                .expect("valid")
        })
    });
    let digest = insight::digest(&input, Period::Week, now, &feedback, &config).unwrap();
    group.bench_function("render_html", |b| {
        b.iter(|| insight::render_html(black_box(&digest)))
    });
    group.finish();
}

criterion_group!(benches, bench_insights);
criterion_main!(benches);
