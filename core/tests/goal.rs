//! Integration tests of `brandpilot::goal`, plus the shared JSON vectors in
//! `tests/vectors/goal/` (run with `BRANDPILOT_BLESS=1` to rewrite their `expected` values
//! from the implementation, after checking the numbers by hand).

use std::path::{Path, PathBuf};

use brandpilot::goal::{
    Goal, GoalDirection, GoalMetric, GoalProgress, GoalStatus, Observation, evaluate,
};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::Value;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const START: &str = "2026-01-01T00:00:00Z";
/// Ten weeks after [`START`].
const DEADLINE: &str = "2026-03-12T00:00:00Z";

/// Followers 1000 -> 2000 over ten weeks.
fn followers_goal() -> Goal {
    Goal {
        id: Some("g1".into()),
        name: Some("Reach 2,000 followers".into()),
        metric: GoalMetric::Followers,
        direction: GoalDirection::Increase,
        baseline: 1000.0,
        target: 2000.0,
        start: t(START),
        deadline: t(DEADLINE),
    }
}

fn week(n: i64) -> DateTime<Utc> {
    t(START) + Duration::weeks(n)
}

/// One observation a week, at weeks `0..=weeks`, starting at `first` and moving by `per_week`.
fn weekly(first: f64, per_week: f64, weeks: i64) -> Vec<Observation> {
    (0..=weeks)
        .map(|i| Observation {
            at: week(i),
            value: first + per_week * i as f64,
        })
        .collect()
}

fn assert_invalid(result: brandpilot::Result<GoalProgress>, field: &str) {
    let err = result.expect_err("expected an error");
    assert_eq!(err.code(), "invalid_input", "{err}");
    assert_eq!(err.field(), Some(field), "{err}");
}

// ---------------------------------------------------------------------------------------
// Happy paths
// ---------------------------------------------------------------------------------------

#[test]
fn increasing_goal_on_track_by_hand() {
    let p = evaluate(&followers_goal(), &weekly(1000.0, 100.0, 5), week(5)).unwrap();
    assert_eq!(p.goal_id.as_deref(), Some("g1"));
    assert_eq!(p.current_value, 1500.0);
    assert_eq!(p.current_at, Some(week(5)));
    assert_eq!(p.progress, 0.5);
    assert_eq!(p.expected_progress, 0.5);
    assert_eq!(p.trend_per_week, Some(100.0));
    assert_eq!(p.projected_completion, Some(t(DEADLINE)));
    assert_eq!(p.required_per_week, Some(100.0));
    assert_eq!(p.days_remaining, 35.0);
    assert_eq!(p.achieved_at, None);
    assert_eq!(p.observations_used, 6);
    assert_eq!(p.status, GoalStatus::OnTrack);
}

#[test]
fn decreasing_goal_by_hand() {
    let goal = Goal {
        metric: GoalMetric::Custom,
        direction: GoalDirection::Decrease,
        baseline: 48.0,
        target: 12.0,
        ..followers_goal()
    };
    let obs: Vec<Observation> = [48.0, 45.0, 39.0, 36.0, 30.0]
        .iter()
        .enumerate()
        .map(|(i, &value)| Observation {
            at: week(i as i64),
            value,
        })
        .collect();
    let p = evaluate(&goal, &obs, week(4)).unwrap();
    assert_eq!(p.progress, 0.5);
    assert_eq!(p.expected_progress, 0.4);
    assert_eq!(p.trend_per_week, Some(-4.5));
    // 48 - 4.5 w = 12 at w = 8.
    assert_eq!(p.projected_completion, Some(week(8)));
    assert_eq!(p.required_per_week, Some(-3.0));
    assert_eq!(p.status, GoalStatus::OnTrack);
    let values: Vec<f64> = p.milestones.iter().map(|m| m.value).collect();
    assert_eq!(values, [39.0, 30.0, 21.0, 12.0]);
    let reached: Vec<_> = p.milestones.iter().map(|m| m.reached_at).collect();
    assert_eq!(reached, [Some(week(2)), Some(week(4)), None, None]);
}

