//! A/B variants of a draft in requested tones, analysed and ranked: [`content_variants`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::structured::complete_checked;
use super::{PersonData, Source, check_text, clip, unavailable_or};
use crate::content::limits::platform_rules;
use crate::content::{
    ContentAnalysis, EngagementModel, EngagementPrediction, analyze, optimize, validate_text_field,
};
use crate::llm::{ChatRequest, JsonSchema, LanguageModel, Message, delimit_user_data, prompts};
use crate::model::Platform;
use crate::{Error, Result};

/// Most tones one request may ask for.
const MAX_TONES: usize = 6;
/// Longest tone name, in characters.
const MAX_TONE_CHARS: usize = 40;
/// The person's recent posts shown to the model as examples of their voice.
const VOICE_EXAMPLES: usize = 3;

/// What to rewrite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentVariantsRequest {
    /// The draft (as [`content::analyze`](crate::content::analyze) accepts: not blank, at
    /// most [`MAX_TEXT_BYTES`](crate::content::MAX_TEXT_BYTES)).
    pub draft: String,
    /// Where it will be posted.
    pub platform: Platform,
    /// The tones, one variant each (1 to 6 distinct names, at most 40 characters:
    /// "professional", "playful", "bold", ...).
    pub tones: Vec<String>,
    /// When it will be posted: required with an [`EngagementModel`] (the prediction
    /// depends on the hour and day), ignored otherwise.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

impl ContentVariantsRequest {
    /// Checks the draft and the tones; errors name the field (`tones[2]`).
    pub fn validate(&self) -> Result<()> {
        validate_text_field("draft", &self.draft)?;
        if self.tones.is_empty() || self.tones.len() > MAX_TONES {
            return Err(Error::invalid(
                "tones",
                format!("must list 1 to {MAX_TONES} tones"),
            ));
        }
        for (i, tone) in self.tones.iter().enumerate() {
            let field = format!("tones[{i}]");
            check_text(&field, tone, MAX_TONE_CHARS)?;
            let key = tone.trim().to_lowercase();
            if self.tones[..i]
                .iter()
                .any(|t| t.trim().to_lowercase() == key)
            {
                return Err(Error::invalid(field, "is listed twice"));
            }
        }
        Ok(())
    }
}

/// One variant, analysed and scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentVariant {
    /// The tone it was written in (as requested).
    pub tone: String,
    /// The text.
    pub text: String,
    /// Its full analysis for the platform.
    pub analysis: ContentAnalysis,
    /// Its post quality (0–100, `analysis.quality.score`).
    pub quality: f64,
    /// Its predicted engagement rate, when an [`EngagementModel`] was supplied.
    pub predicted_engagement: Option<EngagementPrediction>,
}

/// The variants, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentVariants {
    /// Variants within the platform's limit: sorted by predicted engagement rate when an
    /// [`EngagementModel`] was supplied, else by quality; ties by quality, then tone.
    pub variants: Vec<ContentVariant>,
    /// How many variants were dropped for being over the platform's length limit.
    pub dropped_over_limit: u32,
    /// Whether the model or the template wrote them.
    pub source: Source,
    /// The error code that made the template write them (`unsupported`, ...).
    pub fallback_code: Option<String>,
    /// The prompt used (`content_variants.v1`).
    pub prompt: String,
}

