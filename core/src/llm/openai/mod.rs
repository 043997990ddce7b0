//! [`OpenAiCompatible`]: chat completions over our [`HttpClient`], for OpenAI, Azure OpenAI,
//! Ollama, vLLM and llama.cpp servers.
//!
//! Hand-written on our HttpClient rather than the `async-openai` crate: every request must go
//! through [`HttpClient`] (shared rate-limit budgets, `Retry-After`-aware retries, the circuit
//! breaker, secret-free errors), while `async-openai` sends through its own reqwest client
//! with its own retry loop (it is also not in the offline crate set of this build). The part
//! of the API we use is one endpoint and a dozen serde fields ([`wire`]), cheaper to own than
//! to bridge.
//!
//! A chat completion `POST` is not idempotent by HTTP's rules, but repeating it has no side
//! effect beyond its cost, so each call carries a random `Idempotency-Key`: that is what lets
//! the HTTP layer retry it on 429 / 5xx / timeouts.

mod config;
mod error;
mod wire;

use std::time::Instant;

use async_trait::async_trait;

pub use config::{AzureOptions, OPENAI_BASE_URL, OpenAiConfig, TokenLimitField};

use super::{ChatRequest, ChatResponse, LanguageModel, Usage};
use crate::http::{HttpClient, Request, Route};
use crate::{Error, Result};
use wire::{WireRequest, WireResponse};

/// An OpenAI-compatible chat-completions client.
///
/// ```
/// use brandpilot::http::HttpClient;
/// use brandpilot::llm::{OpenAiCompatible, OpenAiConfig};
/// use brandpilot::Secret;
/// let http = HttpClient::new(Default::default()).unwrap();
/// let client = OpenAiCompatible::new(http, OpenAiConfig::openai(Secret::new("sk-abc"), "gpt-4o-mini")).unwrap();
/// assert_eq!(client.chat_url(), "https://api.openai.com/v1/chat/completions");
/// assert!(!format!("{client:?}").contains("sk-abc"));
/// ```
#[derive(Debug, Clone)]
pub struct OpenAiCompatible {
    http: HttpClient,
    config: OpenAiConfig,
    url: String,
}

impl OpenAiCompatible {
    /// A client sending through `http` as `config` says (validated).
    pub fn new(http: HttpClient, config: OpenAiConfig) -> Result<Self> {
        config.validate()?;
        let base = config.base_url.trim_end_matches('/');
        let mut url = format!("{base}/chat/completions");
        if let Some(azure) = &config.azure {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("api-version", &azure.api_version)
                .finish();
            url = format!("{url}?{query}");
        }
        Ok(OpenAiCompatible { http, config, url })
    }

    /// The client's settings.
    pub fn config(&self) -> &OpenAiConfig {
        &self.config
    }

    /// The URL completions are sent to.
    pub fn chat_url(&self) -> &str {
        &self.url
    }

    fn http_request(&self, request: &ChatRequest) -> Result<Request> {
        let model = request.model.as_deref().unwrap_or(&self.config.model);
        let body = WireRequest::new(request, model, self.config.token_limit_field);
        let route = Route::new(self.config.service.clone(), "chat");
        let mut http = Request::post(self.url.clone(), route)
            .header("accept", "application/json")
            .json(&body)?
            .idempotency_key(idempotency_key()?);
        match (&self.config.api_key, &self.config.azure) {
            (Some(key), Some(_)) => http = http.header("api-key", key.expose()),
            (Some(key), None) => http = http.bearer(key.clone()),
            (None, _) => {}
        }
        if let Some(timeout) = self.config.timeout {
            http = http.timeout(timeout);
        }
        Ok(http)
    }
}

#[async_trait]
impl LanguageModel for OpenAiCompatible {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse> {
        request.validate()?;
        let key = self.config.api_key.as_ref();
        let http = self.http_request(request)?;
        let started = Instant::now();
        let response = self
            .http
            .send(http)
            .await
            .map_err(|e| error::scrub_error(e, key))?;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if !response.is_success() {
            return Err(error::status_error(&self.config.service, &response, key));
        }
        let wire: WireResponse = response.json().map_err(|e| error::scrub_error(e, key))?;
        let Some(choice) = wire.choices.into_iter().next() else {
            return Err(Error::InvalidResponse {
                status: response.status,
                message: "the chat completion has no choices".to_owned(),
                excerpt: crate::http::excerpt(&response.body),
            });
        };
        let model = wire.model.filter(|m| !m.is_empty()).unwrap_or_else(|| {
            request
                .model
                .clone()
                .unwrap_or_else(|| self.config.model.clone())
        });
        let (prompt_tokens, completion_tokens) = wire
            .usage
            .map_or((0, 0), |u| (u.prompt_tokens, u.completion_tokens));
        let usage = Usage {
            estimated_cost_usd: self
                .config
                .prices
                .cost(&model, prompt_tokens, completion_tokens),
            prompt_tokens,
            completion_tokens,
            latency_ms,
            model,
        };
        let mut answer = ChatResponse::from_text(
            choice.message.content.unwrap_or_default(),
            request.response_schema.is_some(),
            usage,
        );
        answer.refusal = choice.message.refusal.filter(|r| !r.is_empty());
        answer.finish_reason = choice.finish_reason;
        Ok(answer)
    }
}

/// A fresh random key (128 bits, hex) for one call and its retries.
fn idempotency_key() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(format!("no OS randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use crate::llm::Message;

    #[test]
    fn requests_carry_the_right_credentials() {
        let http = HttpClient::new(Default::default()).unwrap();
        let openai = OpenAiCompatible::new(
            http.clone(),
            OpenAiConfig::openai(Secret::new("sk-1"), "gpt-4o-mini"),
        )
        .unwrap();
        let req = ChatRequest::new(vec![Message::user("hi")]);
        let sent = openai.http_request(&req).unwrap();
        assert_eq!(sent.route, Route::new("openai", "chat"));
        assert!(sent.bearer.is_some() && sent.is_retry_safe());
        assert!(!format!("{sent:?}").contains("sk-1"));

        let azure = OpenAiCompatible::new(
            http,
            OpenAiConfig::azure(
                "https://acme.openai.azure.com/openai/deployments/gpt4o/",
                Secret::new("az-1"),
                "2024-10-21",
                "gpt-4o",
            ),
        )
        .unwrap();
        assert_eq!(
            azure.chat_url(),
            "https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
        );
        let sent = azure.http_request(&req).unwrap();
        assert!(sent.bearer.is_none());
        assert!(
            sent.headers
                .iter()
                .any(|(k, v)| k == "api-key" && v == "az-1")
        );
        assert!(!format!("{sent:?}").contains("az-1"));
        assert_ne!(idempotency_key().unwrap(), idempotency_key().unwrap());
    }
}
