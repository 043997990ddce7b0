"""analyze_content / analyze_content_batch: happy path, batch order, every error they raise."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import brandpilot
from brandpilot import InvalidInputError

POST = "Thrilled to share our new data platform 🚀\n\nWhat would you build on it? #dataengineering"


def test_analyze_linkedin_post() -> None:
    a = brandpilot.analyze_content(POST, "linkedin")
    assert a["platform"] == "linkedin"
    assert [(e["kind"], e["text"]) for e in a["entities"]] == [("hashtag", "dataengineering")]
    assert a["features"]["has_question"] is True
    assert a["sentiment"]["compound"] > 0.0
    assert 0.0 <= a["quality"]["score"] <= 100.0
    assert a["length"]["fits"] is True
    assert a["length"]["platform"] == "linkedin"
    assert set(a) == {"platform", "entities", "length", "readability", "sentiment", "features", "issues", "quality"}


def test_deterministic() -> None:
    assert brandpilot.analyze_content(POST, "x") == brandpilot.analyze_content(POST, "x")


def test_over_limit_on_x() -> None:
    a = brandpilot.analyze_content("word " * 100, "x")
    assert a["length"]["fits"] is False
    assert a["length"]["remaining"] < 0
    assert any(i["code"] == "over_limit" for i in a["issues"])


def test_batch_matches_single_calls_in_order() -> None:
    texts = [POST, "Short one.", "Buy $TSLA now @elonmusk https://example.com"]
    batch = brandpilot.analyze_content_batch(texts, "x")
    assert batch == [brandpilot.analyze_content(t, "x") for t in texts]
    assert brandpilot.analyze_content_batch([], "x") == []


def test_batch_in_threads() -> None:
    expected = brandpilot.analyze_content_batch([POST] * 20, "linkedin")
    results: list[Any] = []

    def work() -> None:
        results.append(brandpilot.analyze_content_batch([POST] * 20, "linkedin"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


@pytest.mark.parametrize("text", ["", "   \n\t", "nul\0byte"])
def test_bad_text(text: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content(text, "x")
    assert info.value.code == "invalid_input"
    assert info.value.field == "text"


def test_batch_names_index() -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content_batch(["fine", ""], "x")
    assert info.value.code == "invalid_input"
    assert info.value.field == "texts[1]"


@pytest.mark.parametrize("text", [None, 42, b"bytes", ["a list"], True])
def test_non_str_text(text: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content(text, "x")
    assert info.value.code == "invalid_input"
    assert info.value.field == "text"


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        ("a str is not a list", "texts"),
        (None, "texts"),
        (["fine", 3], "texts[1]"),
        (["fine", None], "texts[1]"),
    ],
)
def test_non_str_texts(texts: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content_batch(texts, "x")
    assert info.value.code == "invalid_input"
    assert info.value.field == field


@pytest.mark.parametrize("platform", ["myspace", "", None, 1, "X"])
def test_unknown_platform(platform: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content("hello", platform)
    assert info.value.code == "invalid_input"
    assert info.value.field == "platform"
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content_batch(["hello"], platform)
    assert info.value.code == "invalid_input"
    assert info.value.field == "platform"


def test_ten_megabyte_text() -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content("a" * (10 * 1024 * 1024), "x")
    assert info.value.code == "invalid_input"
    assert info.value.field == "text"
    assert "bytes" in str(info.value)
    with pytest.raises(InvalidInputError) as info:
        brandpilot.analyze_content_batch(["ok", "a" * (10 * 1024 * 1024)], "x")
    assert info.value.field == "texts[1]"
