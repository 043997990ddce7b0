#!/usr/bin/env bash
# The Rust suite: formatting, lints on every crate (bindings included), tests of the pure
# crates (core, examples, benches), the main job end to end, and a short libFuzzer run of
# the content entry points (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "-- cargo fmt --check"
cargo fmt --all -- --check
echo "-- cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
echo "-- cargo test (core unit, integration, property, vector and doc tests; examples; benches compile)"
cargo test --all-targets
cargo test --doc -p brandpilot
echo "-- main job: brand_report on the bundled demo account"
cargo run --release -q --example brand_report > target/brand_report.txt
grep -q "OVERALL" target/brand_report.txt
cat target/brand_report.txt
cargo run --release -q --example brand_report -- --json > target/brand_report.json
python3 -c "import json,sys; d=json.load(open('target/brand_report.json')); assert 0 <= d['analysis']['overall'] <= 100; assert len(d['goals']) == 2"
echo "-- main job: the weekly digest of the demo account (email HTML with inline SVG charts)"
cargo run --release -q --example brand_report -- --digest target/digest.html > /dev/null
grep -q "<svg" target/digest.html
grep -q "chart-heatmap" target/digest.html
if grep -qi "<script" target/digest.html; then echo "the digest must not contain scripts"; exit 1; fi
echo "-- main job rejects bad input with a coded error"
printf '{"now":"2026-11-23T00:00:00Z","industry":"all","snapshot":{"profile":{"platform":"linkedin","handle":"a","followers":-5}}}' > target/bad_report.json
if cargo run --release -q --example brand_report -- target/bad_report.json 2> target/bad_report.err; then
  echo "expected a failure on negative followers"; exit 1
fi
grep -q "invalid_input" target/bad_report.err
grep -q "snapshot.profile.followers" target/bad_report.err
echo "-- fuzz: libFuzzer on the content entry points (fuzz/, ${FUZZ_SECONDS:-15} s per target)"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
bash scripts/fuzz.sh
