//! The vocabulary of a chat completion: messages, the request, the structured-output schema,
//! and the response with its usage.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Instructions from the application (our versioned prompts).
    System,
    /// The request, with any user-supplied text delimited by
    /// [`delimit_user_data`](super::delimit_user_data).
    User,
    /// An earlier answer of the model (for follow-ups such as a repair round-trip).
    Assistant,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
}

impl Message {
    /// A system message.
    pub fn system(content: impl Into<String>) -> Self {
        Message {
            role: Role::System,
            content: content.into(),
        }
    }

    /// A user message.
    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: Role::User,
            content: content.into(),
        }
    }

    /// An assistant message.
    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// A JSON Schema the answer must follow (OpenAI "structured outputs").
///
/// Keep to the subset [`validate`](super::validate) checks (`type`, `properties`,
/// `required`, `additionalProperties: false`, `items`, `enum`, `minItems` / `maxItems`):
/// it is also the subset OpenAI's strict mode accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSchema {
    /// The schema's name: `a-z`, `A-Z`, `0-9`, `_` and `-`, at most 64 characters.
    pub name: String,
    /// The JSON Schema itself.
    pub schema: serde_json::Value,
    /// Whether the provider must follow the schema exactly (OpenAI `strict: true`).
    pub strict: bool,
}

impl JsonSchema {
    /// A strict schema named `name`.
    ///
    /// ```
    /// use brandpilot::llm::JsonSchema;
    /// let s = JsonSchema::strict("answer", serde_json::json!({"type": "object"}));
    /// assert!(s.strict);
    /// assert!(s.check_name().is_ok());
    /// assert!(JsonSchema::strict("no spaces", serde_json::json!({})).check_name().is_err());
    /// ```
    pub fn strict(name: impl Into<String>, schema: serde_json::Value) -> Self {
        JsonSchema {
            name: name.into(),
            schema,
            strict: true,
        }
    }

    /// Checks the name against the provider's rule (`a-zA-Z0-9_-`, 1 to 64 characters).
    pub fn check_name(&self) -> Result<()> {
        let ok = !self.name.is_empty()
            && self.name.len() <= 64
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(())
        } else {
            Err(Error::invalid(
                "response_schema.name",
                "must be 1 to 64 characters of a-z, A-Z, 0-9, _ and -",
            ))
        }
    }
}

/// What to ask the model.
///
/// ```
/// use brandpilot::llm::{ChatRequest, Message};
/// let req = ChatRequest::new(vec![Message::system("Be brief."), Message::user("Hello")])
///     .temperature(0.2)
///     .max_tokens(200);
/// assert!(req.validate().is_ok());
/// assert_eq!(ChatRequest::new(vec![]).validate().unwrap_err().field(), Some("messages"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// The conversation so far; the model answers the last message.
    pub messages: Vec<Message>,
    /// Sampling temperature, 0 to 2 (provider default when `None`).
    #[serde(default)]
    pub temperature: Option<f64>,
    /// The most tokens the answer may use (provider default when `None`).
    #[serde(default)]
    pub max_tokens: Option<u32>,
    /// The schema the answer must follow; the answer is then parsed as JSON.
    #[serde(default)]
    pub response_schema: Option<JsonSchema>,
    /// Overrides the client's model for this request.
    #[serde(default)]
    pub model: Option<String>,
}

impl ChatRequest {
    /// A request with `messages` and provider defaults.
    pub fn new(messages: Vec<Message>) -> Self {
        ChatRequest {
            messages,
            temperature: None,
            max_tokens: None,
            response_schema: None,
            model: None,
        }
    }

    /// Sets the temperature.
    #[must_use]
    pub fn temperature(mut self, temperature: f64) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Sets the answer's token limit.
    #[must_use]
    pub fn max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// Asks for an answer following `schema`.
    #[must_use]
    pub fn schema(mut self, schema: JsonSchema) -> Self {
        self.response_schema = Some(schema);
        self
    }

