#!/usr/bin/env bash
# The Node suite: builds the npm package `brandpilot` (napi-rs addon + JS wrapper) and tests
# it. Works on a fresh machine with Node >= 18 and npm: every tool comes from the package's
# devDependencies. Run from anywhere; called by scripts/test.
#   1. npm install in bindings-node (@napi-rs/cli, typescript, @types/node)
#   2. clippy on the binding crate
#   3. napi build --platform --release (uses the workspace's target/, under
#      target/x86_64-unknown-linux-gnu/)
#   4. type drift: scripts/gen_dts.mjs --check (types.d.ts vs. the Rust JSON Schema)
#   5. tsc --noEmit (index.d.ts, types.d.ts, examples/*.ts)
#   6. node --test (every function, errors, garbage input, shared vectors, the packed
#      package via require and import, the compiled examples)
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n-- %s\n' "$*"; }

section "node $(node --version), npm $(npm --version)"

section "npm install (bindings-node)"
# Not `npm ci`: the registry lacks other platforms' optional packages of @napi-rs/cli, so
# the lockfile cannot list them and `npm ci` refuses it.
(cd bindings-node && npm install --no-audit --no-fund)

section "cargo clippy -p brandpilot-node --all-targets -- -D warnings"
cargo clippy -q -p brandpilot-node --all-targets -- -D warnings

section "napi build --platform --release (bindings-node)"
(cd bindings-node && npx napi build --platform --release --js native.js --dts native.d.ts)

section "type drift: scripts/gen_dts.mjs --check"
node scripts/gen_dts.mjs --check

section "tsc --noEmit"
(cd bindings-node && npx tsc --noEmit)

section "node --test"
(cd bindings-node && node --test __test__/)
