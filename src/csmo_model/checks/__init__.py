"""The check registry: every kind of finding as one :class:`Check` record.

The built-in checks live one family per module (coverage, resilience, links,
channels, structure, workload, blueprints, metrics, acceptance), in report order. Third-party
checks arrive through the entry-point group ``csmo_model.checks`` or the
``checks=`` argument of :func:`csmo_model.audit`.

Examples
--------
>>> import csmo_model as cm
>>> cm.checks.KINDS[:3]
('coverage-gap', 'no-responsible', 'no-accountable')
>>> cm.checks.BUILTIN["silo"].severity
<Severity.INFO: 'info'>
"""

from __future__ import annotations

import functools

from csmo_model.checks import (
    acceptance,
    blueprints,
    channels,
    coverage,
    links,
    metrics,
    resilience,
    structure,
)
from csmo_model.checks import workload as _workload
from csmo_model.checks._base import (
    DOCS_URL,
    ENTRY_POINT_GROUP,
    Check,
    CheckError,
    Registry,
    load_plugins,
)

__all__ = [
    "BUILTIN",
    "DOCS_URL",
    "ENTRY_POINT_GROUP",
    "KINDS",
    "Check",
    "CheckError",
    "Registry",
    "default_registry",
    "load_plugins",
]


def __dir__() -> list[str]:
    return __all__


BUILTIN = Registry(
    (
        *coverage.CHECKS,
        *resilience.CHECKS,
        *links.CHECKS,
        *channels.CHECKS,
        *structure.CHECKS,
        *_workload.CHECKS,
        *blueprints.CHECKS,
        *metrics.CHECKS,
        *acceptance.CHECKS,
    )
)
"""The built-in checks, in report order."""

KINDS: tuple[str, ...] = BUILTIN.kinds
"""Every built-in finding kind, in report order. Kind ids are stable: tools rely on them."""


@functools.cache
def default_registry() -> Registry:
    """The built-in checks and those of installed plugins (loaded once per process).

    Raises
    ------
    CheckError
        If a plugin fails to load, or its kinds collide.

    Examples
    --------
    >>> default_registry().kinds[: len(KINDS)] == KINDS
    True
    """
    return BUILTIN.with_checks(load_plugins())
