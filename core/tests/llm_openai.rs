//! The OpenAI-compatible client, `complete_json` and the LLM narrator against a mock
//! chat-completions server on 127.0.0.1 speaking the documented shapes
//! (<https://platform.openai.com/docs/api-reference/chat/object>, errors per
//! <https://platform.openai.com/docs/guides/error-codes>).
#![cfg(feature = "net")]

mod platform_common;

use std::time::{Duration, Instant};

use brandpilot::Secret;
use brandpilot::http::{BreakerConfig, HttpClient, HttpConfig, RateLimitMode, RetryPolicy};
use brandpilot::insight::Insight;
use brandpilot::llm::{
    ChatRequest, FallbackReason, JsonSchema, LanguageModel, Message, OfflineModel,
    OpenAiCompatible, OpenAiConfig, PriceTable, complete_json, complete_json_detailed,
    narrate_insights,
};
use platform_common::{http, received};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-test-0123456789abcdef";
const CHAT: &str = "/v1/chat/completions";

/// A chat completion object whose message content is `content`.
fn completion(content: &str, prompt_tokens: u64, completion_tokens: u64) -> Value {
    json!({
        "id": "chatcmpl-123",
        "object": "chat.completion",
        "created": 1_763_900_000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": null},
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens
        }
    })
}

fn ok(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(completion(content, 100, 20))
}

fn config(server: &MockServer) -> OpenAiConfig {
    OpenAiConfig {
        base_url: format!("{}/v1", server.uri()),
        ..OpenAiConfig::openai(Secret::new(KEY), "gpt-4o-mini")
    }
    .with_prices(PriceTable::new().with("gpt-4o-mini", 0.15, 0.6))
}

fn client(server: &MockServer) -> OpenAiCompatible {
    OpenAiCompatible::new(http(), config(server)).unwrap()
}

