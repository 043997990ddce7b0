//! [`OpenAiConfig`]: where an OpenAI-compatible server lives and how to authenticate.

use std::time::Duration;

use crate::llm::PriceTable;
use crate::{Error, Result, Secret};

/// OpenAI's API root.
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";

/// Which request field carries the answer's token limit.
///
/// OpenAI deprecated `max_tokens` for `max_completion_tokens` (reasoning models reject the
/// old name); Ollama, vLLM and llama.cpp servers document `max_tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenLimitField {
    /// `max_completion_tokens` (OpenAI, current Azure OpenAI API versions).
    #[default]
    MaxCompletionTokens,
    /// `max_tokens` (Ollama, vLLM, llama.cpp and older servers).
    MaxTokens,
}

/// Azure OpenAI mode: the base URL is a deployment URL
/// (`https://{resource}.openai.azure.com/openai/deployments/{deployment}`), the key goes in
/// an `api-key` header instead of `Authorization: Bearer`, and every request carries an
/// `api-version` query parameter
/// (<https://learn.microsoft.com/en-us/azure/ai-services/openai/reference>).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureOptions {
    /// The `api-version` query parameter (`2024-10-21`).
    pub api_version: String,
}

/// Settings of an [`OpenAiCompatible`](super::OpenAiCompatible) client. One base URL setting
/// serves OpenAI, Azure OpenAI (with [`AzureOptions`]), and the OpenAI-compatible `/v1` of
/// Ollama, vLLM and llama.cpp servers.
///
/// `Debug` never shows the API key.
///
/// ```
/// use brandpilot::llm::{OpenAiConfig, TokenLimitField};
/// use brandpilot::Secret;
/// let openai = OpenAiConfig::openai(Secret::new("sk-test-123"), "gpt-4o-mini");
/// assert_eq!(openai.base_url, "https://api.openai.com/v1");
/// assert!(!format!("{openai:?}").contains("sk-test-123"));
///
/// let ollama = OpenAiConfig::compatible("ollama", "http://localhost:11434/v1", "llama3.1");
/// assert!(ollama.api_key.is_none());
/// assert_eq!(ollama.token_limit_field, TokenLimitField::MaxTokens);
///
/// let azure = OpenAiConfig::azure(
///     "https://acme.openai.azure.com/openai/deployments/gpt4o",
///     Secret::new("azure-key"),
///     "2024-10-21",
///     "gpt-4o",
/// );
/// assert_eq!(azure.azure.unwrap().api_version, "2024-10-21");
/// ```
#[derive(Debug, Clone)]
pub struct OpenAiConfig {
    /// The API root the `/chat/completions` path is appended to (no trailing slash needed).
    pub base_url: String,
    /// The API key; `None` for local servers that need none.
    pub api_key: Option<Secret>,
    /// The model id sent with each request (overridable per request); in Azure mode the
    /// deployment decides the model and this names it for usage and prices.
    pub model: String,
    /// The service name of the rate-limit and breaker route (`openai`, `azure-openai`,
    /// `ollama` ...); requests go on route `{service}/chat`.
    pub service: String,
    /// Azure OpenAI mode, when set.
    pub azure: Option<AzureOptions>,
    /// Which field carries the token limit.
    pub token_limit_field: TokenLimitField,
    /// Prices for the estimated cost in [`Usage`](crate::llm::Usage).
    pub prices: PriceTable,
    /// Time limit of one attempt, overriding the HTTP client's (completions are slower than
    /// platform calls).
    pub timeout: Option<Duration>,
}

impl OpenAiConfig {
    /// OpenAI itself: [`OPENAI_BASE_URL`], bearer key, route service `openai`.
    pub fn openai(api_key: Secret, model: impl Into<String>) -> Self {
        OpenAiConfig {
            base_url: OPENAI_BASE_URL.to_owned(),
            api_key: Some(api_key),
            model: model.into(),
            service: "openai".to_owned(),
            azure: None,
            token_limit_field: TokenLimitField::MaxCompletionTokens,
            prices: PriceTable::default(),
            timeout: None,
        }
    }

