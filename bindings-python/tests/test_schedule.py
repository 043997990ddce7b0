"""best_times and plan: happy paths, datetimes, the errors they raise, garbage input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

import brandpilot
from brandpilot import InvalidInputError

if TYPE_CHECKING:
    from brandpilot import PlanDraft, PlanRules, PlanWindow, Platform, PlatformSlots, Post, SlotTime

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
AMS = "Europe/Amsterdam"
# Europe/Amsterdam in 2026: CEST (+2) until 25 October 01:00 UTC, CET (+1) after.
DST_END_2026 = datetime(2026, 10, 25, 1, 0, tzinfo=timezone.utc)

WINDOW: PlanWindow = {"start": "2026-03-02T00:00:00Z", "end": "2026-03-09T00:00:00Z"}
DRAFTS: list[PlanDraft] = [{"id": "d0"}, {"id": "d1", "platforms": ["linkedin", "x"]}, {"id": "d2"}]
PLATFORMS: list[Platform] = ["linkedin", "x", "instagram"]
RULES: PlanRules = {"time_zone": AMS}


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def amsterdam_cell(created_at: str) -> tuple[str, int]:
    """The local (weekday, hour) of a 2026 summer/autumn instant in Europe/Amsterdam."""
    at = parse_utc(created_at)
    local = at + timedelta(hours=2 if at < DST_END_2026 else 1)
    return WEEKDAYS[local.weekday()], local.hour


# ---- best_times ------------------------------------------------------------------------


def test_best_times_demo_account(demo: dict[str, Any]) -> None:
    posts = demo["snapshot"]["posts"]
    bt = brandpilot.best_times(posts, time_zone=AMS, platform="linkedin")
    assert bt["platform"] == "linkedin"
    assert bt["time_zone"] == AMS
    assert bt["basis"] == "impressions"  # every demo post reports impressions
    assert bt["posts_used"] == len(posts)
    assert bt["mean_rate"] is not None and bt["mean_rate"] > 0
    assert bt["prior_weight"] == 10.0
    # The grid: Monday 00 .. Sunday 23, every slot once.
    assert len(bt["grid"]) == 168
    assert [(s["weekday"], s["hour"]) for s in bt["grid"]] == [(d, h) for d in WEEKDAYS for h in range(24)]
    # Default k = 3: the best three grid slots, best first.
    assert len(bt["slots"]) == 3
    lifts = [s["expected_lift"] for s in bt["slots"]]
    assert lifts == sorted(lifts, reverse=True)
    assert lifts[0] == max(s["expected_lift"] for s in bt["grid"])
    for slot in bt["slots"]:
        assert slot in bt["grid"]
    # Posts land on the local hour their audience saw, across the October DST change.
    expected: dict[tuple[str, int], int] = {}
    for post in posts:
        cell = amsterdam_cell(post["created_at"])
        expected[cell] = expected.get(cell, 0) + 1
    actual = {(s["weekday"], s["hour"]): s["posts"] for s in bt["grid"] if s["posts"]}
    assert actual == expected
    for s in bt["grid"]:
        assert 0.0 <= s["confidence"] <= 1.0
        assert (s["observed_lift"] is None) == (s["posts"] == 0)


def test_best_times_k_and_followers(demo: dict[str, Any]) -> None:
    posts = demo["snapshot"]["posts"]
    default = brandpilot.best_times(posts, time_zone=AMS, platform="linkedin")
    assert default == brandpilot.best_times(posts, time_zone=AMS, platform="linkedin", k=3, followers=None)
    five = brandpilot.best_times(posts, time_zone=AMS, platform="linkedin", k=5)
    assert five["slots"][:3] == default["slots"] and len(five["slots"]) == 5
    assert brandpilot.best_times(posts, time_zone=AMS, platform="linkedin", k=0)["slots"] == []
    assert len(brandpilot.best_times(posts, time_zone=AMS, platform="linkedin", k=1000)["slots"]) == 168
    # Without impressions the follower count is the basis.
    no_impr: list[Any] = [dict(p, metrics={k: v for k, v in p["metrics"].items() if k != "impressions"}) for p in posts]
    followers = demo["snapshot"]["profile"]["followers"]
    by_followers = brandpilot.best_times(no_impr, time_zone=AMS, platform="linkedin", followers=followers)
    assert by_followers["basis"] == "followers"
    assert brandpilot.best_times(no_impr, time_zone=AMS, platform="linkedin")["basis"] == "engagements"


def test_best_times_other_platform_is_prior_only(demo: dict[str, Any]) -> None:
    bt = brandpilot.best_times(demo["snapshot"]["posts"], time_zone="America/New_York", platform="x", k=5)
    assert bt["basis"] is None and bt["mean_rate"] is None and bt["posts_used"] == 0
    assert all(s["posts"] == 0 and s["confidence"] == 0.0 for s in bt["grid"])
    assert any("other platforms" in n for n in bt["notes"])
    prior_only = brandpilot.best_times([], time_zone="America/New_York", platform="x", k=5)
    assert (bt["slots"], bt["grid"]) == (prior_only["slots"], prior_only["grid"])


def test_best_times_accepts_aware_datetimes(demo: dict[str, Any]) -> None:
    posts = demo["snapshot"]["posts"]
    plus_five = timezone(timedelta(hours=5))
    as_datetimes: list[Any] = [dict(p, created_at=parse_utc(p["created_at"]).astimezone(plus_five)) for p in posts]
    assert brandpilot.best_times(as_datetimes, time_zone=AMS, platform="linkedin") == brandpilot.best_times(
        posts, time_zone=AMS, platform="linkedin"
    )


def test_best_times_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        brandpilot.best_times([], AMS, "linkedin")  # type: ignore[misc]
    with pytest.raises(TypeError):
        brandpilot.best_times([], platform="linkedin")  # type: ignore[call-arg]


def post(**changes: Any) -> dict[str, Any]:
    base: Post = {
        "id": "p1",
        "platform": "linkedin",
        "created_at": "2026-03-03T09:05:00Z",
        "metrics": {"likes": 40, "comments": 5, "impressions": 1500},
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"time_zone": 5}, "time_zone"),
        ({"time_zone": None}, "time_zone"),
        ({"platform": "myspace"}, "platform"),
        ({"platform": ["linkedin"]}, "platform"),
        ({"k": -1}, "k"),
        ({"k": True}, "k"),
        ({"k": 2.0}, "k"),
        ({"k": "3"}, "k"),
        ({"k": None}, "k"),
        ({"k": 2**40}, "k"),
        ({"followers": -1}, "followers"),
        ({"followers": "many"}, "followers"),
        ({"followers": False}, "followers"),
        ({"followers": 1.5}, "followers"),
        ({"posts": "abc"}, "posts"),
        ({"posts": None}, "posts"),
        ({"posts": [post(), {"id": "p2"}]}, "posts[1]"),
        ({"posts": [post(created_at="yesterday")]}, "posts[0].created_at"),
        ({"posts": [post(created_at=datetime(2026, 3, 3, 9))]}, "posts[0].created_at"),  # naive
        ({"posts": [post(metrics={"likes": -1})]}, "posts[0].metrics.likes"),
        ({"posts": [post(metrics={"likes": True})]}, "posts[0].metrics.likes"),
        ({"posts": [post(platform="myspace")]}, "posts[0].platform"),
    ],
)
def test_best_times_invalid(kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"posts": [post()], "time_zone": AMS, "platform": "linkedin"} | kwargs
    posts = args.pop("posts")
    with pytest.raises(InvalidInputError) as info:
        brandpilot.best_times(posts, **args)
    assert info.value.code == "invalid_input"
    assert info.value.field == field, info.value


# ---- plan ------------------------------------------------------------------------------


def test_plan_three_platforms(demo: dict[str, Any]) -> None:
    bt = brandpilot.best_times(demo["snapshot"]["posts"], time_zone=AMS, platform="linkedin", k=5)
    best: list[SlotTime] = [{"weekday": s["weekday"], "hour": s["hour"]} for s in bt["slots"]]
    linkedin: PlatformSlots = {"platform": "linkedin", "slots": best}
    rules: PlanRules = {"time_zone": AMS, "best_times": [linkedin]}
    drafts: list[PlanDraft] = [*DRAFTS, {"id": "d3", "platforms": ["tiktok"]}]
    result = brandpilot.plan(drafts, PLATFORMS, WINDOW, rules)

    assert result["time_zone"] == AMS
    # d0 and d2 on three platforms, d1 on two; d3 is for a platform the plan does not cover.
    placed = sorted((p["draft_id"], p["platform"]) for p in result["scheduled"])
    assert placed == sorted(
        [(d, pl) for d in ("d0", "d2") for pl in PLATFORMS] + [("d1", "linkedin"), ("d1", "x")]
    )
    assert [(u["draft_id"], u["platform"], u["reason"]) for u in result["unscheduled"]] == [
        ("d3", "tiktok", "platform_not_planned")
    ]
    start, end = parse_utc("2026-03-02T00:00:00Z"), parse_utc("2026-03-09T00:00:00Z")
    times = [parse_utc(p["at"]) for p in result["scheduled"]]
    assert times == sorted(times), "scheduled posts are in time order"
    assert len(set(times)) == len(times), "no two posts in the same minute"
    for p, at in zip(result["scheduled"], times):
        assert start <= at < end
        assert p["at"].endswith("Z") and at.second == 0 and at.minute % 5 == 0
        local = datetime.fromisoformat(p["local_time"])
        assert local == at and local.utcoffset() == timedelta(hours=1)  # CET in early March
        assert (p["weekday"], p["hour"]) == (WEEKDAYS[local.weekday()], local.hour)
        if p["platform"] == "linkedin":
            assert p["source"] == "best_times"
            assert {"weekday": p["weekday"], "hour": p["hour"]} in best
        else:
            assert p["source"] in ("prior", "fallback")
    # Default max_per_day 2 and min_gap_minutes 240, per platform.
    days = [(p["platform"], p["local_time"][:10]) for p in result["scheduled"]]
    assert max(days.count(d) for d in days) <= 2
    for platform in PLATFORMS:
        mine = [at for p, at in zip(result["scheduled"], times) if p["platform"] == platform]
        assert all(b - a >= timedelta(minutes=240) for a, b in zip(mine, mine[1:]))
    assert any("linkedin" in n for n in result["notes"])


def test_plan_accepts_aware_datetimes() -> None:
    cet = timezone(timedelta(hours=1), "CET")
    expected = brandpilot.plan(DRAFTS, PLATFORMS, WINDOW, RULES)
    window: PlanWindow = {"start": datetime(2026, 3, 2, 1, 0, tzinfo=cet), "end": datetime(2026, 3, 9, 1, 0, tzinfo=cet)}
    assert brandpilot.plan(DRAFTS, PLATFORMS, window, RULES) == expected
    utc: PlanWindow = {"start": datetime(2026, 3, 2, tzinfo=timezone.utc), "end": "2026-03-09T00:00:00Z"}
    assert brandpilot.plan(DRAFTS, PLATFORMS, utc, RULES) == expected


def test_plan_defaults_and_tuples() -> None:
    explicit: PlanRules = {
        "time_zone": AMS,
        "min_gap_minutes": 240,
        "max_per_day": 2,
        "best_times": [],
        "min_gap_by_platform": [],
    }
    result = brandpilot.plan(DRAFTS, PLATFORMS, WINDOW, RULES)
    assert result == brandpilot.plan(DRAFTS, PLATFORMS, WINDOW, explicit)
    drafts_tuple: Any = tuple(DRAFTS)
    platforms_tuple: Any = tuple(PLATFORMS)
    assert result == brandpilot.plan(drafts_tuple, platforms_tuple, WINDOW, RULES)
    empty = brandpilot.plan([], PLATFORMS, WINDOW, RULES)
    assert empty["scheduled"] == [] and empty["unscheduled"] == []


@pytest.mark.parametrize(
    ("drafts", "platforms", "window", "rules", "field"),
    [
        (DRAFTS, PLATFORMS, WINDOW, {"time_zone": "Mars/Olympus_Mons"}, "rules.time_zone"),
        (DRAFTS, PLATFORMS, WINDOW, {"time_zone": 1}, "rules.time_zone"),
        (DRAFTS, PLATFORMS, WINDOW, {}, "rules"),
        (DRAFTS, PLATFORMS, WINDOW, {"time_zone": AMS, "max_per_day": 0}, "rules.max_per_day"),
        (DRAFTS, PLATFORMS, WINDOW, {"time_zone": AMS, "max_per_day": 1.0}, "rules.max_per_day"),
        (DRAFTS, PLATFORMS, WINDOW, {"time_zone": AMS, "min_gap_minutes": -1}, "rules.min_gap_minutes"),
        (DRAFTS, PLATFORMS, WINDOW, {"time_zone": AMS, "colour": "red"}, "rules.colour"),
        (
            DRAFTS,
            PLATFORMS,
            WINDOW,
            {"time_zone": AMS, "best_times": [{"platform": "x", "slots": [{"weekday": "monday", "hour": 24}]}]},
            "rules.best_times[0].slots[0].hour",
        ),
        (
            DRAFTS,
            PLATFORMS,
            WINDOW,
            {"time_zone": AMS, "best_times": [{"platform": "x", "slots": [{"weekday": "someday", "hour": 9}]}]},
            "rules.best_times[0].slots[0].weekday",
        ),
        (DRAFTS, PLATFORMS, {"start": WINDOW["end"], "end": WINDOW["start"]}, RULES, "window.end"),
        (DRAFTS, PLATFORMS, {"start": "yesterday", "end": WINDOW["end"]}, RULES, "window.start"),
        (DRAFTS, PLATFORMS, {"start": datetime(2026, 3, 2), "end": WINDOW["end"]}, RULES, "window.start"),
        (DRAFTS, PLATFORMS, {"start": WINDOW["start"]}, RULES, "window"),
        (DRAFTS, PLATFORMS, None, RULES, "window"),
        (DRAFTS, ["linkedin", "linkedin"], WINDOW, RULES, "platforms[1]"),
        (DRAFTS, ["linkedin", "myspace"], WINDOW, RULES, "platforms[1]"),
        (DRAFTS, "linkedin", WINDOW, RULES, "platforms"),
        ([{"id": "a"}, {"id": "a"}], PLATFORMS, WINDOW, RULES, "drafts[1].id"),
        ([{"id": " "}], PLATFORMS, WINDOW, RULES, "drafts[0].id"),
        ([{"id": 7}], PLATFORMS, WINDOW, RULES, "drafts[0].id"),
        ([{"id": "a", "platforms": ["x", "x"]}], PLATFORMS, WINDOW, RULES, "drafts[0].platforms[1]"),
        ([{"id": "a", "title": "hi"}], PLATFORMS, WINDOW, RULES, "drafts[0].title"),
        (None, PLATFORMS, WINDOW, RULES, "drafts"),
    ],
)
def test_plan_invalid(drafts: Any, platforms: Any, window: Any, rules: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.plan(drafts, platforms, window, rules)
    assert info.value.code == "invalid_input"
    assert info.value.field == field, info.value


# ---- garbage input ---------------------------------------------------------------------


class Weird:
    def __repr__(self) -> str:
        raise RuntimeError("no repr either")


GARBAGE: list[Any] = [
    object(),
    Weird(),
    b"bytes",
    {1, 2},
    {1: "non-str key"},
    float("nan"),
    float("inf"),
    -(2**70),
    "\ud800",
    {"\ud800": 1},
    datetime(2026, 3, 2),
    lambda: None,
    [[[[[[]]]]]],
    {"time_zone": AMS, "nested": [{"deep": [1, 2, {"x": object()}]}]},
]


def deep(levels: int) -> Any:
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("bad", [*GARBAGE, deep(10_000)], ids=lambda b: type(b).__name__)
@pytest.mark.parametrize("param", ["posts", "time_zone", "platform", "k", "followers"])
def test_best_times_garbage(param: str, bad: Any) -> None:
    args: dict[str, Any] = {"posts": [], "time_zone": AMS, "platform": "linkedin", param: bad}
    posts = args.pop("posts")
    with pytest.raises(InvalidInputError) as info:
        brandpilot.best_times(posts, **args)
    assert info.value.field is not None and info.value.field.startswith(param)


@pytest.mark.parametrize("bad", [*GARBAGE, deep(10_000)], ids=lambda b: type(b).__name__)
@pytest.mark.parametrize("param", ["drafts", "platforms", "window", "rules"])
def test_plan_garbage(param: str, bad: Any) -> None:
    args: dict[str, Any] = {"drafts": DRAFTS, "platforms": PLATFORMS, "window": WINDOW, "rules": RULES, param: bad}
    with pytest.raises(InvalidInputError) as info:
        brandpilot.plan(**args)
    assert info.value.field is not None and info.value.field.startswith(param)


def test_huge_plan_is_refused_not_slow() -> None:
    drafts: list[PlanDraft] = [{"id": f"d{i}"} for i in range(10_001)]
    with pytest.raises(InvalidInputError) as info:
        brandpilot.plan(drafts, PLATFORMS, WINDOW, RULES)
    assert info.value.field == "drafts"
    window: PlanWindow = {"start": "2026-01-01T00:00:00Z", "end": "2027-06-01T00:00:00Z"}
    with pytest.raises(InvalidInputError) as info:
        brandpilot.plan(DRAFTS, PLATFORMS, window, RULES)
    assert info.value.field == "window.end"


def test_concurrent_calls_agree(demo: dict[str, Any]) -> None:
    posts = demo["snapshot"]["posts"]

    def both(_: int) -> tuple[Any, Any]:
        bt = brandpilot.best_times(posts, time_zone=AMS, platform="linkedin")
        return bt, brandpilot.plan(DRAFTS, PLATFORMS, WINDOW, RULES)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(both, range(32)))
    assert all(r == results[0] for r in results)
