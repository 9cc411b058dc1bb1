"""Findings and reports: the one place results become text, Markdown and JSON."""

from __future__ import annotations

import enum
import hashlib
import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from csmo_model import _finding_data
from csmo_model import edits as _edits
from csmo_model._finding_data import *  # noqa: F403 - the typed evidence of each kind
from csmo_model._text import md_code, md_inline, terminal
from csmo_model.model import Acceptance

if TYPE_CHECKING:
    import pandas

    from csmo_model._parse import Syntax

__all__ = [
    *_finding_data.__all__,
    "AUDIT_FORMAT",
    "BASELINE_FORMAT",
    "Finding",
    "Fix",
    "Location",
    "READABLE_AUDIT_FORMATS",
    "Report",
    "ReportDiff",
    "Severity",
    "Subject",
    "SubjectType",
    "fingerprint",
    "read_baseline",
    "structure_line",
]


def __dir__() -> list[str]:
    return __all__


AUDIT_FORMAT = "csmo-audit/3"
"""The header of the JSON audit output."""

READABLE_AUDIT_FORMATS = ("csmo-audit/2", AUDIT_FORMAT)
"""The audit formats :meth:`Report.from_dict` reads: /3 added ``summary.structure`` and
``summary.chief_executive``, and subjects of the new types."""

BASELINE_FORMAT = "csmo-baseline/1"
"""The header of a baseline file (``csmo audit --write-baseline``)."""


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


class SubjectType(enum.StrEnum):
    """What a finding's subject is: the namespace its id lives in."""

    ROLE = "role"
    PERSON = "person"
    DEPARTMENT = "department"
    RESPONSIBILITY = "responsibility"
    BLUEPRINT = "blueprint"
    LINK = "link"
    FUNCTION = "function"
    FINDING = "finding"
    CHANNEL = "channel"
    ROUTE = "route"
    TOPIC = "topic"
    # Issue 13, section 4.
    METRIC = "metric"
    POLICY = "policy"


@attrs.frozen
class Subject:
    """One thing a finding is about: a typed id.

    Ids are unique only within their type (a person and a role may share
    one), so a subject always carries both.

    Attributes:
        type: The namespace of the id.
        id: The id, as in the organization file (a link's id is its two ends
            joined by ``--``; a route's its topic and target joined by ``->``;
            a finding's is its fingerprint).

    Examples
    --------
    >>> Subject("role", "social-lead")
    Subject(type='role', id='social-lead')
    >>> Subject("role", "social-lead").to_dict()
    {'type': 'role', 'id': 'social-lead'}
    """

    type: SubjectType = attrs.field(converter=SubjectType)
    id: str = attrs.field(validator=attrs.validators.instance_of(str))

    def to_dict(self) -> dict[str, str]:
        """Return ``{"type": ..., "id": ...}``."""
        return {"type": self.type.value, "id": self.id}

    def __repr__(self) -> str:
        return f"Subject(type={self.type.value!r}, id={self.id!r})"


def _subjects(value: Iterable[Subject | tuple[str, str]]) -> tuple[Subject, ...]:
    if isinstance(value, str | bytes):
        raise TypeError(
            f"subjects is a list of Subject records, not the string {value!r}; "
            f"write [Subject('role', {value!r})]"
        )
    out = []
    for item in value:
        if isinstance(item, Subject):
            out.append(item)
        elif isinstance(item, tuple | list) and len(item) == 2:
            out.append(Subject(*item))
        elif isinstance(item, Mapping):
            out.append(Subject(item["type"], item["id"]))
        else:
            raise TypeError(
                f"a subject is a Subject(type, id) or a (type, id) pair, got {item!r}; "
                "a bare id does not say what it is"
            )
    return tuple(out)


