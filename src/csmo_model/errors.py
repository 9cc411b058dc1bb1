"""Errors raised for invalid organizations and unreadable files."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

__all__ = ["PROBLEM_CODES", "LoadError", "ModelError", "Problem"]


def __dir__() -> list[str]:
    return __all__


PROBLEM_CODES: Mapping[str, str] = MappingProxyType(
    {
        # Reading the file
        "unreadable-file": "the file cannot be read (missing, a folder, no permission)",
        "too-large": "the file is over the size limit",
        "empty": "the file or text is empty",
        "bad-encoding": "not UTF-8, or a byte-order mark",
        "unknown-suffix": "the file's suffix names no format",
        "parse-error": "not well-formed YAML, JSON or TOML",
        "too-deep": "nested too deeply to be an organization file",
        "not-a-mapping": "the document is not a mapping of keys",
        "unknown-format": "the format header names another format",
        # Keys and values
        "unknown-key": "a key the format does not have",
        "missing-field": "a required key is missing",
        "duplicate-key": "a key given twice (after Unicode normalization)",
        "wrong-type": "a value of the wrong type (text, number, flag, list, mapping)",
        "bad-number": "not a plain decimal number, or out of range",
        "bad-date": "not a date written YYYY-MM-DD",
        "bad-raci-letter": "not R, A, C, I or RA",
        "unknown-function": "not one of the functions",
        "unknown-link-kind": "not one of the link kinds",
        "unknown-platform": "not one of the channel platforms",
        "unknown-topic": "not one of the route topics",
        "unknown-policy-kind": "not one of the policy kinds",
        "unknown-level": "not one of the levels (board, c-suite, vp, director, manager, staff)",
        "empty-or-not-text": "a name or title that is empty or not text",
        "bad-character": "a control character or a noncharacter in text",
        "line-break": "a line break in a one-line field (names, titles)",
        "unreadable": "an entity that cannot be read at all",
        # Ids and references
        "bad-id": "an id that is not well formed",
        "duplicate-id": "an id used twice",
        "key-not-id": "an entity stored under another key than its id",
        "dangling-reference": "a reference to an id that does not exist",
        "wrong-kind-reference": "a reference to an id of the wrong kind (a department for a role)",
        "self-reference": "an entity that refers to itself",
        "repeated-reference": "the same id listed twice",
        "duplicate-route": "two routes with the same topic and target",
        "reporting-cycle": "reporting lines that form a cycle",
        "department-cycle": "department parents that form a cycle",
        # Blueprints
        "unknown-blueprint": "no such catalog blueprint",
        "repeated-blueprint": "a blueprint listed twice",
        "missing-blueprint-jobs": "a blueprint's jobs missing from the responsibilities",
        "unfollowed-blueprint": "a job of a blueprint the organization does not follow",
        "unknown-catalog-job": "same_as names no catalog job",
        "same-as-conflict": "same_as conflicts with the organization's own jobs",
        # Accepted findings
        "bad-fingerprint": "not a finding fingerprint",
        "bad-reason": "an acceptance without a reason",
        "duplicate-acceptance": "a fingerprint accepted twice",
        # Anything else (edits, foreign formats, the catalog's own data)
        "invalid": "any other problem",
    }
)
"""Every problem code, with what it means. Codes are stable: tools filter on them."""


def _known_code(_: object, __: object, value: str) -> None:
    if value not in PROBLEM_CODES:
        raise ValueError(f"unknown problem code {value!r}; add it to PROBLEM_CODES")


@attrs.frozen
class Problem:
    """One thing wrong with an organization, located by a path.

    Attributes:
        path: Where the problem is, as a path into the document, such as
            ``roles[3].reports_to``. Empty when the problem concerns the whole file.
        message: A plain sentence saying what is wrong and what to do.
        line: The 1-based line in the file, when located (see
            :func:`csmo_model.positions.locate`).
        column: The 1-based column in the file, when located.
        id: The id of the entity the path lies in, when it has one.
        code: What kind of problem it is, a stable id tools filter on (never
            on the message): ``dangling-reference``, ``duplicate-id``,
            ``unknown-key``, ``reporting-cycle``, ``bad-raci-letter``... Every
            code is listed in the file format reference.

    Examples
    --------
    >>> print(Problem("roles[3].reports_to", "no role 'cmo'"))
    roles[3].reports_to: no role 'cmo'
    >>> print(Problem("roles[3].reports_to", "no role 'cmo'", line=12, column=7, id="social-lead"))
    12:7: roles[3] (social-lead).reports_to: no role 'cmo'
    """

    path: str
    message: str
    line: int | None = attrs.field(default=None, kw_only=True)
    column: int | None = attrs.field(default=None, kw_only=True)
    id: str | None = attrs.field(default=None, kw_only=True)
    code: str = attrs.field(default="invalid", kw_only=True, eq=False, validator=_known_code)

    @property
    def label(self) -> str:
        """The path, with the entity id after its list entry: ``roles[3] (social-lead).title``."""
        if self.id is None or f"[{self.id!r}]" in self.path:  # keyed by id already
            return self.path
        end = self.path.find("]") + 1
        if end == 0:
            return self.path
        return f"{self.path[:end]} ({self.id}){self.path[end:]}"

    def to_dict(self) -> dict[str, str | int | None]:
        """Return the problem as a ``csmo-problems/1`` entry."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "id": self.id,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        text = f"{self.label}: {self.message}" if self.path else self.message
        if self.line is None:
            return text
        if self.column is None:
            return f"{self.line}: {text}"
        return f"{self.line}:{self.column}: {text}"


