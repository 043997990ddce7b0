#!/usr/bin/env bash
# Coverage-guided fuzzing of the content entry points with libFuzzer, on stable Rust.
# Builds fuzz/ with the same instrumentation cargo-fuzz uses (SanitizerCoverage via LLVM
# options, `--cfg fuzzing`, debug assertions), so no nightly toolchain or cargo-fuzz
# install is needed; then runs each target for FUZZ_SECONDS (default 15) from a seed corpus
# (fuzz/seeds/ plus the kept crash regressions in fuzz/regressions/). A crash fails the
# script; libFuzzer writes the input to target/fuzz-artifacts/<target>/ — copy it into
# fuzz/regressions/<target>/ so `cargo test` keeps it (core/tests/fuzz_regressions.rs).
# Usage: scripts/fuzz.sh [target...]   (default: every target in fuzz/fuzz_targets)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-15}
TARGET_DIR="$PWD/target/fuzz"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps RUSTFLAGS off build scripts (as cargo-fuzz does).
HOST=$(rustc -vV | sed -n 's/^host: //p')
echo "-- build fuzz targets (instrumented, release, $HOST)"
cargo build -q --release --manifest-path fuzz/Cargo.toml --target-dir "$TARGET_DIR" --target "$HOST" --bins

for t in "${targets[@]}"; do
  work="target/fuzz-corpus/$t"
  artifacts="target/fuzz-artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  seeds=()
  for d in "fuzz/seeds/$t" "fuzz/regressions/$t"; do [ -d "$d" ] && seeds+=("$d"); done
  echo "-- fuzz $t for ${SECONDS_PER_TARGET}s"
  "$TARGET_DIR/$HOST/release/$t" "$work" "${seeds[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts" -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+== ERROR|.*panicked|SUMMARY)" || true
  if compgen -G "${artifacts}crash-*" > /dev/null || compgen -G "${artifacts}timeout-*" > /dev/null || compgen -G "${artifacts}oom-*" > /dev/null; then
    echo "fuzz target $t found a failing input:"; ls "$artifacts"; exit 1
  fi
done
