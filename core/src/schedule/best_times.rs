//! Best posting times: the user's own engagement by local (weekday, hour), shrunk toward
//! the platform prior.

use serde::{Deserialize, Serialize};

use super::prior::prior_grid;
use super::time::{WEEK_HOURS, Weekday, cell_parts, local_cell, parse_time_zone};
use crate::model::{Platform, Post};
use crate::{Error, Result};

/// Pseudo-posts of prior weight per slot (empirical-Bayes `m`): a slot's own mean gets
/// weight `n / (n + m)`. With per-post engagement rates varying by a coefficient of
/// about 0.8 within an account and true hour-to-hour differences of about ±25 %,
/// `m = σ²_within / τ²_between ≈ 0.64 / 0.0625 ≈ 10`: one post moves a slot by a tenth
/// of its surprise, thirty posts by three quarters.
pub const PRIOR_WEIGHT: f64 = 10.0;

/// Which per-post engagement figure the slots compare (say it wherever a lift is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum RateBasis {
    /// Engagements ÷ impressions × 100 (used when at least half the posts report
    /// impressions; posts without them are left out).
    Impressions,
    /// Engagements ÷ the `followers` given × 100.
    Followers,
    /// Raw engagements per post (no impressions and no follower count).
    Engagements,
}

/// One (weekday, hour) slot in the chosen time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Slot {
    /// Local day of the week.
    pub weekday: Weekday,
    /// Local hour, 0–23 (the slot covers `hour:00`–`hour:59`).
    pub hour: u32,
    /// Expected engagement of a post here relative to the user's mean (1.25 = 25 % above):
    /// the slot's own mean shrunk toward the prior, ÷ the user's mean.
    pub expected_lift: f64,
    /// 0–1: how much of `expected_lift` rests on the user's own posts and how consistent
    /// they are. `n/(n+m) × 1/(1 + relative standard error)`; 0 without posts here.
    pub confidence: f64,
    /// The user's posts in this slot.
    pub posts: u32,
    /// The slot's own mean ÷ the user's mean, before shrinkage; `None` without posts here.
    pub observed_lift: Option<f64>,
    /// The platform prior's lift for this slot (mean 1 over the week).
    pub prior_lift: f64,
}

/// Result of [`best_times`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BestTimes {
    /// The platform analysed.
    pub platform: Platform,
    /// The IANA time zone the slots are in.
    pub time_zone: String,
    /// The top `k` slots, best first (ties: more confident first, then earlier in the week).
    pub slots: Vec<Slot>,
    /// All 168 slots, Monday 00 to Sunday 23 (for heat maps).
    pub grid: Vec<Slot>,
    /// The engagement figure compared; `None` when no post could be used (prior only).
    pub basis: Option<RateBasis>,
    /// The user's mean of that figure over the posts used (percent for rates).
    pub mean_rate: Option<f64>,
    /// Posts of this platform that entered the slots.
    pub posts_used: u32,
    /// The prior weight `m` in pseudo-posts ([`PRIOR_WEIGHT`]).
    pub prior_weight: f64,
    /// What was assumed or left out, in plain words.
    pub notes: Vec<String>,
}

