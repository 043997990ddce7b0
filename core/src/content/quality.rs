//! Issues found in a post and its 0–100 quality score for a platform, each factor shown.

use serde::{Deserialize, Serialize};

use super::features::PostFeatures;
use super::practice::PostPractice;
use crate::model::Platform;

/// How much an issue matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Severity {
    /// Worth knowing; the post works as it is.
    Info,
    /// Likely to cost reach or engagement.
    Warning,
    /// The platform will reject or cut the post.
    Error,
}

/// A problem found in a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContentIssue {
    /// Stable code: `over_limit`, `too_many_hashtags_for_platform`, `too_many_hashtags`,
    /// `too_few_hashtags`, `hook_below_fold`, `no_call_to_action`, `wall_of_text`,
    /// `shouting`, `link_in_body`, `hard_to_read`, `too_short`, `longer_than_ideal`.
    pub code: String,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, with the numbers.
    pub message: String,
}

/// One factor of the quality score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QualityFactor {
    /// Stable id: `length`, `hook`, `readability`, `hashtags`, `engagement_prompt`,
    /// `formatting`.
    pub id: String,
    /// The measured value the score comes from.
    pub value: f64,
    /// 0–100.
    pub score: f64,
    /// Weight in the overall quality score (weights sum to 1).
    pub weight: f64,
}

/// A post's quality for one platform: the weighted mean of its factors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostQuality {
    /// 0–100.
    pub score: f64,
    /// The factors, in a fixed order.
    pub factors: Vec<QualityFactor>,
}

/// Everything the assessment needs, computed by the other content analyses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QualityInputs<'a> {
    pub platform: Platform,
    pub features: &'a PostFeatures,
    pub practice: &'a PostPractice,
    /// Length in the platform's unit, and its hard limit.
    pub length: u32,
    pub limit: u32,
    /// The platform's hard cap on hashtags (Instagram: 30), if any.
    pub hashtag_cap: Option<u32>,
    pub words: u32,
    pub reading_ease: f64,
}

const W_LENGTH: f64 = 0.25;
const W_HOOK: f64 = 0.20;
const W_READABILITY: f64 = 0.15;
const W_HASHTAGS: f64 = 0.15;
const W_PROMPT: f64 = 0.15;
const W_FORMATTING: f64 = 0.10;

/// Paragraphs longer than this many characters read as a wall of text on a phone screen.
pub(crate) const WALL_OF_TEXT: u32 = 600;
/// Flesch Reading Ease below this is "difficult" (college level; Flesch 1948).
const HARD_TO_READ: f64 = 30.0;

fn length_score(i: &QualityInputs<'_>) -> f64 {
    if i.length > i.limit {
        return 0.0;
    }
    let chars = i.features.characters as f64;
    match (i.practice.ideal_min_chars, i.practice.ideal_max_chars) {
        (Some(lo), Some(hi)) => {
            let (lo, hi) = (lo as f64, hi as f64);
            if chars < lo {
                100.0 * (chars / lo).sqrt()
            } else if chars <= hi {
                100.0
            } else {
                // Linear from 100 at the ideal maximum to 50 at twice it.
                (100.0 - 50.0 * (chars - hi) / hi).max(50.0)
            }
        }
        _ => 100.0,
    }
}

fn hook_score(f: &PostFeatures) -> f64 {
    match f.hook_fits_fold {
        Some(true) => 100.0,
        Some(false) => 40.0,
        None if f.hook_characters <= 150 => 100.0,
        None => 60.0,
    }
}

fn readability_score(words: u32, ease: f64) -> f64 {
    if words < 5 {
        return 100.0; // too short to judge
    }
    if ease >= 60.0 {
        100.0
    } else if ease >= HARD_TO_READ {
        40.0 + 60.0 * (ease - HARD_TO_READ) / (60.0 - HARD_TO_READ)
    } else {
        (40.0 * ease / HARD_TO_READ).max(0.0)
    }
}

fn hashtag_score(n: u32, p: &PostPractice, cap: Option<u32>) -> f64 {
    if cap.is_some_and(|c| n > c) {
        return 0.0;
    }
    if n < p.min_hashtags {
        (100.0 - 25.0 * (p.min_hashtags - n) as f64).max(0.0)
    } else if n > p.max_hashtags {
        (100.0 - 20.0 * (n - p.max_hashtags) as f64).max(0.0)
    } else {
        100.0
    }
}