#[test]
fn decreasing_goal_moving_up_is_negative_progress() {
    let goal = Goal {
        metric: GoalMetric::Custom,
        direction: GoalDirection::Decrease,
        baseline: 10.0,
        target: 0.0,
        ..followers_goal()
    };
    let p = evaluate(&goal, &weekly(10.0, 1.0, 3), week(3)).unwrap();
    assert_eq!(p.progress, -0.3);
    assert_eq!(p.projected_completion, None);
    assert_eq!(p.status, GoalStatus::OffTrack);
}

#[test]
fn achieved_records_the_first_date_and_survives_a_dip() {
    let obs = [
        Observation {
            at: week(1),
            value: 1600.0,
        },
        Observation {
            at: week(3),
            value: 2050.0,
        },
        Observation {
            at: week(4),
            value: 2100.0,
        },
        Observation {
            at: week(5),
            value: 1990.0,
        },
    ];
    let p = evaluate(&followers_goal(), &obs, week(6)).unwrap();
    assert_eq!(p.status, GoalStatus::Achieved);
    assert_eq!(p.achieved_at, Some(week(3)));
    assert_eq!(p.current_value, 1990.0);
    assert!((p.progress - 0.99).abs() < 1e-12);
    assert_eq!(p.projected_completion, None);
    assert_eq!(p.required_per_week, None);
    assert_eq!(p.milestones[3].reached_at, Some(week(3)));
}

#[test]
fn achieved_after_the_deadline_still_counts() {
    let obs = [Observation {
        at: week(11),
        value: 2000.0,
    }];
    let p = evaluate(&followers_goal(), &obs, week(12)).unwrap();
    assert_eq!(p.status, GoalStatus::Achieved);
    assert_eq!(p.achieved_at, Some(week(11)));
    assert!(p.achieved_at.unwrap() > t(DEADLINE));
}

#[test]
fn missed_after_the_deadline() {
    let p = evaluate(&followers_goal(), &weekly(1000.0, 80.0, 10), week(11)).unwrap();
    assert_eq!(p.status, GoalStatus::Missed);
    assert_eq!(p.progress, 0.8);
    assert_eq!(p.days_remaining, 0.0);
    assert_eq!(p.required_per_week, None);
    assert_eq!(p.expected_progress, 1.0);
    // The trend still says when the target would be reached: 1000 / 80 = 12.5 weeks.
    assert_eq!(
        p.projected_completion,
        Some(t(START) + Duration::hours(12 * 168 + 84))
    );
}

#[test]
fn at_the_deadline_exactly_is_not_missed_yet() {
    let p = evaluate(&followers_goal(), &weekly(1000.0, 80.0, 10), week(10)).unwrap();
    assert_eq!(p.days_remaining, 0.0);
    assert_eq!(p.required_per_week, None);
    // progress 0.8 < 1 - 0.05; projection 12.5 weeks = deadline + 25 % of 10 weeks.
    assert_eq!(p.status, GoalStatus::AtRisk);
}

#[test]
fn not_started_before_start() {
    let p = evaluate(&followers_goal(), &[], week(-1)).unwrap();
    assert_eq!(p.status, GoalStatus::NotStarted);
    assert_eq!(p.expected_progress, 0.0);
    assert_eq!(p.days_remaining, 77.0);
    assert!((p.required_per_week.unwrap() - 1000.0 / 11.0).abs() < 1e-9);
    assert_eq!(p.current_value, 1000.0);
    assert_eq!(p.current_at, None);
}