fn tags_schema() -> JsonSchema {
    JsonSchema::strict(
        "tags",
        json!({
            "type": "object",
            "properties": {"tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}},
            "required": ["tags"],
            "additionalProperties": false
        }),
    )
}

fn ask() -> ChatRequest {
    ChatRequest::new(vec![
        Message::system("Suggest hashtags."),
        Message::user("Post: shipping Rust at work"),
    ])
    .temperature(0.2)
    .max_tokens(100)
}

async fn bodies(server: &MockServer) -> Vec<Value> {
    received(server, "POST", CHAT)
        .await
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

#[tokio::test]
async fn structured_output_is_parsed_and_usage_costed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(body_partial_json(json!({
            "model": "gpt-4o-mini",
            "max_completion_tokens": 100,
            "response_format": {"type": "json_schema", "json_schema": {"name": "tags", "strict": true}}
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion(r#"{"tags": ["rust", "engineering"]}"#, 1_200, 300))
                .set_delay(Duration::from_millis(60)),
        )
        .mount(&server)
        .await;
    let model = client(&server);
    let done = complete_json_detailed(&model, ask(), tags_schema())
        .await
        .unwrap();
    assert_eq!(done.value, json!({"tags": ["rust", "engineering"]}));
    assert!(!done.repaired);
    assert_eq!(done.usage.prompt_tokens, 1_200);
    assert_eq!(done.usage.completion_tokens, 300);
    assert_eq!(done.usage.model, "gpt-4o-mini-2024-07-18");
    assert!(done.usage.latency_ms >= 60, "{}", done.usage.latency_ms);
    // (1,200 × 0.15 + 300 × 0.6) / 1,000,000 USD
    let cost = done.usage.estimated_cost_usd.unwrap();
    assert!((cost - 0.00036).abs() < 1e-12, "{cost}");

    let sent = &bodies(&server).await[0];
    assert_eq!(
        sent["messages"][1],
        json!({"role": "user", "content": "Post: shipping Rust at work"})
    );
    assert_eq!(sent["temperature"], 0.2);
    assert_eq!(
        sent["response_format"]["json_schema"]["schema"],
        tags_schema().schema
    );
    let received = &received(&server, "POST", CHAT).await[0];
    assert!(received.headers.get("idempotency-key").is_some());
}

#[tokio::test]
async fn malformed_json_is_repaired_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(r#"{"tags": ["rust", "#))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(r#"{"tags": ["rust"]}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let done = complete_json_detailed(&client(&server), ask(), tags_schema())
        .await
        .unwrap();
    assert_eq!(done.value, json!({"tags": ["rust"]}));
    assert!(done.repaired);
    assert_eq!(
        (done.usage.prompt_tokens, done.usage.completion_tokens),
        (200, 40)
    );

    let sent = bodies(&server).await;
    assert_eq!(sent.len(), 2);
    let messages = sent[1]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    // The first answer, verbatim, then the error.
    assert_eq!(
        messages[2],
        json!({"role": "assistant", "content": r#"{"tags": ["rust", "#})
    );
    let repair = messages[3]["content"].as_str().unwrap();
    assert_eq!(messages[3]["role"], "user");
    assert!(
        repair.contains("the answer is not valid JSON ("),
        "{repair}"
    );
    assert_eq!(sent[1]["response_format"], sent[0]["response_format"]);
}

#[tokio::test]
async fn a_schema_violation_is_repaired_with_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(r#"{"tags": ["a", "b", "c", "d"]}"#))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(r#"{"tags": ["a"]}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let value = complete_json(&client(&server), ask(), tags_schema())
        .await
        .unwrap();
    assert_eq!(value, json!({"tags": ["a"]}));
    let sent = bodies(&server).await;
    let repair = sent[1]["messages"][3]["content"].as_str().unwrap();
    assert!(
        repair.contains("$.tags: has 4 items, more than 3"),
        "{repair}"
    );
}

#[tokio::test]
async fn malformed_twice_is_invalid_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok("Sure! Here are some tags: #rust"))
        .mount(&server)
        .await;
    let err = complete_json(&client(&server), ask(), tags_schema())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_response");
    assert!(err.to_string().contains("after one repair"), "{err}");
    assert_eq!(received(&server, "POST", CHAT).await.len(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(r#"{"tags": []}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let started = Instant::now();
    let value = complete_json(&client(&server), ask(), tags_schema())
        .await
        .unwrap();
    assert_eq!(value, json!({"tags": []}));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    let sent = received(&server, "POST", CHAT).await;
    assert_eq!(sent.len(), 2);
    // One call, one key: the retry is recognisably the same request.
    assert_eq!(
        sent[0].headers.get("idempotency-key"),
        sent[1].headers.get("idempotency-key")
    );
}

#[tokio::test]
async fn a_429_without_retries_left_is_rate_limited() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_json(json!({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}})),
        )
        .mount(&server)
        .await;
    let no_retries = HttpClient::new(HttpConfig {
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
        rate_limit_mode: RateLimitMode::Fail,
        breaker: BreakerConfig {
            failure_threshold: 0,
            ..BreakerConfig::default()
        },
        ..HttpConfig::default()
    })
    .unwrap();
    let model = OpenAiCompatible::new(no_retries, config(&server)).unwrap();
    let err = model.complete(&ask()).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(received(&server, "POST", CHAT).await.len(), 1);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok("{}").set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let model = OpenAiCompatible::new(
        http(),
        config(&server).with_timeout(Duration::from_millis(100)),
    )
    .unwrap();
    let err = model.complete(&ask()).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    // Retried like any retry-safe request (the test client allows 3 attempts).
    assert_eq!(received(&server, "POST", CHAT).await.len(), 3);
}

#[tokio::test]
async fn the_api_key_never_shows() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "message": format!("Incorrect API key provided: {KEY}. You can find your API key at https://platform.openai.com/account/api-keys."),
            "type": "invalid_request_error",
            "param": null,
            "code": "invalid_api_key"
        }})))
        .mount(&server)
        .await;
    let model = client(&server);
    let err = model.complete(&ask()).await.unwrap_err();
    assert_eq!((err.code(), err.status()), ("upstream", Some(401)));
    assert!(!err.is_retryable());
    for shown in [
        err.to_string(),
        format!("{err:?}"),
        format!("{model:?}"),
        format!("{:?}", model.config()),
    ] {
        assert!(!shown.contains("0123456789abcdef"), "{shown}");
    }
    assert!(err.to_string().contains("invalid_api_key"), "{err}");
    assert_eq!(received(&server, "POST", CHAT).await.len(), 1);
}

