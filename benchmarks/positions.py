"""What source positions cost: loading (which never computes them) and locating.

For N people (default 10^5) it writes the synthetic organization as JSON, YAML
and TOML and measures, each step in a fresh process, best of --repeat:

- ``load``: csmo_model.load of the file (positions are not computed);
- ``map``: csmo_model.positions.source_map of the file's text (every position);
- ``locate 3``: csmo_model.positions.locate of three problems (what an invalid
  file costs on top of its load: the map, then three lookups);
- ``locate findings``: Report.with_locations of the whole audit (what
  ``csmo audit --format json|sarif`` adds, unless ``--no-locations``).

With ``--baseline-src DIR`` (a ``src`` folder of another checkout, e.g. main
before positions existed) ``load`` is measured with it too, to show loading
did not get slower. Prints a Markdown table.

Usage::

    python benchmarks/positions.py --people 100000 --baseline-src /tmp/main-src

Run on demand; never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_PROBE = r"""
import json, sys, time
step, path, syntax = sys.argv[1], sys.argv[2], sys.argv[3]
import csmo_model as cm
from csmo_model.errors import Problem
text = open(path, encoding="utf-8").read()
if step == "load":
    start = time.perf_counter()
    cm.load(path, max_bytes=None)
    print(json.dumps(time.perf_counter() - start))
    sys.exit()
from csmo_model.positions import locate, source_map
if step == "map":
    start = time.perf_counter()
    source_map(text, syntax)
elif step == "locate 3":
    problems = [
        Problem("roles[10].reports_to", "x"),
        Problem("people[50000].holds[0]", "x"),
        Problem("links[7].between", "x"),
    ]
    start = time.perf_counter()
    located = locate(problems, text, syntax)
    assert all(p.line is not None for p in located), located
else:
    report = cm.audit(cm.load(path, max_bytes=None))
    start = time.perf_counter()
    report.with_locations(text, syntax, path)
print(json.dumps(time.perf_counter() - start))
"""

STEPS = ("load", "map", "locate 3", "locate findings")


def _run(step: str, path: Path, syntax: str, src: str | None, repeat: int) -> float:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    times = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, step, str(path), syntax],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--baseline-src", help="a src/ folder to measure load with, for comparison")
    parser.add_argument("--syntaxes", nargs="+", default=["json", "yaml", "toml"])
    args = parser.parse_args()

    import csmo_model as cm
    from csmo_model import synthetic

    org = synthetic.organization(args.people, seed=0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for syntax in args.syntaxes:
            path = Path(tmp) / f"org.{syntax}"
            text = (
                json.dumps(synthetic.document(args.people, seed=0))
                if syntax == "json"
                else (
                    cm.dumps(org, syntax)  # type: ignore[arg-type]
                )
            )
            path.write_text(text, encoding="utf-8")
            row = {"syntax": syntax, "mb": path.stat().st_size / 2**20}
            if args.baseline_src:
                row["load (baseline)"] = _run("load", path, syntax, args.baseline_src, args.repeat)
            for step in STEPS:
                row[step] = _run(step, path, syntax, None, args.repeat)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    columns = ["syntax", "mb"]
    if args.baseline_src:
        columns.append("load (baseline)")
    columns += list(STEPS)
    print("| " + " | ".join(c if c != "mb" else "file (MB)" for c in columns) + " |")
    print("|---|" + "---:|" * (len(columns) - 1))
    for row in rows:
        cells = [str(row["syntax"]), f"{row['mb']:.1f}"]
        cells += [f"{row[c]:.2f}" for c in columns[2:]]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
