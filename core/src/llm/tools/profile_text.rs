//! Headline, bio and brand-statement variants within each platform's profile limits:
//! [`profile_text`].

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::structured::complete_checked;
use super::{PersonData, PortfolioKind, Source, check_optional_text, clip, unavailable_or};
use crate::content::{ContentAnalysis, analyze};
use crate::llm::{ChatRequest, JsonSchema, LanguageModel, Message, delimit_user_data, prompts};
use crate::model::Platform;
use crate::{Error, Result};

/// Most variants one request may ask for.
const MAX_COUNT: u32 = 10;
/// Longest `focus`, in characters.
const MAX_FOCUS_CHARS: usize = 500;

/// Which profile text to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileTextKind {
    /// The one line under the name (LinkedIn).
    Headline,
    /// The self-description: LinkedIn's About section, an X or Instagram bio.
    Bio,
    /// One to three sentences of who the person helps, how and with what result; checked
    /// against the same fields as a bio, where it is used.
    BrandStatement,
}

/// The most characters `platform`'s field for `kind` accepts, or `None` when brandpilot
/// knows no such field (a headline on X).
///
/// The limits are counted in Unicode code points (`chars().count()`), which is never less
/// than what the apps count (graphemes), so a variant that passes fits. None of the four
/// is published in a platform API reference except X's; the others are the apps' enforced
/// limits as measured by third parties:
/// - LinkedIn headline 220 and About 2,600 (raised from 120 and 2,000 in 2020):
///   <https://www.linkedinsights.com/maximum-linkedin-character-counts-and-image-sizes-for-2020/>;
/// - X bio 160 (`description`, "Maximum of 160 characters"):
///   <https://developer.x.com/en/docs/x-api/v1/accounts-and-users/manage-account-settings/api-reference/post-account-update_profile>;
/// - Instagram bio 150: <https://instagrambio.app/how-to-change-bio>,
///   <https://qainsta.com/qa/view/how-many-characters-can-i-use-in-my-instagram-bio>.
///
/// ```
/// use brandpilot::llm::tools::{field_limit, ProfileTextKind};
/// use brandpilot::model::Platform;
/// assert_eq!(field_limit(ProfileTextKind::Headline, Platform::Linkedin), Some(220));
/// assert_eq!(field_limit(ProfileTextKind::Bio, Platform::X), Some(160));
/// assert_eq!(field_limit(ProfileTextKind::Headline, Platform::X), None);
/// ```
pub fn field_limit(kind: ProfileTextKind, platform: Platform) -> Option<u32> {
    match (kind, platform) {
        (ProfileTextKind::Headline, Platform::Linkedin) => Some(220),
        (ProfileTextKind::Bio | ProfileTextKind::BrandStatement, Platform::Linkedin) => Some(2_600),
        (ProfileTextKind::Bio | ProfileTextKind::BrandStatement, Platform::X) => Some(160),
        (ProfileTextKind::Bio | ProfileTextKind::BrandStatement, Platform::Instagram) => Some(150),
        _ => None,
    }
}

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileTextRequest {
    /// Headline, bio or brand statement.
    pub kind: ProfileTextKind,
    /// Where the text will be used (1 to 4, each with a [`field_limit`] for `kind`); every
    /// variant must fit all of them.
    pub platforms: Vec<Platform>,
    /// How many variants to ask for (1 to 10).
    pub count: u32,
    /// What to emphasise ("speaking", "open to consulting"), if anything.
    #[serde(default)]
    pub focus: Option<String>,
}

impl ProfileTextRequest {
    /// Checks the platforms (known for `kind`, no repeats), the count and the focus;
    /// errors name the field (`platforms[1]`).
    pub fn validate(&self) -> Result<()> {
        if self.platforms.is_empty() || self.platforms.len() > 4 {
            return Err(Error::invalid("platforms", "must list 1 to 4 platforms"));
        }
        for (i, p) in self.platforms.iter().enumerate() {
            if field_limit(self.kind, *p).is_none() {
                return Err(Error::invalid(
                    format!("platforms[{i}]"),
                    format!("{p} has no known limit for a {}", kind_name(self.kind)),
                ));
            }
            if self.platforms[..i].contains(p) {
                return Err(Error::invalid(format!("platforms[{i}]"), "is listed twice"));
            }
        }
        if !(1..=MAX_COUNT).contains(&self.count) {
            return Err(Error::invalid("count", format!("must be 1 to {MAX_COUNT}")));
        }
        if let Some(f) = &self.focus {
            check_optional_text("focus", f, MAX_FOCUS_CHARS)?;
        }
        Ok(())
    }

    /// The smallest limit of the requested platforms.
    fn limit(&self) -> u32 {
        self.platforms
            .iter()
            .filter_map(|p| field_limit(self.kind, *p))
            .min()
            .unwrap_or(0)
    }
}

