//! The `redis` feature against a real redis-server: GCRA budgets shared by several
//! connections (workers), `block_for`, the response cache, and error mapping.
//!
//! The server's URL comes from `BRANDPILOT_REDIS_URL`; `scripts/test rust` starts a throwaway
//! server on 127.0.0.1 and sets it. Without it these tests fail (they never pass silently).
//! Every test uses its own key prefix, so tests running in parallel do not interfere.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use brandpilot::http::{
    CachedResponse, DEFAULT_KEY_PREFIX, Quota, RateLimitStore, RedisBackend, RedisCache,
    RedisRateLimits, ResponseCache,
};

fn redis_url() -> String {
    match std::env::var("BRANDPILOT_REDIS_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "BRANDPILOT_REDIS_URL is not set: these tests need a real redis-server. Run \
             `scripts/test rust` (it starts one on 127.0.0.1 and sets the variable), or start \
             one yourself and export BRANDPILOT_REDIS_URL=redis://127.0.0.1:PORT/"
        ),
    }
}

/// A key prefix no other test (or earlier run) uses.
fn unique_prefix(test: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("bptest:{test}:{}:{nanos}:{n}:", std::process::id())
}

async fn limits(test: &str) -> RedisRateLimits {
    RedisRateLimits::connect(&redis_url(), &unique_prefix(test))
        .await
        .expect("connect to BRANDPILOT_REDIS_URL")
}

