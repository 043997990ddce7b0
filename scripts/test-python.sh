#!/usr/bin/env bash
# The Python suite: builds the `brandpilot` package (pyo3 + maturin, abi3 for CPython >= 3.9)
# into .venv and tests it. Works on a fresh machine: it creates .venv with python3 and
# installs its own tools. Run from anywhere; called by scripts/test.
#   1. venv + tools (maturin, pytest, mypy)
#   2. clippy on the binding crate
#   3. maturin develop --release (uses the workspace's default target/)
#   4. stub drift: scripts/gen_pyi.py --check (stubs vs. the Rust JSON Schema) + mypy.stubtest
#   5. mypy --strict on the tests and the typed example
#   6. pytest (every function, errors, garbage input, threads, shared vectors, example, and
#      the async OAuth calls against a fake token server on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n-- %s\n' "$*"; }

PYTHON=${PYTHON:-python3}
VENV=.venv

section "python venv ($VENV) and tools"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade "pip>=23"
"$VENV/bin/python" -m pip install -q "maturin>=1.16,<2" "pytest>=8,<9" "mypy>=1.11,<2"
"$VENV/bin/python" --version
"$VENV/bin/maturin" --version

section "cargo clippy -p brandpilot-python --all-targets -- -D warnings"
cargo clippy -q -p brandpilot-python --all-targets -- -D warnings

section "maturin develop --release (bindings-python)"
VIRTUAL_ENV="$PWD/$VENV" PATH="$PWD/$VENV/bin:$PATH" \
  "$VENV/bin/maturin" develop --release -m bindings-python/Cargo.toml

section "stub drift: scripts/gen_pyi.py --check"
"$VENV/bin/python" scripts/gen_pyi.py --check

section "stubs vs. the built module: mypy.stubtest"
(cd bindings-python && ../"$VENV"/bin/python -m mypy.stubtest brandpilot --allowlist stubtest-allowlist.txt)

section "mypy --strict (tests, examples)"
(cd bindings-python && ../"$VENV"/bin/python -m mypy)

section "pytest"
(cd bindings-python && ../"$VENV"/bin/python -m pytest -q -p no:cacheprovider)
