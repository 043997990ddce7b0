"""The shared JSON vectors of core/tests/vectors/** (the same files every language runs).

Each file: {"function", "description", "input", "expected"} or {..., "error": {"code",
"field"?}}. Outputs must equal `expected` field for field: numbers within 1e-9 relative,
a missing key equal to null, exactly as the Rust runner (core/tests/vectors.rs) compares.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import brandpilot
from conftest import VECTORS

FILES = sorted(VECTORS.rglob("*.json"))


def run(function: str, inp: dict[str, Any]) -> Any:
    if function == "score_brand":
        return brandpilot.score_brand(
            inp["snapshot"], industry=inp["industry"], now=inp["now"], config=inp.get("config")
        )
    if function == "compare_analyses":
        return brandpilot.compare_analyses(inp["previous"], inp["current"])
    if function == "evaluate_goal":
        return brandpilot.evaluate_goal(inp["goal"], inp["observations"], inp["now"])
    if function == "best_times":
        return brandpilot.best_times(
            inp["posts"],
            time_zone=inp["time_zone"],
            platform=inp["platform"],
            k=inp["k"],
            followers=inp["followers"],
        )
    if function == "plan":
        return brandpilot.plan(inp["drafts"], inp["platforms"], inp["window"], inp["rules"])
    if function == "analyze_content":
        return brandpilot.analyze_content(inp["text"], inp["platform"])
    if function == "analyze_content_batch":
        return brandpilot.analyze_content_batch(inp["texts"], inp["platform"])
    if function == "fit_engagement_model":
        return brandpilot.fit_engagement_model(inp["history"], inp.get("options"))
    if function == "predict_engagement":
        return brandpilot.predict_engagement(
            inp["model"], inp["draft"], inp["platform"], inp["at"], inp.get("media_kind")
        )
    if function == "suggest_hashtags":
        return brandpilot.suggest_hashtags(inp["draft"], inp["history"], inp["k"])
    if function == "optimize_content":
        return brandpilot.optimize_content(inp["text"], inp["platform"])
    if function == "generate_insights":
        return brandpilot.generate_insights(
            inp["input"], period=inp["period"], now=inp["now"], feedback=inp.get("feedback"), config=inp.get("config")
        )
    if function == "insight_digest":
        return brandpilot.insight_digest(
            inp["input"], period=inp["period"], now=inp["now"], feedback=inp.get("feedback"), config=inp.get("config")
        )
    if function == "update_feedback":
        return brandpilot.update_feedback(inp["state"], inp["events"])
    if function == "render_digest_html":
        return brandpilot.render_digest_html(inp["digest"])
    if function == "oauth_authorize_url":
        return brandpilot.oauth_authorize_url(inp["client"], inp["scopes"], inp["state"], inp["code_verifier"])
    if function == "open_token_set":
        return brandpilot.open_token_set(inp["vault"], inp["account"], inp["sealed"])
    if function == "platform_capabilities":
        return brandpilot.PlatformClient(inp["spec"]).capabilities()
    raise AssertionError(f"unknown function {function}")


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Field-for-field differences between `a` (actual) and `b` (expected)."""
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        tol = 1e-9 * max(abs(a), abs(b), 1.0)
        return [] if math.isclose(a, b, rel_tol=0, abs_tol=tol) else [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def test_vectors_exist() -> None:
    functions = {json.loads(f.read_text())["function"] for f in FILES}
    assert {
        "score_brand",
        "compare_analyses",
        "evaluate_goal",
        "best_times",
        "plan",
        "analyze_content",
        "analyze_content_batch",
        "fit_engagement_model",
        "predict_engagement",
        "suggest_hashtags",
        "optimize_content",
        "generate_insights",
        "insight_digest",
        "update_feedback",
        "oauth_authorize_url",
        "open_token_set",
        "platform_capabilities",
    } <= functions


def test_unknown_function_fails() -> None:
    with pytest.raises(AssertionError, match="unknown function"):
        run("no_such_function", {})


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(VECTORS)) for f in FILES])
def test_vector(path: Path) -> None:
    doc = json.loads(path.read_text())
    function, inp = doc["function"], doc["input"]
    if "error" in doc:
        expected = doc["error"]
        with pytest.raises(brandpilot.BrandpilotError) as info:
            run(function, inp)
        assert info.value.code == expected["code"], doc["description"]
        if expected.get("field") is not None:
            assert info.value.field == expected["field"], doc["description"]
    else:
        diffs = differences(run(function, inp), doc["expected"])
        assert not diffs, f"{doc['description']}\n" + "\n".join(diffs[:20])
