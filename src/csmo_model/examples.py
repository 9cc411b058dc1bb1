"""The example organizations shipped with the package.

Each is a valid organization file inside the package, read with
:mod:`importlib.resources`, so they work from an installed wheel.
"""

from __future__ import annotations

from importlib import resources

from csmo_model.io import loads
from csmo_model.model import Organization

__all__ = ["load", "names", "text"]


def __dir__() -> list[str]:
    return __all__


_PACKAGE = "csmo_model._data.examples"


def names() -> list[str]:
    """Return the names of the shipped examples, sorted.

    Examples
    --------
    >>> "acme" in names()
    True
    """
    files = resources.files(_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def text(name: str) -> str:
    """Return the YAML source of example *name*.

    Raises
    ------
    KeyError
        There is no example of that name.
    """
    if name not in names():
        raise KeyError(f"no example {name!r}; choose one of {', '.join(names())}")
    return resources.files(_PACKAGE).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def load(name: str) -> Organization:
    """Load the shipped example *name*.

    Examples
    --------
    >>> load("acme").roles["social-lead"].reports_to
    'cmo'
    """
    return loads(text(name), "yaml")
