"""fit_engagement_model / predict_engagement: fit on the demo account, predict, store the
model as JSON, tampered models, and every bad input they reject."""

from __future__ import annotations

import copy
import json
import math
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

import brandpilot
from brandpilot import InvalidInputError
from conftest import load_demo

if TYPE_CHECKING:
    from brandpilot import EngagementModel, FitOptions, Post

DRAFT = "Our data quality checklist, free to copy.\n\nWhich check would you add first? #dataengineering"
AT = "2026-11-24T07:15:00Z"
OPTIONS: FitOptions = {"time_zone": "Europe/Amsterdam", "folds": 3}


def history() -> list[Post]:
    posts: list[Post] = load_demo()["snapshot"]["posts"]
    return posts


_MODEL: list[EngagementModel] = []


def fitted() -> EngagementModel:
    """The demo account's model (fit once per session), as a fresh deep copy."""
    if not _MODEL:
        _MODEL.append(brandpilot.fit_engagement_model(history(), OPTIONS))
    return copy.deepcopy(_MODEL[0])


def invalid(call: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.code == "invalid_input"
    assert info.value.field is not None
    return info.value


# -- fit ---------------------------------------------------------------------------------


def test_fit_on_demo_account() -> None:
    model = fitted()
    posts = history()
    assert model["n_train"] == len(posts) == 45
    assert model["platforms"] == ["linkedin"]
    assert model["time_zone"] == "Europe/Amsterdam"
    assert model["cross_validation"]["folds"] == 3
    p = len(model["feature_names"])
    assert p > 0
    for key in ("means", "scales", "feature_min", "feature_max", "weights"):
        assert len(model[key]) == p, key
    assert all(s > 0 for s in model["scales"])
    assert all(math.isfinite(w) for w in model["weights"])
    assert model["coverage"] == 0.8
    assert isinstance(model["notes"], list)


def test_fit_defaults() -> None:
    default = brandpilot.fit_engagement_model(history())
    assert default["time_zone"] == "UTC"
    assert default["cross_validation"]["folds"] == 5
    assert brandpilot.fit_engagement_model(history(), None) == default
    assert brandpilot.fit_engagement_model(history(), {}) == default


def test_fit_is_deterministic_and_accepts_datetimes() -> None:
    posts: list[Any] = history()
    for post in posts:
        post["created_at"] = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
    assert brandpilot.fit_engagement_model(posts, OPTIONS) == fitted()


# -- predict -----------------------------------------------------------------------------


def test_predict_after_fit() -> None:
    pred = brandpilot.predict_engagement(fitted(), DRAFT, "linkedin", AT, "document")
    assert set(pred) == {"engagement_rate", "low", "high", "coverage", "contributions"}
    assert 0.0 <= pred["low"] <= pred["engagement_rate"] <= pred["high"] <= 1.0
    assert pred["coverage"] == 0.8
    contributions = pred["contributions"]
    assert 1 <= len(contributions) <= 5
    effects = [abs(c["effect"]) for c in contributions]
    assert effects == sorted(effects, reverse=True)
    names = set(fitted()["feature_names"])
    assert all(c["feature"] in names for c in contributions)


def test_predict_media_kind_default_is_text_only() -> None:
    model = fitted()
    text_only = brandpilot.predict_engagement(model, DRAFT, "linkedin", AT)
    assert brandpilot.predict_engagement(model, DRAFT, "linkedin", AT, None) == text_only
    assert brandpilot.predict_engagement(model, DRAFT, "linkedin", AT, "none") == text_only
    assert brandpilot.predict_engagement(model, DRAFT, "linkedin", AT, media_kind="none") == text_only


def test_predict_accepts_aware_datetimes() -> None:
    model = fitted()
    by_str = brandpilot.predict_engagement(model, DRAFT, "linkedin", AT)
    utc = datetime(2026, 11, 24, 7, 15, tzinfo=timezone.utc)
    assert brandpilot.predict_engagement(model, DRAFT, "linkedin", utc) == by_str
    amsterdam = utc.astimezone(timezone(timedelta(hours=1)))
    assert brandpilot.predict_engagement(model, DRAFT, "linkedin", amsterdam) == by_str


def test_model_round_trips_through_json() -> None:
    model = fitted()
    stored = json.dumps(model)
    back = json.loads(stored)
    assert back == model
    for media in (None, "document", "image"):
        assert brandpilot.predict_engagement(back, DRAFT, "linkedin", AT, media) == brandpilot.predict_engagement(
            model, DRAFT, "linkedin", AT, media
        )


def test_unseen_platform_is_allowed() -> None:
    pred = brandpilot.predict_engagement(fitted(), "Shipping the new pipeline today 🚀", "x", AT)
    assert 0.0 <= pred["low"] <= pred["engagement_rate"] <= pred["high"] <= 1.0


# -- tampered models ---------------------------------------------------------------------


def tampered(edit: Any) -> InvalidInputError:
    model: Any = fitted()
    edit(model)
    err = invalid(lambda: brandpilot.predict_engagement(model, DRAFT, "linkedin", AT))
    assert err.field is not None and err.field.startswith("model"), err.field
    return err


def test_tampered_weights_length() -> None:
    assert tampered(lambda m: m["weights"].pop()).field == "model.weights"


def test_tampered_format_version() -> None:
    assert tampered(lambda m: m.update(format_version=99)).field == "model.format_version"


def test_tampered_time_zone() -> None:
    assert tampered(lambda m: m.update(time_zone="Mars/Olympus_Mons")).field == "model.time_zone"


def test_tampered_feature_name() -> None:
    err = tampered(lambda m: m["feature_names"].__setitem__(0, "astrology"))
    assert err.field is not None and err.field.startswith("model.feature_names")


def test_tampered_negative_scale() -> None:
    err = tampered(lambda m: m["scales"].__setitem__(0, -1.0))
    assert err.field is not None and err.field.startswith("model.scales")


def test_tampered_huge_weights() -> None:
    def blow_up(m: Any) -> None:
        m["weights"] = [1e308] * len(m["weights"])

    assert tampered(blow_up).field is not None


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_tampered_non_finite_weight(bad: float) -> None:
    def edit(m: Any) -> None:
        m["weights"][2] = bad

    err = tampered(edit)
    assert err.field == "model.weights[2]"
    assert "finite" in str(err)


def test_tampered_missing_and_unknown_keys() -> None:
    assert "intercept" in str(tampered(lambda m: m.pop("intercept")))
    tampered(lambda m: m.update(extra=1))
    tampered(lambda m: m.update(weights="heavy"))
    tampered(lambda m: m.update(n_train=-1))


@pytest.mark.parametrize("model", [None, "a model", 42, [], {}, {"weights": []}])
def test_garbage_model(model: Any) -> None:
    err = invalid(lambda: brandpilot.predict_engagement(model, DRAFT, "linkedin", AT))
    assert err.field is not None and err.field.startswith("model")


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("posts", "field"),
    [
        (None, "history"),
        ("posts", "history"),
        ({"id": "p1"}, "history"),
        ([], "history"),
        ([1, 2, 3], "history[0]"),
    ],
)
def test_fit_bad_history(posts: Any, field: str) -> None:
    assert invalid(lambda: brandpilot.fit_engagement_model(posts)).field == field


