//! Prints how many full brand analyses (with recommendations) one core runs per second on
//! the demo account, as one JSON line. The peer scripts in `benches/peers/` compare the
//! Python and Node bindings against this figure.
//!
//! ```text
//! cargo run --release --example score_throughput
//! ```

use std::time::{Duration, Instant};

use brandpilot::score::{BrandInput, ScoringConfig, analyze};

fn main() {
    let doc: serde_json::Value = serde_json::from_str(include_str!("data/demo_account.json"))
        .expect("the bundled demo account is valid JSON");
    let input = BrandInput {
        snapshot: serde_json::from_value(doc["snapshot"].clone()).expect("demo snapshot"),
        industry: doc["industry"].as_str().unwrap_or("all").to_owned(),
        now: doc["now"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("demo now"),
    };
    let config = ScoringConfig::default();
    // Warm up, then run for about a second.
    for _ in 0..1_000 {
        std::hint::black_box(analyze(&input, &config).expect("demo analyses"));
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(1) {
        for _ in 0..1_000 {
            std::hint::black_box(analyze(std::hint::black_box(&input), &config).expect("ok"));
        }
        n += 1_000;
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    println!(
        "{{\"analyses_per_second\": {rate:.1}, \"input\": \"demo_account\", \"posts\": {}}}",
        input.snapshot.posts.len()
    );
}
