"""evaluate_goal: happy path on the demo goals, datetimes, every error it raises."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

import pytest

import brandpilot
from brandpilot import InvalidInputError

GOAL: dict[str, Any] = {
    "id": "followers-2k",
    "metric": "followers",
    "direction": "increase",
    "baseline": 1000,
    "target": 2000,
    "start": "2026-01-01T00:00:00Z",
    "deadline": "2026-12-31T00:00:00Z",
}
OBS: list[dict[str, Any]] = [
    {"at": "2026-03-01T00:00:00Z", "value": 1900},
    {"at": "2026-04-01T00:00:00Z", "value": 2010},
]


def test_demo_goals(demo: dict[str, Any]) -> None:
    for entry in demo["goals"]:
        progress = brandpilot.evaluate_goal(entry["goal"], entry["observations"], demo["now"])
        assert progress["goal_id"] == entry["goal"]["id"]
        assert progress["status"] in ("on_track", "at_risk", "off_track", "achieved", "missed", "not_started")
        assert [m["fraction"] for m in progress["milestones"]] == [0.25, 0.5, 0.75, 1.0]
        assert progress["observations_used"] == len(entry["observations"])


def test_achieved_with_datetimes() -> None:
    goal = dict(GOAL, start=datetime(2026, 1, 1, tzinfo=timezone.utc))
    obs = [{"at": datetime.fromisoformat(o["at"].replace("Z", "+00:00")), "value": o["value"]} for o in OBS]
    progress = brandpilot.evaluate_goal(goal, obs, datetime(2026, 4, 2, tzinfo=timezone.utc))  # type: ignore[arg-type]
    assert progress == brandpilot.evaluate_goal(GOAL, OBS, "2026-04-02T00:00:00Z")  # type: ignore[arg-type]
    assert progress["status"] == "achieved"
    assert progress["achieved_at"] == "2026-04-01T00:00:00Z"
    assert progress["current_at"] == "2026-04-01T00:00:00Z"


def test_naive_now_rejected() -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.evaluate_goal(GOAL, OBS, datetime(2026, 4, 2))  # type: ignore[arg-type]
    assert info.value.field == "now"


@pytest.mark.parametrize(
    ("goal", "obs", "field"),
    [
        (dict(GOAL, direction="decrease"), OBS, "goal.direction"),
        (dict(GOAL, target=1000), OBS, "goal.target"),
        (dict(GOAL, deadline="2025-01-01T00:00:00Z"), OBS, "goal.deadline"),
        (dict(GOAL, baseline=math.nan), OBS, "goal.baseline"),
        (dict(GOAL, metric="karma"), OBS, "goal.metric"),
        ({k: v for k, v in GOAL.items() if k != "target"}, OBS, "goal"),
        (GOAL, [{"at": "2026-03-01T00:00:00Z", "value": math.nan}], "observations[0].value"),
        (GOAL, [OBS[0], {"at": "2026-03-02T00:00:00Z", "value": -5}], "observations[1].value"),
        (GOAL, [OBS[0], {"at": "2026-03-02T00:00:00Z"}], "observations[1]"),
        (GOAL, [OBS[0], {"at": "2026-03-02T00:00:00Z", "value": None}], "observations[1].value"),
        (GOAL, None, "observations"),
        (GOAL, "abc", "observations"),  # a str is not a list (no longer read as a sequence)
        (None, OBS, "goal"),
    ],
)
def test_invalid(goal: Any, obs: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.evaluate_goal(goal, obs, "2026-04-02T00:00:00Z")
    assert info.value.code == "invalid_input"
    assert info.value.field == field