/// Best local posting times for `platform` from the user's `posts`.
///
/// - Each post of `platform` with at least one engagement metric gets a rate:
///   engagements ([`PostMetrics::engagements`](crate::model::PostMetrics::engagements)) ÷
///   impressions when at least half of them report impressions (the others are left out),
///   else ÷ `followers` when given and positive, else the raw count. [`BestTimes::basis`]
///   says which.
/// - Posts are grouped by their local (weekday, hour) in `time_zone` (IANA name; DST-aware:
///   every instant has one local time, so posts on either side of a change land on the
///   hour their audience saw).
/// - Each slot's mean is shrunk toward the prior: `(n·mean + m·prior·user_mean)/(n + m)`
///   with `m` = [`PRIOR_WEIGHT`] and the platform's weekday × hour prior
///   ([`prior_lift`](super::prior_lift)); without any usable post every slot is the prior.
/// - `k` larger than 168 returns all slots; `k = 0` returns none (the grid is always full).
///
/// Errors: `time_zone` unknown, `followers` negative, `posts[i].metrics.*` negative.
///
/// ```
/// use brandpilot::model::Platform;
/// use brandpilot::schedule::{best_times, Weekday};
/// let bt = best_times(&[], "Europe/Amsterdam", Platform::Linkedin, 3, None).unwrap();
/// assert_eq!(bt.slots.len(), 3);
/// assert_eq!(bt.grid.len(), 168);
/// assert!(bt.slots[0].expected_lift > 1.0 && bt.slots[0].weekday != Weekday::Sunday);
/// assert!(best_times(&[], "Mars/Base", Platform::X, 3, None).is_err());
/// ```
pub fn best_times(
    posts: &[Post],
    time_zone: &str,
    platform: Platform,
    k: u32,
    followers: Option<i64>,
) -> Result<BestTimes> {
    let tz = parse_time_zone("time_zone", time_zone)?;
    if let Some(f) = followers {
        if f < 0 {
            return Err(Error::invalid("followers", "must be >= 0"));
        }
    }
    for (i, post) in posts.iter().enumerate() {
        post.metrics
            .validate()
            .map_err(|e| e.within(&format!("posts[{i}].metrics")))?;
    }
    let mut notes = Vec::new();

    // Posts of this platform that report any engagement metric.
    let eligible: Vec<&Post> = posts
        .iter()
        .filter(|p| p.platform == platform)
        .filter(|p| {
            let m = &p.metrics;
            m.likes.is_some() || m.comments.is_some() || m.shares.is_some() || m.saves.is_some()
        })
        .collect();
    let other_platforms = posts.iter().filter(|p| p.platform != platform).count();
    if other_platforms > 0 {
        notes.push(format!(
            "{other_platforms} post(s) of other platforms ignored."
        ));
    }
    let of_platform = posts.len() - other_platforms;
    if eligible.len() < of_platform {
        notes.push(format!(
            "{} {platform} post(s) without engagement metrics ignored.",
            of_platform - eligible.len()
        ));
    }

    let with_impressions = eligible
        .iter()
        .filter(|p| p.metrics.impressions.is_some_and(|i| i > 0))
        .count();
    let followers = followers.filter(|&f| f > 0);
    let basis = if eligible.is_empty() {
        None
    } else if with_impressions > 0 && with_impressions * 2 >= eligible.len() {
        if with_impressions < eligible.len() {
            notes.push(format!(
                "{} post(s) without impressions left out (rates are per impression).",
                eligible.len() - with_impressions
            ));
        }
        Some(RateBasis::Impressions)
    } else if let Some(f) = followers {
        notes.push(format!(
            "Rates are per follower ({f}): fewer than half the posts report impressions."
        ));
        Some(RateBasis::Followers)
    } else {
        notes.push(
            "Raw engagements compared: no impressions and no follower count were given.".to_owned(),
        );
        Some(RateBasis::Engagements)
    };

    // (cell, rate) of every post used.
    let rated: Vec<(usize, f64)> = eligible
        .iter()
        .filter_map(|p| {
            let e = p.metrics.engagements() as f64;
            let rate = match basis? {
                RateBasis::Impressions => {
                    e / p.metrics.impressions.filter(|&i| i > 0)? as f64 * 100.0
                }
                RateBasis::Followers => e / followers? as f64 * 100.0,
                RateBasis::Engagements => e,
            };
            Some((local_cell(tz, p.created_at), rate))
        })
        .collect();

    let prior = prior_grid(platform);
    let n_total = rated.len();
    let user_mean = (n_total > 0).then(|| rated.iter().map(|r| r.1).sum::<f64>() / n_total as f64);
    let pooled_var = match user_mean {
        Some(mean) if n_total >= 2 => {
            rated.iter().map(|r| (r.1 - mean).powi(2)).sum::<f64>() / (n_total - 1) as f64
        }
        _ => 0.0,
    };

    let mut count = [0u32; WEEK_HOURS];
    let mut sum = [0.0f64; WEEK_HOURS];
    for &(c, rate) in &rated {
        count[c] += 1;
        sum[c] += rate;
    }
    let mut sq_dev = [0.0f64; WEEK_HOURS];
    for &(c, rate) in &rated {
        let mean = sum[c] / count[c] as f64;
        sq_dev[c] += (rate - mean).powi(2);
    }

    let usable_mean = user_mean.filter(|&m| m > 0.0);
    if n_total == 0 {
        notes.push(format!(
            "No usable {platform} posts: every slot is the platform prior."
        ));
    } else if usable_mean.is_none() {
        notes.push(
            "Every post used has zero engagement: every slot is the platform prior.".to_owned(),
        );
    }

    let m = PRIOR_WEIGHT;
    let grid: Vec<Slot> = (0..WEEK_HOURS)
        .map(|c| {
            let (weekday, hour) = cell_parts(c);
            let n = count[c];
            let nf = f64::from(n);
            let (expected_lift, confidence, observed_lift) = match usable_mean {
                Some(mean) if n > 0 => {
                    let slot_mean = sum[c] / nf;
                    let estimate = (nf * slot_mean + m * prior[c] * mean) / (nf + m);
                    // Slot variance shrunk toward the pooled variance the same way.
                    let var = (sq_dev[c] + m * pooled_var) / (nf - 1.0 + m);
                    let rse = (var / nf).sqrt() / mean;
                    let confidence = nf / (nf + m) / (1.0 + rse);
                    (estimate / mean, confidence, Some(slot_mean / mean))
                }
                _ => (prior[c], 0.0, None),
            };
            Slot {
                weekday,
                hour,
                expected_lift,
                confidence,
                posts: n,
                observed_lift,
                prior_lift: prior[c],
            }
        })
        .collect();

    let mut order: Vec<usize> = (0..WEEK_HOURS).collect();
    order.sort_by(|&a, &b| {
        grid[b]
            .expected_lift
            .total_cmp(&grid[a].expected_lift)
            .then(grid[b].confidence.total_cmp(&grid[a].confidence))
            .then(a.cmp(&b))
    });
    let slots = order
        .into_iter()
        .take(k as usize)
        .map(|c| grid[c].clone())
        .collect();

    Ok(BestTimes {
        platform,
        time_zone: time_zone.to_owned(),
        slots,
        grid,
        basis: basis.filter(|_| n_total > 0),
        mean_rate: user_mean,
        posts_used: u32::try_from(n_total).unwrap_or(u32::MAX),
        prior_weight: m,
        notes,
    })
}
