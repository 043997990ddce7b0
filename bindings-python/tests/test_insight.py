"""generate_insights / update_feedback / insight_digest / render_digest_html: the calling
convention (keyword-only `period`, defaulting to "week", and `now`), real behaviour on the
demo account, feedback round trips, the digest email, and every bad input they reject."""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable

import pytest

import brandpilot
from brandpilot import InvalidInputError
from conftest import load_demo

if TYPE_CHECKING:
    from brandpilot import BrandAnalysis, Digest, FeedbackEvent, FeedbackState, Insight, InsightInput

NOW = "2026-11-23T09:00:00Z"  # a Monday: the week is Mon 16 - Sun 22 November (Amsterdam)


def demo_input(with_analysis: bool = True) -> InsightInput:
    demo = load_demo()
    inp: InsightInput = {"snapshot": demo["snapshot"], "time_zone": demo["time_zone"], "goals": demo["goals"]}
    if with_analysis:
        analysis: BrandAnalysis = brandpilot.score_brand(demo["snapshot"], industry=demo["industry"], now=demo["now"])
        inp["analysis"] = analysis
    return inp


def tiny_input() -> InsightInput:
    """One post and 120 followers: a top post, the cadence and the 100-followers achievement."""
    return {
        "snapshot": {
            "profile": {"platform": "linkedin", "handle": "ada", "followers": 120},
            "posts": [
                {
                    "id": "p1",
                    "platform": "linkedin",
                    "created_at": "2026-11-18T08:00:00Z",
                    "text": "Hello, world",
                    "metrics": {"impressions": 400, "likes": 12, "comments": 3},
                }
            ],
        },
        "time_zone": "Europe/Amsterdam",
    }


def escape(text: str) -> str:
    """The core's HTML escaping (`&#39;` for the apostrophe, where `html.escape` writes `&#x27;`)."""
    for raw, entity in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;")]:
        text = text.replace(raw, entity)
    return text


def invalid(call: Callable[[], object]) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.code == "invalid_input"
    return info.value


# -- generate_insights -------------------------------------------------------------------


def test_weekly_insights_on_demo() -> None:
    insights = brandpilot.generate_insights(demo_input(), now=NOW)
    kinds = {i["kind"] for i in insights}
    assert {"goal", "top_post", "cadence", "benchmark", "recommendation"} <= kinds
    assert len({i["id"] for i in insights}) == len(insights)
    scores = [i["rank_score"] for i in insights]
    assert scores == sorted(scores, reverse=True)
    for i in insights:
        assert set(i) == {
            "id", "kind", "priority", "rank_score", "pinned", "title", "body", "evidence", "actions", "period", "facts"
        }
        assert i["title"] and i["body"]
        assert 0.0 <= i["priority"] <= 1.0
        assert i["period"]["period"] == "week"
        assert (i["period"]["first_day"], i["period"]["last_day"], i["period"]["days"]) == ("2026-11-16", "2026-11-22", 7)
        assert i["period"]["time_zone"] == "Europe/Amsterdam"
        # Exactly the facts of its own kind are set (a record of options).
        assert [k for k, v in i["facts"].items() if v is not None] == [i["kind"]]
        for e in i["evidence"]:
            assert set(e) == {"key", "label", "value", "unit"}
    # Deterministic.
    assert brandpilot.generate_insights(demo_input(), now=NOW) == insights


def test_period_defaults_to_week_and_month_is_longer() -> None:
    inp = demo_input()
    week = brandpilot.generate_insights(inp, now=NOW)
    assert brandpilot.generate_insights(inp, period="week", now=NOW) == week
    month = brandpilot.generate_insights(inp, period="month", now=NOW)
    window = month[0]["period"]
    assert (window["period"], window["first_day"], window["last_day"], window["days"]) == (
        "month",
        "2026-10-23",
        "2026-11-22",
        31,
    )
    assert month != week