#[test]
fn on_track_at_risk_off_track_with_a_trend() {
    let goal = followers_goal();
    let status = |per_week: f64| {
        evaluate(&goal, &weekly(1000.0, per_week, 5), week(5))
            .unwrap()
            .status
    };
    // Pace 0.5 expected at week 5.
    assert_eq!(status(100.0), GoalStatus::OnTrack); // 0.5
    assert_eq!(status(91.0), GoalStatus::OnTrack); // 0.455 >= 0.45
    assert_eq!(status(85.0), GoalStatus::AtRisk); // projection 11.8 weeks <= 12.5
    assert_eq!(status(80.0), GoalStatus::AtRisk); // projection 12.5 weeks, the edge
    assert_eq!(status(79.0), GoalStatus::OffTrack); // 12.66 weeks
    assert_eq!(status(50.0), GoalStatus::OffTrack);
    assert_eq!(status(0.0), GoalStatus::OffTrack);
}

#[test]
fn projection_by_the_deadline_is_on_track_even_when_behind_pace() {
    // Nothing measured for three weeks, then +150 a week: behind pace (0.3 vs 0.5), but
    // the line 1000 + 150 (w - 3) reaches 2000 at week 9.67, before the deadline.
    let obs: Vec<Observation> = [(3, 1000.0), (4, 1150.0), (5, 1300.0)]
        .iter()
        .map(|&(w, value)| Observation { at: week(w), value })
        .collect();
    let p = evaluate(&followers_goal(), &obs, week(5)).unwrap();
    assert_eq!(p.progress, 0.3);
    assert!(p.projected_completion.unwrap() <= t(DEADLINE), "{p:?}");
    assert_eq!(p.status, GoalStatus::OnTrack);
}

#[test]
fn pace_rules_without_a_trend() {
    let goal = followers_goal();
    let one = |value: f64| {
        let obs = [Observation { at: week(5), value }];
        let p = evaluate(&goal, &obs, week(5)).unwrap();
        assert_eq!(p.trend_per_week, None);
        assert_eq!(p.projected_completion, None);
        p.status
    };
    assert_eq!(one(1460.0), GoalStatus::OnTrack); // 0.46 >= 0.45
    assert_eq!(one(1300.0), GoalStatus::AtRisk); // 0.30 >= 0.25
    assert_eq!(one(1200.0), GoalStatus::OffTrack); // 0.20 < 0.25
}

#[test]
fn flat_trend_has_no_projection() {
    let p = evaluate(&followers_goal(), &weekly(1200.0, 0.0, 5), week(5)).unwrap();
    assert_eq!(p.trend_per_week, Some(0.0));
    assert_eq!(p.projected_completion, None);
    assert_eq!(p.status, GoalStatus::OffTrack);
    // A trend so slow it would take centuries counts as flat too.
    let p = evaluate(&followers_goal(), &weekly(1200.0, 0.001, 5), week(5)).unwrap();
    assert!(p.trend_per_week.unwrap() > 0.0);
    assert_eq!(p.projected_completion, None);
}

#[test]
fn moving_away_has_no_projection() {
    let p = evaluate(&followers_goal(), &weekly(1000.0, -20.0, 4), week(4)).unwrap();
    assert_eq!(p.trend_per_week, Some(-20.0));
    assert_eq!(p.projected_completion, None);
    assert!((p.progress + 0.08).abs() < 1e-12);
    assert_eq!(p.status, GoalStatus::OffTrack);
}

#[test]
fn milestones_cross_at_the_first_observation_reaching_them() {
    let values = [1100.0, 1260.0, 1240.0, 1510.0, 1900.0];
    let obs: Vec<Observation> = values
        .iter()
        .enumerate()
        .map(|(i, &value)| Observation {
            at: week(i as i64 + 1),
            value,
        })
        .collect();
    let p = evaluate(&followers_goal(), &obs, week(6)).unwrap();
    let got: Vec<(f64, f64, Option<DateTime<Utc>>)> = p
        .milestones
        .iter()
        .map(|m| (m.fraction, m.value, m.reached_at))
        .collect();
    assert_eq!(
        got,
        [
            (0.25, 1250.0, Some(week(2))),
            (0.5, 1500.0, Some(week(4))),
            (0.75, 1750.0, Some(week(5))),
            (1.0, 2000.0, None),
        ]
    );
}

