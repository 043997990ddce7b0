"""The exception hierarchy and the panic guard."""

from __future__ import annotations

import pytest

import brandpilot
from brandpilot import BrandpilotError, InternalError, InvalidInputError


def test_hierarchy() -> None:
    assert issubclass(BrandpilotError, Exception)
    assert issubclass(InvalidInputError, BrandpilotError)
    assert issubclass(InternalError, BrandpilotError)
    assert BrandpilotError.__module__ == "brandpilot"
    assert InvalidInputError.code == "invalid_input"
    assert InternalError.code == "internal"
    assert InvalidInputError.field is None


def test_panic_becomes_internal_error() -> None:
    with pytest.raises(InternalError) as info:
        brandpilot._trigger_panic()
    err = info.value
    assert err.code == "internal"
    assert err.field is None
    assert "deliberate panic" in str(err)


def test_except_exception_catches_the_panic() -> None:
    caught: Exception | None = None
    try:
        brandpilot._trigger_panic()
    except Exception as e:  # noqa: BLE001 - the point of the test
        caught = e
    assert isinstance(caught, BrandpilotError)


def test_errors_are_catchable_as_base() -> None:
    with pytest.raises(BrandpilotError) as info:
        brandpilot.evaluate_goal(None, [], "2026-01-01T00:00:00Z")  # type: ignore[arg-type]
    assert info.value.code == "invalid_input"
    assert isinstance(info.value, InvalidInputError)


def test_version() -> None:
    assert brandpilot.__version__.count(".") == 2
