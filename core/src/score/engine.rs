//! The scoring engine: factors → dimensions → overall, from [`Features`] and resolved
//! benchmarks. Re-scoring for recommendations calls [`Engine::overall_and_dimensions`] on
//! changed features, which allocates nothing.

use super::benchmark::{BenchmarkIndex, BenchmarkLookup, BenchmarkMetric, lognormal_percentile};
use super::features::{
    COMMENT_WEIGHT, Features, GOOD_HEADLINE_CHARS, GOOD_SKILL_COUNT, GOOD_SUMMARY_CHARS,
    SHARE_WEIGHT,
};
use super::types::{Dimension, DimensionScore, DimensionWeights, EngagementBasis, Factor};
use crate::model::Platform;

/// A benchmark distribution resolved for one factor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved<'a> {
    pub median: f64,
    pub sigma: f64,
    pub lookup: BenchmarkLookup<'a>,
}

/// How a factor turns its value into a 0–100 score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scoring {
    /// Completeness: the value is already a 0–100 score.
    Checklist,
    /// Percentile in a benchmark distribution (slot into [`Engine::benches`]).
    Benchmark(usize),
}

/// A factor's definition.
struct FactorSpec {
    id: &'static str,
    label: &'static str,
    unit: &'static str,
    dimension: Dimension,
    weight: f64,
    scoring: Scoring,
    /// (raw value, checklist score) — for benchmark factors the second is unused.
    value: fn(&Features, EngagementBasis) -> Option<(f64, f64)>,
}

fn flag(b: bool) -> Option<(f64, f64)> {
    Some((b as u8 as f64, if b { 100.0 } else { 0.0 }))
}

fn ratio(value: f64, good: f64) -> Option<(f64, f64)> {
    Some((value, (value / good).min(1.0) * 100.0))
}

fn plain(v: Option<f64>) -> Option<(f64, f64)> {
    v.map(|v| (v, 0.0))
}

const SLOT_ER: usize = 0;
const SLOT_CONVERSATION: usize = 1;
const SLOT_IMPRESSIONS: usize = 2;
const SLOT_VIEWS: usize = 3;
const SLOT_AUDIENCE: usize = 4;
const SLOT_GROWTH: usize = 5;
const SLOT_PPW: usize = 6;
const SLOTS: usize = 7;

