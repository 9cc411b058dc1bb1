"""Acceptance checks: accepted findings that no longer match or have expired."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from csmo_model.checks._base import builtin
from csmo_model.model import Organization
from csmo_model.options import AuditOptions
from csmo_model.report import (
    ExpiredAcceptanceData,
    Finding,
    Fix,
    Severity,
    StaleAcceptanceData,
    Subject,
)

__all__ = ["CHECKS", "today"]

_FAMILY = "acceptance"


def today(options: AuditOptions) -> datetime.date:
    """The day acceptances are judged against: ``options.today``, or the real date."""
    return options.today if options.today is not None else datetime.date.today()


@builtin(
    "stale-acceptance",
    _FAMILY,
    Severity.INFO,
    "An accepted fingerprint matches no finding any more: remove the entry",
    identity=("fingerprint",),
    reviews_findings=True,
    data_type=StaleAcceptanceData,
)
def stale_acceptance(
    org: Organization, options: AuditOptions, findings: Sequence[Finding]
) -> Iterator[Finding]:
    found = {f.fingerprint for f in findings}
    for i, entry in enumerate(org.accepted):
        if entry.fingerprint not in found:
            yield Finding(
                kind="stale-acceptance",
                severity=Severity.INFO,
                subjects=[Subject("finding", entry.fingerprint)],
                message=(
                    f"accepted[{i}] ({entry.fingerprint}, {_quote(entry.reason)}) matches no "
                    "finding: the problem is gone or its check did not run; remove the entry "
                    "if it is gone."
                ),
                data=StaleAcceptanceData(
                    fingerprint=entry.fingerprint, index=i, reason=entry.reason
                ),
                fix=Fix(summary=f"Remove accepted[{i}] from the organization file."),
            )


@builtin(
    "expired-acceptance",
    _FAMILY,
    Severity.WARNING,
    "An acceptance is past its until date, so its finding counts again",
    identity=("fingerprint",),
    options=("today",),
    reviews_findings=True,
    data_type=ExpiredAcceptanceData,
)
def expired_acceptance(
    org: Organization, options: AuditOptions, findings: Sequence[Finding]
) -> Iterator[Finding]:
    day = today(options)
    found = {f.fingerprint for f in findings}
    for i, entry in enumerate(org.accepted):
        if entry.until is not None and entry.until < day and entry.fingerprint in found:
            yield Finding(
                kind="expired-acceptance",
                severity=Severity.WARNING,
                subjects=[Subject("finding", entry.fingerprint)],
                message=(
                    f"accepted[{i}] ({entry.fingerprint}, {_quote(entry.reason)}) expired on "
                    f"{entry.until.isoformat()}: its finding counts again; fix it, or renew "
                    "the acceptance with a new date."
                ),
                data=ExpiredAcceptanceData(
                    fingerprint=entry.fingerprint, index=i, until=entry.until.isoformat()
                ),
                fix=Fix(
                    summary=f"Fix the finding, or renew accepted[{i}] with a later until date."
                ),
            )


def _quote(reason: str) -> str:
    """The reason on one line, shortened: enough to recognise the entry."""
    text = " ".join(reason.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


CHECKS = (stale_acceptance, expired_acceptance)
