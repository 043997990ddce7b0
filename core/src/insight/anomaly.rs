//! Anomaly insights: days of the period far from a robust baseline.
//!
//! Each daily series (for level metrics such as followers, the day-over-day change) is
//! compared with the `anomaly_baseline_days` before the period: the modified z-score
//! `0.6745 (x − median) / MAD` of Iglewicz & Hoaglin (1993), computed as
//! `(x − median) / (1.4826 × MAD)`, with the mean absolute deviation × 1.2533 standing in
//! when the MAD is 0, and the scale floored at one unit (the series are counts). A day is
//! an anomaly when `|z| > anomaly_z` (3.5, their recommended cut-off) and it differs from
//! the median by at least `anomaly_min_relative` of it. The most extreme day of each
//! metric and direction becomes one insight, explained by the most engaged post of that
//! day or the day before (a spike) or by the days since the last post (a drop).

use chrono::{Days, NaiveDate};

use super::context::{Ctx, snippet};
use super::period::Block;
use super::stats::{robust_center_scale, stable_id};
use super::{AnomalyDirection, AnomalyFacts, Draft, ev};
use crate::model::SeriesMetric;

/// Fewest baseline days for an anomaly test.
pub const MIN_BASELINE_DAYS: usize = 7;

pub(crate) fn detect(ctx: &Ctx) -> Vec<Draft> {
    let mut out = Vec::new();
    for metric in ctx.series_metrics() {
        out.extend(detect_metric(ctx, metric));
    }
    out
}

/// `(day, value)` of a series; for level metrics the change from the day before.
fn daily(ctx: &Ctx, metric: SeriesMetric, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, f64)> {
    let pts = ctx.series(metric);
    let lo = pts.partition_point(|p| p.date < from);
    let hi = pts.partition_point(|p| p.date < to);
    if metric.is_level() {
        let start = lo.saturating_sub(1);
        pts[start..hi.max(start)]
            .windows(2)
            .filter(|w| w[0].date.succ_opt() == Some(w[1].date) && w[1].date >= from)
            .map(|w| (w[1].date, w[1].value - w[0].value))
            .collect()
    } else {
        pts[lo..hi.max(lo)]
            .iter()
            .map(|p| (p.date, p.value))
            .collect()
    }
}

fn detect_metric(ctx: &Ctx, metric: SeriesMetric) -> Vec<Draft> {
    let cfg = ctx.config;
    let current = ctx.current();
    let base_start = current
        .start
        .checked_sub_days(Days::new(u64::from(cfg.anomaly_baseline_days)))
        .unwrap_or(current.start);
    let baseline: Vec<f64> = daily(ctx, metric, base_start, current.start)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    if baseline.len() < MIN_BASELINE_DAYS {
        return vec![];
    }
    let Some((median, scale)) = robust_center_scale(&baseline) else {
        return vec![];
    };
    // Counts: one unit is the smallest meaningful spread.
    let scale = scale.max(1.0);
    let min_effect = cfg.anomaly_min_relative * median.abs().max(1.0);
    // (count, most extreme (z, day, value)) for spikes and drops.
    type Extreme = Option<(f64, NaiveDate, f64)>;
    let mut found: [(u32, Extreme); 2] = [(0, None), (0, None)];
    for (day, value) in daily(ctx, metric, current.start, current.end) {
        let z = (value - median) / scale;
        if z.abs() <= cfg.anomaly_z || (value - median).abs() < min_effect {
            continue;
        }
        let slot = &mut found[usize::from(z < 0.0)];
        slot.0 += 1;
        if slot.1.is_none_or(|(best, _, _)| z.abs() > best.abs()) {
            slot.1 = Some((z, day, value));
        }
    }
    let mut out = Vec::new();
    for (i, (count, extreme)) in found.into_iter().enumerate() {
        let Some((z, date, value)) = extreme else {
            continue;
        };
        let direction = if i == 0 {
            AnomalyDirection::Spike
        } else {
            AnomalyDirection::Drop
        };
        let mut facts = AnomalyFacts {
            metric,
            direction,
            date,
            value,
            baseline_median: median,
            z_score: z,
            anomalous_days: count,
            baseline_days: baseline.len() as u32,
            post_id: None,
            post_snippet: None,
            days_since_post: None,
        };
        explain(ctx, &mut facts);
        out.push(draft(ctx, facts));
    }
    out
}