fn kind_name(kind: ProfileTextKind) -> &'static str {
    match kind {
        ProfileTextKind::Headline => "headline",
        ProfileTextKind::Bio => "bio",
        ProfileTextKind::BrandStatement => "brand statement",
    }
}

/// A variant's length against one platform's field, with its content analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldCheck {
    /// The platform.
    pub platform: Platform,
    /// Length in characters (code points).
    pub length: u32,
    /// The field's limit ([`field_limit`]).
    pub limit: u32,
    /// Whether it fits.
    pub fits: bool,
    /// [`content::analyze`](crate::content::analyze) of the text for the platform
    /// (readability, sentiment, issues, quality).
    pub analysis: ContentAnalysis,
}

/// One variant that fits every requested platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileTextVariant {
    /// The text.
    pub text: String,
    /// One check per requested platform, in request order.
    pub checks: Vec<FieldCheck>,
}

/// The variants written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileTexts {
    /// What was written.
    pub kind: ProfileTextKind,
    /// Variants that fit every platform, in the model's order.
    pub variants: Vec<ProfileTextVariant>,
    /// How many variants were dropped for being over a limit.
    pub dropped_over_limit: u32,
    /// Whether the model or the template wrote them.
    pub source: Source,
    /// The error code that made the template write them (`unsupported`, ...).
    pub fallback_code: Option<String>,
    /// The prompt used (`profile_text.v1`).
    pub prompt: String,
}

/// Writes `request.count` variants of a headline, bio or brand statement from the person's
/// profile and portfolio, each checked against every requested platform's limit (over-limit
/// variants are dropped and counted) and returned with its analysis. When the model is
/// unavailable (see [the module docs](super)), template variants are built from the profile
/// and portfolio.
///
/// ```
/// use brandpilot::llm::ScriptedModel;
/// use brandpilot::llm::tools::{profile_text, PersonData, ProfileTextKind, ProfileTextRequest};
/// use brandpilot::model::Platform;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let long = "x".repeat(200);
/// let model = ScriptedModel::new([format!(r#"{{"variants": ["Data engineer | Rust, Kafka", "{long}"]}}"#)]);
/// let request = ProfileTextRequest { kind: ProfileTextKind::Bio, platforms: vec![Platform::X], count: 2, focus: None };
/// let out = profile_text(&model, &PersonData::default(), &request).await.unwrap();
/// assert_eq!(out.variants.len(), 1);
/// assert_eq!(out.dropped_over_limit, 1);
/// assert_eq!(out.variants[0].checks[0].limit, 160);
/// # });
/// ```
pub async fn profile_text(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &ProfileTextRequest,
) -> Result<ProfileTexts> {
    request.validate()?;
    person.validate()?;
    let asked = ask(model, person, request).await;
    let (texts, source, fallback_code) = match unavailable_or(asked)? {
        Ok(texts) => (texts, Source::Model, None),
        Err(code) => (template(person, request), Source::Template, Some(code)),
    };
    let mut variants = Vec::new();
    let mut dropped = 0u32;
    for text in texts {
        let checks = check_all(&text, request)?;
        if checks.iter().all(|c| c.fits) {
            variants.push(ProfileTextVariant { text, checks });
        } else {
            dropped += 1;
        }
    }
    Ok(ProfileTexts {
        kind: request.kind,
        variants,
        dropped_over_limit: dropped,
        source,
        fallback_code,
        prompt: prompts::PROFILE_TEXT.id(),
    })
}

fn check_all(text: &str, request: &ProfileTextRequest) -> Result<Vec<FieldCheck>> {
    let length = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    request
        .platforms
        .iter()
        .map(|&platform| {
            let limit = field_limit(request.kind, platform).unwrap_or(0);
            Ok(FieldCheck {
                platform,
                length,
                limit,
                fits: length <= limit,
                analysis: analyze(text, platform)?,
            })
        })
        .collect()
}

