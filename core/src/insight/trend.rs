//! Trend insights: followers, impressions, engagement rate and profile views, this period
//! against the previous one, judged against the series' own noise.
//!
//! The noise is the typical period-to-period change: `1.4826 × median |v_j − v_{j+1}|`
//! over up to `trend_history` earlier pairs of consecutive periods (a robust standard
//! deviation of the change: 1.4826 = 1/Φ⁻¹(3/4) makes the median absolute value a
//! consistent estimator of σ for normal changes, Hampel 1974). With fewer than
//! three earlier changes, the spread inside the two periods compared stands in (the
//! standard error of the difference, Welch 1947). Either way the noise is floored at
//! `min_relative_change × |previous|`. A change beyond `noise_k` × noise is up or down;
//! anything else is steady.

use chrono::Days;

use super::context::Ctx;
use super::period::Block;
use super::stats::{MAD_SCALE, mean_var, median, stable_id};
use super::{Direction, Draft, NoiseBasis, TrendFacts, TrendMetric, ev};
use crate::model::{MetricPoint, SeriesMetric};
use crate::schedule::RateBasis;

/// How a period's value is formed from its samples, which decides the noise of a
/// difference of two periods when no history exists.
#[derive(Clone, Copy)]
enum Agg {
    /// Mean of daily values × the current period's days (flows from a daily series).
    DailyMean,
    /// A sum of independent samples (daily follower gains, posts' impressions).
    Sum,
    /// A mean of samples (posts' engagement rates).
    Mean,
}

/// Values of one metric per block (newest first) and the samples of the two newest.
struct MetricBlocks {
    values: Vec<Option<f64>>,
    samples: [Vec<f64>; 2],
    agg: Agg,
    level: Option<f64>,
}

pub(crate) fn detect(ctx: &Ctx) -> Vec<Draft> {
    TrendMetric::ALL
        .iter()
        .filter_map(|&m| {
            let blocks = metric_blocks(ctx, m)?;
            let facts = assess(ctx, m, &blocks)?;
            Some(draft(ctx, facts))
        })
        .collect()
}

/// The per-period values of `metric`, newest first; `None` when there is no source.
fn metric_blocks(ctx: &Ctx, metric: TrendMetric) -> Option<MetricBlocks> {
    match metric {
        TrendMetric::Followers => followers(ctx),
        TrendMetric::Impressions => flow(ctx, SeriesMetric::Impressions).or_else(|| {
            if ctx.basis == Some(RateBasis::Impressions) {
                post_impressions(ctx)
            } else {
                None
            }
        }),
        TrendMetric::ProfileViews => flow(ctx, SeriesMetric::ProfileViews),
        TrendMetric::EngagementRate => engagement_rate(ctx),
    }
}

fn days_before(d: chrono::NaiveDate, n: u32) -> chrono::NaiveDate {
    d.checked_sub_days(Days::new(u64::from(n))).unwrap_or(d)
}

/// The last point dated before `day` and not before `not_before`.
fn level_before(
    pts: &[MetricPoint],
    day: chrono::NaiveDate,
    not_before: chrono::NaiveDate,
) -> Option<f64> {
    let idx = pts.partition_point(|p| p.date < day);
    let p = pts.get(idx.checked_sub(1)?)?;
    (p.date >= not_before).then_some(p.value)
}

fn followers(ctx: &Ctx) -> Option<MetricBlocks> {
    let pts = ctx.series(SeriesMetric::Followers);
    if pts.is_empty() {
        return None;
    }
    let value = |b: Block| {
        let end = level_before(pts, b.end, b.start)?;
        let start = level_before(pts, b.start, days_before(b.start, b.days()))?;
        Some(end - start)
    };
    let gains = |b: Block| -> Vec<f64> {
        let lo = pts.partition_point(|p| p.date < b.start);
        let hi = pts.partition_point(|p| p.date < b.end);
        let from = lo.saturating_sub(1);
        pts[from..hi.max(from)]
            .windows(2)
            .filter(|w| w[0].date.succ_opt() == Some(w[1].date) && b.contains(w[1].date))
            .map(|w| w[1].value - w[0].value)
            .collect()
    };
    let current = ctx.current();
    Some(MetricBlocks {
        values: ctx.blocks.iter().map(|&b| value(b)).collect(),
        samples: [
            gains(current),
            ctx.blocks.get(1).map(|&b| gains(b)).unwrap_or_default(),
        ],
        agg: Agg::Sum,
        level: level_before(pts, current.end, current.start),
    })
}