def test_now_accepts_an_aware_datetime() -> None:
    inp = demo_input()
    expected = brandpilot.generate_insights(inp, now=NOW)
    plus_one = timezone(timedelta(hours=1))
    assert brandpilot.generate_insights(inp, now=datetime(2026, 11, 23, 10, tzinfo=plus_one)) == expected
    assert brandpilot.generate_insights(inp, now="2026-11-23T10:00:00+01:00") == expected


def test_calling_convention() -> None:
    inp = tiny_input()
    with pytest.raises(TypeError, match="now"):
        brandpilot.generate_insights(inp)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        brandpilot.generate_insights(inp, "week", NOW)  # type: ignore[misc]
    with pytest.raises(TypeError, match="now"):
        brandpilot.insight_digest(inp)  # type: ignore[call-arg]
    # Every keyword at once, by name, in any order.
    assert brandpilot.generate_insights(
        config=None, feedback=None, now=NOW, period="week", input=inp
    ) == brandpilot.generate_insights(inp, now=NOW)


def test_achievement_is_pinned_and_granted_once() -> None:
    inp = tiny_input()
    insights = brandpilot.generate_insights(inp, now=NOW)
    achievements = [i for i in insights if i["kind"] == "achievement"]
    assert len(achievements) == 1 and achievements[0]["pinned"]
    facts = achievements[0]["facts"]["achievement"]
    assert facts is not None and facts["achievement_id"] == "followers_100"
    # The host records the id; the next run does not grant it again.
    inp["granted_achievements"] = [facts["achievement_id"]]
    assert all(i["kind"] != "achievement" for i in brandpilot.generate_insights(inp, now=NOW))


def test_max_insights_keeps_pinned_ones() -> None:
    inp = demo_input()
    full = brandpilot.generate_insights(inp, now=NOW)
    one = brandpilot.generate_insights(inp, now=NOW, config={"max_insights": 1})
    pinned = [i for i in full if i["pinned"]]
    assert pinned, "the demo has a goal insight"
    assert [i for i in one if i["pinned"]] == pinned
    assert len([i for i in one if not i["pinned"]]) <= 1
    # `None` and `{}` are the default configuration.
    assert brandpilot.generate_insights(inp, now=NOW, config={}) == full


def test_inputs_are_not_mutated() -> None:
    inp = demo_input()
    before = copy.deepcopy(inp)
    state: FeedbackState = {"preferences": [{"kind": "trend", "alpha": 3.0, "beta": 2.0, "events": 1}]}
    state_before = copy.deepcopy(state)
    brandpilot.generate_insights(inp, now=NOW, feedback=state)
    brandpilot.update_feedback(state, [{"kind": "trend", "signal": "helpful"}])
    assert inp == before and state == state_before


# -- update_feedback and adaptive ranking --------------------------------------------------


def test_update_feedback_adds_evidence() -> None:
    events: list[FeedbackEvent] = [
        {"insight_id": "0987b459ecf6f6c2", "kind": "trend", "signal": "helpful"},
        {"kind": "trend", "signal": "read"},
        {"kind": "trend", "signal": "not_helpful"},
        {"kind": "anomaly", "signal": "dismissed"},
    ]
    stored: Any = {"preferences": [{"kind": "trend", "alpha": 3.0, "beta": 2.0}]}  # `events` is optional in JSON
    state = brandpilot.update_feedback(stored, events)
    assert state == {
        "preferences": [
            {"kind": "trend", "alpha": 4.25, "beta": 3.0, "events": 3},
            {"kind": "anomaly", "alpha": 2.0, "beta": 2.5, "events": 1},
        ]
    }
    # No events: the state comes back as it was; a new user starts from {} or no preferences
    # (the stubs type the state as the output of update_feedback, so `{"preferences": []}`).
    assert brandpilot.update_feedback(state, []) == state
    assert brandpilot.update_feedback({}, []) == {"preferences": []}  # type: ignore[typeddict-item]
    # A tuple of events is a list.
    new: FeedbackState = {"preferences": []}
    assert brandpilot.update_feedback(new, tuple(events)) == brandpilot.update_feedback(new, events)  # type: ignore[arg-type]


