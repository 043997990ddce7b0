"""The typed example runs and prints a report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "score_demo.py"


def test_score_demo_runs() -> None:
    out = subprocess.run([sys.executable, str(EXAMPLE)], check=True, capture_output=True, text=True).stdout
    assert out.startswith("OVERALL ")
    assert "Goals:" in out
    assert "followers-5k" in out
