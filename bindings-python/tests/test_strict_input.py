"""Strict input conversion: no truthiness, no silent int/float/bool coercion, no crashes."""

from __future__ import annotations

import math
from typing import Any

import pytest

import brandpilot
from brandpilot import InvalidInputError


def invalid(demo: dict[str, Any], **overrides: Any) -> InvalidInputError:
    kwargs: dict[str, Any] = {"industry": demo["industry"], "now": demo["now"], **overrides}
    with pytest.raises(InvalidInputError) as info:
        brandpilot.score_brand(demo["snapshot"], **kwargs)
    assert info.value.code == "invalid_input"
    return info.value


def test_string_is_not_a_bool(demo: dict[str, Any]) -> None:
    demo["snapshot"]["profile"]["has_photo"] = "no"
    err = invalid(demo)
    assert err.field == "snapshot.profile.has_photo"
    assert "expected a boolean" in str(err)


def test_int_is_not_a_bool(demo: dict[str, Any]) -> None:
    demo["snapshot"]["profile"]["has_photo"] = 1
    assert invalid(demo).field == "snapshot.profile.has_photo"


def test_float_is_not_a_count(demo: dict[str, Any]) -> None:
    demo["snapshot"]["profile"]["followers"] = 1.5
    assert invalid(demo).field == "snapshot.profile.followers"
    demo["snapshot"]["profile"]["followers"] = 2.0
    assert invalid(demo).field == "snapshot.profile.followers"


def test_bool_is_not_a_count(demo: dict[str, Any]) -> None:
    demo["snapshot"]["profile"]["followers"] = True
    err = invalid(demo)
    assert err.field == "snapshot.profile.followers"
    assert "boolean" in str(err)


def test_int_is_accepted_as_float(demo: dict[str, Any]) -> None:
    expected = brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"])
    point = demo["snapshot"]["series"][0]["points"][0]
    assert point["value"] == int(point["value"])
    point["value"] = int(point["value"])
    assert brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"]) == expected


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_float_names_path(demo: dict[str, Any], bad: float) -> None:
    demo["snapshot"]["series"][1]["points"][5]["value"] = bad
    err = invalid(demo)
    assert err.field == "snapshot.series[1].points[5].value"
    assert "finite" in str(err)


def test_huge_int_names_path(demo: dict[str, Any]) -> None:
    demo["snapshot"]["posts"][2]["metrics"]["likes"] = -(10**30)
    err = invalid(demo)
    assert err.field == "snapshot.posts[2].metrics.likes"
    assert "out of range" in str(err)


def test_non_str_dict_key(demo: dict[str, Any]) -> None:
    demo["snapshot"]["profile"][1] = "x"
    err = invalid(demo)
    assert err.field == "snapshot.profile"
    assert "keys must be str" in str(err)


def test_deeply_nested_lists_are_an_error(demo: dict[str, Any]) -> None:
    deep: Any = []
    for _ in range(10_000):
        deep = [deep]
    demo["snapshot"]["profile"]["skills"] = deep
    err = invalid(demo)
    assert err.field is not None and err.field.startswith("snapshot.profile.skills")
    # Also at the top level and inside config, and for dicts.
    with pytest.raises(InvalidInputError):
        brandpilot.evaluate_goal(demo["goals"][0]["goal"], deep, demo["now"])
    nested: Any = {}
    for _ in range(10_000):
        nested = {"a": nested}
    assert invalid(demo, config=nested).field is not None


def test_lone_surrogate_is_an_error(demo: dict[str, Any]) -> None:
    demo["snapshot"]["posts"][0]["text"] = "bad \ud800 text"
    err = invalid(demo)
    assert err.field == "snapshot.posts[0].text"
    demo["snapshot"]["posts"][0]["text"] = "fine"
    assert invalid(demo, industry="\udfff").field == "industry"


def test_lone_surrogate_key_is_an_error(demo: dict[str, Any]) -> None:
    demo["snapshot"]["profile"]["\ud800"] = 1
    assert invalid(demo).field is not None


@pytest.mark.parametrize("bad", [{1, 2}, b"bytes", object(), 1j])
def test_unsupported_types(demo: dict[str, Any], bad: Any) -> None:
    demo["snapshot"]["profile"]["headline"] = bad
    err = invalid(demo)
    assert err.field == "snapshot.profile.headline"
    assert "unsupported type" in str(err)


def test_tuples_are_arrays(demo: dict[str, Any]) -> None:
    expected = brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"])
    demo["snapshot"]["posts"] = tuple(demo["snapshot"]["posts"])
    demo["snapshot"]["profile"]["skills"] = tuple(demo["snapshot"]["profile"]["skills"])
    assert brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"]) == expected

