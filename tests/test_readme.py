"""The README's commands run as written, in order, on a fresh clone (issue 17, item 15)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _expected_status(command: str) -> int:
    """What the README says a command exits with: audits of the examples find warnings."""
    audits = "csmo audit" in command and "--fail-on never" not in command
    # Acme and most examples have warnings but nothing critical; against its own
    # baseline an audit finds nothing new.
    passes = ("csmo-to-ceo", "--fail-on critical", "--show-config", "baseline.json")
    return 1 if audits and not any(p in command for p in passes) else 0


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder standing for the clone, with the README's .venv: this environment's."""
    folder = tmp_path_factory.mktemp("clone")
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    if not (folder / ".venv" / "bin" / "csmo").exists():
        pytest.skip("the csmo command is not installed in this environment")
    return folder


def test_the_readme_starts_with_the_two_install_commands() -> None:
    first = _blocks("bash")[0].splitlines()
    assert first[0].startswith("python3 -m venv .venv && .venv/bin/pip install -e . && ")
    assert first[1].startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[test]'")


@pytest.mark.slow  # about 18 s of subprocesses: .ci/run runs it, the README's command does not
def test_every_readme_command_runs_in_order(clone: Path) -> None:
    # The first block installs (the environment running this test stands for it).
    commands = [
        line
        for block in _blocks("bash")[1:]
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert any("csmo new --example acme -o acme.yaml" in c for c in commands)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", f". .venv/bin/activate && {command}"],
            cwd=clone,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == _expected_status(command), (command, done.stderr)
        assert done.stderr == "", (command, done.stderr)
    [python] = _blocks("python")
    for line in python.splitlines():
        code, _, comment = line.partition("  # ")
        try:
            expected = ast.literal_eval(comment)
        except (ValueError, SyntaxError):
            continue
        check = f"{python}\nassert ({code}) == {expected!r}, ({code})\n"
        done = subprocess.run(
            [sys.executable, "-c", check], cwd=clone, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-c", python], cwd=clone, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
