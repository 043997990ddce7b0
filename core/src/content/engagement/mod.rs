//! Engagement prediction: a ridge regression of a user's own engagement rate on what their
//! posts say, carry and when they went out, fit on their history and stored by the host.
//!
//! # The model
//! - **Target**: the engagement rate `engagements / impressions` of each post with
//!   impressions > 0 (engagements as in [`PostMetrics::engagements`]: likes + comments +
//!   shares + saves). Posts without impressions, or whose text [`analyze`] rejects (empty,
//!   over [`MAX_TEXT_BYTES`](crate::content::MAX_TEXT_BYTES)), are skipped and the model's
//!   `notes` say how many.
//! - **Scale**: the regression is fit on `ln(rate + 0.001)` ([`LOG_OFFSET`]). Effects on
//!   engagement are multiplicative (a carousel lifts a 2 % account and a 6 % account by a
//!   similar factor, not by the same number of points), rates are skewed, and the back-
//!   transformed prediction `exp(·) − 0.001` estimates the *median* rate of such a post,
//!   the figure that minimises the absolute error reported by cross-validation. The offset
//!   keeps posts with zero engagements in the fit. Predictions are clamped to 0–1.
//! - **Features** ([`FEATURE_NAMES`]): from [`analyze`] (length, words, hashtags, mentions,
//!   links, emoji, line breaks, question, call to action, hook above the fold, reading
//!   ease, sentiment, quality score), the media kind (one-hot), the local hour (on a
//!   circle) and weekend flag in [`FitOptions::time_zone`], and the platform (one-hot, only
//!   when the history spans several). Each is standardised with the history's mean and
//!   standard deviation; features that do not vary in the history are dropped. At
//!   prediction each value is first clamped into the range seen in training.
//! - **Penalty**: ridge (`mean squared error + λ‖w‖²` on standardised features), λ chosen
//!   from [`FitOptions::lambdas`] by K-fold cross-validation on the mean absolute error in
//!   rate units.
//! - **Folds**: contiguous blocks of posts in time order, not a shuffle. Posts close in
//!   time share an audience size and a feed algorithm, so a shuffled split lets each test
//!   post's neighbours into the training set and flatters the error; a held-out block
//!   measures how the model does on a stretch of weeks it has not seen, which is how a
//!   host uses it. The assignment is deterministic (time, then input order).
//! - **Interval**: split-conformal. Every post's out-of-fold residual (log scale, at the
//!   chosen λ) is kept, and the 10th and 90th percentiles (with the `(n + 1)` finite-sample
//!   correction) bound an interval meant to hold [`COVERAGE`] = 80 % of new posts' rates.
//!   Out-of-fold residuals come from models fit on fewer posts, so the interval errs wide.
//! - **Explanation**: each prediction lists the [`MAX_CONTRIBUTIONS`] features with the
//!   largest effect, in natural-log units relative to the average post (every feature at
//!   its history mean): `exp(effect)` is the factor the feature multiplies the rate by.
//!
//! The cross-validated error is reported against the simplest alternative, predicting
//! the training mean rate ([`CrossValidation::skill`] > 0: the model beats it). The λ is
//! chosen on the same folds, so the reported error is slightly optimistic.
//!
//! ```
//! use brandpilot::content::engagement::{EngagementModel, FitOptions};
//! use brandpilot::model::{MediaKind, Platform, Post, PostMetrics};
//! use chrono::{DateTime, Duration, Utc};
//!
//! let t0: DateTime<Utc> = "2026-06-01T08:00:00Z".parse().unwrap();
//! let history: Vec<Post> = (0..30)
//!     .map(|i| {
//!         let question = i % 3 == 0;
//!         let text = if question { "Shipped our new pipeline. What would you change?" } else { "Shipped our new pipeline today." };
//!         Post {
//!             id: format!("p{i}"),
//!             platform: Platform::Linkedin,
//!             created_at: t0 + Duration::hours(61 * i),
//!             text: text.into(),
//!             media_kind: MediaKind::None,
//!             metrics: PostMetrics {
//!                 impressions: Some(1_000),
//!                 likes: Some(if question { 60 } else { 30 } + i % 5),
//!                 ..Default::default()
//!             },
//!         }
//!     })
//!     .collect();
//! let model = EngagementModel::fit(&history, &FitOptions::default()).unwrap();
//! assert!(model.cross_validation.skill > 0.0);
//!
//! let asked = model
//!     .predict("Shipped our new pipeline. What would you change?", Platform::Linkedin, t0)
//!     .unwrap();
//! let plain = model.predict("Shipped our new pipeline today.", Platform::Linkedin, t0).unwrap();
//! assert!(asked.low <= asked.engagement_rate && asked.engagement_rate <= asked.high);
//! assert!(asked.engagement_rate > 1.5 * plain.engagement_rate);
//! assert!(asked.contributions.iter().any(|c| c.feature == "has_question" && c.effect > 0.0));
//!
//! // Hosts store the model as JSON and pass it back later.
//! let stored = serde_json::to_string(&model).unwrap();
//! let back: EngagementModel = serde_json::from_str(&stored).unwrap();
//! back.validate().unwrap();
//! ```
//!
//! [`PostMetrics::engagements`]: crate::model::PostMetrics::engagements