fn formatting_score(f: &PostFeatures) -> f64 {
    let wall = if f.longest_paragraph <= WALL_OF_TEXT {
        100.0
    } else {
        (100.0 - 70.0 * (f.longest_paragraph - WALL_OF_TEXT) as f64 / 900.0).max(30.0)
    };
    let shouting = if f.all_caps_words > 3 { 30.0 } else { 0.0 };
    (wall - shouting).max(0.0)
}

fn issue(code: &str, severity: Severity, message: String) -> ContentIssue {
    ContentIssue {
        code: code.to_owned(),
        severity,
        message,
    }
}

/// The issues of a post and its quality score.
pub(crate) fn assess(i: &QualityInputs<'_>) -> (Vec<ContentIssue>, PostQuality) {
    let f = i.features;
    let p = i.practice;
    let platform = i.platform;
    let mut issues = Vec::new();
    if i.length > i.limit {
        issues.push(issue(
            "over_limit",
            Severity::Error,
            format!(
                "{} over {platform}'s limit of {} ({} in all).",
                i.length - i.limit,
                i.limit,
                i.length
            ),
        ));
    }
    if let Some(cap) = i.hashtag_cap.filter(|&c| f.hashtags > c) {
        issues.push(issue(
            "too_many_hashtags_for_platform",
            Severity::Error,
            format!("{} hashtags; {platform} accepts at most {cap}.", f.hashtags),
        ));
    } else if f.hashtags > p.max_hashtags {
        issues.push(issue(
            "too_many_hashtags",
            Severity::Warning,
            format!(
                "{} hashtags; {} or fewer work best on {platform}.",
                f.hashtags, p.max_hashtags
            ),
        ));
    } else if f.hashtags < p.min_hashtags {
        issues.push(issue(
            "too_few_hashtags",
            Severity::Info,
            format!(
                "{} hashtags; {platform} posts are found through {}–{}.",
                f.hashtags, p.min_hashtags, p.max_hashtags
            ),
        ));
    }
    if f.hook_fits_fold == Some(false) {
        issues.push(issue(
            "hook_below_fold",
            Severity::Warning,
            format!(
                "The first line ends after the \"see more\" fold (~{} characters): break it earlier.",
                p.fold_chars.unwrap_or_default()
            ),
        ));
    }
    if !f.has_question && !f.has_call_to_action {
        issues.push(issue(
            "no_call_to_action",
            Severity::Info,
            "Nothing invites a reply: end with a question or an invitation to act.".into(),
        ));
    }
    if f.longest_paragraph > WALL_OF_TEXT {
        issues.push(issue(
            "wall_of_text",
            Severity::Warning,
            format!(
                "A paragraph of {} characters: split it into short ones.",
                f.longest_paragraph
            ),
        ));
    }
    if f.all_caps_words > 3 {
        issues.push(issue(
            "shouting",
            Severity::Info,
            format!("{} words in capitals read as shouting.", f.all_caps_words),
        ));
    }
    if platform == Platform::Linkedin && f.urls > 0 {
        // LinkedIn shows posts with external links to fewer people (reported across
        // creator analyses, e.g. van der Blom's Algorithm Insights reports 2023–2024).
        issues.push(issue(
            "link_in_body",
            Severity::Info,
            "LinkedIn shows posts with external links to fewer people: consider the link in a comment.".into(),
        ));
    }
    if i.words >= 30 && i.reading_ease < HARD_TO_READ {
        issues.push(issue(
            "hard_to_read",
            Severity::Info,
            format!(
                "Flesch Reading Ease {:.0}: shorter sentences and words read faster.",
                i.reading_ease
            ),
        ));
    }
    if let (Some(lo), Some(hi)) = (p.ideal_min_chars, p.ideal_max_chars) {
        if f.characters * 2 < lo {
            issues.push(issue(
                "too_short",
                Severity::Info,
                format!(
                    "{} characters; {lo}–{hi} perform best on {platform}.",
                    f.characters
                ),
            ));
        } else if i.length <= i.limit && f.characters * 2 > hi * 3 {
            issues.push(issue(
                "longer_than_ideal",
                Severity::Info,
                format!(
                    "{} characters; {lo}–{hi} perform best on {platform}.",
                    f.characters
                ),
            ));
        }
    }

    let prompt = if f.has_question || f.has_call_to_action {
        100.0
    } else {
        50.0
    };
    let factors = vec![
        factor("length", f.characters as f64, length_score(i), W_LENGTH),
        factor("hook", f.hook_characters as f64, hook_score(f), W_HOOK),
        factor(
            "readability",
            i.reading_ease,
            readability_score(i.words, i.reading_ease),
            W_READABILITY,
        ),
        factor(
            "hashtags",
            f.hashtags as f64,
            hashtag_score(f.hashtags, p, i.hashtag_cap),
            W_HASHTAGS,
        ),
        factor("engagement_prompt", prompt / 100.0, prompt, W_PROMPT),
        factor(
            "formatting",
            f.longest_paragraph as f64,
            formatting_score(f),
            W_FORMATTING,
        ),
    ];
    let score = factors
        .iter()
        .map(|q| q.score * q.weight)
        .sum::<f64>()
        .clamp(0.0, 100.0);
    (issues, PostQuality { score, factors })
}

