//! The X client against a mock X API on 127.0.0.1 serving the documented shapes (fixtures in
//! `tests/fixtures/x/`, cited in `tests/fixtures/README.md`).
#![cfg(feature = "net")]

mod platform_common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use brandpilot::model::{MediaKind, Platform};
use brandpilot::platform::x::X;
use brandpilot::platform::{
    ClientSpec, Credentials, Draft, DraftImage, PostMetricKind, PostsQuery, SocialPlatform,
    all_posts, connect,
};
use platform_common::{TOKEN_PATH, fixture, http, managed, received, token_response};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ME: &str = "/2/users/me";
const TIMELINE: &str = "/2/users/2244994945/tweets";
const TWEETS: &str = "/2/tweets";
const UPLOAD: &str = "/2/media/upload";
const METADATA: &str = "/2/media/metadata";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .and(header("authorization", "Bearer good-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("x/me.json")))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> X {
    X::new(http(), &server.uri(), Credentials::token("good-token")).unwrap()
}

/// Serves the three timeline pages, linked by `meta.next_token`.
async fn mount_pages(server: &MockServer) {
    for (page, token) in [
        (1, None),
        (2, Some("7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i")),
        (3, Some("7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5j")),
    ] {
        let mut mock = Mock::given(method("GET"))
            .and(path(TIMELINE))
            .and(query_param("exclude", "retweets,replies"));
        if let Some(token) = token {
            mock = mock.and(query_param("pagination_token", token));
        }
        mock.respond_with(
            ResponseTemplate::new(200).set_body_json(fixture(&format!("x/tweets_page{page}.json"))),
        )
        // The unfiltered first page must lose to the token-matching ones.
        .with_priority(if token.is_some() { 1 } else { 5 })
        .mount(server)
        .await;
    }
}

fn png() -> DraftImage {
    DraftImage {
        mime_type: "image/png".into(),
        data_base64: Some("iVBORw0KGgo=".into()),
        url: None,
        alt_text: Some("A loom".into()),
    }
}

fn epoch_in(secs: u64) -> String {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + secs)
        .to_string()
}

#[tokio::test]
async fn profile_and_audience_from_users_me() {
    let server = server().await;
    let client = client(&server);
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.platform, Platform::X);
    assert_eq!(profile.handle, "@ada_builds");
    assert_eq!(profile.display_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        profile.summary.as_deref(),
        Some("Engineer writing about #rust and analytical engines.")
    );
    assert_eq!(
        profile.website.as_deref(),
        Some("https://ada.example"),
        "the expanded URL, not t.co"
    );
    assert_eq!(profile.location.as_deref(), Some("London"));
    assert!(profile.has_photo && profile.has_banner);
    assert!(profile.verified, "verified_type blue");
    assert_eq!(
        profile.created_at,
        Some("2013-12-14T04:35:55Z".parse().unwrap())
    );
    assert_eq!(profile.connections, None);
    let audience = client.audience().await.unwrap();
    assert_eq!(
        (audience.followers, audience.following, audience.connections),
        (Some(4210), Some(388), None)
    );
    let requests = received(&server, "GET", ME).await;
    assert_eq!(requests.len(), 1, "the user is fetched once per client");
    let fields: String = requests[0]
        .url
        .query_pairs()
        .find(|(k, _)| k == "user.fields")
        .unwrap()
        .1
        .into_owned();
    for field in [
        "public_metrics",
        "description",
        "profile_banner_url",
        "entities",
    ] {
        assert!(fields.split(',').any(|f| f == field), "{fields}");
    }
}