/// All factors, grouped by dimension; weights within a dimension sum to 1.
const FACTORS: [FactorSpec; 17] = [
    FactorSpec {
        id: "has_photo",
        label: "Profile photo",
        unit: "yes/no",
        dimension: Dimension::Presence,
        weight: 0.20,
        scoring: Scoring::Checklist,
        value: |f, _| flag(f.has_photo),
    },
    FactorSpec {
        id: "headline",
        label: "Headline",
        unit: "characters",
        dimension: Dimension::Presence,
        weight: 0.20,
        scoring: Scoring::Checklist,
        value: |f, _| ratio(f.headline_chars, GOOD_HEADLINE_CHARS),
    },
    FactorSpec {
        id: "summary",
        label: "About / summary",
        unit: "characters",
        dimension: Dimension::Presence,
        weight: 0.15,
        scoring: Scoring::Checklist,
        value: |f, _| ratio(f.summary_chars, GOOD_SUMMARY_CHARS),
    },
    FactorSpec {
        id: "has_banner",
        label: "Banner image",
        unit: "yes/no",
        dimension: Dimension::Presence,
        weight: 0.10,
        scoring: Scoring::Checklist,
        value: |f, _| flag(f.has_banner),
    },
    FactorSpec {
        id: "skills",
        label: "Skills listed",
        unit: "skills",
        dimension: Dimension::Presence,
        weight: 0.10,
        scoring: Scoring::Checklist,
        value: |f, _| ratio(f.skills, GOOD_SKILL_COUNT),
    },
    FactorSpec {
        id: "has_website",
        label: "Website link",
        unit: "yes/no",
        dimension: Dimension::Presence,
        weight: 0.10,
        scoring: Scoring::Checklist,
        value: |f, _| flag(f.has_website),
    },
    FactorSpec {
        id: "has_location",
        label: "Location",
        unit: "yes/no",
        dimension: Dimension::Presence,
        weight: 0.05,
        scoring: Scoring::Checklist,
        value: |f, _| flag(f.has_location),
    },
    FactorSpec {
        id: "has_display_name",
        label: "Display name",
        unit: "yes/no",
        dimension: Dimension::Presence,
        weight: 0.05,
        scoring: Scoring::Checklist,
        value: |f, _| flag(f.has_display_name),
    },
    FactorSpec {
        id: "has_experience_level",
        label: "Career stage",
        unit: "yes/no",
        dimension: Dimension::Presence,
        weight: 0.05,
        scoring: Scoring::Checklist,
        value: |f, _| flag(f.has_experience_level),
    },
    FactorSpec {
        id: "impressions_per_follower",
        label: "Impressions per post per follower",
        unit: "ratio",
        dimension: Dimension::Visibility,
        weight: 0.70,
        scoring: Scoring::Benchmark(SLOT_IMPRESSIONS),
        value: |f, _| plain(f.impressions_per_follower),
    },
    FactorSpec {
        id: "profile_views",
        label: "Profile views per week per 1,000 audience",
        unit: "views/week/1k",
        dimension: Dimension::Visibility,
        weight: 0.30,
        scoring: Scoring::Benchmark(SLOT_VIEWS),
        value: |f, _| plain(f.profile_views_per_week_per_1k),
    },
    FactorSpec {
        id: "engagement_rate",
        label: "Weighted engagement rate per post",
        unit: "%",
        dimension: Dimension::Engagement,
        weight: 0.75,
        scoring: Scoring::Benchmark(SLOT_ER),
        value: |f, b| {
            plain(match b {
                EngagementBasis::Impressions => f.er_impressions,
                EngagementBasis::Followers => f.er_followers,
            })
        },
    },
    FactorSpec {
        id: "conversation_rate",
        label: "Comments + shares per post",
        unit: "%",
        dimension: Dimension::Engagement,
        weight: 0.25,
        scoring: Scoring::Benchmark(SLOT_CONVERSATION),
        value: |f, b| {
            plain(match b {
                EngagementBasis::Impressions => f.conversation_impressions,
                EngagementBasis::Followers => f.conversation_followers,
            })
        },
    },
    FactorSpec {
        id: "audience_size",
        label: "Audience size",
        unit: "followers",
        dimension: Dimension::Network,
        weight: 0.60,
        scoring: Scoring::Benchmark(SLOT_AUDIENCE),
        value: |f, _| plain(f.audience),
    },
    FactorSpec {
        id: "follower_growth",
        label: "Follower growth per 30 days",
        unit: "%",
        dimension: Dimension::Network,
        weight: 0.40,
        scoring: Scoring::Benchmark(SLOT_GROWTH),
        value: |f, _| plain(f.growth_monthly),
    },
    FactorSpec {
        id: "posts_per_week",
        label: "Posts per week",
        unit: "posts/week",
        dimension: Dimension::Consistency,
        weight: 0.60,
        scoring: Scoring::Benchmark(SLOT_PPW),
        value: |f, _| Some((f.posts_per_week, 0.0)),
    },
    FactorSpec {
        id: "active_weeks",
        label: "Weeks with at least one post",
        unit: "%",
        dimension: Dimension::Consistency,
        weight: 0.40,
        scoring: Scoring::Checklist,
        value: |f, _| Some((f.active_week_share * 100.0, f.active_week_share * 100.0)),
    },
];

/// Typical comments + shares per 100 likes when the table has no figure for the platform
/// (LinkedIn post-level medians 45 likes, 4 comments, 3 shares — Socialinsider, via
/// BENCHMARKS.md).
const DEFAULT_DISCUSSION_RATIO: f64 = 7.0 / 45.0 * 100.0;

const FACTOR_COUNT: usize = FACTORS.len();

/// Each factor's raw value and 0–100 score, in [`FACTORS`] order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FactorScores {
    values: [Option<f64>; FACTOR_COUNT],
    scores: [Option<f64>; FACTOR_COUNT],
}

