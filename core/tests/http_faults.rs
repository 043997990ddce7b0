//! Fault tests of the resilient HTTP layer against mock servers on 127.0.0.1: every test
//! asserts how many requests the server saw. Durations are tens of milliseconds (one test
//! honours a standard `Retry-After: 1`). `--nocapture` prints wall time, requests and retries
//! of the key scenarios (the README's "Reliability" table).

#![cfg(feature = "net")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use brandpilot::http::{
    BreakerConfig, CachedResponse, HttpClient, HttpConfig, MemoryCache, MemoryRateLimits, Quota,
    RateLimitMode, RateLimitStore, Request, ResponseCache, RetryPolicy, Route, RouteQuotas,
};
use brandpilot::{Error, Secret};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-123";

fn route() -> Route {
    Route::new("svc", "things")
}

/// Short timings; no local quota on the test route; breaker out of the way unless a test
/// sets it.
fn config() -> HttpConfig {
    let mut config = HttpConfig {
        timeout: Duration::from_millis(100),
        rate_limit_mode: RateLimitMode::Wait {
            max_wait: Duration::from_secs(2),
        },
        retry: RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(20),
        },
        breaker: BreakerConfig {
            failure_threshold: 0,
            ..BreakerConfig::default()
        },
        ..HttpConfig::default()
    };
    config.quotas.insert(route(), RouteQuotas::UNLIMITED);
    config
}

fn client(config: HttpConfig) -> HttpClient {
    HttpClient::new(config).expect("client")
}

fn get(server: &MockServer, p: &str) -> Request {
    Request::get(format!("{}{p}", server.uri()), route()).bearer(Secret::new(TOKEN))
}

async fn seen(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

/// One line of the README table.
fn report(scenario: &str, started: Instant, requests: usize, client: &HttpClient) {
    println!(
        "| {scenario} | {} ms | {requests} | {} |",
        started.elapsed().as_millis(),
        client.stats().retries
    );
}

fn assert_secret_free(e: &Error) {
    let text = format!("{e} {e:?}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("sekrit"), "{text}");
}

#[tokio::test]
async fn retry_after_is_honoured_then_the_call_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/limited"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    let response = client.send(get(&server, "/limited")).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "slept less than Retry-After"
    );
    assert_eq!(seen(&server).await, 2);
    report("429 + Retry-After: 1, then 200", started, 2, &client);
}

#[tokio::test]
async fn retry_after_beyond_the_max_wait_fails_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    let err = client.send(get(&server, "/limited")).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_secret_free(&err);
    // The 429 blocked this token's budget: the next call fails without a request.
    let err = client.send(get(&server, "/limited")).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert!(err.retry_after().unwrap() > Duration::from_secs(28));
    assert_eq!(seen(&server).await, 1);
    report("429 + Retry-After: 30 (max wait 2 s)", started, 1, &client);
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_then_fails() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .expect(3)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    let err = client.send(get(&server, "/x")).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(err.retry_after(), None);
    assert_eq!(client.stats().retries, 2);
    report("429 without Retry-After (3 attempts)", started, 3, &client);
}

#[tokio::test]
async fn bursts_of_5xx_are_retried_until_success() {
    let server = MockServer::start().await;
    for status in [500, 502, 503] {
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config();
    config.retry.max_attempts = 4;
    let client = client(config);
    let started = Instant::now();
    let response = client.send(get(&server, "/x")).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 4);
    assert_eq!(seen(&server).await, 4);
    report("500, 502, 503, then 200", started, 4, &client);
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("try later"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    let request = Request::post(format!("{}/posts", server.uri()), route())
        .bearer(Secret::new(TOKEN))
        .json(&serde_json::json!({"text": "hello"}))
        .unwrap();
    let err = client.send(request).await.unwrap_err();
    assert_eq!(err.code(), "upstream");
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.message(), "try later");
    assert_eq!(seen(&server).await, 1);
    report("POST, no idempotency key, 503", started, 1, &client);
}