#[tokio::test]
async fn provider_errors_are_coded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .and(body_partial_json(json!({"model": "too-long"})))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
            "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"
        }})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .and(body_partial_json(json!({"model": "no-choices"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x", "choices": []})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .and(body_partial_json(json!({"model": "html"})))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>gateway</html>"))
        .mount(&server)
        .await;
    let model = client(&server);
    let with = |m: &str| ChatRequest {
        model: Some(m.to_owned()),
        ..ask()
    };
    let err = model.complete(&with("too-long")).await.unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("invalid_input", Some("messages"))
    );
    let err = model.complete(&with("no-choices")).await.unwrap_err();
    assert_eq!(err.code(), "invalid_response");
    let err = model.complete(&with("html")).await.unwrap_err();
    assert_eq!((err.code(), err.status()), ("invalid_response", Some(200)));
    let err = model.complete(&ChatRequest::new(vec![])).await.unwrap_err();
    assert_eq!(err.field(), Some("messages"));
}

#[tokio::test]
async fn a_refusal_is_not_repaired() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        })))
        .mount(&server)
        .await;
    let err = complete_json(&client(&server), ask(), tags_schema())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_response");
    assert!(err.to_string().contains("refused"), "{err}");
    assert_eq!(received(&server, "POST", CHAT).await.len(), 1);
}

#[tokio::test]
async fn azure_mode_sends_api_key_and_api_version() {
    let server = MockServer::start().await;
    let deployment = "/openai/deployments/gpt4o-prod/chat/completions";
    Mock::given(method("POST"))
        .and(path(deployment))
        .and(query_param("api-version", "2024-10-21"))
        .and(header("api-key", "azure-secret-key"))
        .respond_with(ok("Hello from Azure"))
        .mount(&server)
        .await;
    let config = OpenAiConfig::azure(
        format!("{}/openai/deployments/gpt4o-prod", server.uri()),
        Secret::new("azure-secret-key"),
        "2024-10-21",
        "gpt-4o",
    );
    let model = OpenAiCompatible::new(http(), config).unwrap();
    let answer = model.complete(&ask()).await.unwrap();
    assert_eq!(answer.text, "Hello from Azure");
    assert_eq!(answer.json, None);
    let sent = received(&server, "POST", deployment).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].headers.get("authorization").is_none());
    assert!(!format!("{model:?}").contains("azure-secret-key"));
}

#[tokio::test]
async fn local_servers_get_max_tokens_and_no_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .and(body_partial_json(
            json!({"model": "llama3.1", "max_tokens": 100}),
        ))
        .respond_with(ok("hi"))
        .mount(&server)
        .await;
    let config = OpenAiConfig::compatible("ollama", format!("{}/v1/", server.uri()), "llama3.1");
    let answer = OpenAiCompatible::new(http(), config)
        .unwrap()
        .complete(&ask())
        .await
        .unwrap();
    assert_eq!(answer.text, "hi");
    assert_eq!(answer.usage.estimated_cost_usd, None);
    let sent = received(&server, "POST", CHAT).await;
    assert!(sent[0].headers.get("authorization").is_none());
    assert!(
        bodies(&server).await[0]
            .get("max_completion_tokens")
            .is_none()
    );
}

/// A host-built insight (no facts: its template narration is its own prose).
fn insight(id: &str, title: &str, body: &str) -> Insight {
    serde_json::from_value(json!({
        "id": id, "kind": "trend", "priority": 0.8, "rank_score": 0.8, "pinned": false,
        "title": title, "body": body,
        "evidence": [{"key": "current", "label": "Followers now", "value": 1480.0, "unit": "followers"}],
        "actions": [], "facts": {},
        "period": {"period": "week", "first_day": "2026-11-16", "last_day": "2026-11-22", "days": 7,
                   "start": "2026-11-16T00:00:00Z", "end": "2026-11-23T00:00:00Z", "time_zone": "UTC"}
    }))
    .unwrap()
}

fn feed() -> Vec<Insight> {
    vec![
        insight(
            "a1",
            "Engagement rate up",
            "Your posts averaged a 3.4% engagement rate this past week, up from 2.9% the week before.",
        ),
        insight(
            "b2",
            "Impressions up 12%",
            "You had 2,872 impressions this past week, up from 2,564 the week before.",
        ),
        insight("c3", "Keep posting", "Consistency builds trust."),
    ]
}

