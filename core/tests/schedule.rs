//! Integration tests of `brandpilot::schedule`, plus the shared JSON vectors in
//! `tests/vectors/schedule/` (run by `tests/vectors.rs`; `BRANDPILOT_BLESS=1` rewrites their `expected`
//! values from the implementation, after checking the numbers by hand).

use std::collections::{HashMap, HashSet};

use brandpilot::model::{MediaKind, Platform, Post, PostMetrics};
use brandpilot::schedule::{
    BestTimes, PRIOR_WEIGHT, PlanDraft, PlanRules, PlanWindow, PlatformGap, PlatformSlots,
    PostingPlan, RateBasis, SlotSource, SlotTime, UnscheduledReason, Weekday, best_times, plan,
    prior_lift,
};
use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn post(
    id: usize,
    platform: Platform,
    at: DateTime<Utc>,
    likes: i64,
    impressions: Option<i64>,
) -> Post {
    Post {
        id: format!("p{id}"),
        platform,
        created_at: at,
        text: String::new(),
        media_kind: MediaKind::None,
        metrics: PostMetrics {
            likes: Some(likes),
            impressions,
            ..PostMetrics::default()
        },
    }
}

fn slot_of(bt: &BestTimes, weekday: Weekday, hour: u32) -> &brandpilot::schedule::Slot {
    &bt.grid[weekday as usize * 24 + hour as usize]
}

fn assert_invalid<T: std::fmt::Debug>(result: brandpilot::Result<T>, field: &str) {
    let err = result.expect_err("expected an error");
    assert_eq!(err.code(), "invalid_input", "{err}");
    assert_eq!(err.field(), Some(field), "{err}");
}

// ---------------------------------------------------------------------------------------
// best_times
// ---------------------------------------------------------------------------------------

/// `base` posts on Mondays 03:00 UTC with 10 likes, plus `n` posts on Wednesdays 14:00 UTC
/// with `likes` each (zone UTC, raw engagements).
fn two_slot_history(base: usize, n: usize, likes: i64) -> Vec<Post> {
    let monday = t("2026-01-05T03:00:00Z");
    let wednesday = t("2026-01-07T14:00:00Z");
    let mut posts: Vec<Post> = (0..base)
        .map(|i| {
            post(
                i,
                Platform::Linkedin,
                monday + Duration::weeks(i as i64),
                10,
                None,
            )
        })
        .collect();
    posts.extend((0..n).map(|i| {
        post(
            base + i,
            Platform::Linkedin,
            wednesday + Duration::weeks(i as i64),
            likes,
            None,
        )
    }));
    posts
}

#[test]
fn one_post_in_a_slot_barely_moves_it() {
    let posts = two_slot_history(60, 1, 100);
    let bt = best_times(&posts, "UTC", Platform::Linkedin, 3, None).unwrap();
    assert_eq!(bt.basis, Some(RateBasis::Engagements));
    let s = slot_of(&bt, Weekday::Wednesday, 14);
    assert_eq!(s.posts, 1);
    let observed = s.observed_lift.unwrap();
    assert!(observed > 8.0, "{observed}");
    // The estimate moves 1/(1+m) of the way from the prior to the observation.
    let weight = 1.0 / (1.0 + PRIOR_WEIGHT);
    let want = s.prior_lift + weight * (observed - s.prior_lift);
    assert!((s.expected_lift - want).abs() < 1e-12);
    assert!(weight < 0.1, "one post weighs {weight}");
    assert!(s.confidence < 0.1, "{}", s.confidence);
}

#[test]
fn thirty_posts_in_a_slot_move_it() {
    let posts = two_slot_history(30, 30, 50);
    let bt = best_times(&posts, "UTC", Platform::Linkedin, 1, None).unwrap();
    let s = slot_of(&bt, Weekday::Wednesday, 14);
    assert_eq!(s.posts, 30);
    // mean = (30·10 + 30·50)/60 = 30; the slot's own lift is 5/3.
    assert_eq!(bt.mean_rate, Some(30.0));
    assert!((s.observed_lift.unwrap() - 5.0 / 3.0).abs() < 1e-12);
    let weight = 30.0 / (30.0 + PRIOR_WEIGHT);
    assert!(weight >= 0.75);
    let want = s.prior_lift + weight * (5.0 / 3.0 - s.prior_lift);
    assert!((s.expected_lift - want).abs() < 1e-12);
    assert_eq!(bt.slots[0].weekday, Weekday::Wednesday);
    assert_eq!(bt.slots[0].hour, 14);
    // Identical posts: no spread left but the pooled one; confidence well above one post's.
    assert!(s.confidence > 0.5, "{}", s.confidence);
    let night = slot_of(&bt, Weekday::Monday, 3);
    assert!(night.expected_lift < 1.0);
}