#[test]
fn unsorted_observations_give_the_same_result() {
    let goal = followers_goal();
    let sorted = weekly(1000.0, 90.0, 6);
    let expected = evaluate(&goal, &sorted, week(6)).unwrap();
    let mut shuffled = sorted.clone();
    shuffled.reverse();
    shuffled.swap(1, 4);
    assert_eq!(evaluate(&goal, &shuffled, week(6)).unwrap(), expected);
    assert_eq!(expected.current_value, 1540.0);
}

#[test]
fn same_instant_ties_are_order_independent() {
    let goal = followers_goal();
    let a = Observation {
        at: week(2),
        value: 1300.0,
    };
    let b = Observation {
        at: week(2),
        value: 1200.0,
    };
    let p1 = evaluate(&goal, &[a, b], week(3)).unwrap();
    let p2 = evaluate(&goal, &[b, a], week(3)).unwrap();
    assert_eq!(p1, p2);
    assert_eq!(p1.current_value, 1300.0);
}

#[test]
fn observations_after_now_are_ignored_within_a_day() {
    let goal = followers_goal();
    let mut obs = weekly(1000.0, 100.0, 3);
    let base = evaluate(&goal, &obs, week(3)).unwrap();
    obs.push(Observation {
        at: week(3) + Duration::hours(23),
        value: 2500.0,
    });
    assert_eq!(evaluate(&goal, &obs, week(3)).unwrap(), base);
}

#[test]
fn observations_before_start_only_count_as_current_value() {
    let goal = followers_goal();
    let obs = [Observation {
        at: week(-2),
        value: 990.0,
    }];
    let p = evaluate(&goal, &obs, week(1)).unwrap();
    assert_eq!(p.current_value, 990.0);
    assert_eq!(p.current_at, Some(week(-2)));
    assert_eq!(p.observations_used, 0);
}

#[test]
fn large_inputs_are_fine() {
    // 20,000 hourly observations on an exact line: the subsampled fit is still exact.
    let obs: Vec<Observation> = (0..20_000)
        .map(|i| Observation {
            at: t(START) + Duration::hours(i),
            value: 1000.0 + i as f64,
        })
        .collect();
    let goal = Goal {
        target: 1_000_000.0,
        deadline: t(START) + Duration::days(10_000),
        ..followers_goal()
    };
    let p = evaluate(&goal, &obs, t(START) + Duration::hours(20_000)).unwrap();
    assert_eq!(p.trend_per_week, Some(168.0));
    assert_eq!(p.observations_used, 20_000);
}

#[test]
fn json_shape_is_snake_case_and_stable() {
    let goal: Goal = serde_json::from_str(
        r#"{"metric": "profile_views", "direction": "increase", "baseline": 10,
            "target": 20, "start": "2026-01-01T00:00:00Z", "deadline": "2026-02-01T00:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(goal.id, None);
    assert_eq!(goal.metric, GoalMetric::ProfileViews);
    let bad = r#"{"metric": "followers", "direction": "increase", "baseline": 10, "target": 20,
        "start": "2026-01-01T00:00:00Z", "deadline": "2026-02-01T00:00:00Z", "extra": 1}"#;
    assert!(serde_json::from_str::<Goal>(bad).is_err());
    assert!(serde_json::from_str::<Observation>(r#"{"at": "2026-01-01T00:00:00Z"}"#).is_err());

    let p = evaluate(&goal, &[], t("2026-01-01T00:00:00Z")).unwrap();
    let json = serde_json::to_value(&p).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "goal_id",
        "status",
        "current_value",
        "current_at",
        "progress",
        "expected_progress",
        "trend_per_week",
        "projected_completion",
        "required_per_week",
        "days_remaining",
        "achieved_at",
        "observations_used",
        "milestones",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json["status"], "on_track");
    assert_eq!(
        json["milestones"][0],
        serde_json::json!({"fraction": 0.25, "value": 12.5, "reached_at": null})
    );
    let back: GoalProgress = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
    for (status, name) in [
        (GoalStatus::NotStarted, "not_started"),
        (GoalStatus::OnTrack, "on_track"),
        (GoalStatus::AtRisk, "at_risk"),
        (GoalStatus::OffTrack, "off_track"),
        (GoalStatus::Achieved, "achieved"),
        (GoalStatus::Missed, "missed"),
    ] {
        assert_eq!(serde_json::to_value(status).unwrap(), name);
    }
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

#[test]
fn target_equal_to_baseline() {
    let goal = Goal {
        target: 1000.0,
        ..followers_goal()
    };
    assert_invalid(evaluate(&goal, &[], week(1)), "goal.target");
}

#[test]
fn deadline_not_after_start() {
    for deadline in [t(START), week(-1)] {
        let goal = Goal {
            deadline,
            ..followers_goal()
        };
        assert_invalid(evaluate(&goal, &[], week(1)), "goal.deadline");
    }
}

#[test]
fn non_finite_goal_values() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let goal = Goal {
            baseline: bad,
            ..followers_goal()
        };
        assert_invalid(evaluate(&goal, &[], week(1)), "goal.baseline");
        let goal = Goal {
            target: bad,
            ..followers_goal()
        };
        assert_invalid(evaluate(&goal, &[], week(1)), "goal.target");
    }
}

