//! Posting plans: drafts spread over a window across platforms, best slots first.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::prior::prior_grid;
use super::time::{WEEK_HOURS, Weekday, cell, cell_parts, local_hour_start, parse_time_zone};
use crate::model::Platform;
use crate::{Error, Result};

/// Longest window [`plan`] accepts.
pub const MAX_WINDOW_DAYS: i64 = 366;
/// Most drafts [`plan`] accepts in one call.
pub const MAX_DRAFTS: usize = 10_000;
/// Longest `min_gap_minutes` accepted (30 days).
pub const MAX_GAP_MINUTES: u32 = 30 * 24 * 60;
/// Minutes within an hour a post may be placed at: :00, :05, … :55. Staggering inside the
/// hour keeps two platforms out of the same minute while staying in the chosen slot.
pub const MINUTE_STEP: u32 = 5;
/// Without `best_times` for a platform, its first-choice slots are the prior's top this
/// many (three hours a day on average, all in working hours for every platform).
pub const PRIOR_TOP_SLOTS: usize = 21;

/// A post to place: its id and, optionally, the platforms it is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanDraft {
    /// The host's id for the draft (unique within a call).
    pub id: String,
    /// Platforms to post it on; `None` means every platform of the plan.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub platforms: Option<Vec<Platform>>,
}

/// The period posts may be placed in: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanWindow {
    /// First instant a post may be placed at (RFC 3339).
    pub start: DateTime<Utc>,
    /// Posts are placed strictly before this instant (RFC 3339).
    pub end: DateTime<Utc>,
}

/// A per-platform minimum gap between two posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlatformGap {
    /// The platform.
    pub platform: Platform,
    /// Minimum minutes between two of its posts.
    pub minutes: u32,
}

/// A (weekday, hour) slot in the plan's time zone, e.g. one of [`BestTimes::slots`].
///
/// [`BestTimes::slots`]: super::BestTimes::slots
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlotTime {
    /// Local day of the week.
    pub weekday: Weekday,
    /// Local hour, 0–23.
    pub hour: u32,
}

/// A platform's preferred slots, best first (from [`best_times`](super::best_times)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlatformSlots {
    /// The platform.
    pub platform: Platform,
    /// Its slots, best first.
    pub slots: Vec<SlotTime>,
}

impl PlatformSlots {
    /// The top slots of a [`BestTimes`](super::BestTimes) result.
    pub fn from_best_times(best: &super::BestTimes) -> Self {
        PlatformSlots {
            platform: best.platform,
            slots: best
                .slots
                .iter()
                .map(|s| SlotTime {
                    weekday: s.weekday,
                    hour: s.hour,
                })
                .collect(),
        }
    }
}

/// Constraints of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanRules {
    /// IANA time zone the slots, days and `max_per_day` are counted in.
    pub time_zone: String,
    /// Minimum minutes between two posts on the same platform (default 240).
    #[serde(default = "default_gap")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 240))]
    pub min_gap_minutes: u32,
    /// Per-platform overrides of `min_gap_minutes`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub min_gap_by_platform: Vec<PlatformGap>,
    /// At most this many posts per platform per local day (default 2; at least 1).
    #[serde(default = "default_max_per_day")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    pub max_per_day: u32,
    /// Preferred slots per platform, best first; platforms without an entry use the
    /// platform prior's top [`PRIOR_TOP_SLOTS`] slots.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub best_times: Vec<PlatformSlots>,
}

fn default_gap() -> u32 {
    240
}

fn default_max_per_day() -> u32 {
    2
}

impl PlanRules {
    /// Rules with the defaults (4 h gap, 2 a day, prior slots) in `time_zone`.
    pub fn new(time_zone: impl Into<String>) -> Self {
        PlanRules {
            time_zone: time_zone.into(),
            min_gap_minutes: default_gap(),
            min_gap_by_platform: Vec::new(),
            max_per_day: default_max_per_day(),
            best_times: Vec::new(),
        }
    }
}

