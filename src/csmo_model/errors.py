"""Errors raised for invalid organizations and unreadable files."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs

__all__ = ["LoadError", "ModelError", "Problem"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class Problem:
    """One thing wrong with an organization, located by a path.

    Attributes:
        path: Where the problem is, as a path into the document, such as
            ``roles[3].reports_to``. Empty when the problem concerns the whole file.
        message: A plain sentence saying what is wrong and what to do.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def did_you_mean(word: object, known: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest of *known* to *word*, or ``""``.

    Examples
    --------
    >>> did_you_mean("reprots_to", ["reports_to", "department"])
    " (did you mean 'reports_to'?)"
    >>> did_you_mean("zzz", ["reports_to"])
    ''
    """
    close = difflib.get_close_matches(str(word), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class ModelError(ValueError):
    """An organization is invalid; :attr:`problems` lists every problem found.

    All problems are collected before raising, so one round of fixes is enough.

    Attributes:
        problems: The problems, in document order.
        source: The file the organization came from, if any.
    """

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        where = f"{self.source}: " if self.source else ""
        head = f"{where}{n} problem{'s' if n != 1 else ''} found"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def __reduce__(self) -> tuple[type[ModelError], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.source))


class LoadError(ModelError):
    """A file could not be read as an organization at all.

    Raised for files that are too large, undecodable, empty, not well-formed
    YAML/JSON/TOML, or of an unknown kind. Like :class:`ModelError` it carries
    located problems (the path is then a line and column when known).
    """
