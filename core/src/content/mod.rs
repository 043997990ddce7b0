//! Content intelligence: what a post says and how it fits each platform — entities,
//! platform length rules, readability, sentiment, structure, issues and a quality score.
//!
//! [`analyze`] runs them all on one post; [`analyze_batch`] on many. [`suggest_hashtags`]
//! ranks the user's own hashtags for a draft; [`optimize()`] rewrites a post to fix its
//! issues; [`EngagementModel`] learns a user's engagement rate from their history and
//! predicts it for a draft.
//!
//! ```
//! use brandpilot::content::analyze;
//! use brandpilot::model::Platform;
//! let a = analyze("Thrilled to share our new data platform 🚀\n\nWhat would you build on it? #dataengineering", Platform::Linkedin).unwrap();
//! assert_eq!(a.entities.len(), 1);
//! assert!(a.features.has_question);
//! assert!(a.sentiment.compound > 0.0);
//! assert!((0.0..=100.0).contains(&a.quality.score));
//! ```

pub mod engagement;
pub mod entities;
pub mod features;
pub mod hashtags;
pub mod limits;
pub mod optimize;
pub mod practice;
pub mod quality;
pub mod readability;
mod segments;
pub mod sentiment;

use serde::{Deserialize, Serialize};

use crate::model::Platform;
use crate::{Error, Result};
pub use engagement::{
    CrossValidation, EngagementModel, EngagementPrediction, FeatureContribution, FitOptions,
};
use entities::{Entity, EntityKind};
use features::{EntityCounts, PostFeatures};
use limits::LengthCheck;
use quality::{ContentIssue, PostQuality, QualityInputs};
use readability::Readability;
use sentiment::Sentiment;

pub use hashtags::{HashtagSuggestion, suggest_hashtags};
pub use optimize::{Variant, optimize};

/// Longest text accepted, in bytes: far above every platform's limit (Facebook's 63,206
/// characters), low enough that a pasted file is rejected rather than analysed.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// Everything brandpilot reads from one post for one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContentAnalysis {
    /// The platform the text was checked against.
    pub platform: Platform,
    /// Hashtags, mentions, URLs and cashtags, with their positions.
    pub entities: Vec<Entity>,
    /// Length in the platform's unit against its limit.
    pub length: LengthCheck,
    /// Words, sentences, syllables and readability grades.
    pub readability: Readability,
    /// Sentiment (VADER-class).
    pub sentiment: Sentiment,
    /// Hook, lines, questions, calls to action, emoji, link position.
    pub features: PostFeatures,
    /// Problems found, most severe first.
    pub issues: Vec<ContentIssue>,
    /// 0–100 quality for the platform, with its factors.
    pub quality: PostQuality,
}

fn validate_text(text: &str) -> Result<()> {
    validate_text_field("text", text)
}

/// The checks [`analyze`] applies to its text, reporting `field` as the offending path.
pub(crate) fn validate_text_field(field: &str, text: &str) -> Result<()> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "is {} bytes; at most {MAX_TEXT_BYTES} are accepted",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "must not be empty or whitespace only",
        ));
    }
    if text.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    Ok(())
}

/// Analyses one post for `platform`.
pub fn analyze(text: &str, platform: Platform) -> Result<ContentAnalysis> {
    validate_text(text)?;
    let (entities, urls) = entities::extract_with_urls(text);
    let mut counts = EntityCounts::default();
    for e in &entities {
        match e.kind {
            EntityKind::Hashtag => counts.hashtags += 1,
            EntityKind::Mention => counts.mentions += 1,
            EntityKind::Url => {
                counts.urls += 1;
                counts.first_url_at = Some(counts.first_url_at.map_or(e.start, |s| s.min(e.start)));
            }
            EntityKind::Cashtag => counts.cashtags += 1,
        }
    }
    let length = limits::check_length_scanned(text, platform, counts.hashtags, &urls);
    let readability = readability::readability(text);
    let sentiment = sentiment::sentiment(text);
    let practice = practice::post_practice(platform);
    let features = PostFeatures::compute(text, &counts, practice.fold_chars);
    let (mut issues, quality) = quality::assess(&QualityInputs {
        platform,
        features: &features,
        practice: &practice,
        length: length.length,
        limit: length.limit,
        hashtag_cap: length.hashtag_limit,
        words: readability.words,
        reading_ease: readability.flesch_reading_ease,
    });
    issues.sort_by_key(|i| std::cmp::Reverse(i.severity));
    Ok(ContentAnalysis {
        platform,
        entities,
        length,
        readability,
        sentiment,
        features,
        issues,
        quality,
    })
}

/// Analyses many posts for one platform; an invalid text fails the batch, naming its index
/// (`texts[3]`).
pub fn analyze_batch(texts: &[String], platform: Platform) -> Result<Vec<ContentAnalysis>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            analyze(t, platform).map_err(|e| Error::invalid(format!("texts[{i}]"), e.message()))
        })
        .collect()
}
