"""The check record, the registry that holds checks, and plugin loading."""

from __future__ import annotations

import importlib.metadata
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from csmo_model.analysis._facts import per_organization
from csmo_model.errors import did_you_mean
from csmo_model.model import Organization
from csmo_model.options import AuditOptions
from csmo_model.report import Finding, Severity

__all__ = [
    "DOCS_URL",
    "ENTRY_POINT_GROUP",
    "Check",
    "CheckError",
    "Names",
    "Registry",
    "is_selected",
    "load_plugins",
    "names",
]

DOCS_URL = "https://csmo-model.readthedocs.io/en/latest/"
"""Where the documentation lives; built-in checks link to ``analyses.html#kind-KIND``."""

ENTRY_POINT_GROUP = "csmo_model.checks"
"""The entry-point group third-party checks register under."""

BUILTIN_ORIGIN = "csmo-model"
CODE_ORIGIN = "code"

_KIND = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?")

Run = Callable[..., Iterable[Finding]]
"""What a check runs: ``run(org, options)`` yields its findings; a check that
reviews the other findings is called as ``run(org, options, findings)``."""


class CheckError(Exception):
    """A check could not be registered, loaded or run; the message names it and its origin."""


def _kind(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _KIND.fullmatch(value):
        raise CheckError(
            f"check kind {value!r}: use lowercase letters, digits and dashes, with one '/' "
            "after a plugin's own prefix (e.g. 'acme/dotted-to-ceo')"
        )


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise CheckError(f"identity is a list of data keys, not the string {value!r}")
    return tuple(value)


def _checks(value: Iterable[Check]) -> tuple[Check, ...]:
    return tuple(value)


def _option_names(value: Iterable[str]) -> tuple[str, ...]:
    known = [f.name for f in attrs.fields(AuditOptions)]
    out = tuple(value)
    for name in out:
        if name not in known:
            raise CheckError(
                f"a check reads the option {name!r}, which AuditOptions does not have"
                f"{did_you_mean(name, known)}"
            )
    return out


@attrs.frozen(kw_only=True)
class Check:
    """One kind of finding: its identity, its documentation and the function that finds it.

    Everything that lists kinds (``csmo checks``, the docs, ``--select``, the
    audit's order and progress steps) is derived from these records.

    Attributes:
        kind: The stable id of its findings, e.g. ``coverage-gap``; a plugin's
            contains a ``/`` after its own prefix (``acme/dotted-to-ceo``).
        family: The group it belongs to (``coverage``, ``resilience``...).
        severity: Its default severity (a check may raise it for a finding,
            e.g. for critical work; options may override it for all).
        title: One line saying what it finds.
        run: ``run(org, options)`` yields its findings.
        identity: The keys of ``Finding.data`` that identify one finding of it;
            the fingerprint is computed from the kind and their values. Empty:
            from the kind and the subjects.
        options: The :class:`~csmo_model.AuditOptions` fields it reads.
        url: Where it is documented.
        origin: Where it comes from: ``csmo-model`` for built-ins, a plugin's
            distribution name, ``code`` for a check passed to the audit in code.
        reviews_findings: Whether it runs after the other checks and is given
            their findings as a third argument (the acceptance checks do).
        data_type: The ``TypedDict`` its findings' ``data`` follows, if declared
            (every built-in check declares one; see
            :func:`csmo_model.testing.data_problems`).

    Examples
    --------
    >>> import csmo_model as cm
    >>> def run(org, options):
    ...     if org.social_lead is not None and not org.roles[org.social_lead].dotted_to:
    ...         yield cm.Finding(kind="acme/no-dotted-line", severity="info",
    ...                          subjects=[cm.Subject("role", org.social_lead)],
    ...                          message="The social lead has no dotted line.",
    ...                          data={"role": org.social_lead})
    >>> check = cm.Check(kind="acme/no-dotted-line", family="acme", severity="info",
    ...                  title="The social lead has no dotted line", run=run,
    ...                  identity=("role",))
    >>> report = cm.audit(cm.examples.load("marketing-owned"), checks=[check])
    >>> [f.message for f in report if f.kind == "acme/no-dotted-line"]
    ['The social lead has no dotted line.']
    """

    kind: str = attrs.field(validator=_kind)
    family: str
    severity: Severity = attrs.field(converter=Severity)
    title: str
    run: Run = attrs.field(eq=False, repr=False)
    identity: tuple[str, ...] = attrs.field(default=(), converter=_keys)
    options: tuple[str, ...] = attrs.field(default=(), converter=_option_names)
    url: str | None = None
    origin: str = CODE_ORIGIN
    reviews_findings: bool = False
    data_type: type | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def builtin(self) -> bool:
        """Whether the check ships with csmo-model."""
        return self.origin == BUILTIN_ORIGIN

    def fingerprint_of(self, finding: Finding) -> str:
        """The fingerprint of *finding*: its kind and the values of :attr:`identity`."""
        from csmo_model.report import fingerprint

        if not self.identity:
            return fingerprint(self.kind, [finding.subjects])
        return fingerprint(self.kind, [finding.data.get(key) for key in self.identity])


def builtin(
    kind: str,
    family: str,
    severity: Severity,
    title: str,
    identity: tuple[str, ...],
    options: tuple[str, ...] = (),
    *,
    data_type: type,
    reviews_findings: bool = False,
) -> Callable[[Run], Check]:
    """Decorate a function of a built-in family module into its :class:`Check`."""

    def make(run: Run) -> Check:
        return Check(
            kind=kind,
            family=family,
            severity=severity,
            title=title,
            run=run,
            identity=identity,
            options=options,
            url=f"{DOCS_URL}analyses.html#kind-{kind}",
            origin=BUILTIN_ORIGIN,
            reviews_findings=reviews_findings,
            data_type=data_type,
        )

    return make


@attrs.frozen
class Registry:
    """An ordered set of checks with unique kinds: what an audit runs.

    Examples
    --------
    >>> import csmo_model as cm
    >>> registry = cm.checks.BUILTIN
    >>> registry["coverage-gap"].family
    'coverage'
    >>> "silo" in registry.kinds
    True
    """

    checks: tuple[Check, ...] = attrs.field(converter=_checks)

    def __attrs_post_init__(self) -> None:
        seen: dict[str, Check] = {}
        for check in self.checks:
            if not isinstance(check, Check):
                raise CheckError(f"a registry holds Check records, got {check!r}")
            first = seen.get(check.kind)
            if first is not None:
                raise CheckError(
                    f"two checks have the kind {check.kind!r}: one from {first.origin}, "
                    f"one from {check.origin}; uninstall or rename one"
                )
            if not check.builtin and "/" not in check.kind:
                raise CheckError(
                    f"check {check.kind!r} from {check.origin}: a plugin's kind must contain "
                    f"a '/' after its own prefix (e.g. 'acme/{check.kind}') so it can never "
                    "collide with a built-in kind"
                )
            seen[check.kind] = check

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __getitem__(self, kind: str) -> Check:
        for check in self.checks:
            if check.kind == kind:
                return check
        raise KeyError(f"no check {kind!r}{did_you_mean(kind, self.kinds)}")

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds, in order."""
        return tuple(c.kind for c in self.checks)

    @property
    def families(self) -> tuple[str, ...]:
        """The families, in order of their first check."""
        return tuple(dict.fromkeys(c.family for c in self.checks))

    def with_checks(self, checks: Iterable[Check]) -> Registry:
        """Return a registry with *checks* added after these (kinds must stay unique)."""
        more = [checks] if isinstance(checks, Check) else list(checks)
        return Registry([*self.checks, *more])

    def selected(self, options: AuditOptions) -> tuple[Check, ...]:
        """The checks *options* select: ``select`` (all when empty) minus ``ignore``.

        Each entry names a kind or a family; an unknown one is an error.

        Raises
        ------
        ValueError
            If ``select``, ``ignore`` or ``severity`` names no kind or family.
        """
        words = (*self.kinds, *self.families)
        problems = []
        for label, names_ in (
            ("select", options.select),
            ("ignore", options.ignore),
            ("severity", tuple(options.severity)),
        ):
            for name in names_:
                allowed = self.kinds if label == "severity" else words
                if name not in allowed:
                    problems.append(
                        f"{label}: no check {name!r}{did_you_mean(name, allowed)}; "
                        "csmo checks lists them"
                    )
        if problems:
            raise ValueError("; ".join(problems))

        return tuple(c for c in self.checks if is_selected(c, options))


def is_selected(check: Check, options: AuditOptions) -> bool:
    """Whether *options* run *check*: ``select`` (all when empty) names it, ``ignore`` does not.

    An entry names a check by its kind or its family.
    """

    def named(entries: tuple[str, ...]) -> bool:
        return check.kind in entries or check.family in entries

    return (not options.select or named(options.select)) and not named(options.ignore)


def load_plugins(group: str = ENTRY_POINT_GROUP) -> tuple[Check, ...]:
    """Load the checks that installed distributions register under *group*.

    An entry point resolves to a :class:`Check` or an iterable of them. Each
    check's ``origin`` is set to the name of its distribution.

    Raises
    ------
    CheckError
        If an entry point fails to load or gives something else than checks;
        the message names the entry point and its distribution.

    Examples
    --------
    >>> load_plugins("csmo_model.no-such-group")
    ()
    """
    found: list[Check] = []
    for ep in importlib.metadata.entry_points(group=group):
        dist = ep.dist.name if ep.dist is not None else "an unknown distribution"
        where = f"plugin {ep.name!r} ({ep.value}) from {dist}"
        try:
            loaded = ep.load()
        except Exception as exc:  # noqa: BLE001 - any failure of third-party code is named
            raise CheckError(f"{where} failed to load: {type(exc).__name__}: {exc}") from None
        items = [loaded] if isinstance(loaded, Check) else loaded
        try:
            checks = list(items)
        except TypeError:
            raise CheckError(
                f"{where} gave {loaded!r}; an entry point must name a Check or a list of them"
            ) from None
        for check in checks:
            if not isinstance(check, Check):
                raise CheckError(f"{where} gave {check!r}, which is not a csmo_model.Check")
            found.append(attrs.evolve(check, origin=dist))
    return tuple(found)


class Names:
    """Display names by id, for messages, read from the organization on demand.

    A name or title that two entities of the same type share is followed by
    the id, so that a message never leaves a reader guessing which one.
    """

    def __init__(self, org: Organization) -> None:
        self._org = org
        self._ambiguous: dict[str, set[str]] = {}

    def _twice(self, kind: str, texts: Iterable[str]) -> set[str]:
        found = self._ambiguous.get(kind)
        if found is None:
            found = {t for t, n in Counter(texts).items() if n > 1}
            self._ambiguous[kind] = found
        return found

    def _show(self, kind: str, key: str, text: str, entities: Mapping[str, Any]) -> str:
        twice = self._twice(kind, (_label(e) for e in entities.values()))
        return f"{text} ({key})" if text in twice else text

    def role(self, key: str) -> str:
        """The title of role *key* (with its id when another role has the same title)."""
        role = self._org.roles.get(key)
        return key if role is None else self._show("role", key, role.title, self._org.roles)

    def person(self, key: str) -> str:
        """The name of person *key* (with its id when ambiguous)."""
        p = self._org.people.get(key)
        return key if p is None else self._show("person", key, p.name, self._org.people)

    def department(self, key: str) -> str:
        """The name of department *key* (with its id when ambiguous)."""
        d = self._org.departments.get(key)
        return key if d is None else self._show("department", key, d.name, self._org.departments)

    def responsibility(self, key: str) -> str:
        """The name of responsibility *key* (with its id when ambiguous)."""
        r = self._org.responsibilities.get(key)
        if r is None:
            return key
        return self._show("responsibility", key, r.name, self._org.responsibilities)

    def unit(self, key: str) -> str:
        """A role's title or a department's name."""
        return self.role(key) if key in self._org.roles else self.department(key)

    def join(self, ids: Iterable[str], name: Callable[[str], str], sep: str = ", ") -> str:
        """The names of *ids*, joined."""
        return sep.join(map(name, ids))


def _label(entity: Any) -> str:
    return str(getattr(entity, "title", None) or getattr(entity, "name", ""))


@per_organization
def names(org: Organization) -> Names:
    """The :class:`Names` of *org*, shared by the checks of one audit."""
    return Names(org)
