"""score_brand: happy path, datetime acceptance, every error it raises, garbage input."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

import brandpilot
from brandpilot import InvalidInputError
from conftest import load_demo


def score(demo: dict[str, Any], **overrides: Any) -> Any:
    kwargs: dict[str, Any] = {"industry": demo["industry"], "now": demo["now"]}
    kwargs.update(overrides)
    return brandpilot.score_brand(demo["snapshot"], **kwargs)


def invalid(demo: dict[str, Any], **overrides: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        score(demo, **overrides)
    assert info.value.code == "invalid_input"
    return info.value


def test_demo_account_scores(demo: dict[str, Any]) -> None:
    analysis = brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"])
    assert 0 <= analysis["overall"] <= 100
    assert analysis["platform"] == "linkedin"
    assert analysis["analyzed_at"] == "2026-11-23T09:00:00Z"
    assert [d["dimension"] for d in analysis["dimensions"]] == [
        "presence",
        "visibility",
        "engagement",
        "network",
        "consistency",
    ]
    assert 1 <= len(analysis["recommendations"]) <= 5
    assert all(r["expected_gain"] >= 0 for r in analysis["recommendations"])
    assert analysis["engagement_basis"] in ("impressions", "followers")


def test_deterministic_and_config(demo: dict[str, Any]) -> None:
    assert score(demo) == score(demo)
    assert score(demo, config=None) == score(demo, config={})
    custom = score(demo, config={"max_recommendations": 1, "window_weeks": 4})
    assert len(custom["recommendations"]) == 1


def test_accepts_datetime_now(demo: dict[str, Any]) -> None:
    expected = score(demo)
    assert score(demo, now=datetime(2026, 11, 23, 9, tzinfo=timezone.utc)) == expected
    cet = timezone(timedelta(hours=1))
    assert score(demo, now=datetime(2026, 11, 23, 10, tzinfo=cet)) == expected


def test_accepts_nested_datetimes_and_dates(demo: dict[str, Any]) -> None:
    expected = score(demo)
    for post in demo["snapshot"]["posts"]:
        post["created_at"] = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
    for series in demo["snapshot"]["series"]:
        for point in series["points"]:
            point["date"] = date.fromisoformat(point["date"])
    assert score(demo) == expected


def test_rejects_naive_datetimes(demo: dict[str, Any]) -> None:
    err = invalid(demo, now=datetime(2026, 11, 23, 9))
    assert err.field == "now"
    assert "naive" in str(err)
    demo["snapshot"]["posts"][2]["created_at"] = datetime(2026, 11, 1)
    err = invalid(demo)
    assert err.field == "snapshot.posts[2].created_at"


def test_negative_count_names_field(demo: dict[str, Any]) -> None:
    demo["snapshot"]["posts"][0]["metrics"]["likes"] = -1
    err = invalid(demo)
    assert err.field == "snapshot.posts[0].metrics.likes"
    assert err.message == "must be >= 0"
    assert str(err) == "snapshot.posts[0].metrics.likes: must be >= 0"


def test_core_validation_errors(demo: dict[str, Any]) -> None:
    assert invalid(demo, industry="  ").field == "industry"
    assert invalid(demo, config={"window_weeks": 0}).field == "config.window_weeks"
    assert invalid(demo, config={"weights": {"presence": math.nan, "visibility": 1, "engagement": 1,
                                             "network": 1, "consistency": 1}}).field == "config.weights.presence"
    future = demo["snapshot"]["posts"][1]
    future["created_at"] = "2030-01-01T00:00:00Z"
    assert invalid(demo).field == "snapshot.posts[1].created_at"


def test_huge_text_is_invalid_input(demo: dict[str, Any]) -> None:
    demo["snapshot"]["posts"][0]["text"] = "x" * 2_000_000
    assert invalid(demo).field == "snapshot.posts[0].text"


def test_nan_series_value(demo: dict[str, Any]) -> None:
    demo["snapshot"]["series"][0]["points"][0]["value"] = math.nan
    err = invalid(demo)
    assert err.field == "snapshot.series[0].points[0].value"


def test_unknown_platform(demo: dict[str, Any]) -> None:
    demo["snapshot"]["posts"][3]["platform"] = "myspace"
    err = invalid(demo)
    assert err.field == "snapshot.posts[3].platform"
    assert "unknown variant `myspace`" in str(err)


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda s: s["profile"].pop("handle"), "snapshot.profile", "missing field `handle`"),
        (lambda s: s["profile"].update(followers="many"), "snapshot.profile.followers", ""),
        (lambda s: s["profile"].update(followers=10**30), "snapshot.profile.followers", ""),
        (lambda s: s["profile"].update(followers=1.5), "snapshot.profile.followers", ""),
        (lambda s: s["profile"].update(bogus=1), "snapshot.profile.bogus", "unknown field `bogus`"),
        (lambda s: s["posts"][4].update(created_at="yesterday"), "snapshot.posts[4].created_at", ""),
        (lambda s: s["posts"][4].update(metrics=None), "snapshot.posts[4].metrics", ""),
        (lambda s: s.update(posts={"a": 1}), "snapshot.posts", ""),
        (lambda s: s["posts"].append(42), f"snapshot.posts[{len(load_demo()['snapshot']['posts'])}]", ""),
    ],
)
def test_garbage_snapshot(demo: dict[str, Any], mutate: Any, field: str, words: str) -> None:
    mutate(demo["snapshot"])
    err = invalid(demo)
    assert err.field == field
    assert words in str(err)


@pytest.mark.parametrize(
    ("snapshot", "kwargs", "field"),
    [
        (None, {}, "snapshot"),
        ("not a dict", {}, "snapshot"),
        ({}, {}, "snapshot"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"industry": None}, "industry"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"industry": 7}, "industry"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"now": None}, "now"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"now": 1_700_000_000}, "now"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"now": "last tuesday"}, "now"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"config": {"nope": 1}}, "config.nope"),
        ({"profile": {"platform": "linkedin", "handle": "a"}}, {"config": "fast"}, "config"),
    ],
)
def test_garbage_arguments(snapshot: Any, kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"industry": "all", "now": "2026-11-23T09:00:00Z", **kwargs}
    with pytest.raises(InvalidInputError) as info:
        brandpilot.score_brand(snapshot, **args)
    assert info.value.field == field


def test_missing_keyword_is_type_error(demo: dict[str, Any]) -> None:
    bad: Any = brandpilot.score_brand
    with pytest.raises(TypeError):
        bad(demo["snapshot"], industry="all")


def test_minimal_profile() -> None:
    analysis = brandpilot.score_brand(
        {"profile": {"platform": "x", "handle": "ada"}}, industry="all", now="2026-11-23T09:00:00Z"
    )
    assert analysis["platform"] == "x"
    assert analysis["notes"]