#[test]
fn prior_alone_without_data() {
    for posts in [
        vec![],
        vec![post(0, Platform::X, t("2026-01-06T10:00:00Z"), 5, None)],
    ] {
        let bt = best_times(&posts, "Europe/Amsterdam", Platform::Linkedin, 5, None).unwrap();
        assert_eq!(bt.basis, None);
        assert_eq!(bt.posts_used, 0);
        assert_eq!(bt.mean_rate, None);
        assert_eq!(bt.slots.len(), 5);
        assert_eq!(bt.grid.len(), 168);
        for s in &bt.grid {
            assert_eq!(s.expected_lift, s.prior_lift);
            assert_eq!(s.confidence, 0.0);
            assert_eq!(s.posts, 0);
            assert_eq!(
                s.expected_lift,
                prior_lift(Platform::Linkedin, s.weekday, s.hour)
            );
        }
        for w in bt.slots.windows(2) {
            assert!(w[0].expected_lift >= w[1].expected_lift);
        }
        // LinkedIn's prior peaks on a Tuesday/Wednesday late morning.
        assert!(matches!(
            bt.slots[0].weekday,
            Weekday::Tuesday | Weekday::Wednesday
        ));
        assert!(
            (10..=12).contains(&bt.slots[0].hour),
            "{}",
            bt.slots[0].hour
        );
        assert!(!bt.notes.is_empty());
    }
}

#[test]
fn every_platform_prior_is_a_weekday_daytime_curve() {
    for p in Platform::ALL {
        let bt = best_times(&[], "UTC", p, 1, None).unwrap();
        let top = &bt.slots[0];
        assert!((8..=20).contains(&top.hour), "{p}: {}", top.hour);
        let mean: f64 = bt.grid.iter().map(|s| s.prior_lift).sum::<f64>() / 168.0;
        assert!((mean - 1.0).abs() < 1e-12);
    }
}

#[test]
fn k_larger_than_the_grid_and_k_zero() {
    let posts = two_slot_history(5, 5, 20);
    let bt = best_times(&posts, "UTC", Platform::Linkedin, 1_000, None).unwrap();
    assert_eq!(bt.slots.len(), 168);
    let distinct: HashSet<(Weekday, u32)> = bt.slots.iter().map(|s| (s.weekday, s.hour)).collect();
    assert_eq!(distinct.len(), 168);
    let bt = best_times(&posts, "UTC", Platform::Linkedin, 0, None).unwrap();
    assert!(bt.slots.is_empty());
    assert_eq!(bt.grid.len(), 168);
}

#[test]
fn basis_impressions_followers_engagements() {
    let at = t("2026-01-06T10:00:00Z");
    let with_imp = vec![
        post(0, Platform::X, at, 10, Some(1_000)),
        post(1, Platform::X, at + Duration::hours(1), 30, Some(1_000)),
        post(2, Platform::X, at + Duration::hours(2), 30, None),
    ];
    let bt = best_times(&with_imp, "UTC", Platform::X, 3, Some(500)).unwrap();
    assert_eq!(bt.basis, Some(RateBasis::Impressions));
    assert_eq!(bt.posts_used, 2);
    assert_eq!(bt.mean_rate, Some(2.0)); // (1% + 3%) / 2
    assert!(bt.notes.iter().any(|n| n.contains("without impressions")));

    let no_imp: Vec<Post> = with_imp
        .iter()
        .cloned()
        .map(|mut p| {
            p.metrics.impressions = None;
            p
        })
        .collect();
    let bt = best_times(&no_imp, "UTC", Platform::X, 3, Some(500)).unwrap();
    assert_eq!(bt.basis, Some(RateBasis::Followers));
    assert!((bt.mean_rate.unwrap() - 70.0 / 3.0 / 500.0 * 100.0).abs() < 1e-12);
    let bt = best_times(&no_imp, "UTC", Platform::X, 3, None).unwrap();
    assert_eq!(bt.basis, Some(RateBasis::Engagements));
    assert!((bt.mean_rate.unwrap() - 70.0 / 3.0).abs() < 1e-12);
    // Followers 0 cannot be divided by: raw engagements, not an error.
    let bt = best_times(&no_imp, "UTC", Platform::X, 3, Some(0)).unwrap();
    assert_eq!(bt.basis, Some(RateBasis::Engagements));
}

