//! Adaptive ranking: the user's feedback per insight kind, kept as a Beta posterior, scales
//! each insight's priority.
//!
//! Every kind starts at the prior Beta(α = 2, β = 2): mean ½ and as strong as four
//! feedback events, so one click moves it but a few consistent ones dominate it. Feedback
//! adds evidence: *helpful* +1 to α, *not helpful* +1 to β, *read* +¼ to α (a weak implicit
//! yes), *dismissed* +½ to β (a weak implicit no). Once α + β exceeds [`MAX_EVIDENCE`],
//! both are scaled down to it, so old feedback fades and tastes can change again.
//!
//! An insight's rank score is `priority × (½ + posterior mean)`: ×1 at the prior, down to
//! ×½ for a kind the user never finds helpful, up to ×1.5. Pinned insights (goal changes
//! and deadlines, achievements) use at least ×1 and are always returned, beyond
//! `max_insights` if need be: feedback never hides them.

use serde::{Deserialize, Serialize};

use super::{Draft, Insight, InsightKind, PeriodWindow};
use crate::model::validate;
use crate::{Error, Result};

/// Prior α of every kind.
pub const PRIOR_ALPHA: f64 = 2.0;
/// Prior β of every kind.
pub const PRIOR_BETA: f64 = 2.0;
/// Largest α + β kept; beyond it both are scaled down (exponential forgetting).
pub const MAX_EVIDENCE: f64 = 50.0;
/// Most feedback events accepted in one update.
const MAX_EVENTS: usize = 100_000;

/// What the user did with an insight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FeedbackSignal {
    /// Marked helpful (α + 1).
    Helpful,
    /// Marked not helpful (β + 1).
    NotHelpful,
    /// Opened or read (α + ¼).
    Read,
    /// Dismissed without reading (β + ½).
    Dismissed,
}

impl FeedbackSignal {
    /// `(α, β)` increments of the signal.
    pub fn increments(self) -> (f64, f64) {
        match self {
            FeedbackSignal::Helpful => (1.0, 0.0),
            FeedbackSignal::NotHelpful => (0.0, 1.0),
            FeedbackSignal::Read => (0.25, 0.0),
            FeedbackSignal::Dismissed => (0.0, 0.5),
        }
    }
}

/// One piece of feedback on one insight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedbackEvent {
    /// The insight's id (kept for the host's records; preferences are per kind).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub insight_id: Option<String>,
    /// The insight's kind.
    pub kind: InsightKind,
    /// What the user did.
    pub signal: FeedbackSignal,
}

/// The posterior of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KindPreference {
    /// The kind.
    pub kind: InsightKind,
    /// Beta α (prior 2 + positive evidence).
    pub alpha: f64,
    /// Beta β (prior 2 + negative evidence).
    pub beta: f64,
    /// Feedback events recorded for the kind (before any forgetting).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub events: u32,
}

impl KindPreference {
    /// The prior of `kind`.
    pub fn prior(kind: InsightKind) -> Self {
        KindPreference {
            kind,
            alpha: PRIOR_ALPHA,
            beta: PRIOR_BETA,
            events: 0,
        }
    }

    /// The posterior mean `α / (α + β)`: the probability the user finds this kind helpful.
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }
}

/// One user's preferences, one entry per kind that received feedback (kinds without an
/// entry are at the prior). The host stores it as JSON and passes it back.
///
/// ```
/// use brandpilot::insight::{FeedbackEvent, FeedbackSignal, FeedbackState, InsightKind};
/// let mut state = FeedbackState::default();
/// assert_eq!(state.weight(InsightKind::Trend), 1.0);
/// for _ in 0..3 {
///     state.record(&FeedbackEvent { insight_id: None, kind: InsightKind::Trend, signal: FeedbackSignal::NotHelpful }).unwrap();
/// }
/// assert!(state.weight(InsightKind::Trend) < 0.8);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedbackState {
    /// Posteriors, in kind order.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub preferences: Vec<KindPreference>,
}

impl FeedbackState {
    /// The posterior of `kind` (the prior when it has none).
    pub fn preference(&self, kind: InsightKind) -> KindPreference {
        self.preferences
            .iter()
            .find(|p| p.kind == kind)
            .cloned()
            .unwrap_or_else(|| KindPreference::prior(kind))
    }

    /// The rank multiplier of `kind`: `½ + posterior mean`, in (½, 1½); 1 at the prior.
    pub fn weight(&self, kind: InsightKind) -> f64 {
        0.5 + self.preference(kind).mean()
    }

