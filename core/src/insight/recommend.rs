//! Recommendation insights: the brand analysis's top actions, as next steps.

use super::context::Ctx;
use super::stats::stable_id;
use super::{Draft, RecommendationFacts, ev};

/// Expected overall gain (points) at which a recommendation reaches its highest priority.
const FULL_PRIORITY_GAIN: f64 = 10.0;

pub(crate) fn detect(ctx: &Ctx) -> Vec<Draft> {
    let Some(a) = &ctx.input.analysis else {
        return vec![];
    };
    a.recommendations
        .iter()
        .take(ctx.config.max_recommendations as usize)
        .enumerate()
        .map(|(i, r)| {
            let action = serde_json::to_value(r.action)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let facts = RecommendationFacts {
                action: r.action,
                title: r.title.clone(),
                detail: r.detail.clone(),
                dimension: r.dimension,
                expected_gain: r.expected_gain,
                effort: r.effort,
                rank: i as u32 + 1,
            };
            Draft {
                id: stable_id(&["recommendation", &ctx.period_key(), &action]),
                priority: 0.3 + 0.3 * (r.expected_gain.max(0.0) / FULL_PRIORITY_GAIN).min(1.0)
                    - 0.02 * i as f64,
                evidence: vec![
                    ev(
                        "expected_gain",
                        "Expected gain on the brand score",
                        r.expected_gain,
                        "points",
                    ),
                    ev(
                        "dimension_gain",
                        format!("Expected gain on {}", r.dimension.as_str()),
                        r.dimension_gain,
                        "points",
                    ),
                ],
                actions: vec![r.title.clone()],
                facts: facts.into(),
            }
        })
        .collect()
}
