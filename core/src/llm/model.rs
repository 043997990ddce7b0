//! The [`LanguageModel`] trait: one chat completion.

use async_trait::async_trait;

use super::{ChatRequest, ChatResponse};
use crate::Result;

/// A chat model: the OpenAI-compatible HTTP client
/// ([`OpenAiCompatible`](super::OpenAiCompatible)), the [`OfflineModel`](super::OfflineModel)
/// default, a test double ([`ScriptedModel`](super::ScriptedModel)), or the host's own.
///
/// Implementations answer one request: no repair, no fallback (that is
/// [`complete_json`](super::complete_json)'s and the callers' job). They must never put
/// credentials in errors or `Debug` output.
///
/// ```
/// use brandpilot::llm::{ChatRequest, LanguageModel, Message, ScriptedModel};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let model = ScriptedModel::new(["Hello, Ada."]);
/// let answer = model.complete(&ChatRequest::new(vec![Message::user("Greet Ada")])).await.unwrap();
/// assert_eq!(answer.text, "Hello, Ada.");
/// # });
/// ```
#[async_trait]
pub trait LanguageModel: Send + Sync {
    /// Sends `request` and returns the model's answer with its usage.
    ///
    /// Errors are coded ([`crate::Error::code`]): `invalid_input` for a bad request,
    /// `rate_limited`, `timeout`, `network`, `upstream`, `upstream_unavailable` from the
    /// provider, `invalid_response` for an answer that is not a chat completion.
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse>;
}
