"""suggest_hashtags / optimize_content: real behaviour on the demo account and every bad
input they reject."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import pytest

import brandpilot
from brandpilot import InvalidInputError
from conftest import load_demo

if TYPE_CHECKING:
    from brandpilot import Platform, Post

DRAFT = "How we test our data pipelines with dbt and SQL before they reach the lakehouse"


def history() -> list[Post]:
    posts: list[Post] = load_demo()["snapshot"]["posts"]
    return posts


def history_tags(posts: list[Post]) -> set[str]:
    return {t.lower() for p in posts for t in re.findall(r"#(\w+)", p["text"])}


def invalid(call: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.code == "invalid_input"
    assert info.value.field is not None
    return info.value


# -- suggest_hashtags --------------------------------------------------------------------


def test_suggestions_come_from_history() -> None:
    posts = history()
    suggestions = brandpilot.suggest_hashtags(DRAFT, posts, 5)
    assert 1 <= len(suggestions) <= 5
    known = history_tags(posts)
    for s in suggestions:
        assert s["tag"].lower() in known, s["tag"]
        assert not s["tag"].startswith("#")
        assert 0.0 < s["relevance"] <= 1.0
        assert s["lift"] > 0.0
        assert math.isclose(s["score"], s["relevance"] * s["lift"], rel_tol=1e-12)
        assert 1 <= s["uses"] and 0 <= s["rated_uses"] <= s["uses"]
        assert s["matched_terms"]
    scores = [s["score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert set(suggestions[0]) == {"tag", "uses", "rated_uses", "relevance", "lift", "score", "matched_terms"}


def test_default_k_is_ten() -> None:
    posts = history()
    assert brandpilot.suggest_hashtags(DRAFT, posts) == brandpilot.suggest_hashtags(DRAFT, posts, 10)
    assert brandpilot.suggest_hashtags(DRAFT, posts, k=10) == brandpilot.suggest_hashtags(DRAFT, posts)
    assert len(brandpilot.suggest_hashtags(DRAFT, posts, 1)) == 1


def test_tags_in_the_draft_are_not_suggested() -> None:
    posts = history()
    top = brandpilot.suggest_hashtags(DRAFT, posts, 1)[0]["tag"]
    again = brandpilot.suggest_hashtags(f"{DRAFT} #{top.upper()}", posts, 10)
    assert top.lower() not in {s["tag"].lower() for s in again}


def test_no_history_or_no_overlap_gives_nothing() -> None:
    assert brandpilot.suggest_hashtags(DRAFT, [], 5) == []
    assert brandpilot.suggest_hashtags("Gardening tips for tomatoes", history(), 5) == []


def test_suggestions_deterministic() -> None:
    posts = history()
    assert brandpilot.suggest_hashtags(DRAFT, posts, 7) == brandpilot.suggest_hashtags(DRAFT, tuple(posts), 7)  # type: ignore[arg-type]


@pytest.mark.parametrize("draft", ["", "  \n", "nul\0byte", None, 3, b"bytes", ["x"], "a" * (10 * 1024 * 1024)])
def test_suggest_bad_draft(draft: Any) -> None:
    assert invalid(lambda: brandpilot.suggest_hashtags(draft, history(), 3)).field == "draft"


@pytest.mark.parametrize("k", [0, -1, 101, 10**30, True, 2.0, math.nan, None, "3"])
def test_suggest_bad_k(k: Any) -> None:
    assert invalid(lambda: brandpilot.suggest_hashtags(DRAFT, history(), k)).field == "k"


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda p: p[1]["metrics"].__setitem__("likes", -1), "history[1].metrics.likes"),
        (lambda p: p[1]["metrics"].__setitem__("likes", math.inf), "history[1].metrics.likes"),
        (lambda p: p[2].__setitem__("platform", "myspace"), "history[2].platform"),
        (lambda p: p[2].__setitem__("text", None), "history[2].text"),
        (lambda p: p[2].pop("id"), "history[2]"),
    ],
)
def test_suggest_bad_history(edit: Any, field: str) -> None:
    posts = history()
    edit(posts)
    assert invalid(lambda: brandpilot.suggest_hashtags(DRAFT, posts, 3)).field == field


@pytest.mark.parametrize("posts", [None, "posts", {"id": "p"}, [1]])
def test_suggest_garbage_history(posts: Any) -> None:
    err = invalid(lambda: brandpilot.suggest_hashtags(DRAFT, posts, 3))
    assert err.field is not None and err.field.startswith("history")


# -- optimize_content --------------------------------------------------------------------

LONG = (
    "Launch day! We shipped the new analytics dashboard after six months of work. It shows every metric in one "
    "place. Teams can filter by date, channel and campaign. Exports go to CSV and Sheets. Pricing starts at zero "
    "for small teams, and we will keep it that way. #analytics #dashboard #launch #product #saas"
)


@pytest.mark.parametrize("platform", ["x", "bluesky", "threads", "mastodon", "linkedin", "instagram", "facebook", "tiktok", "youtube"])
def test_variants_fit_the_platform(platform: Platform) -> None:
    original = brandpilot.analyze_content(LONG * 12, platform)
    variants = brandpilot.optimize_content(LONG * 12, platform)
    for v in variants:
        # The length limit (in the platform's unit) and the byte ceiling. Not `fits`, which
        # also counts hashtags against the platform's cap: only `cap_hashtags`/`all` fix that.
        length = v["analysis"]["length"]
        assert length["length"] <= length["limit"], (v["strategy"], length)
        assert length["byte_limit"] is None or length["bytes"] <= length["byte_limit"]
        assert length["platform"] == platform
        assert v["analysis"] == brandpilot.analyze_content(v["text"], platform)
        assert math.isclose(v["quality_gain"], v["quality"] - original["quality"]["score"], abs_tol=1e-9)
    if not original["length"]["fits"]:
        assert variants, "an over-limit post always gets a trimmed variant"
        assert any("over_limit" in v["fixes"] for v in variants)


def test_over_limit_on_x_is_trimmed() -> None:
    variants = brandpilot.optimize_content(LONG, "x")
    assert variants
    assert {"strategy", "text", "changes", "fixes", "analysis", "quality", "quality_gain"} == set(variants[0])
    qualities = [v["quality"] for v in variants]
    assert qualities == sorted(qualities, reverse=True)
    assert all(v["analysis"]["length"]["fits"] for v in variants)
    assert any(v["strategy"] in ("trim_to_limit", "all") for v in variants)


def test_hashtag_cap_on_instagram() -> None:
    text = "Sunset at the beach #a1 #b1 #c1 #d1 #e1 #f1 #g1. Great day with friends, we had fun. #h1 #i1 #j1"
    assert not brandpilot.analyze_content(text, "instagram")["length"]["fits"]
    capped = next(v for v in brandpilot.optimize_content(text, "instagram") if v["strategy"] == "cap_hashtags")
    length = capped["analysis"]["length"]
    assert length["fits"] is True
    assert length["hashtag_limit"] is not None and length["hashtags"] <= length["hashtag_limit"]
    assert "too_many_hashtags_for_platform" in capped["fixes"]


def test_nothing_to_fix() -> None:
    assert brandpilot.optimize_content("Short and sweet. What do you think?", "threads") == []


def test_optimize_deterministic() -> None:
    assert brandpilot.optimize_content(LONG, "linkedin") == brandpilot.optimize_content(LONG, "linkedin")


@pytest.mark.parametrize("text", ["", "   \n\t", "nul\0byte", None, 42, b"bytes", ["a list"], "a" * (10 * 1024 * 1024)])
def test_optimize_bad_text(text: Any) -> None:
    assert invalid(lambda: brandpilot.optimize_content(text, "x")).field == "text"


@pytest.mark.parametrize("platform", ["myspace", "", None, 1, "X", math.nan])
def test_optimize_bad_platform(platform: Any) -> None:
    assert invalid(lambda: brandpilot.optimize_content("hello", platform)).field == "platform"


def test_missing_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        brandpilot.suggest_hashtags(DRAFT)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        brandpilot.optimize_content("hello")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        brandpilot.optimize_content("hello", "x", "extra")  # type: ignore[call-arg]
