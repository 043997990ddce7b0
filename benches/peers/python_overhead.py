#!/usr/bin/env python3
"""Call overhead of `brandpilot.score_brand` from Python vs. the Rust core, one thread.

Scores the bundled demo account (examples/data/demo_account.json) in a loop from Python and
compares with the Rust rate printed by `cargo run --release -q -p brandpilot-examples
--example score_throughput`. The Python figure includes what a Python caller pays on top of
the analysis: converting the snapshot dict to Rust types and the analysis back to dicts.

Usage (after scripts/test-python.sh has built the package into .venv):
    .venv/bin/python benches/peers/python_overhead.py [--calls 2000] [--rust-rate N]
Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import brandpilot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "data" / "demo_account.json"


def python_rate(calls: int, rounds: int) -> float:
    doc = json.loads(DEMO.read_text())
    snapshot, industry, now = doc["snapshot"], doc["industry"], doc["now"]
    for _ in range(max(calls // 10, 50)):  # warm-up
        brandpilot.score_brand(snapshot, industry=industry, now=now)
    best = 0.0
    for _ in range(rounds):  # best of `rounds`: the least disturbed by other processes
        start = time.perf_counter()
        for _ in range(calls):
            brandpilot.score_brand(snapshot, industry=industry, now=now)
        best = max(best, calls / (time.perf_counter() - start))
    return best


def rust_rate() -> float:
    out = subprocess.run(
        ["cargo", "run", "--release", "-q", "-p", "brandpilot-examples", "--example", "score_throughput"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    return float(json.loads(line)["analyses_per_second"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000, help="calls per timed round (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is kept (default 3)")
    parser.add_argument("--rust-rate", type=float, help="Rust analyses/s (skips running cargo)")
    args = parser.parse_args()

    py = python_rate(args.calls, args.rounds)
    rust = args.rust_rate if args.rust_rate is not None else rust_rate()
    result = {
        "input": "demo_account",
        "python_calls_per_second": round(py, 1),
        "rust_analyses_per_second": round(rust, 1),
        "python_over_rust": round(py / rust, 3),
        "overhead_us_per_call": round(1e6 / py - 1e6 / rust, 2),
    }
    print(f"python  score_brand : {py:12,.0f} calls/s  ({1e6 / py:8.1f} us/call)")
    print(f"rust    analyze     : {rust:12,.0f} calls/s  ({1e6 / rust:8.1f} us/call)")
    print(f"python / rust       : {py / rust:12.3f}  (binding overhead {result['overhead_us_per_call']} us/call)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
