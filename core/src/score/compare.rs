//! History tracking: how a brand analysis changed since the previous one.

use super::types::{AnalysisComparison, BrandAnalysis, Dimension, DimensionChange, Trend};
use crate::Result;

/// Changes smaller than this many points (either way) are labelled [`Trend::Steady`]:
/// below it, week-to-week noise in metrics moves scores as much as real progress does.
pub const STEADY_THRESHOLD: f64 = 2.0;

fn trend(delta: Option<f64>) -> Trend {
    match delta {
        None => Trend::Unknown,
        Some(d) if d > STEADY_THRESHOLD => Trend::Improved,
        Some(d) if d < -STEADY_THRESHOLD => Trend::Declined,
        Some(_) => Trend::Steady,
    }
}

/// Per-dimension deltas and trend labels between two analyses of the same account.
///
/// ```
/// # use brandpilot::model::{AccountSnapshot, Platform, Profile};
/// # use brandpilot::score::{analyze, compare, BrandInput, ScoringConfig, Trend};
/// let mut input = BrandInput {
///     snapshot: AccountSnapshot { profile: Profile::new(Platform::Linkedin, "ada"), posts: vec![], series: vec![] },
///     industry: "all".into(),
///     now: "2026-11-01T00:00:00Z".parse().unwrap(),
/// };
/// let before = analyze(&input, &ScoringConfig::default()).unwrap();
/// input.snapshot.profile.has_photo = true;
/// input.now = "2026-11-08T00:00:00Z".parse().unwrap();
/// let after = analyze(&input, &ScoringConfig::default()).unwrap();
/// let cmp = compare(&before, &after).unwrap();
/// assert_eq!(cmp.overall_trend, Trend::Improved);
/// assert_eq!(cmp.days_between, 7.0);
/// ```
pub fn compare(previous: &BrandAnalysis, current: &BrandAnalysis) -> Result<AnalysisComparison> {
    for (name, a) in [("previous", previous), ("current", current)] {
        crate::model::validate::finite(&format!("{name}.overall"), a.overall)?;
    }
    if previous.platform != current.platform {
        return Err(crate::Error::invalid(
            "current.platform",
            format!(
                "is {} but the previous analysis is on {}",
                current.platform, previous.platform
            ),
        ));
    }
    let score = |a: &BrandAnalysis, d: Dimension| a.dimension(d).and_then(|s| s.score);
    let dimensions: Vec<DimensionChange> = Dimension::ALL
        .iter()
        .map(|&d| {
            let (p, c) = (score(previous, d), score(current, d));
            let delta = p.zip(c).map(|(p, c)| c - p);
            DimensionChange {
                dimension: d,
                previous: p,
                current: c,
                delta,
                trend: trend(delta),
            }
        })
        .collect();
    let extreme = |better: fn(f64, f64) -> bool| {
        dimensions
            .iter()
            .filter_map(|c| c.delta.map(|d| (c.dimension, d)))
            .filter(|&(_, d)| better(d, 0.0))
            .fold(
                None,
                |best: Option<(Dimension, f64)>, (dim, d)| match best {
                    Some((_, b)) if !better(d, b) => best,
                    _ => Some((dim, d)),
                },
            )
            .map(|(dim, _)| dim)
    };
    let overall_delta = current.overall - previous.overall;
    Ok(AnalysisComparison {
        previous_overall: previous.overall,
        current_overall: current.overall,
        overall_delta,
        overall_trend: trend(Some(overall_delta)),
        biggest_gain: extreme(|a, b| a > b),
        biggest_drop: extreme(|a, b| a < b),
        dimensions,
        days_between: (current.analyzed_at - previous.analyzed_at).num_seconds() as f64 / 86_400.0,
    })
}
