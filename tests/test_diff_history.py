"""``cm.diff``, ``csmo diff`` (files and REV:PATH) and ``csmo history`` on a real git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import csmo_model as cm
from csmo_model.cli import main
from csmo_model.compare import Change, Entity

OLD = cm.examples.text("marketing-owned")
#: Edits made to the example: (old text, new text).
EDITS = [
    # a reporting line moves: the social manager now reports to the CEO
    (
        "    department: marketing\n    reports_to: cmo\n    level: manager\n"
        "    raci: {csmo-ties/social-program: R,",
        "    department: marketing\n    reports_to: ceo\n    level: manager\n"
        "    raci: {csmo-ties/social-program: RA,",
    ),
    # a title changes (same id: a change, not a removal and an addition)
    ("title: PR Manager,", "title: Head of PR,"),
    # a person moves from one role to another
    ("holds: [content-lead]}", "holds: [pr-manager]}"),
    # a person leaves
    ("  - {id: maya, name: Maya Cohen, holds: [pr-manager]}\n", ""),
    # a role is added
    (
        "  - {id: ops-director,",
        "  - {id: community-manager, title: Community Manager, department: marketing, "
        "reports_to: social-manager}\n  - {id: ops-director,",
    ),
    # a link is removed
    ("  - {between: [social-manager, webmaster], kind: collaboration}\n", ""),
]


def _edited() -> str:
    text = OLD
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_diff_reports_exactly_the_edits_made() -> None:
    changes = cm.diff(cm.loads(OLD), cm.loads(_edited()))
    assert changes.added == (Entity("role", "community-manager"),)
    assert changes.removed == (
        Entity("person", "maya"),
        Entity("link", "social-manager--webmaster"),
    )
    assert changes.changed == (
        Change(Entity("role", "social-manager"), "reports_to", "cmo", "ceo"),
        Change(
            Entity("role", "social-manager"),
            "raci",
            {"csmo-ties/social-program": "R", "csmo-ties/employee-influence": "C"},
            {"csmo-ties/social-program": "RA", "csmo-ties/employee-influence": "C"},
        ),
        Change(Entity("role", "pr-manager"), "title", "PR Manager", "Head of PR"),
        Change(Entity("person", "sven"), "holds", ["content-lead"], ["pr-manager"]),
    )
    assert [(c.entity.id, c.old, c.new) for c in changes.reporting] == [
        ("social-manager", "cmo", "ceo")
    ]
    assert changes.raci == (("social-manager", "csmo-ties/social-program", "R", "RA"),)
    assert changes.moves == (("sven", ("content-lead",), ("pr-manager",)),)


def test_diff_of_an_organization_with_itself_is_empty() -> None:
    org = cm.examples.load("acme")
    assert not cm.diff(org, org)
    assert cm.diff(org, org).to_dict()["changed"] == []


def test_diff_of_the_organization_fields_and_acceptances() -> None:
    org = cm.examples.load("acme")
    spof = next(f for f in cm.audit(org) if f.kind == "single-point-of-failure")
    accepted = cm.Acceptance(fingerprint=spof.fingerprint, reason="on purpose")
    import attrs

    new = attrs.evolve(org, name="Acme Inc.", accepted=(accepted,))
    changes = cm.diff(org, new)
    assert changes.added == (Entity("finding", spof.fingerprint),)
    assert changes.changed == (
        Change(Entity("organization", ""), "name", "Acme Outdoor", "Acme Inc."),
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits of org.yaml (the example, then the edits)."""
    for key, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)

    def git(*args: str, date: str | None = None) -> None:
        env = dict(os.environ)
        if date is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        subprocess.run(["git", *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    Path("org.yaml").write_text(OLD, encoding="utf-8")
    git("add", "org.yaml")
    git("commit", "-qm", "Northwind as it was", date="2026-01-05T10:00:00+00:00")
    Path("org.yaml").write_text("format: csmo-model/2\nroles: 3\n", encoding="utf-8")
    git("commit", "-qam", "Broken on purpose", date="2026-02-05T10:00:00+00:00")
    Path("org.yaml").write_text(_edited(), encoding="utf-8")
    git("commit", "-qam", "Social reports to the CEO", date="2026-03-05T10:00:00+00:00")
    return tmp_path


def test_csmo_diff_reads_git_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", "HEAD~2:org.yaml", "org.yaml", "--format", "json", "--isolated"]
    assert main([*args, "--fail-on", "critical"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "csmo-diff/2"
    expected = cm.diff(cm.loads(OLD), cm.loads(_edited())).to_dict()
    assert document["organization"] == expected
    delta = cm.audit(cm.loads(_edited())).diff(cm.audit(cm.loads(OLD)))
    assert document["audit"] == delta.to_dict()
    assert main(["diff", "HEAD~2:org.yaml", "HEAD:org.yaml", "--isolated"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "organization: HEAD~2:org.yaml -> HEAD:org.yaml",
        '  added role "community-manager"',
        '  removed person "maya"',
    ]


def test_csmo_diff_fails_on_a_new_finding_at_the_threshold(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    delta = cm.audit(cm.loads(_edited())).diff(cm.audit(cm.loads(OLD)))
    # What the edits bring: Sven's move leaves content strategy without a doer and his
    # seat vacant, RA on the social program makes two accountable, the dropped link to
    # the webmaster leaves IT without a tie, the new role is empty.
    assert [(f.severity.value, f.kind, f.ids[0]) for f in delta.new] == [
        ("warning", "no-responsible", "program-blocks/content-strategy"),
        ("warning", "multiple-accountable", "csmo-ties/social-program"),
        ("warning", "missing-link", "it"),
        ("info", "silo", "it"),
        ("info", "vacancy", "content-lead"),
        ("info", "vacancy", "community-manager"),
    ]
    # RA on the social program also makes the lead accountable for a job of the program.
    assert [(f.kind, f.ids[0]) for f in delta.resolved] == [
        ("lead-without-accountability", "social-manager"),
        ("single-point-of-failure", "maya"),
        ("missing-link", "exec"),
    ]
    args = ["diff", "HEAD~2:org.yaml", "org.yaml", "--isolated", "--fail-on"]
    assert main([*args, "warning"]) == 1
    assert main([*args, "critical"]) == 0
    assert main([*args, "never"]) == 0
    capsys.readouterr()


def test_csmo_diff_of_an_invalid_revision_lists_its_problems(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "HEAD~1:org.yaml", "org.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("HEAD~1:org.yaml: invalid: 2 problem(s)\n")
    assert "HEAD~1:org.yaml:2:1: roles: expected a list of roles" in err  # located
    assert main(["diff", "HEAD~7:org.yaml", "org.yaml"]) == 2
    assert capsys.readouterr().err.startswith("HEAD~7:org.yaml: ")


def test_csmo_history(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "org.yaml", "--format", "json", "--isolated"]) == 0
    commits = json.loads(capsys.readouterr().out)["commits"]
    assert [c["subject"] for c in commits] == [
        "Social reports to the CEO",
        "Broken on purpose",
        "Northwind as it was",
    ]
    assert [c["date"][:10] for c in commits] == ["2026-03-05", "2026-02-05", "2026-01-05"]
    newest, broken, first = commits
    old, new = cm.audit(cm.loads(OLD)), cm.audit(cm.loads(_edited()))
    delta = new.diff(old)  # across the broken version, to the last valid one
    assert [f["fingerprint"] for f in newest["added"]] == [f.fingerprint for f in delta.new]
    assert [f["fingerprint"] for f in newest["resolved"]] == [f.fingerprint for f in delta.resolved]
    assert newest["counts"] == {
        s.value: sum(1 for f in new if f.severity is s) for s in reversed(cm.Severity)
    }
    assert (broken["valid"], broken["problems"], broken["counts"]) == (False, 2, {})
    assert [f["fingerprint"] for f in first["added"]] == list(old.fingerprints())
    assert first["resolved"] == []

    assert main(["history", "org.yaml", "--max", "1", "--isolated"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[2].startswith(f"2026-03-05  {newest['short']}  ")
    assert lines[2].endswith("+6     -3        Social reports to the CEO")


def test_history_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    path = tmp_path / "org.yaml"
    path.write_text(OLD, encoding="utf-8")
    assert main(["history", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}: {tmp_path} is not in a git repository\n"


def test_plot_history_draws_the_counts_by_date(repo: Path) -> None:
    pytest.importorskip("matplotlib")
    from csmo_model.history import history

    versions = history("org.yaml", options=cm.AuditOptions())
    ax = cm.plot.history(versions)
    lines = {line.get_gid(): line for line in ax.get_lines()}
    newest, _, first = versions  # drawn oldest first; the broken version is a marker
    for severity in ("critical", "warning", "info"):
        ys = [int(y) for y in lines[f"history:{severity}"].get_ydata()]
        assert ys == [first.counts[severity], newest.counts[severity]]
    assert f"invalid:{versions[1].short}" in lines
