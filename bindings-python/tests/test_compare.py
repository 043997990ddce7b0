"""compare_analyses: happy path and every error it raises."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

import brandpilot
from brandpilot import InvalidInputError


def analyses(demo: dict[str, Any]) -> tuple[Any, Any]:
    snapshot = demo["snapshot"]
    earlier = brandpilot.score_brand(snapshot, industry="technology", now="2026-11-23T09:00:00Z")
    improved = copy.deepcopy(snapshot)
    improved["profile"]["has_banner"] = True
    improved["profile"]["website"] = "https://example.com"
    later = brandpilot.score_brand(improved, industry="technology", now="2026-11-30T09:00:00Z")
    return earlier, later


def test_compare_demo(demo: dict[str, Any]) -> None:
    earlier, later = analyses(demo)
    cmp = brandpilot.compare_analyses(earlier, later)
    assert cmp["days_between"] == 7.0
    assert cmp["overall_delta"] == pytest.approx(later["overall"] - earlier["overall"])
    assert [d["dimension"] for d in cmp["dimensions"]] == [d["dimension"] for d in earlier["dimensions"]]
    presence = cmp["dimensions"][0]
    assert presence["delta"] is not None and presence["delta"] > 0
    assert cmp["biggest_gain"] == "presence"
    steady = brandpilot.compare_analyses(earlier, earlier)
    assert steady["overall_trend"] == "steady"
    assert steady["biggest_gain"] is None and steady["biggest_drop"] is None


def test_platform_mismatch(demo: dict[str, Any]) -> None:
    earlier, later = analyses(demo)
    later["platform"] = "x"
    with pytest.raises(InvalidInputError) as info:
        brandpilot.compare_analyses(earlier, later)
    assert info.value.field == "current.platform"


def test_nan_overall(demo: dict[str, Any]) -> None:
    earlier, later = analyses(demo)
    earlier["overall"] = math.nan
    with pytest.raises(InvalidInputError) as info:
        brandpilot.compare_analyses(earlier, later)
    assert info.value.field == "previous.overall"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda a: a.pop("dimensions"), "current"),
        (lambda a: a.update(analyzed_at=None), "current.analyzed_at"),
        (lambda a: a.update(platform="myspace"), "current.platform"),
        (lambda a: a["dimensions"][1].update(dimension="charisma"), "current.dimensions[1].dimension"),
        (lambda a: a["dimensions"][0]["factors"][0].update(weight="heavy"), "current.dimensions[0].factors[0].weight"),
    ],
)
def test_garbage_current(demo: dict[str, Any], mutate: Any, field: str) -> None:
    earlier, later = analyses(demo)
    mutate(later)
    with pytest.raises(InvalidInputError) as info:
        brandpilot.compare_analyses(earlier, later)
    assert info.value.field == field


def test_none_inputs() -> None:
    bad: Any = None
    with pytest.raises(InvalidInputError) as info:
        brandpilot.compare_analyses(bad, bad)
    assert info.value.field == "previous"
