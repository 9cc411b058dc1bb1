"""What the importers share: reporting what was not imported, and making ids.

Private: :data:`OnProblem` and :class:`NotImportedWarning` are public from
:mod:`csmo_model.interop`; the rest is for the readers in this package.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeAlias

import attrs

from csmo_model._validation import is_valid_id
from csmo_model.errors import ModelError, Problem

__all__ = ["NotImportedWarning", "OnProblem"]


def __dir__() -> list[str]:
    return __all__


OnProblem: TypeAlias = Literal["warn", "raise"] | Callable[[Problem], object]
"""What an importer does with what it could not understand.

``"warn"`` (the default) issues one :class:`NotImportedWarning` listing every
problem; ``"raise"`` raises :class:`~csmo_model.ModelError` with all of them
instead of returning; a callable is called with each
:class:`~csmo_model.Problem` (``problems.append`` collects them).
"""


class NotImportedWarning(UserWarning):
    """Part of a foreign file was not understood and is not in the organization.

    Attributes:
        problems: What was left out, each located by a path.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        n = len(self.problems)
        where = f"{source}: " if source else ""
        head = f"{where}{n} thing{'s' if n != 1 else ''} not imported"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


NotImportedWarning.__module__ = "csmo_model.interop"


def _deliver(problems: list[Problem], on_problem: OnProblem, source: str | None) -> None:
    """Hand the import *problems* over as *on_problem* asks (see :data:`OnProblem`).

    Called by the public reader itself, so that a warning points at its caller.
    """
    if not problems:
        return
    if on_problem == "raise":
        raise ModelError(problems, source)
    if on_problem == "warn":
        warnings.warn(NotImportedWarning(problems, source), stacklevel=3)
    elif callable(on_problem):
        for problem in problems:
            on_problem(problem)
    else:
        raise ValueError(f"on_problem must be 'warn', 'raise' or a callable, got {on_problem!r}")


def _as_id(text: str) -> str:
    """Make *text* a valid id, or return ``""`` if nothing of it is usable.

    Text that is already a valid id (after NFC normalization) is kept as it
    is. Otherwise each run of characters an id cannot hold becomes ``-``, and
    leading characters that cannot start an id, and ``-`` at the ends, are
    dropped.

    Examples
    --------
    >>> _as_id("social-lead"), _as_id("Ana Ruiz"), _as_id("ana@acme.com"), _as_id("¿?")
    ('social-lead', 'Ana-Ruiz', 'ana-acme.com', '')
    """
    text = unicodedata.normalize("NFC", text)
    if is_valid_id(text):
        return text
    chars = [
        c if c.isalnum() or c in "._/-" or unicodedata.category(c)[0] == "M" else " " for c in text
    ]
    cleaned = re.sub(r" +", "-", "".join(chars)).strip("-")
    while cleaned and not cleaned[0].isalnum():
        cleaned = cleaned[1:]
    return cleaned if is_valid_id(cleaned) else ""


@attrs.define
class _IdAllocator:
    """Hand out unique ids in one namespace, deterministically.

    :meth:`allocate` takes candidates (``key, wanted id``) in a fixed order.
    The first candidate that wants an id gets it; the others get ``id-2``,
    ``id-3``... skipping ids taken by anyone, so an id that is wanted as it is
    never goes to a disambiguated candidate.

    Each wanted id remembers the suffix it got to, so that *n* candidates
    wanting one id cost O(n) in all rather than O(n * n): ids are only ever
    added to :attr:`taken`, so every suffix below that one is still taken.

    Examples
    --------
    >>> _IdAllocator().allocate([("a", "x"), ("b", "x"), ("c", "x-2"), ("d", "")], "item")
    {'a': 'x', 'c': 'x-2', 'd': 'item', 'b': 'x-3'}
    """

    taken: set[str] = attrs.Factory(set)
    _next: dict[str, int] = attrs.field(factory=dict, init=False, repr=False)

    def allocate(self, wanted: Iterable[tuple[Any, str]], fallback: str) -> dict[Any, str]:
        out: dict[Any, str] = {}
        rest = []
        for key, want in wanted:
            want = want or fallback
            if want in self.taken:
                rest.append((key, want))
            else:
                self.taken.add(want)
                out[key] = want
        for key, want in rest:
            n = self._next.get(want, 2)
            while f"{want}-{n}" in self.taken:
                n += 1
            self.taken.add(f"{want}-{n}")
            self._next[want] = n + 1
            out[key] = f"{want}-{n}"
        return out