def test_feedback_reorders_and_survives_json() -> None:
    inp = demo_input()
    baseline = brandpilot.generate_insights(inp, now=NOW)
    assert brandpilot.generate_insights(inp, now=NOW, feedback=None) == baseline
    assert brandpilot.generate_insights(inp, now=NOW, feedback={"preferences": []}) == baseline

    state: FeedbackState = {"preferences": []}
    for _ in range(20):
        state = brandpilot.update_feedback(state, [{"kind": "top_post", "signal": "not_helpful"}])
    state = brandpilot.update_feedback(state, [{"kind": "trend", "signal": "helpful"}] * 20)
    stored = json.loads(json.dumps(state))  # what a host keeps between runs
    adapted = brandpilot.generate_insights(inp, now=NOW, feedback=stored)

    def score(insights: list[Insight], kind: str) -> float:
        return max(i["rank_score"] for i in insights if i["kind"] == kind)

    assert score(adapted, "top_post") < score(baseline, "top_post")
    assert score(adapted, "trend") > score(baseline, "trend")
    # Feedback never demotes a pinned insight below its own priority.
    for i in adapted:
        if i["pinned"]:
            assert i["rank_score"] >= i["priority"]


# -- insight_digest and render_digest_html ----------------------------------------------


def test_digest_and_html() -> None:
    inp = demo_input()
    digest = brandpilot.insight_digest(inp, now=NOW)
    assert set(digest) == {
        "period", "period_label", "account", "headline", "score", "insights", "achievements",
        "goals", "plan", "charts", "granted_achievements",
    }
    assert digest["account"] == {"platform": "linkedin", "handle": "maya-chen-data", "display_name": "Maya Chen"}
    assert digest["period"]["days"] == 7 and digest["period_label"]
    assert digest["score"] is not None and 0 <= digest["score"]["overall"] <= 100
    assert len(digest["charts"]["heatmap"]) == 168
    assert all(i["kind"] != "achievement" for i in digest["insights"])
    assert [g["goal_id"] for g in digest["goals"]] == [g["goal"]["id"] for g in load_demo()["goals"]]
    # The digest's insights are those of generate_insights (achievements listed apart).
    generated = brandpilot.generate_insights(inp, now=NOW)
    assert digest["insights"] + digest["achievements"] == [i for i in generated if i["kind"] != "achievement"] + [
        i for i in generated if i["kind"] == "achievement"
    ]
    assert brandpilot.insight_digest(inp, period="week", now=NOW) == digest

    html = brandpilot.render_digest_html(digest)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") >= 3
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no external assets"
    assert escape(digest["headline"]) in html
    assert all(escape(i["title"]) in html for i in digest["insights"])
    # Stored as JSON and rendered later: the same bytes.
    assert brandpilot.render_digest_html(json.loads(json.dumps(digest))) == html


def test_monthly_digest() -> None:
    digest = brandpilot.insight_digest(demo_input(), period="month", now=NOW)
    assert digest["period"]["period"] == "month" and digest["period"]["days"] == 31
    assert "<svg" in brandpilot.render_digest_html(digest)


def test_tiny_account_digest_grants_achievements() -> None:
    digest = brandpilot.insight_digest(tiny_input(), now=NOW)
    assert digest["score"] is None  # no analysis given
    assert [a["kind"] for a in digest["achievements"]] == ["achievement"]
    assert digest["granted_achievements"] == ["followers_100"]
    assert digest["period_label"] == "Week of 16\u201322 November 2026"


def test_html_escapes_user_text() -> None:
    digest: Digest = brandpilot.insight_digest(tiny_input(), now=NOW)
    digest["account"]["display_name"] = "<b>Ada</b> & <script>alert(1)</script>"
    digest["headline"] = '"><img src=x onerror=alert(1)>'
    html = brandpilot.render_digest_html(digest)
    assert "<script>" not in html and "<img" not in html and "<b>Ada" not in html
    assert "&lt;b&gt;Ada&lt;/b&gt; &amp;" in html


# -- errors ----------------------------------------------------------------------------


def with_post(field: str, value: object) -> InsightInput:
    inp = tiny_input()
    inp["snapshot"]["posts"][0][field] = value  # type: ignore[literal-required]
    return inp


