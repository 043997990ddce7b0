//! Criterion benches of brand analysis (with recommendations) and goal evaluation on the
//! bundled demo account. `cargo bench -p brandpilot-benches`.

use std::hint::black_box;

use brandpilot::goal;
use brandpilot::score::{self, ScoringConfig};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

fn bench_analyze(c: &mut Criterion) {
    let demo = common::demo();
    let mut group = c.benchmark_group("score");
    group.throughput(Throughput::Elements(1));
    let config = ScoringConfig::default();
    group.bench_function("analyze_demo_with_recommendations", |b| {
        b.iter(|| score::analyze(black_box(&demo.input), &config).expect("valid"))
    });
    let no_recs = ScoringConfig {
        max_recommendations: 0,
        ..ScoringConfig::default()
    };
    group.bench_function("analyze_demo_without_recommendations", |b| {
        b.iter(|| score::analyze(black_box(&demo.input), &no_recs).expect("valid"))
    });
    let previous = score::analyze(&demo.input, &config).expect("valid");
    group.bench_function("compare", |b| {
        b.iter(|| score::compare(black_box(&previous), black_box(&previous)).expect("valid"))
    });
    group.finish();
}

fn bench_goal(c: &mut Criterion) {
    let demo = common::demo();
    let mut group = c.benchmark_group("goal");
    group.throughput(Throughput::Elements(1));
    let (goal, observations) = &demo.goals[0];
    group.bench_function("evaluate_demo_followers_goal", |b| {
        b.iter(|| {
            goal::evaluate(black_box(goal), black_box(observations), demo.now).expect("valid")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_analyze, bench_goal);
criterion_main!(benches);