    /// Azure OpenAI: a deployment URL, the `api-key` header and `api-version`; route service
    /// `azure-openai`.
    pub fn azure(
        deployment_url: impl Into<String>,
        api_key: Secret,
        api_version: impl Into<String>,
        model: impl Into<String>,
    ) -> Self {
        OpenAiConfig {
            base_url: deployment_url.into(),
            service: "azure-openai".to_owned(),
            azure: Some(AzureOptions {
                api_version: api_version.into(),
            }),
            ..OpenAiConfig::openai(api_key, model)
        }
    }

    /// Any other OpenAI-compatible server (Ollama `http://localhost:11434/v1`, vLLM,
    /// llama.cpp `llama-server`): no key (add one with [`OpenAiConfig::with_api_key`]),
    /// `max_tokens`, route service `service`.
    pub fn compatible(
        service: impl Into<String>,
        base_url: impl Into<String>,
        model: impl Into<String>,
    ) -> Self {
        OpenAiConfig {
            base_url: base_url.into(),
            api_key: None,
            model: model.into(),
            service: service.into(),
            azure: None,
            token_limit_field: TokenLimitField::MaxTokens,
            prices: PriceTable::default(),
            timeout: None,
        }
    }

    /// Sets the API key.
    #[must_use]
    pub fn with_api_key(mut self, api_key: Secret) -> Self {
        self.api_key = Some(api_key);
        self
    }

    /// Sets the price table.
    #[must_use]
    pub fn with_prices(mut self, prices: PriceTable) -> Self {
        self.prices = prices;
        self
    }

    /// Sets the per-attempt time limit.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Checks the settings: an http(s) base URL with a host and no query, a model, a
    /// service name, a key and an API version in Azure mode, valid prices.
    pub fn validate(&self) -> Result<()> {
        let url = url::Url::parse(&self.base_url)
            .map_err(|e| Error::invalid("base_url", format!("is not an absolute URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::invalid(
                "base_url",
                "must be an http(s) URL with a host",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid(
                "base_url",
                "must not carry a query or fragment (Azure's api-version is its own setting)",
            ));
        }
        if self.model.trim().is_empty() {
            return Err(Error::invalid("model", "must not be empty"));
        }
        if self.service.trim().is_empty() {
            return Err(Error::invalid("service", "must not be empty"));
        }
        if self.api_key.as_ref().is_some_and(Secret::is_empty) {
            return Err(Error::invalid("api_key", "must not be empty when set"));
        }
        if let Some(azure) = &self.azure {
            if azure.api_version.trim().is_empty() {
                return Err(Error::invalid("azure.api_version", "must not be empty"));
            }
            if self.api_key.is_none() {
                return Err(Error::invalid("api_key", "is required by Azure OpenAI"));
            }
        }
        self.prices.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_validated() {
        let ok = OpenAiConfig::openai(Secret::new("k"), "gpt-4o-mini");
        assert!(ok.validate().is_ok());
        let field = |c: OpenAiConfig| c.validate().unwrap_err().field().map(str::to_owned);
        let mut c = ok.clone();
        c.base_url = "ftp://x".into();
        assert_eq!(field(c).as_deref(), Some("base_url"));
        let mut c = ok.clone();
        c.base_url = "https://x.example/v1?api-version=1".into();
        assert_eq!(field(c).as_deref(), Some("base_url"));
        let mut c = ok.clone();
        c.model = " ".into();
        assert_eq!(field(c).as_deref(), Some("model"));
        let c = ok.clone().with_api_key(Secret::new(""));
        assert_eq!(field(c).as_deref(), Some("api_key"));
        let c = OpenAiConfig::azure(
            "https://a.example/openai/deployments/d",
            Secret::new("k"),
            "",
            "m",
        );
        assert_eq!(field(c).as_deref(), Some("azure.api_version"));
        let c = ok.with_prices(PriceTable::new().with("m", -1.0, 1.0));
        assert!(c.validate().is_err());
        assert!(
            OpenAiConfig::compatible("ollama", "http://127.0.0.1:11434/v1", "llama3.1")
                .validate()
                .is_ok()
        );
    }
}
