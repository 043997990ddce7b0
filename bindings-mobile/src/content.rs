//! Content analysis: [`analyze_content`], [`analyze_content_batch`] and their JSON-string forms.

use serde::Deserialize;

use brandpilot::content::{self, ContentAnalysis};
use brandpilot::model::Platform;

use crate::{BrandpilotError, guard, json};

/// Everything brandpilot reads from one post for `platform`: entities (hashtags, mentions,
/// URLs, cashtags), length against the platform's limit, readability, sentiment, structure
/// features, issues (most severe first) and a 0–100 quality score.
///
/// Throws `InvalidInput` with field `text` for empty, whitespace-only, NUL-containing or
/// oversized text.
#[uniffi::export]
pub fn analyze_content(
    text: String,
    platform: Platform,
) -> Result<ContentAnalysis, BrandpilotError> {
    guard(|| Ok(content::analyze(&text, platform)?))
}

/// [`analyze_content`] on many posts for one platform, in order. An invalid text fails the
/// whole batch with `InvalidInput` naming its index (`texts[3]`).
#[uniffi::export]
pub fn analyze_content_batch(
    texts: Vec<String>,
    platform: Platform,
) -> Result<Vec<ContentAnalysis>, BrandpilotError> {
    guard(|| Ok(content::analyze_batch(&texts, platform)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeContentJson {
    text: String,
    platform: Platform,
}

/// [`analyze_content`] on JSON text: `{"text", "platform"}` in, the `ContentAnalysis` as JSON
/// out.
#[uniffi::export]
pub fn analyze_content_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let AnalyzeContentJson { text, platform } = json::parse(&input_json)?;
        json::to_string(&content::analyze(&text, platform)?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeContentBatchJson {
    texts: Vec<String>,
    platform: Platform,
}

/// [`analyze_content_batch`] on JSON text: `{"texts", "platform"}` in, the list of
/// `ContentAnalysis` as JSON out.
#[uniffi::export]
pub fn analyze_content_batch_json(input_json: String) -> Result<String, BrandpilotError> {
    guard(|| {
        let AnalyzeContentBatchJson { texts, platform } = json::parse(&input_json)?;
        json::to_string(&content::analyze_batch(&texts, platform)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_and_json_forms_agree() {
        let text = "Thrilled to share our new data platform 🚀\n\nWhat would you build on it? #dataengineering";
        let a = analyze_content(text.into(), Platform::Linkedin).unwrap();
        assert_eq!(a.platform, Platform::Linkedin);
        assert_eq!(a.entities.len(), 1);
        assert!((0.0..=100.0).contains(&a.quality.score));
        let input = serde_json::json!({"text": text, "platform": "linkedin"}).to_string();
        // Same serialised output (JSON floats do not round-trip to the last bit).
        assert_eq!(
            analyze_content_json(input).unwrap(),
            serde_json::to_string(&a).unwrap()
        );
        let batch = analyze_content_batch(vec![text.into(), "hello".into()], Platform::X).unwrap();
        assert_eq!(batch.len(), 2);
    }

    #[test]
    fn invalid_text_names_the_field() {
        let err = analyze_content("  \n ".into(), Platform::Linkedin).unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "text"),
            "{err:?}"
        );
        let err = analyze_content_batch_json(r#"{"texts": ["fine", ""], "platform": "x"}"#.into())
            .unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "texts[1]"),
            "{err:?}"
        );
        let err = analyze_content_json(r#"{"text": "hi", "platform": "x", "extra": 1}"#.into())
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
}