def with_likes(value: object) -> InsightInput:
    inp = tiny_input()
    inp["snapshot"]["posts"][0]["metrics"]["likes"] = value  # type: ignore[typeddict-item]
    return inp


GOOD = tiny_input()

# (keyword arguments of generate_insights / insight_digest, expected `.field`). Paths inside
# `input` are relative to it, as the core's are; `input` itself only when it is not a dict
# or lacks a required key.
BAD_ARGS: list[tuple[str, dict[str, Any], str]] = [
    ("input not a dict", {"input": "snapshot"}, "input"),
    ("input None", {"input": None}, "input"),
    ("missing time_zone", {"input": {"snapshot": GOOD["snapshot"]}}, "input"),
    ("non-str key", {"input": {**GOOD, 1: 2}}, "input"),
    ("unknown key", {"input": {**GOOD, "timezone": "UTC"}}, "timezone"),
    ("unknown time zone", {"input": {**GOOD, "time_zone": "Mars/Olympus"}}, "time_zone"),
    ("time zone not a str", {"input": {**GOOD, "time_zone": 1}}, "time_zone"),
    ("created_at wrong type", {"input": with_post("created_at", 123)}, "snapshot.posts[0].created_at"),
    ("created_at naive", {"input": with_post("created_at", datetime(2026, 11, 18, 8))}, "snapshot.posts[0].created_at"),
    ("negative likes", {"input": with_likes(-1)}, "snapshot.posts[0].metrics.likes"),
    ("fractional likes", {"input": with_likes(1.5)}, "snapshot.posts[0].metrics.likes"),
    ("bool likes", {"input": with_likes(True)}, "snapshot.posts[0].metrics.likes"),
    ("posts per week 0", {"input": {**GOOD, "posts_per_week_goal": 0}}, "posts_per_week_goal"),
    ("granted not a list", {"input": {**GOOD, "granted_achievements": "followers_100"}}, "granted_achievements"),
    ("period unknown", {"period": "weekly"}, "period"),
    ("period upper case", {"period": "WEEK"}, "period"),
    ("period None", {"period": None}, "period"),
    ("period int", {"period": 7}, "period"),
    ("now naive", {"now": datetime(2026, 11, 23, 9)}, "now"),
    ("now not a time", {"now": "next monday"}, "now"),
    ("now a date", {"now": "2026-11-23"}, "now"),
    ("now None", {"now": None}, "now"),
    ("feedback alpha", {"feedback": {"preferences": [{"kind": "trend", "alpha": -1.0, "beta": 2.0}]}}, "feedback.preferences[0].alpha"),
    ("feedback kind", {"feedback": {"preferences": [{"kind": "news", "alpha": 2.0, "beta": 2.0}]}}, "feedback.preferences[0].kind"),
    ("feedback not a dict", {"feedback": "helpful"}, "feedback"),
    ("config type", {"config": {"max_insights": "3"}}, "config.max_insights"),
    ("config unknown key", {"config": {"max_insight": 3}}, "config.max_insight"),
    ("config noise", {"config": {"noise_k": -1.0}}, "config.noise_k"),
    ("config nan", {"config": {"noise_k": float("nan")}}, "config.noise_k"),
]


@pytest.mark.parametrize("function", ["generate_insights", "insight_digest"])
@pytest.mark.parametrize("case", BAD_ARGS, ids=[c[0] for c in BAD_ARGS])
def test_bad_arguments(function: str, case: tuple[str, dict[str, Any], str]) -> None:
    _, override, field = case
    kwargs: dict[str, Any] = {"input": tiny_input(), "now": NOW, **override}
    inp = kwargs.pop("input")
    call = getattr(brandpilot, function)
    err = invalid(lambda: call(inp, **kwargs))
    assert err.field == field, err