#[tokio::test]
async fn a_post_with_idempotency_key_is_retried_with_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("idempotency-key", "post-42"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("idempotency-key", "post-42"))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let request = Request::post(format!("{}/posts", server.uri()), route())
        .idempotency_key("post-42")
        .form(&[("text", "hello")]);
    let response = client.send(request).await.unwrap();
    assert_eq!(response.status, 201);
    assert_eq!(response.attempts, 2);
    assert_eq!(seen(&server).await, 2);
}

#[tokio::test]
async fn client_errors_are_returned_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/bad"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"error":"bad"}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let bad = client.send(get(&server, "/bad")).await.unwrap();
    assert_eq!((bad.status, bad.attempts), (400, 1));
    assert_eq!(bad.text(), r#"{"error":"bad"}"#);
    let missing = client.send(get(&server, "/missing")).await.unwrap();
    assert_eq!(missing.status, 404);
    assert_eq!(seen(&server).await, 2);
    assert_eq!(client.stats().retries, 0);
}

#[tokio::test]
async fn slow_responses_time_out_and_gets_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(400)))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(400)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    let err = client.send(get(&server, "/slow")).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert_secret_free(&err);
    report("GET slower than the 100 ms timeout", started, 3, &client);
    let post = Request::post(format!("{}/slow", server.uri()), route());
    assert_eq!(client.send(post).await.unwrap_err().code(), "timeout");
    assert_eq!(seen(&server).await, 4);
}

/// A server on 127.0.0.1 that accepts connections and drops them at once.
async fn resetting_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (format!("http://{addr}"), accepted)
}

#[tokio::test]
async fn connection_resets_are_network_errors() {
    let (base, accepted) = resetting_server().await;
    let client = client(config());
    let started = Instant::now();
    let request =
        Request::get(format!("{base}/x?access_token=sekrit"), route()).bearer(Secret::new(TOKEN));
    let err = client.send(request).await.unwrap_err();
    assert_eq!(err.code(), "network");
    assert_secret_free(&err);
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    report("connection reset (GET)", started, 3, &client);
}

#[tokio::test]
async fn a_body_cut_off_mid_transfer_is_a_network_error() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 2048];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buf).await;
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(br#"{"data":[1,2"#).await;
            // Closing now leaves the body 88 bytes short.
        }
    });
    let mut config = config();
    config.retry.max_attempts = 1;
    let client = client(config);
    let err = client
        .send(Request::get(format!("http://{addr}/x"), route()))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "network");
    assert!(err.message().contains("cut off"), "{err}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn bad_bodies_become_coded_secret_free_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/malformed"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"sekrit","data": nope}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/truncated"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"data":[1,2"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>\
                <!-- access_token=sekrit --></body></html>";
    Mock::given(path("/gateway"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .expect(3)
        .mount(&server)
        .await;
    let client = client(config());
    let malformed = client.send(get(&server, "/malformed")).await.unwrap();
    let err = malformed.json::<serde_json::Value>().unwrap_err();
    assert_eq!(err.code(), "invalid_response");
    assert_secret_free(&err);
    let truncated = client.send(get(&server, "/truncated")).await.unwrap();
    let err = truncated.json::<serde_json::Value>().unwrap_err();
    assert_eq!(err.code(), "invalid_response");
    assert!(err.to_string().contains(r#"{\"data\":[1,2"#), "{err}");
    let err = client.send(get(&server, "/gateway")).await.unwrap_err();
    assert_eq!((err.code(), err.status()), ("upstream", Some(502)));
    assert!(err.message().contains("502 Bad Gateway"), "{err}");
    assert_secret_free(&err);
    assert_eq!(seen(&server).await, 5);
}

fn epoch_secs_from_now(secs: u64) -> String {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + secs)
        .to_string()
}

#[tokio::test]
async fn x_spent_budget_blocks_the_next_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-rate-limit-limit", "900")
                .insert_header("x-rate-limit-remaining", "0")
                .insert_header("x-rate-limit-reset", epoch_secs_from_now(60).as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    assert_eq!(client.send(get(&server, "/me")).await.unwrap().status, 200);
    let err = client
        .send(get(&server, "/me").rate_limit_mode(RateLimitMode::Fail))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    let after = err.retry_after().unwrap();
    assert!(after > Duration::from_secs(58) && after <= Duration::from_secs(60));
    // Waiting mode, but the reset is beyond the max wait: fails as fast.
    let err = client.send(get(&server, "/me")).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(seen(&server).await, 1);
    report("X remaining 0, next call in Fail mode", started, 1, &client);
}

#[tokio::test]
async fn x_spent_budget_is_waited_for_when_the_reset_is_near() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-rate-limit-remaining", "0")
                .insert_header("x-rate-limit-reset", epoch_secs_from_now(1).as_str()),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(config());
    client.send(get(&server, "/me")).await.unwrap();
    let before = Instant::now();
    let response = client.send(get(&server, "/me")).await.unwrap();
    assert_eq!(response.attempts, 1);
    // The reset is the next whole second: the wait is above zero and at most ~1 s.
    let waited = before.elapsed();
    assert!(
        waited > Duration::ZERO && waited <= Duration::from_millis(1100),
        "{waited:?}"
    );
    assert_eq!(seen(&server).await, 2);
}

#[tokio::test]
async fn meta_app_usage_at_100_blocks_the_whole_app() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).insert_header(
            "x-app-usage",
            r#"{"call_count":100,"total_cputime":12,"total_time":30}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config());
    let started = Instant::now();
    client.send(get(&server, "/me")).await.unwrap();
    // Another user's token: the app-wide budget is spent all the same.
    let other = Request::get(format!("{}/me", server.uri()), route())
        .bearer(Secret::new("another-token"))
        .rate_limit_mode(RateLimitMode::Fail);
    let err = client.send(other).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert!(err.retry_after().unwrap() > Duration::from_secs(60));
    assert_eq!(seen(&server).await, 1);
    report("Meta x-app-usage call_count 100", started, 1, &client);
}

