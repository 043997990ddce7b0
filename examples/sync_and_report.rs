//! The main job, online: sync an account from a platform and print its brand report.
//!
//! ```text
//! cargo run --release --example sync_and_report                   # offline: a local mock Mastodon
//! BRANDPILOT_PLATFORM=mastodon BRANDPILOT_BASE_URL=https://mastodon.social \
//!   BRANDPILOT_TOKEN=… cargo run --release --example sync_and_report
//! cargo run --release --example sync_and_report -- --state state.json   # incremental runs
//! cargo run --release --example sync_and_report -- --json               # machine-readable
//! ```
//!
//! Configuration (environment): `BRANDPILOT_PLATFORM` (`mastodon`, `x`, `linkedin`,
//! `facebook`, `instagram`, `threads`, `bluesky`), `BRANDPILOT_TOKEN` (an access token),
//! `BRANDPILOT_BASE_URL` (the API root: the instance for Mastodon), `BRANDPILOT_ACCOUNT_ID`
//! (a LinkedIn organisation, Facebook Page or Instagram account), `BRANDPILOT_IDENTIFIER` and
//! `BRANDPILOT_APP_PASSWORD` (Bluesky), `BRANDPILOT_SCOPES` (comma-separated grants),
//! `BRANDPILOT_INDUSTRY` (default `technology`). Without `BRANDPILOT_PLATFORM` it starts a
//! mock Mastodon instance on 127.0.0.1 serving the fixtures in `core/tests/fixtures/mastodon`
//! (the documented API shapes) and runs against it, so it works offline.
//!
//! With `--state FILE` the sync state (the merged snapshot and where the next sync starts)
//! is read from and written back to FILE, so each run only fetches what is new.

use std::process::ExitCode;

use brandpilot::Secret;
use brandpilot::http::{HttpClient, HttpConfig};
use brandpilot::model::Platform;
use brandpilot::platform::{ClientSpec, connect};
use brandpilot::sync::{SyncOptions, SyncState, sync_account};
use brandpilot_examples::{ReportFile, report};
use chrono::{DateTime, Utc};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fixtures' moment: the offline report is the same on every run.
const OFFLINE_NOW: &str = "2026-11-23T12:00:00Z";
const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/mastodon"
);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sync_and_report: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut as_json = false;
    let mut state_path = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => as_json = true,
            "--state" => state_path = Some(args.next().ok_or("--state needs a path")?),
            "-h" | "--help" => {
                println!("usage: sync_and_report [--state FILE] [--json]  (see the file's docs)");
                return Ok(());
            }
            _ => return Err(format!("unknown argument {arg}")),
        }
    }

    // Keep the mock server alive for the whole run when offline.
    let (spec, now, _mock) = match env("BRANDPILOT_PLATFORM") {
        Some(platform) => (online_spec(&platform)?, Utc::now(), None),
        None => {
            let server = mock_mastodon().await?;
            let spec = ClientSpec {
                platform: Some(Platform::Mastodon),
                base_url: Some(server.uri()),
                access_token: Some(Secret::new("offline-demo-token")),
                ..ClientSpec::default()
            };
            eprintln!(
                "sync_and_report: no BRANDPILOT_PLATFORM set; syncing a mock Mastodon at {}",
                server.uri()
            );
            let now: DateTime<Utc> = OFFLINE_NOW.parse().map_err(|e| format!("{e}"))?;
            (spec, now, Some(server))
        }
    };

    let http = HttpClient::new(HttpConfig::default()).map_err(|e| e.to_string())?;
    let client = connect(http, &spec, None).map_err(|e| format!("[{}] {e}", e.code()))?;
    let state: SyncState = match &state_path {
        Some(p) if std::path::Path::new(p).exists() => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read {p}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("{p} is not a sync state: {e}"))?
        }
        _ => SyncState::default(),
    };
    let result = sync_account(client.as_ref(), state, &SyncOptions::default(), now)
        .await
        .map_err(|e| format!("[{}] {e}", e.code()))?;
    eprintln!(
        "sync_and_report: {} page(s), {} new and {} updated post(s){}",
        result.pages,
        result.new_posts,
        result.updated_posts,
        if result.complete {
            ""
        } else {
            "; more to fetch next run"
        }
    );
    if let Some(p) = &state_path {
        let text = serde_json::to_string(&result.state).map_err(|e| e.to_string())?;
        std::fs::write(p, text).map_err(|e| format!("cannot write {p}: {e}"))?;
    }
    if let Some(error) = &result.error {
        eprintln!(
            "sync_and_report: the sync stopped early [{}]: {}",
            error.code, error.message
        );
    }
    let Some(snapshot) = result.state.snapshot else {
        return Err("nothing was fetched, so there is nothing to report".to_owned());
    };
    let file = ReportFile {
        now,
        industry: env("BRANDPILOT_INDUSTRY").unwrap_or_else(|| "technology".to_owned()),
        time_zone: None,
        snapshot,
        goals: Vec::new(),
    };
    print!("{}", report(file, as_json, None)?);
    Ok(())
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The client spec from the environment.
fn online_spec(platform: &str) -> Result<ClientSpec, String> {
    let platform: Platform = platform
        .parse()
        .map_err(|e: brandpilot::Error| e.to_string())?;
    Ok(ClientSpec {
        platform: Some(platform),
        base_url: env("BRANDPILOT_BASE_URL"),
        account_id: env("BRANDPILOT_ACCOUNT_ID"),
        access_token: env("BRANDPILOT_TOKEN").map(Secret::new),
        identifier: env("BRANDPILOT_IDENTIFIER"),
        app_password: env("BRANDPILOT_APP_PASSWORD").map(Secret::new),
        scopes: env("BRANDPILOT_SCOPES")
            .map(|s| s.split(',').map(|x| x.trim().to_owned()).collect())
            .unwrap_or_default(),
        ..ClientSpec::default()
    })
}

/// A Mastodon instance on 127.0.0.1 serving the documented fixtures: the account, and three
/// pages of statuses linked by `Link: rel="next"` headers.
async fn mock_mastodon() -> Result<MockServer, String> {
    let read = |name: &str| -> Result<serde_json::Value, String> {
        let p = format!("{FIXTURES}/{name}");
        let text = std::fs::read_to_string(&p).map_err(|e| format!("cannot read {p}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{p}: {e}"))
    };
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/verify_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(read("account.json")?))
        .mount(&server)
        .await;
    let statuses = "/api/v1/accounts/109302/statuses";
    for (page, cursor, next) in [
        (1, None, Some("113500007")),
        (2, Some("113500007"), Some("113500005")),
        (3, Some("113500005"), None),
    ] {
        let mut response =
            ResponseTemplate::new(200).set_body_json(read(&format!("statuses_page{page}.json"))?);
        if let Some(next) = next {
            let link = format!("<{}{statuses}?max_id={next}>; rel=\"next\"", server.uri());
            response = response.insert_header("link", link.as_str());
        }
        let mut mock = Mock::given(method("GET")).and(path(statuses));
        if let Some(cursor) = cursor {
            mock = mock.and(query_param("max_id", cursor));
        }
        mock.respond_with(response)
            .with_priority(if cursor.is_some() { 1 } else { 5 })
            .mount(&server)
            .await;
    }
    Ok(server)
}