def fingerprint(kind: str, identity: Iterable[Any]) -> str:
    """Return the fingerprint of a finding of *kind* identified by *identity*.

    The fingerprint is 16 hexadecimal digits of a SHA-256 over the kind and
    the identifying values (lists compared as sets, so order does not
    matter). Names, titles, messages and counts are never part of it, so it
    survives renames, rewording, reordering and format conversion.

    Examples
    --------
    >>> fingerprint("coverage-gap", ["strategy"])
    '...'
    >>> fingerprint("x", [["a", "b"]]) == fingerprint("x", [["b", "a"]])
    True
    """
    canonical = json.dumps([kind, [_canonical(v) for v in identity]], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _canonical(value: Any) -> Any:
    if type(value) is str:
        return value
    if isinstance(value, Subject):
        return [value.type.value, value.id]
    if isinstance(value, list | tuple):
        items = [_canonical(v) for v in value]
        if all(type(i) is str for i in items) or all(_is_pair(i) for i in items):
            return sorted(items)  # ids, and typed subjects as [type, id]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _flat(value: Any) -> bool:
    """Whether *value* is text, a number, None, or a tuple of text: frozen already."""
    kind = type(value)
    if kind is tuple:
        return all(type(v) is str for v in value)
    return kind is str or kind is int or kind is bool or value is None


def _is_pair(value: Any) -> bool:
    return type(value) is list and len(value) == 2 and type(value[0]) is type(value[1]) is str


def _frozen(value: Any, path: str) -> Any:
    """A read-only copy of JSON-able *value*; anything else is refused here, not in to_json."""
    if value is None or isinstance(value, str | bool | int):
        return value
    # The common case, ids: checked without a call per item.
    if (type(value) is tuple or type(value) is list) and all(type(v) is str for v in value):
        return value if type(value) is tuple else tuple(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"data{path} is {value!r}, which JSON cannot hold")
        return value
    if isinstance(value, enum.Enum) and isinstance(value.value, str):
        return value.value
    if isinstance(value, list | tuple):
        return tuple(_frozen(v, f"{path}[{i}]") for i, v in enumerate(value))
    if type(value) is MappingProxyType and all(map(_flat, value.values())):
        # Already frozen by a Finding (attrs.evolve runs the converter again).
        return value
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"data{path} has the key {k!r}; JSON keys are text")
            out[k] = _frozen(v, f"{path}[{k!r}]")
        return MappingProxyType(out)
    raise TypeError(
        f"data{path} is a {type(value).__name__}, which JSON cannot hold; "
        "use text, numbers, booleans, None, lists and mappings"
    )


def _frozen_data(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"data is a mapping of evidence, got {value!r}")
    frozen = _frozen(value, "")
    assert isinstance(frozen, Mapping)
    return frozen