fn flow(ctx: &Ctx, metric: SeriesMetric) -> Option<MetricBlocks> {
    let pts = ctx.series(metric);
    if pts.is_empty() {
        return None;
    }
    let days = f64::from(ctx.current().days());
    let in_block = |b: Block| -> Vec<f64> {
        let lo = pts.partition_point(|p| p.date < b.start);
        let hi = pts.partition_point(|p| p.date < b.end);
        pts[lo..hi.max(lo)].iter().map(|p| p.value).collect()
    };
    let value = |b: Block| {
        let v = in_block(b);
        // At least half of the days must be there for the period to count.
        (v.len() * 2 >= b.days() as usize && !v.is_empty())
            .then(|| v.iter().sum::<f64>() / v.len() as f64 * days)
    };
    Some(MetricBlocks {
        values: ctx.blocks.iter().map(|&b| value(b)).collect(),
        samples: [
            in_block(ctx.current()),
            ctx.blocks.get(1).map(|&b| in_block(b)).unwrap_or_default(),
        ],
        agg: Agg::DailyMean,
        level: None,
    })
}

/// Impressions summed over the posts of each period (accounts without a daily series).
fn post_impressions(ctx: &Ctx) -> Option<MetricBlocks> {
    let first = ctx.posts.first()?.day;
    let samples = |b: Block| -> Vec<f64> {
        ctx.posts_in(b)
            .iter()
            .filter_map(|p| p.post.metrics.impressions)
            .map(|i| i as f64)
            .collect()
    };
    let value = |b: Block| (b.end > first).then(|| samples(b).iter().sum::<f64>());
    Some(MetricBlocks {
        values: ctx.blocks.iter().map(|&b| value(b)).collect(),
        samples: [
            samples(ctx.current()),
            ctx.blocks.get(1).map(|&b| samples(b)).unwrap_or_default(),
        ],
        agg: Agg::Sum,
        level: None,
    })
}

fn engagement_rate(ctx: &Ctx) -> Option<MetricBlocks> {
    if !matches!(
        ctx.basis,
        Some(RateBasis::Impressions | RateBasis::Followers)
    ) {
        return None;
    }
    let rates = |b: Block| -> Vec<f64> { ctx.posts_in(b).iter().filter_map(|p| p.rate).collect() };
    let value = |b: Block| {
        let r = rates(b);
        (!r.is_empty()).then(|| r.iter().sum::<f64>() / r.len() as f64)
    };
    Some(MetricBlocks {
        values: ctx.blocks.iter().map(|&b| value(b)).collect(),
        samples: [
            rates(ctx.current()),
            ctx.blocks.get(1).map(|&b| rates(b)).unwrap_or_default(),
        ],
        agg: Agg::Mean,
        level: None,
    })
}

/// The noise of `current − previous` from the samples of the two periods alone.
fn within_noise(b: &MetricBlocks, days: f64) -> Option<f64> {
    let (nc, _, vc) = mean_var(&b.samples[0]);
    let (np, _, vp) = mean_var(&b.samples[1]);
    if nc < 2 || np < 2 {
        return None;
    }
    let (nc, np) = (nc as f64, np as f64);
    let noise = match b.agg {
        Agg::DailyMean => days * (vc / nc + vp / np).sqrt(),
        Agg::Sum => (nc * vc + np * vp).sqrt(),
        Agg::Mean => (vc / nc + vp / np).sqrt(),
    };
    noise.is_finite().then_some(noise)
}

fn assess(ctx: &Ctx, metric: TrendMetric, b: &MetricBlocks) -> Option<TrendFacts> {
    let current = (*b.values.first()?)?;
    let previous = (*b.values.get(1)?)?;
    let cfg = ctx.config;
    let mut changes: Vec<f64> = b.values[1..]
        .windows(2)
        .filter_map(|w| Some((w[0]? - w[1]?).abs()))
        .take(cfg.trend_history as usize)
        .collect();
    let history_periods = changes.len() as u32;
    let (noise, basis) = if changes.len() >= 3 {
        let m = median(&mut changes).unwrap_or(0.0);
        (MAD_SCALE * m, NoiseBasis::History)
    } else if let Some(n) = within_noise(b, f64::from(ctx.current().days())) {
        (n, NoiseBasis::WithinPeriods)
    } else {
        (0.0, NoiseBasis::Insufficient)
    };
    let noise = noise.max(cfg.min_relative_change * previous.abs());
    let change = current - previous;
    let threshold = cfg.noise_k * noise;
    let direction = if basis == NoiseBasis::Insufficient {
        Direction::Steady
    } else if change > threshold && change > 0.0 {
        Direction::Up
    } else if change < -threshold && change < 0.0 {
        Direction::Down
    } else {
        Direction::Steady
    };
    Some(TrendFacts {
        metric,
        direction,
        current,
        previous,
        change,
        change_percent: (previous != 0.0).then(|| change / previous.abs() * 100.0),
        noise,
        noise_basis: basis,
        history_periods,
        level: b.level,
    })
}