#[test]
fn non_finite_observation_value() {
    let mut obs = weekly(1000.0, 10.0, 4);
    obs[3].value = f64::NAN;
    assert_invalid(
        evaluate(&followers_goal(), &obs, week(4)),
        "observations[3].value",
    );
    obs[3].value = f64::INFINITY;
    assert_invalid(
        evaluate(&followers_goal(), &obs, week(4)),
        "observations[3].value",
    );
}

#[test]
fn direction_inconsistent_with_target() {
    let goal = Goal {
        target: 500.0,
        ..followers_goal()
    };
    assert_invalid(evaluate(&goal, &[], week(1)), "goal.direction");
    let goal = Goal {
        direction: GoalDirection::Decrease,
        ..followers_goal()
    };
    assert_invalid(evaluate(&goal, &[], week(1)), "goal.direction");
}

#[test]
fn negative_values_for_count_metrics() {
    for metric in [
        GoalMetric::Followers,
        GoalMetric::EngagementRate,
        GoalMetric::Impressions,
        GoalMetric::PostsPerWeek,
        GoalMetric::ProfileViews,
    ] {
        let goal = Goal {
            metric,
            baseline: -5.0,
            ..followers_goal()
        };
        assert_invalid(evaluate(&goal, &[], week(1)), "goal.baseline");
        let goal = Goal {
            metric,
            direction: GoalDirection::Decrease,
            baseline: 10.0,
            target: -1.0,
            ..followers_goal()
        };
        assert_invalid(evaluate(&goal, &[], week(1)), "goal.target");
        let mut obs = weekly(1000.0, 10.0, 2);
        obs[1].value = -1.0;
        let goal = Goal {
            metric,
            ..followers_goal()
        };
        assert_invalid(evaluate(&goal, &obs, week(2)), "observations[1].value");
    }
    // Custom metrics may be negative (net sentiment, profit, ...).
    let goal = Goal {
        metric: GoalMetric::Custom,
        baseline: -50.0,
        target: 50.0,
        ..followers_goal()
    };
    let obs = [Observation {
        at: week(1),
        value: -100.0,
    }];
    let p = evaluate(&goal, &obs, week(1)).unwrap();
    assert_eq!(p.progress, -0.5);
}

#[test]
fn far_future_observation() {
    let mut obs = weekly(1000.0, 10.0, 2);
    obs[1].at = week(2) + Duration::hours(25);
    assert_invalid(
        evaluate(&followers_goal(), &obs, week(2)),
        "observations[1].at",
    );
}

