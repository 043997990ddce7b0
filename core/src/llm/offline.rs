//! Models that need no provider: [`OfflineModel`], the default for hosts without a key, and
//! [`ScriptedModel`], a deterministic test double.

use std::collections::VecDeque;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{ChatRequest, ChatResponse, LanguageModel, Usage};
use crate::{Error, Result};

/// The model of a host without an LLM provider: every call fails with `unsupported`, at
/// once and deterministically, so the callers' offline paths take over (the
/// [`narrate_insights`](super::narrate_insights) fallback is the template narration). It
/// never makes up an answer.
///
/// ```
/// use brandpilot::llm::{ChatRequest, LanguageModel, Message, OfflineModel};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let err = OfflineModel.complete(&ChatRequest::new(vec![Message::user("hi")])).await.unwrap_err();
/// assert_eq!(err.code(), "unsupported");
/// # });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OfflineModel;

#[async_trait]
impl LanguageModel for OfflineModel {
    async fn complete(&self, _request: &ChatRequest) -> Result<ChatResponse> {
        Err(Error::Unsupported {
            message: "no language model is configured (offline)".to_owned(),
        })
    }
}

/// A test double: answers with the scripted texts (or errors) in order and records every
/// request. Usage counts are zero and the model id is `scripted`. Once the script is used
/// up, calls fail with `internal`.
///
/// ```
/// use brandpilot::llm::{complete_json, ChatRequest, JsonSchema, Message, ScriptedModel};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let model = ScriptedModel::new(["not json", r#"{"ok": true}"#]);
/// let schema = JsonSchema::strict("status", serde_json::json!({"type": "object"}));
/// let value = complete_json(&model, ChatRequest::new(vec![Message::user("status?")]), schema)
///     .await
///     .unwrap();
/// assert_eq!(value["ok"], true);
/// assert_eq!(model.requests().len(), 2); // one repair round-trip
/// # });
/// ```
#[derive(Debug, Default)]
pub struct ScriptedModel {
    answers: Mutex<VecDeque<Result<String>>>,
    requests: Mutex<Vec<ChatRequest>>,
}

impl ScriptedModel {
    /// A model answering `answers` in order.
    pub fn new<I, S>(answers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ScriptedModel::with_results(answers.into_iter().map(|a| Ok(a.into())))
    }

    /// A model answering with `results` in order (errors included).
    pub fn with_results(results: impl IntoIterator<Item = Result<String>>) -> Self {
        ScriptedModel {
            answers: Mutex::new(results.into_iter().collect()),
            requests: Mutex::new(Vec::new()),
        }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<ChatRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

#[async_trait]
impl LanguageModel for ScriptedModel {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        request.validate()?;
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(request.clone());
        let next = self
            .answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop_front();
        let text =
            next.unwrap_or_else(|| Err(Error::internal("the scripted model has no more answers")))?;
        let usage = Usage {
            model: "scripted".to_owned(),
            ..Usage::default()
        };
        Ok(ChatResponse::from_text(
            text,
            request.response_schema.is_some(),
            usage,
        ))
    }
}
