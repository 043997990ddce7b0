#!/usr/bin/env bash
# The Kotlin suite of the mobile binding (uniffi). Works on a fresh Debian machine with Rust,
# Node/npm and Java 17: it installs what else it needs. Run from anywhere; called by scripts/test.
#   1. tools: JNA (Debian's libjna-java) and kotlinc (npm package `kotlin-compiler`, cached in
#      target/tools/kotlin); Debian's own kotlin (1.3) is too old for uniffi's output
#   2. clippy on the binding crate, and on the core with its `uniffi` feature; Rust unit tests
#   3. cargo build --release -p brandpilot-mobile (target/release/libbrandpilot_mobile.so)
#   4. generate Kotlin (target/bindings/kotlin) and Swift (target/bindings/swift; generated
#      only: there is no Swift toolchain on Linux)
#   5. kotlinc: the generated Kotlin + bindings-mobile/tests/kotlin/*.kt (with kotlinx-coroutines
#      for the suspend functions), then run on the JVM (the demo account, typed records, errors,
#      a caught panic, OAuth against a fake token endpoint, sealed tokens, every shared vector)
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n-- %s\n' "$*"; }
timed() { # timed LABEL CMD...: runs CMD and prints how long it took
  local label=$1 t0 ms; shift
  t0=$(date +%s%N)
  "$@"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '   (%s: %d.%d s)\n' "$label" $((ms / 1000)) $((ms % 1000 / 100))
}

KOTLIN_VERSION=2.4.20            # npm `kotlin-compiler`; ships bin/kotlinc and lib/*.jar
TARGET=${CARGO_TARGET_DIR:-target}  # cargo's target dir (the default target/ unless overridden)
TOOLS=$TARGET/tools/kotlin
KOTLIN_HOME=$TOOLS/node_modules/kotlin-compiler
JNA_JAR=/usr/share/java/jna.jar
# kotlinx-coroutines (uniffi's `suspend` functions need it): the jar kotlin-compiler ships.
COROUTINES_JAR=$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar
OUT=$TARGET/bindings
LIB=$TARGET/release/libbrandpilot_mobile.so

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

section "tools: JNA, kotlinc $KOTLIN_VERSION, java"
if [ ! -f "$JNA_JAR" ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjna-java
fi
if [ "$(cat "$KOTLIN_HOME/build.txt" 2>/dev/null || true)" != "$KOTLIN_VERSION" ]; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "kotlin-compiler@$KOTLIN_VERSION"
fi
command -v java >/dev/null || { echo "java (17+) is required" >&2; exit 1; }
java -version 2>&1 | head -1
[ -f "$COROUTINES_JAR" ] || { echo "missing $COROUTINES_JAR" >&2; exit 1; }
echo "kotlinc $(cat "$KOTLIN_HOME/build.txt"), $(readlink -f "$JNA_JAR"), $(basename "$COROUTINES_JAR")"

section "cargo clippy (brandpilot-mobile, brandpilot --features uniffi) -D warnings"
cargo clippy -q -p brandpilot-mobile -p uniffi-bindgen --all-targets -- -D warnings
cargo clippy -q -p brandpilot --features uniffi --all-targets -- -D warnings

section "cargo test -p brandpilot-mobile"
cargo test -q -p brandpilot-mobile

section "cargo build --release -p brandpilot-mobile"
timed "cargo build" cargo build --release -p brandpilot-mobile

section "generate Kotlin ($OUT/kotlin) and Swift ($OUT/swift)"
rm -rf "$OUT/kotlin" "$OUT/swift"
cargo build -q -p uniffi-bindgen   # the generator itself (once; ~80 s cold)
timed "generate" cargo run -q -p uniffi-bindgen -- \
  generate --library "$LIB" --language kotlin --out-dir "$OUT/kotlin" --no-format
# Swift: the Swift-specific CLI writes one modulemap for both crates' headers (see build-ios.sh).
cargo run -q -p uniffi-bindgen --bin uniffi-bindgen-swift -- \
  "$LIB" "$OUT/swift" --swift-sources --headers --modulemap \
  --module-name BrandPilotFFI --modulemap-filename module.modulemap
for f in kotlin/dev/brandpilot/brandpilot_mobile.kt kotlin/dev/brandpilot/core/brandpilot.kt \
  swift/BrandPilot.swift swift/BrandPilotCore.swift swift/brandpilot_mobileFFI.h \
  swift/brandpilotFFI.h swift/module.modulemap; do
  [ -s "$OUT/$f" ] || { echo "missing generated file $OUT/$f" >&2; exit 1; }
done
find "$OUT" -type f | sort

section "kotlinc (generated bindings + bindings-mobile/tests/kotlin)"
mapfile -t sources < <(find "$OUT/kotlin" bindings-mobile/tests/kotlin -name '*.kt' | sort)
timed "kotlinc" "$KOTLIN_HOME/bin/kotlinc" -nowarn -cp "$JNA_JAR:$COROUTINES_JAR" "${sources[@]}" \
  -d "$OUT/kotlin-test.jar"

section "run on the JVM (JNA loads $LIB)"
CP="$OUT/kotlin-test.jar:$JNA_JAR:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$COROUTINES_JAR"
timed "jvm" java -Djna.library.path="$(dirname "$LIB")" -cp "$CP" BrandpilotTestKt "$PWD"