    /// Checks the request: at least one message, temperature in 0..=2, a positive token
    /// limit, a valid schema name.
    pub fn validate(&self) -> Result<()> {
        if self.messages.is_empty() {
            return Err(Error::invalid("messages", "must not be empty"));
        }
        if matches!(self.temperature, Some(t) if !(t.is_finite() && (0.0..=2.0).contains(&t))) {
            return Err(Error::invalid("temperature", "must be between 0 and 2"));
        }
        if self.max_tokens == Some(0) {
            return Err(Error::invalid("max_tokens", "must be > 0"));
        }
        if let Some(schema) = &self.response_schema {
            schema.check_name()?;
        }
        if matches!(&self.model, Some(m) if m.trim().is_empty()) {
            return Err(Error::invalid("model", "must not be empty"));
        }
        Ok(())
    }
}

/// What a call cost: tokens, time and (with a [`PriceTable`](super::PriceTable)) money.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens of the request (as the provider counted them).
    pub prompt_tokens: u64,
    /// Tokens of the answer.
    pub completion_tokens: u64,
    /// Wall time of the call, retries and rate-limit waits included, in milliseconds.
    pub latency_ms: u64,
    /// The model that answered, as the provider named it (`gpt-4o-2024-08-06`).
    pub model: String,
    /// The estimated cost in USD from the host's price table; `None` when the model has no
    /// price there.
    pub estimated_cost_usd: Option<f64>,
}

impl Usage {
    /// The sum of two calls' usage (a repair round-trip costs both): tokens, latency and cost
    /// add up (the cost is `None` unless both are known); the model is `self`'s.
    ///
    /// ```
    /// use brandpilot::llm::Usage;
    /// let a = Usage { prompt_tokens: 10, completion_tokens: 5, latency_ms: 100, model: "m".into(), estimated_cost_usd: Some(0.5) };
    /// let b = Usage { estimated_cost_usd: Some(0.25), ..a.clone() };
    /// let sum = a.plus(&b);
    /// assert_eq!((sum.prompt_tokens, sum.completion_tokens, sum.latency_ms), (20, 10, 200));
    /// assert_eq!(sum.estimated_cost_usd, Some(0.75));
    /// ```
    #[must_use]
    pub fn plus(&self, other: &Usage) -> Usage {
        Usage {
            prompt_tokens: self.prompt_tokens.saturating_add(other.prompt_tokens),
            completion_tokens: self
                .completion_tokens
                .saturating_add(other.completion_tokens),
            latency_ms: self.latency_ms.saturating_add(other.latency_ms),
            model: self.model.clone(),
            estimated_cost_usd: match (self.estimated_cost_usd, other.estimated_cost_usd) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            },
        }
    }
}

/// The model's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    /// The answer's text (empty when the model refused).
    pub text: String,
    /// The answer parsed as JSON, when the request carried a schema and the text parses
    /// (not yet checked against the schema: [`complete_json`](super::complete_json) does).
    pub json: Option<serde_json::Value>,
    /// The model's refusal message (OpenAI structured outputs), if it refused.
    pub refusal: Option<String>,
    /// Why the model stopped (`stop`, `length`, `content_filter` ...), when the provider says.
    pub finish_reason: Option<String>,
    /// Tokens, time and cost of the call.
    pub usage: Usage,
}

impl ChatResponse {
    /// A plain text answer with `usage`; `json` is parsed from `text` when `schema` is set.
    pub fn from_text(text: impl Into<String>, schema: bool, usage: Usage) -> Self {
        let text = text.into();
        let json = if schema {
            super::answer::parse_json(&text).ok()
        } else {
            None
        };
        ChatResponse {
            text,
            json,
            refusal: None,
            finish_reason: None,
            usage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_validated() {
        let ok = ChatRequest::new(vec![Message::user("hi")]);
        assert!(ok.validate().is_ok());
        let e = ok.clone().temperature(2.5).validate().unwrap_err();
        assert_eq!(e.field(), Some("temperature"));
        let e = ok.clone().temperature(f64::NAN).validate().unwrap_err();
        assert_eq!(e.field(), Some("temperature"));
        let e = ok.clone().max_tokens(0).validate().unwrap_err();
        assert_eq!(e.field(), Some("max_tokens"));
        let long = "x".repeat(65);
        let e = ok
            .schema(JsonSchema::strict(long, serde_json::json!({})))
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("response_schema.name"));
    }

    #[test]
    fn roles_are_snake_case() {
        let m = serde_json::to_value(Message::assistant("x")).unwrap();
        assert_eq!(m, serde_json::json!({"role": "assistant", "content": "x"}));
    }
}
