//! The JSON of OpenAI's chat completions endpoint, as far as we use it.
//!
//! Request (`POST {base}/chat/completions`,
//! <https://platform.openai.com/docs/api-reference/chat/create>): `model`, `messages`
//! (`role` + `content`), `temperature`, `max_completion_tokens` (or the older `max_tokens`),
//! and `response_format: {"type": "json_schema", "json_schema": {"name", "schema",
//! "strict"}}` for structured outputs
//! (<https://platform.openai.com/docs/guides/structured-outputs>).
//!
//! Response, the chat completion object
//! (<https://platform.openai.com/docs/api-reference/chat/object>): `model`,
//! `choices[].message.content` (or `.refusal`), `choices[].finish_reason`, and
//! `usage.prompt_tokens` / `usage.completion_tokens`.
//!
//! Errors (<https://platform.openai.com/docs/guides/error-codes>):
//! `{"error": {"message", "type", "param", "code"}}`.

use serde::{Deserialize, Serialize};

use super::TokenLimitField;
use crate::llm::{ChatRequest, JsonSchema, Message};

/// The request body.
#[derive(Debug, Serialize)]
pub(super) struct WireRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
    messages: &'a [Message],
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<ResponseFormat<'a>>,
}

#[derive(Debug, Serialize)]
struct ResponseFormat<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    json_schema: &'a JsonSchema,
}

impl<'a> WireRequest<'a> {
    pub(super) fn new(request: &'a ChatRequest, model: &'a str, limit: TokenLimitField) -> Self {
        let (max_completion_tokens, max_tokens) = match limit {
            TokenLimitField::MaxCompletionTokens => (request.max_tokens, None),
            TokenLimitField::MaxTokens => (None, request.max_tokens),
        };
        WireRequest {
            model: Some(model),
            messages: &request.messages,
            temperature: request.temperature,
            max_completion_tokens,
            max_tokens,
            response_format: request.response_schema.as_ref().map(|s| ResponseFormat {
                kind: "json_schema",
                json_schema: s,
            }),
        }
    }
}

/// The chat completion object.
#[derive(Debug, Deserialize)]
pub(super) struct WireResponse {
    #[serde(default)]
    pub model: Option<String>,
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub usage: Option<WireUsage>,
}

/// One choice (we ask for one).
#[derive(Debug, Deserialize)]
pub(super) struct Choice {
    pub message: AssistantMessage,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

/// The assistant's message.
#[derive(Debug, Deserialize)]
pub(super) struct AssistantMessage {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub refusal: Option<String>,
}

/// Token counts.
#[derive(Debug, Deserialize)]
pub(super) struct WireUsage {
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
}

/// An error body.
#[derive(Debug, Deserialize)]
pub(super) struct ErrorBody {
    pub error: ErrorDetail,
}

/// The error object (`code` is a string on OpenAI, a number on some compatible servers).
#[derive(Debug, Deserialize)]
pub(super) struct ErrorDetail {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub code: Option<serde_json::Value>,
}

impl ErrorDetail {
    /// The code as text (`context_length_exceeded`, `invalid_api_key`, `400`).
    pub fn code(&self) -> Option<String> {
        match &self.code {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_request_has_the_documented_shape() {
        let req = ChatRequest::new(vec![Message::system("s"), Message::user("u")])
            .temperature(0.2)
            .max_tokens(300)
            .schema(JsonSchema::strict("out", json!({"type": "object"})));
        let body = serde_json::to_value(WireRequest::new(
            &req,
            "gpt-4o-mini",
            TokenLimitField::MaxCompletionTokens,
        ))
        .unwrap();
        assert_eq!(
            body,
            json!({
                "model": "gpt-4o-mini",
                "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
                "temperature": 0.2,
                "max_completion_tokens": 300,
                "response_format": {"type": "json_schema", "json_schema": {
                    "name": "out", "schema": {"type": "object"}, "strict": true
                }}
            })
        );
        let plain = ChatRequest::new(vec![Message::user("u")]).max_tokens(5);
        let body = serde_json::to_value(WireRequest::new(
            &plain,
            "llama3.1",
            TokenLimitField::MaxTokens,
        ))
        .unwrap();
        assert_eq!(
            body,
            json!({"model": "llama3.1", "messages": [{"role": "user", "content": "u"}], "max_tokens": 5})
        );
    }
}
