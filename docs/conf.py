"""Sphinx configuration for the csmo_model documentation.

Build (warnings are errors, no network needed)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The pages are MyST Markdown. The blueprint catalog and the example audits are
generated from the package at build time by the local extension
``_ext/csmo_generated.py``, so they cannot drift from the code.

The API reference uses autodoc. Functions have numpydoc docstrings. The model
classes describe their fields in Google-style ``Attributes:`` sections, the way
attrs and svcs do. Napoleon's Google parser is applied to class docstrings only
(see ``_google_attributes``), and numpydoc handles every docstring after it, so
both styles render in one build.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path
from typing import Any

from sphinx.ext.napoleon import Config as NapoleonConfig
from sphinx.ext.napoleon.docstring import GoogleDocstring

_ROOT = Path(__file__).resolve().parent.parent
# Import the package from this checkout even when it is not installed.
sys.path.insert(0, str(_ROOT / "src"))
# Local extensions: csmo_generated writes the catalog and example pages.
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

import csmo_model  # noqa: E402

# -- Project -------------------------------------------------------------------

project = "csmo_model"
author = "csmo_model developers"
copyright = "csmo_model developers"  # no year: the output must not depend on the date
version = csmo_model.__version__
release = csmo_model.__version__

# -- General -------------------------------------------------------------------

extensions = [
    "myst_nb",  # MyST Markdown, and the notebooks, executed at each build
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.intersphinx",
    "csmo_generated",
    "nb_output",  # executed notebooks inside the build folder, not beside it
]

# numpydoc loads autosummary, which warns unless .rst is a known suffix.
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
# _generated/ holds the pages csmo_generated writes from the package data at each
# build. They are not documents of their own: catalog.md and examples.md include them.
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
language = "en"
pygments_style = "sphinx"
pygments_dark_style = "monokai"

# -- MyST ----------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Notebooks -----------------------------------------------------------------
# notebooks/*.py (jupytext py:percent) are turned into notebooks/*.ipynb under docs/ at
# each build by csmo_generated, then executed here: a notebook that fails breaks the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
nb_merge_streams = True

# -- autodoc -------------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"

# -- numpydoc ------------------------------------------------------------------

numpydoc_show_class_members = False
numpydoc_show_inherited_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()  # validation off
numpydoc_xref_param_type = False

# -- intersphinx ---------------------------------------------------------------
# The build must work offline and give the same result every time, so no
# inventory is fetched by default. Set CSMO_DOCS_INTERSPHINX=1 on a machine with
# network access to link Python, networkx and attrs names to their own docs.

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("CSMO_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "networkx": ("https://networkx.org/documentation/stable/", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
    }

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_title = f"csmo_model {release}"
html_last_updated_fmt: str | None = None  # no build date in the pages
html_show_sourcelink = False

# -- Google-style "Attributes:" sections of classes -----------------------------
# sphinx.ext.napoleon as an extension would also rewrite every module constant's
# docstring, reading "Kind ids are stable: tools rely on them." as "type:
# description". Only class docstrings use the Google style here, so napoleon's
# parser is applied to those alone, before numpydoc (which runs at priority 500).

_NAPOLEON: Any = NapoleonConfig(
    napoleon_google_docstring=True,
    napoleon_numpy_docstring=False,
    napoleon_use_ivar=True,  # fields as ":ivar name:" entries, not extra objects
    napoleon_attr_annotations=True,  # field types from the class annotations
)


def _google_attributes(
    app: Any, what: Any, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what in ("class", "exception"):
        lines[:] = GoogleDocstring(lines, _NAPOLEON, app, what, name, obj, options).lines()


# -- Sections of module docstrings ------------------------------------------------
# numpydoc leaves module docstrings alone, so their "Examples" heading would become a
# real section of the API page, and two modules with examples would clash ("Duplicate
# ID"). They become rubrics, as numpydoc renders the sections of functions.

_NUMPYDOC_SECTION = re.compile(r"^[A-Z][A-Za-z ]*$")


def _module_sections(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what != "module":
        return
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        underline = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            _NUMPYDOC_SECTION.match(line)
            and underline
            and set(underline) == {"-"}
            and len(underline) == len(line)
        ):
            out += [f".. rubric:: {line}", ""]
            i += 2
            continue
        out.append(line)
        i += 1
    lines[:] = out


# -- Complexity notes ------------------------------------------------------------
# Docstrings state complexity networkx-style, "$O(n + m)$ for $n$ roles". Rendered
# as italics rather than math, so the pages need no MathJax from a CDN.

_DOLLAR_MATH = re.compile(r"\$([^$\n]+)\$")


def _plain_math(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        if "$" in line and not line.lstrip().startswith((">>>", "...")):
            lines[i] = _DOLLAR_MATH.sub(
                lambda m: "*" + m.group(1).replace("\\log", "log").strip() + "*", line
            )


# -- Links to re-exported names ------------------------------------------------
# Each object is documented once, under the name users import it by: the model
# as csmo_model.Role, the analyses as csmo_model.analysis.holders, and so on.
# A docstring that names the same object another way (``load`` inside
# csmo_model.io, ``csmo_model.analysis.CSMO_FUNCTIONS``) is linked to that entry.


def _import(dotted: str) -> Any:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


_DOCUMENTED: dict[int, tuple[Any, str]] = {}


def _documented(env: Any) -> dict[int, tuple[Any, str]]:
    """Map id(object) -> (object, documented name); built once per write phase."""
    if not _DOCUMENTED:
        for fullname, entry in sorted(env.get_domain("py").objects.items()):
            if entry.aliased or entry.objtype == "module":
                continue
            obj = _import(fullname)
            if obj is not None and not isinstance(obj, str | int | float | bool):
                _DOCUMENTED.setdefault(id(obj), (obj, fullname))
    return _DOCUMENTED


def _resolve_alias(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    module = node.get("py:module")
    candidates = [f"{module}.{target}", target] if module else [target]
    for candidate in candidates:
        if not candidate.startswith("csmo_model"):
            continue
        obj = _import(candidate)
        if obj is None:
            continue
        found = _documented(env).get(id(obj))
        if found is not None and found[0] is obj and found[1] != candidate:
            return _xref(app, env, node, contnode, found[1])
    if "." not in target:
        # A bare name in a docstring shown outside its module, such as
        # ``configure_converter`` in csmo_model.load: link it if it is unique.
        names = {name for _, name in _documented(env).values() if name.endswith(f".{target}")}
        if len(names) == 1:
            return _xref(app, env, node, contnode, names.pop())
    return None


def _xref(app: Any, env: Any, node: Any, contnode: Any, fullname: str) -> Any:
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], fullname, node, contnode
    )


def _forget_documented(app: Any, env: Any) -> None:
    _DOCUMENTED.clear()


def setup(app: Any) -> dict[str, Any]:
    app.connect("autodoc-process-docstring", _google_attributes, priority=400)
    app.connect("autodoc-process-docstring", _plain_math, priority=400)
    app.connect("autodoc-process-docstring", _module_sections, priority=400)
    app.connect("missing-reference", _resolve_alias)
    app.connect("env-updated", _forget_documented)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
