//! [`HttpClient`]: the one client every platform and LLM client sends through.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{Request, Response};
use crate::{Error, Result, Secret};

/// Settings of an [`HttpClient`].
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time limit of one attempt, from sending to the last body byte.
    pub timeout: Duration,
    /// Time limit of establishing a connection.
    pub connect_timeout: Duration,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("brandpilot/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// The shared HTTP client: cheap to clone (an `Arc`), `Send + Sync`.
///
/// ```
/// let client = brandpilot::http::HttpClient::new(Default::default()).unwrap();
/// let _shared = client.clone();
/// ```
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: HttpConfig,
    reqwest: reqwest::Client,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client with `config` and in-memory state.
    pub fn new(config: HttpConfig) -> Result<Self> {
        let reqwest = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            // A redirect could carry a token or an OAuth code to another host: never follow.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
        Ok(HttpClient {
            inner: Arc::new(Inner { config, reqwest }),
        })
    }

    /// The client's settings.
    pub fn config(&self) -> &HttpConfig {
        &self.inner.config
    }

    /// Sends `request` once and reads the whole response. Any HTTP status is returned as a
    /// [`Response`]; transport failures are `timeout` / `network` errors.
    pub async fn send(&self, request: Request) -> Result<Response> {
        self.send_once(&request).await
    }

    async fn send_once(&self, request: &Request) -> Result<Response> {
        let url = reqwest::Url::parse(&request.url)
            .map_err(|e| Error::invalid("url", format!("is not an absolute URL: {e}")))?;
        let method = reqwest::Method::from_bytes(request.method.as_str().as_bytes())
            .map_err(|e| Error::internal(e.to_string()))?;
        let mut builder = self
            .inner
            .reqwest
            .request(method, url)
            .timeout(request.timeout.unwrap_or(self.inner.config.timeout));
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(token) = &request.bearer {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some(key) = &request.idempotency_key {
            builder = builder.header("idempotency-key", key.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header("content-type", body.content_type.as_str())
                .body(body.bytes.clone());
        }
        let response = builder.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Response {
            status,
            headers,
            body,
            from_cache: false,
        })
    }
}

/// Maps a reqwest failure onto `timeout` / `network`, without the URL (its query may hold
/// a code or a key).
fn transport_error(e: reqwest::Error) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        Error::Timeout {
            message: "the request did not complete in time".to_owned(),
        }
    } else if e.is_decode() || e.is_body() {
        Error::Network {
            message: format!("the response body was cut off: {e}"),
        }
    } else {
        Error::Network {
            message: format!("{e}"),
        }
    }
}

/// A stable, non-reversible identity of a token for rate-limit and cache keys: the first
/// 16 hex digits of its SHA-256.
///
/// ```
/// use brandpilot::{http::token_fingerprint, Secret};
/// let f = token_fingerprint(&Secret::new("abc"));
/// assert_eq!(f.len(), 16);
/// assert_eq!(f, token_fingerprint(&Secret::new("abc")));
/// assert!(!f.contains("abc"));
/// ```
pub fn token_fingerprint(token: &Secret) -> String {
    let digest = Sha256::digest(token.expose().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}
