"""Score the bundled demo account and evaluate its goals, fully typed.

Run from the repository root after building the package (scripts/test-python.sh does):
    .venv/bin/python bindings-python/examples/score_demo.py [examples/data/demo_account.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import brandpilot

if TYPE_CHECKING:  # the TypedDicts live in the stubs only
    from brandpilot import AccountSnapshot, BrandAnalysis, Goal, GoalProgress, Observation

DEFAULT = Path(__file__).resolve().parents[2] / "examples" / "data" / "demo_account.json"


class GoalEntry(TypedDict):
    goal: Goal
    observations: list[Observation]


class DemoFile(TypedDict):
    now: str
    industry: str
    snapshot: AccountSnapshot
    goals: list[GoalEntry]


def report(analysis: BrandAnalysis) -> list[str]:
    lines = [f"OVERALL {analysis['overall']:.1f} / 100  ({analysis['platform']}, {analysis['industry']})"]
    for dim in analysis["dimensions"]:
        score = "n/a" if dim["score"] is None else f"{dim['score']:.1f}"
        lines.append(f"  {dim['dimension']:<12} {score:>5}  (weight {dim['weight']:.2f})")
    lines.append("Next steps:")
    for rec in analysis["recommendations"]:
        lines.append(f"  +{rec['expected_gain']:.1f}  {rec['title']}  [{rec['effort']}]")
    return lines


def goal_line(progress: GoalProgress) -> str:
    pace = progress["trend_per_week"]
    trend = "no trend" if pace is None else f"{pace:+.1f}/week"
    return f"  {progress['goal_id']}: {progress['status']}, {progress['progress']:.0%} done, {trend}"


def main(path: Path) -> int:
    data: DemoFile = json.loads(path.read_text())
    try:
        analysis = brandpilot.score_brand(data["snapshot"], industry=data["industry"], now=data["now"])
    except brandpilot.InvalidInputError as err:
        print(f"invalid input at {err.field}: {err.message}", file=sys.stderr)
        return 1
    print("\n".join(report(analysis)))
    print("Goals:")
    for entry in data["goals"]:
        print(goal_line(brandpilot.evaluate_goal(entry["goal"], entry["observations"], data["now"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