async fn ask(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &ProfileTextRequest,
) -> Result<Vec<String>> {
    let limits: serde_json::Map<String, Value> = request
        .platforms
        .iter()
        .map(|p| (p.as_str().to_owned(), json!(field_limit(request.kind, *p))))
        .collect();
    let profile = person.profile.as_ref().map(|p| {
        json!({
            "display_name": p.display_name, "headline": p.headline, "summary": p.summary.as_deref().map(|s| clip(s, 2_600)),
            "industry": p.industry, "experience_level": p.experience_level, "location": p.location
        })
    });
    let portfolio: Vec<Value> = person
        .portfolio
        .iter()
        .take(30)
        .map(|p| json!({"kind": p.kind, "title": clip(&p.title, 120), "description": clip(&p.description, 300), "skills": p.skills}))
        .collect();
    let data = json!({
        "kind": request.kind,
        "limits": limits,
        "count": request.count,
        "focus": request.focus,
        "profile": profile,
        "skills": person.profile.as_ref().map(|p| p.skills.clone()).unwrap_or_default(),
        "portfolio": portfolio,
    });
    let schema = JsonSchema::strict(
        "profile_text",
        json!({
            "type": "object",
            "properties": {"variants": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": request.count}},
            "required": ["variants"],
            "additionalProperties": false
        }),
    );
    let chat = ChatRequest::new(vec![
        Message::system(prompts::PROFILE_TEXT.text),
        Message::user(delimit_user_data(&data.to_string())),
    ])
    .temperature(0.7);
    complete_checked(model, chat, schema, check_variants).await
}

/// The non-blank variants, trimmed and deduplicated; an answer with none is rejected.
fn check_variants(value: &Value) -> std::result::Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for v in value["variants"].as_array().into_iter().flatten() {
        let t = v.as_str().unwrap_or_default().trim();
        if !t.is_empty() && !t.contains('\0') && !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    if out.is_empty() {
        Err("$.variants: every variant is empty".to_owned())
    } else {
        Ok(out)
    }
}

/// Deterministic variants from the profile and portfolio, clipped to the smallest limit.
fn template(person: &PersonData, request: &ProfileTextRequest) -> Vec<String> {
    let profile = person.profile.as_ref();
    let mut skills: Vec<String> = profile.map(|p| p.skills.clone()).unwrap_or_default();
    for item in &person.portfolio {
        if item.kind == PortfolioKind::Skill {
            skills.push(item.title.clone());
        }
        skills.extend(item.skills.iter().cloned());
    }
    let mut seen = Vec::new();
    skills.retain(|s| {
        let key = s.trim().to_lowercase();
        let keep = !key.is_empty() && !seen.contains(&key);
        seen.push(key);
        keep
    });
    let role = profile
        .and_then(|p| p.headline.as_deref())
        .and_then(|h| h.split(['|', '·']).next())
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            person
                .portfolio
                .iter()
                .find(|i| i.kind == PortfolioKind::Experience)
                .map(|i| i.title.trim().to_owned())
        })
        .unwrap_or_else(|| "Professional".to_owned());
    let project = person
        .portfolio
        .iter()
        .find(|i| i.kind == PortfolioKind::Project)
        .map(|i| i.title.trim().to_owned());
    let top = |n: usize| {
        skills
            .iter()
            .take(n)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let focus = request
        .focus
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty());
    let topic = focus
        .map(str::to_owned)
        .or_else(|| skills.first().cloned())
        .unwrap_or_else(|| "my field".to_owned());
    let skills3 = if skills.is_empty() {
        topic.clone()
    } else {
        top(3)
    };

    let mut out = match request.kind {
        ProfileTextKind::Headline => vec![
            format!("{role} | {skills3}"),
            format!("{role} helping teams with {topic}"),
            match &project {
                Some(p) => format!("{role} | {topic} | Built: {p}"),
                None => format!("{topic} | {role}"),
            },
        ],
        ProfileTextKind::Bio => vec![
            format!("{role}. I work on {skills3}."),
            format!("{role} sharing what I learn about {topic}."),
            match &project {
                Some(p) => format!("{role}. Recently: {p}. Talking about {topic}."),
                None => format!("{role}. {skills3}. Posts about {topic}."),
            },
        ],
        ProfileTextKind::BrandStatement => vec![
            format!("I help teams with {topic}, drawing on {skills3}."),
            match &project {
                Some(p) => format!("As a {role}, I turn {topic} into results, as with {p}."),
                None => format!("As a {role}, I turn {topic} into results people can use."),
            },
            format!("{role} who makes {topic} clear, practical and useful."),
        ],
    };
    let limit = request.limit() as usize;
    for t in &mut out {
        *t = clip(t, limit.saturating_sub(1));
    }
    out.dedup();
    out.truncate(request.count as usize);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_repeated_variants_are_removed() {
        let v = json!({"variants": [" a ", "a", "", "b"]});
        assert_eq!(check_variants(&v).unwrap(), ["a", "b"]);
        assert!(check_variants(&json!({"variants": ["  "]})).is_err());
    }

    #[test]
    fn templates_fit_the_smallest_limit() {
        let request = ProfileTextRequest {
            kind: ProfileTextKind::Bio,
            platforms: vec![Platform::Linkedin, Platform::Instagram],
            count: 3,
            focus: Some("x".repeat(400)),
        };
        let texts = template(&PersonData::default(), &request);
        assert_eq!(texts.len(), 3);
        assert!(texts.iter().all(|t| t.chars().count() <= 150), "{texts:?}");
    }
}