/// A raw connection, to look at what the store wrote.
async fn raw() -> redis::aio::MultiplexedConnection {
    redis::Client::open(redis_url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

#[tokio::test]
async fn admits_exactly_burst_back_to_back_then_waits_one_emission_interval() {
    let store = limits("burst").await;
    let quota = Quota::new(10, Duration::from_secs(10)); // T = 1 s
    for i in 0..10 {
        assert_eq!(
            store.try_acquire("x/tweets.read/app", quota).await.unwrap(),
            None,
            "request {i} of the burst"
        );
    }
    for _ in 0..3 {
        let wait = store
            .try_acquire("x/tweets.read/app", quota)
            .await
            .unwrap()
            .expect("the 11th request must be denied");
        // T minus the time the burst took: close to one emission interval, never more.
        assert!(
            (600..=1000).contains(&ms(wait)),
            "wait {wait:?} should be about one emission interval (1 s)"
        );
    }
    // Denied requests took nothing: the budget's key holds TAT and expires within the period.
    let pttl: i64 = redis::cmd("PTTL")
        .arg(store.budget_key("x/tweets.read/app"))
        .query_async(&mut raw().await)
        .await
        .unwrap();
    assert!(
        (9_000..=10_000).contains(&pttl),
        "budget key must expire when the budget is full again, pttl {pttl}"
    );
}

#[tokio::test]
async fn refills_at_the_sustained_rate() {
    let store = limits("refill").await;
    let quota = Quota::new(5, Duration::from_millis(200)); // T = 40 ms
    let key = "linkedin/posts/app";
    for _ in 0..5 {
        assert_eq!(store.try_acquire(key, quota).await.unwrap(), None);
    }
    let wait = store
        .try_acquire(key, quota)
        .await
        .unwrap()
        .expect("denied");
    assert!(ms(wait) <= 40, "wait {wait:?}");
    tokio::time::sleep(wait).await;
    assert_eq!(
        store.try_acquire(key, quota).await.unwrap(),
        None,
        "one cell is back after the wait"
    );
    assert!(
        store.try_acquire(key, quota).await.unwrap().is_some(),
        "only one"
    );

    // After a whole period the full burst is back, and no more.
    tokio::time::sleep(Duration::from_millis(220)).await;
    for i in 0..5 {
        assert_eq!(store.try_acquire(key, quota).await.unwrap(), None, "{i}");
    }
    assert!(store.try_acquire(key, quota).await.unwrap().is_some());

    // Hammer it for ~600 ms: admitted = one cell per 40 ms of (server) time elapsed.
    let start = Instant::now();
    let mut admitted = 0u32;
    while start.elapsed() < Duration::from_millis(600) {
        if store.try_acquire(key, quota).await.unwrap().is_none() {
            admitted += 1;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed_ms = start.elapsed().as_millis() as u32;
    let expected = elapsed_ms / 40;
    assert!(
        admitted + 2 >= expected && admitted <= expected + 2,
        "{admitted} admitted in {elapsed_ms} ms at 1 per 40 ms (expected about {expected})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_share_one_budget() {
    let prefix = unique_prefix("shared");
    // Two stores, two connections: two workers of one host.
    let a = RedisRateLimits::connect(&redis_url(), &prefix)
        .await
        .unwrap();
    let b = RedisRateLimits::connect(&redis_url(), &prefix)
        .await
        .unwrap();
    let quota = Quota::new(10, Duration::from_secs(60));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.spawn(async move { store.try_acquire("meta/graph/app", quota).await });
    }
    let mut admitted = 0;
    let mut denied = 0;
    while let Some(result) = tasks.join_next().await {
        match result.unwrap().unwrap() {
            None => admitted += 1,
            Some(wait) => {
                assert!(wait > Duration::ZERO && wait <= Duration::from_secs(6));
                denied += 1;
            }
        }
    }
    assert_eq!((admitted, denied), (10, 30));
    // And each worker sees the budget spent.
    assert!(
        a.try_acquire("meta/graph/app", quota)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        b.try_acquire("meta/graph/app", quota)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn block_for_denies_until_it_passes_and_is_never_shortened() {
    let prefix = unique_prefix("block");
    let store = RedisRateLimits::connect(&redis_url(), &prefix)
        .await
        .unwrap();
    let quota = Quota::new(100, Duration::from_secs(1));
    let key = "x/tweets.read/token:0123456789abcdef";
    assert_eq!(store.try_acquire(key, quota).await.unwrap(), None);
    store
        .block_for(key, Duration::from_millis(300))
        .await
        .unwrap();
    // A later, shorter block does not cut the longer one short.
    store
        .block_for(key, Duration::from_millis(5))
        .await
        .unwrap();
    let wait = store
        .try_acquire(key, quota)
        .await
        .unwrap()
        .expect("blocked");
    assert!((150..=300).contains(&ms(wait)), "wait {wait:?}");
    // Other budgets are not blocked.
    assert_eq!(store.try_acquire("x/other/app", quota).await.unwrap(), None);
    // A zero block is a no-op.
    store
        .block_for("x/other/app", Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(store.try_acquire("x/other/app", quota).await.unwrap(), None);

    tokio::time::sleep(wait + Duration::from_millis(5)).await;
    assert_eq!(
        store.try_acquire(key, quota).await.unwrap(),
        None,
        "the block has passed"
    );

    // Seen by another worker too.
    let other = RedisRateLimits::connect(&redis_url(), &prefix)
        .await
        .unwrap();
    store.block_for(key, Duration::from_secs(2)).await.unwrap();
    let wait = other
        .try_acquire(key, quota)
        .await
        .unwrap()
        .expect("blocked");
    assert!(wait > Duration::from_millis(1500), "{wait:?}");
}

#[tokio::test]
async fn distinct_keys_and_prefixes_are_independent() {
    let store = limits("distinct").await;
    let quota = Quota::new(2, Duration::from_secs(30));
    for _ in 0..2 {
        assert_eq!(store.try_acquire("a", quota).await.unwrap(), None);
    }
    assert!(store.try_acquire("a", quota).await.unwrap().is_some());
    for _ in 0..2 {
        assert_eq!(store.try_acquire("b", quota).await.unwrap(), None);
    }
    assert!(store.try_acquire("b", quota).await.unwrap().is_some());
    // Same key, another prefix (another host sharing the server): its own budget.
    let other = limits("distinct-other").await;
    assert_eq!(other.try_acquire("a", quota).await.unwrap(), None);
    // Keys are the prefix plus the caller's key, nothing else.
    assert!(store.budget_key("a").starts_with("bptest:distinct:"));
    assert!(store.budget_key("a").ends_with("rl:{a}"));
}

#[tokio::test]
async fn a_script_failure_is_an_internal_error() {
    let store = limits("wrongtype").await;
    // Something else wrote a list where the budget's TAT belongs: the script fails.
    let _: i64 = redis::cmd("RPUSH")
        .arg(store.budget_key("k"))
        .arg("x")
        .query_async(&mut raw().await)
        .await
        .unwrap();
    let err = store
        .try_acquire("k", Quota::new(1, Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "internal", "{err}");
    let _: i64 = redis::cmd("DEL")
        .arg(store.budget_key("k"))
        .query_async(&mut raw().await)
        .await
        .unwrap();
}

#[tokio::test]
async fn zero_burst_is_invalid_input() {
    let store = limits("zero").await;
    let err = store
        .try_acquire("a", Quota::new(0, Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

fn response() -> CachedResponse {
    CachedResponse {
        status: 200,
        headers: vec![
            (
                "content-type".into(),
                "application/json; charset=utf-8".into(),
            ),
            ("etag".into(), "W/\"42\"".into()),
        ],
        body: b"{\"data\":[{\"id\":\"1\",\"text\":\"h\xc3\xa9llo\"}]}\x00\xff".to_vec(),
    }
}

#[tokio::test]
async fn cache_round_trip_miss_and_ttl_expiry() {
    let prefix = unique_prefix("cache");
    let cache = RedisCache::connect(&redis_url(), &prefix).await.unwrap();
    let key = "0123456789abcdef:https://api.x.com/2/users/me";
    assert_eq!(cache.get(key).await.unwrap(), None, "miss before any put");

    cache
        .put(key, response(), Duration::from_millis(400))
        .await
        .unwrap();
    assert_eq!(cache.get(key).await.unwrap(), Some(response()));
    assert_eq!(cache.get("another").await.unwrap(), None);

    // Stored under prefix + "cache:" + key with a PX expiry no longer than the TTL.
    let mut conn = raw().await;
    let pttl: i64 = redis::cmd("PTTL")
        .arg(format!("{prefix}cache:{key}"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!((1..=400).contains(&pttl), "pttl {pttl}");

    // Overwrite, then expire.
    let mut newer = response();
    newer.body = b"{}".to_vec();
    cache
        .put(key, newer.clone(), Duration::from_millis(150))
        .await
        .unwrap();
    assert_eq!(cache.get(key).await.unwrap(), Some(newer));
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(cache.get(key).await.unwrap(), None, "expired");

    // A zero TTL removes what was there.
    cache
        .put(key, response(), Duration::from_secs(60))
        .await
        .unwrap();
    cache.put(key, response(), Duration::ZERO).await.unwrap();
    assert_eq!(cache.get(key).await.unwrap(), None);
}

#[tokio::test]
async fn cache_and_budgets_share_one_backend() {
    let backend = RedisBackend::connect(&redis_url(), &unique_prefix("backend"))
        .await
        .unwrap();
    let cache = RedisCache::new(backend.clone());
    let store = RedisRateLimits::new(backend.clone());
    cache
        .put("k", response(), Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(cache.get("k").await.unwrap(), Some(response()));
    let quota = Quota::new(1, Duration::from_secs(5));
    assert_eq!(store.try_acquire("k", quota).await.unwrap(), None);
    assert!(store.try_acquire("k", quota).await.unwrap().is_some());
    assert!(cache.entry_key("k").starts_with(backend.prefix()));
}

#[tokio::test]
async fn damaged_cache_entry_is_an_internal_error() {
    let prefix = unique_prefix("damaged");
    let cache = RedisCache::connect(&redis_url(), &prefix).await.unwrap();
    let () = redis::cmd("SET")
        .arg(cache.entry_key("k"))
        .arg(&[1u8, 0][..])
        .arg("PX")
        .arg(5000)
        .query_async(&mut raw().await)
        .await
        .unwrap();
    assert_eq!(cache.get("k").await.unwrap_err().code(), "internal");
}

#[tokio::test]
async fn unreachable_server_is_a_network_error_without_the_password() {
    let url = "redis://:s3cret@127.0.0.1:1";
    let started = Instant::now();
    let err = RedisRateLimits::connect(url, DEFAULT_KEY_PREFIX)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "network", "{err}");
    assert!(err.is_retryable());
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("127.0.0.1:1"), "says where: {text}");
    }
    assert!(started.elapsed() < Duration::from_secs(10), "fails fast");

    let err = RedisCache::connect("redis://user:s3cret@127.0.0.1:1/0", DEFAULT_KEY_PREFIX)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "network");
    assert!(!format!("{err} {err:?}").contains("s3cret"));
}

#[tokio::test]
async fn malformed_urls_are_invalid_input_without_the_password() {
    for url in [
        "http://:s3cret@127.0.0.1:6379",
        "rediss://:s3cret@127.0.0.1:6379",
        "redis://:s3cret@",
        "not a url s3cret",
        "redis://:s3cret@127.0.0.1:99999",
    ] {
        let err = RedisBackend::connect(url, DEFAULT_KEY_PREFIX)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{url}: {err}");
        assert_eq!(err.field(), Some("url"));
        assert!(!format!("{err} {err:?}").contains("s3cret"), "{url}: {err}");
    }
}

/// Redis ≥ 6 ACL users: a user with a password for this test only (the default user keeps
/// working for the other tests).
async fn acl_user(name: &str, password: &str) {
    let () = redis::cmd("ACL")
        .arg("SETUSER")
        .arg(name)
        .arg("reset")
        .arg("on")
        .arg(format!(">{password}"))
        .arg("~bptest:*")
        .arg("+@all")
        .query_async(&mut raw().await)
        .await
        .unwrap();
}

fn url_with_user(user: &str, password: &str) -> String {
    let url = redis_url();
    let rest = url.strip_prefix("redis://").expect("a redis:// URL");
    format!("redis://{user}:{password}@{rest}")
}

#[tokio::test]
async fn wrong_password_is_a_network_error_and_debug_never_shows_the_password() {
    acl_user("bp_test_auth", "s3cret-Pa55").await;

    // The right password works; nothing that prints the stores shows it.
    let good = url_with_user("bp_test_auth", "s3cret-Pa55");
    let backend = RedisBackend::connect(&good, &unique_prefix("auth"))
        .await
        .unwrap();
    let limits = RedisRateLimits::new(backend.clone());
    let cache = RedisCache::new(backend.clone());
    let quota = Quota::new(1, Duration::from_secs(1));
    assert_eq!(limits.try_acquire("k", quota).await.unwrap(), None);
    for text in [
        format!("{backend:?}"),
        format!("{limits:?}"),
        format!("{cache:?}"),
    ] {
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("bptest:auth:"), "shows the prefix: {text}");
    }

    // A wrong one is refused with a coded error that does not echo it.
    let bad = url_with_user("bp_test_auth", "s3cret-Wr0ng");
    let err = RedisRateLimits::connect(&bad, "bptest:").await.unwrap_err();
    assert_eq!(err.code(), "network", "{err}");
    assert!(!format!("{err} {err:?}").contains("s3cret"), "{err}");

    // Keys outside the user's pattern are refused by the server: still a coded error,
    // still without the password.
    let outside = RedisCache::connect(&good, "elsewhere:").await.unwrap();
    let err = outside.get("k").await.unwrap_err();
    assert_eq!(err.code(), "network", "{err}");
    assert!(!format!("{err} {err:?}").contains("s3cret"), "{err}");
}

#[tokio::test]
async fn a_dropped_connection_reconnects() {
    acl_user("bp_test_reconnect", "pw-reconnect").await;
    let url = url_with_user("bp_test_reconnect", "pw-reconnect");
    let store = RedisRateLimits::connect(&url, &unique_prefix("reconnect"))
        .await
        .unwrap();
    let quota = Quota::new(1000, Duration::from_secs(1));
    assert_eq!(store.try_acquire("k", quota).await.unwrap(), None);

    // The server drops every connection of that user (this test's only).
    let killed: i64 = redis::cmd("CLIENT")
        .arg("KILL")
        .arg("USER")
        .arg("bp_test_reconnect")
        .query_async(&mut raw().await)
        .await
        .unwrap();
    assert!(killed >= 1);

    // The first call may see the drop (as a coded network error); the store then works
    // again on a new connection without being rebuilt.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match store.try_acquire("k", quota).await {
            Ok(None) => break,
            Ok(Some(wait)) => panic!("unexpected denial {wait:?}"),
            Err(e) => {
                assert_eq!(e.code(), "network", "{e}");
                assert!(Instant::now() < deadline, "did not reconnect: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Throughput against the local server (printed; see it with `--nocapture`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throughput_report() {
    let store = limits("throughput").await;
    let quota = Quota::new(1_000_000, Duration::from_secs(3600));

    let n = 2000;
    let start = Instant::now();
    for _ in 0..n {
        assert_eq!(store.try_acquire("seq", quota).await.unwrap(), None);
    }
    let sequential = n as f64 / start.elapsed().as_secs_f64();

    let tasks_n = 16;
    let per_task = 500;
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..tasks_n {
        let store = store.clone();
        tasks.spawn(async move {
            for _ in 0..per_task {
                assert_eq!(store.try_acquire("conc", quota).await.unwrap(), None);
            }
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    let concurrent = (tasks_n * per_task) as f64 / start.elapsed().as_secs_f64();
    println!(
        "redis GCRA try_acquire: {sequential:.0}/s sequential (one at a time), \
         {concurrent:.0}/s with {tasks_n} concurrent tasks on one connection"
    );
    // The budget counted every one of them.
    let tat: Option<String> = redis::cmd("GET")
        .arg(store.budget_key("conc"))
        .query_async(&mut raw().await)
        .await
        .unwrap();
    assert!(tat.is_some());
}

/// Two workers: two `HttpClient`s, each with its own Redis connection, in front of one mock
/// platform. Their shared app budget of 5 lets exactly 5 requests reach the platform; the
/// other calls fail fast with `rate_limited` and a retry time. The shared cache serves the
/// second worker's GET of a URL the first already fetched.
#[tokio::test]
async fn http_clients_on_two_workers_share_one_budget_and_cache() {
    use std::sync::Arc;

    use brandpilot::http::{HttpClient, HttpConfig, RateLimitMode, Request, Route, RouteQuotas};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data":{"id":"1"}}"#))
        .mount(&server)
        .await;
    let route = Route::new("x", "users.read");
    let prefix = unique_prefix("http_workers");
    let worker = |prefix: String| {
        let route = route.clone();
        async move {
            let backend = RedisBackend::connect(&redis_url(), &prefix).await.unwrap();
            let mut config = HttpConfig {
                rate_limit_mode: RateLimitMode::Fail,
                ..HttpConfig::default()
            };
            config.quotas.insert(
                route,
                RouteQuotas::new(Some(Quota::new(5, Duration::from_secs(60))), None),
            );
            HttpClient::builder()
                .config(config)
                .rate_limit_store(Arc::new(RedisRateLimits::new(backend.clone())))
                .cache(Arc::new(RedisCache::new(backend)))
                .build()
                .unwrap()
        }
    };
    let (a, b) = (worker(prefix.clone()).await, worker(prefix).await);
    let url = format!("{}/2/users/me", server.uri());
    let mut calls = Vec::new();
    for i in 0..12 {
        let client = if i % 2 == 0 { a.clone() } else { b.clone() };
        let request = Request::get(format!("{url}?n={i}"), route.clone());
        calls.push(tokio::spawn(async move { client.send(request).await }));
    }
    let mut ok = 0;
    let mut limited = 0;
    for call in calls {
        match call.await.unwrap() {
            Ok(response) => {
                assert_eq!(response.status, 200);
                ok += 1;
            }
            Err(e) => {
                assert_eq!(e.code(), "rate_limited", "{e}");
                assert!(e.retry_after().is_some_and(|d| d > Duration::ZERO));
                limited += 1;
            }
        }
    }
    assert_eq!((ok, limited), (5, 7));
    assert_eq!(server.received_requests().await.unwrap().len(), 5);

    // A fresh budget for the cache half: worker A fetches, worker B is served from Redis.
    let prefix = unique_prefix("http_workers_cache");
    let (a, b) = (worker(prefix.clone()).await, worker(prefix).await);
    let cached = |client: HttpClient| {
        let request = Request::get(url.clone(), route.clone())
            .bearer(brandpilot::Secret::new("token-of-ada"))
            .cache_for(Duration::from_secs(30));
        async move { client.send(request).await.unwrap() }
    };
    let first = cached(a).await;
    let second = cached(b).await;
    assert!(!first.from_cache);
    assert!(second.from_cache);
    assert_eq!(first.body, second.body);
    assert_eq!(server.received_requests().await.unwrap().len(), 6);
}
