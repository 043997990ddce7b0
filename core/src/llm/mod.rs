//! The AI layer: a [`LanguageModel`] trait, an OpenAI-compatible client on the resilient
//! HTTP layer, structured output with one repair round-trip, and an LLM narrator for
//! insights that never lets a number change.
//!
//! Modules, one job each:
//! - `types`: [`ChatRequest`], [`Message`], [`JsonSchema`], [`ChatResponse`], [`Usage`];
//! - `price`: the host's [`PriceTable`] → estimated cost;
//! - `schema`: [`validate`], a checker of the JSON Schema subset we emit;
//! - `answer`: [`parse_json`] of a model's answer;
//! - `prompt`: versioned [`prompts`] (`prompts/<name>.v<N>.md`) and [`delimit_user_data`];
//! - `numbers`: [`numbers_in`] / [`compare_numbers`], the narrator's number check;
//! - with feature `net`: `model` ([`LanguageModel`]), `offline` ([`OfflineModel`],
//!   [`ScriptedModel`]), `openai` ([`OpenAiCompatible`]), `structured` ([`complete_json`]) and
//!   `narrate` ([`narrate_insights`]);
//! - with feature `net`: [`tools`], the AI mentor's tools (coach, roadmap, headline / bio /
//!   brand statement, content variants), each with a deterministic template fallback.
//!
//! Without a provider, use [`OfflineModel`]: calls fail with `unsupported` and the callers'
//! deterministic paths take over (the narrator keeps the template narration).
//!
//! ```
//! use brandpilot::http::HttpClient;
//! use brandpilot::llm::{OpenAiCompatible, OpenAiConfig, PriceTable};
//! use brandpilot::Secret;
//! let config = OpenAiConfig::openai(Secret::new("sk-…"), "gpt-4o-mini")
//!     .with_prices(PriceTable::new().with("gpt-4o-mini", 0.15, 0.6));
//! let model = OpenAiCompatible::new(HttpClient::new(Default::default()).unwrap(), config).unwrap();
//! // complete_json(&model, request, schema).await, narrate_insights(&model, &mut insights, voice).await
//! # let _ = model;
//! ```

mod answer;
#[cfg(feature = "net")]
mod model;
#[cfg(feature = "net")]
mod narrate;
mod numbers;
#[cfg(feature = "net")]
mod offline;
#[cfg(feature = "net")]
mod openai;
mod price;
mod prompt;
mod schema;
#[cfg(feature = "net")]
mod structured;
#[cfg(feature = "net")]
pub mod tools;
mod types;

pub use answer::parse_json;
#[cfg(feature = "net")]
pub use model::LanguageModel;
#[cfg(feature = "net")]
pub use narrate::{FallbackReason, NarrationFallback, NarrationReport, narrate_insights};
pub use numbers::{NumberDiff, compare_numbers, numbers_in};
#[cfg(feature = "net")]
pub use offline::{OfflineModel, ScriptedModel};
#[cfg(feature = "net")]
pub use openai::{AzureOptions, OPENAI_BASE_URL, OpenAiCompatible, OpenAiConfig, TokenLimitField};
pub use price::{ModelPrice, PriceTable};
pub use prompt::{Prompt, delimit_user_data, prompts};
pub use schema::{MAX_VIOLATIONS, validate};
#[cfg(feature = "net")]
pub use structured::{JsonCompletion, complete_json, complete_json_detailed};
#[cfg(feature = "net")]
pub use tools::{coach, content_variants, profile_text, roadmap};
pub use types::{ChatRequest, ChatResponse, JsonSchema, Message, Role, Usage};