/// The unit of a trend metric's values.
pub(crate) fn unit(metric: TrendMetric) -> &'static str {
    match metric {
        TrendMetric::Followers => "followers",
        TrendMetric::Impressions => "impressions",
        TrendMetric::EngagementRate => "%",
        TrendMetric::ProfileViews => "views",
    }
}

fn draft(ctx: &Ctx, f: TrendFacts) -> Draft {
    let label = match f.metric {
        TrendMetric::Followers => "Net new followers",
        TrendMetric::Impressions => "Impressions",
        TrendMetric::EngagementRate => "Engagement rate",
        TrendMetric::ProfileViews => "Profile views",
    };
    let u = unit(f.metric);
    let p = ctx.period.as_str();
    let mut evidence = vec![
        ev("current", format!("{label} this {p}"), f.current, u),
        ev("previous", format!("{label} the {p} before"), f.previous, u),
        ev("change", "Change", f.change, u),
    ];
    if let Some(pct) = f.change_percent {
        evidence.push(ev("change_percent", "Change", pct, "%"));
    }
    evidence.push(ev("noise", "Usual swing", f.noise, u));
    if let Some(level) = f.level {
        evidence.push(ev("level", "Followers now", level, "followers"));
    }
    let priority = match f.direction {
        Direction::Steady => 0.15,
        d => {
            let ratio = if f.noise > 0.0 {
                f.change.abs() / f.noise - ctx.config.noise_k
            } else {
                3.0
            };
            0.4 + 0.1 * ratio.clamp(0.0, 3.0) + if d == Direction::Down { 0.05 } else { 0.0 }
        }
    };
    let actions = match (f.metric, f.direction) {
        (_, Direction::Steady) => vec![],
        (TrendMetric::Followers, Direction::Up) => {
            vec!["Welcome new followers with a post about what you do and why.".to_owned()]
        }
        (TrendMetric::Followers, _) => {
            vec!["Comment on five posts from people in your field this week.".to_owned()]
        }
        (TrendMetric::Impressions, Direction::Up) => {
            vec!["Keep the rhythm that brought the extra reach.".to_owned()]
        }
        (TrendMetric::Impressions, _) => {
            vec!["Post at one of your best times this week.".to_owned()]
        }
        (TrendMetric::EngagementRate, Direction::Up) => {
            vec!["Reply to every comment to keep the conversation going.".to_owned()]
        }
        (TrendMetric::EngagementRate, _) => {
            vec!["End your next post with an open question.".to_owned()]
        }
        (TrendMetric::ProfileViews, Direction::Up) => {
            vec!["Check your headline and featured section: visitors are looking.".to_owned()]
        }
        (TrendMetric::ProfileViews, _) => {
            vec!["Mention what you do in your next post so readers visit your profile.".to_owned()]
        }
    };
    Draft {
        id: stable_id(&[
            "trend",
            &ctx.period_key(),
            f.metric.as_str(),
            f.direction.as_str(),
        ]),
        priority,
        evidence,
        actions,
        facts: f.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_noise_formulas() {
        let b = MetricBlocks {
            values: vec![],
            samples: [vec![1.0, 3.0], vec![2.0, 4.0]],
            agg: Agg::Mean,
            level: None,
        };
        // var 2 each, n 2 each: sqrt(2/2 + 2/2)
        assert!((within_noise(&b, 7.0).unwrap() - 2f64.sqrt()).abs() < 1e-12);
        let b = MetricBlocks { agg: Agg::Sum, ..b };
        assert!((within_noise(&b, 7.0).unwrap() - 8f64.sqrt()).abs() < 1e-12);
    }
}
