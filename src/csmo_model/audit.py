"""The audit: run the selected checks, then give each finding its identity and status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from csmo_model import _gc, catalog
from csmo_model.analysis import chief_executive, lead_placement, reporting_chain, truck_factor
from csmo_model.analysis.organizing import structure
from csmo_model.checks import Check, CheckError, Registry, default_registry
from csmo_model.checks.acceptance import today
from csmo_model.errors import did_you_mean
from csmo_model.model import Organization
from csmo_model.options import AuditOptions
from csmo_model.report import Finding, Report

__all__ = ["audit", "resolve_options"]


def __dir__() -> list[str]:
    return __all__


def resolve_options(options: AuditOptions | None = None, **changes: Any) -> AuditOptions:
    """Return *options* (default: :class:`AuditOptions`) with *changes* applied.

    Raises
    ------
    TypeError
        If a change names no option (with a did-you-mean hint) or has the wrong type.
    ValueError
        If a value is out of range.

    Examples
    --------
    >>> resolve_options(max_span=8).max_span
    8
    >>> resolve_options(max_spam=8)
    Traceback (most recent call last):
    ...
    TypeError: audit() got an unknown option 'max_spam' (did you mean 'max_span'?)
    """
    base = AuditOptions() if options is None else options
    if not isinstance(base, AuditOptions):
        raise TypeError(f"options must be an AuditOptions, got {type(base).__name__}")
    known = [f.name for f in attrs.fields(AuditOptions)]
    for name in changes:
        if name not in known:
            raise TypeError(f"audit() got an unknown option {name!r}{did_you_mean(name, known)}")
    return attrs.evolve(base, **changes) if changes else base


def audit(
    org: Organization,
    options: AuditOptions | None = None,
    *,
    checks: Iterable[Check] = (),
    registry: Registry | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    **changes: Any,
) -> Report:
    """Run the selected checks on *org* and return the findings as a report.

    Parameters
    ----------
    org : Organization
    options : AuditOptions, optional
        Thresholds and switches; by default :class:`~csmo_model.AuditOptions()`.
    checks : iterable of Check
        Checks to run besides the registry's (their kinds must be new).
    registry : Registry, optional
        The checks to start from; by default the built-in checks and those of
        installed plugins (:func:`csmo_model.checks.default_registry`).
    progress : callable, optional
        Called as ``progress("audit", done, total)`` as each check finishes.
    **changes
        Fields of :class:`~csmo_model.AuditOptions` to change, e.g.
        ``max_span=8`` or ``backend="nx-loopback"``.

    Returns
    -------
    Report
        Findings sorted by severity, then kind (in registry order), then
        discovery order; each with its fingerprint, and marked accepted when
        the organization accepts it (until its ``until`` date).

    Raises
    ------
    TypeError, ValueError
        If an option is unknown or out of range, or ``select``/``ignore``/
        ``severity`` name no check.
    csmo_model.checks.CheckError
        If a plugin check fails or breaks the rules (its kind, unique
        fingerprints); the message names it and its distribution.

    Examples
    --------
    >>> import csmo_model as cm
    >>> report = cm.audit(cm.examples.load("acme"))
    >>> report
    <Report 'Acme Outdoor': 3 warning, 2 info>
    >>> [(f.kind, f.ids) for f in report][:2]
    [('no-responsible', ('strategy', 'ana')), ('no-accountable', ('community',))]
    >>> cm.audit(cm.examples.load("acme"), ignore=["coverage", "vacancy"]).counts
    {'single-point-of-failure': 1, 'missing-function': 1}
    """
    options = resolve_options(options, **changes)
    if options.blueprints:
        org = catalog.apply(org, *options.blueprints)
    base = default_registry() if registry is None else registry
    selected = base.with_checks(checks).selected(options)
    first = [c for c in selected if not c.reviews_findings]
    later = [c for c in selected if c.reviews_findings]
    total = len(selected)
    with _gc.paused():
        found: list[Finding] = []
        for step, check in enumerate(first):
            found.extend(_run(check, org, options))
            if progress is not None:
                progress("audit", step + 1, total)
        reviewed = tuple(found)
        for step, check in enumerate(later, len(first)):
            found.extend(_run(check, org, options, reviewed))
            if progress is not None:
                progress("audit", step + 1, total)
        _refuse_twins(found, {c.kind: c for c in selected})
        found = _accept(org, options, found)
        rank = {check.kind: i for i, check in enumerate(selected)}
        found.sort(key=lambda f: (-f.severity.rank, rank[f.kind]))
        return Report(
            organization=org.name,
            findings=found,
            checks=[c.kind for c in selected],
            summary=_summary(org, options),
        )


def _run(
    check: Check, org: Organization, options: AuditOptions, *reviewed: Sequence[Finding]
) -> list[Finding]:
    """Run one check; its findings get their fingerprint and any severity override."""
    try:
        produced = list(check.run(org, options, *reviewed))
    except Exception as exc:
        if check.builtin:
            raise
        raise CheckError(
            f"check {check.kind!r} from {check.origin} failed: {type(exc).__name__}: {exc}"
        ) from exc
    override = options.severity.get(check.kind)
    out = []
    for finding in produced:
        if not isinstance(finding, Finding) or finding.kind != check.kind:
            raise CheckError(
                f"check {check.kind!r} from {check.origin} gave {finding!r}; a check yields "
                f"Finding records of its own kind"
            )
        changes: dict[str, Any] = {"fingerprint": check.fingerprint_of(finding)}
        if override is not None:
            changes["severity"] = override
        out.append(attrs.evolve(finding, **changes))
    return out


def _refuse_twins(found: Sequence[Finding], checks: dict[str, Check]) -> None:
    seen: dict[str, Finding] = {}
    for finding in found:
        twin = seen.setdefault(finding.fingerprint, finding)
        if twin is not finding:
            check = checks[finding.kind]
            raise CheckError(
                f"check {check.kind!r} from {check.origin} gave two findings with the same "
                f"identity ({finding.fingerprint}: {twin.message!r} and {finding.message!r}); "
                "its identity keys must tell its findings apart"
            )


def _accept(org: Organization, options: AuditOptions, found: list[Finding]) -> list[Finding]:
    """Mark the findings the organization accepts, unless the acceptance has expired."""
    if not org.accepted:
        return found
    day = today(options)
    live = {a.fingerprint: a for a in org.accepted if a.until is None or a.until >= day}
    return [
        attrs.evolve(f, accepted=live[f.fingerprint]) if f.fingerprint in live else f for f in found
    ]


def _summary(org: Organization, options: AuditOptions) -> dict[str, Any]:
    """Facts for the report's headline that are not problems."""
    lead = org.social_lead
    chain = reporting_chain(org, lead) if lead is not None else None
    chief = chief_executive(org)
    return {
        "social_lead": lead,
        "chief_executive": chief,
        "lead_chain": chain,
        # Reports to the chief executive (or is it); null when that cannot be told.
        "lead_reports_to_top": None
        if lead is None or chief is None
        else lead_placement(org) is None,
        "truck_factor": truck_factor(org, threshold=options.truck_factor_threshold),
        "truck_factor_threshold": options.truck_factor_threshold,
        "structure": structure(org).brief(),  # since csmo-audit/3
    }
