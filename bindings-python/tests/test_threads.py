"""score_brand from many threads at once (the GIL is released around the core call)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import brandpilot


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
