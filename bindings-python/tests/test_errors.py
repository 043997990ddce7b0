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


EXAMPLES = [
    # (code, class, retry_after seconds, status, retryable) of brandpilot::Error::example
    ("invalid_input", brandpilot.InvalidInputError, None, None, False),
    ("internal", brandpilot.InternalError, None, None, False),
    ("rate_limited", brandpilot.RateLimitedError, 1.5, None, True),
    ("upstream", brandpilot.UpstreamError, 2.0, 503, True),
    ("upstream_unavailable", brandpilot.UpstreamUnavailableError, 0.25, None, True),
    ("timeout", brandpilot.RequestTimeoutError, None, None, True),
    ("network", brandpilot.NetworkError, None, None, True),
    ("invalid_response", brandpilot.InvalidResponseError, None, 200, False),
    ("reauth_required", brandpilot.ReauthRequiredError, None, None, False),
    ("storage", brandpilot.StorageError, None, None, True),
    ("unsupported", brandpilot.UnsupportedError, None, None, False),
]


@pytest.mark.parametrize(("code", "cls", "retry_after", "status", "retryable"), EXAMPLES)
def test_every_code_maps_to_its_class(
    code: str, cls: type[BrandpilotError], retry_after: float | None, status: int | None, retryable: bool
) -> None:
    assert cls.code == code
    with pytest.raises(cls) as info:
        brandpilot._raise_example_error(code)
    err = info.value
    assert isinstance(err, BrandpilotError)
    assert err.code == code
    assert err.retry_after == retry_after
    assert err.status == status
    assert err.retryable is retryable
    assert f"example {code} error" in err.message


def test_unknown_example_code_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError) as info:
        brandpilot._raise_example_error("no_such_code")
    assert info.value.field == "code"
