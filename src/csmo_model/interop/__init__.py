"""Foreign formats, both ways: graph files, diagrams, W3C ORG and HR exports.

Our own file format lives in :mod:`csmo_model.io`; this package speaks other
people's. Each writer takes an organization and an optional path (without one
it returns the text); each reader returns an :class:`~csmo_model.Organization`
and reports whatever it could not understand (see :data:`OnProblem`).

================================  =======================  ===================================
suffix                            write                    read
================================  =======================  ===================================
``.graphml``                      :func:`to_graphml`
``.gexf``                         :func:`to_gexf`
``.mmd``                          :func:`to_mermaid`
``.dot``                          :func:`to_dot`
``.md``                           :func:`to_markdown`
``.ttl``                          :func:`to_w3c_org`       :func:`from_w3c_org` (extra ``rdf``)
``.turtle``, ``.nt``, ``.rdf``,                            :func:`from_w3c_org` (extra ``rdf``)
``.owl``
``.csv``                                                   :func:`from_hr_csv`
================================  =======================  ===================================

The same table, as data: :data:`WRITERS` and :data:`READERS` map each suffix
to its :class:`Format`; :func:`export` and :func:`import_` choose by suffix.

Examples
--------
>>> import csmo_model as cm
>>> from csmo_model import interop
>>> org = cm.examples.load("acme")
>>> interop.to_mermaid(org).splitlines()[3]
'flowchart TD'
>>> interop.from_w3c_org(interop.to_w3c_org(org)) == org
True
"""

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from csmo_model.interop.graphs import (
    GraphView,
    export_graph,
    to_dot,
    to_gexf,
    to_graphml,
    to_markdown,
    to_mermaid,
)
from csmo_model.interop.hr_csv import HR_CSV_FIELDS, from_hr_csv
from csmo_model.interop.w3c_org import (
    _SHOWN,
    _SYNTAXES,
    CSMO,
    NotImportedWarning,
    OnProblem,
    from_w3c_org,
    id_from_iri,
    to_w3c_org,
)
from csmo_model.model import Organization

__all__ = [
    "CSMO",
    "HR_CSV_FIELDS",
    "READERS",
    "WRITERS",
    "Format",
    "GraphView",
    "NotImportedWarning",
    "OnProblem",
    "export",
    "export_graph",
    "from_hr_csv",
    "from_w3c_org",
    "id_from_iri",
    "import_",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_markdown",
    "to_mermaid",
    "to_w3c_org",
]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class Format:
    """A foreign format: the suffix that names it, its name, and the function that speaks it.

    Attributes
    ----------
    suffix : str
        The file suffix, lower case, with its dot (``".graphml"``).
    name : str
        What it is called (``"GraphML"``).
    function : callable
        The writer (``function(org, path, **options)``) or the reader
        (``function(path, **options)``).
    options : tuple of str
        The keyword options the function takes.
    """

    suffix: str
    name: str
    function: Callable[..., Any]
    options: tuple[str, ...] = ()


_W3C_READ = ("name", "on_problem", "max_bytes")

WRITERS: Mapping[str, Format] = MappingProxyType(
    {
        ".graphml": Format(".graphml", "GraphML", to_graphml, ("view",)),
        ".gexf": Format(".gexf", "GEXF", to_gexf, ("view",)),
        ".mmd": Format(".mmd", "Mermaid", to_mermaid),
        ".dot": Format(".dot", "DOT", to_dot),
        ".ttl": Format(".ttl", "W3C ORG Turtle", to_w3c_org, ("base",)),
        ".md": Format(".md", "Markdown", to_markdown, ("report",)),
    }
)
"""The foreign formats :func:`export` writes, by suffix."""

READERS: Mapping[str, Format] = MappingProxyType(
    {
        **{
            suffix: Format(suffix, f"W3C ORG {_SHOWN[syntax]}", from_w3c_org, _W3C_READ)
            for suffix, syntax in _SYNTAXES.items()
        },
        ".csv": Format(
            ".csv",
            "HR export",
            from_hr_csv,
            ("mapping", "name", "delimiter", "encoding", "on_problem", "max_bytes"),
        ),
    }
)
"""The foreign formats :func:`import_` reads, by suffix."""


def _format(path: str | os.PathLike[str], table: Mapping[str, Format], options: Any) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix not in table:
        raise ValueError(
            f"{os.fspath(path)}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
            f"use one of {', '.join(table)}"
        )
    found = table[suffix]
    unknown = sorted(set(options) - set(found.options))
    if unknown:
        takes = ", ".join(found.options) or "none"
        raise TypeError(
            f"{found.name} ({suffix}) takes no option {', '.join(map(repr, unknown))}; "
            f"its options: {takes}"
        )
    return found


def export(org: Organization, path: str | os.PathLike[str], **options: Any) -> None:
    """Write *org* to *path* in the foreign format its suffix names (see :data:`WRITERS`).

    Parameters
    ----------
    org : Organization
    path : str or path-like
        The file to write; its suffix chooses the writer.
    **options
        The writer's own options (:attr:`Format.options`), e.g. ``view`` for
        GraphML or ``base`` for Turtle.

    Raises
    ------
    ValueError
        For a suffix no writer has.
    TypeError
        For an option the writer does not take.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import csmo_model as cm
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acme.mmd"
    >>> export(cm.examples.load("acme"), path)
    >>> path.read_text(encoding="utf-8").splitlines()[3]
    'flowchart TD'
    """
    _format(path, WRITERS, options).function(org, path, **options)


def import_(path: str | os.PathLike[str], **options: Any) -> Organization:
    """Read an organization from *path* in the foreign format its suffix names.

    The readers, by suffix, are in :data:`READERS`.

    Parameters
    ----------
    path : str or path-like
        The file to read; its suffix chooses the reader.
    **options
        The reader's own options (:attr:`Format.options`), e.g. ``mapping`` or
        ``encoding`` for an HR export, ``on_problem`` for every reader.

    Returns
    -------
    Organization

    Raises
    ------
    ValueError
        For a suffix no reader has.
    TypeError
        For an option the reader does not take.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
    >>> _ = path.write_text("id,name,title,manager_id\\nana,Ana,CEO,\\n", encoding="utf-8")
    >>> import_(path).people["ana"].name
    'Ana'
    """
    result: Organization = _format(path, READERS, options).function(path, **options)
    return result
