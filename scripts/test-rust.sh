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
# The core's optional `redis` feature (shared rate-limit budgets and response cache) is off in
# the workspace run above: lint it too.
echo "-- cargo clippy -p brandpilot --features redis --all-targets -- -D warnings"
cargo clippy -p brandpilot --features redis --all-targets -- -D warnings
echo "-- cargo test (core unit, integration, property, vector and doc tests; examples; benches compile)"
cargo test --all-targets
cargo test --doc -p brandpilot

# ---- Redis: the `redis` feature's tests (core/tests/redis_store.rs) run against a real
# redis-server on 127.0.0.1: a throwaway one on a free port, no persistence, stopped on exit
# whatever happens. The tests fail (never pass silently) without BRANDPILOT_REDIS_URL.
echo "-- redis: cargo test -p brandpilot --features redis --lib --test redis_store (real redis-server)"
if ! command -v redis-server > /dev/null 2>&1 || ! command -v redis-cli > /dev/null 2>&1; then
  echo "   installing Debian's redis-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends redis-server > /dev/null
fi
redis_dir=$(mktemp -d)
redis_pid=""
stop_redis() {
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2> /dev/null || true
    wait "$redis_pid" 2> /dev/null || true
    redis_pid=""
  fi
  rm -rf "$redis_dir"
}
trap stop_redis EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A free port: the kernel picks one for a socket bound to port 0.
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --daemonize no --dir "$redis_dir" --logfile "$redis_dir/redis.log" &
redis_pid=$!
for _ in $(seq 1 100); do
  if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2> /dev/null)" = "PONG" ]; then break; fi
  sleep 0.1
done
if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2> /dev/null)" != "PONG" ]; then
  echo "redis-server did not answer PING on 127.0.0.1:$redis_port"
  cat "$redis_dir/redis.log" || true
  exit 1
fi
echo "   $(redis-server --version | cut -d' ' -f1-3) on 127.0.0.1:$redis_port"
export BRANDPILOT_REDIS_URL="redis://127.0.0.1:$redis_port/"
# --lib adds the module's unit tests (entry encoding, password scrubbing) with the feature on.
cargo test -p brandpilot --features redis --lib --test redis_store
stop_redis
trap - EXIT INT TERM
unset BRANDPILOT_REDIS_URL
# The `redis` docs and the README's Redis example compile only with the feature (no server).
cargo test --doc -p brandpilot --features redis
# ---- end of the Redis section
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
echo "-- main job, online: sync_and_report syncs a mock Mastodon (127.0.0.1) and reports it"
rm -f target/sync_state.json
env -u BRANDPILOT_PLATFORM cargo run --release -q --example sync_and_report -- --state target/sync_state.json > target/sync_report.txt
grep -q "OVERALL" target/sync_report.txt
grep -q "mastodon" target/sync_report.txt
# A second run continues from the stored state: nothing new, the same snapshot.
env -u BRANDPILOT_PLATFORM cargo run --release -q --example sync_and_report -- --state target/sync_state.json --json > target/sync_report.json 2> target/sync_report.err
grep -q "0 new and 0 updated" target/sync_report.err
python3 -c "import json; d=json.load(open('target/sync_report.json')); s=json.load(open('target/sync_state.json')); assert len(s['snapshot']['posts']) == 6, s; assert 0 <= d['analysis']['overall'] <= 100"
echo "-- fuzz: libFuzzer on the content entry points (fuzz/, ${FUZZ_SECONDS:-15} s per target)"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
bash scripts/fuzz.sh