#[tokio::test]
async fn the_narrator_keeps_numbers_or_falls_back() {
    let server = MockServer::start().await;
    let answer = json!({"insights": [
        // Good: every number kept, the evidence's follower count added.
        {"id": "a1", "title": "Your audience is leaning in",
         "body": "Nice work: 3.4% of people engaged with your posts this week, up from 2.9%. With 1,480 followers, that adds up."},
        // Bad: 3.4% would do; 12% became 13%.
        {"id": "b2", "title": "Impressions up 13%",
         "body": "2,872 impressions this week against 2,564 before."},
        // c3 is missing.
    ]});
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(&answer.to_string()))
        .mount(&server)
        .await;
    let mut insights = feed();
    let report = narrate_insights(&client(&server), &mut insights, "a warm, direct mentor").await;

    assert_eq!(report.rewritten, vec!["a1"]);
    assert_eq!(insights[0].title, "Your audience is leaning in");
    assert_eq!(insights[1].title, "Impressions up 12%");
    assert_eq!(insights[2].body, "Consistency builds trust.");
    let reasons: Vec<(&str, FallbackReason, &str)> = report
        .fallbacks
        .iter()
        .map(|f| (f.insight_id.as_str(), f.reason, f.detail.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("b2", FallbackReason::NumbersChanged, "missing 12; added 13"),
            (
                "c3",
                FallbackReason::Missing,
                "the answer has no rewrite for this insight"
            ),
        ]
    );
    let usage = report.usage.unwrap();
    assert_eq!((usage.prompt_tokens, usage.completion_tokens), (100, 20));
    assert_eq!(report.prompt, "narrate_insights.v1");

    // The request: our system prompt, the data delimited, ids pinned by the schema.
    let sent = &bodies(&server).await[0];
    assert_eq!(sent["messages"][0]["role"], "system");
    let user = sent["messages"][1]["content"].as_str().unwrap();
    assert!(user.starts_with("<user_data>\n") && user.ends_with("\n</user_data>"));
    assert!(user.contains("a warm, direct mentor") && user.contains("3.4% engagement rate"));
    let ids = &sent["response_format"]["json_schema"]["schema"]["properties"]["insights"]["items"]
        ["properties"]["id"]["enum"];
    assert_eq!(ids, &json!(["a1", "b2", "c3"]));
}

#[tokio::test]
async fn a_changed_percentage_falls_back_and_a_faithful_rewrite_is_accepted() {
    let server = MockServer::start().await;
    let changed = json!({"insights": [{"id": "a1", "title": "Engagement climbing",
        "body": "You averaged a 3.5% engagement rate this week, up from 2.9%."}]});
    let faithful = json!({"insights": [{"id": "a1", "title": "Engagement climbing",
        "body": "People are responding: a 3.4% engagement rate this week, up from 2.9%."}]});
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(&changed.to_string()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok(&faithful.to_string()))
        .with_priority(2)
        .mount(&server)
        .await;
    let model = client(&server);

    let mut first = vec![feed().remove(0)];
    let report = narrate_insights(&model, &mut first, "mentor").await;
    assert!(report.rewritten.is_empty());
    assert_eq!(report.fallbacks[0].reason, FallbackReason::NumbersChanged);
    assert_eq!(report.fallbacks[0].detail, "missing 3.4; added 3.5");
    assert_eq!(first[0].body, feed()[0].body);

    let mut second = vec![feed().remove(0)];
    let report = narrate_insights(&model, &mut second, "mentor").await;
    assert_eq!(report.rewritten, vec!["a1"]);
    assert!(report.fallbacks.is_empty());
    assert!(second[0].body.starts_with("People are responding: a 3.4%"));
}

#[tokio::test]
async fn the_narrator_falls_back_on_model_errors_and_offline() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CHAT))
        .respond_with(ok("I think these insights are great!"))
        .mount(&server)
        .await;
    let mut insights = feed();
    let report = narrate_insights(&client(&server), &mut insights, "mentor").await;
    assert!(report.rewritten.is_empty());
    assert_eq!(report.fallbacks.len(), 3);
    assert!(
        report
            .fallbacks
            .iter()
            .all(|f| f.reason == FallbackReason::ModelError
                && f.detail.starts_with("invalid_response: "))
    );
    assert_eq!(insights, feed());
    assert_eq!(received(&server, "POST", CHAT).await.len(), 2); // one repair, then fallback

    let mut insights = feed();
    let report = narrate_insights(&OfflineModel, &mut insights, "mentor").await;
    assert_eq!(report.fallbacks.len(), 3);
    assert!(report.fallbacks[0].detail.starts_with("unsupported: "));
    assert_eq!(report.usage, None);
    assert_eq!(insights, feed());
}

#[test]
fn the_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let model = OfflineModel;
    let mut insights = feed();
    assert_send(&complete_json(&model, ask(), tags_schema()));
    assert_send(&narrate_insights(&model, &mut insights, "mentor"));
}
