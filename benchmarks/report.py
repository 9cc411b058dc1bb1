"""Benchmark of the HTML report (``csmo report``): build time and file size at growing sizes.

For each size N it generates a synthetic organization (csmo_model.synthetic),
writes it as JSON, and times, in a fresh process each:

- ``cm.audit(org)`` on a loaded model, then ``cm.report_html(org, report=...)`` (the
  report's own work: the plan, when planned, the pictures and tables);
- the whole ``csmo report FILE -o OUT.html`` command (start-up, load, audit, write);

and records the size of the HTML file. The target (issue 16): a 10^4-person
report under 10 s and under 5 MB. It prints a Markdown table and replaces the
block between the ``report-benchmark`` markers in docs/performance.md
(benchmarks/run.py keeps that block when it rewrites the page).

Usage::

    python benchmarks/report.py                     # 10^3, 10^4, 10^5
    python benchmarks/report.py --sizes 1000 10000 --repeat 3

Run on demand; never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BEGIN, END = "<!-- report-benchmark -->", "<!-- /report-benchmark -->"

_IN_PROCESS = """
import json, sys, time
import csmo_model as cm
org = cm.load(sys.argv[1])
t0 = time.perf_counter()
report = cm.audit(org)
t1 = time.perf_counter()
page = cm.report_html(org, report=report)
t2 = time.perf_counter()
print(json.dumps({"audit": t1 - t0, "report_html": t2 - t1, "bytes": len(page.encode("utf-8"))}))
"""


def _measure(path: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    row: dict[str, float] = json.loads(done.stdout)
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "csmo_model", "report", str(path), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    row["command"] = time.perf_counter() - t0
    row["file_bytes"] = out.stat().st_size
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()

    from csmo_model import dump, synthetic

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"org-{n}.json"
            dump(synthetic.organization(n, seed=args.seed), path)
            runs = [_measure(path, Path(tmp) / f"report-{n}.html") for _ in range(args.repeat)]
            best = {k: min(r[k] for r in runs) for k in runs[0]}
            best["n"] = n
            rows.append(best)
            print(json.dumps(best), flush=True)
    table = _render(rows, args)
    print(table)
    if args.write:
        _replace_block(Path(args.write), table)


def _render(rows: list[dict[str, float]], args: argparse.Namespace) -> str:
    lines = [
        BEGIN,
        "## The HTML report",
        "",
        "`benchmarks/report.py` times, on a loaded model, the audit and then",
        "`cm.report_html(org, report=...)` (the report's own work, the plan included up to",
        "20,000 roles), and the whole `csmo report FILE -o OUT.html` command in a fresh process",
        "(start-up, load, audit, write), and measures the file. Above 200 roles the report",
        "draws the social lead's neighbourhood and a department roll-up instead of every box,",
        "so its size grows with the number of findings, not with the chart."
        + (f" Best of {args.repeat}." if args.repeat > 1 else " One run."),
        "",
        "```bash",
        "python benchmarks/report.py --sizes "
        + " ".join(str(int(r["n"])) for r in rows)
        + (f" --repeat {args.repeat}" if args.repeat > 1 else ""),
        "```",
        "",
        "| people | audit (s) | report_html after it (s) | csmo report command (s) | file (MB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {int(r['n']):,} | {r['audit']:.2f} | {r['report_html']:.2f} | {r['command']:.2f} | "
            f"{r['file_bytes'] / 1e6:.2f} |"
        )
    lines += ["", "Target: 10,000 people under 10 s and under 5 MB.", END]
    return "\n".join(lines)


def _replace_block(page: Path, block: str) -> None:
    text = page.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    page.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
