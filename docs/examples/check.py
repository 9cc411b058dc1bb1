"""Check that the examples in docs/analyses.md still give the findings shown there.

Each ``<name>.yaml`` here is a small organization; ``<name>.findings.json`` holds
the findings the audit gives for it, limited to the kinds the example
illustrates, exactly as ``csmo audit <name>.yaml --format json`` prints them.
The docs include both files, so the text cannot drift from the code unnoticed.

Run from anywhere::

    python docs/examples/check.py           # exit 1 and name the stale files
    python docs/examples/check.py --write   # regenerate the .findings.json files
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import csmo_model as cm

HERE = Path(__file__).resolve().parent

#: Example name -> (finding kinds it illustrates, options for csmo_model.audit).
EXAMPLES: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "coverage-gap": (("coverage-gap",), {}),
    "no-accountable": (("no-accountable",), {}),
    "multiple-accountable": (("multiple-accountable",), {}),
    "split-ownership": (("split-ownership",), {}),
    "external-without-coordinator": (("external-without-coordinator",), {}),
    "spof-people": (("single-point-of-failure",), {}),
    "spof-ties": (("single-point-of-failure",), {}),
    "missing-link": (("missing-link",), {}),
    "silo": (("silo",), {}),
    "placement": (("placement",), {}),
    "span-of-control": (("span-of-control",), {"max_span": 2}),
    "vacancy": (("vacancy",), {}),
    "overload": (("overload",), {}),
    "no-social-lead": (("no-social-lead",), {}),
}


def expected(name: str) -> str:
    """Return the findings JSON for example *name*, as the docs show it."""
    kinds, options = EXAMPLES[name]
    report = cm.audit(cm.load(HERE / f"{name}.yaml"), **options)
    findings = [f.to_dict() for f in report if f.kind in kinds]
    return json.dumps(findings, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    write = "--write" in argv
    stale = []
    for name in EXAMPLES:
        target = HERE / f"{name}.findings.json"
        text = expected(name)
        if write:
            target.write_text(text, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target.name)
    for file_name in stale:
        print(f"{file_name}: differs from what the audit gives; run with --write and review")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
