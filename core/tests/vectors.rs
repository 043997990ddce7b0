//! Runs the shared JSON vectors in `core/tests/vectors/**` — the same files the Python,
//! Node and Kotlin suites run, so the four languages agree field for field.
//!
//! Set `BRANDPILOT_BLESS=1` to rewrite the `expected` outputs after a deliberate change
//! (then review the diff: every changed number must be explainable).

use std::path::{Path, PathBuf};

use brandpilot::content::{self, EngagementModel, FitOptions};
use brandpilot::goal::{self, Goal, Observation};
#[cfg(feature = "net")]
use brandpilot::http::{HttpClient, HttpConfig};
use brandpilot::insight::{
    self, Digest, FeedbackEvent, FeedbackState, InsightConfig, InsightInput, Period,
};
use brandpilot::model::{MediaKind, Platform, Post};
use brandpilot::platform::oauth::{self, OAuthClientSpec};
#[cfg(feature = "net")]
use brandpilot::platform::{ClientSpec, connect};
use brandpilot::schedule::{self, PlanDraft, PlanRules, PlanWindow};
use brandpilot::score::{self, BrandAnalysis, BrandInput, ScoringConfig};
use brandpilot::token::VaultSpec;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("vectors dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn parse<T: for<'de> Deserialize<'de>>(v: &Value, key: &str) -> Result<T, brandpilot::Error> {
    serde_json::from_value(v[key].clone())
        .map_err(|e| brandpilot::Error::invalid(key, format!("cannot parse: {e}")))
}

/// `input[key]`, or `T::default()` when absent or null.
fn optional<T: for<'de> Deserialize<'de> + Default>(
    v: &Value,
    key: &str,
) -> Result<T, brandpilot::Error> {
    match v.get(key) {
        Some(x) if !x.is_null() => parse(v, key),
        _ => Ok(T::default()),
    }
}

