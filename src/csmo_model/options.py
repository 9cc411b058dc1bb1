"""The audit's options: every threshold and switch in one frozen record.

Defaults live here (or in the analysis that owns the threshold) and nowhere
else: the command line and configuration files only *change* an
:class:`AuditOptions`, they never default a value again.
"""

from __future__ import annotations

import datetime
import enum
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from csmo_model.analysis.blueprints import DEFAULT_PROGRAM_SHARE
from csmo_model.analysis.links import CSMO_FUNCTIONS
from csmo_model.analysis.resilience import DEFAULT_TRUCK_FACTOR_THRESHOLD
from csmo_model.analysis.structure import DEFAULT_MAX_SPAN
from csmo_model.analysis.workload import DEFAULT_MAX_ROLES
from csmo_model.errors import did_you_mean, refuse_bare_string
from csmo_model.model import Function
from csmo_model.report import Severity

__all__ = ["AuditOptions", "FailOn"]


def __dir__() -> list[str]:
    return __all__


class FailOn(enum.StrEnum):
    """The lowest severity that makes ``csmo audit`` exit 1, or ``never``."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"
    NEVER = "never"

    @property
    def threshold(self) -> Severity | None:
        """The severity at and above which findings fail, ``None`` for ``never``."""
        return None if self is FailOn.NEVER else Severity(self.value)


def _whole(name: str) -> Any:
    def check(_: object, __: Any, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number, 0 or more; got {value!r}")

    return check


def _share(_: object, __: attrs.Attribute[float], value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value < 1
    ):
        raise ValueError(
            f"truck_factor_threshold must be a number from 0 up to (not including) 1; got {value!r}"
        )


def _program_share(_: object, __: attrs.Attribute[float], value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= 1
    ):
        raise ValueError(
            f"program_share must be a number above 0 and up to 1 (1: all); got {value!r}"
        )


def _names(field: str, value: Iterable[str]) -> tuple[str, ...]:
    refuse_bare_string(value, field)
    out = tuple(value)
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"{field} lists text, got {item!r}")
    return tuple(dict.fromkeys(out))


def _blueprints(value: Iterable[str]) -> tuple[str, ...]:
    return _names("blueprints", value)


def _select(value: Iterable[str]) -> tuple[str, ...]:
    return _names("select", value)


def _ignore(value: Iterable[str]) -> tuple[str, ...]:
    return _names("ignore", value)


def _kwargs(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"backend_kwargs is a mapping, got {value!r}")
    return MappingProxyType(dict(value))


def _functions(value: Iterable[Function | str]) -> tuple[Function, ...]:
    refuse_bare_string(value, "required_functions")
    out = []
    for item in value:
        try:
            out.append(Function(item))
        except ValueError:
            known = [f.value for f in Function]
            raise ValueError(
                f"unknown function {item!r}{did_you_mean(str(item), known)}; "
                f"use one of {', '.join(known)}"
            ) from None
    return tuple(dict.fromkeys(out))


def _severities(value: Mapping[str, Severity | str]) -> Mapping[str, Severity]:
    if not isinstance(value, Mapping):
        raise TypeError(f"severity maps finding kinds to severities, got {value!r}")
    out = {}
    for kind, level in value.items():
        try:
            out[kind] = Severity(level)
        except ValueError:
            known = [s.value for s in Severity]
            raise ValueError(
                f"severity of {kind!r}: unknown severity {level!r}"
                f"{did_you_mean(str(level), known)}; use one of {', '.join(known)}"
            ) from None
    return MappingProxyType(out)


def _fail_on(value: FailOn | str) -> FailOn:
    try:
        return FailOn(value)
    except ValueError:
        known = [f.value for f in FailOn]
        raise ValueError(
            f"unknown fail_on {value!r}{did_you_mean(str(value), known)}; "
            f"use one of {', '.join(known)}"
        ) from None


def _today(value: datetime.date | str | None) -> datetime.date | None:
    if value is None or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    ):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"today must be a date written YYYY-MM-DD, got {value!r}")


@attrs.frozen(kw_only=True)
class AuditOptions:
    """Every threshold and switch of an audit, validated once.

    Build one with keywords (the rest keep their defaults), change one with
    :func:`attrs.evolve`, or read one from a configuration file with
    :func:`csmo_model.config.discover`.

    Attributes:
        max_span: A role with more direct solid reports gets ``span-of-control``.
        max_roles: A person holding more roles gets ``overload``.
        truck_factor_threshold: The share of jobs left undone that the truck
            factor in the report's summary counts departures to.
        program_share: The share of the social program's R and A letters that,
            held by one function a ``lead-not-owned-by`` blueprint rule names
            (marketing, public relations, an agency), breaks that rule; 1.0
            means all of them (see :func:`csmo_model.analysis.ownership`).
        required_functions: Functions the social lead needs ties into (the
            tie functions of the organization's blueprints are added).
        blueprints: Catalog blueprints to apply on top of those the
            organization lists.
        select: Finding kinds or families to run; empty means all.
        ignore: Finding kinds or families not to run (wins over *select*).
        severity: Per-kind severity overrides, e.g. ``{"silo": "warning"}``.
        fail_on: The lowest severity that fails ``csmo audit`` (exit 1).
        today: The date acceptances expire against; ``None`` means the day
            the audit runs (set it for reproducible results).
        backend: A networkx backend for the one heavy graph algorithm (see
            :func:`csmo_model.analysis.tie_cuts`); the findings are the same.
        backend_kwargs: Passed on to the backend.

    Examples
    --------
    >>> options = AuditOptions(max_span=8, ignore=["silo"])
    >>> options.max_span, options.max_roles, options.ignore
    (8, 3, ('silo',))
    >>> AuditOptions(required_functions="marketing")
    Traceback (most recent call last):
    ...
    TypeError: required_functions takes a collection, not the string 'marketing'; ...
    """

    max_span: int = attrs.field(default=DEFAULT_MAX_SPAN, validator=_whole("max_span"))
    max_roles: int = attrs.field(default=DEFAULT_MAX_ROLES, validator=_whole("max_roles"))
    truck_factor_threshold: float = attrs.field(
        default=DEFAULT_TRUCK_FACTOR_THRESHOLD, validator=_share
    )
    program_share: float = attrs.field(default=DEFAULT_PROGRAM_SHARE, validator=_program_share)
    required_functions: tuple[Function, ...] = attrs.field(
        default=CSMO_FUNCTIONS, converter=_functions
    )
    blueprints: tuple[str, ...] = attrs.field(default=(), converter=_blueprints)
    select: tuple[str, ...] = attrs.field(default=(), converter=_select)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ignore)
    severity: Mapping[str, Severity] = attrs.field(factory=dict, converter=_severities, hash=False)
    fail_on: FailOn = attrs.field(default=FailOn.WARNING, converter=_fail_on)
    today: datetime.date | None = attrs.field(default=None, converter=_today)
    backend: str | None = None
    backend_kwargs: Mapping[str, Any] = attrs.field(factory=dict, converter=_kwargs, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the options as plain JSON-able data (field name -> value).

        Examples
        --------
        >>> AuditOptions().to_dict()["required_functions"][:2]
        ['marketing', 'customer-support']
        """
        out: dict[str, Any] = {}
        for field in attrs.fields(AuditOptions):
            value = getattr(self, field.name)
            if isinstance(value, tuple):
                value = [str(v) for v in value]
            elif isinstance(value, Mapping):
                value = {k: str(v) for k, v in value.items()}
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, enum.Enum):
                value = value.value
            out[field.name] = value
        return out