#[test]
fn all_zero_engagement_falls_back_to_the_prior() {
    let posts = two_slot_history(3, 3, 0)
        .into_iter()
        .map(|mut p| {
            p.metrics.likes = Some(0);
            p
        })
        .collect::<Vec<_>>();
    let bt = best_times(&posts, "UTC", Platform::Linkedin, 2, None).unwrap();
    assert_eq!(bt.mean_rate, Some(0.0));
    assert!(
        bt.grid
            .iter()
            .all(|s| s.expected_lift == s.prior_lift && s.expected_lift.is_finite())
    );
}

#[test]
fn invalid_inputs_name_the_field() {
    assert_invalid(
        best_times(&[], "Mars/Olympus_Mons", Platform::X, 3, None),
        "time_zone",
    );
    assert_invalid(best_times(&[], "", Platform::X, 3, None), "time_zone");
    assert_invalid(
        best_times(&[], "UTC", Platform::X, 3, Some(-1)),
        "followers",
    );
    let mut bad = post(0, Platform::X, t("2026-01-06T10:00:00Z"), -3, None);
    let ok = post(1, Platform::X, t("2026-01-06T10:00:00Z"), 3, None);
    assert_invalid(
        best_times(&[ok.clone(), bad.clone()], "UTC", Platform::X, 3, None),
        "posts[1].metrics.likes",
    );
    bad.metrics.likes = Some(1);
    bad.metrics.impressions = Some(-1);
    assert_invalid(
        best_times(&[bad, ok], "UTC", Platform::X, 3, None),
        "posts[0].metrics.impressions",
    );
}

// ---------------------------------------------------------------------------------------
// DST in best_times
// ---------------------------------------------------------------------------------------

fn posts_at(times: &[&str]) -> Vec<Post> {
    times
        .iter()
        .enumerate()
        .map(|(i, s)| post(i, Platform::Instagram, t(s), 10, None))
        .collect()
}

fn occupied(bt: &BestTimes) -> Vec<(Weekday, u32, u32)> {
    bt.grid
        .iter()
        .filter(|s| s.posts > 0)
        .map(|s| (s.weekday, s.hour, s.posts))
        .collect()
}

#[test]
fn amsterdam_spring_forward_maps_to_local_hours() {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC). 02:30 local does not exist.
    let posts = posts_at(&[
        "2026-03-22T01:30:00Z", // a week before, CET: Sunday 02:30
        "2026-03-29T00:30:00Z", // CET: Sunday 01:30
        "2026-03-29T01:30:00Z", // CEST: Sunday 03:30 (not 02:30)
        "2026-03-30T07:15:00Z", // CEST: Monday 09:15
        "2026-03-23T08:15:00Z", // CET: Monday 09:15 — same local hour as the line above
    ]);
    let bt = best_times(&posts, "Europe/Amsterdam", Platform::Instagram, 3, None).unwrap();
    assert_eq!(
        occupied(&bt),
        vec![
            (Weekday::Monday, 9, 2),
            (Weekday::Sunday, 1, 1),
            (Weekday::Sunday, 2, 1),
            (Weekday::Sunday, 3, 1),
        ]
    );
    // Only the CET post of the week before sits at Sunday 02.
    let only_change_day = posts_at(&["2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"]);
    let bt = best_times(
        &only_change_day,
        "Europe/Amsterdam",
        Platform::Instagram,
        3,
        None,
    )
    .unwrap();
    assert_eq!(slot_of(&bt, Weekday::Sunday, 2).posts, 0);
}