def test_fit_too_few_posts() -> None:
    err = invalid(lambda: brandpilot.fit_engagement_model(history()[:5]))
    assert err.field == "history"


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda p: p[3]["metrics"].__setitem__("likes", -4), "history[3].metrics.likes"),
        (lambda p: p[3]["metrics"].__setitem__("likes", math.nan), "history[3].metrics.likes"),
        (lambda p: p[3]["metrics"].__setitem__("likes", 2.5), "history[3].metrics.likes"),
        (lambda p: p[3]["metrics"].__setitem__("likes", True), "history[3].metrics.likes"),
        (lambda p: p[4].__setitem__("platform", "myspace"), "history[4].platform"),
        (lambda p: p[4].__setitem__("media_kind", "gif"), "history[4].media_kind"),
        (lambda p: p[5].__setitem__("created_at", "yesterday"), "history[5].created_at"),
        (lambda p: p[5].__setitem__("created_at", datetime(2026, 9, 1)), "history[5].created_at"),
        (lambda p: p[6].__setitem__("text", b"bytes"), "history[6].text"),
    ],
)
def test_fit_bad_post(edit: Any, field: str) -> None:
    posts = history()
    edit(posts)
    assert invalid(lambda: brandpilot.fit_engagement_model(posts)).field == field


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ("UTC", "options"),
        (3, "options"),
        ({"time_zone": "Mars/Olympus_Mons"}, "options.time_zone"),
        ({"time_zone": None}, "options.time_zone"),
        ({"folds": 1}, "options.folds"),
        ({"folds": 21}, "options.folds"),
        ({"folds": -3}, "options.folds"),
        ({"folds": 3.0}, "options.folds"),
        ({"lambdas": []}, "options.lambdas"),
        ({"lambdas": [1.0, -1.0]}, "options.lambdas[1]"),
        ({"lambdas": [1.0, math.nan]}, "options.lambdas[1]"),
        ({"lambdas": [math.inf]}, "options.lambdas[0]"),
        ({"lambdas": "1.0"}, "options.lambdas"),
        ({"penalty": 1.0}, "options.penalty"),
    ],
)
def test_fit_bad_options(options: Any, field: str) -> None:
    assert invalid(lambda: brandpilot.fit_engagement_model(history(), options)).field == field


@pytest.mark.parametrize("draft", ["", "   \n\t", "nul\0byte", None, 42, b"bytes", ["a list"], "a" * (10 * 1024 * 1024)])
def test_predict_bad_draft(draft: Any) -> None:
    model = fitted()
    assert invalid(lambda: brandpilot.predict_engagement(model, draft, "linkedin", AT)).field == "draft"


@pytest.mark.parametrize("platform", ["myspace", "", None, 1, "LinkedIn"])
def test_predict_bad_platform(platform: Any) -> None:
    model = fitted()
    assert invalid(lambda: brandpilot.predict_engagement(model, DRAFT, platform, AT)).field == "platform"


@pytest.mark.parametrize("at", ["", "tomorrow", "2026-13-01T00:00:00Z", None, 1764000000, math.nan, datetime(2026, 11, 24, 7, 15)])
def test_predict_bad_at(at: Any) -> None:
    model = fitted()
    assert invalid(lambda: brandpilot.predict_engagement(model, DRAFT, "linkedin", at)).field == "at"


@pytest.mark.parametrize("media_kind", ["gif", "", "Document", 3, True, ["image"]])
def test_predict_bad_media_kind(media_kind: Any) -> None:
    model = fitted()
    err = invalid(lambda: brandpilot.predict_engagement(model, DRAFT, "linkedin", AT, media_kind))
    assert err.field == "media_kind"


def test_missing_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        brandpilot.fit_engagement_model()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        brandpilot.predict_engagement(fitted(), DRAFT, "linkedin")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        brandpilot.predict_engagement(fitted(), DRAFT, "linkedin", AT, "image", "extra")  # type: ignore[call-arg]


def test_predict_in_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    model = fitted()
    expected = brandpilot.predict_engagement(model, DRAFT, "linkedin", AT, "document")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: brandpilot.predict_engagement(model, DRAFT, "linkedin", AT, "document"), range(32)))
    assert results == [expected] * 32