#[test]
fn absurd_magnitudes_and_ids() {
    let goal = Goal {
        target: 1e16,
        ..followers_goal()
    };
    assert_invalid(evaluate(&goal, &[], week(1)), "goal.target");
    let goal = Goal {
        id: Some("x".repeat(1_001)),
        ..followers_goal()
    };
    assert_invalid(evaluate(&goal, &[], week(1)), "goal.id");
    let goal = Goal {
        name: Some("x".repeat(10_001)),
        ..followers_goal()
    };
    assert_invalid(evaluate(&goal, &[], week(1)), "goal.name");
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

/// Any f64, including NaN, infinities, subnormals and huge values.
fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -2_000.0..5_000.0f64,
        1 => any::<f64>(),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(1e15),
    ]
}

/// Seconds around 2026, sometimes far out (within chrono's range).
fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        4 => 1_760_000_000i64..1_800_000_000,
        1 => -8_000_000_000_000i64..8_000_000_000_000,
    ]
    .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn any_metric() -> impl Strategy<Value = GoalMetric> {
    prop_oneof![
        Just(GoalMetric::Followers),
        Just(GoalMetric::EngagementRate),
        Just(GoalMetric::Impressions),
        Just(GoalMetric::PostsPerWeek),
        Just(GoalMetric::ProfileViews),
        Just(GoalMetric::Custom),
    ]
}

fn all_finite(p: &GoalProgress) -> bool {
    let opts = [p.trend_per_week, p.required_per_week];
    [
        p.current_value,
        p.progress,
        p.expected_progress,
        p.days_remaining,
    ]
    .iter()
    .chain(opts.iter().flatten())
    .chain(p.milestones.iter().map(|m| &m.value))
    .all(|v| v.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn evaluate_never_panics(
        metric in any_metric(),
        increase in any::<bool>(),
        baseline in any_value(),
        target in any_value(),
        start in any_time(),
        deadline in any_time(),
        now in any_time(),
        obs in prop::collection::vec((any_time(), any_value()), 0..40),
    ) {
        let goal = Goal {
            id: None,
            name: None,
            metric,
            direction: if increase { GoalDirection::Increase } else { GoalDirection::Decrease },
            baseline,
            target,
            start,
            deadline,
        };
        let obs: Vec<Observation> =
            obs.into_iter().map(|(at, value)| Observation { at, value }).collect();
        match evaluate(&goal, &obs, now) {
            Ok(p) => {
                prop_assert!(all_finite(&p), "{p:?}");
                prop_assert!((0.0..=1.0).contains(&p.expected_progress));
                prop_assert!(p.days_remaining >= 0.0);
                prop_assert_eq!(p.milestones.len(), 4);
                if let Some(at) = p.projected_completion {
                    prop_assert!(at >= now);
                }
                // Serializes to JSON that reads back (serde_json's default float parsing may
                // be off by one ulp, so compare with the vectors' tolerance).
                let text = serde_json::to_string(&p).unwrap();
                let back: GoalProgress = serde_json::from_str(&text).unwrap();
                assert_json_close(
                    "roundtrip",
                    &serde_json::to_value(&back).unwrap(),
                    &serde_json::to_value(&p).unwrap(),
                );
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "invalid_input");
                prop_assert!(e.field().is_some());
            }
        }
    }

    #[test]
    fn valid_inputs_always_evaluate_coherently(
        increase in any::<bool>(),
        target_delta in 1.0..5_000.0f64,
        now_day in -20i64..100,
        values in prop::collection::vec((-30i64..100, 0.0..8_000.0f64), 0..25),
    ) {
        let goal = Goal {
            direction: if increase { GoalDirection::Increase } else { GoalDirection::Decrease },
            baseline: 5_000.0,
            target: if increase { 5_000.0 + target_delta } else { 5_000.0 - target_delta },
            ..followers_goal()
        };
        let now = t(START) + Duration::days(now_day);
        let obs: Vec<Observation> = values
            .iter()
            .filter(|&&(day, _)| day <= now_day + 1)
            .map(|&(day, value)| Observation { at: t(START) + Duration::days(day), value })
            .collect();
        let p = evaluate(&goal, &obs, now).unwrap();
        prop_assert_eq!(p.status == GoalStatus::Achieved, p.achieved_at.is_some());
        prop_assert_eq!(p.achieved_at, p.milestones[3].reached_at);
        for w in p.milestones.windows(2) {
            if let Some(later) = w[1].reached_at {
                prop_assert!(w[0].reached_at.is_some_and(|earlier| earlier <= later));
            }
        }
        if p.achieved_at.is_some() {
            prop_assert_eq!(p.projected_completion, None);
        }
        prop_assert_eq!(
            p.required_per_week.is_none(),
            p.achieved_at.is_some() || now >= goal.deadline
        );
        if p.status != GoalStatus::Achieved {
            prop_assert_eq!(p.status == GoalStatus::NotStarted, now < goal.start);
            prop_assert_eq!(p.status == GoalStatus::Missed, now > goal.deadline);
        }
        if let Some(at) = p.projected_completion {
            prop_assert!(at >= now);
        }
        prop_assert!(all_finite(&p));
    }

    #[test]
    fn progress_is_monotonic_in_the_current_value(
        baseline in 0.0..1e6f64,
        delta in 1e-6..1e6f64,
        a in 0.0..3e6f64,
        b in 0.0..3e6f64,
    ) {
        let goal = Goal { baseline, target: baseline + delta, ..followers_goal() };
        let at = |value: f64| {
            evaluate(&goal, &[Observation { at: week(2), value }], week(3)).unwrap().progress
        };
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(at(lo) <= at(hi));
    }

    #[test]
    fn order_of_observations_never_matters(
        values in prop::collection::vec((0i64..70, 0.0..3000.0f64), 0..30),
        rotate in 0usize..30,
    ) {
        let goal = followers_goal();
        let obs: Vec<Observation> = values
            .iter()
            .map(|&(day, value)| Observation { at: t(START) + Duration::days(day), value })
            .collect();
        let mut rotated = obs.clone();
        if !rotated.is_empty() {
            let k = rotate % rotated.len();
            rotated.rotate_left(k);
            rotated.reverse();
        }
        let now = week(10);
        prop_assert_eq!(evaluate(&goal, &obs, now).unwrap(), evaluate(&goal, &rotated, now).unwrap());
    }
}