#[test]
fn amsterdam_fall_back_counts_both_0230s_in_hour_two() {
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:30 happens twice.
    let posts = posts_at(&[
        "2026-10-25T00:30:00Z",
        "2026-10-25T01:30:00Z",
        "2026-10-25T02:30:00Z",
    ]);
    let bt = best_times(&posts, "Europe/Amsterdam", Platform::Instagram, 3, None).unwrap();
    assert_eq!(
        occupied(&bt),
        vec![(Weekday::Sunday, 2, 2), (Weekday::Sunday, 3, 1)]
    );
}

#[test]
fn new_york_changes_map_to_local_hours() {
    // 2026-03-08: 02:00 EST -> 03:00 EDT (07:00 UTC). 2026-11-01: 02:00 EDT -> 01:00 EST (06:00 UTC).
    let posts = posts_at(&[
        "2026-03-08T06:30:00Z", // EST 01:30
        "2026-03-08T07:30:00Z", // EDT 03:30
        "2026-03-09T13:00:00Z", // EDT Monday 09:00
        "2026-03-02T14:00:00Z", // EST Monday 09:00
        "2026-11-01T05:30:00Z", // EDT 01:30
        "2026-11-01T06:30:00Z", // EST 01:30 (the repeated hour)
        "2026-11-02T14:00:00Z", // EST Monday 09:00
    ]);
    let bt = best_times(&posts, "America/New_York", Platform::Instagram, 3, None).unwrap();
    assert_eq!(
        occupied(&bt),
        vec![
            (Weekday::Monday, 9, 3),
            (Weekday::Sunday, 1, 3),
            (Weekday::Sunday, 3, 1)
        ]
    );
    // In UTC the same posts land elsewhere: the zone matters.
    let utc = best_times(&posts, "UTC", Platform::Instagram, 3, None).unwrap();
    assert_ne!(occupied(&utc), occupied(&bt));
}

// ---------------------------------------------------------------------------------------
// plan
// ---------------------------------------------------------------------------------------

fn drafts(n: usize) -> Vec<PlanDraft> {
    (0..n)
        .map(|i| PlanDraft {
            id: format!("d{i}"),
            platforms: None,
        })
        .collect()
}

fn window(start: &str, days: i64) -> PlanWindow {
    let start = t(start);
    PlanWindow {
        start,
        end: start + Duration::days(days),
    }
}

/// Checks every constraint of `p` against its inputs; panics with a message on a breach.
fn check_plan(
    p: &PostingPlan,
    drafts: &[PlanDraft],
    platforms: &[Platform],
    window: &PlanWindow,
    rules: &PlanRules,
) {
    let tz: Tz = rules.time_zone.parse().unwrap();
    let gap_of = |pl: Platform| {
        rules
            .min_gap_by_platform
            .iter()
            .rev()
            .find(|g| g.platform == pl)
            .map_or(rules.min_gap_minutes, |g| g.minutes)
    };
    let mut minutes = HashSet::new();
    let mut per_day: HashMap<(Platform, chrono::NaiveDate), u32> = HashMap::new();
    let mut by_platform: HashMap<Platform, Vec<DateTime<Utc>>> = HashMap::new();
    for s in &p.scheduled {
        assert!(
            s.at >= window.start && s.at < window.end,
            "{} outside the window",
            s.at
        );
        assert_eq!(s.at.with_timezone(&tz).second(), 0);
        assert!(
            minutes.insert(s.at.timestamp() / 60),
            "two posts in the minute {}",
            s.at
        );
        let local = s.at.with_timezone(&tz);
        assert_eq!(local.to_rfc3339(), s.local_time);
        assert_eq!(local.hour(), s.hour);
        *per_day.entry((s.platform, local.date_naive())).or_default() += 1;
        by_platform.entry(s.platform).or_default().push(s.at);
        assert!(platforms.contains(&s.platform));
    }
    for (&(pl, day), &n) in &per_day {
        assert!(n <= rules.max_per_day, "{pl} has {n} posts on {day}");
    }
    for (pl, mut times) in by_platform {
        times.sort();
        for w in times.windows(2) {
            let gap = (w[1] - w[0]).num_minutes();
            assert!(
                gap >= i64::from(gap_of(pl)),
                "{pl}: {} and {} are {gap} min apart",
                w[0],
                w[1]
            );
        }
    }
    for w in p.scheduled.windows(2) {
        assert!(w[0].at <= w[1].at, "not in time order");
    }
    // Every (draft, platform) pair accounted for exactly once.
    let mut seen = HashSet::new();
    for s in &p.scheduled {
        assert!(seen.insert((s.draft_id.clone(), Some(s.platform))));
    }
    for u in &p.unscheduled {
        assert!(seen.insert((u.draft_id.clone(), u.platform)));
    }
    let expected: usize = drafts
        .iter()
        .map(|d| match &d.platforms {
            Some(ps) if !ps.is_empty() => ps.len(),
            Some(_) => 1,
            None => platforms.len().max(1),
        })
        .sum();
    assert_eq!(seen.len(), expected);
}