BAD_FEEDBACK: list[tuple[str, Any, Any, str]] = [
    ("state None", None, [], "state"),
    ("state alpha", {"preferences": [{"kind": "trend", "alpha": -1.0, "beta": 2.0}]}, [], "state.preferences[0].alpha"),
    ("state beta inf", {"preferences": [{"kind": "trend", "alpha": 1.0, "beta": float("inf")}]}, [], "state.preferences[0].beta"),
    ("events not a list", {}, {"kind": "trend", "signal": "read"}, "events"),
    ("event signal", {}, [{"kind": "trend", "signal": "love"}], "events[0].signal"),
    ("event kind", {}, [{"kind": "trend", "signal": "read"}, {"kind": "gossip", "signal": "read"}], "events[1].kind"),
    ("event missing signal", {}, [{"kind": "trend"}], "events[0]"),
    ("event unknown key", {}, [{"kind": "trend", "signal": "read", "at": NOW}], "events[0].at"),
]


@pytest.mark.parametrize("case", BAD_FEEDBACK, ids=[c[0] for c in BAD_FEEDBACK])
def test_bad_feedback(case: tuple[str, Any, Any, str]) -> None:
    _, state, events, field = case
    err = invalid(lambda: brandpilot.update_feedback(state, events))
    assert err.field == field, err


def test_bad_digest() -> None:
    digest = brandpilot.insight_digest(tiny_input(), now=NOW)
    assert invalid(lambda: brandpilot.render_digest_html("digest")).field == "digest"  # type: ignore[arg-type]
    assert invalid(lambda: brandpilot.render_digest_html({})).field == "digest"  # type: ignore[typeddict-item]
    broken: Any = copy.deepcopy(digest)
    broken["account"]["platform"] = "myspace"
    assert invalid(lambda: brandpilot.render_digest_html(broken)).field == "digest.account.platform"
    broken = copy.deepcopy(digest)
    broken["charts"]["heatmap"][3] = "high"
    assert invalid(lambda: brandpilot.render_digest_html(broken)).field == "digest.charts.heatmap[3]"


def test_tampered_digest_still_renders() -> None:
    """A stored digest edited by hand (short charts, odd numbers) renders; it never crashes."""
    digest: Any = brandpilot.insight_digest(demo_input(), now=NOW)
    digest["charts"]["heatmap"] = digest["charts"]["heatmap"][:5]
    digest["charts"]["followers"] = []
    digest["charts"]["radar"] = digest["charts"]["radar"][:1]
    digest["score"]["overall"] = 1e300
    digest["plan"]["slots"] = digest["plan"]["slots"] * 40
    html = brandpilot.render_digest_html(digest)
    assert html.startswith("<!DOCTYPE html>")


GARBAGE: list[Any] = [
    None, True, 0, -1, 2**70, 1.5, float("nan"), "", "\ud800", b"bytes", [], (), {}, [[[]]], {"a": 1},
    object(), datetime(2026, 1, 1), {1: 2}, [None] * 3,
]


@pytest.mark.parametrize("bad", GARBAGE, ids=[repr(g)[:20] for g in GARBAGE])
def test_garbage_only_raises_invalid_input(bad: Any) -> None:
    """Any value in any argument is a result or an InvalidInputError, never a crash or a TypeError."""
    calls: list[Callable[[], object]] = [
        lambda: brandpilot.generate_insights(bad, now=NOW),
        lambda: brandpilot.generate_insights(tiny_input(), period=bad, now=NOW),
        lambda: brandpilot.generate_insights(tiny_input(), now=bad),
        lambda: brandpilot.generate_insights(tiny_input(), now=NOW, feedback=bad),
        lambda: brandpilot.insight_digest(tiny_input(), now=NOW, config=bad),
        lambda: brandpilot.update_feedback(bad, []),
        lambda: brandpilot.update_feedback({"preferences": []}, bad),
        lambda: brandpilot.render_digest_html(bad),
    ]
    for call in calls:
        try:
            call()
        except InvalidInputError as err:
            assert err.field is not None, err


def test_deep_nesting_is_an_error() -> None:
    deep: Any = []
    for _ in range(10_000):
        deep = [deep]
    inp: Any = {**tiny_input(), "goals": deep}
    err = invalid(lambda: brandpilot.generate_insights(inp, now=NOW))
    assert err.field is not None and err.field.startswith("goals")