/// Which ranking a scheduled slot came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum SlotSource {
    /// One of the caller's `best_times` slots for the platform.
    BestTimes,
    /// One of the platform prior's top slots (no `best_times` given for the platform).
    Prior,
    /// Another daytime slot (prior lift ≥ 1), used once the preferred slots were full.
    Fallback,
}

/// One placed post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduledPost {
    /// The draft's id.
    pub draft_id: String,
    /// Where to post it.
    pub platform: Platform,
    /// When (RFC 3339, UTC; a whole minute of local time).
    pub at: DateTime<Utc>,
    /// The same instant in the plan's time zone, RFC 3339 with its offset.
    pub local_time: String,
    /// Local day of the week.
    pub weekday: Weekday,
    /// Local hour.
    pub hour: u32,
    /// Which ranking the slot came from.
    pub source: SlotSource,
}

/// Why a draft was not placed on a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum UnscheduledReason {
    /// The draft names no platform and the plan has none.
    NoPlatform,
    /// The draft names a platform that is not among the plan's `platforms`.
    PlatformNotPlanned,
    /// No slot left in the window under the gap, daily cap and one-post-a-minute rules.
    NoFreeSlot,
}

/// A draft (on one platform) the plan could not place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnscheduledPost {
    /// The draft's id.
    pub draft_id: String,
    /// The platform it could not go to (`None` for [`UnscheduledReason::NoPlatform`]).
    pub platform: Option<Platform>,
    /// Why, as a stable code.
    pub reason: UnscheduledReason,
    /// Why, in plain words.
    pub detail: String,
}

/// Result of [`plan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostingPlan {
    /// The IANA time zone of the plan.
    pub time_zone: String,
    /// Placed posts in time order (ties: platform order).
    pub scheduled: Vec<ScheduledPost>,
    /// Drafts not placed, in draft order.
    pub unscheduled: Vec<UnscheduledPost>,
    /// What was assumed, in plain words.
    pub notes: Vec<String>,
}

/// One candidate minute for a platform.
#[derive(Clone, Copy)]
struct Candidate {
    at: DateTime<Utc>,
    date: NaiveDate,
    cell: usize,
    /// Position of the cell in the platform's ranking (0 = best).
    rank: usize,
}

/// A platform's candidates in one tier, in time order, with a cursor past the ones
/// known to be infeasible. Constraints only tighten as posts are placed, so a candidate
/// found infeasible once stays so; the cursor makes a plan linear in its candidates.
struct Tier {
    source: SlotSource,
    candidates: Vec<Candidate>,
    cursor: usize,
}

struct PlatformState {
    gap_secs: i64,
    tiers: Vec<Tier>,
    placed: BTreeSet<i64>,
    per_day: HashMap<NaiveDate, u32>,
}

