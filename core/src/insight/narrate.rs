//! Narration: structured insights to prose.
//!
//! [`TemplateNarrator`] is the default: deterministic, offline, English, with three
//! phrasings per case picked by the insight's id (so the same insight always reads the
//! same, and a feed of insights does not repeat one formula), correct plurals
//! ("1 post", "2 posts") and number formatting ("2,872", "4.2%", "+12%").

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::benchmark::capitalise;
use super::stats::fnv1a64;
use super::{
    AchievementFacts, AchievementKind, AnomalyDirection, AnomalyFacts, BenchmarkFacts,
    CadenceFacts, CadenceStatus, Direction, GoalChange, GoalFacts, Insight, InsightKind,
    NoiseBasis, Period, RecommendationFacts, TopPostFacts, TrendFacts, TrendMetric,
};
use crate::model::MediaKind;
use crate::schedule::RateBasis;
use crate::score::{Dimension, Effort, Trend};

/// A title and a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Narration {
    /// One-line headline.
    pub title: String,
    /// Two or three sentences.
    pub body: String,
}

/// Turns a structured insight into prose. Implementations must be deterministic for a
/// given insight if the output is to be reproducible; an LLM narrator may not be.
pub trait Narrator {
    /// The title and body of `insight`, from its facts and evidence.
    fn narrate(&self, insight: &Insight) -> Narration;

    /// Overwrites the title and body of every insight.
    fn narrate_all(&self, insights: &mut [Insight]) {
        for i in insights.iter_mut() {
            let n = self.narrate(i);
            i.title = n.title;
            i.body = n.body;
        }
    }
}

/// The default narrator: English templates, several phrasings per case, picked by id.
///
/// ```
/// use brandpilot::insight::{Narrator, TemplateNarrator};
/// # use brandpilot::insight::{generate, FeedbackState, InsightConfig, InsightInput, Period};
/// # let input: InsightInput = serde_json::from_str(r#"{"snapshot": {"profile": {"platform": "linkedin", "handle": "ada"}}, "time_zone": "UTC"}"#).unwrap();
/// # let mut insights = generate(&input, Period::Week, "2026-11-23T09:00:00Z".parse().unwrap(), &FeedbackState::default(), &InsightConfig::default()).unwrap();
/// TemplateNarrator.narrate_all(&mut insights);
/// assert!(insights.iter().all(|i| !i.title.is_empty() && !i.body.is_empty()));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TemplateNarrator;

impl Narrator for TemplateNarrator {
    fn narrate(&self, insight: &Insight) -> Narration {
        let p = Phrases::of(insight.period.period);
        let f = &insight.facts;
        let options = match insight.kind {
            InsightKind::Trend => f.trend.as_ref().map(|f| trend(f, &p)),
            InsightKind::Anomaly => f.anomaly.as_ref().map(anomaly),
            InsightKind::TopPost => f.top_post.as_ref().map(|f| top_post(f, &p)),
            InsightKind::Cadence => f.cadence.as_ref().map(|f| cadence(f, &p)),
            InsightKind::Achievement => f.achievement.as_ref().map(achievement),
            InsightKind::Goal => f.goal.as_ref().map(goal),
            InsightKind::Benchmark => f.benchmark.as_ref().map(benchmark),
            InsightKind::Recommendation => f.recommendation.as_ref().map(|f| recommendation(f, &p)),
        };
        // Facts missing for the kind (a host-built insight): keep the prose it has.
        let Some(options) = options else {
            return Narration {
                title: insight.title.clone(),
                body: insight.body.clone(),
            };
        };
        let (title, body) = pick(&insight.id, options);
        Narration { title, body }
    }
}

/// One of `options`, chosen by `id` (its hex value, else its hash).
fn pick(id: &str, mut options: Vec<(String, String)>) -> (String, String) {
    let n = options.len().max(1) as u64;
    let h = u64::from_str_radix(id, 16).unwrap_or_else(|_| fnv1a64(id.as_bytes()));
    let i = (h % n) as usize;
    if options.is_empty() {
        return (String::new(), String::new());
    }
    options.swap_remove(i)
}

struct Phrases {
    this: &'static str,
    before: &'static str,
    unit: &'static str,
}

