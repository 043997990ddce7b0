//! The Mastodon client against a mock instance on 127.0.0.1 serving the documented shapes
//! (fixtures in `tests/fixtures/mastodon/`, cited in `tests/fixtures/README.md`).
#![cfg(feature = "net")]

mod platform_common;

use brandpilot::model::{MediaKind, Platform};
use brandpilot::platform::mastodon::Mastodon;
use brandpilot::platform::{
    Credentials, Draft, DraftImage, PostMetricKind, PostsQuery, SocialPlatform, all_posts,
};
use platform_common::{TOKEN_PATH, fixture, http, managed, received, token_response};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ME: &str = "/api/v1/accounts/verify_credentials";
const STATUSES: &str = "/api/v1/accounts/109302/statuses";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .and(header("authorization", "Bearer good-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("mastodon/account.json")))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Mastodon {
    Mastodon::new(http(), &server.uri(), Credentials::token("good-token")).unwrap()
}

/// Serves the three fixture pages, linked by `Link: rel="next"` headers.
async fn mount_pages(server: &MockServer) {
    let next = |max_id: &str| {
        format!(
            "<{}{STATUSES}?limit=40&max_id={max_id}>; rel=\"next\", <{}{STATUSES}?min_id=1>; rel=\"prev\"",
            server.uri(),
            server.uri()
        )
    };
    for (page, cursor, link) in [
        (1, None, Some(next("113500007"))),
        (2, Some("113500007"), Some(next("113500005"))),
        (3, Some("113500005"), None),
    ] {
        let mut mock = Mock::given(method("GET"))
            .and(path(STATUSES))
            .and(query_param("exclude_reblogs", "true"));
        if let Some(cursor) = cursor {
            mock = mock.and(query_param("max_id", cursor));
        }
        let mut response = ResponseTemplate::new(200)
            .set_body_json(fixture(&format!("mastodon/statuses_page{page}.json")));
        if let Some(link) = link {
            response = response.insert_header("link", link.as_str());
        }
        // Later mounts win in wiremock only when more specific: give page 1 the lowest priority.
        mock.respond_with(response)
            .with_priority(if cursor.is_some() { 1 } else { 5 })
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn profile_and_audience_from_verify_credentials() {
    let server = server().await;
    let client = client(&server);
    let profile = client.profile().await.unwrap();
    let host = server.address().ip().to_string();
    assert_eq!(profile.platform, Platform::Mastodon);
    assert_eq!(profile.handle, format!("ada@{host}"));
    assert_eq!(profile.display_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        profile.summary.as_deref(),
        Some("Engineer writing about #rust & analytical engines.")
    );
    assert!(profile.has_photo);
    assert!(!profile.has_banner, "missing.png is no banner");
    assert_eq!(profile.website.as_deref(), Some("https://ada.example"));
    assert_eq!(profile.location.as_deref(), Some("London"));
    assert_eq!(profile.followers, Some(1520));
    assert_eq!(profile.connections, None);
    let audience = client.audience().await.unwrap();
    assert_eq!(
        (audience.followers, audience.following),
        (Some(1520), Some(310))
    );
    // The account is fetched once per client.
    assert_eq!(received(&server, "GET", ME).await.len(), 1);
}

#[tokio::test]
async fn posts_walk_three_pages_by_the_link_header() {
    let server = server().await;
    mount_pages(&server).await;
    let client = client(&server);
    let posts = all_posts(&client, &PostsQuery::default(), 10)
        .await
        .unwrap();
    // 7 statuses, one of them a reblog (skipped even if an instance ignores exclude_reblogs).
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "113500009",
            "113500007",
            "113500006",
            "113500005",
            "113500004",
            "113500003"
        ]
    );
    let first = &posts[0];
    assert_eq!(
        first.text,
        "Shipping the analytical engine notes today.\nFeedback welcome!\n\n#rust"
    );
    assert_eq!(first.media_kind, MediaKind::Image);
    assert_eq!(first.metrics.likes, Some(41));
    assert_eq!(first.metrics.shares, Some(7));
    assert_eq!(first.metrics.comments, Some(3));
    assert_eq!(first.metrics.impressions, None, "not reported, so absent");
    assert_eq!(posts[1].text, "Read: https://ada.example/post");
    assert_eq!(posts[1].media_kind, MediaKind::Link);
    assert_eq!(posts[3].media_kind, MediaKind::Video);
    assert_eq!(received(&server, "GET", STATUSES).await.len(), 3);
}

#[tokio::test]
async fn since_stops_paging_at_older_posts() {
    let server = server().await;
    mount_pages(&server).await;
    let client = client(&server);
    let query = PostsQuery {
        since: Some("2026-11-12T00:00:00Z".parse().unwrap()),
        ..PostsQuery::default()
    };
    let posts = all_posts(&client, &query, 10).await.unwrap();
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert!(posts.iter().all(|p| p.created_at >= query.since.unwrap()));
    assert_eq!(
        received(&server, "GET", STATUSES).await.len(),
        2,
        "page 3 is not fetched"
    );
}

#[tokio::test]
async fn post_metrics_read_each_status() {
    let server = server().await;
    let page: Vec<serde_json::Value> =
        serde_json::from_value(fixture("mastodon/statuses_page2.json")).unwrap();
    for status in &page {
        Mock::given(method("GET"))
            .and(path(format!(
                "/api/v1/statuses/{}",
                status["id"].as_str().unwrap()
            )))
            .respond_with(ResponseTemplate::new(200).set_body_json(status))
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let ids = vec!["113500006".to_owned(), "113500005".to_owned()];
    let metrics = client.post_metrics(&ids).await.unwrap();
    assert_eq!(metrics[0].id, "113500006");
    assert_eq!(metrics[0].metrics.comments, Some(9));
    assert_eq!(metrics[1].metrics.likes, Some(30));
    assert!(client.capabilities().reports(PostMetricKind::Likes));
    assert!(!client.capabilities().reports(PostMetricKind::Impressions));
    let empty = client.post_metrics(&["".to_owned()]).await.unwrap_err();
    assert_eq!(empty.field(), Some("ids[0]"));
}

#[tokio::test]
async fn publish_uploads_media_and_a_retry_reuses_the_idempotency_key() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/media"))
        .respond_with(
            ResponseTemplate::new(202).set_body_json(fixture("mastodon/media_processing.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    // The first create fails with 503; the retry carries the same key and succeeds.
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .and(header("idempotency-key", "sched-42"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("mastodon/status_created.json")),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let draft = Draft {
        link: Some("https://ada.example/post".into()),
        images: vec![DraftImage {
            mime_type: "image/png".into(),
            data_base64: Some("iVBORw0KGgo=".into()),
            url: None,
            alt_text: Some("A loom".into()),
        }],
        idempotency_key: Some("sched-42".into()),
        ..Draft::text("Hello from brandpilot")
    };
    let published = client(&server).publish(&draft).await.unwrap();
    assert_eq!(published.id, "113500010");
    assert_eq!(published.platform, Platform::Mastodon);
    assert_eq!(
        published.url.as_deref(),
        Some("https://mastodon.example/@ada/113500010")
    );
    let creates = received(&server, "POST", "/api/v1/statuses").await;
    assert_eq!(creates.len(), 2);
    for create in &creates {
        assert_eq!(create.headers["idempotency-key"], "sched-42");
        let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
        assert_eq!(body["media_ids"], serde_json::json!(["22345792"]));
        assert_eq!(
            body["status"],
            "Hello from brandpilot\n\nhttps://ada.example/post"
        );
    }
    let upload = &received(&server, "POST", "/api/v2/media").await[0];
    let body = String::from_utf8_lossy(&upload.body);
    assert!(
        body.contains("name=\"description\"\r\n\r\nA loom"),
        "{body}"
    );
    assert!(
        upload.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
}

#[tokio::test]
async fn errors_map_onto_codes() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .respond_with(
            ResponseTemplate::new(422).set_body_json(fixture("mastodon/error_validation.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/statuses/404"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(fixture("mastodon/error_not_found.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/statuses/9"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-limit", "30")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "2099-01-01T00:00:00.000Z"),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let e = client
        .publish(&Draft::text("x".repeat(600)))
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(422)));
    assert!(e.message().contains("character limit of 500"), "{e}");
    assert_eq!(
        received(&server, "POST", "/api/v1/statuses").await.len(),
        1,
        "4xx is not retried"
    );
    let e = client.delete("404").await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(404)));
    assert!(e.message().contains("Record not found"));
    let e = client.delete("9").await.unwrap_err();
    assert_eq!(e.code(), "rate_limited", "{e}");
    assert!(e.retry_after().is_some());
    let e = client.publish(&Draft::text(" ")).await.unwrap_err();
    assert_eq!(e.field(), Some("text"));

    let revoked = Mastodon::new(http(), &server.uri(), Credentials::token("bad-token")).unwrap();
    Mock::given(method("GET"))
        .and(path(ME))
        .and(header("authorization", "Bearer bad-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("mastodon/error_invalid_token.json")),
        )
        .mount(&server)
        .await;
    let e = revoked.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert!(e.message().contains("The access token is invalid"));
    assert!(!e.to_string().contains("bad-token"));
    assert!(Mastodon::new(http(), "not a url", Credentials::token("t")).is_err());
}

#[tokio::test]
async fn expired_token_is_refreshed_and_the_call_retried_once() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .and(header("authorization", "Bearer stale-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("mastodon/error_invalid_token.json")),
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
    // The stored token looks valid for an hour, but the instance has revoked it.
    let (credentials, manager) = managed(&server, "stale-token", "refresh-1", 3600).await;
    let client = Mastodon::new(http(), &server.uri(), credentials).unwrap();
    assert_eq!(client.profile().await.unwrap().followers, Some(1520));
    assert_eq!(received(&server, "GET", ME).await.len(), 2);
    let stored = manager
        .store()
        .get(platform_common::ACCOUNT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.access_token.expose(), "good-token");
}

#[tokio::test]
async fn revoked_grant_is_reauth_required() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // Expired: refreshed before the call, and the refresh is refused.
    let (credentials, _) = managed(&server, "old-token", "revoked-refresh", -60).await;
    let client = Mastodon::new(http(), &server.uri(), credentials).unwrap();
    let e = client.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert!(received(&server, "GET", ME).await.is_empty());
}
