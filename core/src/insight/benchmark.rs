//! Benchmark insights: the brand score and its dimensions against peers (each score is a
//! percentile of the peer group), and how they moved since the previous analysis.
//!
//! With both analyses: one insight on the overall score (improved / steady / declined by
//! [`STEADY_THRESHOLD`] points, as [`score::compare`] labels it) and one on the dimension
//! that moved most, when it moved beyond the threshold. With only the current analysis:
//! one insight on where the user stands.

use super::context::Ctx;
use super::stats::stable_id;
use super::{BenchmarkFacts, Draft, ev};
use crate::score::{self, BrandAnalysis, Dimension, STEADY_THRESHOLD, Trend};

fn extremes(a: &BrandAnalysis) -> (Option<Dimension>, Option<Dimension>) {
    let scored: Vec<(Dimension, f64)> = a
        .dimensions
        .iter()
        .filter_map(|d| d.score.map(|s| (d.dimension, s)))
        .collect();
    let strongest = scored
        .iter()
        .fold(None::<(Dimension, f64)>, |best, &(d, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((d, s)),
        })
        .map(|x| x.0);
    let weakest = scored
        .iter()
        .fold(None::<(Dimension, f64)>, |best, &(d, s)| match best {
            Some((_, b)) if b <= s => best,
            _ => Some((d, s)),
        })
        .map(|x| x.0);
    (strongest, weakest)
}

fn trend_key(t: Trend) -> &'static str {
    match t {
        Trend::Improved => "improved",
        Trend::Steady => "steady",
        Trend::Declined => "declined",
        Trend::Unknown => "unknown",
    }
}

pub(crate) fn detect(ctx: &Ctx) -> Vec<Draft> {
    let Some(current) = &ctx.input.analysis else {
        return vec![];
    };
    let (strongest, weakest) = extremes(current);
    let mut out = Vec::new();
    let comparison = ctx
        .input
        .previous_analysis
        .as_ref()
        .and_then(|p| score::compare(p, current).ok());
    let overall = BenchmarkFacts {
        dimension: None,
        current: current.overall,
        previous: comparison.as_ref().map(|c| c.previous_overall),
        delta: comparison.as_ref().map(|c| c.overall_delta),
        trend: comparison
            .as_ref()
            .map_or(Trend::Unknown, |c| c.overall_trend),
        strongest,
        weakest,
    };
    out.push(draft(ctx, overall, current));
    if let Some(c) = &comparison {
        let moved = c
            .dimensions
            .iter()
            .filter_map(|d| Some((d, d.delta?)))
            .filter(|(_, delta)| delta.abs() > STEADY_THRESHOLD)
            .fold(
                None,
                |best: Option<(&score::DimensionChange, f64)>, (d, delta)| match best {
                    Some((_, b)) if b.abs() >= delta.abs() => best,
                    _ => Some((d, delta)),
                },
            );
        if let Some((d, delta)) = moved {
            out.push(draft(
                ctx,
                BenchmarkFacts {
                    dimension: Some(d.dimension),
                    current: d.current.unwrap_or(0.0),
                    previous: d.previous,
                    delta: Some(delta),
                    trend: d.trend,
                    strongest,
                    weakest,
                },
                current,
            ));
        }
    }
    out
}

fn draft(ctx: &Ctx, f: BenchmarkFacts, analysis: &BrandAnalysis) -> Draft {
    let subject = f.dimension.map_or("overall", Dimension::as_str);
    let label = match f.dimension {
        None => "Brand score".to_owned(),
        Some(d) => format!("{} score", capitalise(d.as_str())),
    };
    let mut evidence = vec![ev("current", format!("{label} now"), f.current, "points")];
    if let Some(p) = f.previous {
        evidence.push(ev("previous", format!("{label} before"), p, "points"));
    }
    if let Some(d) = f.delta {
        evidence.push(ev("delta", "Change", d, "points"));
    }
    let priority = match (f.trend, f.delta) {
        (Trend::Improved | Trend::Declined, Some(d)) => {
            0.45 + (d.abs() / 40.0).min(0.25) + if d < 0.0 { 0.05 } else { 0.0 }
        }
        (Trend::Steady, _) => 0.2,
        _ => 0.25,
    };
    // The analysis's best action for the dimension concerned (or overall).
    let focus = match (f.dimension, f.trend) {
        (Some(d), _) => Some(d),
        (None, Trend::Declined | Trend::Unknown) => f.weakest,
        _ => None,
    };
    let actions: Vec<String> = focus
        .and_then(|d| analysis.recommendations.iter().find(|r| r.dimension == d))
        .map(|r| r.title.clone())
        .into_iter()
        .collect();
    Draft {
        id: stable_id(&["benchmark", &ctx.period_key(), subject, trend_key(f.trend)]),
        priority,
        evidence,
        actions,
        facts: f.into(),
    }
}

/// `presence` → `Presence`.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