mod features;
mod linalg;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use features::FEATURE_NAMES;

use self::features::{FIRST_PLATFORM, N_FEATURES, feature_index, raw_features};
use self::linalg::{NormalEquations, Standardizer};
use crate::content::analyze;
use crate::model::{MediaKind, Platform, Post, PostMetrics};
use crate::schedule::time::parse_time_zone;
use crate::{Error, Result};

/// Version of the [`EngagementModel`] layout; a stored model of another version is rejected
/// by [`EngagementModel::validate`] (refit it from the history).
pub const FORMAT_VERSION: u32 = 1;

/// Fewest usable posts (impressions > 0, analysable text) a fit needs.
pub const MIN_POSTS: usize = 10;

/// Most posts accepted in one history.
pub const MAX_POSTS: usize = 20_000;

/// Share of new posts the prediction interval is meant to contain.
pub const COVERAGE: f64 = 0.8;

/// Added to every rate before taking its logarithm (0.1 percentage point), so posts without
/// engagements stay in the fit.
pub const LOG_OFFSET: f64 = 0.001;

/// Contributions listed per prediction.
pub const MAX_CONTRIBUTIONS: usize = 5;

/// Most penalties accepted in [`FitOptions::lambdas`].
pub const MAX_LAMBDAS: usize = 100;

/// The penalties tried by default: 10^−3 … 10^3 in half-decade steps. The features are
/// standardised, so λ = 1 weighs the penalty like the features' own variance.
pub const DEFAULT_LAMBDAS: [f64; 13] = [
    0.001, 0.00316, 0.01, 0.0316, 0.1, 0.316, 1.0, 3.16, 10.0, 31.6, 100.0, 316.0, 1000.0,
];

/// How to fit an [`EngagementModel`]. `{}` in JSON is the default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FitOptions {
    /// IANA time zone in which the posting hour and weekday are read (default `"UTC"`):
    /// the audience's, ideally.
    #[cfg_attr(feature = "uniffi", uniffi(default = "UTC"))]
    pub time_zone: String,
    /// Cross-validation folds, 2–20 (default 5). More folds than usable posts are reduced
    /// to one post per fold.
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    pub folds: u32,
    /// Ridge penalties to choose from, each finite and ≥ 0 (default [`DEFAULT_LAMBDAS`]).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub lambdas: Option<Vec<f64>>,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            time_zone: "UTC".into(),
            folds: 5,
            lambdas: None,
        }
    }
}