/// Runs one vector's function on its input, returning the output as JSON.
fn run(function: &str, input: &Value) -> Result<Value, brandpilot::Error> {
    let out = match function {
        "score_brand" => {
            let config: ScoringConfig = match input.get("config") {
                Some(c) if !c.is_null() => parse(input, "config")?,
                _ => ScoringConfig::default(),
            };
            let input = BrandInput {
                snapshot: parse(input, "snapshot")?,
                industry: parse(input, "industry")?,
                now: parse(input, "now")?,
            };
            serde_json::to_value(score::analyze(&input, &config)?)
        }
        "compare_analyses" => {
            let previous: BrandAnalysis = parse(input, "previous")?;
            let current: BrandAnalysis = parse(input, "current")?;
            serde_json::to_value(score::compare(&previous, &current)?)
        }
        "evaluate_goal" => {
            let goal: Goal = parse(input, "goal")?;
            let observations: Vec<Observation> = parse(input, "observations")?;
            serde_json::to_value(goal::evaluate(&goal, &observations, parse(input, "now")?)?)
        }
        "best_times" => {
            let posts: Vec<Post> = parse(input, "posts")?;
            let time_zone: String = parse(input, "time_zone")?;
            let platform: Platform = parse(input, "platform")?;
            let k: u32 = parse(input, "k")?;
            let followers: Option<i64> = parse(input, "followers")?;
            serde_json::to_value(schedule::best_times(
                &posts, &time_zone, platform, k, followers,
            )?)
        }
        "plan" => {
            let drafts: Vec<PlanDraft> = parse(input, "drafts")?;
            let platforms: Vec<Platform> = parse(input, "platforms")?;
            let window: PlanWindow = parse(input, "window")?;
            let rules: PlanRules = parse(input, "rules")?;
            serde_json::to_value(schedule::plan(&drafts, &platforms, &window, &rules)?)
        }
        "analyze_content" => {
            let text: String = parse(input, "text")?;
            let platform: Platform = parse(input, "platform")?;
            serde_json::to_value(content::analyze(&text, platform)?)
        }
        "analyze_content_batch" => {
            let texts: Vec<String> = parse(input, "texts")?;
            let platform: Platform = parse(input, "platform")?;
            serde_json::to_value(content::analyze_batch(&texts, platform)?)
        }
        "fit_engagement_model" => {
            let history: Vec<Post> = parse(input, "history")?;
            let options: FitOptions = match input.get("options") {
                Some(o) if !o.is_null() => parse(input, "options")?,
                _ => FitOptions::default(),
            };
            serde_json::to_value(EngagementModel::fit(&history, &options)?)
        }
        "predict_engagement" => {
            let model: EngagementModel = parse(input, "model")?;
            let draft: String = parse(input, "draft")?;
            let platform: Platform = parse(input, "platform")?;
            let at: DateTime<Utc> = parse(input, "at")?;
            let media_kind: MediaKind = match input.get("media_kind") {
                Some(m) if !m.is_null() => parse(input, "media_kind")?,
                _ => MediaKind::None,
            };
            serde_json::to_value(model.predict_with_media(&draft, platform, media_kind, at)?)
        }
        "suggest_hashtags" => {
            let draft: String = parse(input, "draft")?;
            let history: Vec<Post> = parse(input, "history")?;
            let k: usize = parse(input, "k")?;
            serde_json::to_value(content::suggest_hashtags(&draft, &history, k)?)
        }
        "optimize_content" => {
            let text: String = parse(input, "text")?;
            let platform: Platform = parse(input, "platform")?;
            serde_json::to_value(content::optimize(&text, platform)?)
        }
        "generate_insights" | "insight_digest" => {
            let insight_input: InsightInput = parse(input, "input")?;
            let period: Period = parse(input, "period")?;
            let now = parse(input, "now")?;
            let feedback: FeedbackState = optional(input, "feedback")?;
            let config: InsightConfig = optional(input, "config")?;
            if function == "generate_insights" {
                serde_json::to_value(insight::generate(
                    &insight_input,
                    period,
                    now,
                    &feedback,
                    &config,
                )?)
            } else {
                serde_json::to_value(insight::digest(
                    &insight_input,
                    period,
                    now,
                    &feedback,
                    &config,
                )?)
            }
        }
        "update_feedback" => {
            let state: FeedbackState = parse(input, "state")?;
            let events: Vec<FeedbackEvent> = parse(input, "events")?;
            serde_json::to_value(insight::update_feedback(&state, &events)?)
        }
        "render_digest_html" => {
            let digest: Digest = parse(input, "digest")?;
            serde_json::to_value(insight::render_html(&digest))
        }
        "oauth_authorize_url" => {
            let client: OAuthClientSpec = parse(input, "client")?;
            let scopes: Vec<String> = parse(input, "scopes")?;
            let state: String = parse(input, "state")?;
            let verifier: String = parse(input, "code_verifier")?;
            serde_json::to_value(oauth::authorize_url_for(
                &client, &scopes, &state, &verifier,
            )?)
        }
        "open_token_set" => {
            let vault: VaultSpec = parse(input, "vault")?;
            let account: String = parse(input, "account")?;
            let sealed: String = parse(input, "sealed")?;
            serde_json::to_value(vault.to_vault()?.open_token_set(&account, &sealed)?)
        }
        #[cfg(feature = "net")]
        "platform_capabilities" => {
            let spec: ClientSpec = parse(input, "spec")?;
            let http = HttpClient::new(HttpConfig::default())?;
            let client = connect(http, &spec, None).map_err(|e| e.within("spec"))?;
            serde_json::to_value(client.capabilities())
        }
        other => panic!("unknown function {other}"),
    };
    Ok(out.expect("outputs serialise"))
}

/// Field-for-field equality; numbers within 1e-9 relative.
fn same(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            let tol = 1e-9 * x.abs().max(y.abs()).max(1.0);
            if (x - y).abs() > tol {
                return Err(format!("{path}: {x} != {y}"));
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: length {} != {}", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .try_for_each(|(i, (x, y))| same(x, y, &format!("{path}[{i}]")))
        }
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().try_for_each(|k| {
                same(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                )
            })
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

#[test]
fn shared_vectors_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the shared vectors, found {}",
        files.len()
    );
    let bless = std::env::var("BRANDPILOT_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        let function = doc["function"].as_str().unwrap().to_owned();
        let result = run(&function, &doc["input"]);
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        match (doc.get("error").cloned(), result) {
            (Some(expected), Err(err)) => {
                if expected["code"] != err.code() {
                    failures.push(format!(
                        "{name}: code {} != {}",
                        err.code(),
                        expected["code"]
                    ));
                }
                if let Some(field) = expected.get("field").and_then(Value::as_str) {
                    if err.field() != Some(field) {
                        failures.push(format!("{name}: field {:?} != {field}", err.field()));
                    }
                }
            }
            (Some(_), Ok(_)) => failures.push(format!("{name}: expected an error, got a result")),
            (None, Err(err)) => failures.push(format!("{name}: unexpected error {err}")),
            (None, Ok(out)) => {
                if bless {
                    doc["expected"] = out;
                    let pretty = serde_json::to_string_pretty(&doc).unwrap() + "\n";
                    std::fs::write(file, pretty).unwrap();
                } else if let Err(diff) = same(&out, &doc["expected"], "") {
                    failures.push(format!("{name}: {diff}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} vector(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
