//! The LinkedIn client against a mock API on 127.0.0.1 serving the documented shapes
//! (fixtures in `tests/fixtures/linkedin/`, cited in `tests/fixtures/README.md`), for a
//! member and an organisation page.
#![cfg(feature = "net")]

mod platform_common;

use brandpilot::Secret;
use brandpilot::model::{MediaKind, Platform};
use brandpilot::platform::linkedin::{DEFAULT_API_VERSION, LinkedIn};
use brandpilot::platform::{
    ClientSpec, Draft, DraftImage, PostMetricKind, PostsQuery, SocialPlatform, all_posts, connect,
};
use platform_common::{TOKEN_PATH, fixture, http, managed, received, token_response};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

const USERINFO: &str = "/v2/userinfo";
const POSTS: &str = "/rest/posts";
const PERSON: &str = "urn%3Ali%3Aperson%3A782bbtaQ";
const ORG: &str = "urn%3Ali%3Aorganization%3A2414183";

/// A server that knows the member `good-token` belongs to.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(USERINFO))
        .and(header("authorization", "Bearer good-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("linkedin/userinfo.json")))
        .mount(&server)
        .await;
    server
}

fn spec(server: &MockServer, account_id: Option<&str>, scopes: &[&str]) -> ClientSpec {
    ClientSpec {
        platform: Some(Platform::Linkedin),
        base_url: Some(server.uri()),
        account_id: account_id.map(str::to_owned),
        access_token: Some(Secret::new("good-token")),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        ..ClientSpec::default()
    }
}

fn member(server: &MockServer, scopes: &[&str]) -> LinkedIn {
    LinkedIn::from_spec(http(), &spec(server, None, scopes), None).unwrap()
}

fn organization(server: &MockServer) -> LinkedIn {
    LinkedIn::from_spec(
        http(),
        &spec(server, Some("urn:li:organization:2414183"), &[]),
        None,
    )
    .unwrap()
}

/// The raw (still percent-encoded) query string the server saw.
fn raw_query(request: &Received) -> String {
    request.url.query().unwrap_or_default().to_owned()
}

/// Every request the server saw on a `/rest/` path carried the versioning headers.
async fn assert_versioned(server: &MockServer, version: &str) {
    let requests = server.received_requests().await.unwrap();
    let rest: Vec<&Received> = requests
        .iter()
        .filter(|r| r.url.path().starts_with("/rest/"))
        .collect();
    assert!(!rest.is_empty());
    for r in rest {
        assert_eq!(r.headers["linkedin-version"], version, "{}", r.url);
        assert_eq!(r.headers["x-restli-protocol-version"], "2.0.0", "{}", r.url);
        assert_eq!(r.headers["authorization"], "Bearer good-token", "{}", r.url);
    }
}

/// Serves the three fixture pages of the member's posts, by `start`.
async fn mount_pages(server: &MockServer) {
    for (page, start) in [(1, "0"), (2, "3"), (3, "6")] {
        Mock::given(method("GET"))
            .and(path(POSTS))
            .and(query_param("q", "author"))
            .and(query_param("author", "urn:li:person:782bbtaQ"))
            .and(query_param("start", start))
            .and(header("x-restli-method", "FINDER"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(fixture(&format!("linkedin/posts_page{page}.json"))),
            )
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn member_profile_from_userinfo() {
    let server = server().await;
    let client = member(&server, &[]);
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.platform, Platform::Linkedin);
    assert_eq!(profile.handle, "782bbtaQ", "userinfo has no vanity name");
    assert_eq!(profile.display_name.as_deref(), Some("Ada Lovelace"));
    assert!(profile.has_photo);
    assert_eq!(
        profile.followers, None,
        "no r_member_profileAnalytics: absent"
    );
    assert_eq!(client.audience().await.unwrap().followers, None);
    assert!(!client.capabilities().followers);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        1,
        "the member is fetched once, nothing else"
    );
    // userinfo is OpenID Connect, not the versioned API.
    assert!(!requests[0].headers.contains_key("linkedin-version"));
}

#[tokio::test]
async fn member_followers_with_the_profile_analytics_grant() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/rest/memberFollowersCount"))
        .and(query_param("q", "me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture("linkedin/member_followers_count.json")),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = member(&server, &["openid", "r_member_profileAnalytics"]);
    assert!(client.capabilities().followers);
    assert_eq!(client.profile().await.unwrap().followers, Some(961));
    let audience = client.audience().await.unwrap();
    assert_eq!(
        (audience.followers, audience.following, audience.connections),
        (Some(961), None, None)
    );
    assert_versioned(&server, DEFAULT_API_VERSION).await;
}

#[tokio::test]
async fn organization_profile_and_followers_with_a_chosen_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations/2414183"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("linkedin/organization.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/rest/networkSizes/{ORG}")))
        .and(query_param("edgeType", "COMPANY_FOLLOWED_BY_MEMBER"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("linkedin/network_size.json")),
        )
        .mount(&server)
        .await;
    let spec = ClientSpec {
        api_version: Some("202511".into()),
        ..spec(&server, Some("2414183"), &[])
    };
    let client = LinkedIn::from_spec(http(), &spec, None).unwrap();
    let profile = client.profile().await.unwrap();
    assert_eq!(profile.handle, "analytical-engines");
    assert_eq!(
        profile.display_name.as_deref(),
        Some("Analytical Engines Ltd")
    );
    assert_eq!(profile.website.as_deref(), Some("https://engines.example"));
    assert!(profile.has_photo && !profile.has_banner);
    assert_eq!(profile.followers, Some(219145));
    assert_eq!(client.audience().await.unwrap().followers, Some(219145));
    assert!(client.capabilities().followers);
    assert!(!client.capabilities().connections);
    // No userinfo call for a page; the URN in the path is encoded.
    assert!(received(&server, "GET", USERINFO).await.is_empty());
    assert_eq!(
        received(&server, "GET", &format!("/rest/networkSizes/{ORG}"))
            .await
            .len(),
        2
    );
    assert_versioned(&server, "202511").await;
}

#[tokio::test]
async fn posts_walk_three_pages_by_start_and_count() {
    let server = server().await;
    mount_pages(&server).await;
    let client = member(&server, &[]);
    let query = PostsQuery {
        page_size: Some(3),
        ..PostsQuery::default()
    };
    let posts = all_posts(&client, &query, 10).await.unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    // 8 posts, one a draft (skipped).
    assert_eq!(
        ids,
        [
            "urn:li:share:7300000000000000009",
            "urn:li:ugcPost:7300000000000000007",
            "urn:li:share:7300000000000000006",
            "urn:li:ugcPost:7300000000000000005",
            "urn:li:share:7300000000000000004",
            "urn:li:share:7300000000000000003",
            "urn:li:share:7300000000000000002",
        ]
    );
    let first = &posts[0];
    assert_eq!(
        first.text,
        "Shipping the analytical engine notes today (v2)! Thanks Charles Babbage #rust"
    );
    assert_eq!(first.created_at.timestamp_millis(), 1763900000000);
    assert_eq!(first.media_kind, MediaKind::Image);
    assert_eq!(
        first.metrics.impressions, None,
        "the listing carries no metrics"
    );
    assert_eq!(first.metrics.likes, None);
    let kinds: Vec<MediaKind> = posts.iter().map(|p| p.media_kind).collect();
    assert_eq!(
        kinds,
        [
            MediaKind::Image,
            MediaKind::Link,
            MediaKind::Carousel,
            MediaKind::Video,
            MediaKind::Poll,
            MediaKind::Document,
            MediaKind::None
        ]
    );
    let pages = received(&server, "GET", POSTS).await;
    assert_eq!(pages.len(), 3);
    for (request, start) in pages.iter().zip(["0", "3", "6"]) {
        let query = raw_query(request);
        assert!(query.contains(&format!("author={PERSON}")), "{query}");
        assert!(query.contains("q=author"), "{query}");
        assert!(query.contains("sortBy=CREATED"), "{query}");
        assert!(query.contains("count=3"), "{query}");
        assert!(query.contains(&format!("start={start}")), "{query}");
    }
    assert_versioned(&server, DEFAULT_API_VERSION).await;
    let e = client
        .posts(&PostsQuery {
            cursor: Some("next-please".into()),
            ..PostsQuery::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("cursor"));
}

#[tokio::test]
async fn since_stops_paging_at_older_posts() {
    let server = server().await;
    mount_pages(&server).await;
    let client = member(&server, &[]);
    let query = PostsQuery {
        // Between the posts of page 2 (1763600000000, …500…, …400…).
        since: Some(chrono::DateTime::from_timestamp_millis(1763450000000).unwrap()),
        page_size: Some(3),
        ..PostsQuery::default()
    };
    let posts = all_posts(&client, &query, 10).await.unwrap();
    assert_eq!(posts.len(), 4, "{posts:?}");
    assert!(posts.iter().all(|p| p.created_at >= query.since.unwrap()));
    assert_eq!(
        received(&server, "GET", POSTS).await.len(),
        2,
        "page 3 is not fetched"
    );
}

#[tokio::test]
async fn member_metrics_are_absent_without_the_analytics_scope() {
    let server = server().await;
    let client = member(&server, &["openid", "w_member_social"]);
    assert!(client.capabilities().post_metrics.is_empty());
    let metrics = client
        .post_metrics(&["urn:li:share:7300000000000000009".to_owned()])
        .await
        .unwrap();
    assert_eq!(metrics.len(), 1);
    assert_eq!(metrics[0].id, "urn:li:share:7300000000000000009");
    let m = &metrics[0].metrics;
    assert_eq!(
        (m.impressions, m.reach, m.likes, m.comments, m.shares),
        (None, None, None, None, None),
        "absent, not 0"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    let e = client.post_metrics(&["7300".to_owned()]).await.unwrap_err();
    assert_eq!(e.field(), Some("ids[0]"));
}

#[tokio::test]
async fn member_metrics_with_the_analytics_scope() {
    let server = server().await;
    let analytics = "/rest/memberCreatorPostAnalytics";
    for (metric, count) in [
        ("IMPRESSION", Some(1234)),
        ("MEMBERS_REACHED", None),
        ("REACTION", Some(56)),
        ("COMMENT", Some(0)),
        ("RESHARE", Some(4)),
    ] {
        let body = match count {
            Some(count) => {
                let mut body = fixture("linkedin/member_analytics_total.json");
                body["elements"][0]["count"] = count.into();
                body
            }
            None => fixture("linkedin/member_analytics_empty.json"),
        };
        Mock::given(method("GET"))
            .and(path(analytics))
            .and(query_param("q", "entity"))
            .and(query_param("queryType", metric))
            .and(query_param("aggregation", "TOTAL"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let client = member(&server, &["r_member_postAnalytics"]);
    let caps = client.capabilities();
    assert!(caps.reports(PostMetricKind::Impressions) && caps.reports(PostMetricKind::Reach));
    assert!(!caps.reports(PostMetricKind::Clicks) && !caps.reports(PostMetricKind::Saves));
    let ids = vec![
        "urn:li:share:7300000000000000009".to_owned(),
        "urn:li:ugcPost:7300000000000000007".to_owned(),
    ];
    let metrics = client.post_metrics(&ids).await.unwrap();
    let m = &metrics[0].metrics;
    assert_eq!(m.impressions, Some(1234));
    assert_eq!(m.reach, None, "no data point: absent");
    assert_eq!(
        (m.likes, m.comments, m.shares),
        (Some(56), Some(0), Some(4))
    );
    assert_eq!(m.clicks, None);
    assert_eq!(metrics[1].id, ids[1]);
    let calls = received(&server, "GET", analytics).await;
    assert_eq!(calls.len(), 10, "five metrics per post");
    let queries: Vec<String> = calls.iter().map(raw_query).collect();
    assert!(
        queries[..5]
            .iter()
            .all(|q| q.contains("entity=(share:urn%3Ali%3Ashare%3A7300000000000000009)")),
        "{queries:?}"
    );
    assert!(
        queries[5..]
            .iter()
            .all(|q| q.contains("entity=(ugc:urn%3Ali%3AugcPost%3A7300000000000000007)")),
        "{queries:?}"
    );
    assert_versioned(&server, DEFAULT_API_VERSION).await;
}

#[tokio::test]
async fn organization_metrics_from_share_statistics() {
    let server = MockServer::start().await;
    let stats = "/rest/organizationalEntityShareStatistics";
    Mock::given(method("GET"))
        .and(path(stats))
        .and(query_param("q", "organizationalEntity"))
        .and(query_param(
            "organizationalEntity",
            "urn:li:organization:2414183",
        ))
        .and(wiremock::matchers::query_param_contains("shares", "List("))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("linkedin/share_statistics.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(stats))
        .and(wiremock::matchers::query_param_contains(
            "ugcPosts", "List(",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("linkedin/ugc_post_statistics.json")),
        )
        .mount(&server)
        .await;
    let client = organization(&server);
    let caps = client.capabilities();
    for metric in [
        PostMetricKind::Impressions,
        PostMetricKind::Reach,
        PostMetricKind::Clicks,
        PostMetricKind::Likes,
        PostMetricKind::Comments,
        PostMetricKind::Shares,
    ] {
        assert!(caps.reports(metric), "{metric:?}");
    }
    assert!(!caps.reports(PostMetricKind::Saves));
    let ids: Vec<String> = [
        "urn:li:share:7300000000000000009",
        "urn:li:ugcPost:7300000000000000007",
        "urn:li:share:7300000000000000001",
    ]
    .map(str::to_owned)
    .to_vec();
    let metrics = client.post_metrics(&ids).await.unwrap();
    let m = &metrics[0].metrics;
    assert_eq!(
        (
            m.impressions,
            m.reach,
            m.clicks,
            m.likes,
            m.comments,
            m.shares
        ),
        (Some(1500), Some(950), Some(48), Some(61), Some(7), Some(12))
    );
    assert_eq!(m.saves, None);
    assert_eq!(metrics[1].metrics.impressions, Some(640));
    assert_eq!(metrics[1].metrics.comments, Some(0));
    assert_eq!(
        metrics[2].metrics.impressions, None,
        "not in the answer: absent"
    );
    let calls = received(&server, "GET", stats).await;
    assert_eq!(calls.len(), 2);
    let shares = raw_query(&calls[0]);
    assert!(
        shares.contains(&format!("organizationalEntity={ORG}")),
        "{shares}"
    );
    assert!(
        shares.contains(
            "shares=List(urn%3Ali%3Ashare%3A7300000000000000009,urn%3Ali%3Ashare%3A7300000000000000001)"
        ),
        "{shares}"
    );
    assert!(
        raw_query(&calls[1]).contains("ugcPosts=List(urn%3Ali%3AugcPost%3A7300000000000000007)")
    );
    assert_versioned(&server, DEFAULT_API_VERSION).await;
}

/// Mounts the Images API: initialisation answers with an upload URL on `server`.
async fn mount_images(server: &MockServer) {
    let mut init = fixture("linkedin/image_initialize_upload.json");
    let url = init["value"]["uploadUrl"]
        .as_str()
        .unwrap()
        .replace("{{server}}", &server.uri());
    init["value"]["uploadUrl"] = url.into();
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .and(query_param("action", "initializeUpload"))
        .respond_with(ResponseTemplate::new(200).set_body_json(init))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0"))
        .respond_with(ResponseTemplate::new(201))
        .mount(server)
        .await;
}

fn png(alt: Option<&str>) -> DraftImage {
    DraftImage {
        mime_type: "image/png".into(),
        data_base64: Some("iVBORw0KGgo=".into()),
        url: None,
        alt_text: alt.map(str::to_owned),
    }
}

#[tokio::test]
async fn publish_uploads_images_and_reads_the_id_from_the_header() {
    let server = server().await;
    mount_images(&server).await;
    Mock::given(method("POST"))
        .and(path(POSTS))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-restli-id", "urn:li:share:7300000000000000010"),
        )
        .mount(&server)
        .await;
    let client = member(&server, &[]);
    let draft = Draft {
        link: Some("https://ada.example/post".into()),
        images: vec![png(Some("A loom")), png(None)],
        ..Draft::text("Hello (from) brandpilot #rust")
    };
    let published = client.publish(&draft).await.unwrap();
    assert_eq!(published.id, "urn:li:share:7300000000000000010");
    assert_eq!(published.platform, Platform::Linkedin);

    let inits = received(&server, "POST", "/rest/images").await;
    assert_eq!(inits.len(), 2);
    let init: serde_json::Value = serde_json::from_slice(&inits[0].body).unwrap();
    assert_eq!(
        init,
        serde_json::json!({"initializeUploadRequest": {"owner": "urn:li:person:782bbtaQ"}})
    );
    let puts = received(
        &server,
        "PUT",
        "/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0",
    )
    .await;
    assert_eq!(puts.len(), 2);
    assert_eq!(puts[0].body, b"\x89PNG\r\n\x1a\n");
    assert_eq!(puts[0].headers["content-type"], "image/png");
    assert_eq!(puts[0].headers["authorization"], "Bearer good-token");

    let creates = received(&server, "POST", POSTS).await;
    assert_eq!(creates.len(), 1);
    assert!(!creates[0].headers.contains_key("idempotency-key"));
    let body: serde_json::Value = serde_json::from_slice(&creates[0].body).unwrap();
    assert_eq!(body["author"], "urn:li:person:782bbtaQ");
    assert_eq!(
        body["commentary"],
        "Hello \\(from\\) brandpilot {hashtag|\\#|rust}\n\nhttps://ada.example/post"
    );
    assert_eq!(body["visibility"], "PUBLIC");
    assert_eq!(body["lifecycleState"], "PUBLISHED");
    assert_eq!(body["distribution"]["feedDistribution"], "MAIN_FEED");
    assert_eq!(
        body["content"],
        serde_json::json!({"multiImage": {"images": [
            {"id": "urn:li:image:C4E10AQFoyyAjHPMQuQ", "altText": "A loom"},
            {"id": "urn:li:image:C4E10AQFoyyAjHPMQuQ"},
        ]}})
    );
    assert_versioned(&server, DEFAULT_API_VERSION).await;

    // One image is `content.media`; a page posts as the organisation.
    let page = organization(&server);
    let draft = Draft {
        images: vec![png(Some("Logo"))],
        ..Draft::text("One picture")
    };
    page.publish(&draft).await.unwrap();
    let creates = received(&server, "POST", POSTS).await;
    let body: serde_json::Value = serde_json::from_slice(&creates[1].body).unwrap();
    assert_eq!(body["author"], "urn:li:organization:2414183");
    assert_eq!(
        body["content"],
        serde_json::json!({"media": {"id": "urn:li:image:C4E10AQFoyyAjHPMQuQ", "altText": "Logo"}})
    );
    let inits = received(&server, "POST", "/rest/images").await;
    let init: serde_json::Value = serde_json::from_slice(&inits[2].body).unwrap();
    assert_eq!(
        init["initializeUploadRequest"]["owner"],
        "urn:li:organization:2414183"
    );
}

#[tokio::test]
async fn a_failed_publish_is_sent_exactly_once() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(POSTS))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = member(&server, &[]);
    assert!(!client.capabilities().idempotent_publish);
    let e = client.publish(&Draft::text("Once only")).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(500)), "{e}");
    assert_eq!(
        received(&server, "POST", POSTS).await.len(),
        1,
        "never retried"
    );
    // A 201 without the id header is reported, not invented.
    let server = server_with_created_without_id().await;
    let e = member(&server, &[])
        .publish(&Draft::text("x"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_response");
}

async fn server_with_created_without_id() -> MockServer {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(POSTS))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn delete_sends_the_encoded_urn() {
    let server = MockServer::start().await;
    let target = "/rest/posts/urn%3Ali%3Ashare%3A7300000000000000009";
    Mock::given(method("DELETE"))
        .and(path(target))
        .and(header("x-restli-method", "DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = organization(&server);
    client
        .delete("urn:li:share:7300000000000000009")
        .await
        .unwrap();
    assert_versioned(&server, DEFAULT_API_VERSION).await;
    let e = client.delete("7300000000000000009").await.unwrap_err();
    assert_eq!(e.field(), Some("id"));
}

#[tokio::test]
async fn errors_map_onto_codes() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(POSTS))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(fixture("linkedin/error_access_denied.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(POSTS))
        .respond_with(
            ResponseTemplate::new(422).set_body_json(fixture("linkedin/error_invalid_param.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A404"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(fixture("linkedin/error_not_found.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A429"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(fixture("linkedin/error_throttled.json")),
        )
        .mount(&server)
        .await;
    let client = member(&server, &[]);
    let e = client.posts(&PostsQuery::default()).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(403)), "{e}");
    assert!(e.message().contains("Not enough permissions"), "{e}");
    assert!(e.message().contains("ACCESS_DENIED"), "{e}");
    let e = client.publish(&Draft::text("x")).await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(422)));
    assert!(e.message().contains("length of commentary"), "{e}");
    let e = client.delete("urn:li:share:404").await.unwrap_err();
    assert_eq!((e.code(), e.status()), ("upstream", Some(404)));
    let e = client.delete("urn:li:share:429").await.unwrap_err();
    assert_eq!(e.code(), "rate_limited", "{e}");
    let e = client
        .publish(&Draft::text("x".repeat(3001)))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("text"));
    let e = client
        .publish(&Draft {
            images: vec![DraftImage {
                data_base64: None,
                url: Some("https://img.example/a.png".into()),
                ..png(None)
            }],
            ..Draft::text("x")
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "unsupported", "{e}");

    // A revoked token: 401 with serviceErrorCode 65601.
    Mock::given(method("GET"))
        .and(path(USERINFO))
        .and(header("authorization", "Bearer revoked-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("linkedin/error_revoked_token.json")),
        )
        .mount(&server)
        .await;
    let revoked = LinkedIn::from_spec(
        http(),
        &ClientSpec {
            access_token: Some(Secret::new("revoked-token")),
            ..spec(&server, None, &[])
        },
        None,
    )
    .unwrap();
    let e = revoked.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert!(e.message().contains("revoked by the user"), "{e}");
    assert!(!e.to_string().contains("revoked-token"));

    // Bad specs are invalid input, never a panic.
    for (account, version, field) in [
        (Some("urn:li:person:abc"), None, "account_id"),
        (None, Some("2026-09"), "api_version"),
        (None, Some("20260"), "api_version"),
    ] {
        let spec = ClientSpec {
            api_version: version.map(str::to_owned),
            ..spec(&server, account, &[])
        };
        let e = LinkedIn::from_spec(http(), &spec, None).unwrap_err();
        assert_eq!(e.field(), Some(field));
    }
    assert!(
        LinkedIn::from_spec(
            http(),
            &ClientSpec {
                api_version: Some("202609.01".into()),
                ..spec(&server, None, &[])
            },
            None
        )
        .is_ok()
    );
}

#[tokio::test]
async fn expired_token_is_refreshed_and_the_call_retried_once() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(USERINFO))
        .and(header("authorization", "Bearer stale-token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "serviceErrorCode": 65602, "code": "EXPIRED_ACCESS_TOKEN",
            "message": "The token used in the request has expired", "status": 401
        })))
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
    let client = LinkedIn::from_spec(http(), &spec(&server, None, &[]), Some(credentials)).unwrap();
    assert_eq!(client.profile().await.unwrap().handle, "782bbtaQ");
    assert_eq!(received(&server, "GET", USERINFO).await.len(), 2);
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
    let (credentials, _) = managed(&server, "old-token", "revoked-refresh", -60).await;
    let client = LinkedIn::from_spec(http(), &spec(&server, None, &[]), Some(credentials)).unwrap();
    let e = client.profile().await.unwrap_err();
    assert_eq!(e.code(), "reauth_required");
    assert!(received(&server, "GET", USERINFO).await.is_empty());
}

#[tokio::test]
async fn connect_builds_the_linkedin_client() {
    let server = server().await;
    let client = connect(
        http(),
        &spec(&server, None, &["r_member_postAnalytics"]),
        None,
    )
    .unwrap();
    assert_eq!(client.capabilities().platform, Platform::Linkedin);
    assert!(client.capabilities().reports(PostMetricKind::Impressions));
    assert_eq!(client.profile().await.unwrap().handle, "782bbtaQ");
    let no_token = ClientSpec {
        access_token: None,
        ..spec(&server, None, &[])
    };
    assert_eq!(
        connect(http(), &no_token, None).err().unwrap().field(),
        Some("access_token")
    );
}

#[tokio::test]
async fn organization_posts_are_listed_by_the_page_urn() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(POSTS))
        .and(query_param("author", "urn:li:organization:2414183"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("linkedin/posts_page3.json")),
        )
        .mount(&server)
        .await;
    let client = organization(&server);
    let page = client.posts(&PostsQuery::default()).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.next_cursor, None, "2 posts of 50 asked: the last page");
    let calls = received(&server, "GET", POSTS).await;
    let query = raw_query(&calls[0]);
    assert!(query.contains(&format!("author={ORG}")), "{query}");
    assert!(query.contains("start=0&count=50"), "{query}");
    assert!(received(&server, "GET", USERINFO).await.is_empty());
    assert_versioned(&server, DEFAULT_API_VERSION).await;
}

/// Serves a page: its profile, followers, one page of posts and its daily statistics.
async fn mount_page(server: &MockServer) {
    for (p, file) in [
        (
            "/rest/organizations/2414183".to_owned(),
            "organization.json",
        ),
        (format!("/rest/networkSizes/{ORG}"), "network_size.json"),
        (
            "/rest/organizationPageStatistics".to_owned(),
            "page_statistics_daily.json",
        ),
        (POSTS.to_owned(), "posts_page3.json"),
    ] {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(fixture(&format!("linkedin/{file}"))),
            )
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityShareStatistics"))
        .and(query_param("q", "organizationalEntity"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture("linkedin/share_statistics_daily.json")),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_page_reports_daily_views_and_impressions() {
    use brandpilot::model::SeriesMetric;
    let server = MockServer::start().await;
    mount_page(&server).await;
    let client = organization(&server);
    assert_eq!(
        client.capabilities().daily_series,
        [SeriesMetric::ProfileViews, SeriesMetric::Impressions]
    );
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let series = client
        .daily_series(day("2026-11-20"), day("2026-11-22"))
        .await
        .unwrap();
    let points = |m: SeriesMetric| -> Vec<(String, f64)> {
        series
            .iter()
            .find(|s| s.metric == m)
            .unwrap()
            .points
            .iter()
            .map(|p| (p.date.to_string(), p.value))
            .collect()
    };
    // 2026-11-21 has no view count: absent, never 0.
    assert_eq!(
        points(SeriesMetric::ProfileViews),
        [
            ("2026-11-20".to_owned(), 148.0),
            ("2026-11-22".to_owned(), 203.0)
        ]
    );
    assert_eq!(points(SeriesMetric::Impressions).len(), 3);
    for p in [
        "/rest/organizationPageStatistics",
        "/rest/organizationalEntityShareStatistics",
    ] {
        let calls = received(&server, "GET", p).await;
        let query = raw_query(&calls[0]);
        // 2026-11-20T00:00Z .. 2026-11-23T00:00Z in epoch ms, Rest.li syntax kept.
        assert!(
            query.contains(
                "timeIntervals=(timeRange:(start:1795132800000,end:1795392000000),timeGranularityType:DAY)"
            ),
            "{query}"
        );
        assert!(query.contains(ORG), "{query}");
    }
    assert_versioned(&server, DEFAULT_API_VERSION).await;
    // A member has no daily series; a backwards range is bad input.
    let e = member(&server, &[])
        .daily_series(day("2026-11-20"), day("2026-11-22"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "unsupported");
    let e = client
        .daily_series(day("2026-11-22"), day("2026-11-20"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
}

#[tokio::test]
async fn syncing_a_page_fills_its_daily_series_idempotently() {
    use brandpilot::model::SeriesMetric;
    use brandpilot::sync::{SyncOptions, SyncState, sync_account};
    let server = MockServer::start().await;
    mount_page(&server).await;
    let client = organization(&server);
    let now = "2026-11-23T12:00:00Z".parse().unwrap();
    let first = sync_account(&client, SyncState::default(), &SyncOptions::default(), now)
        .await
        .unwrap();
    assert!(first.complete && first.error.is_none(), "{:?}", first.error);
    let snapshot = first.state.snapshot.clone().unwrap();
    let len = |m: SeriesMetric| {
        snapshot
            .series
            .iter()
            .find(|s| s.metric == m)
            .map_or(0, |s| s.points.len())
    };
    assert_eq!(len(SeriesMetric::ProfileViews), 2);
    assert_eq!(len(SeriesMetric::Impressions), 3);
    assert_eq!(len(SeriesMetric::Followers), 1);
    assert!(snapshot.validate(now).is_ok());
    // The first sync asks for the last 30 complete days.
    let calls = received(&server, "GET", "/rest/organizationPageStatistics").await;
    assert!(raw_query(&calls[0]).contains("start:1792800000000,end:1795392000000"));
    let second = sync_account(&client, first.state.clone(), &SyncOptions::default(), now)
        .await
        .unwrap();
    assert_eq!(second.state.snapshot, first.state.snapshot, "idempotent");
    // The second asks from two days before the latest point it has.
    let calls = received(&server, "GET", "/rest/organizationPageStatistics").await;
    assert!(
        raw_query(&calls[1]).contains("start:1795132800000,"),
        "{}",
        raw_query(&calls[1])
    );
}