/// A deterministic staggered plan: each draft on each of its platforms, drafts in the
/// order given, platforms in the order of `platforms`.
///
/// Each (draft, platform) goes to the earliest local day that has a free minute in one of
/// the platform's preferred slots (`rules.best_times`, else the prior's top
/// [`PRIOR_TOP_SLOTS`]), in the best-ranked such slot of that day, at its first free
/// minute; when no preferred slot is free anywhere in the window, the same search runs
/// over the other daytime slots (prior lift ≥ 1, ranked by the prior); else the draft is
/// listed as unscheduled on that platform. A minute is free when it is inside the window, at least the platform's
/// gap from its other posts, under `max_per_day` for that platform on that local day, and
/// no post of any platform is in that same minute. Posts are placed at :00, :05, … of
/// their hour ([`MINUTE_STEP`]). Local hours skipped by a DST change are not used; a
/// repeated hour is used once (its first occurrence).
///
/// Errors (field named): `platforms[i]` duplicate, `drafts` too many, `drafts[i].id`
/// empty or duplicate, `drafts[i].platforms[j]` duplicate, `window.start` / `window.end`
/// outside the years 0001–9998, `window.end` not after start or more than
/// [`MAX_WINDOW_DAYS`] later, `rules.time_zone` unknown, `rules.max_per_day` 0,
/// `rules.min_gap_minutes` / `rules.min_gap_by_platform[i]` over [`MAX_GAP_MINUTES`],
/// `rules.best_times[i].slots[j].hour` over 23.
///
/// ```
/// use brandpilot::model::Platform;
/// use brandpilot::schedule::{plan, PlanDraft, PlanRules, PlanWindow};
/// let drafts = vec![PlanDraft { id: "d1".into(), platforms: None }];
/// let window = PlanWindow {
///     start: "2026-03-02T00:00:00Z".parse().unwrap(),
///     end: "2026-03-09T00:00:00Z".parse().unwrap(),
/// };
/// let rules = PlanRules::new("Europe/Amsterdam");
/// let p = plan(&drafts, &[Platform::Linkedin, Platform::X], &window, &rules).unwrap();
/// assert_eq!(p.scheduled.len(), 2);
/// assert_ne!(p.scheduled[0].at, p.scheduled[1].at);
/// ```
pub fn plan(
    drafts: &[PlanDraft],
    platforms: &[Platform],
    window: &PlanWindow,
    rules: &PlanRules,
) -> Result<PostingPlan> {
    // ---- validation -------------------------------------------------------------------
    for (i, p) in platforms.iter().enumerate() {
        if platforms[..i].contains(p) {
            return Err(Error::invalid(
                format!("platforms[{i}]"),
                format!("duplicate platform `{p}`"),
            ));
        }
    }
    if drafts.len() > MAX_DRAFTS {
        return Err(Error::invalid(
            "drafts",
            format!("{} drafts; at most {MAX_DRAFTS} per call", drafts.len()),
        ));
    }
    let mut ids = HashSet::new();
    for (i, d) in drafts.iter().enumerate() {
        if d.id.trim().is_empty() {
            return Err(Error::invalid(
                format!("drafts[{i}].id"),
                "must not be empty",
            ));
        }
        if d.id.len() > 1_000 {
            return Err(Error::invalid(
                format!("drafts[{i}].id"),
                "is over 1000 bytes long",
            ));
        }
        if !ids.insert(d.id.as_str()) {
            return Err(Error::invalid(
                format!("drafts[{i}].id"),
                format!("duplicate id `{}`", d.id),
            ));
        }
        if let Some(ps) = &d.platforms {
            for (j, p) in ps.iter().enumerate() {
                if ps[..j].contains(p) {
                    return Err(Error::invalid(
                        format!("drafts[{i}].platforms[{j}]"),
                        format!("duplicate platform `{p}`"),
                    ));
                }
            }
        }
    }
    // RFC 3339 years are 0000-9999; staying inside them (with a day to spare for any
    // offset) keeps every local-time conversion in chrono's range.
    for (field, at) in [("window.start", window.start), ("window.end", window.end)] {
        if !(1..=9998).contains(&at.year()) {
            return Err(Error::invalid(
                field,
                "must be between the years 0001 and 9998",
            ));
        }
    }
    if window.end <= window.start {
        return Err(Error::invalid("window.end", "must be after window.start"));
    }
    if window.end - window.start > Duration::days(MAX_WINDOW_DAYS) {
        return Err(Error::invalid(
            "window.end",
            format!("the window may span at most {MAX_WINDOW_DAYS} days"),
        ));
    }
    let tz = parse_time_zone("rules.time_zone", &rules.time_zone)?;
    if rules.max_per_day == 0 {
        return Err(Error::invalid("rules.max_per_day", "must be >= 1"));
    }
    if rules.min_gap_minutes > MAX_GAP_MINUTES {
        return Err(Error::invalid(
            "rules.min_gap_minutes",
            format!("must be <= {MAX_GAP_MINUTES}"),
        ));
    }
    for (i, g) in rules.min_gap_by_platform.iter().enumerate() {
        if g.minutes > MAX_GAP_MINUTES {
            return Err(Error::invalid(
                format!("rules.min_gap_by_platform[{i}].minutes"),
                format!("must be <= {MAX_GAP_MINUTES}"),
            ));
        }
    }
    for (i, b) in rules.best_times.iter().enumerate() {
        for (j, s) in b.slots.iter().enumerate() {
            if s.hour > 23 {
                return Err(Error::invalid(
                    format!("rules.best_times[{i}].slots[{j}].hour"),
                    "must be 0-23",
                ));
            }
        }
    }

    // ---- candidates -------------------------------------------------------------------
    let mut notes = Vec::new();
    let days = local_days(tz, window);
    let mut states: Vec<PlatformState> = Vec::with_capacity(platforms.len());
    for &p in platforms {
        // Later entries for the same platform override earlier ones, as in a map.
        let gap = rules
            .min_gap_by_platform
            .iter()
            .rev()
            .find(|g| g.platform == p)
            .map_or(rules.min_gap_minutes, |g| g.minutes);
        let prior = prior_grid(p);
        let mut by_prior: Vec<usize> = (0..WEEK_HOURS).collect();
        by_prior.sort_by(|&a, &b| prior[b].total_cmp(&prior[a]).then(a.cmp(&b)));
        let given = rules.best_times.iter().rev().find(|b| b.platform == p);
        let (source, preferred): (SlotSource, Vec<usize>) = match given {
            Some(b) if !b.slots.is_empty() => {
                notes.push(format!(
                    "{p}: {} preferred slot(s) from best_times.",
                    b.slots.len()
                ));
                (
                    SlotSource::BestTimes,
                    b.slots.iter().map(|s| cell(s.weekday, s.hour)).collect(),
                )
            }
            _ => {
                notes.push(format!(
                    "{p}: no best_times given; the platform prior's top {PRIOR_TOP_SLOTS} slots are preferred."
                ));
                (SlotSource::Prior, by_prior[..PRIOR_TOP_SLOTS].to_vec())
            }
        };
        // Rank of each cell in each tier (`None`: not in the tier). A repeated slot in
        // best_times keeps its first (best) rank.
        let mut preferred_rank = [None; WEEK_HOURS];
        for (r, &c) in preferred.iter().enumerate() {
            preferred_rank[c] = preferred_rank[c].or(Some(r));
        }
        let mut fallback_rank = [None; WEEK_HOURS];
        for (r, &c) in by_prior.iter().enumerate() {
            if preferred_rank[c].is_none() && prior[c] >= 1.0 {
                fallback_rank[c] = Some(r);
            }
        }
        states.push(PlatformState {
            gap_secs: i64::from(gap) * 60,
            tiers: vec![
                Tier {
                    source,
                    candidates: candidates(tz, window, &days, &preferred_rank),
                    cursor: 0,
                },
                Tier {
                    source: SlotSource::Fallback,
                    candidates: candidates(tz, window, &days, &fallback_rank),
                    cursor: 0,
                },
            ],
            placed: BTreeSet::new(),
            per_day: HashMap::new(),
        });
    }

    // ---- greedy placement -------------------------------------------------------------
    let mut taken_minutes: HashSet<i64> = HashSet::new();
    let mut scheduled = Vec::new();
    let mut unscheduled = Vec::new();
    for d in drafts {
        let wanted: Vec<Platform> = d.platforms.clone().unwrap_or_else(|| platforms.to_vec());
        if wanted.is_empty() {
            unscheduled.push(UnscheduledPost {
                draft_id: d.id.clone(),
                platform: None,
                reason: UnscheduledReason::NoPlatform,
                detail: "the draft names no platform and the plan has none".to_owned(),
            });
            continue;
        }
        // Plan order of platforms, then the draft's unknown ones in its order.
        let mut ordered: Vec<Platform> = platforms
            .iter()
            .copied()
            .filter(|p| wanted.contains(p))
            .collect();
        ordered.extend(wanted.iter().copied().filter(|p| !platforms.contains(p)));
        for p in ordered {
            let Some(idx) = platforms.iter().position(|&q| q == p) else {
                unscheduled.push(UnscheduledPost {
                    draft_id: d.id.clone(),
                    platform: Some(p),
                    reason: UnscheduledReason::PlatformNotPlanned,
                    detail: format!("{p} is not among the plan's platforms"),
                });
                continue;
            };
            let state = &mut states[idx];
            match place(state, &mut taken_minutes, rules.max_per_day) {
                Some((cand, source)) => {
                    let local = cand.at.with_timezone(&tz);
                    let (weekday, hour) = cell_parts(cand.cell);
                    scheduled.push(ScheduledPost {
                        draft_id: d.id.clone(),
                        platform: p,
                        at: cand.at,
                        local_time: local.to_rfc3339(),
                        weekday,
                        hour,
                        source,
                    });
                }
                None => unscheduled.push(UnscheduledPost {
                    draft_id: d.id.clone(),
                    platform: Some(p),
                    reason: UnscheduledReason::NoFreeSlot,
                    detail: format!(
                        "no free daytime slot left on {p} in the window (at most {} a day, {} min apart, one post a minute across platforms)",
                        rules.max_per_day,
                        state.gap_secs / 60
                    ),
                }),
            }
        }
    }
    scheduled.sort_by(|a, b| {
        a.at.cmp(&b.at).then_with(|| {
            let pos = |p: Platform| platforms.iter().position(|&q| q == p);
            pos(a.platform).cmp(&pos(b.platform))
        })
    });
    Ok(PostingPlan {
        time_zone: rules.time_zone.clone(),
        scheduled,
        unscheduled,
        notes,
    })
}