fn factor(id: &str, value: f64, score: f64, weight: f64) -> QualityFactor {
    QualityFactor {
        id: id.to_owned(),
        value,
        score: score.clamp(0.0, 100.0),
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::EntityCounts;
    use super::super::practice::post_practice;
    use super::*;

    fn run(
        text: &str,
        platform: Platform,
        hashtags: u32,
        ease: f64,
    ) -> (Vec<ContentIssue>, PostQuality) {
        let practice = post_practice(platform);
        let counts = EntityCounts {
            hashtags,
            ..Default::default()
        };
        let features = PostFeatures::compute(text, &counts, practice.fold_chars);
        let length = features.characters;
        assess(&QualityInputs {
            platform,
            features: &features,
            practice: &practice,
            length,
            limit: 3_000,
            hashtag_cap: Some(30),
            words: text.split_whitespace().count() as u32,
            reading_ease: ease,
        })
    }

    fn codes(issues: &[ContentIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.code.as_str()).collect()
    }

    #[test]
    fn weights_sum_to_one() {
        let total = W_LENGTH + W_HOOK + W_READABILITY + W_HASHTAGS + W_PROMPT + W_FORMATTING;
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_good_linkedin_post_scores_high_and_a_bad_one_low() {
        let good = format!(
            "We cut our cloud bill by 38%.\n\n{}\n\nWhat would you try first?",
            "Short clear lines. ".repeat(70)
        );
        let (issues, q) = run(&good, Platform::Linkedin, 2, 70.0);
        assert!(q.score > 90.0, "{q:?} {issues:?}");
        let bad = "x".repeat(3_100);
        let (issues, q2) = run(&bad, Platform::Linkedin, 12, 10.0);
        assert!(q2.score < 40.0, "{q2:?}");
        assert!(codes(&issues).contains(&"over_limit"));
        assert!(codes(&issues).contains(&"too_many_hashtags"));
        assert!(codes(&issues).contains(&"hook_below_fold"));
        assert!(codes(&issues).contains(&"wall_of_text"));
    }

    #[test]
    fn instagram_hashtag_cap_is_an_error() {
        let (issues, q) = run("Sunset", Platform::Instagram, 31, 80.0);
        let hashtags = q.factors.iter().find(|f| f.id == "hashtags").unwrap();
        assert_eq!(hashtags.score, 0.0);
        assert!(
            issues.iter().any(
                |i| i.code == "too_many_hashtags_for_platform" && i.severity == Severity::Error
            )
        );
    }

    #[test]
    fn prompts_and_shouting() {
        let (issues, _) = run("THIS IS VERY BIG NEWS", Platform::X, 1, 80.0);
        assert!(codes(&issues).contains(&"shouting"));
        assert!(codes(&issues).contains(&"no_call_to_action"));
        let (issues, _) = run("Tell me what you think", Platform::X, 1, 80.0);
        assert!(!codes(&issues).contains(&"no_call_to_action"));
    }
}
