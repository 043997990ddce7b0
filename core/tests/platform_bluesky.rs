//! The Bluesky client against a mock PDS on 127.0.0.1 serving the documented XRPC shapes
//! (fixtures in `tests/fixtures/bluesky/`, cited in `tests/fixtures/README.md`).
#![cfg(feature = "net")]

mod platform_common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use brandpilot::Secret;
use brandpilot::model::{MediaKind, Platform};
use brandpilot::platform::bluesky::Bluesky;
use brandpilot::platform::{
    ClientSpec, Credentials, Draft, DraftImage, PostMetricKind, PostsQuery, SocialPlatform,
    all_posts, connect,
};
use platform_common::{TOKEN_PATH, fixture, http, managed, received, token_response};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DID: &str = "did:plc:ada4lovelace7engine3notes";
const CREATE_SESSION: &str = "/xrpc/com.atproto.server.createSession";
const REFRESH_SESSION: &str = "/xrpc/com.atproto.server.refreshSession";
const GET_SESSION: &str = "/xrpc/com.atproto.server.getSession";
const PROFILE: &str = "/xrpc/app.bsky.actor.getProfile";
const FEED: &str = "/xrpc/app.bsky.feed.getAuthorFeed";
const GET_POSTS: &str = "/xrpc/app.bsky.feed.getPosts";
const RESOLVE: &str = "/xrpc/com.atproto.identity.resolveHandle";
const UPLOAD: &str = "/xrpc/com.atproto.repo.uploadBlob";
const CREATE: &str = "/xrpc/com.atproto.repo.createRecord";
const DELETE: &str = "/xrpc/com.atproto.repo.deleteRecord";

const ACCESS_1: &str = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access-1.sig";
const ACCESS_2: &str = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access-2.sig";
const REFRESH_1: &str = "eyJ0eXAiOiJyZWZyZXNoK2p3dCIsImFsZyI6IkVTMjU2SyJ9.refresh-1.sig";

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A PDS that signs `ada.bsky.social` in and serves her profile to the first session.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_SESSION))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/session_created.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .and(query_param("actor", DID))
        .and(header("authorization", bearer(ACCESS_1).as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/profile.json")))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Bluesky {
    Bluesky::with_app_password(
        http(),
        &server.uri(),
        "ada.bsky.social",
        Secret::new("abcd-efgh-ijkl-mnop"),
    )
    .unwrap()
}

fn at(rkey: &str) -> String {
    format!("at://{DID}/app.bsky.feed.post/{rkey}")
}

fn epoch_in(secs: u64) -> String {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + secs)
        .to_string()
}

async fn mount_pages(server: &MockServer) {
    for (page, cursor) in [
        (1, None),
        (2, Some("2026-11-13T18:00:00.000Z")),
        (3, Some("2026-11-11T12:00:00.000Z")),
    ] {
        let mut mock = Mock::given(method("GET"))
            .and(path(FEED))
            .and(query_param("actor", DID))
            .and(query_param("filter", "posts_no_replies"));
        if let Some(cursor) = cursor {
            mock = mock.and(query_param("cursor", cursor));
        }
        mock.respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture(&format!("bluesky/author_feed_page{page}.json"))),
        )
        .with_priority(if cursor.is_some() { 1 } else { 5 })
        .mount(server)
        .await;
    }
}

#[tokio::test]
async fn signs_in_once_and_reads_profile_and_audience() {
    let server = server().await;
    let client = client(&server);
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.platform, Platform::Bluesky);
    assert_eq!(profile.handle, "@ada.bsky.social");
    assert_eq!(profile.display_name.as_deref(), Some("Ada Lovelace"));
    assert!(profile.summary.unwrap().contains("analytical engines"));
    assert!(profile.has_photo);
    assert!(!profile.has_banner, "no banner in the fixture");
    assert_eq!(profile.followers, Some(980));
    assert_eq!(profile.following, Some(212));
    assert_eq!(
        profile.created_at,
        Some("2023-05-02T08:30:00Z".parse().unwrap())
    );
    let audience = client.audience().await.unwrap();
    assert_eq!(
        (audience.followers, audience.following, audience.connections),
        (Some(980), Some(212), None)
    );
    let sessions = received(&server, "POST", CREATE_SESSION).await;
    assert_eq!(sessions.len(), 1, "the session is kept in memory");
    let body: serde_json::Value = serde_json::from_slice(&sessions[0].body).unwrap();
    assert_eq!(
        body,
        json!({"identifier": "ada.bsky.social", "password": "abcd-efgh-ijkl-mnop"})
    );
    assert!(!format!("{client:?}").contains("abcd-efgh"));
}