impl Phrases {
    fn of(p: Period) -> Self {
        match p {
            Period::Week => Phrases {
                this: "this past week",
                before: "the week before",
                unit: "week",
            },
            Period::Month => Phrases {
                this: "this past month",
                before: "the month before",
                unit: "month",
            },
        }
    }
}

/// `1234567` → `1,234,567`.
pub(crate) fn group(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A number for prose: thousands separated and whole from 100 up, one decimal from 10,
/// two below (trailing zeros dropped): `2,872`, `150`, `12.5`, `3.14`, `0.5`.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_owned();
    }
    let a = x.abs();
    let s = if a >= 999.5 {
        group(x.round() as i64)
    } else if a >= 99.95 {
        format!("{x:.0}")
    } else if a >= 9.995 {
        trim_zeros(format!("{x:.1}"))
    } else {
        trim_zeros(format!("{x:.2}"))
    };
    if s == "-0" { "0".to_owned() } else { s }
}

/// A percentage value already in percent: `4.2%`, `12%` (one decimal below 10).
pub(crate) fn pct(x: f64) -> String {
    let a = x.abs();
    let s = if a >= 9.95 {
        format!("{x:.0}")
    } else {
        trim_zeros(format!("{x:.1}"))
    };
    format!("{}%", if s == "-0" { "0" } else { &s })
}

/// A signed number: `+12`, `-3.5`, `0`.
pub(crate) fn signed(x: f64) -> String {
    let s = num(x);
    if x > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// Score points with one decimal: `+2.6 points`, `-0.5 points`, `1 point`.
pub(crate) fn points(x: f64, with_sign: bool) -> String {
    let r = (x * 10.0).round() / 10.0;
    let s = trim_zeros(format!("{:.1}", r.abs()));
    let sign = match (with_sign, r > 0.0, r < 0.0) {
        (true, true, _) => "+",
        (_, _, true) => "-",
        _ => "",
    };
    let noun = if s == "1" { "point" } else { "points" };
    format!("{sign}{s} {noun}")
}

/// `n` with the singular or plural noun: `1 post`, `0 posts`, `2,872 followers`.
pub(crate) fn plural(n: i64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        group(n),
        if n == 1 || n == -1 { one } else { many }
    )
}

/// A count given as f64, rounded: `plural` of it.
fn count(x: f64, one: &str, many: &str) -> String {
    plural(x.round() as i64, one, many)
}

/// `Monday 16 November`.
fn day(d: chrono::NaiveDate) -> String {
    format!("{} {}", d.weekday_name(), d.format("%-d %B"))
}

trait WeekdayName {
    fn weekday_name(&self) -> &'static str;
}

impl WeekdayName for chrono::NaiveDate {
    fn weekday_name(&self) -> &'static str {
        match self.weekday() {
            chrono::Weekday::Mon => "Monday",
            chrono::Weekday::Tue => "Tuesday",
            chrono::Weekday::Wed => "Wednesday",
            chrono::Weekday::Thu => "Thursday",
            chrono::Weekday::Fri => "Friday",
            chrono::Weekday::Sat => "Saturday",
            chrono::Weekday::Sun => "Sunday",
        }
    }
}

fn metric_value(metric: TrendMetric, x: f64) -> String {
    match metric {
        TrendMetric::Followers => count(x, "follower", "followers"),
        TrendMetric::Impressions => count(x, "impression", "impressions"),
        TrendMetric::ProfileViews => count(x, "profile view", "profile views"),
        TrendMetric::EngagementRate => pct(x),
    }
}

fn change_amount(f: &TrendFacts) -> String {
    match (f.metric, f.change_percent) {
        (TrendMetric::EngagementRate, _) => format!("{} points", num(f.change.abs())),
        (_, Some(p)) => pct(p.abs()),
        (m, None) => metric_value(m, f.change.abs()),
    }
}

fn noise_phrase(f: &TrendFacts, unit: &str) -> String {
    let n = match f.metric {
        TrendMetric::EngagementRate => format!("{} points", num(f.noise)),
        m => metric_value(m, f.noise),
    };
    match f.noise_basis {
        NoiseBasis::History => format!("the usual {unit}-to-{unit} swing of about {n}"),
        NoiseBasis::WithinPeriods => format!("the noise of these two {unit}s, about {n}"),
        NoiseBasis::Insufficient => "what the little history so far can tell".to_owned(),
    }
}