#[tokio::test]
async fn posts_walk_three_pages_by_next_token() {
    let server = server().await;
    mount_pages(&server).await;
    let client = client(&server);
    let posts = all_posts(&client, &PostsQuery::default(), 10)
        .await
        .unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "1850000000000000009",
            "1850000000000000008",
            "1850000000000000006",
            "1850000000000000005",
            "1850000000000000004",
            "1850000000000000003"
        ]
    );
    let first = &posts[0];
    assert_eq!(first.media_kind, MediaKind::Image);
    assert_eq!(first.metrics.likes, Some(140));
    assert_eq!(first.metrics.comments, Some(5));
    assert_eq!(first.metrics.shares, Some(15), "retweets + quotes");
    assert_eq!(first.metrics.saves, Some(9));
    assert_eq!(first.metrics.impressions, Some(10250));
    assert_eq!(first.metrics.clicks, None, "not requested, so absent");
    assert_eq!(first.metrics.reach, None);
    assert_eq!(posts[1].media_kind, MediaKind::Link);
    assert!(
        posts[2]
            .text
            .ends_with("continues here in full as a note post."),
        "the note_tweet text of a long post: {}",
        posts[2].text
    );
    assert_eq!(posts[2].media_kind, MediaKind::None);
    assert_eq!(posts[3].media_kind, MediaKind::Video);
    assert_eq!(posts[4].media_kind, MediaKind::Poll);
    assert_eq!(
        posts[5].created_at,
        "2026-11-09T08:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );

    let pages = received(&server, "GET", TIMELINE).await;
    assert_eq!(pages.len(), 3);
    let first_query: Vec<(String, String)> = pages[0].url.query_pairs().into_owned().collect();
    let get = |k: &str| {
        first_query
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("max_results"), Some("100"));
    assert_eq!(get("pagination_token"), None);
    assert_eq!(get("start_time"), None);
    assert_eq!(get("expansions"), Some("attachments.media_keys"));
    let tweet_fields = get("tweet.fields").unwrap();
    assert!(tweet_fields.contains("public_metrics") && tweet_fields.contains("created_at"));
    assert!(
        !tweet_fields.contains("non_public_metrics"),
        "private metrics would cut the timeline to 30 days"
    );
    assert_eq!(pages[0].headers["authorization"], "Bearer good-token");
}

#[tokio::test]
async fn since_is_sent_as_start_time_and_stops_paging() {
    let server = server().await;
    mount_pages(&server).await;
    let client = client(&server);
    // Sub-second: `start_time` is floored to the second, the rest is filtered here.
    let since: chrono::DateTime<chrono::Utc> = "2026-11-12T07:15:00.500Z".parse().unwrap();
    let query = PostsQuery {
        since: Some(since),
        page_size: Some(2),
        ..PostsQuery::default()
    };
    let posts = all_posts(&client, &query, 10).await.unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1850000000000000009", "1850000000000000008"]);
    let pages = received(&server, "GET", TIMELINE).await;
    assert_eq!(pages.len(), 2, "page 3 is not fetched");
    for page in &pages {
        let query: Vec<(String, String)> = page.url.query_pairs().into_owned().collect();
        assert!(query.contains(&("start_time".into(), "2026-11-12T07:15:00Z".into())));
        assert!(
            query.contains(&("max_results".into(), "5".into())),
            "X's minimum page is 5: {query:?}"
        );
    }
}

#[tokio::test]
async fn post_metrics_skip_ids_reported_missing() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(TWEETS))
        .and(query_param("tweet.fields", "public_metrics"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("x/tweets_lookup_partial.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let ids: Vec<String> = [
        "1850000000000000005",
        "1850000000000000001",
        "1850000000000000009",
    ]
    .map(String::from)
    .to_vec();
    let metrics = client.post_metrics(&ids).await.unwrap();
    let got: Vec<&str> = metrics.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        got,
        ["1850000000000000005", "1850000000000000009"],
        "the deleted post is left out, the order kept"
    );
    assert_eq!(metrics[0].metrics.likes, Some(91));
    assert_eq!(metrics[1].metrics.impressions, Some(11020));
    assert_eq!(metrics[1].metrics.shares, Some(16));
    let lookup = &received(&server, "GET", TWEETS).await[0];
    let ids_param = lookup
        .url
        .query_pairs()
        .find(|(k, _)| k == "ids")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(
        ids_param,
        "1850000000000000005,1850000000000000001,1850000000000000009"
    );

    let caps = client.capabilities();
    for kind in [
        PostMetricKind::Impressions,
        PostMetricKind::Likes,
        PostMetricKind::Comments,
        PostMetricKind::Shares,
        PostMetricKind::Saves,
    ] {
        assert!(caps.reports(kind), "{kind:?}");
    }
    assert!(!caps.reports(PostMetricKind::Clicks));
    assert!(!caps.reports(PostMetricKind::Reach));
    assert!(!caps.idempotent_publish);

    // Bad ids are refused before any request.
    let e = client
        .post_metrics(&["12".into(), "abc".into()])
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("ids[1]"));
    let many: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    assert_eq!(
        client.post_metrics(&many).await.unwrap_err().field(),
        Some("ids")
    );
    assert!(client.post_metrics(&[]).await.unwrap().is_empty());
    assert_eq!(received(&server, "GET", TWEETS).await.len(), 1);
}