#[test]
fn plan_staggers_platforms_and_prefers_best_slots() {
    let platforms = [Platform::Linkedin, Platform::X, Platform::Instagram];
    let mut rules = PlanRules::new("Europe/Amsterdam");
    rules.best_times.push(PlatformSlots {
        platform: Platform::Linkedin,
        slots: vec![
            SlotTime {
                weekday: Weekday::Tuesday,
                hour: 10,
            },
            SlotTime {
                weekday: Weekday::Thursday,
                hour: 8,
            },
        ],
    });
    let ds = drafts(3);
    let w = window("2026-03-02T00:00:00Z", 14); // Monday 2 March, two weeks
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    assert_eq!(p.scheduled.len(), 9);
    assert!(p.unscheduled.is_empty());
    let li: Vec<_> = p
        .scheduled
        .iter()
        .filter(|s| s.platform == Platform::Linkedin)
        .collect();
    // d0 Tue 3 Mar 10:00, d1 Thu 5 Mar 08:00, d2 Tue 10 Mar 10:00 (Amsterdam, CET = UTC+1).
    let ats: Vec<String> = li.iter().map(|s| s.local_time.clone()).collect();
    assert_eq!(
        ats,
        [
            "2026-03-03T10:00:00+01:00",
            "2026-03-05T08:00:00+01:00",
            "2026-03-10T10:00:00+01:00"
        ]
    );
    assert!(li.iter().all(|s| s.source == SlotSource::BestTimes));
    assert!(
        p.scheduled
            .iter()
            .filter(|s| s.platform != Platform::Linkedin)
            .all(|s| s.source == SlotSource::Prior)
    );
    // Deterministic.
    assert_eq!(plan(&ds, &platforms, &w, &rules).unwrap(), p);
}

#[test]
fn plan_never_puts_two_platforms_in_one_minute() {
    // Same single preferred slot for both: the second platform moves to :05.
    let platforms = [Platform::Linkedin, Platform::X];
    let mut rules = PlanRules::new("UTC");
    for pl in platforms {
        rules.best_times.push(PlatformSlots {
            platform: pl,
            slots: vec![SlotTime {
                weekday: Weekday::Tuesday,
                hour: 9,
            }],
        });
    }
    let ds = drafts(1);
    let w = window("2026-03-03T00:00:00Z", 1);
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    let ats: Vec<DateTime<Utc>> = p.scheduled.iter().map(|s| s.at).collect();
    assert_eq!(ats, [t("2026-03-03T09:00:00Z"), t("2026-03-03T09:05:00Z")]);
}

#[test]
fn plan_respects_gap_cap_and_window_and_reports_the_rest() {
    let platforms = [Platform::X];
    let mut rules = PlanRules::new("America/New_York");
    rules.max_per_day = 1;
    rules.min_gap_by_platform.push(PlatformGap {
        platform: Platform::X,
        minutes: 600,
    });
    let ds = drafts(10);
    let w = window("2026-06-01T04:00:00Z", 3); // three local days
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    assert_eq!(p.scheduled.len(), 3);
    assert_eq!(p.unscheduled.len(), 7);
    assert!(
        p.unscheduled
            .iter()
            .all(|u| u.reason == UnscheduledReason::NoFreeSlot && u.platform == Some(Platform::X))
    );
    assert_eq!(p.unscheduled[0].draft_id, "d3");

    // Two a day with a 4 h gap: more fit, still within the caps.
    let mut rules = PlanRules::new("America/New_York");
    rules.max_per_day = 2;
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    assert_eq!(p.scheduled.len(), 6);
    assert!(
        p.scheduled.iter().any(|s| s.source == SlotSource::Fallback)
            || p.scheduled.iter().all(|s| s.source == SlotSource::Prior)
    );
}