/// Fills the explaining post (spike) or the days since the last post (drop).
fn explain(ctx: &Ctx, f: &mut AnomalyFacts) {
    let next = f.date.succ_opt().unwrap_or(f.date);
    match f.direction {
        AnomalyDirection::Spike => {
            let around = Block {
                start: f.date.pred_opt().unwrap_or(f.date),
                end: next,
            };
            let best = ctx.posts_in(around).iter().max_by(|a, b| {
                a.engagements
                    .cmp(&b.engagements)
                    .then(b.post.created_at.cmp(&a.post.created_at))
            });
            if let Some(p) = best {
                f.post_id = Some(p.post.id.clone());
                f.post_snippet = Some(snippet(&p.post.text, 80));
            }
        }
        AnomalyDirection::Drop => {
            if let Some(last) = ctx.posts_before(next).last() {
                f.days_since_post = u32::try_from((f.date - last.day).num_days()).ok();
            }
        }
    }
}

/// The unit of a daily series' values.
pub(crate) fn unit(metric: SeriesMetric) -> &'static str {
    match metric {
        SeriesMetric::Followers => "followers",
        SeriesMetric::Connections => "connections",
        SeriesMetric::Impressions => "impressions",
        SeriesMetric::Reach => "accounts reached",
        SeriesMetric::ProfileViews => "profile views",
        SeriesMetric::SearchAppearances => "search appearances",
        SeriesMetric::Engagements => "engagements",
    }
}

fn metric_key(metric: SeriesMetric) -> &'static str {
    match metric {
        SeriesMetric::Followers => "followers",
        SeriesMetric::Connections => "connections",
        SeriesMetric::Impressions => "impressions",
        SeriesMetric::Reach => "reach",
        SeriesMetric::ProfileViews => "profile_views",
        SeriesMetric::SearchAppearances => "search_appearances",
        SeriesMetric::Engagements => "engagements",
    }
}

fn draft(ctx: &Ctx, f: AnomalyFacts) -> Draft {
    let u = unit(f.metric);
    let change_word = if f.metric.is_level() {
        "Change in "
    } else {
        ""
    };
    let mut evidence = vec![
        ev(
            "value",
            format!("{change_word}{u} on {}", f.date.format("%-d %b")),
            f.value,
            u,
        ),
        ev(
            "baseline_median",
            "Typical day (median)",
            f.baseline_median,
            u,
        ),
        ev("z_score", "Robust z-score", f.z_score, "z"),
        ev(
            "anomalous_days",
            "Unusual days",
            f64::from(f.anomalous_days),
            "days",
        ),
    ];
    if let Some(d) = f.days_since_post {
        evidence.push(ev(
            "days_since_post",
            "Days since the last post",
            f64::from(d),
            "days",
        ));
    }
    let excess = (f.z_score.abs() - ctx.config.anomaly_z).clamp(0.0, 6.0);
    let priority = 0.5 + 0.05 * excess;
    let actions = match (f.direction, &f.post_id) {
        (AnomalyDirection::Spike, Some(_)) => vec![
            "Write a follow-up to the post behind the spike while interest is high.".to_owned(),
        ],
        (AnomalyDirection::Spike, None) => {
            vec!["Check what happened that day (a mention, a share) and build on it.".to_owned()]
        }
        (AnomalyDirection::Drop, _) => {
            vec!["Post again soon: a steady rhythm keeps the audience warm.".to_owned()]
        }
    };
    let dir = match f.direction {
        AnomalyDirection::Spike => "spike",
        AnomalyDirection::Drop => "drop",
    };
    Draft {
        id: stable_id(&[
            "anomaly",
            &ctx.period_key(),
            metric_key(f.metric),
            dir,
            &f.date.to_string(),
        ]),
        priority,
        evidence,
        actions,
        facts: f.into(),
    }
}