def _thawed(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thawed(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    return value


def _summary_text(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a fix needs a summary: one sentence saying what to do")
    return value


@attrs.frozen(kw_only=True)
class Fix:
    """What to do about a finding: a sentence, and the edits that carry it out.

    Attributes:
        summary: One sentence a manager can act on.
        edits: The :mod:`csmo_model.edits` records that carry it out, when the
            organization tells enough (who has spare capacity, who sits in the
            right department); empty when the fix needs a decision the data
            cannot make (hire someone, name the social lead).

    Examples
    --------
    >>> fix = Fix.from_dict({"summary": "Tie the lead to Support.",
    ...                      "edits": [{"op": "add-link", "between": ["social-lead", "support"]}]})
    >>> fix.edits
    (AddLink(between=('social-lead', 'support'), kind=<LinkKind.COLLABORATION: 'collaboration'>),)
    >>> Fix.from_dict(fix.to_dict()) == fix
    True
    """

    summary: str = attrs.field(converter=_summary_text)
    edits: tuple[_edits.Edit, ...] = attrs.field(default=(), converter=_edits.edits_of)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"summary": ..., "edits": [...]}`` (edits in their JSON form)."""
        return {"summary": self.summary, "edits": [_edits.to_dict(e) for e in self.edits]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fix:
        """Read what :meth:`to_dict` writes.

        Raises
        ------
        ValueError
            If it is not a fix.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("edits", []), list):
            raise ValueError(f"a fix is a mapping of summary and edits, got {data!r}")
        try:
            return cls(
                summary=data["summary"],
                edits=[
                    _edits.from_dict(e, path=f"fix.edits[{i}]")
                    for i, e in enumerate(data.get("edits", []))
                ],
            )
        except KeyError:
            raise ValueError("a fix needs a summary") from None


def _fix(value: Fix | Mapping[str, Any] | None) -> Fix | None:
    if value is None or isinstance(value, Fix):
        return value
    if isinstance(value, Mapping):
        return Fix.from_dict(value)
    raise TypeError(f"fix is a Fix record or None, got {value!r}")


@attrs.frozen
class Location:
    """Where a finding's subject is written: a file, a 1-based line and column.

    Examples
    --------
    >>> Location("acme.yaml", 15, 5).to_dict()
    {'path': 'acme.yaml', 'line': 15, 'column': 5}
    """

    path: str = attrs.field(validator=attrs.validators.instance_of(str))
    line: int = attrs.field(validator=attrs.validators.instance_of(int))
    column: int = attrs.field(validator=attrs.validators.instance_of(int))

    def to_dict(self) -> dict[str, str | int]:
        """Return ``{"path": ..., "line": ..., "column": ...}``."""
        return {"path": self.path, "line": self.line, "column": self.column}


def _locations(value: Iterable[Location]) -> tuple[Location, ...]:
    out = tuple(value)
    for item in out:
        if not isinstance(item, Location):
            raise TypeError(f"locations holds Location records, got {item!r}")
    return out


def _default_fingerprint(finding: Finding) -> str:
    return fingerprint(finding.kind, [finding.subjects])


@attrs.frozen(kw_only=True)
class Finding:
    """One thing an audit found.

    Attributes:
        kind: A stable id, such as ``"coverage-gap"`` (see ``csmo checks``).
        severity: How much it matters.
        subjects: What it is about, most relevant first, as typed ids.
        message: One plain sentence a manager understands.
        data: The evidence: JSON-able, read-only all the way down (lists
            become tuples).
        fingerprint: A short, stable identity: the same problem has the same
            fingerprint across renames, rewording, reordering and formats
            (the audit computes it from the check's identity keys; by default
            from the kind and the subjects).
        accepted: The organization's acceptance of it, when accepted.
        new: With a baseline, whether the baseline lacks it; else ``None``.
        fix: What to do about it (a :class:`Fix`), when the check knows.
        locations: Where its subjects are written in the organization file, in
            the order of the subjects, for those that come from a file (see
            :meth:`Report.with_locations`); empty when not located.

    Examples
    --------
    >>> f = Finding(kind="silo", severity="info", subjects=[Subject("department", "legal")],
    ...             message="No link crosses the boundary of Legal.", data={"department": "legal"})
    >>> f.ids, f.data["department"]
    (('legal',), 'legal')
    >>> Finding(kind="silo", severity="info", subjects="legal", message="")
    Traceback (most recent call last):
    ...
    TypeError: subjects is a list of Subject records, not the string 'legal'; ...
    """

    kind: str = attrs.field(validator=attrs.validators.instance_of(str))
    severity: Severity = attrs.field(converter=Severity)
    subjects: tuple[Subject, ...] = attrs.field(converter=_subjects)
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_data, hash=False)
    _fingerprint: str | None = attrs.field(default=None, eq=False, alias="fingerprint")
    accepted: Acceptance | None = attrs.field(default=None, eq=False)
    new: bool | None = attrs.field(default=None, eq=False)
    fix: Fix | None = attrs.field(default=None, eq=False, converter=_fix)
    locations: tuple[Location, ...] = attrs.field(default=(), converter=_locations, eq=False)

    @property
    def fingerprint(self) -> str:
        """The finding's stable identity (see the class docstring)."""
        value = self._fingerprint
        if value is None:
            # Computed on first use: an audit always gives the check's fingerprint.
            value = _default_fingerprint(self)
            object.__setattr__(self, "_fingerprint", value)
        return value

    @property
    def ids(self) -> tuple[str, ...]:
        """The subjects' plain ids, in order."""
        return tuple(s.id for s in self.subjects)

    @property
    def counts(self) -> bool:
        """Whether it counts toward ``--fail-on``: not accepted, and new when a baseline is used."""
        return self.accepted is None and self.new is not False

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON-able data (a ``csmo-audit/3`` finding).

        ``locations`` is present only when the finding was located.
        """
        out: dict[str, Any] = {
            "kind": self.kind,
            "severity": self.severity.value,
            "subjects": [s.to_dict() for s in self.subjects],
            "message": self.message,
            "data": _thawed(self.data),
            "fingerprint": self.fingerprint,
            "accepted": None
            if self.accepted is None
            else {
                "reason": self.accepted.reason,
                "until": None if self.accepted.until is None else self.accepted.until.isoformat(),
            },
            "new": self.new,
            "fix": None if self.fix is None else self.fix.to_dict(),
        }
        if self.locations:
            out["locations"] = [loc.to_dict() for loc in self.locations]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Read a finding of a ``csmo-audit/3`` document (see :meth:`to_dict`).

        Raises
        ------
        ValueError
            If a field is missing or malformed.
        """
        try:
            accepted = data.get("accepted")
            return cls(
                kind=data["kind"],
                severity=data["severity"],
                subjects=[Subject(s["type"], s["id"]) for s in data["subjects"]],
                message=data["message"],
                data=data.get("data", {}),
                fingerprint=data["fingerprint"],
                accepted=None
                if accepted is None
                else Acceptance(
                    fingerprint=data["fingerprint"],
                    reason=accepted["reason"],
                    until=accepted.get("until"),
                ),
                new=data.get("new"),
                fix=data.get("fix"),
                locations=[
                    Location(loc["path"], loc["line"], loc["column"])
                    for loc in data.get("locations", ())
                ],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                f"not a finding of {' or '.join(READABLE_AUDIT_FORMATS)}: "
                f"{type(exc).__name__}: {exc}"
            ) from None

    def __repr__(self) -> str:
        shown = ", ".join(self.ids[:3])
        if len(self.subjects) > 3:
            shown += f", +{len(self.subjects) - 3} more"
        return f"<Finding {self.severity.value} {self.kind}{': ' + shown if shown else ''}>"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The read-only data (mapping proxies) cannot be pickled: rebuild from plain data,
        # so findings and reports travel to process pools and deepcopy works.
        fields = {a.alias or a.name: getattr(self, a.name) for a in attrs.fields(Finding)}
        fields["data"] = _thawed(self.data)
        return (_rebuild, (Finding, fields))

    def _repr_html_(self) -> str:
        from csmo_model._html import finding_html

        return finding_html(self)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _kinds(value: Iterable[str]) -> tuple[str, ...]:
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
    order of the checks that ran, then in the order the checks found them.
    Iterating a report yields its findings.

    Attributes:
        organization: The audited organization's name.
        findings: The findings.
        checks: The kinds of the checks that ran, in order.
        summary: Facts about the organization that are not problems (where
            the social lead sits, the truck factor), JSON-able.
    """

    organization: str
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)
    checks: tuple[str, ...] = attrs.field(default=(), converter=_kinds)
    summary: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_data, hash=False)

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
        """Number of findings per kind, in the order of :attr:`checks`."""
        found = Counter(f.kind for f in self.findings)
        order = dict.fromkeys((*self.checks, *sorted(found)))
        return {kind: found[kind] for kind in order if found[kind]}

    def worst(self) -> Severity | None:
        """The highest severity among the findings, or ``None`` when there are none."""
        return max((f.severity for f in self.findings), key=_RANK.__getitem__, default=None)

    def failing(self, threshold: Severity | str | None) -> tuple[Finding, ...]:
        """The findings at or above *threshold* that count (see :attr:`Finding.counts`).

        ``None`` (``--fail-on never``) fails nothing.

        Examples
        --------
        >>> import csmo_model as cm
        >>> report = cm.audit(cm.examples.load("acme"))
        >>> [f.kind for f in report.failing("warning")]
        ['no-responsible', 'no-accountable', 'single-point-of-failure']
        >>> report.failing("critical")
        ()
        """
        if threshold is None:
            return ()
        rank = Severity(threshold).rank
        return tuple(f for f in self.findings if f.severity.rank >= rank and f.counts)

    def fingerprints(self) -> tuple[str, ...]:
        """The findings' fingerprints, in report order (what a baseline stores)."""
        return tuple(f.fingerprint for f in self.findings)

    def with_baseline(self, fingerprints: Iterable[str]) -> Report:
        """Return the report with each finding marked new or not against a baseline.

            Only new findings count toward ``--fail-on`` (see :attr:`Finding.counts`).

            Examples
            --------
            >>> import csmo_model as cm
            >>> report = cm.audit(cm.examples.load("acme"))
            >>> marked = report.with_baseline(report.fingerprints()[1:])
            >>> [f.new for f in marked][:3]
            [True, False, False]

        Raises
        ------
        TypeError
            If *fingerprints* is one string instead of a collection.
        """
        if isinstance(fingerprints, str):
            raise TypeError("fingerprints is a collection of fingerprints, not one string")
        known = set(fingerprints)
        return attrs.evolve(
            self,
            findings=[attrs.evolve(f, new=f.fingerprint not in known) for f in self.findings],
        )

    def with_locations(self, text: str, syntax: Syntax, path: str) -> Report:
        """Return the report with each finding's :attr:`Finding.locations` filled in.

        *text* is the organization file the audited organization was loaded
        from, in *syntax*; *path* names it in the locations. Positions are
        computed here, once, only when there are findings.

        Examples
        --------
        >>> import csmo_model as cm
        >>> text = cm.examples.text("acme")
        >>> report = cm.audit(cm.loads(text)).with_locations(text, "yaml", "acme.yaml")
        >>> spof = next(f for f in report if f.kind == "single-point-of-failure")
        >>> spof.subjects[0], spof.locations[0]
        (Subject(type='person', id='ana'), Location(path='acme.yaml', line=22, column=5))
        """
        if not self.findings:
            return self
        from csmo_model.positions import source_map

        where = source_map(text, syntax)
        findings = []
        for f in self.findings:
            found = (where.subject(s.type.value, s.id) for s in f.subjects)
            located = [Location(path, *place) for place in found if place is not None]
            findings.append(attrs.evolve(f, locations=located))
        return attrs.evolve(self, findings=findings)

    def to_baseline(self) -> dict[str, Any]:
        """Return the ``csmo-baseline/1`` document: the fingerprints of every finding."""
        return {
            "format": BASELINE_FORMAT,
            "organization": self.organization,
            "fingerprints": sorted(set(self.fingerprints())),
        }

    def diff(self, old: Report) -> ReportDiff:
        """Compare with an *old* report of the same organization, by fingerprint.

        Examples
        --------
        >>> import csmo_model as cm
        >>> org = cm.examples.load("acme")
        >>> fixed = cm.without(org, people={"ana"})
        >>> delta = cm.audit(fixed).diff(cm.audit(org))
        >>> [f.kind for f in delta.new], len(delta.resolved), len(delta.unchanged)
        (['coverage-gap', 'coverage-gap', 'vacancy'], 3, 2)
        """
        before = {f.fingerprint for f in old.findings}
        after = {f.fingerprint for f in self.findings}
        return ReportDiff(
            new=tuple(f for f in self.findings if f.fingerprint not in before),
            resolved=tuple(f for f in old.findings if f.fingerprint not in after),
            unchanged=tuple(f for f in self.findings if f.fingerprint in before),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the ``csmo-audit/3`` document."""
        return {
            "format": AUDIT_FORMAT,
            "organization": self.organization,
            "checks": list(self.checks),
            "summary": _thawed(self.summary),
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the ``csmo-audit/3`` document as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Report:
        """Read a ``csmo-audit/3`` document, as :meth:`to_dict` writes it, or a ``/2`` one.

        A ``csmo-audit/2`` document is read the same way: it differs only in
        its summary, which lacks ``structure``.

        Raises
        ------
        ValueError
            If it is neither.

        Examples
        --------
        >>> import csmo_model as cm
        >>> report = cm.audit(cm.examples.load("acme"))
        >>> cm.Report.from_json(report.to_json()) == report
        True
        """
        if (
            not isinstance(document, Mapping)
            or document.get("format") not in READABLE_AUDIT_FORMATS
        ):
            found = document.get("format") if isinstance(document, Mapping) else None
            raise ValueError(
                f"not a {AUDIT_FORMAT} document (format: {found!r}); "
                "write it with csmo audit --format json"
            )
        findings = document.get("findings")
        if not isinstance(findings, list):
            raise ValueError(f"not a {AUDIT_FORMAT} document: 'findings' is not a list")
        return cls(
            organization=str(document.get("organization", "")),
            findings=[Finding.from_dict(f) for f in findings],
            checks=[str(k) for k in document.get("checks", [])],
            summary=document.get("summary", {}),
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        """Read a ``csmo-audit/3`` document from JSON text (see :meth:`from_dict`).

        Raises
        ------
        ValueError
            If the text is not JSON or not a ``csmo-audit/3`` document.
        """
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not JSON: {exc}") from None
        return cls.from_dict(document)

    def to_frame(self) -> pandas.DataFrame:
        """Return the findings as a pandas DataFrame, one row per finding.

        Columns: ``kind``, ``severity`` (an ordered categorical, ``info`` <
        ``warning`` < ``critical``, so it sorts and filters by rank),
        ``subjects`` (tuples of ids), ``message``, ``data`` (dicts),
        ``fingerprint`` and ``accepted`` (the reason, or ``None``).
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
        ['kind', 'severity', 'subjects', 'message', 'data', 'fingerprint', 'accepted']
        >>> df[df.severity >= "warning"].kind.value_counts().to_dict()
        {'no-responsible': 1, 'no-accountable': 1, 'single-point-of-failure': 1}
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
                "subjects": pd.Series([f.ids for f in self.findings], dtype=object),
                "message": [f.message for f in self.findings],
                "data": pd.Series([_thawed(f.data) for f in self.findings], dtype=object),
                "fingerprint": [f.fingerprint for f in self.findings],
                "accepted": pd.Series(
                    [None if f.accepted is None else f.accepted.reason for f in self.findings],
                    dtype=object,
                ),
            }
        )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        fields = {a.name: getattr(self, a.name) for a in attrs.fields(Report)}
        fields["summary"] = _thawed(self.summary)
        return (_rebuild, (Report, fields))

    def _repr_html_(self) -> str:
        from csmo_model._html import report_html

        return report_html(self)

    def to_text(self, *, color: bool = False) -> str:
        """Return a readable report grouped by severity.

        Accepted findings say so with their reason; with a baseline, new
        findings are marked ``new``. Text from the file is shown with control
        characters and bidirectional overrides escaped.
        """
        lines = [f"Audit of {terminal(self.organization)}: {self._summary()}"]
        if (shape := structure_line(self.summary)) is not None:
            lines.append(terminal(shape))
        for severity in reversed(Severity):
            group = [f for f in self.findings if f.severity is severity]
            if not group:
                continue
            head = f"{severity.value.upper()} ({len(group)})"
            lines += ["", f"{_COLORS[severity]}{head}{_RESET}" if color else head]
            for f in group:
                mark = " new" if f.new else ""
                lines.append(f"  [{terminal(f.kind)}]{mark} {terminal(f.message)}")
                if f.accepted is not None:
                    lines.append(f"      accepted: {terminal(_one_line(f.accepted.reason))}")
                if f.fix is not None:
                    lines.append(f"      fix: {terminal(_one_line(f.fix.summary))}")
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """Return the report as Markdown, for a wiki page or an issue."""
        lines = [f"# Audit of {_md_escape(self.organization)}", "", self._summary() + "."]
        if (shape := structure_line(self.summary)) is not None:
            lines += ["", _md_escape(shape)]
        for severity in reversed(Severity):
            group = [f for f in self.findings if f.severity is severity]
            if not group:
                continue
            lines += ["", f"## {severity.value.capitalize()} ({len(group)})", ""]
            lines += ["| kind | subjects | finding |", "|---|---|---|"]
            for f in group:
                subjects = ", ".join(md_code(s.id) for s in f.subjects)
                text = _md_escape(f.message)
                if f.new:
                    text = "**new** " + text
                if f.accepted is not None:
                    text += f" *(accepted: {_md_escape(f.accepted.reason)})*"
                if f.fix is not None:
                    text += f" Fix: {_md_escape(f.fix.summary)}"
                lines.append(f"| {_md_escape(f.kind)} | {subjects} | {text} |")
        return "\n".join(lines) + "\n"

    def _summary(self) -> str:
        if not self.findings:
            return "no findings"
        counts = Counter(f.severity for f in self.findings)
        text = ", ".join(f"{counts[s]} {s.value}" for s in reversed(Severity) if counts[s])
        accepted = sum(1 for f in self.findings if f.accepted is not None)
        new = sum(1 for f in self.findings if f.new)
        if accepted:
            text += f" ({accepted} accepted)"
        if any(f.new is not None for f in self.findings):
            text += f"; {new} new since the baseline"
        return text