#[tokio::test]
async fn posts_walk_three_pages_by_cursor_and_skip_reposts() {
    let server = server().await;
    mount_pages(&server).await;
    let client = client(&server);
    let posts = all_posts(&client, &PostsQuery::default(), 10)
        .await
        .unwrap();
    let ids: Vec<String> = posts.iter().map(|p| p.id.clone()).collect();
    assert_eq!(
        ids,
        [
            at("3lbpost0009aa"),
            at("3lbpost0008aa"),
            at("3lbpost0006aa"),
            at("3lbpost0005aa"),
            at("3lbpost0004aa")
        ],
        "Bob's post, reposted by Ada, is not hers"
    );
    let kinds: Vec<MediaKind> = posts.iter().map(|p| p.media_kind).collect();
    assert_eq!(
        kinds,
        [
            MediaKind::Image,
            MediaKind::Link,
            MediaKind::Carousel,
            MediaKind::Video,
            MediaKind::None
        ]
    );
    let first = &posts[0];
    assert_eq!(
        first.text,
        "Shipping the analytical engine notes today. #rust"
    );
    assert_eq!(first.metrics.likes, Some(41));
    assert_eq!(first.metrics.comments, Some(3));
    assert_eq!(first.metrics.shares, Some(7), "reposts + quotes");
    assert_eq!(first.metrics.impressions, None, "not reported, so absent");
    assert_eq!(first.metrics.saves, None);
    assert_eq!(posts[4].text, "héllo 👋 Bluesky");
    let pages = received(&server, "GET", FEED).await;
    assert_eq!(pages.len(), 3);
    assert!(
        pages[0]
            .url
            .query_pairs()
            .any(|(k, v)| k == "limit" && v == "100")
    );
    assert!(!pages[0].url.query_pairs().any(|(k, _)| k == "cursor"));
    assert_eq!(pages[2].headers["authorization"], bearer(ACCESS_1).as_str());
}

#[tokio::test]
async fn since_stops_paging_at_older_posts() {
    let server = server().await;
    mount_pages(&server).await;
    let client = client(&server);
    let query = PostsQuery {
        since: Some("2026-11-12T00:00:00Z".parse().unwrap()),
        page_size: Some(3),
        ..PostsQuery::default()
    };
    let posts = all_posts(&client, &query, 10).await.unwrap();
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert!(posts.iter().all(|p| p.created_at >= query.since.unwrap()));
    let pages = received(&server, "GET", FEED).await;
    assert_eq!(pages.len(), 2, "page 3 is not fetched");
    assert!(
        pages[0]
            .url
            .query_pairs()
            .any(|(k, v)| k == "limit" && v == "3")
    );
}