#[tokio::test]
async fn the_breaker_opens_fails_fast_probes_once_and_recovers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(3)
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(50)))
        .expect(2)
        .mount(&server)
        .await;
    let mut config = config();
    config.retry.max_attempts = 1;
    config.breaker = BreakerConfig {
        failure_threshold: 3,
        window: Duration::from_secs(5),
        cooldown: Duration::from_millis(100),
    };
    let client = client(config);
    let started = Instant::now();
    for _ in 0..3 {
        let err = client.send(get(&server, "/x")).await.unwrap_err();
        assert_eq!(err.status(), Some(500));
    }
    // Open: fails fast, no request.
    let err = client.send(get(&server, "/x")).await.unwrap_err();
    assert_eq!(err.code(), "upstream_unavailable");
    let cooldown_left = err.retry_after().unwrap();
    assert!(cooldown_left > Duration::ZERO && cooldown_left <= Duration::from_millis(100));
    assert_eq!(seen(&server).await, 3);
    tokio::time::sleep(cooldown_left + Duration::from_millis(10)).await;
    // Half-open: two concurrent callers, exactly one probe goes out.
    let (a, b) = tokio::join!(
        client.send(get(&server, "/x")),
        client.send(get(&server, "/x"))
    );
    let (ok, refused): (Vec<_>, Vec<_>) = [a, b].into_iter().partition(Result::is_ok);
    assert_eq!(ok.len(), 1);
    assert_eq!(
        refused[0].as_ref().unwrap_err().code(),
        "upstream_unavailable"
    );
    assert_eq!(seen(&server).await, 4);
    // The probe succeeded: closed again.
    assert_eq!(client.send(get(&server, "/x")).await.unwrap().status, 200);
    assert_eq!(seen(&server).await, 5);
    assert_eq!(client.stats().breaker_rejections, 2);
    report(
        "breaker: 3 failures, fail fast, 1 probe, recovery",
        started,
        5,
        &client,
    );
}

/// A store that records every key it is asked about, around the in-memory one.
#[derive(Default)]
struct Recording {
    keys: Mutex<Vec<String>>,
    limits: MemoryRateLimits,
    cache: MemoryCache,
}