fn trend(f: &TrendFacts, p: &Phrases) -> Vec<(String, String)> {
    let noise = noise_phrase(f, p.unit);
    let (cur, prev) = (
        metric_value(f.metric, f.current),
        metric_value(f.metric, f.previous),
    );
    if f.metric == TrendMetric::Followers {
        let gained = |x: f64| {
            if x < 0.0 {
                format!("lost {}", count(-x, "follower", "followers"))
            } else {
                format!("gained {}", count(x, "follower", "followers"))
            }
        };
        let level = f
            .level
            .map(|l| format!(" You now have {}.", count(l, "follower", "followers")))
            .unwrap_or_default();
        let body = |verdict: &str| {
            format!(
                "You {} {}, against {} {}: {verdict} {noise}.{level}",
                gained(f.current),
                p.this,
                num(f.previous),
                p.before
            )
        };
        return match f.direction {
            Direction::Up => vec![
                ("Follower growth picked up".into(), body("more than")),
                ("More new followers than usual".into(), body("beyond")),
                ("Your audience grew faster".into(), body("beyond")),
            ],
            Direction::Down => vec![
                ("Follower growth slowed".into(), body("a bigger drop than")),
                ("Fewer new followers than usual".into(), body("beyond")),
                ("Your audience grew more slowly".into(), body("beyond")),
            ],
            Direction::Steady => vec![
                ("Follower growth held steady".into(), body("within")),
                ("Steady follower growth".into(), body("within")),
                (
                    format!("{} {}", capitalise(&gained(f.current)), p.this),
                    body("within"),
                ),
            ],
        };
    }
    let name = match f.metric {
        TrendMetric::Impressions => "Impressions",
        TrendMetric::EngagementRate => "Engagement rate",
        TrendMetric::ProfileViews => "Profile views",
        TrendMetric::Followers => "Followers",
    };
    let lower = name.to_lowercase();
    let amount = change_amount(f);
    let subject = if f.metric == TrendMetric::EngagementRate {
        format!("Your posts averaged a {cur} engagement rate {}", p.this)
    } else {
        format!("You had {cur} {}", p.this)
    };
    match f.direction {
        Direction::Up => {
            let body = format!("{subject}, up from {prev} {}: beyond {noise}.", p.before);
            vec![
                (format!("{name} up {amount}"), body.clone()),
                (format!("{name} rose {amount} {}", p.this), body.clone()),
                (format!("A strong {} for {lower}", p.unit), body),
            ]
        }
        Direction::Down => {
            let body = format!(
                "{subject}, down from {prev} {}: more than {noise}.",
                p.before
            );
            vec![
                (format!("{name} down {amount}"), body.clone()),
                (format!("{name} fell {amount} {}", p.this), body.clone()),
                (format!("A quieter {} for {lower}", p.unit), body),
            ]
        }
        Direction::Steady => {
            let body = format!("{subject}, against {prev} {}: within {noise}.", p.before);
            vec![
                (format!("{name} steady"), body.clone()),
                (format!("{name} held steady {}", p.this), body.clone()),
                (format!("No real change in {lower}"), body),
            ]
        }
    }
}

fn anomaly(f: &AnomalyFacts) -> Vec<(String, String)> {
    let unit = super::anomaly::unit(f.metric);
    let when = day(f.date);
    let short = f.date.format("%-d %b").to_string();
    let level = f.metric.is_level();
    let value = if level {
        format!("a change of {} {unit}", signed(f.value))
    } else {
        format!("{} {unit}", num(f.value))
    };
    let typical = if level {
        format!("a typical {} a day", signed(f.baseline_median))
    } else {
        format!("a typical {}", num(f.baseline_median))
    };
    let others = match f.anomalous_days {
        0 | 1 => String::new(),
        n => format!(
            " It was one of {} like this.",
            plural(i64::from(n), "day", "days")
        ),
    };
    match f.direction {
        AnomalyDirection::Spike => {
            let why = match &f.post_snippet {
                Some(s) if !s.is_empty() => format!(" It follows your post \"{s}\"."),
                Some(_) => " It follows one of your posts.".to_owned(),
                None => " None of your posts explains it: perhaps a share or a mention.".to_owned(),
            };
            let body = format!("{when} brought {value}, against {typical}.{why}{others}");
            vec![
                (format!("Unusual spike in {unit} on {short}"), body.clone()),
                (format!("{short}: {unit} jumped"), body.clone()),
                (format!("A standout day for {unit}"), body),
            ]
        }
        AnomalyDirection::Drop => {
            let why = match f.days_since_post {
                Some(0) => " You had posted that day.".to_owned(),
                Some(d) => format!(
                    " It came {} after your last post.",
                    plural(i64::from(d), "day", "days")
                ),
                None => String::new(),
            };
            let body = format!("{when} brought only {value}, against {typical}.{why}{others}");
            vec![
                (format!("Unusual drop in {unit} on {short}"), body.clone()),
                (format!("{short}: {unit} dipped"), body.clone()),
                (format!("A quiet day for {unit}"), body),
            ]
        }
    }
}

