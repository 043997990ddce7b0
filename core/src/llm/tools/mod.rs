//! The AI mentor's tools: [`coach`], [`roadmap`], [`profile_text`] (headline, bio, brand
//! statement) and [`content_variants`].
//!
//! Each tool is a function of a [`LanguageModel`](super::LanguageModel), the person's data ([`PersonData`]) and a
//! request. Each validates its request first (`invalid_input` naming the field), validates
//! the model's answer before returning it, and has a deterministic template fallback that
//! needs no key.
//!
//! # When the template fallback is used
//!
//! Only when the model is *unavailable*: the call failed with one of the codes in
//! [`FALLBACK_CODES`] (`unsupported` — the [`OfflineModel`](super::OfflineModel) —,
//! `upstream_unavailable` — the provider's circuit is open —, `timeout`, `network`,
//! `rate_limited`), or with `upstream` and a 5xx status (the provider failing after the HTTP
//! layer's retries). The result then says [`Source::Template`] and which code caused it.
//!
//! Every other error is returned as it is, never papered over with a canned answer:
//! `invalid_response` (the model answered, but not with a valid answer even after the one
//! repair round-trip), `upstream` with a 4xx status (the provider rejected the request: a
//! bad key or model name the host must fix), `invalid_input`, `internal`.
//!
//! ```
//! use brandpilot::llm::OfflineModel;
//! use brandpilot::llm::tools::{roadmap, PersonData, RoadmapRequest, Source};
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let request = RoadmapRequest { goal: "Become a known Rust speaker".into(), timeline_weeks: 12, archetype: None };
//! let plan = roadmap(&OfflineModel, &PersonData::default(), &request).await.unwrap();
//! assert_eq!(plan.source, Source::Template);
//! assert!(plan.total_weeks <= 12);
//! # });
//! ```

mod bm25;
mod coach;
mod corpus;
mod person;
mod profile_text;
mod roadmap;
mod structured;
mod variants;

pub use bm25::{B, Bm25, K1, tokenize};
pub use coach::{CoachReply, CoachRequest, CoachState, MAX_QUESTION_CHARS, MAX_TURNS, Turn, coach};
pub use corpus::{ItemKind, KnowledgeItem, RetrievedItem, knowledge_items, retrieve};
pub use person::{PersonData, PortfolioItem, PortfolioKind};
pub use profile_text::{
    FieldCheck, ProfileTextKind, ProfileTextRequest, ProfileTextVariant, ProfileTexts, field_limit,
    profile_text,
};
pub use roadmap::{MAX_TIMELINE_WEEKS, Phase, Roadmap, RoadmapRequest, roadmap};
pub use variants::{ContentVariant, ContentVariants, ContentVariantsRequest, content_variants};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The error codes that mean "no model / model unavailable" and switch a tool to its
/// template fallback (with `upstream` 5xx, see [`falls_back`]). Any other error is returned
/// to the caller.
pub const FALLBACK_CODES: [&str; 5] = [
    "unsupported",
    "upstream_unavailable",
    "timeout",
    "network",
    "rate_limited",
];

/// Whether `error` switches a tool to its template fallback: its code is in
/// [`FALLBACK_CODES`], or it is `upstream` with a 5xx status.
///
/// ```
/// use brandpilot::Error;
/// use brandpilot::llm::tools::falls_back;
/// assert!(falls_back(&Error::Timeout { message: "slow".into() }));
/// assert!(falls_back(&Error::Upstream { status: 503, message: "overloaded".into(), retry_after: None }));
/// assert!(!falls_back(&Error::Upstream { status: 401, message: "bad key".into(), retry_after: None }));
/// assert!(!falls_back(&Error::invalid("goal", "empty")));
/// ```
pub fn falls_back(error: &Error) -> bool {
    FALLBACK_CODES.contains(&error.code())
        || (error.code() == "upstream" && error.status().is_some_and(|s| s >= 500))
}

/// Who wrote a tool's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The language model (validated).
    Model,
    /// The deterministic template, because the model was unavailable.
    Template,
}

/// The model's result or, when it is unavailable, `None` with the code that made it so.
pub(crate) fn unavailable_or<T>(result: Result<T>) -> Result<std::result::Result<T, String>> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(e) if falls_back(&e) => Ok(Err(e.code().to_owned())),
        Err(e) => Err(e),
    }
}

/// Checks a required free-text field: not blank, no NUL, at most `max` characters.
pub(crate) fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "must not be empty or whitespace only",
        ));
    }
    check_optional_text(field, text, max)
}

/// Checks an optional free-text field: no NUL, at most `max` characters.
pub(crate) fn check_optional_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    // Bytes bound the count cheaply before counting characters.
    if text.len() > max && text.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(())
}

/// The first `max` characters of `text`, with `…` when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.to_owned(),
    }
}
