"""Shared fixtures: the bundled demo account and repository paths."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_PATH = ROOT / "examples" / "data" / "demo_account.json"
VECTORS = ROOT / "core" / "tests" / "vectors"


def load_demo() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_PATH.read_text())
    return data


@pytest.fixture
def demo() -> dict[str, Any]:
    """A fresh deep copy of the demo account file ({now, industry, snapshot, goals})."""
    return copy.deepcopy(load_demo())