    /// Checks that every α and β is finite and in (0, 10⁶], and that no kind repeats.
    pub fn validate(&self) -> Result<()> {
        for (i, p) in self.preferences.iter().enumerate() {
            for (name, v) in [("alpha", p.alpha), ("beta", p.beta)] {
                let field = format!("preferences[{i}].{name}");
                validate::finite(&field, v)?;
                if v <= 0.0 || v > 1e6 {
                    return Err(Error::invalid(field, "must be > 0 and at most 1e6"));
                }
            }
            if self.preferences[..i].iter().any(|q| q.kind == p.kind) {
                return Err(Error::invalid(
                    format!("preferences[{i}].kind"),
                    format!("{} appears twice", p.kind),
                ));
            }
        }
        Ok(())
    }

    /// Adds one event to the kind's posterior (see the module docs for the increments).
    pub fn record(&mut self, event: &FeedbackEvent) -> Result<()> {
        if let Some(id) = &event.insight_id {
            validate::max_len("insight_id", id, 300)?;
        }
        let idx = match self.preferences.iter().position(|p| p.kind == event.kind) {
            Some(i) => i,
            None => {
                self.preferences.push(KindPreference::prior(event.kind));
                self.preferences.sort_by_key(|p| p.kind);
                self.preferences
                    .iter()
                    .position(|p| p.kind == event.kind)
                    .unwrap_or_default()
            }
        };
        let p = &mut self.preferences[idx];
        let (da, db) = event.signal.increments();
        p.alpha += da;
        p.beta += db;
        p.events = p.events.saturating_add(1);
        let total = p.alpha + p.beta;
        if total > MAX_EVIDENCE {
            let s = MAX_EVIDENCE / total;
            p.alpha *= s;
            p.beta *= s;
        }
        Ok(())
    }
}

/// `state` after `events`, in order: a pure function for hosts that store the state as
/// JSON. Errors name the offending event (`events[2].insight_id`) or state entry
/// (`state.preferences[0].alpha`).
///
/// ```
/// use brandpilot::insight::{update_feedback, FeedbackEvent, FeedbackSignal, FeedbackState, InsightKind};
/// let events = [FeedbackEvent { insight_id: Some("a1".into()), kind: InsightKind::Cadence, signal: FeedbackSignal::Helpful }];
/// let state = update_feedback(&FeedbackState::default(), &events).unwrap();
/// assert_eq!(state.preference(InsightKind::Cadence).alpha, 3.0);
/// ```
pub fn update_feedback(state: &FeedbackState, events: &[FeedbackEvent]) -> Result<FeedbackState> {
    state.validate().map_err(|e| e.within("state"))?;
    if events.len() > MAX_EVENTS {
        return Err(Error::invalid(
            "events",
            format!("at most {MAX_EVENTS} events are accepted in one update"),
        ));
    }
    let mut next = state.clone();
    next.preferences.sort_by_key(|p| p.kind);
    for (i, e) in events.iter().enumerate() {
        next.record(e)
            .map_err(|err| err.within(&format!("events[{i}]")))?;
    }
    Ok(next)
}

/// Orders the drafts by rank score and keeps the best `max` plus every pinned one.
pub(crate) fn rank(
    window: &PeriodWindow,
    drafts: Vec<Draft>,
    feedback: &FeedbackState,
    max: usize,
) -> Vec<Insight> {
    let weights: Vec<f64> = InsightKind::ALL
        .iter()
        .map(|&k| feedback.weight(k))
        .collect();
    let mut all: Vec<Insight> = drafts
        .into_iter()
        .map(|d| {
            // Every detector sets exactly one field of the facts.
            let kind = d.facts.kind().unwrap_or(InsightKind::Recommendation);
            let pinned = kind.is_pinned();
            let mut w = weights[kind.index()];
            if pinned {
                w = w.max(1.0);
            }
            let priority = d.priority.clamp(0.0, 1.0);
            Insight {
                id: d.id,
                kind,
                priority,
                rank_score: priority * w,
                pinned,
                title: String::new(),
                body: String::new(),
                evidence: d.evidence,
                actions: d.actions,
                period: window.clone(),
                facts: d.facts,
            }
        })
        .collect();
    all.sort_by(|a, b| {
        b.rank_score
            .total_cmp(&a.rank_score)
            .then(b.pinned.cmp(&a.pinned))
            .then(a.kind.cmp(&b.kind))
            .then(a.id.cmp(&b.id))
    });
    let mut seen = std::collections::HashSet::new();
    all.retain(|i| seen.insert(i.id.clone()));
    let pinned = all.iter().filter(|i| i.pinned).count();
    let mut room = max.saturating_sub(pinned);
    all.retain(|i| {
        if i.pinned {
            return true;
        }
        if room > 0 {
            room -= 1;
            return true;
        }
        false
    });
    all
}