/// Scores and numbers for one [`Features`] value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scores {
    pub overall: f64,
    pub dimensions: [Option<f64>; 5],
}

/// Benchmarks and weights resolved for one platform × industry.
pub(crate) struct Engine<'a> {
    pub platform: Platform,
    pub basis: Option<EngagementBasis>,
    benches: [Option<Resolved<'a>>; SLOTS],
    /// `platform/industry` of each slot's figure, formatted once.
    segments: [Option<String>; SLOTS],
    weights: [f64; 5],
    pub notes: Vec<String>,
}

impl<'a> Engine<'a> {
    /// Resolves the benchmark figures for the platform and industry and picks the
    /// engagement basis: impressions where the posts report them and a figure exists,
    /// else followers.
    pub fn new(
        index: &BenchmarkIndex<'a>,
        platform: Platform,
        industry: &'a str,
        weights: &DimensionWeights,
        features: &Features,
    ) -> Self {
        let mut notes = Vec::new();
        let find = |m: BenchmarkMetric| index.lookup(platform, industry, m);
        let er_i = find(BenchmarkMetric::EngagementRateByImpressions);
        let er_f = find(BenchmarkMetric::EngagementRateByFollowers);
        let basis = match (features.er_impressions, &er_i, features.er_followers, &er_f) {
            (Some(_), Some(_), _, _) => Some(EngagementBasis::Impressions),
            (_, _, Some(_), Some(_)) => Some(EngagementBasis::Followers),
            (_, Some(_), _, _) => Some(EngagementBasis::Impressions),
            (_, _, _, Some(_)) => Some(EngagementBasis::Followers),
            _ => None,
        };
        let er = match basis {
            Some(EngagementBasis::Impressions) => er_i,
            Some(EngagementBasis::Followers) => er_f,
            None => None,
        };
        let discussion = find(BenchmarkMetric::DiscussionRatio)
            .map_or(DEFAULT_DISCUSSION_RATIO, |l| l.entry.median);
        // Published rates count every interaction once; ours weighs comments and shares
        // above likes. Scale the median by the weighted/unweighted ratio a post with the
        // platform's typical comment+share mix would have.
        let mean_cs_weight = (COMMENT_WEIGHT + SHARE_WEIGHT) / 2.0;
        let d = discussion / 100.0;
        let mix = (1.0 + mean_cs_weight * d) / (1.0 + d);
        let conversation_share = d / (1.0 + d);

        let resolve = |l: Option<BenchmarkLookup<'a>>, scale: f64| {
            l.map(|lookup| Resolved {
                median: lookup.entry.median * scale,
                sigma: lookup.entry.sigma,
                lookup,
            })
        };
        let mut benches = [None; SLOTS];
        benches[SLOT_ER] = resolve(er, mix);
        benches[SLOT_CONVERSATION] = resolve(er, conversation_share);
        benches[SLOT_IMPRESSIONS] = resolve(find(BenchmarkMetric::ImpressionsPerFollower), 1.0);
        benches[SLOT_VIEWS] = resolve(find(BenchmarkMetric::ProfileViewsPerWeekPer1k), 1.0);
        benches[SLOT_AUDIENCE] = resolve(find(BenchmarkMetric::AudienceSize), 1.0);
        benches[SLOT_GROWTH] = resolve(find(BenchmarkMetric::FollowerGrowthMonthly), 1.0);
        benches[SLOT_PPW] = resolve(find(BenchmarkMetric::PostsPerWeek), 1.0);