// ---------------------------------------------------------------------------------------
// Shared vectors
// ---------------------------------------------------------------------------------------

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/goal")
}

/// The input of a vector, read strictly (unknown keys are an error).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorInput {
    goal: Goal,
    observations: Vec<Observation>,
    now: DateTime<Utc>,
}

/// A vector as written back by `BRANDPILOT_BLESS=1` (keys in this order; exactly one of
/// `expected` and `error`).
#[derive(serde::Serialize)]
struct BlessedVector<'a> {
    function: &'a Value,
    description: &'a Value,
    input: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<&'a GoalProgress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Value>,
}

fn bless_file(file: &Path, vector: &Value, expected: Option<&GoalProgress>) {
    let out = BlessedVector {
        function: &vector["function"],
        description: &vector["description"],
        input: &vector["input"],
        expected,
        error: vector.get("error"),
    };
    std::fs::write(file, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
}

/// Compares JSON values, numbers within 1e-9 relative, RFC 3339 strings as instants.
fn assert_json_close(path: &str, got: &Value, want: &Value) {
    match (got, want) {
        (Value::Number(g), Value::Number(w)) => {
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            let tol = 1e-9 * g.abs().max(w.abs()).max(1.0);
            assert!((g - w).abs() <= tol, "{path}: got {g}, want {w}");
        }
        (Value::String(g), Value::String(w)) => {
            match (g.parse::<DateTime<Utc>>(), w.parse::<DateTime<Utc>>()) {
                (Ok(g), Ok(w)) => assert_eq!(g, w, "{path}"),
                _ => assert_eq!(g, w, "{path}"),
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{path}: array length");
            for (i, (g, w)) in g.iter().zip(w).enumerate() {
                assert_json_close(&format!("{path}[{i}]"), g, w);
            }
        }
        (Value::Object(g), Value::Object(w)) => {
            let gk: Vec<&String> = g.keys().collect();
            let wk: Vec<&String> = w.keys().collect();
            assert_eq!(gk, wk, "{path}: keys");
            for (k, gv) in g {
                assert_json_close(&format!("{path}.{k}"), gv, &w[k]);
            }
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

#[test]
fn shared_vectors() {
    let bless = std::env::var("BRANDPILOT_BLESS").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(vector_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "expected the goal vectors, found {files:?}"
    );
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        let vector: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(vector["function"], "evaluate_goal", "{name}");
        assert!(vector["description"].is_string(), "{name}: description");
        let input: VectorInput = serde_json::from_value(vector["input"].clone())
            .unwrap_or_else(|e| panic!("{name}: bad input: {e}"));
        let result = evaluate(&input.goal, &input.observations, input.now);
        if let Some(error) = vector.get("error") {
            assert!(
                vector.get("expected").is_none(),
                "{name}: both error and expected"
            );
            let err = result.expect_err(&name);
            assert_eq!(err.code(), error["code"], "{name}: {err}");
            assert_eq!(err.field(), error["field"].as_str(), "{name}: {err}");
            if bless {
                bless_file(file, &vector, None);
            }
            continue;
        }
        let progress = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        if bless {
            bless_file(file, &vector, Some(&progress));
            continue;
        }
        let got = serde_json::to_value(&progress).unwrap();
        assert_json_close(&name, &got, &vector["expected"]);
    }
}

#[test]
#[should_panic(expected = "got 0.5, want 0.6")]
fn vector_comparison_catches_a_wrong_number() {
    assert_json_close(
        "x",
        &serde_json::json!({"a": [0.5]}),
        &serde_json::json!({"a": [0.6]}),
    );
}

#[test]
fn vector_comparison_tolerates_rounding_and_time_formats() {
    assert_json_close(
        "x",
        &serde_json::json!({"p": 0.30000000000000004, "at": "2026-01-01T00:00:00Z"}),
        &serde_json::json!({"p": 0.3, "at": "2026-01-01T00:00:00+00:00"}),
    );
}

#[test]
fn a_rate_goal_is_achieved_only_while_the_latest_observations_meet_it() {
    use brandpilot::goal::{Goal, GoalDirection, GoalMetric, GoalStatus, Observation, evaluate};
    let t = |s: &str| -> chrono::DateTime<chrono::Utc> { s.parse().unwrap() };
    let goal = Goal {
        id: None,
        name: None,
        metric: GoalMetric::PostsPerWeek,
        direction: GoalDirection::Increase,
        baseline: 1.0,
        target: 3.0,
        start: t("2026-01-01T00:00:00Z"),
        deadline: t("2026-06-01T00:00:00Z"),
    };
    let obs = |values: &[f64]| -> Vec<Observation> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Observation {
                at: t("2026-01-08T00:00:00Z") + chrono::Duration::weeks(i as i64),
                value,
            })
            .collect()
    };
    let now = t("2026-03-01T00:00:00Z");
    // One good week, then back to one post: not achieved (a followers goal would be).
    let p = evaluate(&goal, &obs(&[1.0, 3.0, 1.0]), now).unwrap();
    assert_ne!(p.status, GoalStatus::Achieved);
    assert_eq!(p.achieved_at, None);
    let followers = Goal {
        metric: GoalMetric::Followers,
        ..goal.clone()
    };
    let p = evaluate(&followers, &obs(&[1.0, 3.0, 1.0]), now).unwrap();
    assert_eq!(p.achieved_at, Some(t("2026-01-15T00:00:00Z")));
    // The last two weeks meet the target: achieved since the first of them.
    let p = evaluate(&goal, &obs(&[1.0, 3.0, 1.0, 3.0, 4.0]), now).unwrap();
    assert_eq!(p.status, GoalStatus::Achieved);
    assert_eq!(p.achieved_at, Some(t("2026-01-29T00:00:00Z")));
}
