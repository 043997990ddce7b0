//! JSON Schema of the public data types (feature `schema`).
//!
//! The bindings' typed surfaces (Python TypedDicts, TypeScript interfaces) are generated
//! from this bundle, so they cannot drift from the Rust types.

use schemars::{JsonSchema, schema_for};
use serde_json::{Map, Value, json};

use crate::content::{
    ContentAnalysis, EngagementModel, EngagementPrediction, FitOptions, HashtagSuggestion, Variant,
};
use crate::goal::{Goal, GoalProgress, Observation};
use crate::insight::{
    Digest, FeedbackEvent, FeedbackState, Insight, InsightConfig, InsightInput, Period,
};
use crate::model::{AccountSnapshot, Post, Profile};
use crate::platform::oauth::{AuthorizationStart, OAuthClientSpec, TokenSet};
use crate::platform::{
    Audience, Capabilities, ClientSpec, Draft, Page, PostMetricsEntry, PostsQuery, PublishedPost,
};
use crate::schedule::{BestTimes, PlanDraft, PlanRules, PlanWindow, PostingPlan};
use crate::score::{AnalysisComparison, BrandAnalysis, BrandInput, ScoringConfig};
use crate::sync::{SyncOptions, SyncResult, SyncState};
use crate::token::VaultSpec;

fn add<T: JsonSchema>(defs: &mut Map<String, Value>) {
    let mut schema = schema_for!(T).to_value();
    let obj = schema.as_object_mut().expect("a schema is an object");
    if let Some(Value::Object(inner)) = obj.remove("$defs") {
        defs.extend(inner);
    }
    obj.remove("$schema");
    let name = obj
        .get("title")
        .and_then(Value::as_str)
        .expect("root schemas have a title")
        .to_owned();
    defs.insert(name, schema);
}

/// Every public data type's schema under `definitions`, and each function's parameters and
/// result by type name under `functions`.
pub fn schema_bundle() -> Value {
    let mut defs = Map::new();
    add::<AccountSnapshot>(&mut defs);
    add::<BrandInput>(&mut defs);
    add::<ScoringConfig>(&mut defs);
    add::<BrandAnalysis>(&mut defs);
    add::<AnalysisComparison>(&mut defs);
    add::<Goal>(&mut defs);
    add::<Observation>(&mut defs);
    add::<GoalProgress>(&mut defs);
    add::<Post>(&mut defs);
    add::<BestTimes>(&mut defs);
    add::<PlanDraft>(&mut defs);
    add::<PlanWindow>(&mut defs);
    add::<PlanRules>(&mut defs);
    add::<PostingPlan>(&mut defs);
    add::<ContentAnalysis>(&mut defs);
    add::<FitOptions>(&mut defs);
    add::<EngagementModel>(&mut defs);
    add::<EngagementPrediction>(&mut defs);
    add::<HashtagSuggestion>(&mut defs);
    add::<Variant>(&mut defs);
    add::<InsightInput>(&mut defs);
    add::<InsightConfig>(&mut defs);
    add::<Period>(&mut defs);
    add::<Insight>(&mut defs);
    add::<FeedbackEvent>(&mut defs);
    add::<FeedbackState>(&mut defs);
    add::<Digest>(&mut defs);
    add::<OAuthClientSpec>(&mut defs);
    add::<AuthorizationStart>(&mut defs);
    add::<TokenSet>(&mut defs);
    add::<VaultSpec>(&mut defs);
    add::<ClientSpec>(&mut defs);
    add::<Capabilities>(&mut defs);
    add::<PostsQuery>(&mut defs);
    add::<Page<Post>>(&mut defs);
    add::<PostMetricsEntry>(&mut defs);
    add::<Audience>(&mut defs);
    add::<Draft>(&mut defs);
    add::<PublishedPost>(&mut defs);
    add::<Profile>(&mut defs);
    add::<SyncState>(&mut defs);
    add::<SyncOptions>(&mut defs);
    add::<SyncResult>(&mut defs);
    json!({
        "definitions": defs,
        "functions": {
            "score_brand": {"params": {"snapshot": "AccountSnapshot", "industry": "string", "now": "date-time", "config": "ScoringConfig?"}, "returns": "BrandAnalysis"},
            "compare_analyses": {"params": {"previous": "BrandAnalysis", "current": "BrandAnalysis"}, "returns": "AnalysisComparison"},
            "evaluate_goal": {"params": {"goal": "Goal", "observations": "Observation[]", "now": "date-time"}, "returns": "GoalProgress"},
            "best_times": {"params": {"posts": "Post[]", "time_zone": "string", "platform": "Platform", "k": "integer", "followers": "integer?"}, "returns": "BestTimes"},
            "plan": {"params": {"drafts": "PlanDraft[]", "platforms": "Platform[]", "window": "PlanWindow", "rules": "PlanRules"}, "returns": "PostingPlan"},
            "analyze_content": {"params": {"text": "string", "platform": "Platform"}, "returns": "ContentAnalysis"},
            "analyze_content_batch": {"params": {"texts": "string[]", "platform": "Platform"}, "returns": "ContentAnalysis[]"},
            "fit_engagement_model": {"params": {"history": "Post[]", "options": "FitOptions?"}, "returns": "EngagementModel"},
            "predict_engagement": {"params": {"model": "EngagementModel", "draft": "string", "platform": "Platform", "at": "date-time", "media_kind": "MediaKind?"}, "returns": "EngagementPrediction"},
            "suggest_hashtags": {"params": {"draft": "string", "history": "Post[]", "k": "integer"}, "returns": "HashtagSuggestion[]"},
            "optimize_content": {"params": {"text": "string", "platform": "Platform"}, "returns": "Variant[]"},
            "generate_insights": {"params": {"input": "InsightInput", "period": "Period", "now": "date-time", "feedback": "FeedbackState?", "config": "InsightConfig?"}, "returns": "Insight[]"},
            "update_feedback": {"params": {"state": "FeedbackState", "events": "FeedbackEvent[]"}, "returns": "FeedbackState"},
            "insight_digest": {"params": {"input": "InsightInput", "period": "Period", "now": "date-time", "feedback": "FeedbackState?", "config": "InsightConfig?"}, "returns": "Digest"},
            "render_digest_html": {"params": {"digest": "Digest"}, "returns": "string"},
            "oauth_authorize_url": {"params": {"client": "OAuthClientSpec", "scopes": "string[]", "state": "string", "code_verifier": "string"}, "returns": "string"},
            "oauth_start": {"params": {"client": "OAuthClientSpec", "scopes": "string[]"}, "returns": "AuthorizationStart"},
            "oauth_exchange_code": {"params": {"client": "OAuthClientSpec", "code": "string", "code_verifier": "string", "now": "date-time"}, "returns": "TokenSet", "async": true},
            "oauth_refresh": {"params": {"client": "OAuthClientSpec", "refresh_token": "string", "now": "date-time"}, "returns": "TokenSet", "async": true},
            "seal_token_set": {"params": {"vault": "VaultSpec", "account": "string", "tokens": "TokenSet"}, "returns": "string"},
            "open_token_set": {"params": {"vault": "VaultSpec", "account": "string", "sealed": "string"}, "returns": "TokenSet"}
        }
    })
}