#[tokio::test]
async fn post_metrics_ask_25_uris_a_call_and_skip_deleted_posts() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(GET_POSTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/get_posts.json")))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut ids: Vec<String> = (0..28).map(|i| at(&format!("3lbgone{i:04}aa"))).collect();
    ids.insert(3, at("3lbpost0005aa"));
    ids.insert(27, at("3lbpost0009aa"));
    let metrics = client.post_metrics(&ids).await.unwrap();
    let got: Vec<&str> = metrics.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(got, [at("3lbpost0005aa"), at("3lbpost0009aa")]);
    assert_eq!(metrics[0].metrics.likes, Some(25));
    assert_eq!(metrics[0].metrics.shares, Some(3));
    assert_eq!(metrics[1].metrics.comments, Some(4));
    let calls = received(&server, "GET", GET_POSTS).await;
    let uris = |i: usize| -> Vec<String> {
        calls[i]
            .url
            .query_pairs()
            .filter(|(k, _)| k == "uris")
            .map(|(_, v)| v.into_owned())
            .collect()
    };
    assert_eq!(uris(0), ids[..25]);
    assert_eq!(uris(1), ids[25..]);

    let caps = client.capabilities();
    assert!(caps.reports(PostMetricKind::Likes) && caps.reports(PostMetricKind::Shares));
    assert!(!caps.reports(PostMetricKind::Impressions));
    assert!(!caps.idempotent_publish);
    let e = client
        .post_metrics(&[
            at("3lbpost0005aa"),
            "https://bsky.app/profile/x/post/1".into(),
        ])
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("ids[1]"));
}

#[tokio::test]
async fn publish_uploads_images_and_sets_facets_at_byte_offsets() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(RESOLVE))
        .and(query_param("handle", "alice.bsky.social"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/resolve_handle.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(RESOLVE))
        .and(query_param("handle", "ghost.example"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(fixture("bluesky/error_unresolved_handle.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(UPLOAD))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/upload_blob.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/record_created.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let text = "héllo 👋 #rust @alice.bsky.social https://example.com @ghost.example";
    let draft = Draft {
        images: vec![DraftImage {
            mime_type: "image/png".into(),
            data_base64: Some("iVBORw0KGgo=".into()),
            url: None,
            alt_text: Some("A loom".into()),
        }],
        ..Draft::text(text)
    };
    let published = client.publish(&draft).await.unwrap();
    assert_eq!(published.platform, Platform::Bluesky);
    assert_eq!(published.id, at("3lbpost0010aa"));
    assert_eq!(
        published.url.as_deref(),
        Some("https://bsky.app/profile/ada.bsky.social/post/3lbpost0010aa")
    );

    let upload = &received(&server, "POST", UPLOAD).await[0];
    assert_eq!(upload.headers["content-type"], "image/png");
    assert_eq!(upload.body, b"\x89PNG\r\n\x1a\n");
    assert_eq!(upload.headers["authorization"], bearer(ACCESS_1).as_str());
    let create = &received(&server, "POST", CREATE).await[0];
    assert!(create.headers.get("idempotency-key").is_none());
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert_eq!(body["repo"], DID);
    assert_eq!(body["collection"], "app.bsky.feed.post");
    let record = &body["record"];
    assert_eq!(record["$type"], "app.bsky.feed.post");
    assert_eq!(record["text"], text);
    assert!(chrono::DateTime::parse_from_rfc3339(record["createdAt"].as_str().unwrap()).is_ok());
    // "héllo " is 7 bytes and "👋 " 5: byte offsets, not character offsets.
    assert_eq!(
        record["facets"],
        json!([
            {"index": {"byteStart": 12, "byteEnd": 17},
             "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "rust"}]},
            {"index": {"byteStart": 18, "byteEnd": 36},
             "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:alice5example0000000000"}]},
            {"index": {"byteStart": 37, "byteEnd": 56},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com"}]}
        ]),
        "the unresolvable @ghost.example stays plain text"
    );
    assert_eq!(
        record["embed"],
        json!({"$type": "app.bsky.embed.images", "images": [{
            "alt": "A loom",
            "image": fixture("bluesky/upload_blob.json")["blob"]
        }]})
    );
}

#[tokio::test]
async fn a_link_is_appended_and_faceted() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/record_created.json")),
        )
        .mount(&server)
        .await;
    let draft = Draft {
        link: Some("https://ada.example/post".into()),
        ..Draft::text("Read:")
    };
    client(&server).publish(&draft).await.unwrap();
    let create = &received(&server, "POST", CREATE).await[0];
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert_eq!(body["record"]["text"], "Read:\n\nhttps://ada.example/post");
    assert_eq!(
        body["record"]["facets"][0],
        json!({"index": {"byteStart": 7, "byteEnd": 31},
               "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://ada.example/post"}]})
    );
    assert!(body["record"].get("embed").is_none());
}

