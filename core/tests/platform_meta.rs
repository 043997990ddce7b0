//! The Meta clients (Facebook Pages, Instagram, Threads) against a mock Graph API on
//! 127.0.0.1 serving the documented shapes (fixtures in `tests/fixtures/meta/`, cited in
//! `tests/fixtures/README.md`).
#![cfg(feature = "net")]

mod platform_common;

use std::time::Duration;

use brandpilot::Secret;
use brandpilot::model::{MediaKind, Platform};
use brandpilot::platform::facebook::{self, Facebook};
use brandpilot::platform::instagram::Instagram;
use brandpilot::platform::meta::ContainerPolling;
use brandpilot::platform::threads::{self, Threads};
use brandpilot::platform::{
    ClientSpec, Credentials, Draft, DraftImage, PostMetricKind, PostsQuery, SocialPlatform,
    all_posts, connect,
};
use platform_common::{TOKEN_PATH, fixture, http, managed, received, token_response};
use wiremock::matchers::{
    body_string_contains, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "1234567890";
const IG: &str = "17841400000000001";
const TU: &str = "26040000000000001";

fn meta(name: &str) -> serde_json::Value {
    fixture(&format!("meta/{name}.json"))
}

fn ok(name: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(meta(name))
}

fn graph_error(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(meta(name))
}

fn fast() -> ContainerPolling {
    ContainerPolling {
        delay: Duration::from_millis(5),
        max_polls: 5,
    }
}

fn image(url: &str) -> DraftImage {
    DraftImage {
        mime_type: "image/jpeg".into(),
        data_base64: None,
        url: Some(url.into()),
        alt_text: None,
    }
}

fn form(request: &wiremock::Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn form_value(request: &wiremock::Request, key: &str) -> Option<String> {
    form(request)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn query(request: &wiremock::Request, key: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Serves `{prefix}_page{1,2,3}` at `path`, linked by `after` cursors `{cursor}a1`, `{cursor}a2`.
async fn mount_pages(server: &MockServer, at: &str, prefix: &str, cursor: &str) {
    for (page, after) in [(1, None), (2, Some(1)), (3, Some(2))] {
        let mut mock = Mock::given(method("GET")).and(path(at));
        mock = match after {
            Some(n) => mock.and(query_param("after", format!("{cursor}a{n}"))),
            None => mock.and(query_param_is_missing("after")),
        };
        mock.respond_with(ok(&format!("{prefix}_page{page}")))
            .mount(server)
            .await;
    }
}

// ---------------------------------------------------------------- Facebook

async fn fb_server() -> MockServer {
    let server = MockServer::start().await;
    // The Page token is handed out for the user token only.
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(query_param("fields", "access_token"))
        .and(header("authorization", "Bearer user-token"))
        .respond_with(ok("fb_page_token"))
        .mount(&server)
        .await;
    server
}

fn fb(server: &MockServer) -> Facebook {
    Facebook::new(
        http(),
        &server.uri(),
        None,
        PAGE,
        Credentials::token("user-token"),
    )
    .unwrap()
}

#[tokio::test]
async fn facebook_profile_reads_the_page_with_the_page_token() {
    let server = fb_server().await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(header("authorization", "Bearer page-token"))
        .respond_with(ok("fb_page"))
        .mount(&server)
        .await;
    let client = fb(&server);
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.platform, Platform::Facebook);
    assert_eq!(profile.handle, "adaanalytics");
    assert_eq!(profile.display_name.as_deref(), Some("Ada Analytics"));
    assert_eq!(
        profile.summary.as_deref(),
        Some("Notes on analytical engines.")
    );
    assert_eq!(profile.followers, Some(5230));
    assert_eq!(profile.following, None);
    assert!(profile.has_photo && profile.has_banner);
    assert_eq!(profile.location.as_deref(), Some("London, United Kingdom"));
    assert_eq!(profile.website.as_deref(), Some("https://ada.example"));
    assert_eq!(profile.industry.as_deref(), Some("Software Company"));
    assert_eq!(client.audience().await.unwrap().followers, Some(5230));
    let reads = received(&server, "GET", &format!("/v24.0/{PAGE}")).await;
    let token_reads = reads
        .iter()
        .filter(|r| query(r, "fields").as_deref() == Some("access_token"))
        .count();
    assert_eq!(token_reads, 1, "the Page token is fetched once per client");
    let profile_read = reads
        .iter()
        .find(|r| query(r, "fields").as_deref() != Some("access_token"))
        .unwrap();
    assert!(
        query(profile_read, "fields")
            .unwrap()
            .contains("followers_count")
    );
    assert!(
        query(profile_read, "access_token").is_none(),
        "tokens never go in URLs"
    );
}

#[tokio::test]
async fn facebook_posts_walk_three_pages_with_since() {
    let server = fb_server().await;
    mount_pages(
        &server,
        &format!("/v24.0/{PAGE}/posts"),
        "fb_posts",
        "QVFIU",
    )
    .await;
    let client = fb(&server);
    let posts = all_posts(&client, &PostsQuery::default(), 10)
        .await
        .unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "1234567890_1009",
            "1234567890_1008",
            "1234567890_1007",
            "1234567890_1006",
            "1234567890_1005"
        ]
    );
    let first = &posts[0];
    assert_eq!(first.media_kind, MediaKind::Image);
    assert_eq!(first.metrics.likes, Some(41));
    assert_eq!(first.metrics.comments, Some(3));
    assert_eq!(first.metrics.shares, Some(7));
    assert_eq!(
        first.metrics.impressions, None,
        "the listing carries no insights"
    );
    assert_eq!(posts[1].media_kind, MediaKind::Link);
    assert_eq!(
        posts[1].metrics.shares, None,
        "no `shares` field, so absent"
    );
    assert_eq!(posts[2].media_kind, MediaKind::Carousel);
    assert_eq!(posts[3].media_kind, MediaKind::Video);
    assert_eq!(posts[4].media_kind, MediaKind::None);
    let reads = received(&server, "GET", &format!("/v24.0/{PAGE}/posts")).await;
    assert_eq!(reads.len(), 3);
    for read in &reads {
        assert_eq!(read.headers["authorization"], "Bearer page-token");
        assert!(
            query(read, "fields")
                .unwrap()
                .contains("reactions.summary(total_count)")
        );
    }

    // `since` goes to Graph as Unix time, and paging stops at the first older post.
    let since_server = fb_server().await;
    mount_pages(
        &since_server,
        &format!("/v24.0/{PAGE}/posts"),
        "fb_posts",
        "QVFIU",
    )
    .await;
    let since = "2026-11-12T00:00:00Z".parse().unwrap();
    let query_since = PostsQuery {
        since: Some(since),
        page_size: Some(2),
        ..PostsQuery::default()
    };
    let posts = all_posts(&fb(&since_server), &query_since, 10)
        .await
        .unwrap();
    assert_eq!(posts.len(), 3, "{posts:?}");
    let reads = received(&since_server, "GET", &format!("/v24.0/{PAGE}/posts")).await;
    assert_eq!(reads.len(), 2, "page 3 is not fetched");
    assert_eq!(query(&reads[0], "since").as_deref(), Some("1794441600"));
    assert_eq!(query(&reads[0], "limit").as_deref(), Some("2"));
}

#[tokio::test]
async fn facebook_metrics_combine_counts_and_current_insights() {
    let server = fb_server().await;
    let post = "1234567890_1009";
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{post}")))
        .respond_with(ok("fb_post_counts"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{post}/insights")))
        .and(query_param(
            "metric",
            "post_media_view,post_total_media_view_unique,post_clicks",
        ))
        .and(header("authorization", "Bearer page-token"))
        .respond_with(ok("fb_post_insights"))
        .mount(&server)
        .await;
    let client = fb(&server);
    let entries = client.post_metrics(&[post.to_owned()]).await.unwrap();
    let m = &entries[0].metrics;
    assert_eq!(entries[0].id, post);
    assert_eq!(m.impressions, Some(1840));
    assert_eq!(m.reach, Some(1320));
    assert_eq!(m.likes, Some(41));
    assert_eq!(m.comments, Some(3));
    assert_eq!(m.shares, Some(7));
    assert_eq!(m.clicks, None, "post_clicks not in the answer, so absent");
    assert_eq!(m.saves, None);
    let caps = client.capabilities();
    assert!(caps.reports(PostMetricKind::Reach));
    assert!(!caps.reports(PostMetricKind::Saves));
}

#[tokio::test]
async fn facebook_publishes_with_the_page_token_never_the_user_token() {
    let server = fb_server().await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{PAGE}/feed")))
        .and(header("authorization", "Bearer page-token"))
        .respond_with(ok("fb_feed_created"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{PAGE}/photos")))
        .and(header("authorization", "Bearer page-token"))
        .and(body_string_contains("published=false"))
        .respond_with(ok("fb_photo_unpublished"))
        .mount(&server)
        .await;
    let client = fb(&server);
    let draft = Draft {
        link: Some("https://ada.example/post".into()),
        ..Draft::text("Hello from brandpilot")
    };
    let published = client.publish(&draft).await.unwrap();
    assert_eq!(published.id, "1234567890_1010");
    assert_eq!(published.platform, Platform::Facebook);
    let feed = received(&server, "POST", &format!("/v24.0/{PAGE}/feed")).await;
    assert_eq!(feed.len(), 1);
    assert_eq!(feed[0].headers["authorization"], "Bearer page-token");
    assert_eq!(
        form_value(&feed[0], "message").as_deref(),
        Some("Hello from brandpilot")
    );
    assert_eq!(
        form_value(&feed[0], "link").as_deref(),
        Some("https://ada.example/post")
    );

    // Two photos: uploaded unpublished, then attached to one feed post.
    let draft = Draft {
        images: vec![
            image("https://cdn.example/a.jpg"),
            image("https://cdn.example/b.jpg"),
        ],
        ..Draft::text("Two from the lab")
    };
    client.publish(&draft).await.unwrap();
    let photos = received(&server, "POST", &format!("/v24.0/{PAGE}/photos")).await;
    assert_eq!(photos.len(), 2);
    assert_eq!(
        form_value(&photos[1], "url").as_deref(),
        Some("https://cdn.example/b.jpg")
    );
    let feed = received(&server, "POST", &format!("/v24.0/{PAGE}/feed")).await;
    assert_eq!(feed.len(), 2);
    assert_eq!(
        form_value(&feed[1], "attached_media[1]").as_deref(),
        Some(r#"{"media_fbid":"55501"}"#)
    );
    // Every request except the one token read carried the Page token.
    let all = server.received_requests().await.unwrap();
    let with_user_token = all
        .iter()
        .filter(|r| r.headers["authorization"] == "Bearer user-token")
        .count();
    assert_eq!(with_user_token, 1);

    Mock::given(method("DELETE"))
        .and(path("/v24.0/1234567890_1010"))
        .and(header("authorization", "Bearer page-token"))
        .respond_with(ok("fb_deleted"))
        .expect(1)
        .mount(&server)
        .await;
    client.delete("1234567890_1010").await.unwrap();
    assert_eq!(client.delete(" ").await.unwrap_err().field(), Some("id"));
}

#[tokio::test]
async fn facebook_permission_errors_are_surfaced_and_publish_is_sent_once() {
    let server = fb_server().await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{PAGE}/feed")))
        .respond_with(graph_error(403, "error_200"))
        .mount(&server)
        .await;
    let e = fb(&server)
        .publish(&Draft::text("hello"))
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(403)));
    assert!(
        e.message()
            .contains("(#200) If posting to a page, requires both pages_read_engagement"),
        "{e}"
    );
    assert_eq!(
        received(&server, "POST", &format!("/v24.0/{PAGE}/feed"))
            .await
            .len(),
        1
    );

    // A missing Page is Graph's (#100) with its own status.
    Mock::given(method("DELETE"))
        .and(path("/v24.0/42"))
        .respond_with(graph_error(400, "error_100"))
        .mount(&server)
        .await;
    let e = fb(&server).delete("42").await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(400)));
    assert!(e.message().contains("does not exist"), "{e}");
    assert!(e.message().contains("fbtrace_id AfTr4ce100"), "{e}");
}

#[tokio::test]
async fn facebook_stale_page_token_is_fetched_again_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(query_param("fields", "access_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "old-page-token", "id": PAGE})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(query_param("fields", "access_token"))
        .respond_with(ok("fb_page_token"))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(header("authorization", "Bearer old-page-token"))
        .respond_with(graph_error(400, "error_190"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(header("authorization", "Bearer page-token"))
        .respond_with(ok("fb_page"))
        .mount(&server)
        .await;
    assert_eq!(fb(&server).profile().await.unwrap().followers, Some(5230));
}

// ---------------------------------------------------------------- Graph errors

#[tokio::test]
async fn graph_error_codes_map_onto_coded_errors() {
    let server = MockServer::start().await;
    let user = format!("/v24.0/{IG}");
    let client = |token: &str| {
        Instagram::new(http(), &server.uri(), None, IG, Credentials::token(token)).unwrap()
    };
    Mock::given(method("GET"))
        .and(path(&user))
        .and(header("authorization", "Bearer expired-token"))
        .respond_with(graph_error(400, "error_190"))
        .mount(&server)
        .await;
    let e = client("expired-token").profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required", "{e}");
    assert!(e.message().contains("Session has expired"), "{e}");
    assert!(!e.to_string().contains("expired-token"));

    for code in ["4", "17", "32", "613"] {
        let token = format!("limited-{code}");
        Mock::given(method("GET"))
            .and(path(&user))
            .and(header("authorization", format!("Bearer {token}").as_str()))
            .respond_with(graph_error(400, &format!("error_{code}")).insert_header(
                "x-business-use-case-usage",
                format!(r#"{{"{IG}":[{{"type":"instagram","call_count":100,"total_cputime":12,"total_time":20,"estimated_time_to_regain_access":3}}]}}"#)
                    .as_str(),
            ))
            .mount(&server)
            .await;
        let e = client(&token).profile().await.unwrap_err();
        assert_eq!(e.code(), "rate_limited", "code {code}: {e}");
        assert_eq!(
            e.retry_after(),
            Some(Duration::from_secs(180)),
            "code {code}"
        );
        assert!(e.message().contains(&format!("(#{code})")), "{e}");
    }
    // A plain 429 without a Graph body is rate limited too.
    Mock::given(method("GET"))
        .and(path(&user))
        .and(header("authorization", "Bearer throttled"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .mount(&server)
        .await;
    assert_eq!(
        client("throttled").profile().await.unwrap_err().code(),
        "rate_limited"
    );
}

// ---------------------------------------------------------------- Instagram

fn ig(server: &MockServer) -> Instagram {
    Instagram::new(
        http(),
        &server.uri(),
        None,
        IG,
        Credentials::token("ig-token"),
    )
    .unwrap()
    .with_polling(fast())
}

#[tokio::test]
async fn instagram_profile_posts_and_metrics() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{IG}")))
        .and(header("authorization", "Bearer ig-token"))
        .respond_with(ok("ig_user"))
        .mount(&server)
        .await;
    mount_pages(&server, &format!("/v24.0/{IG}/media"), "ig_media", "IG").await;
    Mock::given(method("GET"))
        .and(path("/v24.0/17900000000000005/insights"))
        .and(query_param(
            "metric",
            "reach,likes,comments,shares,saved,views",
        ))
        .respond_with(ok("ig_insights"))
        .mount(&server)
        .await;
    let client = ig(&server);
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.handle, "@ada.engines");
    assert_eq!(
        profile.summary.as_deref(),
        Some("Engines, notes and #rust.")
    );
    assert_eq!(
        (profile.followers, profile.following),
        (Some(8421), Some(312))
    );
    assert!(profile.has_photo);
    let audience = client.audience().await.unwrap();
    assert_eq!(audience.following, Some(312));

    let posts = all_posts(&client, &PostsQuery::default(), 10)
        .await
        .unwrap();
    assert_eq!(posts.len(), 5);
    assert_eq!(posts[0].media_kind, MediaKind::Carousel);
    assert_eq!(posts[0].metrics.likes, Some(120));
    assert_eq!(
        posts[1].metrics.likes, None,
        "likes hidden by the owner: absent"
    );
    assert_eq!(posts[1].metrics.comments, Some(4));
    assert_eq!(posts[2].media_kind, MediaKind::Video);
    assert_eq!(posts[3].text, "");
    let since = PostsQuery {
        since: Some("2026-11-12T00:00:00Z".parse().unwrap()),
        ..PostsQuery::default()
    };
    let before = received(&server, "GET", &format!("/v24.0/{IG}/media"))
        .await
        .len();
    assert_eq!(before, 3);
    let recent = all_posts(&client, &since, 10).await.unwrap();
    assert_eq!(recent.len(), 3);
    assert_eq!(
        received(&server, "GET", &format!("/v24.0/{IG}/media"))
            .await
            .len()
            - before,
        2,
        "paging stops at the first older post"
    );

    let entries = client
        .post_metrics(&["17900000000000005".to_owned()])
        .await
        .unwrap();
    let m = &entries[0].metrics;
    assert_eq!(
        (m.reach, m.likes, m.comments),
        (Some(900), Some(120), Some(14))
    );
    assert_eq!((m.shares, m.saves), (Some(6), Some(31)));
    assert_eq!(m.impressions, None, "`views` not reported, so absent");
    assert!(client.capabilities().reports(PostMetricKind::Saves));
    assert!(!client.capabilities().delete);
    assert_eq!(client.delete("1").await.unwrap_err().code(), "unsupported");
}

#[tokio::test]
async fn instagram_publishes_a_carousel_through_polled_containers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{IG}/media")))
        .respond_with(ok("ig_container"))
        .mount(&server)
        .await;
    // The container is in progress on the first read, then finished.
    Mock::given(method("GET"))
        .and(path("/v24.0/17889455560051444"))
        .respond_with(ok("ig_status_in_progress"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v24.0/17889455560051444"))
        .respond_with(ok("ig_status_finished"))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{IG}/media_publish")))
        .and(query_param("creation_id", "17889455560051444"))
        .respond_with(ok("ig_published"))
        .expect(1)
        .mount(&server)
        .await;
    let client = ig(&server);
    let draft = Draft {
        images: vec![
            image("https://cdn.example/a.jpg"),
            image("https://cdn.example/b.jpg"),
        ],
        ..Draft::text("From the lab #engines")
    };
    let published = client.publish(&draft).await.unwrap();
    assert_eq!(published.id, "17920238422030506");
    let creates = received(&server, "POST", &format!("/v24.0/{IG}/media")).await;
    assert_eq!(creates.len(), 3, "two children and the carousel");
    assert_eq!(
        form_value(&creates[0], "is_carousel_item").as_deref(),
        Some("true")
    );
    assert_eq!(
        form_value(&creates[1], "image_url").as_deref(),
        Some("https://cdn.example/b.jpg")
    );
    assert_eq!(
        form_value(&creates[2], "media_type").as_deref(),
        Some("CAROUSEL")
    );
    assert_eq!(
        form_value(&creates[2], "children").as_deref(),
        Some("17889455560051444,17889455560051444")
    );
    assert_eq!(
        form_value(&creates[2], "caption").as_deref(),
        Some("From the lab #engines")
    );
    let polls = received(&server, "GET", "/v24.0/17889455560051444").await;
    assert!(
        polls.len() >= 4,
        "each container is polled: {}",
        polls.len()
    );
    assert_eq!(
        query(&polls[0], "fields").as_deref(),
        Some("status_code,status")
    );

    // What Instagram cannot take.
    let e = client.publish(&Draft::text("just text")).await.unwrap_err();
    assert_eq!(e.code(), "unsupported");
    let bytes_only = Draft {
        images: vec![DraftImage {
            mime_type: "image/png".into(),
            data_base64: Some("iVBORw0KGgo=".into()),
            url: None,
            alt_text: None,
        }],
        ..Draft::text("x")
    };
    assert_eq!(
        client.publish(&bytes_only).await.unwrap_err().code(),
        "unsupported"
    );
    let tags: String = (0..31).map(|i| format!("#tag{i} ")).collect();
    let too_many = Draft {
        images: vec![image("https://cdn.example/a.jpg")],
        ..Draft::text(tags)
    };
    assert_eq!(
        client.publish(&too_many).await.unwrap_err().field(),
        Some("text")
    );
    assert_eq!(
        received(&server, "POST", &format!("/v24.0/{IG}/media_publish"))
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn instagram_failed_container_is_an_upstream_error_and_nothing_is_published() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{IG}/media")))
        .respond_with(ok("ig_container"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v24.0/17889455560051444"))
        .respond_with(ok("ig_status_error"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{IG}/media_publish")))
        .respond_with(ok("ig_published"))
        .expect(0)
        .mount(&server)
        .await;
    let draft = Draft {
        images: vec![image("https://cdn.example/a.jpg")],
        ..Draft::text("x")
    };
    let e = ig(&server).publish(&draft).await.unwrap_err();
    assert_eq!(e.code(), "upstream", "{e}");
    assert!(e.message().contains("Media download has failed"), "{e}");

    // A container that never finishes gives up after the bounded polls.
    let slow = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v24.0/{IG}/media")))
        .respond_with(ok("ig_container"))
        .mount(&slow)
        .await;
    Mock::given(method("GET"))
        .and(path("/v24.0/17889455560051444"))
        .respond_with(ok("ig_status_in_progress"))
        .mount(&slow)
        .await;
    let e = ig(&slow).publish(&draft).await.unwrap_err();
    assert_eq!(e.code(), "upstream_unavailable", "{e}");
    assert_eq!(
        received(&slow, "GET", "/v24.0/17889455560051444")
            .await
            .len(),
        5
    );
}

#[tokio::test]
async fn expired_token_is_refreshed_and_the_call_retried_once() {
    let server = MockServer::start().await;
    // Graph answers an expired token with 400 and code 190, not 401.
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{IG}")))
        .and(header("authorization", "Bearer stale-token"))
        .respond_with(graph_error(400, "error_190"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{IG}")))
        .and(header("authorization", "Bearer fresh-token"))
        .respond_with(ok("ig_user"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_response("fresh-token")))
        .expect(1)
        .mount(&server)
        .await;
    let (credentials, manager) = managed(&server, "stale-token", "refresh-1", 3600).await;
    let client = Instagram::new(http(), &server.uri(), None, IG, credentials).unwrap();
    assert_eq!(client.profile().await.unwrap().followers, Some(8421));
    assert_eq!(
        received(&server, "GET", &format!("/v24.0/{IG}"))
            .await
            .len(),
        2
    );
    let stored = manager
        .store()
        .get(platform_common::ACCOUNT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.access_token.expose(), "fresh-token");

    // A refresh the provider refuses is reauth_required, with no Graph call.
    let revoked = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"})),
        )
        .mount(&revoked)
        .await;
    let (credentials, _) = managed(&revoked, "old-token", "revoked-refresh", -60).await;
    let client = Threads::new(http(), &revoked.uri(), None, Some(TU), credentials).unwrap();
    assert_eq!(
        client.audience().await.unwrap_err().code(),
        "reauth_required"
    );
    assert!(
        received(&revoked, "GET", &format!("/v1.0/{TU}/threads_insights"))
            .await
            .is_empty()
    );
}

// ---------------------------------------------------------------- Threads

fn th(server: &MockServer) -> Threads {
    Threads::new(
        http(),
        &server.uri(),
        None,
        None,
        Credentials::token("th-token"),
    )
    .unwrap()
    .with_polling(fast())
}

async fn th_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .and(header("authorization", "Bearer th-token"))
        .respond_with(ok("th_me"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn threads_profile_posts_and_metrics() {
    let server = th_server().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1.0/{TU}/threads_insights")))
        .and(query_param("metric", "followers_count"))
        .respond_with(ok("th_followers"))
        .mount(&server)
        .await;
    mount_pages(&server, &format!("/v1.0/{TU}/threads"), "th_threads", "TH").await;
    Mock::given(method("GET"))
        .and(path("/v1.0/18050000000000005/insights"))
        .and(query_param(
            "metric",
            "views,likes,replies,reposts,quotes,shares",
        ))
        .respond_with(ok("th_insights"))
        .mount(&server)
        .await;
    let client = th(&server);
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.platform, Platform::Threads);
    assert_eq!(profile.handle, "@ada.threads");
    assert_eq!(profile.summary.as_deref(), Some("Engines and notes."));
    assert_eq!(profile.followers, Some(2750));
    assert_eq!(client.audience().await.unwrap().followers, Some(2750));

    let posts = all_posts(&client, &PostsQuery::default(), 10)
        .await
        .unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "18050000000000005",
            "18050000000000003",
            "18050000000000002",
            "18050000000000001"
        ],
        "the REPOST_FACADE is skipped"
    );
    assert_eq!(posts[1].media_kind, MediaKind::Image);
    assert_eq!(posts[2].media_kind, MediaKind::Carousel);
    assert_eq!(
        posts[0].metrics.likes, None,
        "the listing carries no counts"
    );
    let since = PostsQuery {
        since: Some("2026-11-12T00:00:00Z".parse().unwrap()),
        ..PostsQuery::default()
    };
    let recent = all_posts(&client, &since, 10).await.unwrap();
    assert_eq!(recent.len(), 2);
    let reads = received(&server, "GET", &format!("/v1.0/{TU}/threads")).await;
    assert_eq!(reads.len(), 5, "three pages, then two with since");
    assert_eq!(query(&reads[3], "since").as_deref(), Some("1794441600"));

    let entries = client
        .post_metrics(&["18050000000000005".to_owned()])
        .await
        .unwrap();
    let m = &entries[0].metrics;
    assert_eq!(m.impressions, Some(4523));
    assert_eq!(m.likes, Some(187));
    assert_eq!(m.comments, Some(42));
    assert_eq!(
        m.shares,
        Some(31),
        "reposts + quotes; `shares` not reported"
    );
    assert_eq!(m.reach, None);
    assert!(!client.capabilities().reports(PostMetricKind::Reach));
    // `/me` is read once per client.
    assert_eq!(received(&server, "GET", "/v1.0/me").await.len(), 1);
}

#[tokio::test]
async fn threads_publishes_text_and_images_and_deletes() {
    let server = th_server().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1.0/{TU}/threads")))
        .respond_with(ok("th_container"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/18060000000000001"))
        .respond_with(ok("th_status_finished"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v1.0/{TU}/threads_publish")))
        .and(query_param("creation_id", "18060000000000001"))
        .respond_with(ok("th_published"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1.0/18050000000000006"))
        .respond_with(ok("th_deleted"))
        .expect(1)
        .mount(&server)
        .await;
    let client = th(&server);
    let draft = Draft {
        link: Some("https://ada.example/post".into()),
        ..Draft::text("Shipping today")
    };
    let published = client.publish(&draft).await.unwrap();
    assert_eq!(published.id, "18050000000000006");
    let creates = received(&server, "POST", &format!("/v1.0/{TU}/threads")).await;
    assert_eq!(
        form_value(&creates[0], "media_type").as_deref(),
        Some("TEXT")
    );
    assert_eq!(
        form_value(&creates[0], "text").as_deref(),
        Some("Shipping today\n\nhttps://ada.example/post")
    );
    assert!(
        received(&server, "GET", "/v1.0/18060000000000001")
            .await
            .is_empty(),
        "text containers are published without polling"
    );

    let with_image = Draft {
        images: vec![image("https://cdn.example/a.jpg")],
        ..Draft::text("Lab photo")
    };
    client.publish(&with_image).await.unwrap();
    let creates = received(&server, "POST", &format!("/v1.0/{TU}/threads")).await;
    assert_eq!(
        form_value(&creates[1], "media_type").as_deref(),
        Some("IMAGE")
    );
    assert_eq!(
        form_value(&creates[1], "image_url").as_deref(),
        Some("https://cdn.example/a.jpg")
    );
    assert_eq!(
        received(&server, "GET", "/v1.0/18060000000000001")
            .await
            .len(),
        1
    );
    assert_eq!(
        received(&server, "POST", &format!("/v1.0/{TU}/threads_publish"))
            .await
            .len(),
        2
    );

    let e = client
        .publish(&Draft::text("x".repeat(501)))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("text"));
    client.delete("18050000000000006").await.unwrap();
}

#[tokio::test]
async fn threads_publish_failure_is_not_retried() {
    let server = th_server().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1.0/{TU}/threads")))
        .respond_with(ok("th_container"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v1.0/{TU}/threads_publish")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let e = th(&server).publish(&Draft::text("hi")).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(
        received(&server, "POST", &format!("/v1.0/{TU}/threads_publish"))
            .await
            .len(),
        1,
        "no idempotency key: never repeated"
    );
}

// ---------------------------------------------------------------- Long-lived tokens

#[tokio::test]
async fn long_lived_tokens_are_refreshed_and_exchanged() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "th_refresh_token"))
        .and(query_param("access_token", "THQVJ-long-lived-1"))
        .respond_with(ok("th_long_lived"))
        .mount(&server)
        .await;
    let tokens = threads::refresh_long_lived_token(
        &http(),
        &server.uri(),
        &Secret::new("THQVJ-long-lived-1"),
    )
    .await
    .unwrap();
    assert_eq!(tokens.access_token.expose(), "THQVJ-long-lived-2");
    let days = (tokens.expires_at.unwrap() - chrono::Utc::now()).num_days();
    assert!((59..=60).contains(&days), "{days}");

    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("access_token", "THQVJ-revoked"))
        .respond_with(graph_error(400, "error_190"))
        .mount(&server)
        .await;
    let e =
        threads::refresh_long_lived_token(&http(), &server.uri(), &Secret::new("THQVJ-revoked"))
            .await
            .unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert!(!format!("{e} {e:?}").contains("THQVJ-revoked"), "{e:?}");

    Mock::given(method("GET"))
        .and(path("/v24.0/oauth/access_token"))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("client_id", "app-id"))
        .and(query_param("client_secret", "app-secret"))
        .and(query_param("fb_exchange_token", "EAAB-short"))
        .respond_with(ok("fb_long_lived"))
        .expect(1)
        .mount(&server)
        .await;
    let tokens = facebook::exchange_long_lived_token(
        &http(),
        &server.uri(),
        None,
        "app-id",
        &Secret::new("app-secret"),
        &Secret::new("EAAB-short"),
    )
    .await
    .unwrap();
    assert_eq!(tokens.access_token.expose(), "EAAB-long-lived");
    assert!(tokens.expires_at.is_some());
}

// ---------------------------------------------------------------- connect()

#[tokio::test]
async fn connect_builds_each_meta_client() {
    let server = fb_server().await;
    Mock::given(method("GET"))
        .and(path(format!("/v24.0/{PAGE}")))
        .and(header("authorization", "Bearer page-token"))
        .respond_with(ok("fb_page"))
        .mount(&server)
        .await;
    let spec: ClientSpec = serde_json::from_value(serde_json::json!({
        "platform": "facebook", "base_url": server.uri(), "account_id": PAGE,
        "access_token": "user-token",
    }))
    .unwrap();
    let client = connect(http(), &spec, None).unwrap();
    assert_eq!(client.profile().await.unwrap().followers, Some(5230));
    for platform in ["facebook", "instagram"] {
        let spec: ClientSpec = serde_json::from_value(serde_json::json!({
            "platform": platform, "access_token": "t",
        }))
        .unwrap();
        assert_eq!(
            connect(http(), &spec, None).err().unwrap().field(),
            Some("account_id")
        );
    }
    let spec: ClientSpec = serde_json::from_value(serde_json::json!({
        "platform": "threads", "access_token": "t", "api_version": "v1/../x",
    }))
    .unwrap();
    assert_eq!(
        connect(http(), &spec, None).err().unwrap().field(),
        Some("api_version")
    );
    let spec: ClientSpec = serde_json::from_value(serde_json::json!({
        "platform": "threads", "access_token": "t",
    }))
    .unwrap();
    assert_eq!(
        connect(http(), &spec, None)
            .unwrap()
            .capabilities()
            .platform,
        Platform::Threads
    );
}
