"""The package's layers, read from its import statements.

Data flows one way (file -> model -> graph views -> analyses -> findings -> reports):
a module never imports, when it is imported, one that imports it back, and the model
needs neither the catalog nor the file loader. Validation knows the shipped blueprints
from the plain data below it (``_blueprints``), not from anything the catalog registers.
Only imports that run at import time count: those under ``TYPE_CHECKING`` and those inside
functions (optional extras, loaded lazily) do not.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx

import csmo_model

PACKAGE = Path(csmo_model.__file__).parent


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _run_at_import(tree: ast.Module) -> list[ast.stmt]:
    """The statements of a module's body that run when it is imported, import blocks opened."""
    out: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.extend(node.orelse)
        elif isinstance(node, ast.Try):
            out.extend([*node.body, *(s for h in node.handlers for s in h.body)])
        else:
            out.append(node)
    return out


def import_graph() -> nx.DiGraph:
    """Module -> the package's modules its import runs (``a.b.c`` runs ``a.b`` first)."""
    modules = {_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for node in _run_at_import(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for target in targets:
                bits = target.split(".")
                for i in range(2, len(bits) + 1):
                    module = ".".join(bits[:i])
                    # A module inside a package runs with its package already importing.
                    if module in modules and not f"{name}.".startswith(f"{module}."):
                        graph.add_edge(name, module)
    return graph


GRAPH = import_graph()


def test_the_graph_sees_the_imports() -> None:
    # Guards the reader itself: a graph with no edges would pass every test below.
    assert GRAPH.has_edge("csmo_model.model", "csmo_model._validation")
    assert GRAPH.has_edge("csmo_model.catalog", "csmo_model.model")
    assert GRAPH.has_edge("csmo_model._blueprints", "csmo_model._parse")
    assert not GRAPH.has_edge("csmo_model.model", "csmo_model._html")  # lazy, in a method


def test_no_module_imports_one_that_imports_it_back() -> None:
    cycles = list(nx.simple_cycles(GRAPH))
    assert cycles == [], f"import cycles: {cycles[:3]}"


def test_the_model_needs_neither_the_catalog_nor_the_loader() -> None:
    below = nx.descendants(GRAPH, "csmo_model.model")
    assert "csmo_model._validation" in below
    assert {"csmo_model.catalog", "csmo_model.io", "csmo_model._converter"}.isdisjoint(below)


def test_the_model_checks_blueprints_with_the_catalog_never_imported() -> None:
    # Validation used to know the blueprints only once the catalog had registered a lookup,
    # at its import. The model alone (the package's __init__, which imports everything,
    # kept out) must now check and add a blueprint's jobs by itself.
    script = textwrap.dedent(
        f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location(
            "csmo_model", {str(PACKAGE / "__init__.py")!r},
            submodule_search_locations=[{str(PACKAGE)!r}])
        sys.modules["csmo_model"] = importlib.util.module_from_spec(spec)  # not run
        from csmo_model.model import Organization, Role
        from csmo_model.errors import ModelError
        org = Organization.from_parts(name="X", roles=[Role(id="a", title="A")],
                                      blueprints=["csmo-ties"])
        print(len(org.responsibilities))
        try:
            Organization(name="X", blueprints=("nine",))
        except ModelError as exc:
            print(exc.problems[0].code, exc.problems[0].message.split(";")[0])
        print(sorted(m for m in sys.modules if m.startswith("csmo_model.")))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "4"
    assert out[1] == "unknown-blueprint no blueprint 'nine' (did you mean 'nine-lives'?)"
    assert "csmo_model.catalog" not in out[2]
    assert "csmo_model.io" not in out[2]
