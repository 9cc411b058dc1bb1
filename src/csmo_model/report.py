"""Findings and reports: the one place results become text, Markdown and JSON."""

from __future__ import annotations

import enum
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from csmo_model._text import md_code, md_inline, terminal

if TYPE_CHECKING:
    import pandas

__all__ = ["AUDIT_FORMAT", "KINDS", "Finding", "Report", "Severity"]


def __dir__() -> list[str]:
    return __all__


AUDIT_FORMAT = "csmo-audit/1"
"""The header of the JSON audit output."""

KINDS: tuple[str, ...] = (
    "coverage-gap",
    "no-accountable",
    "multiple-accountable",
    "split-ownership",
    "external-without-coordinator",
    "single-point-of-failure",
    "missing-link",
    "silo",
    "placement",
    "span-of-control",
    "vacancy",
    "overload",
    "rule-violation",
    "blueprint-conformance",
    "no-social-lead",
)
"""Every finding kind, in report order. Kind ids are stable: tools rely on them."""


class Severity(enum.StrEnum):
    """How much a finding matters: ``info`` < ``warning`` < ``critical``."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for critical."""
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


def _frozen_data(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Finding:
    """One thing an audit found.

    Attributes:
        kind: A stable id from :data:`KINDS`, such as ``"coverage-gap"``.
        severity: How much it matters.
        subjects: The ids involved, most relevant first.
        message: One plain sentence a manager understands.
        data: The evidence, JSON-serializable.
    """

    kind: str
    severity: Severity = attrs.field(converter=Severity)
    subjects: tuple[str, ...] = attrs.field(converter=_ids)
    message: str
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_data, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON-able data."""
        return {
            "kind": self.kind,
            "severity": self.severity.value,
            "subjects": list(self.subjects),
            "message": self.message,
            "data": dict(self.data),
        }

    def __repr__(self) -> str:
        shown = ", ".join(self.subjects[:3])
        if len(self.subjects) > 3:
            shown += f", +{len(self.subjects) - 3} more"
        return f"<Finding {self.severity.value} {self.kind}{': ' + shown if shown else ''}>"

    def _repr_html_(self) -> str:
        from csmo_model._html import finding_html

        return finding_html(self)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


_COLORS = {Severity.CRITICAL: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET = "\x1b[0m"


def use_color(stream: TextIO) -> bool:
    """Whether to color output for *stream*: a terminal, and ``NO_COLOR`` unset."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@attrs.frozen(kw_only=True)
class Report:
    """The findings of an audit, in a deterministic order.

    Findings are sorted by severity (critical first), then by kind in the
    order of :data:`KINDS`, then in the order the analyses found them.
    Iterating a report yields its findings.

    Attributes:
        organization: The audited organization's name.
        findings: The findings.
    """

    organization: str
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __repr__(self) -> str:
        counts = Counter(f.severity for f in self.findings)
        parts = ", ".join(f"{counts[s]} {s.value}" for s in reversed(Severity) if counts[s])
        return f"<Report {self.organization!r}: {parts or 'no findings'}>"

    @property
    def counts(self) -> dict[str, int]:
        """Number of findings per kind, in the order of :data:`KINDS`."""
        found = Counter(f.kind for f in self.findings)
        return {kind: found[kind] for kind in (*KINDS, *sorted(found)) if found[kind]}

    def worst(self) -> Severity | None:
        """The highest severity among the findings, or ``None`` when there are none."""
        return max((f.severity for f in self.findings), key=_RANK.__getitem__, default=None)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``csmo-audit/1`` document."""
        return {
            "format": AUDIT_FORMAT,
            "organization": self.organization,
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the ``csmo-audit/1`` document as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_frame(self) -> pandas.DataFrame:
        """Return the findings as a pandas DataFrame, one row per finding.

        Columns: ``kind``, ``severity`` (an ordered categorical, ``info`` <
        ``warning`` < ``critical``, so it sorts and filters by rank),
        ``subjects`` (tuples of ids), ``message`` and ``data`` (dicts).
        Needs the ``pandas`` extra.

        Returns
        -------
        pandas.DataFrame
            One row per finding, in report order.

        Raises
        ------
        ImportError
            If pandas is not installed.

        Examples
        --------
        >>> import csmo_model as cm
        >>> df = cm.audit(cm.examples.load("acme")).to_frame()
        >>> list(df.columns)
        ['kind', 'severity', 'subjects', 'message', 'data']
        >>> df[df.severity >= "warning"].kind.value_counts().to_dict()
        {'single-point-of-failure': 2, 'coverage-gap': 1, 'no-accountable': 1, 'placement': 1}
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(
                "Report.to_frame() needs pandas: pip install 'csmo-model[pandas]'"
            ) from exc
        return pd.DataFrame(
            {
                "kind": [f.kind for f in self.findings],
                "severity": pd.Categorical(
                    [f.severity.value for f in self.findings],
                    categories=[s.value for s in Severity],
                    ordered=True,
                ),
                "subjects": pd.Series([f.subjects for f in self.findings], dtype=object),
                "message": [f.message for f in self.findings],
                "data": pd.Series([dict(f.data) for f in self.findings], dtype=object),
            }
        )

    def _repr_html_(self) -> str:
        from csmo_model._html import report_html

        return report_html(self)

    def to_text(self, *, color: bool = False) -> str:
        """Return a readable report grouped by severity."""
        lines = [f"Audit of {terminal(self.organization)}: {self._summary()}"]
        for severity in reversed(Severity):
            group = [f for f in self.findings if f.severity is severity]
            if not group:
                continue
            head = f"{severity.value.upper()} ({len(group)})"
            lines += ["", f"{_COLORS[severity]}{head}{_RESET}" if color else head]
            lines += [f"  [{terminal(f.kind)}] {terminal(f.message)}" for f in group]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """Return the report as Markdown, for a wiki page or an issue."""
        lines = [f"# Audit of {_md_escape(self.organization)}", "", self._summary() + "."]
        for severity in reversed(Severity):
            group = [f for f in self.findings if f.severity is severity]
            if not group:
                continue
            lines += ["", f"## {severity.value.capitalize()} ({len(group)})", ""]
            lines += ["| kind | subjects | finding |", "|---|---|---|"]
            for f in group:
                subjects = ", ".join(md_code(s) for s in f.subjects)
                lines.append(f"| {_md_escape(f.kind)} | {subjects} | {_md_escape(f.message)} |")
        return "\n".join(lines) + "\n"

    def _summary(self) -> str:
        if not self.findings:
            return "no findings"
        counts = Counter(f.severity for f in self.findings)
        return ", ".join(f"{counts[s]} {s.value}" for s in reversed(Severity) if counts[s])


def _md_escape(text: str) -> str:
    return md_inline(text)
