//! Shared fixtures: the bundled demo account, parsed once.

use brandpilot::goal::{Goal, Observation};
use brandpilot::score::BrandInput;
use chrono::{DateTime, Utc};

/// The demo account as a scoring input plus its goals.
// Each bench target compiles this module and uses a subset of the fields.
#[allow(dead_code)]
pub struct Demo {
    /// Scoring input.
    pub input: BrandInput,
    /// Goals with their observations.
    pub goals: Vec<(Goal, Vec<Observation>)>,
    /// The report moment.
    pub now: DateTime<Utc>,
}

/// Loads `examples/data/demo_account.json`.
pub fn demo() -> Demo {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/data/demo_account.json"))
            .expect("demo JSON");
    let now: DateTime<Utc> = serde_json::from_value(doc["now"].clone()).expect("now");
    let goals = doc["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| {
            (
                serde_json::from_value(g["goal"].clone()).expect("goal"),
                serde_json::from_value(g["observations"].clone()).expect("observations"),
            )
        })
        .collect();
    Demo {
        input: BrandInput {
            snapshot: serde_json::from_value(doc["snapshot"].clone()).expect("snapshot"),
            industry: doc["industry"].as_str().expect("industry").to_owned(),
            now,
        },
        goals,
        now,
    }
}
