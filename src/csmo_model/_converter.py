"""The cattrs converter for our file format, strict about types.

Follows the cattrs preconf pattern: :func:`configure_converter` adds our hooks
to any converter, :func:`make_converter` returns a fresh configured one.
"""

from __future__ import annotations

import datetime
import enum
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from csmo_model._text import plain_decimal
from csmo_model.errors import ModelError, Problem, did_you_mean
from csmo_model.model import (
    VOCABULARIES,
    Acceptance,
    Channel,
    Department,
    Link,
    Metric,
    Person,
    Policy,
    Raci,
    Responsibility,
    Role,
    Route,
    not_a_member,
)

__all__ = ["ENTITIES", "configure_converter", "make_converter", "problems_from"]

ENTITIES: tuple[type, ...] = (
    Department,
    Responsibility,
    Role,
    Person,
    Link,
    Channel,
    Route,
    Acceptance,
    Metric,
    Policy,
)


class InputTypeError(TypeError):
    """A value of the wrong type, with a message written for the file's author.

    ``code`` is the problem code it becomes (see :class:`csmo_model.Problem`).
    """

    def __init__(self, message: str, code: str = "wrong-type") -> None:
        super().__init__(message)
        self.code = code


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                # JSON "\ud800" and YAML "\ud800" escapes give lone surrogates:
                # not text, and no file could be written with them.
                raise InputTypeError(
                    f"contains U+{ord(value[exc.start]):04X}, half of a surrogate pair, "
                    "which is not text; fix the escape"
                ) from None
        return value
    hint = (
        "; quote it (YAML reads true/false as booleans and 1.10 as a number)"
        if isinstance(value, bool | int | float) or type(value).__module__ == "datetime"
        else ""
    )
    raise InputTypeError(f"expected text, got {_describe(value)}{hint}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputTypeError(f"expected a number, got {_describe(value)}")
    if not isinstance(value, str):
        return float(value)
    number = plain_decimal(value)
    if number is None:
        raise InputTypeError(
            f"expected a number, got {_describe(value)}; write digits with at most one "
            "decimal point, such as 0.5 (no underscores, exponents or other forms)",
            "bad-number",
        )
    return number


def _structure_int(value: Any, _: type) -> int:
    # cattrs' own int hook would turn 12.5 into 12 and "12" into 12: refuse both.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputTypeError(f"expected a whole number, got {_describe(value)}", "bad-number")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise InputTypeError(f"expected true or false, got {_describe(value)}")


def _structure_id_list(value: Any, _: type) -> tuple[str, ...]:
    if isinstance(value, str):
        shown = value if value.isprintable() else repr(value)  # one problem, one line
        raise InputTypeError(f"expected a list of ids, got the text {value!r}; write [{shown}]")
    if not isinstance(value, list | tuple):
        raise InputTypeError(f"expected a list of ids, got {_describe(value)}")
    errors: list[Exception] = []
    out: list[str] = []
    for i, item in enumerate(value):
        try:
            out.append(_structure_str(item, str))
        except InputTypeError as exc:
            exc.__notes__ = [cattrs.errors.IterableValidationNote(f"@ index {i}", i, str)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("invalid list", errors, tuple)
    return tuple(out)


def _structure_pair(value: Any, _: type) -> tuple[str, str]:
    ids = _structure_id_list(value, tuple)
    if len(ids) != 2:
        raise InputTypeError(f"a link joins exactly two ids, got {len(ids)}")
    return (ids[0], ids[1])


def _enum_hook(cls: type[enum.Enum]) -> Any:
    members = {m.value: m for m in cls}

    def structure(value: Any, _: type) -> enum.Enum:
        if isinstance(value, str):
            found = members.get(value)
            if found is not None:
                return found
        message, code = not_a_member(cls, value)  # the same words as in Python code
        raise InputTypeError(message, code)

    return structure


_RACI_LETTER = _enum_hook(Raci)


def _structure_raci(value: Any, _: type) -> dict[str, Raci]:
    if not isinstance(value, Mapping):
        raise InputTypeError(
            f"expected a mapping of responsibility id to R, A, C, I or RA, got {_describe(value)}"
        )
    letter = _RACI_LETTER
    errors: list[Exception] = []
    out: dict[str, Raci] = {}
    for key, item in value.items():
        try:
            text = _structure_str(key, str)
            normal = unicodedata.normalize("NFC", text)
            if normal in out:
                raise InputTypeError(
                    f"{text!r} is listed twice (the same id after Unicode normalization); "
                    "keep one letter per responsibility",
                    "duplicate-key",
                )
            out[normal] = letter(item, Raci)
        except InputTypeError as exc:
            exc.__notes__ = [cattrs.errors.IterableValidationNote(f"@ key {key!r}", key, Raci)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("invalid RACI mapping", errors, dict)
    return out


def _unstructure_raci(raci: Mapping[str, Raci]) -> dict[str, str]:
    return {key: letter.value for key, letter in raci.items()}


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _structure_date(value: Any, _: type) -> datetime.date:
    # YAML and TOML read 2027-01-31 as a date; JSON has only text.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise InputTypeError(f"expected a date written YYYY-MM-DD, got {_describe(value)}", "bad-date")


def _unstructure_date(value: datetime.date) -> str:
    return value.isoformat()


def _is(alias: Any) -> Callable[[Any], bool]:
    return lambda t: bool(t == alias)


def configure_converter(converter: cattrs.Converter) -> None:
    """Add the csmo-model/2 hooks to *converter*.

    Text fields accept only text, numbers only numbers (or numeric text), flags
    only booleans, and lists of ids only lists: nothing a user wrote is coerced
    into something else. Unknown keys are errors. Fields left at their default
    are omitted when unstructuring.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_unstructure_hook(datetime.date, _unstructure_date)
    exact: list[tuple[Any, Callable[[Any, Any], Any], Callable[[Any], Any]]] = [
        (tuple[str, ...], _structure_id_list, list),
        (tuple[str, str], _structure_pair, list),
        (Mapping[str, Raci], _structure_raci, _unstructure_raci),
    ]
    for alias, structure, unstructure in exact:
        converter.register_structure_hook_func(_is(alias), structure)
        converter.register_unstructure_hook_func(_is(alias), unstructure)
    for enum_cls in VOCABULARIES:
        converter.register_structure_hook(enum_cls, _enum_hook(enum_cls))
        converter.register_unstructure_hook(enum_cls, _enum_value)
    for cls in ENTITIES:
        converter.register_structure_hook(
            cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
        )
        overrides: dict[str, Any] = {
            f.name: override(omit_if_default=True)
            for f in attrs.fields(cls)
            if f.default is not attrs.NOTHING
        }
        converter.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, converter, **overrides)
        )


def make_converter() -> cattrs.Converter:
    """Return a new converter configured for the csmo-model/2 format."""
    converter = cattrs.Converter(detailed_validation=True)
    configure_converter(converter)
    return converter


def _format(exc: BaseException, cls: type | None) -> str:
    if isinstance(exc, InputTypeError):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [f.alias or f.name for f in attrs.fields(exc.cl)]
        parts = []
        for key in sorted(exc.extra_fields, key=str):
            parts.append(f"{key!r}{did_you_mean(key, known)}")
        return (
            f"unknown key{'s' if len(parts) > 1 else ''} {', '.join(parts)}; "
            f"known keys are {', '.join(known)}"
        )
    if isinstance(exc, KeyError):
        return "is required but missing"
    if isinstance(exc, AttributeError | TypeError) and cls is not None and attrs.has(cls):
        return f"expected a mapping of {cls.__name__.lower()} fields, got something else"
    detail = str(exc).replace("\n", " ")  # one problem, one line
    return f"could not be read ({type(exc).__name__}: {detail})"


def _code(exc: BaseException) -> str:
    """The problem code of a structuring failure."""
    if isinstance(exc, InputTypeError):
        return exc.code
    if isinstance(exc, ForbiddenExtraKeysError):
        return "unknown-key"
    if isinstance(exc, KeyError):
        return "missing-field"
    return "unreadable"


def problems_from(exc: BaseException, path: str) -> list[Problem]:
    """Turn a cattrs structuring error into located problems.

    Mirrors :func:`cattrs.transform_error`, keeping paths and messages apart.
    """
    out: list[Problem] = []
    if isinstance(exc, ModelError):  # a class's own check, as in Python code: its field's path
        return [attrs.evolve(p, path=f"{path}.{p.path}" if p.path else path) for p in exc.problems]
    if isinstance(exc, IterableValidationError | ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, cattrs.errors.AttributeValidationNote):
                sub_path = f"{path}.{note.name}"
                if isinstance(sub, KeyError):
                    out.append(Problem(sub_path, "is required but missing", code="missing-field"))
                    continue
            else:
                index = note.index
                sub_path = f"{path}[{index}]" if isinstance(index, int) else f"{path}[{index!r}]"
            out.extend(problems_from(sub, sub_path))
        for sub in without:
            if isinstance(sub, ModelError):
                out.extend(problems_from(sub, path))
                continue
            out.append(Problem(path, _format(sub, getattr(exc, "cl", None)), code=_code(sub)))
    else:
        out.append(Problem(path, _format(exc, None), code=_code(exc)))
    return out
