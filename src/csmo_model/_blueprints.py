"""The shipped blueprints as plain data: which exist, and the ids of their jobs.

The blueprints are YAML files in ``csmo_model/catalog/data``. This module reads
them for the layers below the catalog: validation checks an organization's
``blueprints`` and the catalog ids it names against them, and the model builds
their responsibilities (:func:`csmo_model.model.blueprint_responsibilities`).
:mod:`csmo_model.catalog` structures the same documents into its records.

It imports nothing of the model, and nothing is registered at import: what
validation knows of the catalog is read here, from the package's own files.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from csmo_model._parse import parse_text
from csmo_model.errors import did_you_mean

__all__ = [
    "JOB_KEYS",
    "document",
    "is_blueprint",
    "job_ids",
    "names",
    "responsibility_fields",
    "unknown",
]


def __dir__() -> list[str]:
    return __all__


JOB_KEYS = frozenset({"usual", "state", "results", "policy"})
"""Keys of a blueprint's responsibility that say how the job usually stands, not what it is
(the catalog's :class:`~csmo_model.catalog.Job` reads them; a responsibility has none)."""

_SUFFIX = ".yaml"


def _data() -> Any:
    # Not resources.files("csmo_model.catalog.data"): that would import the catalog,
    # which sits above the model this module serves.
    return resources.files("csmo_model") / "catalog" / "data"


@functools.cache
def _names() -> tuple[str, ...]:
    return tuple(
        sorted(f.name.removesuffix(_SUFFIX) for f in _data().iterdir() if f.name.endswith(_SUFFIX))
    )


def names() -> list[str]:
    """Return the ids of the shipped blueprints, sorted.

    Examples
    --------
    >>> names()
    ['communications-officer', 'csmo-ties', 'nine-lives', 'officer-duties', 'program-blocks']
    """
    return list(_names())


def is_blueprint(blueprint_id: object) -> bool:
    """Tell whether *blueprint_id* names a shipped blueprint.

    Examples
    --------
    >>> is_blueprint("nine-lives"), is_blueprint("nine"), is_blueprint(None)
    (True, False, False)
    """
    return blueprint_id in _names()


def unknown(blueprint_id: object) -> str:
    """Say that *blueprint_id* names no blueprint, with a close spelling and the choices.

    Examples
    --------
    >>> unknown("nine")
    "no blueprint 'nine' (did you mean 'nine-lives'?); choose one of communications-officer, ..."
    """
    known = _names()
    hint = did_you_mean(blueprint_id, known)
    starting = [
        k
        for k in known
        if isinstance(blueprint_id, str) and blueprint_id and k.startswith(blueprint_id)
    ]
    if not hint and len(starting) == 1:  # "nine" for "nine-lives"
        hint = f" (did you mean {starting[0]!r}?)"
    return f"no blueprint {blueprint_id!r}{hint}; choose one of {', '.join(known)}"


@functools.cache
def document(blueprint_id: str) -> Mapping[str, Any]:
    """Return the parsed file of blueprint *blueprint_id* (shared: read it, never change it).

    Raises
    ------
    KeyError
        No such blueprint; the message is :func:`unknown`'s.

    Examples
    --------
    >>> document("csmo-ties")["title"]
    'The ties a chief social media officer needs'
    """
    if not is_blueprint(blueprint_id):
        raise KeyError(unknown(blueprint_id))
    text = (_data() / f"{blueprint_id}{_SUFFIX}").read_text("utf-8")
    parsed: Mapping[str, Any] = parse_text(text, "yaml")
    return parsed


def responsibility_fields(blueprint_id: str) -> list[dict[str, Any]]:
    """Return the fields of each responsibility of blueprint *blueprint_id*.

    Each is a new dict without :data:`JOB_KEYS`, for a
    :class:`~csmo_model.Responsibility` to be built from.

    Examples
    --------
    >>> responsibility_fields("csmo-ties")[0]["id"]
    'csmo-ties/social-program'
    """
    return [
        {key: value for key, value in raw.items() if key not in JOB_KEYS}
        for raw in document(blueprint_id).get("responsibilities", ())
    ]


@functools.cache
def job_ids(blueprint_id: str) -> Mapping[str, tuple[str, ...]]:
    """Return the ids of blueprint *blueprint_id*'s jobs, each with the ids it is the same as.

    Raises
    ------
    KeyError
        No such blueprint; the message is :func:`unknown`'s.

    Examples
    --------
    >>> job_ids("officer-duties")["officer-duties/strategy"]
    ('nine-lives/strategy',)
    """
    return MappingProxyType(
        {
            raw["id"]: tuple(raw.get("same_as", ()))
            for raw in document(blueprint_id).get("responsibilities", ())
        }
    )