fn media_phrase(m: MediaKind) -> &'static str {
    match m {
        MediaKind::None => "no media",
        MediaKind::Image => "an image",
        MediaKind::Video => "a video",
        MediaKind::Carousel => "a carousel",
        MediaKind::Document => "a document",
        MediaKind::Link => "a link preview",
        MediaKind::Poll => "a poll",
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

fn top_post(f: &TopPostFacts, p: &Phrases) -> Vec<(String, String)> {
    let figure = match f.basis {
        RateBasis::Engagements => count(f.rate, "engagement", "engagements"),
        _ => format!("a {} engagement rate", pct(f.rate)),
    };
    let lift = f
        .lift
        .map(|l| format!(", {}× your median post", num(l)))
        .unwrap_or_default();
    let traits: Vec<String> = f
        .traits
        .iter()
        .filter(|t| t.stands_out)
        .filter_map(|t| {
            let typ = t.typical?;
            let more = t.value > typ;
            Some(match t.key.as_str() {
                "characters" if more => format!(
                    "it was longer ({} characters against a typical {})",
                    group(t.value as i64),
                    group(typ.round() as i64)
                ),
                "characters" => format!(
                    "it was shorter ({} characters against a typical {})",
                    group(t.value as i64),
                    group(typ.round() as i64)
                ),
                "visual_media" if more => format!("it carried {}", media_phrase(f.media_kind)),
                "visual_media" => "it was text only".to_owned(),
                "question" if more => "it asked a question".to_owned(),
                "question" => "it made a statement rather than ask".to_owned(),
                "hashtags" => format!(
                    "{} ({} against a typical {})",
                    if more {
                        "more hashtags"
                    } else {
                        "fewer hashtags"
                    },
                    num(t.value),
                    num(typ)
                ),
                "link" if more => "it shared a link".to_owned(),
                "link" => "it kept readers on the platform (no link)".to_owned(),
                "local_hour" => format!(
                    "it went out at {:02}:00 (you usually post around {:02}:00)",
                    t.value as u32,
                    typ.round() as u32
                ),
                "call_to_action" if more => "it invited readers to act".to_owned(),
                "hook_fits_fold" if more => "its opening line fit before \"see more\"".to_owned(),
                "quality_score" => format!(
                    "a content quality score of {} against a typical {}",
                    num(t.value),
                    num(typ)
                ),
                _ => return None,
            })
        })
        .collect();
    let apart = if traits.is_empty() {
        if f.posts_compared == 0 {
            " It is your first post with engagement to compare.".to_owned()
        } else {
            " In form it was like your usual posts: the topic did the work.".to_owned()
        }
    } else {
        format!(" What set it apart: {}.", join_and(&traits))
    };
    let quote = if f.snippet.is_empty() {
        "Your post".to_owned()
    } else {
        format!("\"{}\"", f.snippet)
    };
    let body = format!("{quote} reached {figure}{lift}.{apart}");
    let when = format!("{} at {:02}:00", capitalise(f.weekday.as_str()), f.hour);
    vec![
        (format!("Your top post {}", p.this), body.clone()),
        (format!("Best post of the {}", p.unit), body.clone()),
        (format!("{when}: your strongest post"), body),
    ]
}

fn cadence(f: &CadenceFacts, p: &Phrases) -> Vec<(String, String)> {
    let posts = plural(i64::from(f.posts), "post", "posts");
    let target = plural(i64::from(f.target), "post", "posts");
    let per_week = plural(i64::from(f.target_per_week), "post", "posts");
    let gap = plural(i64::from(f.longest_gap_days), "day", "days");
    let streak = plural(i64::from(f.streak_weeks), "week", "weeks");
    let last = match f.days_since_last_post {
        Some(0) => " Your last post was on the last day of the period.".to_owned(),
        Some(d) => format!(
            " Your last post was {} before the period ended.",
            plural(i64::from(d), "day", "days")
        ),
        None => String::new(),
    };
    match f.status {
        CadenceStatus::NotStarted => {
            let body = format!(
                "You haven't published yet. Your target is {per_week} a week: one short post about what you work on is a good start."
            );
            vec![
                ("Time for your first post".into(), body.clone()),
                ("Your first post is waiting".into(), body.clone()),
                ("Start your posting rhythm".into(), body),
            ]
        }
        CadenceStatus::StreakKept => {
            let body = format!(
                "You published {posts} {} and met your target of {per_week} a week for {streak} in a row.",
                p.this
            );
            vec![
                (
                    format!("{}-week posting streak", f.streak_weeks),
                    body.clone(),
                ),
                (format!("Streak kept: {streak}"), body.clone()),
                (format!("{streak} in a row"), body),
            ]
        }
        CadenceStatus::OnTarget => {
            let body = format!(
                "You published {posts} {}, meeting your target of {target}. Keep it up to build a streak.",
                p.this
            );
            vec![
                ("On target".into(), body.clone()),
                ("You hit your posting target".into(), body.clone()),
                (format!("{posts} {}, as planned", p.this), body),
            ]
        }
        CadenceStatus::BelowTarget => {
            let body = format!(
                "You published {posts} {}, short of your target of {target}. Your longest gap was {gap}.",
                p.this
            );
            vec![
                ("Below your posting target".into(), body.clone()),
                (format!("{posts} {}, target {target}", p.this), body.clone()),
                ("A lighter posting rhythm".into(), body),
            ]
        }
        CadenceStatus::StreakBroken => {
            let prev = plural(i64::from(f.previous_streak_weeks), "week", "weeks");
            let body = format!(
                "You published {posts} {} against a target of {target}, ending a streak of {prev}.{last}",
                p.this
            );
            vec![
                (
                    format!("Your {}-week streak ended", f.previous_streak_weeks),
                    body.clone(),
                ),
                ("Streak broken".into(), body.clone()),
                ("Time to restart your streak".into(), body),
            ]
        }
        CadenceStatus::Silent => {
            let body = format!(
                "No posts {}; your longest quiet stretch was {gap}.{last} One short post restarts the rhythm.",
                p.this
            );
            vec![
                (format!("No posts {}", p.this), body.clone()),
                (format!("A quiet {}", p.unit), body.clone()),
                ("Your audience is waiting".into(), body),
            ]
        }
    }
}

fn achievement(f: &AchievementFacts) -> Vec<(String, String)> {
    let on = f
        .date
        .map(|d| format!(" on {}", d.format("%-d %B")))
        .unwrap_or_default();
    let quote = f
        .post_snippet
        .as_deref()
        .filter(|s| !s.is_empty())
        .map_or("Your post".to_owned(), |s| format!("\"{s}\""));
    match f.achievement {
        AchievementKind::FollowerMilestone => {
            let n = group(f.threshold as i64);
            let body = format!(
                "Your audience passed {n} followers{on} and stands at {}.",
                count(f.value, "follower", "followers")
            );
            vec![
                (format!("{n} followers!"), body.clone()),
                (format!("You passed {n} followers"), body.clone()),
                (format!("Milestone: {n} followers"), body),
            ]
        }
        AchievementKind::CommentMilestone => {
            let n = group(f.threshold as i64);
            let body = format!(
                "{quote} drew {}: your first post to pass {n}.",
                count(f.value, "comment", "comments")
            );
            vec![
                (format!("First post with {n}+ comments"), body.clone()),
                (format!("{n} comments on one post"), body.clone()),
                ("A post that got people talking".into(), body),
            ]
        }
        AchievementKind::BestEngagement => {
            let (v, t) = if f.unit == "%" {
                (pct(f.value), pct(f.threshold))
            } else {
                (
                    count(f.value, "engagement", "engagements"),
                    count(f.threshold, "engagement", "engagements"),
                )
            };
            let body = format!("{quote} reached {v}, beating your previous best of {t}.");
            vec![
                ("Your best engagement ever".into(), body.clone()),
                ("New personal best".into(), body.clone()),
                ("Record engagement".into(), body),
            ]
        }
        AchievementKind::PostingStreak => {
            let n = f.threshold as i64;
            let body = format!(
                "You met your posting target {} in a row (now {}).",
                plural(n, "week", "weeks"),
                count(f.value, "week", "weeks")
            );
            vec![
                (format!("{n}-week posting streak"), body.clone()),
                (
                    format!("{} of steady posting", plural(n, "week", "weeks")),
                    body.clone(),
                ),
                (format!("Streak milestone: {n} weeks"), body),
            ]
        }
        AchievementKind::GoalMilestone => {
            let name = f
                .goal_name
                .clone()
                .or_else(|| f.goal_id.clone())
                .unwrap_or_else(|| "your goal".into());
            let share = pct(f.threshold * 100.0);
            let body = format!(
                "\"{name}\" passed {share} of the way{on}; it stands at {} now.",
                pct(f.value * 100.0)
            );
            vec![
                (format!("{share} of the way to \"{name}\""), body.clone()),
                (format!("Goal milestone: {share}"), body.clone()),
                (format!("\"{name}\": {share} done"), body),
            ]
        }
    }
}

fn goal(f: &GoalFacts) -> Vec<(String, String)> {
    let name = f.name.clone().unwrap_or_else(|| f.goal_id.clone());
    let progress = pct(f.progress * 100.0);
    let expected = pct(f.expected_progress * 100.0);
    let days = plural(f.days_remaining.floor() as i64, "day", "days");
    let need = f
        .required_per_week
        .map(|r| format!(" To make it, you need {} a week.", signed(r)))
        .unwrap_or_default();
    let deadline = f.deadline.format("%-d %B %Y");
    let (titles, body): ([String; 3], String) = match f.change {
        GoalChange::Achieved => (
            [
                format!("Goal achieved: {name}"),
                format!("You did it: {name}"),
                format!("\"{name}\" reached"),
            ],
            format!(
                "You reached the target of {} (now {}){}.",
                num(f.target),
                num(f.current_value),
                if f.days_remaining >= 1.0 {
                    format!(", with {days} to spare")
                } else {
                    String::new()
                }
            ),
        ),
        GoalChange::NowAtRisk => (
            [
                format!("\"{name}\" is now at risk"),
                format!("At risk: {name}"),
                format!("\"{name}\" needs a push"),
            ],
            format!(
                "You are {progress} of the way with {expected} of the time gone, and {days} left until {deadline}.{need}"
            ),
        ),
        GoalChange::NowOffTrack => (
            [
                format!("\"{name}\" is off track"),
                format!("Off track: {name}"),
                format!("\"{name}\" has fallen behind"),
            ],
            format!(
                "You are {progress} of the way with {expected} of the time gone; at the current pace the deadline ({deadline}) will pass first.{need}"
            ),
        ),
        GoalChange::BackOnTrack => (
            [
                format!("\"{name}\" is back on track"),
                format!("Back on track: {name}"),
                format!("\"{name}\" caught up"),
            ],
            format!("You are {progress} of the way with {expected} of the time gone."),
        ),
        GoalChange::Missed => (
            [
                format!("\"{name}\" missed its deadline"),
                format!("Deadline passed: {name}"),
                format!("\"{name}\" ran out of time"),
            ],
            format!(
                "The deadline ({deadline}) passed at {progress} of the way ({} of {}).",
                num(f.current_value),
                num(f.target)
            ),
        ),
        GoalChange::DeadlineNear => (
            [
                format!("{days} left for \"{name}\""),
                format!("Deadline near: {name}"),
                format!("\"{name}\" is due {deadline}"),
            ],
            format!("You are {progress} of the way with {days} to go.{need}"),
        ),
    };
    titles.into_iter().map(|t| (t, body.clone())).collect()
}

fn dim_name(d: Option<Dimension>) -> String {
    d.map_or_else(|| "none".to_owned(), |d| d.as_str().to_owned())
}

fn benchmark(f: &BenchmarkFacts) -> Vec<(String, String)> {
    let cur = num(f.current);
    let extremes = format!(
        " Strongest: {}; most room to grow: {}.",
        dim_name(f.strongest),
        dim_name(f.weakest)
    );
    let delta = f.delta.unwrap_or(0.0);
    let pts = |x: f64| points(x.abs(), false);
    match f.dimension {
        None => {
            let prev = f.previous.map(num).unwrap_or_default();
            match f.trend {
                Trend::Improved => {
                    let body = format!(
                        "Your brand score rose from {prev} to {cur}: ahead of about {}% of comparable profiles.{extremes}",
                        f.current.round()
                    );
                    vec![
                        (format!("Brand score up {}", pts(delta)), body.clone()),
                        (format!("Your brand score rose to {cur}"), body.clone()),
                        ("Gaining on your peers".into(), body),
                    ]
                }
                Trend::Declined => {
                    let body = format!("Your brand score fell from {prev} to {cur}.{extremes}");
                    vec![
                        (format!("Brand score down {}", pts(delta)), body.clone()),
                        (format!("Your brand score slipped to {cur}"), body.clone()),
                        ("Peers gained ground".into(), body),
                    ]
                }
                Trend::Steady => {
                    let body = format!(
                        "Your brand score moved {} (from {prev} to {cur}), within normal noise.{extremes}",
                        points(delta, true)
                    );
                    vec![
                        (format!("Brand score steady at {cur}"), body.clone()),
                        ("Holding your position".into(), body.clone()),
                        (format!("Brand score: {cur}, little change"), body),
                    ]
                }
                Trend::Unknown => {
                    let body = format!(
                        "You are ahead of about {}% of comparable profiles.{extremes}",
                        f.current.round()
                    );
                    vec![
                        (format!("Your brand score: {cur}/100"), body.clone()),
                        ("Where you stand".into(), body.clone()),
                        (format!("Brand score {cur} out of 100"), body),
                    ]
                }
            }
        }
        Some(d) => {
            let name = capitalise(d.as_str());
            let prev = f.previous.map(num).unwrap_or_default();
            let body = format!(
                "Your {} score moved from {prev} to {cur} against peers: the biggest move of the five dimensions.",
                d.as_str()
            );
            if delta >= 0.0 {
                vec![
                    (format!("{name} up {}", pts(delta)), body.clone()),
                    (format!("{name} improved"), body.clone()),
                    (format!("Progress on {}", d.as_str()), body),
                ]
            } else {
                vec![
                    (format!("{name} down {}", pts(delta)), body.clone()),
                    (format!("{name} slipped"), body.clone()),
                    (format!("{name} needs attention"), body),
                ]
            }
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), s.chars().nth(1)) {
        (Some(f), Some(second)) if f.is_uppercase() && !second.is_uppercase() => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_owned(),
    }
}

fn recommendation(f: &RecommendationFacts, p: &Phrases) -> Vec<(String, String)> {
    let effort = match f.effort {
        Effort::Low => "low",
        Effort::Medium => "medium",
        Effort::High => "high",
    };
    let body = format!(
        "{} Expected gain: {} on your brand score ({effort} effort).",
        f.detail.trim_end(),
        points(f.expected_gain, true)
    );
    vec![
        (
            format!("Next step: {}", lower_first(&f.title)),
            body.clone(),
        ),
        (
            format!("Try this {}: {}", p.unit, lower_first(&f.title)),
            body.clone(),
        ),
        (f.title.clone(), body),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(group(2872), "2,872");
        assert_eq!(group(-1_234_567), "-1,234,567");
        assert_eq!(group(999), "999");
        assert_eq!(num(2872.4), "2,872");
        assert_eq!(num(150.2), "150");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(3.456), "3.46");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(pct(4.23), "4.2%");
        assert_eq!(pct(12.4), "12%");
        assert_eq!(pct(5.0), "5%");
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-3.5), "-3.5");
        assert_eq!(signed(0.0), "0");
        assert_eq!(points(2.594, true), "+2.6 points");
        assert_eq!(points(-0.54, true), "-0.5 points");
        assert_eq!(points(1.04, false), "1 point");
        assert_eq!(points(0.0, true), "0 points");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "post", "posts"), "1 post");
        assert_eq!(plural(0, "post", "posts"), "0 posts");
        assert_eq!(plural(2, "post", "posts"), "2 posts");
        assert_eq!(plural(1000, "follower", "followers"), "1,000 followers");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b, and c"
        );
        assert_eq!(lower_first("Add a photo"), "add a photo");
        assert_eq!(lower_first("AI tools"), "AI tools");
    }
}
