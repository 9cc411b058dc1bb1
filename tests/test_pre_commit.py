"""The pre-commit hooks: their file pattern, as documented, and the command they run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

import csmo_model as cm
from csmo_model.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_hooks_and_their_documented_pattern() -> None:
    assert [h["id"] for h in HOOKS] == ["csmo-validate", "csmo-audit"]
    (pattern,) = {h["files"] for h in HOOKS}
    assert f"`{pattern}`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    files = re.compile(pattern)
    for name in ("org.yaml", "teams/organization.json", "acme.org.toml", "a/b/org.yml"):
        assert files.search(name), name
    for name in ("config.yaml", "org.yaml.bak", "myorg.yaml", "org/other.json"):
        assert not files.search(name), name


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_each_hook_checks_every_file_it_is_given(
    hook: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "org.yaml", tmp_path / "broken.org.yaml"
    good.write_text(cm.examples.text("solo-cxo"), encoding="utf-8")
    bad.write_text("format: csmo-model/2\nname: B\nroles: [{id: a}]\n", encoding="utf-8")
    program, *args = shlex.split(hook["entry"])
    assert program == "csmo"
    options = ["--option=--max-bytes=100000"]
    if args == ["hook", "audit"]:
        options += ["--option=--isolated", "--option", "--fail-on=never"]
    assert main([*args, *options, str(good)]) == 0
    assert main([*args, str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:9: roles[0] (a).title: is required but missing" in err