#[test]
fn plan_lists_drafts_for_other_platforms_and_without_platforms() {
    let ds = vec![
        PlanDraft {
            id: "a".into(),
            platforms: Some(vec![Platform::Tiktok, Platform::X]),
        },
        PlanDraft {
            id: "b".into(),
            platforms: Some(vec![]),
        },
    ];
    let platforms = [Platform::X];
    let rules = PlanRules::new("UTC");
    let w = window("2026-03-02T00:00:00Z", 7);
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    assert_eq!(p.scheduled.len(), 1);
    let reasons: Vec<_> = p
        .unscheduled
        .iter()
        .map(|u| (u.draft_id.as_str(), u.platform, u.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "a",
                Some(Platform::Tiktok),
                UnscheduledReason::PlatformNotPlanned
            ),
            ("b", None, UnscheduledReason::NoPlatform)
        ]
    );
}

#[test]
fn plan_skips_the_missing_hour_and_uses_the_repeated_one_once() {
    let platforms = [Platform::X];
    let mut rules = PlanRules::new("America/New_York");
    rules.min_gap_minutes = 0;
    rules.max_per_day = 100;
    rules.best_times.push(PlatformSlots {
        platform: Platform::X,
        slots: vec![SlotTime {
            weekday: Weekday::Sunday,
            hour: 2,
        }],
    });
    // Sundays 1, 8 (spring forward: 02:xx does not exist) and 15 March 2026.
    let ds = drafts(24);
    let w = PlanWindow {
        start: t("2026-03-01T00:00:00Z"),
        end: t("2026-03-16T00:00:00Z"),
    };
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    let best: Vec<_> = p
        .scheduled
        .iter()
        .filter(|s| s.source == SlotSource::BestTimes)
        .collect();
    assert_eq!(best.len(), 24);
    assert!(
        best.iter()
            .all(|s| s.weekday == Weekday::Sunday && s.hour == 2)
    );
    assert!(best.iter().all(|s| !s.local_time.starts_with("2026-03-08")));
    assert_eq!(
        best.iter()
            .filter(|s| s.local_time.starts_with("2026-03-01"))
            .count(),
        12
    );

    // Sunday 1 November 2026: 01:xx happens twice; only the first (EDT, -04:00) is used.
    rules.best_times[0].slots[0].hour = 1;
    let w = PlanWindow {
        start: t("2026-11-01T00:00:00Z"),
        end: t("2026-11-02T00:00:00Z"),
    };
    let p = plan(&ds, &platforms, &w, &rules).unwrap();
    check_plan(&p, &ds, &platforms, &w, &rules);
    let best: Vec<_> = p
        .scheduled
        .iter()
        .filter(|s| s.source == SlotSource::BestTimes)
        .collect();
    assert_eq!(best.len(), 12);
    assert!(
        best.iter()
            .all(|s| s.local_time.ends_with("-04:00") && s.hour == 1),
        "{best:?}"
    );
}

