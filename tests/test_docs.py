"""The documentation's examples stay true: their findings and Python sessions are rerun."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_docs_examples_match_the_code() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "examples" / "check.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
