"""Check that the examples in the docs still give the results shown there.

Each ``<name>.yaml`` here is a small organization; ``<name>.findings.json`` holds
the findings the audit gives for it, limited to the kinds the example
illustrates, exactly as ``csmo audit <name>.yaml --format json`` prints them.
docs/analyses.md includes both files, so the text cannot drift from the code
unnoticed.

The ``pycon`` blocks of the pages (``docs/*.md``) are also run as doctests, page
by page, each page in a fresh temporary directory that holds ``acme.yaml`` (the
getting-started page writes it before using it).

Run from anywhere::

    python docs/examples/check.py           # exit 1 and name what is stale
    python docs/examples/check.py --write   # regenerate the .findings.json files
"""

from __future__ import annotations

import doctest
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import csmo_model as cm

HERE = Path(__file__).resolve().parent

#: Example name -> (finding kinds it illustrates, changes to csmo_model.AuditOptions).
EXAMPLES: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "coverage-gap": (("coverage-gap",), {}),
    "no-responsible": (("no-responsible",), {}),
    "no-accountable": (("no-accountable",), {}),
    "multiple-accountable": (("multiple-accountable",), {}),
    "split-ownership": (("split-ownership",), {}),
    "external-without-coordinator": (("external-without-coordinator",), {}),
    "lead-without-accountability": (("lead-without-accountability",), {}),
    "spof-people": (("single-point-of-failure",), {}),
    "spof-ties": (("single-point-of-failure",), {}),
    "missing-link": (("missing-link",), {}),
    "missing-role-link": (("missing-role-link",), {}),
    "missing-function": (("missing-function",), {}),
    "silo": (("silo",), {}),
    "placement": (("placement",), {}),
    "span-of-control": (("span-of-control",), {"max_span": 2}),
    "vacancy": (("vacancy",), {}),
    "overload": (("overload",), {}),
    "rule-violation": (("rule-violation",), {}),
    "rule-unjudged": (("rule-unjudged",), {}),
    "blueprint-conformance": (("blueprint-conformance",), {}),
    "no-social-lead": (("no-social-lead",), {}),
    # Issue 13, section 4: metrics and policies (a fixed day for the review dates).
    "unmeasured-program": (("unmeasured-program",), {}),
    "metric-not-reported-up": (("metric-not-reported-up",), {}),
    "stale-policy": (("stale-policy",), {"today": "2026-12-01"}),
    "missing-policy": (("missing-policy",), {}),
    "unowned-channel": (("unowned-channel",), {}),
    "unheard-channel": (("unheard-channel",), {}),
    "unrouted-topic": (("unrouted-topic",), {}),
    "route-to-vacancy": (("route-to-vacancy",), {}),
    "misrouted-topic": (("misrouted-topic",), {}),
    # A fixed day, so that the expired acceptance stays expired and the live one live.
    "acceptance": (
        ("single-point-of-failure", "vacancy", "stale-acceptance", "expired-acceptance"),
        {"today": "2026-12-01"},
    ),
}


def expected(name: str) -> str:
    """Return the findings JSON for example *name*, as the docs show it."""
    kinds, options = EXAMPLES[name]
    report = cm.audit(cm.load(HERE / f"{name}.yaml"), **options)
    findings = [f.to_dict() for f in report if f.kind in kinds]
    return json.dumps(findings, indent=2, ensure_ascii=False) + "\n"


_PYCON = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)


def failing_pages() -> list[str]:
    """Run the pycon blocks of every page; return the pages with a failing example."""
    failing = []
    start = Path.cwd()
    for page in sorted(HERE.parent.glob("*.md")):
        blocks = _PYCON.findall(page.read_text(encoding="utf-8"))
        if not blocks:
            continue
        test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, page.name, str(page), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        with tempfile.TemporaryDirectory() as tmp:
            os.chdir(tmp)
            try:
                Path("acme.yaml").write_text(cm.examples.text("acme"), encoding="utf-8")
                runner.run(test)
            finally:
                os.chdir(start)
        if runner.failures:
            failing.append(page.name)
    return failing


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
    pages = failing_pages()
    for page_name in pages:
        print(f"{page_name}: a pycon example gives other output (see above); fix the page")
    return 1 if stale or pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
