"""Calls from many threads at once (the GIL is released around the core call)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import brandpilot

if TYPE_CHECKING:
    from brandpilot import InsightInput


def test_concurrent_calls_agree(demo: dict[str, Any]) -> None:
    def run(_: int) -> Any:
        return brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"])

    expected = run(0)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(64)))
    assert all(r == expected for r in results)


def test_concurrent_errors_and_goals(demo: dict[str, Any]) -> None:
    goal = demo["goals"][0]

    def run(i: int) -> Any:
        if i % 2:
            return brandpilot.evaluate_goal(goal["goal"], goal["observations"], demo["now"])
        try:
            brandpilot.score_brand(demo["snapshot"], industry="", now=demo["now"])
        except brandpilot.InvalidInputError as e:
            return e.field
        return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(40)))
    assert results[0::2] == ["industry"] * 20
    assert all(r == results[1] for r in results[1::2])


def test_concurrent_insights_and_digests(demo: dict[str, Any]) -> None:
    inp: InsightInput = {"snapshot": demo["snapshot"], "time_zone": demo["time_zone"], "goals": demo["goals"]}

    def run(i: int) -> Any:
        if i % 3 == 0:
            return brandpilot.generate_insights(inp, now=demo["now"])
        if i % 3 == 1:
            return brandpilot.render_digest_html(brandpilot.insight_digest(inp, period="month", now=demo["now"]))
        return brandpilot.update_feedback({"preferences": []}, [{"kind": "trend", "signal": "helpful"}] * i)

    expected = [run(i) for i in range(3)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(48)))
    assert results[0::3] == [expected[0]] * 16
    assert results[1::3] == [expected[1]] * 16
    assert [r["preferences"][0]["events"] for r in results[2::3]] == list(range(2, 48, 3))