#[async_trait]
impl RateLimitStore for Recording {
    async fn try_acquire(&self, key: &str, quota: Quota) -> brandpilot::Result<Option<Duration>> {
        self.keys.lock().unwrap().push(key.to_owned());
        self.limits.try_acquire(key, quota).await
    }
    async fn block_for(&self, key: &str, wait: Duration) -> brandpilot::Result<()> {
        self.keys.lock().unwrap().push(key.to_owned());
        self.limits.block_for(key, wait).await
    }
}

#[async_trait]
impl ResponseCache for Recording {
    async fn get(&self, key: &str) -> brandpilot::Result<Option<CachedResponse>> {
        self.keys.lock().unwrap().push(key.to_owned());
        self.cache.get(key).await
    }
    async fn put(&self, key: &str, value: CachedResponse, ttl: Duration) -> brandpilot::Result<()> {
        self.keys.lock().unwrap().push(key.to_owned());
        self.cache.put(key, value, ttl).await
    }
}

#[tokio::test]
async fn cached_gets_are_sent_once_per_token_and_keys_hold_no_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"n":1}"#))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let recording = Arc::new(Recording::default());
    let mut config = config();
    // Use the default quotas of a real route so both budgets are exercised.
    config.quotas.clear();
    let client = HttpClient::builder()
        .config(config)
        .rate_limit_store(recording.clone())
        .cache(recording.clone())
        .build()
        .unwrap();
    let url = format!("{}/timeline?access_token=sekrit", server.uri());
    let req = |token: &str| {
        Request::get(url.clone(), Route::new("x", "tweets.read"))
            .bearer(Secret::new(token))
            .cache_for(Duration::from_secs(5))
    };
    let started = Instant::now();
    let first = client.send(req(TOKEN)).await.unwrap();
    let second = client.send(req(TOKEN)).await.unwrap();
    assert!(!first.from_cache && second.from_cache);
    assert_eq!((first.attempts, second.attempts), (1, 0));
    assert_eq!(second.text(), r#"{"n":1}"#);
    let third = client.send(req("tok-OTHER-456")).await.unwrap();
    assert!(!third.from_cache, "another token has its own entry");
    // Errors are not cached (and POSTs never are).
    let post = Request::post(url.clone(), Route::new("x", "tweets.read"))
        .cache_for(Duration::from_secs(5));
    assert!(client.send(post).await.is_err());
    assert_eq!(seen(&server).await, 3);
    assert_eq!(client.stats().cache_hits, 1);
    let keys = recording.keys.lock().unwrap().clone();
    assert!(keys.iter().any(|k| k == "x/tweets.read/app"), "{keys:?}");
    assert!(
        keys.iter().any(|k| k.starts_with("x/tweets.read/token:")),
        "{keys:?}"
    );
    assert!(keys.iter().any(|k| k.starts_with("http:")), "{keys:?}");
    for key in &keys {
        for secret in [TOKEN, "tok-OTHER-456", "sekrit"] {
            assert!(!key.contains(secret), "{key}");
        }
    }
    report(
        "cache: 2 identical GETs + 1 other token",
        started,
        2,
        &client,
    );
}

#[tokio::test]
async fn a_local_quota_of_3_per_second_refuses_the_4th_call_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(3)
        .mount(&server)
        .await;
    let mut config = config();
    config.rate_limit_mode = RateLimitMode::Fail;
    config.quotas.insert(
        route(),
        RouteQuotas::new(Some(Quota::new(3, Duration::from_secs(1))), None),
    );
    let client = client(config);
    let started = Instant::now();
    for _ in 0..3 {
        client.send(get(&server, "/x")).await.unwrap();
    }
    let err = client.send(get(&server, "/x")).await.unwrap_err();
    assert_eq!(err.code(), "rate_limited");
    assert_eq!(err.message(), "svc/things app budget is spent");
    let after = err.retry_after().unwrap();
    assert!(
        after > Duration::ZERO && after <= Duration::from_millis(334),
        "{after:?}"
    );
    assert_secret_free(&err);
    assert_eq!(seen(&server).await, 3);
    assert_eq!(client.stats().rate_limited, 1);
    report("local GCRA 3/s, 4th call in Fail mode", started, 3, &client);
}