#[test]
fn plan_invalid_inputs_name_the_field() {
    let w = window("2026-03-02T00:00:00Z", 7);
    let rules = PlanRules::new("UTC");
    let pl = [Platform::X];
    assert_invalid(
        plan(&drafts(1), &pl, &w, &PlanRules::new("Nowhere/Land")),
        "rules.time_zone",
    );
    assert_invalid(
        plan(&drafts(1), &[Platform::X, Platform::X], &w, &rules),
        "platforms[1]",
    );
    let dup = vec![
        PlanDraft {
            id: "a".into(),
            platforms: None,
        },
        PlanDraft {
            id: "a".into(),
            platforms: None,
        },
    ];
    assert_invalid(plan(&dup, &pl, &w, &rules), "drafts[1].id");
    assert_invalid(
        plan(
            &[PlanDraft {
                id: " ".into(),
                platforms: None,
            }],
            &pl,
            &w,
            &rules,
        ),
        "drafts[0].id",
    );
    let dup_p = vec![PlanDraft {
        id: "a".into(),
        platforms: Some(vec![Platform::X, Platform::X]),
    }];
    assert_invalid(plan(&dup_p, &pl, &w, &rules), "drafts[0].platforms[1]");
    let back = PlanWindow {
        start: w.end,
        end: w.start,
    };
    assert_invalid(plan(&drafts(1), &pl, &back, &rules), "window.end");
    assert_invalid(
        plan(
            &drafts(1),
            &pl,
            &window("2026-01-01T00:00:00Z", 400),
            &rules,
        ),
        "window.end",
    );
    let mut r = rules.clone();
    r.max_per_day = 0;
    assert_invalid(plan(&drafts(1), &pl, &w, &r), "rules.max_per_day");
    let mut r = rules.clone();
    r.best_times.push(PlatformSlots {
        platform: Platform::X,
        slots: vec![SlotTime {
            weekday: Weekday::Monday,
            hour: 24,
        }],
    });
    assert_invalid(
        plan(&drafts(1), &pl, &w, &r),
        "rules.best_times[0].slots[0].hour",
    );
    let mut r = rules.clone();
    r.min_gap_by_platform.push(PlatformGap {
        platform: Platform::X,
        minutes: u32::MAX,
    });
    assert_invalid(
        plan(&drafts(1), &pl, &w, &r),
        "rules.min_gap_by_platform[0].minutes",
    );
    // Unknown JSON fields are refused.
    assert!(
        serde_json::from_str::<PlanRules>(r#"{"time_zone": "UTC", "max_per_week": 3}"#).is_err()
    );
    let r: PlanRules = serde_json::from_str(r#"{"time_zone": "UTC"}"#).unwrap();
    assert_eq!(r, PlanRules::new("UTC"));
}

#[test]
fn extreme_timestamps_do_not_panic() {
    let far = [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC];
    let posts: Vec<Post> = far
        .iter()
        .enumerate()
        .map(|(i, &at)| post(i, Platform::X, at, 3, None))
        .collect();
    for zone in [
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Europe/Amsterdam",
    ] {
        let bt = best_times(&posts, zone, Platform::X, 3, None).unwrap();
        assert_eq!(bt.posts_used, 2);
        let rules = PlanRules::new(zone);
        let huge = DateTime::<Utc>::MAX_UTC;
        let tiny = DateTime::<Utc>::MIN_UTC;
        let w = PlanWindow {
            start: huge - Duration::days(3),
            end: huge,
        };
        assert_invalid(plan(&drafts(3), &[Platform::X], &w, &rules), "window.start");
        let w = PlanWindow {
            start: tiny,
            end: tiny + Duration::days(3),
        };
        assert_invalid(plan(&drafts(3), &[Platform::X], &w, &rules), "window.start");
        for w in [
            PlanWindow {
                start: t("9998-12-28T00:00:00Z"),
                end: t("9998-12-31T23:59:59Z"),
            },
            PlanWindow {
                start: t("0001-01-01T00:00:00Z"),
                end: t("0001-01-04T00:00:00Z"),
            },
        ] {
            let p = plan(&drafts(3), &[Platform::X], &w, &rules).unwrap();
            check_plan(&p, &drafts(3), &[Platform::X], &w, &rules);
            assert_eq!(p.scheduled.len(), 3);
        }
    }
}

const ZONES: [&str; 5] = [
    "UTC",
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
];

fn arb_platform() -> impl Strategy<Value = Platform> {
    (0..Platform::ALL.len()).prop_map(|i| Platform::ALL[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn plan_never_violates_constraints(
        n_drafts in 0usize..25,
        platform_mask in 0u16..512,
        draft_masks in proptest::collection::vec(proptest::option::of(0u16..512), 25),
        start_offset_h in 0i64..(366 * 24),
        len_h in 1i64..(21 * 24),
        gap in 0u32..1500,
        max_per_day in 1u32..4,
        zone in 0usize..ZONES.len(),
        slots in proptest::collection::vec((0usize..7, 0u32..24), 0..6),
        slot_platform in arb_platform(),
    ) {
        let platforms: Vec<Platform> = Platform::ALL.iter().enumerate()
            .filter(|(i, _)| platform_mask & (1 << i) != 0).map(|(_, p)| *p).collect();
        let ds: Vec<PlanDraft> = (0..n_drafts).map(|i| PlanDraft {
            id: format!("d{i}"),
            platforms: draft_masks[i].map(|m| Platform::ALL.iter().enumerate()
                .filter(|(j, _)| m & (1 << j) != 0).map(|(_, p)| *p).collect()),
        }).collect();
        let start = t("2026-01-01T00:00:00Z") + Duration::hours(start_offset_h) + Duration::minutes(7);
        let w = PlanWindow { start, end: start + Duration::hours(len_h) };
        let mut rules = PlanRules::new(ZONES[zone]);
        rules.min_gap_minutes = gap;
        rules.max_per_day = max_per_day;
        rules.best_times.push(PlatformSlots {
            platform: slot_platform,
            slots: slots.iter().map(|&(d, h)| SlotTime { weekday: Weekday::ALL[d], hour: h }).collect(),
        });
        let p = plan(&ds, &platforms, &w, &rules).unwrap();
        check_plan(&p, &ds, &platforms, &w, &rules);
        prop_assert_eq!(plan(&ds, &platforms, &w, &rules).unwrap(), p);
    }

    #[test]
    fn best_times_never_panics_and_stays_finite(
        posts in proptest::collection::vec(
            (arb_platform(), -100_000_000i64..100_000_000, proptest::option::of(0i64..1_000_000), proptest::option::of(0i64..1_000_000)),
            0..60),
        zone in 0usize..ZONES.len(),
        platform in arb_platform(),
        k in 0u32..200,
        followers in proptest::option::of(-5i64..100_000),
    ) {
        let posts: Vec<Post> = posts.iter().enumerate().map(|(i, &(p, secs, likes, imp))| {
            let mut post = post(i, p, t("2026-01-01T00:00:00Z") + Duration::seconds(secs), 0, imp);
            post.metrics.likes = likes;
            post
        }).collect();
        match best_times(&posts, ZONES[zone], platform, k, followers) {
            Ok(bt) => {
                prop_assert_eq!(bt.grid.len(), 168);
                prop_assert_eq!(bt.slots.len(), (k as usize).min(168));
                for s in &bt.grid {
                    prop_assert!(s.expected_lift.is_finite() && s.expected_lift >= 0.0);
                    prop_assert!((0.0..=1.0).contains(&s.confidence));
                }
                let total: u32 = bt.grid.iter().map(|s| s.posts).sum();
                prop_assert_eq!(total, bt.posts_used);
            }
            Err(e) => prop_assert_eq!(e.field(), Some("followers")),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Speed (run with `cargo test --release -p brandpilot --test schedule -- --ignored --nocapture`)
// ---------------------------------------------------------------------------------------

#[test]
#[ignore = "timing, run by hand in release"]
fn speed_best_times_500_posts() {
    let start = t("2025-01-01T00:00:00Z");
    let posts: Vec<Post> = (0..500)
        .map(|i| {
            let at = start + Duration::minutes(i as i64 * 1_049); // spread over ~1 year
            post(
                i,
                Platform::Linkedin,
                at,
                (i as i64 * 37) % 200,
                Some(1_000 + (i as i64 * 91) % 5_000),
            )
        })
        .collect();
    let iters = 2_000;
    let t0 = std::time::Instant::now();
    let mut sink = 0.0;
    for _ in 0..iters {
        let bt = best_times(&posts, "Europe/Amsterdam", Platform::Linkedin, 5, None).unwrap();
        sink += bt.slots[0].expected_lift;
    }
    let per = t0.elapsed() / iters;
    println!("best_times, 500 posts: {per:?} per call (checksum {sink:.3})");
    let ds = drafts(50);
    let w = window("2026-03-02T00:00:00Z", 30);
    let rules = PlanRules::new("Europe/Amsterdam");
    let platforms = [Platform::Linkedin, Platform::X, Platform::Instagram];
    let t0 = std::time::Instant::now();
    for _ in 0..200 {
        let _ = plan(&ds, &platforms, &w, &rules).unwrap();
    }
    println!(
        "plan, 50 drafts x 3 platforms x 30 days: {:?} per call",
        t0.elapsed() / 200
    );
}