SUGGEST_MAX_LENGTH = 64
"""Words and ids longer than this get no close-spelling suggestion.

Comparing two strings costs time proportional to the product of their
lengths; a suggestion for a 500-character id would also be unreadable.
"""

SUGGEST_MAX_WORK = 50_000
"""Characters one suggestion may compare (a comparison of texts of lengths
*n* and *m* counts *n* times *m*) before it gives up with the best so far."""


def did_you_mean(word: object, known: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest of *known* to *word*, or ``""``.

    The work is bounded: words longer than :data:`SUGGEST_MAX_LENGTH` get no
    suggestion, candidates whose length alone rules them out are skipped, and
    the comparisons stop after :data:`SUGGEST_MAX_WORK` characters' worth.

    Examples
    --------
    >>> did_you_mean("reprots_to", ["reports_to", "department"])
    " (did you mean 'reports_to'?)"
    >>> did_you_mean("zzz", ["reports_to"])
    ''
    """
    text = str(word)
    if not text or len(text) > SUGGEST_MAX_LENGTH:
        return ""
    # difflib.get_close_matches(text, known, n=1, cutoff=0.6), with a budget.
    # ratio = 2 * matches / (len(a) + len(b)) <= 2 * min / (len(a) + len(b)),
    # so a candidate far longer or shorter than the word cannot reach the cutoff.
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(text)
    n = len(text)
    best, best_score = "", 0.6
    budget = SUGGEST_MAX_WORK
    for candidate in known:
        m = len(candidate)
        if m > SUGGEST_MAX_LENGTH or 2 * min(n, m) < best_score * (n + m):
            continue
        budget -= m
        matcher.set_seq1(candidate)
        if matcher.quick_ratio() >= best_score:
            budget -= n * m
            score = matcher.ratio()
            # Ties go to the greater text, as in difflib.get_close_matches.
            if score > best_score or (score == best_score and (not best or candidate > best)):
                best, best_score = candidate, score
        if budget <= 0:
            break
    return f" (did you mean {best!r}?)" if best else ""


def refuse_bare_string(value: object, name: str) -> None:
    """Raise :class:`TypeError` if *value*, given for the collection *name*, is one string.

    Python iterates a string by characters, so ``required_functions="marketing"``
    would otherwise be read as the functions ``'m'``, ``'a'``, ``'r'``...

    Examples
    --------
    >>> refuse_bare_string(["marketing"], "required_functions")
    >>> refuse_bare_string("marketing", "required_functions")
    Traceback (most recent call last):
    ...
    TypeError: required_functions takes a collection, not the string 'marketing'; \
write required_functions=['marketing']
    """
    if isinstance(value, str | bytes):
        raise TypeError(
            f"{name} takes a collection, not the string {value!r}; write {name}=[{value!r}]"
        )


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