        let mut fell_back: Vec<&str> = Vec::new();
        for spec in &FACTORS {
            if let Scoring::Benchmark(slot) = spec.scoring {
                match &benches[slot] {
                    None => notes.push(format!(
                        "No benchmark for {} on {platform}; the factor is left out.",
                        spec.label.to_lowercase()
                    )),
                    Some(r) if r.lookup.fell_back => fell_back.push(spec.id),
                    _ => {}
                }
            }
        }
        if !fell_back.is_empty() {
            notes.push(format!(
                "No {platform} figures for industry `{industry}` on {}; compared with all {platform} profiles instead.",
                fell_back.join(", ")
            ));
        }
        let total: f64 = Dimension::ALL.iter().map(|d| weights.get(*d)).sum();
        let weights = Dimension::ALL.map(|d| weights.get(d) / total);
        let segments = benches
            .map(|b| b.map(|b| format!("{}/{}", b.lookup.entry.platform, b.lookup.entry.industry)));
        Engine {
            platform,
            basis,
            benches,
            segments,
            weights,
            notes,
        }
    }

    /// Every factor's value and 0–100 score for `f`. With `base`, factors whose value is
    /// unchanged reuse the base score (re-scoring an action touches one or two factors, so
    /// this skips most percentile evaluations).
    pub fn factor_scores(&self, f: &Features, base: Option<&FactorScores>) -> FactorScores {
        let mut out = FactorScores {
            values: [None; FACTOR_COUNT],
            scores: [None; FACTOR_COUNT],
        };
        let basis = self.basis.unwrap_or(EngagementBasis::Impressions);
        for (i, spec) in FACTORS.iter().enumerate() {
            let Some((value, check)) = (spec.value)(f, basis) else {
                continue;
            };
            out.values[i] = Some(value);
            out.scores[i] = match (base, spec.scoring) {
                (Some(b), _) if b.values[i] == Some(value) => b.scores[i],
                (_, Scoring::Checklist) => Some(check),
                (_, Scoring::Benchmark(slot)) => {
                    self.benches[slot].map(|b| lognormal_percentile(value, b.median, b.sigma))
                }
            };
        }
        out
    }

    /// Dimension and overall scores from factor scores.
    pub fn combine(&self, fs: &FactorScores) -> Scores {
        let mut sums = [0.0f64; 5];
        let mut weights = [0.0f64; 5];
        for (spec, score) in FACTORS.iter().zip(fs.scores) {
            if let Some(score) = score {
                let i = spec.dimension.index();
                sums[i] += spec.weight * score;
                weights[i] += spec.weight;
            }
        }
        let mut dimensions = [None; 5];
        let (mut total, mut total_w) = (0.0, 0.0);
        for i in 0..5 {
            if weights[i] > 0.0 {
                let s = (sums[i] / weights[i]).clamp(0.0, 100.0);
                dimensions[i] = Some(s);
                total += self.weights[i] * s;
                total_w += self.weights[i];
            }
        }
        let overall = if total_w > 0.0 {
            (total / total_w).clamp(0.0, 100.0)
        } else {
            0.0
        };
        Scores {
            overall,
            dimensions,
        }
    }

    /// The dimensions with every factor explained, from already computed factor scores.
    pub fn explain(&self, fs: &FactorScores, scores: &Scores) -> Vec<DimensionScore> {
        Dimension::ALL
            .iter()
            .map(|&dimension| {
                let factors = FACTORS
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.dimension == dimension)
                    .map(|(i, spec)| self.explain_factor(spec, fs.values[i], fs.scores[i]))
                    .collect();
                DimensionScore {
                    dimension,
                    score: scores.dimensions[dimension.index()],
                    weight: self.weights[dimension.index()],
                    factors,
                }
            })
            .collect()
    }

    fn explain_factor(&self, spec: &FactorSpec, value: Option<f64>, score: Option<f64>) -> Factor {
        let (bench, segment) = match spec.scoring {
            Scoring::Benchmark(slot) => (self.benches[slot], self.segments[slot].clone()),
            Scoring::Checklist => (None, None),
        };
        let benchmarked = bench.is_some();
        Factor {
            id: spec.id.to_owned(),
            label: spec.label.to_owned(),
            value: if score.is_some() { value } else { None },
            unit: spec.unit.to_owned(),
            benchmark_median: bench.map(|b| b.median),
            percentile: if benchmarked { score } else { None },
            score,
            weight: spec.weight,
            benchmark_segment: segment,
            benchmark_source: bench.map(|b| b.lookup.entry.source.clone()),
        }
    }
}