#[tokio::test]
async fn publish_uploads_the_image_sets_alt_text_and_posts_once() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(UPLOAD))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("x/media_uploaded.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(METADATA))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("x/media_metadata.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TWEETS))
        .respond_with(ResponseTemplate::new(201).set_body_json(fixture("x/tweet_created.json")))
        .mount(&server)
        .await;
    let client = client(&server);
    let draft = Draft {
        link: Some("https://ada.example/post".into()),
        images: vec![png()],
        // X honours no key; the client must not send one (nor retry because of it).
        idempotency_key: Some("sched-42".into()),
        ..Draft::text("Hello from brandpilot")
    };
    let published = client.publish(&draft).await.unwrap();
    assert_eq!(published.platform, Platform::X);
    assert_eq!(published.id, "1850000000000000010");
    assert_eq!(
        published.url.as_deref(),
        Some("https://x.com/i/web/status/1850000000000000010")
    );

    let upload = &received(&server, "POST", UPLOAD).await[0];
    let body: serde_json::Value = serde_json::from_slice(&upload.body).unwrap();
    assert_eq!(body["media"], "iVBORw0KGgo=");
    assert_eq!(body["media_category"], "tweet_image");
    assert_eq!(body["media_type"], "image/png");
    assert_eq!(upload.headers["content-type"], "application/json");
    let metadata = &received(&server, "POST", METADATA).await[0];
    let body: serde_json::Value = serde_json::from_slice(&metadata.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"id": "1880028106020515840", "metadata": {"alt_text": {"text": "A loom"}}})
    );
    let creates = received(&server, "POST", TWEETS).await;
    assert_eq!(creates.len(), 1);
    let create = &creates[0];
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "text": "Hello from brandpilot\n\nhttps://ada.example/post",
            "media": {"media_ids": ["1880028106020515840"]}
        })
    );
    assert!(create.headers.get("idempotency-key").is_none());
    assert_eq!(create.headers["authorization"], "Bearer good-token");

    // Once the user is known, the URL carries the handle; a text post has no `media`.
    client.profile().await.unwrap();
    let published = client.publish(&Draft::text("Plain")).await.unwrap();
    assert_eq!(
        published.url.as_deref(),
        Some("https://x.com/ada_builds/status/1850000000000000010")
    );
    let creates = received(&server, "POST", TWEETS).await;
    let body: serde_json::Value = serde_json::from_slice(&creates[1].body).unwrap();
    assert_eq!(body, serde_json::json!({"text": "Plain"}));
}

#[tokio::test]
async fn a_failed_publish_is_sent_exactly_once() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(TWEETS))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);
    let e = client.publish(&Draft::text("Hello")).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(503)));
    assert_eq!(
        received(&server, "POST", TWEETS).await.len(),
        1,
        "a 5xx on create is never retried"
    );

    let server = server_with_duplicate().await;
    let client = X::new(http(), &server.uri(), Credentials::token("good-token")).unwrap();
    let e = client.publish(&Draft::text("Hello")).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(403)));
    assert!(e.message().contains("duplicate content"), "{e}");
    assert_eq!(received(&server, "POST", TWEETS).await.len(), 1);
}

async fn server_with_duplicate() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TWEETS))
        .respond_with(ResponseTemplate::new(403).set_body_json(fixture("x/error_duplicate.json")))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_429_reports_the_reset_as_retry_after() {
    let server = server().await;
    let limited = || {
        ResponseTemplate::new(429)
            .insert_header("x-rate-limit-limit", "100")
            .insert_header("x-rate-limit-remaining", "0")
            .insert_header("x-rate-limit-reset", epoch_in(900).as_str())
            .set_body_json(fixture("x/error_too_many_requests.json"))
    };
    Mock::given(method("POST"))
        .and(path(TWEETS))
        .respond_with(limited())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(TIMELINE))
        .respond_with(limited())
        .mount(&server)
        .await;
    let client = client(&server);
    let e = client.publish(&Draft::text("Hello")).await.unwrap_err();
    assert_eq!(e.code(), "rate_limited", "{e}");
    let wait = e.retry_after().expect("the reset header says when");
    assert!(
        wait > Duration::from_secs(890) && wait <= Duration::from_secs(900),
        "{wait:?}"
    );
    assert_eq!(received(&server, "POST", TWEETS).await.len(), 1);

    let e = client.posts(&PostsQuery::default()).await.unwrap_err();
    assert_eq!(e.code(), "rate_limited", "{e}");
    assert!(e.retry_after().unwrap() > Duration::from_secs(800));
    assert_eq!(
        received(&server, "GET", TIMELINE).await.len(),
        1,
        "no retry before the reset"
    );
}

