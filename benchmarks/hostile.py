"""Hostile and large inputs of issue 17, timed as whole ``csmo`` commands.

Each case writes its input file, then runs the command in a fresh process
under ``/usr/bin/time`` and prints the wall time, peak memory and exit
status as a Markdown table (the one in docs/performance-hostile.md):

- suggestions: 400 roles with 500-character ids drawn from 41 CJK
  characters, one person holding 50 unknown ids (the issue's 686 KB file),
  ``csmo validate``;
- suggestions, wide: 20,000 roles with 64-character ids over five letters
  and 60 unknown references, ``csmo validate``;
- deep nesting: a chain of N nested departments with the social lead at the
  bottom, reaching the top department only up the chain, ``csmo audit``;
- generate: ``csmo generate 100000000``, refused before any work.

Usage::

    python benchmarks/hostile.py                 # all cases
    python benchmarks/hostile.py --depths 8000   # fewer chain depths

Run on demand; never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _suggestions(path: Path) -> None:
    rnd = random.Random(1)

    def cjk(n: int) -> str:
        return "".join(chr(rnd.randint(0x4E00, 0x4E00 + 40)) for _ in range(n))

    roles = [{"id": cjk(500), "title": "T"} for _ in range(400)]
    people = [{"id": "p", "name": "P", "holds": [cjk(500) for _ in range(50)]}]
    doc = {"format": "csmo-model/2", "name": "X", "roles": roles, "people": people}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _suggestions_wide(path: Path) -> None:
    rnd = random.Random(1)

    def word(n: int) -> str:
        return "".join(rnd.choice("abcde") for _ in range(n))

    roles = [{"id": word(64), "title": "T"} for _ in range(20_000)]
    people = [{"id": f"p{i}", "name": "P", "holds": [word(64)]} for i in range(60)]
    doc = {"format": "csmo-model/2", "name": "X", "roles": roles, "people": people}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _chain(depth: int, path: Path) -> None:
    departments = [
        {"id": f"d{i}", "name": f"D{i}", **({"parent": f"d{i - 1}"} if i else {})}
        for i in range(depth)
    ]
    doc = {
        "format": "csmo-model/2",
        "name": "Deep",
        "social_lead": "lead",
        "departments": departments,
        "roles": [
            {"id": "lead", "title": "Lead", "department": f"d{depth - 1}"},
            {"id": "ceo", "title": "CEO", "department": "d0"},
        ],
        "people": [{"id": "p", "name": "P", "holds": ["lead"]}],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")


def _timed(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time (s), peak memory (MB) and exit status of a whole command."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    wall = time.perf_counter() - start
    peak_kb = float(done.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[8_000, 16_000, 100_000])
    args = parser.parse_args()
    csmo = [sys.executable, "-m", "csmo_model"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases: list[tuple[str, Path, list[str]]] = []
        path = work / "suggest.json"
        _suggestions(path)
        cases.append(("suggestions: 400 ids of 500 characters", path, ["validate", str(path)]))
        path = work / "suggest-wide.json"
        _suggestions_wide(path)
        cases.append(("suggestions: 20,000 ids of 64 characters", path, ["validate", str(path)]))
        for depth in args.depths:
            path = work / f"deep-{depth}.json"
            _chain(depth, path)
            command = ["audit", str(path), "--fail-on", "never", "--format", "json"]
            cases.append((f"deep nesting: {depth:,} departments", path, command))
        for label, path, command in cases:
            wall, peak, status = _timed([*csmo, *command], work)
            size = path.stat().st_size / 1024
            rows.append(f"| {label} | {size:,.0f} KB | {wall:.2f} | {peak:,.0f} | {status} |")
        wall, peak, status = _timed([*csmo, "generate", "100000000", str(work / "x.json")], work)
        rows.append(
            f"| generate 100,000,000 people (refused) | - | {wall:.2f} | {peak:,.0f} | {status} |"
        )
    print("| case | input | seconds | peak MB | exit |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