#[tokio::test]
async fn a_failed_publish_is_sent_once_and_bad_drafts_not_at_all() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let client = client(&server);
    let e = client.publish(&Draft::text("Hello")).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(502)));
    assert_eq!(received(&server, "POST", CREATE).await.len(), 1);

    // 301 graphemes: refused before any request.
    let e = client
        .publish(&Draft::text("é".repeat(301)))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("text"), "{e}");
    // The family emoji is one grapheme of 25 bytes: 121 of them fit the grapheme limit but
    // not the 3,000-byte one.
    let e = client
        .publish(&Draft::text("👨‍👩‍👧‍👦".repeat(121)))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("text"), "{e}");
    let big = Draft {
        images: vec![DraftImage {
            mime_type: "image/jpeg".into(),
            data_base64: Some({
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(vec![0u8; 1_000_001])
            }),
            url: None,
            alt_text: None,
        }],
        ..Draft::text("big")
    };
    assert_eq!(
        client.publish(&big).await.unwrap_err().field(),
        Some("images[0].data_base64")
    );
    assert_eq!(received(&server, "POST", CREATE).await.len(), 1);
    assert!(received(&server, "POST", UPLOAD).await.is_empty());
}

#[tokio::test]
async fn an_xrpc_error_maps_onto_its_code() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(fixture("bluesky/error_invalid_request.json")),
        )
        .mount(&server)
        .await;
    let e = client(&server)
        .publish(&Draft::text("Hello"))
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(400)));
    assert!(
        e.message()
            .contains("InvalidRequest: Invalid app.bsky.feed.post record"),
        "{e}"
    );
}

#[tokio::test]
async fn delete_sends_collection_and_rkey_of_the_uri() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(DELETE))
        .and(body_json(json!({
            "repo": DID, "collection": "app.bsky.feed.post", "rkey": "3lbpost0010aa"
        })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/delete_record.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.delete(&at("3lbpost0010aa")).await.unwrap();
    for bad in [
        "3lbpost0010aa",
        "at://did:plc:x/app.bsky.feed.post",
        "at://did:plc:x/app.bsky.feed.post/a/b",
        "at://did:plc:x/app.bsky.feed.post/a?b",
    ] {
        assert_eq!(
            client.delete(bad).await.unwrap_err().field(),
            Some("id"),
            "{bad}"
        );
    }
    let like = format!("at://{DID}/app.bsky.feed.like/3lblike");
    assert_eq!(client.delete(&like).await.unwrap_err().field(), Some("id"));
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_for_concurrent_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_SESSION))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/session_created.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .and(header("authorization", bearer(ACCESS_1).as_str()))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(fixture("bluesky/error_expired_token.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(REFRESH_SESSION))
        .and(header("authorization", bearer(REFRESH_1).as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/session_refreshed.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .and(header("authorization", bearer(ACCESS_2).as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/profile.json")))
        .mount(&server)
        .await;
    let client = client(&server);
    let (profile, audience) = tokio::join!(client.profile(), client.audience());
    assert_eq!(profile.unwrap().followers, Some(980));
    assert_eq!(audience.unwrap().followers, Some(980));
    // Later calls use the refreshed token straight away.
    client.profile().await.unwrap();
    let profiles = received(&server, "GET", PROFILE).await;
    // Each call that saw the old token expire sent once more with the new one.
    assert!((4..=5).contains(&profiles.len()), "{}", profiles.len());
    assert_eq!(
        profiles[4].headers["authorization"],
        bearer(ACCESS_2).as_str()
    );
}

#[tokio::test]
async fn a_dead_refresh_token_signs_in_again_and_a_revoked_password_is_reauth_required() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_SESSION))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("bluesky/session_created.json")),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_SESSION))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(fixture("bluesky/error_authentication_required.json")),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(fixture("bluesky/error_expired_token.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(REFRESH_SESSION))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(fixture("bluesky/error_expired_token.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let e = client(&server).profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required", "{e}");
    assert!(
        e.message().contains("Invalid identifier or password"),
        "{e}"
    );
    assert_eq!(received(&server, "POST", CREATE_SESSION).await.len(), 2);
    assert_eq!(received(&server, "GET", PROFILE).await.len(), 1);
}

#[tokio::test]
async fn a_fixed_jwt_reads_its_account_and_expiry_is_reauth_required() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(GET_SESSION))
        .and(header("authorization", "Bearer host-jwt"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/get_session.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .and(query_param("actor", DID))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/profile.json")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(fixture("bluesky/error_expired_token.json")),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Bluesky::new(http(), &server.uri(), Credentials::token("host-jwt")).unwrap();
    assert_eq!(client.profile().await.unwrap().handle, "@ada.bsky.social");
    let e = client.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required", "{e}");
    assert!(e.message().contains("ExpiredToken"));
    assert!(!e.to_string().contains("host-jwt"));
    assert!(received(&server, "POST", REFRESH_SESSION).await.is_empty());
}

#[tokio::test]
async fn managed_credentials_refresh_on_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(GET_SESSION))
        .and(header("authorization", "Bearer stale-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("bluesky/error_invalid_token.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(GET_SESSION))
        .and(header("authorization", "Bearer good-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/get_session.json")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PROFILE))
        .and(header("authorization", "Bearer good-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bluesky/profile.json")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_response("good-token")))
        .expect(1)
        .mount(&server)
        .await;
    let (credentials, _) = managed(&server, "stale-token", "refresh-1", 3600).await;
    let client = Bluesky::new(http(), &server.uri(), credentials).unwrap();
    assert_eq!(client.audience().await.unwrap().followers, Some(980));
    assert_eq!(received(&server, "GET", GET_SESSION).await.len(), 2);
}