@attrs.frozen(kw_only=True)
class ReportDiff:
    """How the findings moved between two reports, matched by fingerprint.

    Attributes:
        new: Findings of the newer report that the older one lacks.
        resolved: Findings of the older report that the newer one lacks.
        unchanged: Findings of the newer report that the older one has too.
    """

    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the three lists as plain JSON-able data."""
        return {
            "new": [f.to_dict() for f in self.new],
            "resolved": [f.to_dict() for f in self.resolved],
            "unchanged": [f.to_dict() for f in self.unchanged],
        }


def read_baseline(document: Mapping[str, Any]) -> frozenset[str]:
    """Return the fingerprints of a baseline: ``csmo-baseline/1``, ``csmo-audit/3`` or ``/2``.

    Raises
    ------
    ValueError
        If it is neither.

    Examples
    --------
    >>> sorted(read_baseline({"format": "csmo-baseline/1", "fingerprints": ["0123456789abcdef"]}))
    ['0123456789abcdef']
    """
    fmt = document.get("format") if isinstance(document, Mapping) else None
    if fmt == BASELINE_FORMAT:
        prints = document.get("fingerprints")
        if isinstance(prints, list) and all(isinstance(p, str) for p in prints):
            return frozenset(prints)
        raise ValueError(f"a {BASELINE_FORMAT} document lists its fingerprints as text")
    if fmt in READABLE_AUDIT_FORMATS:
        return frozenset(Report.from_dict(document).fingerprints())
    raise ValueError(
        f"not a baseline (format: {fmt!r}); write one with csmo audit --write-baseline FILE"
    )


def _rebuild(cls: type[Any], fields: dict[str, Any]) -> Any:
    """Unpickle a finding or a report: its fields, read-only again through its converters."""
    return cls(**fields)


def structure_line(summary: Mapping[str, Any]) -> str | None:
    """The organizing model of an audit's summary as one sentence, or ``None`` without one.

    Examples
    --------
    >>> structure_line({"structure": {"model": "hub-and-spoke", "stage": "center-of-excellence",
    ...                               "hub": "social", "reason": "..."}})
    'Organizing model: hub-and-spoke, a center of excellence (hub: social).'
    >>> structure_line({"structure": {"model": None, "stage": None, "reason": "No job."}})
    'Organizing model: not known. No job.'
    >>> structure_line({"structure": {"model": "centralized", "stage": "team", "hub": "exec",
    ...                               "reason": "..."}})
    'Organizing model: centralized, a team.'
    >>> structure_line({"structure": {"model": "centralized", "stage": None, "hub": None,
    ...                               "reason": "One unit (a) does it. Nobody holds it."}})
    'Organizing model: centralized, stage not known. One unit (a) does it. Nobody holds it.'
    >>> structure_line({}) is None
    True
    """
    found = summary.get("structure")
    if not isinstance(found, Mapping):
        return None
    model = found.get("model")
    if model is None:
        return f"Organizing model: not known. {found.get('reason', '')}".rstrip()
    stage = found.get("stage")
    if stage is None:
        return f"Organizing model: {model}, stage not known. {found.get('reason', '')}".rstrip()
    hub = found.get("hub")
    if stage == "center-of-excellence":
        return f"Organizing model: {model}, a center of excellence" + (
            f" (hub: {hub})." if hub else "."
        )
    return f"Organizing model: {model}, {'one person' if stage == 'one-person' else 'a team'}."


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _md_escape(text: str) -> str:
    return md_inline(text)