/// Places one post on a platform: the earliest feasible candidate of the first tier that
/// has one. Records it in the state.
fn place(
    state: &mut PlatformState,
    taken_minutes: &mut HashSet<i64>,
    max_per_day: u32,
) -> Option<(Candidate, SlotSource)> {
    let gap = state.gap_secs;
    for t in 0..state.tiers.len() {
        let tier = &mut state.tiers[t];
        while tier.cursor < tier.candidates.len() {
            let cand = tier.candidates[tier.cursor];
            tier.cursor += 1;
            let secs = cand.at.timestamp();
            let minute = secs.div_euclid(60);
            let feasible = !taken_minutes.contains(&minute)
                && state.per_day.get(&cand.date).copied().unwrap_or(0) < max_per_day
                && (gap == 0
                    || state
                        .placed
                        .range(secs - gap + 1..secs + gap)
                        .next()
                        .is_none());
            if feasible {
                taken_minutes.insert(minute);
                state.placed.insert(secs);
                *state.per_day.entry(cand.date).or_insert(0) += 1;
                return Some((cand, tier.source));
            }
        }
    }
    None
}

/// The local dates the window touches, in order.
fn local_days(tz: Tz, window: &PlanWindow) -> Vec<NaiveDate> {
    let first = window.start.with_timezone(&tz).date_naive();
    let last = window.end.with_timezone(&tz).date_naive();
    let mut days = Vec::new();
    let mut d = first;
    while d <= last {
        days.push(d);
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    days
}

/// Every :00, :05, … minute of the ranked cells inside the window, in the order they are
/// tried: local day, then the cell's rank, then time.
fn candidates(
    tz: Tz,
    window: &PlanWindow,
    days: &[NaiveDate],
    rank_of: &[Option<usize>; WEEK_HOURS],
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for &date in days {
        let weekday = Weekday::from_chrono(date.weekday());
        for hour in 0..24 {
            let c = cell(weekday, hour);
            let Some(rank) = rank_of[c] else {
                continue;
            };
            let Some(start) = local_hour_start(tz, date, hour) else {
                continue; // skipped by a spring-forward change
            };
            for step in 0..(60 / MINUTE_STEP) {
                let Some(at) =
                    start.checked_add_signed(Duration::minutes(i64::from(step * MINUTE_STEP)))
                else {
                    break;
                };
                // Stay inside the local hour (a DST change may shorten it) and the window.
                let local = at.with_timezone(&tz);
                if local.date_naive() != date || local.hour() != hour {
                    break;
                }
                if at >= window.start && at < window.end {
                    out.push(Candidate {
                        at,
                        date,
                        cell: c,
                        rank,
                    });
                }
            }
        }
    }
    out.sort_by_key(|c| (c.date, c.rank, c.at));
    out
}
