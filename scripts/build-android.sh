#!/usr/bin/env bash
# Builds the Android side of the mobile binding: libbrandpilot_mobile.so for each Android ABI
# (cargo-ndk) plus the generated Kotlin, laid out as the source set of an Android library
# module (see bindings-mobile/README.md for the Gradle side).
#
# Needs: the Android NDK (ANDROID_NDK_HOME, or one cargo-ndk finds under ANDROID_HOME),
# rustup, and cargo-ndk (installed here if missing). Not run by scripts/test: no NDK on CI.
#
# Usage: scripts/build-android.sh [OUT_DIR]      (default: target/android)
# Output:
#   OUT_DIR/src/main/jniLibs/arm64-v8a/libbrandpilot_mobile.so     (aarch64-linux-android)
#   OUT_DIR/src/main/jniLibs/armeabi-v7a/libbrandpilot_mobile.so   (armv7-linux-androideabi)
#   OUT_DIR/src/main/jniLibs/x86_64/libbrandpilot_mobile.so        (x86_64-linux-android, emulator)
#   OUT_DIR/src/main/kotlin/dev/brandpilot/brandpilot_mobile.kt    (functions, BrandpilotException)
#   OUT_DIR/src/main/kotlin/dev/brandpilot/core/brandpilot.kt      (records and enums)
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-target/android}
# The lowest Android API level the .so files link against (java.time.Instant needs 26 anyway,
# unless the app enables core-library desugaring).
ANDROID_API=${ANDROID_API:-26}
# ABI (jniLibs folder name) -> Rust target.
ABIS=(arm64-v8a armeabi-v7a x86_64)
TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android)

section() { printf '\n-- %s\n' "$*"; }

section "toolchain: rust targets, cargo-ndk"
rustup target add "${TARGETS[@]}"
command -v cargo-ndk >/dev/null || cargo install --locked cargo-ndk
if [ -z "${ANDROID_NDK_HOME:-}" ] && [ -z "${ANDROID_HOME:-}" ]; then
  echo "note: neither ANDROID_NDK_HOME nor ANDROID_HOME is set; cargo-ndk looks in the" \
    "Android Studio default location" >&2
fi

section "cargo ndk build --release -p brandpilot-mobile (${ABIS[*]})"
rm -rf "$OUT/src/main/jniLibs" "$OUT/src/main/kotlin"
ndk_args=()
for abi in "${ABIS[@]}"; do ndk_args+=(-t "$abi"); done
# -o writes OUT/src/main/jniLibs/<abi>/libbrandpilot_mobile.so for every ABI.
cargo ndk "${ndk_args[@]}" --platform "$ANDROID_API" -o "$OUT/src/main/jniLibs" \
  build --release -p brandpilot-mobile

section "generate Kotlin"
# The bindings are the same for every ABI: generate them from one of the built libraries
# (library mode reads the uniffi metadata embedded in it, so it must not be stripped before
# this step; the Android Gradle plugin strips the copies it packages).
cargo run -q -p uniffi-bindgen -- generate \
  --library "target/${TARGETS[0]}/release/libbrandpilot_mobile.so" \
  --language kotlin --out-dir "$OUT/src/main/kotlin" --no-format

section "done"
find "$OUT/src/main" -type f | sort
