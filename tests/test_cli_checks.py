"""The command line of the check registry: plugins, `csmo checks`, config, baselines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import csmo_model as cm
from csmo_model.cli import main

PLUGIN = """
import csmo_model as cm


def _run(org, options):
    lead = org.social_lead
    if lead is not None and not org.roles[lead].dotted_to:
        yield cm.Finding(
            kind="acme/lead-without-dotted-line",
            severity="warning",
            subjects=[cm.Subject("role", lead)],
            message="The social lead has no dotted line to anyone.",
            data={"role": lead},
        )


CHECK = cm.Check(
    kind="acme/lead-without-dotted-line",
    family="acme",
    severity="warning",
    title="The social lead has no dotted line",
    run=_run,
    identity=("role",),
)
"""


def _distribution(root: Path, name: str, entry_points: str, module: str = "") -> Path:
    """A tiny installed distribution: a module and its dist-info, on a folder to import from."""
    site = root / "site"
    site.mkdir(exist_ok=True)
    if module:
        (site / "acme_checks.py").write_text(module, encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return site


def _csmo(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "csmo_model", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_an_installed_plugin_is_listed_and_runs(tmp_path: Path) -> None:
    site = _distribution(
        tmp_path,
        "acme-checks",
        "[csmo_model.checks]\ndotted = acme_checks:CHECK\n",
        PLUGIN,
    )
    listed = _csmo(site, "checks")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("acme/"))
    assert row.split()[:4] == ["acme/lead-without-dotted-line", "acme", "warning", "acme-checks"]

    text = _csmo(site, "audit", "--example", "agency-run", "--fail-on", "never")
    assert text.returncode == 0, text.stderr
    assert "[acme/lead-without-dotted-line] The social lead has no dotted line" in text.stdout

    as_json = _csmo(site, "audit", "--example", "agency-run", "--format", "json")
    assert as_json.returncode == 1  # the plugin's warning fails the gate like any other
    document = json.loads(as_json.stdout)
    mine = [f for f in document["findings"] if f["kind"] == "acme/lead-without-dotted-line"]
    assert [f["subjects"] for f in mine] == [[{"type": "role", "id": "marketing-manager"}]]
    assert document["counts"]["acme/lead-without-dotted-line"] == 1
    assert document["checks"][-1] == "acme/lead-without-dotted-line"

    ignored = _csmo(
        site, "audit", "--example", "agency-run", "--ignore", "acme", "--format", "json"
    )
    assert "acme/" not in ignored.stdout


@pytest.mark.parametrize(
    ("entry_points", "module", "message"),
    [
        (
            "[csmo_model.checks]\nbroken = acme_checks:CHECK\n",
            "raise RuntimeError('no luck')\n",
            "plugin 'broken' (acme_checks:CHECK) from acme-checks failed to load: "
            "RuntimeError: no luck",
        ),
        (
            "[csmo_model.checks]\nodd = acme_checks:CHECK\n",
            "CHECK = 42\n",
            "plugin 'odd' (acme_checks:CHECK) from acme-checks gave 42; an entry point must "
            "name a Check or a list of them",
        ),
        (
            "[csmo_model.checks]\nplain = acme_checks:CHECK\n",
            PLUGIN.replace('kind="acme/lead-without-dotted-line"', 'kind="lead-without-dotted"'),
            "check 'lead-without-dotted' from acme-checks: a plugin's kind must contain a '/'",
        ),
    ],
)
def test_a_bad_plugin_is_a_clear_error(
    tmp_path: Path, entry_points: str, module: str, message: str
) -> None:
    site = _distribution(tmp_path, "acme-checks", entry_points, module)
    for args in (("checks",), ("audit", "--example", "acme")):
        run = _csmo(site, *args)
        assert run.returncode == 2
        assert message in run.stderr
        assert "Traceback" not in run.stderr


def test_checks_json_lists_every_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["checks"]
    assert [r["kind"] for r in rows][: len(cm.checks.KINDS)] == list(cm.checks.KINDS)
    assert rows[0]["url"].endswith("analyses.html#kind-coverage-gap")


def _acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(cm.examples.text("acme"), encoding="utf-8")
    return path


def test_show_config_names_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _acme(tmp_path)
    (tmp_path / "csmo.toml").write_text('max-span = 4\nignore = ["silo"]\n')
    assert main(["audit", str(org), "--show-config", "--max-roles", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"# configuration file: {tmp_path / 'csmo.toml'}"
    assert f"max-span = 4  # {tmp_path / 'csmo.toml'}" in out
    assert 'ignore = ["silo"]  # ' + str(tmp_path / "csmo.toml") in out
    assert "max-roles = 2  # command line" in out
    assert 'fail-on = "warning"  # default' in out


def test_config_file_and_flags_change_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = _acme(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.csmo]\nfail-on = "critical"\n')
    assert main(["audit", str(org)]) == 0  # only warnings: the file's fail-on passes them
    capsys.readouterr()
    assert main(["audit", str(org), "--fail-on", "warning"]) == 1  # the flag wins
    capsys.readouterr()
    assert main(["audit", str(org), "--isolated"]) == 1
    capsys.readouterr()
    assert main(["audit", str(org), "--select", "vacancy", "--severity", "vacancy=critical"]) == 1
    out = capsys.readouterr().out
    assert "CRITICAL (1)" in out
    assert "[vacancy]" in out


def test_bad_config_and_flags_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _acme(tmp_path)
    (tmp_path / "csmo.toml").write_text("max-spam = 4\n")
    assert main(["audit", str(org)]) == 2
    assert "unknown key 'max-spam' (did you mean 'max-span'?)" in capsys.readouterr().err
    assert main(["audit", str(org), "--isolated", "--ignore", "silos"]) == 2
    assert "ignore: no check 'silos' (did you mean 'silo'?)" in capsys.readouterr().err
    assert main(["audit", str(org), "--isolated", "--severity", "silo"]) == 2
    assert "--severity 'silo': write KIND=LEVEL" in capsys.readouterr().err
    assert main(["audit", str(org), "--config", str(tmp_path / "none.toml")]) == 2
    assert "no such configuration file" in capsys.readouterr().err


def test_baseline_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _acme(tmp_path)
    base = tmp_path / "baseline.json"
    assert main(["audit", str(org), "--isolated", "--write-baseline", str(base)]) == 0
    assert capsys.readouterr().out == f"wrote {base}: 5 fingerprints\n"
    assert json.loads(base.read_text())["format"] == "csmo-baseline/1"
    assert main(["audit", str(org), "--isolated", "--baseline", str(base)]) == 0
    assert "0 new since the baseline" in capsys.readouterr().out
    worse = tmp_path / "worse.yaml"
    worse.write_text(
        cm.examples.text("acme").replace("holds: [social-lead]", "holds: []"), encoding="utf-8"
    )
    assert main(["audit", str(worse), "--isolated", "--baseline", str(base)]) == 1
    assert "] new Nobody does" in capsys.readouterr().out
    base.write_text('{"format": "nope"}')
    assert main(["audit", str(org), "--isolated", "--baseline", str(base)]) == 2
    assert "not a baseline" in capsys.readouterr().err


def test_accepted_findings_do_not_fail_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = cm.audit(cm.examples.load("acme"))
    entries = "".join(
        f"  - {{fingerprint: '{f.fingerprint}', reason: known}}\n"
        for f in report.failing("warning")
    )
    path = tmp_path / "acme.yaml"
    path.write_text(cm.examples.text("acme") + "accepted:\n" + entries, encoding="utf-8")
    assert main(["audit", str(path), "--isolated", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    accepted = [f for f in document["findings"] if f["accepted"]]
    assert len(accepted) == len(report.failing("warning"))


def test_select_and_ignore_take_comma_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = _acme(tmp_path)
    argv = ["audit", "--select", "vacancy,silo", "--select", "overload", str(org), "--isolated"]
    assert main([*argv, "--show-config"]) == 0
    assert 'select = ["vacancy", "silo", "overload"]  # command line' in capsys.readouterr().out
    assert main([*argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["checks"] == ["silo", "vacancy", "overload"]
    with pytest.raises(SystemExit) as caught:  # argparse's own usage error
        main(["audit", str(org), "--ignore", "vacancy,", "--isolated"])
    assert caught.value.code == 2
    assert "expected KIND[,KIND...], got 'vacancy,'" in capsys.readouterr().err


def test_export_markdown_honours_the_audit_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = _acme(tmp_path)
    plain = tmp_path / "plain.md"
    assert main(["export", str(org), str(plain)]) == 0
    assert "| vacancy |" in plain.read_text(encoding="utf-8")
    (tmp_path / "csmo.toml").write_text('ignore = ["vacancy"]\nmax-roles = 0\n')
    configured = tmp_path / "configured.md"
    assert main(["export", str(org), str(configured)]) == 0
    text = configured.read_text(encoding="utf-8")
    assert "| vacancy |" not in text
    assert "| overload |" in text  # max-roles 0: everyone holding a role is over it
    capsys.readouterr()
