"""An organization file's history in git: each version's audit, and what each commit changed.

Uses the ``git`` command (no library): :func:`show` reads one version
(``REV:PATH``), :func:`history` audits every commit that touched a file.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from csmo_model.audit import audit
from csmo_model.errors import ModelError
from csmo_model.io import loads, syntax_for
from csmo_model.options import AuditOptions
from csmo_model.report import Finding, Report, Severity

__all__ = ["HISTORY_FORMAT", "GitError", "Version", "history", "show"]


def __dir__() -> list[str]:
    return __all__


HISTORY_FORMAT = "csmo-history/1"
"""The header of the JSON output of ``csmo history``."""

_SEP, _END = "\x1f", "\x1e"


class GitError(Exception):
    """Git is missing, the path is not in a repository, or git refused the request."""


def _git(args: list[str], cwd: str | os.PathLike[str] | None = None) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - fixed git subcommands; arguments are not parsed by a shell
            ["git", *args],  # noqa: S607 - git from PATH, as a user runs it
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise GitError(f"{cwd} is not a folder") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0] if message else f"git {args[0]} failed"
        if "not a git repository" in first:
            where = cwd if cwd is not None else os.getcwd()
            raise GitError(f"{where} is not in a git repository")
        raise GitError(first.removeprefix("fatal: "))
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GitError(f"git printed bytes that are not UTF-8 (byte {exc.start})") from None


def show(spec: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """Return the text of ``REV:PATH`` (as ``git show`` reads it: PATH from the
    repository's root, or from *cwd* when it starts with ``./``).

    Raises
    ------
    GitError
        If git fails; the message is git's.

    Examples
    --------
    >>> import tempfile
    >>> show("HEAD:org.yaml", cwd=tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    csmo_model.history.GitError: /... is not in a git repository
    """
    return _git(["show", spec], cwd)


@attrs.frozen(kw_only=True)
class Version:
    """One commit that touched the file, and the audit of the file as it was.

    Attributes:
        commit: The full hash.
        date: The commit date, ISO 8601.
        subject: The first line of the commit message.
        path: The file's path at that commit, from the repository's root.
        counts: Findings by severity (every severity present, zeros included);
            empty when the version could not be read.
        problems: How many problems made the version unreadable (0: it was valid).
        added: Findings this version has and the previous valid one lacks.
        resolved: Findings the previous valid version has and this one lacks.
    """

    commit: str
    date: str
    subject: str
    path: str
    counts: Mapping[str, int]
    problems: int = 0
    added: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()

    @property
    def short(self) -> str:
        """The abbreviated hash (7 digits)."""
        return self.commit[:7]

    def to_dict(self) -> dict[str, Any]:
        """Return the version as plain JSON-able data (a ``csmo-history/1`` entry)."""
        return {
            "commit": self.commit,
            "short": self.short,
            "date": self.date,
            "subject": self.subject,
            "path": self.path,
            "valid": self.problems == 0,
            "problems": self.problems,
            "counts": dict(self.counts),
            "added": [f.to_dict() for f in self.added],
            "resolved": [f.to_dict() for f in self.resolved],
        }


def _commits(path: Path) -> list[tuple[str, str, str, str]]:
    out = _git(
        [
            "log",
            "--follow",
            "--name-only",
            f"--format={_END}%H{_SEP}%cI{_SEP}%s",
            "--",
            path.name,
        ],
        cwd=path.parent,
    )
    commits = []
    for record in out.split(_END)[1:]:
        head, _, names = record.partition("\n")
        commit, date, subject = head.split(_SEP, 2)
        name = next((n for n in names.splitlines() if n.strip()), "")
        commits.append((commit, date, subject, name))
    return commits


def history(
    path: str | os.PathLike[str],
    *,
    max_count: int | None = None,
    options: AuditOptions | None = None,
) -> tuple[Version, ...]:
    """Audit every version of *path* in git, newest first.

    Parameters
    ----------
    path
        An organization file inside a git repository.
    max_count
        Only the newest *max_count* commits (the oldest one shown still
        compares with the version before it).
    options
        The audit's options.

    Raises
    ------
    GitError
        If *path* is not in a repository or git fails.

    Examples
    --------
    >>> import pathlib, subprocess, tempfile
    >>> import csmo_model as cm
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> def git(*args):
    ...     who = ["-c", "user.name=Doc", "-c", "user.email=doc@example.org"]
    ...     subprocess.run(["git", *who, *args], cwd=folder, check=True, capture_output=True)
    >>> git("init", "-q")
    >>> _ = (folder / "org.yaml").write_text(cm.examples.text("acme"), encoding="utf-8")
    >>> git("add", "org.yaml")
    >>> git("commit", "-qm", "Acme")
    >>> _ = (folder / "org.yaml").write_text(cm.dumps(cm.without(cm.examples.load("acme"),
    ...                                                         people={"bo"})))
    >>> git("commit", "-qam", "Bo left")
    >>> for v in history(folder / "org.yaml", options=cm.AuditOptions()):
    ...     print(v.subject, dict(v.counts), [f.kind for f in v.added])
    Bo left {'critical': 0, 'warning': 3, 'info': 3} ['vacancy']
    Acme {'critical': 0, 'warning': 3, 'info': 2} ['no-responsible', ...]
    """
    file = Path(path)
    if not file.parent.is_dir():
        raise GitError(f"{file.parent} is not a folder")
    commits = _commits(file.absolute())
    folder = file.absolute().parent
    reports: dict[int, Report | int] = {}

    def report_of(i: int) -> Report | int:
        """The audit of the i-th newest version, or its number of problems."""
        if i not in reports:
            commit, name = commits[i][0], commits[i][3]
            try:
                text = _git(["show", f"{commit}:{name}"], cwd=folder)
                reports[i] = audit(loads(text, syntax_for(name)), options)
            except ModelError as exc:
                reports[i] = len(exc.problems)
        return reports[i]

    versions = []
    shown = commits if max_count is None else commits[:max_count]
    for i, (commit, date, subject, name) in enumerate(shown):
        report = report_of(i)
        if isinstance(report, int):
            versions.append(
                Version(
                    commit=commit,
                    date=date,
                    subject=subject,
                    path=name,
                    counts={},
                    problems=report,
                )
            )
            continue
        # The base of the delta: the previous version that could be read.
        before = next(
            (r for j in range(i + 1, len(commits)) if isinstance(r := report_of(j), Report)),
            None,
        )
        delta = report.diff(before) if before is not None else None
        found = Counter(f.severity for f in report)
        versions.append(
            Version(
                commit=commit,
                date=date,
                subject=subject,
                path=name,
                counts={s.value: found[s] for s in reversed(Severity)},
                added=report.findings if delta is None else delta.new,
                resolved=() if delta is None else delta.resolved,
            )
        )
    return tuple(versions)
