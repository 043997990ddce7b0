//! Account sync against a mock Mastodon instance on 127.0.0.1: a first full sync, an
//! idempotent second run, a failure midway that keeps what was fetched and resumes from the
//! failed page, and the page budget.
#![cfg(feature = "net")]

mod platform_common;

use brandpilot::model::{Platform, SeriesMetric};
use brandpilot::platform::Credentials;
use brandpilot::platform::mastodon::Mastodon;
use brandpilot::sync::{SyncOptions, SyncState, sync_account};
use chrono::{DateTime, Utc};
use platform_common::{fixture, http, received};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ME: &str = "/api/v1/accounts/verify_credentials";
const STATUSES: &str = "/api/v1/accounts/109302/statuses";

fn now() -> DateTime<Utc> {
    "2026-11-23T12:00:00Z".parse().unwrap()
}

/// A mock instance with the account and three linked pages; page 2 first fails
/// `page2_failures` times with 503.
async fn instance(page2_failures: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("mastodon/account.json")))
        .mount(&server)
        .await;
    let link = |max_id: &str| {
        format!(
            "<{}{STATUSES}?limit=40&max_id={max_id}>; rel=\"next\"",
            server.uri()
        )
    };
    if page2_failures > 0 {
        Mock::given(method("GET"))
            .and(path(STATUSES))
            .and(query_param("max_id", "113500007"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(page2_failures)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    for (page, cursor, next) in [
        (1, None, Some(link("113500007"))),
        (2, Some("113500007"), Some(link("113500005"))),
        (3, Some("113500005"), None),
    ] {
        let mut mock = Mock::given(method("GET")).and(path(STATUSES));
        if let Some(cursor) = cursor {
            mock = mock.and(query_param("max_id", cursor));
        }
        let mut response = ResponseTemplate::new(200)
            .set_body_json(fixture(&format!("mastodon/statuses_page{page}.json")));
        if let Some(next) = next {
            response = response.insert_header("link", next.as_str());
        }
        mock.respond_with(response)
            .with_priority(if cursor.is_some() { 2 } else { 5 })
            .mount(&server)
            .await;
    }
    server
}

fn client(server: &MockServer) -> Mastodon {
    Mastodon::new(http(), &server.uri(), Credentials::token("t")).unwrap()
}

#[tokio::test]
async fn first_sync_fetches_everything_and_a_second_changes_nothing() {
    let server = instance(0).await;
    let client = client(&server);
    let options = SyncOptions::default();
    let first = sync_account(&client, SyncState::default(), &options, now())
        .await
        .unwrap();
    assert!(first.complete && first.error.is_none());
    assert_eq!(
        (first.pages, first.new_posts, first.updated_posts),
        (3, 6, 0)
    );
    let snapshot = first.state.snapshot.clone().unwrap();
    assert_eq!(snapshot.profile.platform, Platform::Mastodon);
    assert_eq!(snapshot.posts.len(), 6);
    assert!(
        snapshot
            .posts
            .windows(2)
            .all(|w| w[0].created_at >= w[1].created_at)
    );
    let followers = snapshot
        .series
        .iter()
        .find(|s| s.metric == SeriesMetric::Followers)
        .unwrap();
    assert_eq!(followers.points.len(), 1);
    assert_eq!(followers.points[0].value, 1520.0);
    assert_eq!(
        first.state.newest_post_at,
        Some("2026-11-20T09:15:00Z".parse().unwrap())
    );
    assert!(snapshot.validate(now()).is_ok());

    // The stored state round-trips through JSON, as a host keeps it.
    let stored: SyncState =
        serde_json::from_str(&serde_json::to_string(&first.state).unwrap()).unwrap();
    let second = sync_account(&client, stored, &options, now())
        .await
        .unwrap();
    assert!(second.complete);
    assert_eq!(second.state.snapshot, first.state.snapshot, "idempotent");
    assert_eq!((second.new_posts, second.updated_posts), (0, 0));
    // Since 2026-11-13 (newest minus 7 days): page 2 already reaches older posts.
    assert_eq!(second.pages, 2);
}

#[tokio::test]
async fn a_failure_midway_keeps_what_was_fetched_and_resumes_at_the_failed_page() {
    // Page 2 fails on all three attempts of the first run, then recovers.
    let server = instance(3).await;
    let client = client(&server);
    let options = SyncOptions::default();
    let failed = sync_account(&client, SyncState::default(), &options, now())
        .await
        .unwrap();
    assert!(!failed.complete);
    let error = failed.error.clone().unwrap();
    assert_eq!(error.code, "upstream");
    assert!(error.retryable);
    assert_eq!(failed.pages, 1);
    assert_eq!(
        failed.state.snapshot.as_ref().unwrap().posts.len(),
        2,
        "page 1 kept"
    );
    let resume = failed.state.resume.clone().unwrap();
    assert_eq!(resume.cursor.as_deref(), Some("113500007"));
    assert_eq!(
        failed.state.newest_post_at, None,
        "not advanced before completion"
    );

    let page1_before = received(&server, "GET", STATUSES)
        .await
        .iter()
        .filter(|r| !r.url.query().unwrap_or("").contains("max_id"))
        .count();
    let resumed = sync_account(&client, failed.state, &options, now())
        .await
        .unwrap();
    assert!(resumed.complete, "{:?}", resumed.error);
    assert_eq!(resumed.pages, 2, "continues at page 2");
    let page1_after = received(&server, "GET", STATUSES)
        .await
        .iter()
        .filter(|r| !r.url.query().unwrap_or("").contains("max_id"))
        .count();
    assert_eq!(page1_before, page1_after, "page 1 is not fetched again");

    // The same snapshot as an uninterrupted sync.
    let clean_server = instance(0).await;
    let clean_client = Mastodon::new(http(), &clean_server.uri(), Credentials::token("t")).unwrap();
    let clean = sync_account(&clean_client, SyncState::default(), &options, now())
        .await
        .unwrap();
    let mut a = resumed.state.snapshot.unwrap();
    let mut b = clean.state.snapshot.unwrap();
    // Handles carry the instance host, which is the same loopback address.
    a.profile.handle.clear();
    b.profile.handle.clear();
    assert_eq!(a, b);
    assert_eq!(resumed.state.newest_post_at, clean.state.newest_post_at);
}

#[tokio::test]
async fn the_page_budget_leaves_the_rest_for_the_next_run() {
    let server = instance(0).await;
    let client = client(&server);
    let options = SyncOptions {
        max_pages: 2,
        ..SyncOptions::default()
    };
    let partial = sync_account(&client, SyncState::default(), &options, now())
        .await
        .unwrap();
    assert!(!partial.complete && partial.error.is_none());
    assert_eq!(partial.state.snapshot.as_ref().unwrap().posts.len(), 4);
    let rest = sync_account(&client, partial.state, &options, now())
        .await
        .unwrap();
    assert!(rest.complete);
    assert_eq!((rest.pages, rest.new_posts), (1, 2));
}

#[tokio::test]
async fn a_failed_profile_changes_nothing_and_bad_state_is_invalid_input() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ME))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture("mastodon/error_invalid_token.json")),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let state = SyncState::default();
    let result = sync_account(&client, state.clone(), &SyncOptions::default(), now())
        .await
        .unwrap();
    assert_eq!(result.error.unwrap().code, "reauth_required");
    assert_eq!(result.state, state);

    let other: SyncState = serde_json::from_value(serde_json::json!({
        "snapshot": {"profile": {"platform": "x", "handle": "ada"}}
    }))
    .unwrap();
    let e = sync_account(&client, other, &SyncOptions::default(), now())
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("state.snapshot.profile.platform"));
    let e = sync_account(
        &client,
        SyncState::default(),
        &SyncOptions {
            max_pages: 0,
            ..SyncOptions::default()
        },
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("options.max_pages"));
}