impl FitOptions {
    /// Checks the time zone, the fold count (2–20) and the penalties (1–100 values, finite,
    /// ≥ 0); errors name the field (`lambdas[2]`).
    pub fn validate(&self) -> Result<()> {
        parse_time_zone("time_zone", &self.time_zone)?;
        if !(2..=20).contains(&self.folds) {
            return Err(Error::invalid(
                "folds",
                format!("must be between 2 and 20, got {}", self.folds),
            ));
        }
        if let Some(lambdas) = &self.lambdas {
            if lambdas.is_empty() || lambdas.len() > MAX_LAMBDAS {
                return Err(Error::invalid(
                    "lambdas",
                    format!(
                        "must hold 1 to {MAX_LAMBDAS} penalties, got {}",
                        lambdas.len()
                    ),
                ));
            }
            for (i, l) in lambdas.iter().enumerate() {
                if !l.is_finite() || *l < 0.0 {
                    return Err(Error::invalid(
                        format!("lambdas[{i}]"),
                        format!("must be a finite number >= 0, got {l}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Cross-validated error of a fit, in engagement-rate units (0.01 = one percentage point).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CrossValidation {
    /// Folds used (time-ordered blocks).
    pub folds: u32,
    /// Mean absolute error of the out-of-fold predictions at the chosen penalty, over
    /// every usable post.
    pub mae: f64,
    /// Mean absolute error of predicting each fold with the mean rate of the other folds.
    pub baseline_mae: f64,
    /// `1 − mae / baseline_mae`: above 0 the model beats the mean, 1 would be perfect
    /// (0 when the baseline error is 0).
    pub skill: f64,
}

/// A fitted engagement model: everything needed to predict, as plain data a host can store
/// (JSON via serde) and pass back. Parallel vectors (`feature_names`, `means`, `scales`,
/// `feature_min`, `feature_max`, `weights`) have one entry per feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EngagementModel {
    /// Layout version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// IANA time zone of the hour and weekday features.
    pub time_zone: String,
    /// Platforms of the posts the model was fit on, in [`Platform::ALL`] order.
    pub platforms: Vec<Platform>,
    /// Posts the model was fit on.
    pub n_train: u32,
    /// The features used, each one of [`FEATURE_NAMES`].
    pub feature_names: Vec<String>,
    /// Training mean of each feature.
    pub means: Vec<f64>,
    /// Training standard deviation of each feature (> 0).
    pub scales: Vec<f64>,
    /// Smallest training value of each feature: inputs are clamped into
    /// `[feature_min, feature_max]` before standardising.
    pub feature_min: Vec<f64>,
    /// Largest training value of each feature.
    pub feature_max: Vec<f64>,
    /// Ridge weight of each standardised feature, in natural-log units of the rate.
    pub weights: Vec<f64>,
    /// Predicted `ln(rate + log_offset)` of the average post (every feature at its mean).
    pub intercept: f64,
    /// The ridge penalty chosen from [`FitOptions::lambdas`] by cross-validation (named so
    /// because `lambda` is a Python keyword).
    pub chosen_lambda: f64,
    /// Offset added to the rate before the logarithm ([`LOG_OFFSET`]).
    pub log_offset: f64,
    /// Mean engagement rate of the training posts.
    pub mean_engagement_rate: f64,
    /// Share of new posts the interval is meant to contain ([`COVERAGE`]).
    pub coverage: f64,
    /// Lower quantile of the out-of-fold log residuals: the interval's low end is the
    /// prediction shifted by this (≤ 0 in practice).
    pub residual_low: f64,
    /// Upper quantile of the out-of-fold log residuals.
    pub residual_high: f64,
    /// Cross-validated error against predicting the mean.
    pub cross_validation: CrossValidation,
    /// What was skipped or assumed, in plain words.
    pub notes: Vec<String>,
}

/// What one feature did to a prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeatureContribution {
    /// One of [`FEATURE_NAMES`].
    pub feature: String,
    /// The draft's value of the feature (before clamping into the training range).
    pub value: f64,
    /// Change in the predicted `ln(rate)` against the average post, in natural-log units:
    /// `exp(effect)` is the factor it multiplies the rate by (0.18 → ×1.20, −0.22 → ×0.80).
    pub effect: f64,
}

/// A predicted engagement rate with its interval and its main reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EngagementPrediction {
    /// Predicted engagement rate (engagements ÷ impressions, 0–1): the typical (median)
    /// rate of such a post.
    pub engagement_rate: f64,
    /// Low end of the interval (0–1, ≤ `engagement_rate`).
    pub low: f64,
    /// High end of the interval (0–1, ≥ `engagement_rate`).
    pub high: f64,
    /// Share of posts the interval is meant to contain (0.8).
    pub coverage: f64,
    /// The features with the largest effect, largest `|effect|` first (at most 5).
    pub contributions: Vec<FeatureContribution>,
}

/// One post turned into model inputs.
struct Sample {
    x: [f64; N_FEATURES],
    /// `ln(rate + LOG_OFFSET)`.
    y: f64,
    rate: f64,
    at: DateTime<Utc>,
}

/// Engagements (as [`PostMetrics::engagements`]) in floating point, so absurd counts
/// cannot overflow.
fn engagements(m: &PostMetrics) -> f64 {
    [m.likes, m.comments, m.shares, m.saves]
        .into_iter()
        .flatten()
        .map(|v| v as f64)
        .sum()
}

/// Back from the log scale to a rate in 0–1.
fn to_rate(log_value: f64, offset: f64) -> f64 {
    let r = log_value.exp() - offset;
    if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The `k`-th smallest (1-based, clamped to 1..=n) of sorted `v`.
fn order_stat(sorted: &[f64], k: usize) -> f64 {
    sorted[k.clamp(1, sorted.len()) - 1]
}

/// The posts a fit can use, and what was skipped.
struct Usable {
    samples: Vec<Sample>,
    /// Distinct platforms of the samples, in [`Platform::ALL`] order.
    platforms: Vec<Platform>,
    no_impressions: usize,
    no_text: usize,
}

/// Turns every post with impressions > 0 and text [`analyze`] accepts into a sample.
fn usable_samples(history: &[Post], tz: chrono_tz::Tz) -> Usable {
    let mut u = Usable {
        samples: Vec::new(),
        platforms: Vec::new(),
        no_impressions: 0,
        no_text: 0,
    };
    for post in history {
        let impressions = match post.metrics.impressions {
            Some(n) if n > 0 => n as f64,
            _ => {
                u.no_impressions += 1;
                continue;
            }
        };
        let Ok(analysis) = analyze(&post.text, post.platform) else {
            u.no_text += 1;
            continue;
        };
        let rate = engagements(&post.metrics) / impressions;
        if !u.platforms.contains(&post.platform) {
            u.platforms.push(post.platform);
        }
        u.samples.push(Sample {
            x: raw_features(&analysis, post.media_kind, post.created_at, tz),
            y: (rate + LOG_OFFSET).ln(),
            rate,
            at: post.created_at,
        });
    }
    u.platforms.sort();
    u
}

/// Cross-validation over `k` time-ordered blocks.
struct OutOfFold {
    /// Per penalty, each sample's log prediction by the model fit without its block.
    predictions: Vec<Vec<f64>>,
    /// Per penalty, whether every fold's system could be solved.
    solved: Vec<bool>,
    /// MAE of predicting each block with the other blocks' mean rate.
    baseline_mae: f64,
}

fn out_of_fold(samples: &[Sample], candidates: &[usize], lambdas: &[f64], k: usize) -> OutOfFold {
    let n = samples.len();
    // Time-ordered blocks: the j-th post in time goes to fold j·k/n.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (samples[i].at, i));
    let mut fold_of = vec![0usize; n];
    for (j, &i) in order.iter().enumerate() {
        fold_of[i] = j * k / n;
    }
    let mut predictions = vec![vec![f64::NAN; n]; lambdas.len()];
    let mut solved = vec![true; lambdas.len()];
    let mut baseline_abs = 0.0;
    for f in 0..k {
        let train: Vec<&Sample> = samples
            .iter()
            .zip(&fold_of)
            .filter(|(_, g)| **g != f)
            .map(|(s, _)| s)
            .collect();
        let test: Vec<usize> = (0..n).filter(|&i| fold_of[i] == f).collect();
        let mean_rate = train.iter().map(|s| s.rate).sum::<f64>() / train.len() as f64;
        baseline_abs += test
            .iter()
            .map(|&i| (samples[i].rate - mean_rate).abs())
            .sum::<f64>();
        let rows: Vec<&[f64; N_FEATURES]> = train.iter().map(|s| &s.x).collect();
        let std = Standardizer::fit(&rows, candidates);
        let z: Vec<Vec<f64>> = rows.iter().map(|r| std.transform(r)).collect();
        let y: Vec<f64> = train.iter().map(|s| s.y).collect();
        let ne = NormalEquations::new(&z, &y);
        let z_test: Vec<Vec<f64>> = test.iter().map(|&i| std.transform(&samples[i].x)).collect();
        for (li, &lambda) in lambdas.iter().enumerate() {
            match ne.solve(lambda) {
                Some(w) => {
                    for (&i, zt) in test.iter().zip(&z_test) {
                        predictions[li][i] = ne.y_mean + dot(&w, zt);
                    }
                }
                None => solved[li] = false,
            }
        }
    }
    OutOfFold {
        predictions,
        solved,
        baseline_mae: baseline_abs / n as f64,
    }
}

impl EngagementModel {
    /// Fits a model on `history` (see the [module docs](self) for the method).
    ///
    /// Errors (`invalid_input`): `options.*` invalid (unknown time zone, folds outside
    /// 2–20, a negative or non-finite penalty), more than [`MAX_POSTS`] posts
    /// (`history`), a negative count (`history[3].metrics.likes`), fewer than
    /// [`MIN_POSTS`] usable posts (`history`, saying how many were usable).
    pub fn fit(history: &[Post], options: &FitOptions) -> Result<EngagementModel> {
        options.validate().map_err(|e| e.within("options"))?;
        let tz = parse_time_zone("options.time_zone", &options.time_zone)?;
        if history.len() > MAX_POSTS {
            return Err(Error::invalid(
                "history",
                format!(
                    "has {} posts; at most {MAX_POSTS} are accepted",
                    history.len()
                ),
            ));
        }
        for (i, post) in history.iter().enumerate() {
            post.metrics
                .validate()
                .map_err(|e| e.within(&format!("history[{i}].metrics")))?;
        }

        let Usable {
            samples,
            platforms,
            no_impressions,
            no_text,
        } = usable_samples(history, tz);
        let n = samples.len();
        if n < MIN_POSTS {
            return Err(Error::invalid(
                "history",
                format!(
                    "{n} of {} posts are usable (impressions > 0 and non-empty text); at least {MIN_POSTS} are needed",
                    history.len()
                ),
            ));
        }
        let mut notes = Vec::new();
        if no_impressions > 0 {
            notes.push(format!(
                "{no_impressions} post(s) without impressions skipped."
            ));
        }
        if no_text > 0 {
            notes.push(format!(
                "{no_text} post(s) with empty or unreadable text skipped."
            ));
        }
        let candidates: Vec<usize> = if platforms.len() > 1 {
            (0..N_FEATURES).collect()
        } else {
            notes.push(format!(
                "Fit on {} posts only: a prediction for another platform assumes it performs like {0}.",
                platforms[0]
            ));
            (0..FIRST_PLATFORM).collect()
        };

        let lambdas: Vec<f64> = options
            .lambdas
            .clone()
            .unwrap_or_else(|| DEFAULT_LAMBDAS.to_vec());
        let k = (options.folds as usize).min(n);
        if k < options.folds as usize {
            notes.push(format!(
                "{} folds asked for {n} posts; {k} used.",
                options.folds
            ));
        }
        let OutOfFold {
            predictions: oof,
            solved,
            baseline_mae,
        } = out_of_fold(&samples, &candidates, &lambdas, k);

        // The penalty with the smallest out-of-fold MAE in rate units (ties: the larger).
        let mut best: Option<(usize, f64)> = None;
        for (li, &lambda) in lambdas.iter().enumerate() {
            if !solved[li] {
                continue;
            }
            let mae = (0..n)
                .map(|i| (to_rate(oof[li][i], LOG_OFFSET) - samples[i].rate).abs())
                .sum::<f64>()
                / n as f64;
            if !mae.is_finite() {
                continue;
            }
            let better = match best {
                None => true,
                Some((bi, bm)) => mae < bm || (mae == bm && lambda > lambdas[bi]),
            };
            if better {
                best = Some((li, mae));
            }
        }
        let Some((li, mae)) = best else {
            return Err(Error::invalid(
                "options.lambdas",
                "no penalty gave a solvable system; include a positive one",
            ));
        };
        let lambda = lambdas[li];

        // Split-conformal interval from the out-of-fold residuals.
        let mut residuals: Vec<f64> = (0..n).map(|i| samples[i].y - oof[li][i]).collect();
        residuals.sort_by(f64::total_cmp);
        let tail = (1.0 - COVERAGE) / 2.0;
        let k_low = ((n + 1) as f64 * tail + 1e-9).floor() as usize;
        let k_high = ((n + 1) as f64 * (1.0 - tail) - 1e-9).ceil() as usize;
        let residual_low = order_stat(&residuals, k_low);
        let residual_high = order_stat(&residuals, k_high);

        // The final fit on every usable post.
        let rows: Vec<&[f64; N_FEATURES]> = samples.iter().map(|s| &s.x).collect();
        let std = Standardizer::fit(&rows, &candidates);
        let z: Vec<Vec<f64>> = rows.iter().map(|r| std.transform(r)).collect();
        let y: Vec<f64> = samples.iter().map(|s| s.y).collect();
        let ne = NormalEquations::new(&z, &y);
        let weights = ne.solve(lambda).ok_or_else(|| {
            Error::invalid(
                "options.lambdas",
                format!("the chosen penalty {lambda} gave no solution on the full history"),
            )
        })?;

        let skill = if baseline_mae > 0.0 {
            1.0 - mae / baseline_mae
        } else {
            0.0
        };
        Ok(EngagementModel {
            format_version: FORMAT_VERSION,
            time_zone: options.time_zone.clone(),
            platforms,
            n_train: n as u32,
            feature_names: std
                .cols
                .iter()
                .map(|&c| FEATURE_NAMES[c].to_owned())
                .collect(),
            means: std.mean,
            scales: std.scale,
            feature_min: std.min,
            feature_max: std.max,
            weights,
            intercept: ne.y_mean,
            chosen_lambda: lambda,
            log_offset: LOG_OFFSET,
            mean_engagement_rate: samples.iter().map(|s| s.rate).sum::<f64>() / n as f64,
            coverage: COVERAGE,
            residual_low,
            residual_high,
            cross_validation: CrossValidation {
                folds: k as u32,
                mae,
                baseline_mae,
                skill,
            },
            notes,
        })
    }

    /// Predicts the engagement rate of a text-only draft (media kind
    /// [`MediaKind::None`]) posted on `platform` at `at`; see [`predict_with_media`].
    ///
    /// [`predict_with_media`]: EngagementModel::predict_with_media
    pub fn predict(
        &self,
        draft: &str,
        platform: Platform,
        at: DateTime<Utc>,
    ) -> Result<EngagementPrediction> {
        self.predict_with_media(draft, platform, MediaKind::None, at)
    }

    /// Predicts the engagement rate of `draft` carrying `media`, posted on `platform` at
    /// `at` (read in the model's time zone).
    ///
    /// A platform the model was not fit on is allowed: its platform features are set to
    /// the history's average, so the prediction is that of the history's typical platform
    /// (check [`EngagementModel::platforms`] to warn the user).
    ///
    /// Errors (`invalid_input`): `draft` empty, whitespace only, with NUL or over
    /// [`MAX_TEXT_BYTES`](crate::content::MAX_TEXT_BYTES); `model.*` when the model fails
    /// [`validate`](EngagementModel::validate) or its weights overflow.
    pub fn predict_with_media(
        &self,
        draft: &str,
        platform: Platform,
        media: MediaKind,
        at: DateTime<Utc>,
    ) -> Result<EngagementPrediction> {
        self.validate().map_err(|e| e.within("model"))?;
        let analysis =
            analyze(draft, platform).map_err(|e| Error::invalid("draft", e.message()))?;
        let tz = parse_time_zone("model.time_zone", &self.time_zone)?;
        let x = raw_features(&analysis, media, at, tz);
        let known_platform = self.platforms.contains(&platform);
        let mut log_rate = self.intercept;
        let mut contributions = Vec::with_capacity(self.feature_names.len());
        for (j, name) in self.feature_names.iter().enumerate() {
            let c = feature_index(name).ok_or_else(|| {
                Error::invalid(format!("model.feature_names[{j}]"), "unknown feature")
            })?;
            let z = if c >= FIRST_PLATFORM && !known_platform {
                0.0
            } else {
                (x[c].clamp(self.feature_min[j], self.feature_max[j]) - self.means[j])
                    / self.scales[j]
            };
            let effect = self.weights[j] * z;
            log_rate += effect;
            contributions.push(FeatureContribution {
                feature: name.clone(),
                value: x[c],
                effect,
            });
        }
        if !log_rate.is_finite() || contributions.iter().any(|c| !c.effect.is_finite()) {
            return Err(Error::invalid(
                "model.weights",
                "give a non-finite prediction (the model was altered)",
            ));
        }
        contributions.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
        contributions.truncate(MAX_CONTRIBUTIONS);
        let engagement_rate = to_rate(log_rate, self.log_offset);
        Ok(EngagementPrediction {
            engagement_rate,
            low: to_rate(log_rate + self.residual_low.min(0.0), self.log_offset),
            high: to_rate(log_rate + self.residual_high.max(0.0), self.log_offset),
            coverage: self.coverage,
            contributions,
        })
    }

    /// Checks a stored or hand-edited model before use: the format version, the time zone,
    /// one entry per feature in every parallel vector, known and distinct feature names,
    /// finite numbers, positive scales, `feature_min ≤ feature_max`, a penalty ≥ 0, a log
    /// offset in (0, 1], a coverage in (0, 1), `residual_low ≤ residual_high` and at least
    /// one distinct platform. Errors name the field relative to the model (`weights[3]`);
    /// [`predict`](EngagementModel::predict) prefixes them with `model.`.
    pub fn validate(&self) -> Result<()> {
        if self.format_version != FORMAT_VERSION {
            return Err(Error::invalid(
                "format_version",
                format!(
                    "is {}; this version of brandpilot reads {FORMAT_VERSION} (refit the model)",
                    self.format_version
                ),
            ));
        }
        parse_time_zone("time_zone", &self.time_zone)?;
        let p = self.feature_names.len();
        for (field, len) in [
            ("means", self.means.len()),
            ("scales", self.scales.len()),
            ("feature_min", self.feature_min.len()),
            ("feature_max", self.feature_max.len()),
            ("weights", self.weights.len()),
        ] {
            if len != p {
                return Err(Error::invalid(
                    field,
                    format!("has {len} values for {p} features"),
                ));
            }
        }
        for (j, name) in self.feature_names.iter().enumerate() {
            if feature_index(name).is_none() {
                return Err(Error::invalid(
                    format!("feature_names[{j}]"),
                    format!("unknown feature `{name}`"),
                ));
            }
            if self.feature_names[..j].contains(name) {
                return Err(Error::invalid(
                    format!("feature_names[{j}]"),
                    format!("`{name}` appears twice"),
                ));
            }
        }
        for (field, values) in [
            ("means", &self.means),
            ("scales", &self.scales),
            ("feature_min", &self.feature_min),
            ("feature_max", &self.feature_max),
            ("weights", &self.weights),
        ] {
            if let Some(j) = values.iter().position(|v| !v.is_finite()) {
                return Err(Error::invalid(
                    format!("{field}[{j}]"),
                    "must be a finite number",
                ));
            }
        }
        if let Some(j) = self.scales.iter().position(|s| *s <= 0.0) {
            return Err(Error::invalid(format!("scales[{j}]"), "must be > 0"));
        }
        if let Some(j) = (0..p).find(|&j| self.feature_min[j] > self.feature_max[j]) {
            return Err(Error::invalid(
                format!("feature_min[{j}]"),
                "must be <= feature_max",
            ));
        }
        for (field, v) in [
            ("intercept", self.intercept),
            ("chosen_lambda", self.chosen_lambda),
            ("log_offset", self.log_offset),
            ("mean_engagement_rate", self.mean_engagement_rate),
            ("coverage", self.coverage),
            ("residual_low", self.residual_low),
            ("residual_high", self.residual_high),
            ("cross_validation.mae", self.cross_validation.mae),
            (
                "cross_validation.baseline_mae",
                self.cross_validation.baseline_mae,
            ),
            ("cross_validation.skill", self.cross_validation.skill),
        ] {
            if !v.is_finite() {
                return Err(Error::invalid(field, "must be a finite number"));
            }
        }
        if self.chosen_lambda < 0.0 {
            return Err(Error::invalid("chosen_lambda", "must be >= 0"));
        }
        if !(self.log_offset > 0.0 && self.log_offset <= 1.0) {
            return Err(Error::invalid("log_offset", "must be in (0, 1]"));
        }
        if !(self.coverage > 0.0 && self.coverage < 1.0) {
            return Err(Error::invalid("coverage", "must be in (0, 1)"));
        }
        if self.residual_low > self.residual_high {
            return Err(Error::invalid("residual_low", "must be <= residual_high"));
        }
        if self.platforms.is_empty() {
            return Err(Error::invalid(
                "platforms",
                "must name at least one platform",
            ));
        }
        for (j, p) in self.platforms.iter().enumerate() {
            if self.platforms[..j].contains(p) {
                return Err(Error::invalid(
                    format!("platforms[{j}]"),
                    format!("`{p}` appears twice"),
                ));
            }
        }
        Ok(())
    }
}