#[tokio::test]
async fn errors_map_onto_codes() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(TWEETS))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(fixture("x/error_invalid_request.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/2/tweets/1850000000000000010"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("x/tweet_deleted.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/2/tweets/1850000000000000011"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": {"deleted": false}})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let e = client.post_metrics(&["1".into()]).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(400)));
    assert!(e.message().contains("Invalid Request"), "{e}");
    assert!(e.message().contains("does not match"), "{e}");

    client.delete("1850000000000000010").await.unwrap();
    let e = client.delete("1850000000000000011").await.unwrap_err();
    assert_eq!(e.code(), "upstream");
    assert_eq!(
        client.delete("../me").await.unwrap_err().field(),
        Some("id")
    );

    // Inputs X cannot take fail before any request.
    let gif = Draft {
        images: vec![DraftImage {
            mime_type: "image/gif".into(),
            ..png()
        }],
        ..Draft::text("gif")
    };
    assert_eq!(
        client.publish(&gif).await.unwrap_err().code(),
        "unsupported"
    );
    let url_only = Draft {
        images: vec![DraftImage {
            data_base64: None,
            url: Some("https://ada.example/a.png".into()),
            ..png()
        }],
        ..Draft::text("url")
    };
    assert_eq!(
        client.publish(&url_only).await.unwrap_err().code(),
        "unsupported"
    );
    let five = Draft {
        images: vec![png(); 5],
        ..Draft::text("five")
    };
    assert_eq!(
        client.publish(&five).await.unwrap_err().field(),
        Some("images")
    );
    let long_alt = Draft {
        images: vec![DraftImage {
            alt_text: Some("a".repeat(1001)),
            ..png()
        }],
        ..Draft::text("alt")
    };
    assert_eq!(
        client.publish(&long_alt).await.unwrap_err().field(),
        Some("images[0].alt_text")
    );
    assert_eq!(
        client.publish(&Draft::text(" ")).await.unwrap_err().field(),
        Some("text")
    );
    assert!(received(&server, "POST", UPLOAD).await.is_empty());
    assert!(received(&server, "POST", TWEETS).await.is_empty());
}

#[tokio::test]
async fn an_app_only_token_is_reauth_required() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(fixture("x/error_unsupported_auth.json")),
        )
        .mount(&server)
        .await;
    let client = X::new(http(), &server.uri(), Credentials::token("app-only")).unwrap();
    let e = client.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required", "{e}");
    assert!(e.message().contains("OAuth 2.0 User Context"), "{e}");
}

#[tokio::test]
async fn a_revoked_token_is_reauth_required() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .and(header("authorization", "Bearer bad-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("x/error_unauthorized.json")),
        )
        .mount(&server)
        .await;
    let client = X::new(http(), &server.uri(), Credentials::token("bad-token")).unwrap();
    let e = client.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert!(e.message().contains("Unauthorized"), "{e}");
    assert!(!e.to_string().contains("bad-token"));
    assert!(!format!("{client:?}").contains("bad-token"));

    // A managed grant whose refresh is refused.
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (credentials, _) = managed(&server, "old-token", "revoked-refresh", -60).await;
    let client = X::new(http(), &server.uri(), credentials).unwrap();
    let e = client.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert_eq!(
        received(&server, "GET", ME).await.len(),
        1,
        "no call with the expired token"
    );
}

#[tokio::test]
async fn expired_token_is_refreshed_and_the_call_retried_once() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .and(header("authorization", "Bearer stale-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("x/error_unauthorized.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_response("good-token")))
        .expect(1)
        .mount(&server)
        .await;
    let (credentials, manager) = managed(&server, "stale-token", "refresh-1", 3600).await;
    let client = X::new(http(), &server.uri(), credentials).unwrap();
    assert_eq!(client.profile().await.unwrap().followers, Some(4210));
    let calls = received(&server, "GET", ME).await;
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].headers["authorization"], "Bearer stale-token");
    assert_eq!(calls[1].headers["authorization"], "Bearer good-token");
    let stored = manager
        .store()
        .get(platform_common::ACCOUNT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.access_token.expose(), "good-token");
}

#[tokio::test]
async fn connect_builds_the_client_from_a_spec() {
    let server = server().await;
    let spec: ClientSpec = serde_json::from_value(serde_json::json!({
        "platform": "x", "base_url": server.uri(), "access_token": "good-token"
    }))
    .unwrap();
    let client = connect(http(), &spec, None).unwrap();
    assert_eq!(client.capabilities().platform, Platform::X);
    assert_eq!(client.profile().await.unwrap().handle, "@ada_builds");
    let no_token = ClientSpec {
        access_token: None,
        ..spec
    };
    assert_eq!(
        connect(http(), &no_token, None).err().unwrap().field(),
        Some("access_token")
    );
}