/// Writes one variant of `request.draft` per tone, analyses each with
/// [`content::analyze`](crate::content::analyze), predicts its engagement with `engagement`
/// when given, drops those over the platform's limit and sorts the rest best first. When the
/// model is unavailable (see [the module docs](super)), template rewrites stand in (the
/// draft with a question, a hook line, a conversational opener, or
/// [`content::optimize`](crate::content::optimize())'s fixes).
///
/// ```
/// use brandpilot::llm::OfflineModel;
/// use brandpilot::llm::tools::{content_variants, ContentVariantsRequest, PersonData, Source};
/// use brandpilot::model::Platform;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = ContentVariantsRequest {
///     draft: "We cut our build time in half by caching dependencies.".into(),
///     platform: Platform::Linkedin,
///     tones: vec!["curious".into(), "bold".into()],
///     at: None,
/// };
/// let out = content_variants(&OfflineModel, &PersonData::default(), &request, None).await.unwrap();
/// assert_eq!(out.source, Source::Template);
/// assert_eq!(out.variants.len(), 2);
/// assert!(out.variants[0].quality >= out.variants[1].quality);
/// # });
/// ```
pub async fn content_variants(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &ContentVariantsRequest,
    engagement: Option<&EngagementModel>,
) -> Result<ContentVariants> {
    request.validate()?;
    person.validate()?;
    let at = match (engagement, request.at) {
        (Some(_), None) => {
            return Err(Error::invalid(
                "at",
                "is required to predict engagement with an engagement model",
            ));
        }
        (_, at) => at,
    };
    let asked = ask(model, person, request).await;
    let (texts, source, fallback_code) = match unavailable_or(asked)? {
        Ok(texts) => (texts, Source::Model, None),
        Err(code) => (template(request), Source::Template, Some(code)),
    };
    let mut variants = Vec::new();
    let mut dropped = 0u32;
    for (tone, text) in texts {
        let analysis = analyze(&text, request.platform)?;
        if !analysis.length.fits {
            dropped += 1;
            continue;
        }
        let predicted_engagement = match (engagement, at) {
            (Some(m), Some(at)) => Some(m.predict(&text, request.platform, at)?),
            _ => None,
        };
        variants.push(ContentVariant {
            tone,
            quality: analysis.quality.score,
            text,
            analysis,
            predicted_engagement,
        });
    }
    variants.sort_by(|a, b| {
        let rate = |v: &ContentVariant| v.predicted_engagement.as_ref().map(|p| p.engagement_rate);
        match (rate(a), rate(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            _ => std::cmp::Ordering::Equal,
        }
        .then(b.quality.total_cmp(&a.quality))
        .then(a.tone.cmp(&b.tone))
    });
    Ok(ContentVariants {
        variants,
        dropped_over_limit: dropped,
        source,
        fallback_code,
        prompt: prompts::CONTENT_VARIANTS.id(),
    })
}

async fn ask(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &ContentVariantsRequest,
) -> Result<Vec<(String, String)>> {
    let rules = platform_rules(request.platform);
    let mut recent: Vec<&crate::model::Post> = person.posts.iter().collect();
    recent.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    let voice: Vec<String> = recent
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .take(VOICE_EXAMPLES)
        .map(|p| clip(&p.text, 400))
        .collect();
    let data = json!({
        "draft": request.draft,
        "platform": {"name": request.platform, "limit": rules.max_length},
        "tones": request.tones,
        "voice_examples": voice,
    });
    let schema = JsonSchema::strict(
        "content_variants",
        json!({
            "type": "object",
            "properties": {"variants": {
                "type": "array",
                "minItems": 1,
                "maxItems": request.tones.len() * 2,
                "items": {
                    "type": "object",
                    "properties": {"tone": {"type": "string", "enum": request.tones}, "text": {"type": "string"}},
                    "required": ["tone", "text"],
                    "additionalProperties": false
                }
            }},
            "required": ["variants"],
            "additionalProperties": false
        }),
    );
    let chat = ChatRequest::new(vec![
        Message::system(prompts::CONTENT_VARIANTS.text),
        Message::user(delimit_user_data(&data.to_string())),
    ])
    .temperature(0.8);
    complete_checked(model, chat, schema, |v| check_variants(v, &request.tones)).await
}

/// One non-blank text per requested tone (the first given), in request order; a missing
/// tone is rejected.
fn check_variants(
    value: &Value,
    tones: &[String],
) -> std::result::Result<Vec<(String, String)>, String> {
    let given = value["variants"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for tone in tones {
        let text = given
            .iter()
            .filter(|v| v["tone"].as_str() == Some(tone.as_str()))
            .filter_map(|v| v["text"].as_str())
            .map(str::trim)
            .find(|t| !t.is_empty() && !t.contains('\0'));
        match text {
            Some(t) => out.push((tone.clone(), t.to_owned())),
            None => {
                return Err(format!(
                    "$.variants: no non-empty variant for the tone \"{tone}\""
                ));
            }
        }
    }
    Ok(out)
}

/// Deterministic rewrites, one per tone, chosen by words in the tone's name.
fn template(request: &ContentVariantsRequest) -> Vec<(String, String)> {
    let draft = request.draft.trim();
    request
        .tones
        .iter()
        .map(|tone| {
            let t = tone.to_lowercase();
            let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
            let text = if has(&["question", "curious", "engag", "conversation"]) {
                if draft.ends_with('?') {
                    draft.to_owned()
                } else {
                    format!("{draft}\n\nWhat would you add?")
                }
            } else if has(&["bold", "confident", "direct", "punchy"]) {
                match first_sentence(draft) {
                    Some((hook, rest)) => format!("{hook}\n\n{rest}"),
                    None => format!("Here is the short version:\n\n{draft}"),
                }
            } else if has(&["casual", "friendly", "warm", "playful", "fun"]) {
                format!("Quick one from this week: {draft}")
            } else {
                optimize(draft, request.platform)
                    .ok()
                    .and_then(|v| v.into_iter().next())
                    .map_or_else(|| draft.to_owned(), |v| v.text)
            };
            (tone.clone(), text)
        })
        .collect()
}

/// The first sentence of `text` and the rest, when there is a rest.
fn first_sentence(text: &str) -> Option<(&str, &str)> {
    let end = text.find(['.', '!', '?', '\n'])?;
    let (hook, rest) = text.split_at(end + 1);
    let rest = rest.trim();
    (!rest.is_empty()).then_some((hook.trim(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tone_needs_a_variant() {
        let tones = vec!["a".to_owned(), "b".to_owned()];
        let v = json!({"variants": [{"tone": "b", "text": "B"}, {"tone": "a", "text": " "}, {"tone": "a", "text": "A"}]});
        assert_eq!(
            check_variants(&v, &tones).unwrap(),
            [
                ("a".to_owned(), "A".to_owned()),
                ("b".to_owned(), "B".to_owned())
            ]
        );
        let v = json!({"variants": [{"tone": "a", "text": "A"}]});
        assert!(check_variants(&v, &tones).unwrap_err().contains("\"b\""));
    }

    #[test]
    fn hooks_split_at_the_first_sentence() {
        assert_eq!(first_sentence("One. Two."), Some(("One.", "Two.")));
        assert_eq!(first_sentence("Only one."), None);
        assert_eq!(first_sentence("no end"), None);
    }
}