#[tokio::test]
async fn a_429_reports_ratelimit_reset_and_publish_is_not_repeated() {
    let server = server().await;
    let limited = || {
        ResponseTemplate::new(429)
            .insert_header("ratelimit-limit", "3000")
            .insert_header("ratelimit-remaining", "0")
            .insert_header("ratelimit-reset", epoch_in(300).as_str())
            .insert_header("ratelimit-policy", "3000;w=300")
            .set_body_json(fixture("bluesky/error_rate_limit.json"))
    };
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(limited())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(FEED))
        .respond_with(limited())
        .mount(&server)
        .await;
    let client = client(&server);
    let e = client.publish(&Draft::text("Hello")).await.unwrap_err();
    assert_eq!(e.code(), "rate_limited", "{e}");
    let wait = e.retry_after().expect("ratelimit-reset says when");
    assert!(
        wait > Duration::from_secs(290) && wait <= Duration::from_secs(300),
        "{wait:?}"
    );
    assert_eq!(received(&server, "POST", CREATE).await.len(), 1);
    let e = client.posts(&PostsQuery::default()).await.unwrap_err();
    assert_eq!(e.code(), "rate_limited");
    assert!(e.retry_after().unwrap() > Duration::from_secs(200));
    assert_eq!(received(&server, "GET", FEED).await.len(), 1);
}

#[tokio::test]
async fn connect_builds_the_client_from_a_spec() {
    let server = server().await;
    let spec: ClientSpec = serde_json::from_value(json!({
        "platform": "bluesky", "base_url": server.uri(),
        "identifier": "ada.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"
    }))
    .unwrap();
    let client = connect(http(), &spec, None).unwrap();
    assert_eq!(client.capabilities().platform, Platform::Bluesky);
    assert_eq!(client.profile().await.unwrap().followers, Some(980));
    let no_identifier = ClientSpec {
        identifier: None,
        ..spec.clone()
    };
    assert_eq!(
        connect(http(), &no_identifier, None).err().unwrap().field(),
        Some("identifier")
    );
    let nothing = ClientSpec {
        app_password: None,
        ..no_identifier
    };
    assert_eq!(
        connect(http(), &nothing, None).err().unwrap().field(),
        Some("app_password")
    );
}
