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


def test_executed_notebooks_stay_inside_the_build_folder(tmp_path: Path) -> None:
    import pytest

    pytest.importorskip("myst_nb")
    pytest.importorskip("ipykernel")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        "extensions = ['myst_nb', 'nb_output']\n"
        "nb_execution_mode = 'force'\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Doc\n\n```{toctree}\nnb\n```\n", encoding="utf-8")
    (src / "nb.md").write_text(
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n"
        "# Notebook\n\n```{code-cell} python3\nprint(6 * 7)\n```\n",
        encoding="utf-8",
    )
    out = tmp_path / "build" / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "42" in (out / "nb.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["html"]
    assert (out / ".doctrees" / "jupyter_execute" / "nb.ipynb").is_file()
