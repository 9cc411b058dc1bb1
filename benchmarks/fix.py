"""Benchmark: ``cm.plan`` (what ``csmo fix`` runs) against the audit, on a generated organization.

The issue asks that ``csmo fix`` on a 10^4-person organization finish within
10x the time of its audit. Each step runs in a fresh process on the same
loaded model; best of ``--repeat``. Run on demand; never part of the tests::

    python benchmarks/fix.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

_PROBE = r"""
import json, sys, time
import csmo_model as cm
org = cm.load(sys.argv[1])
step = sys.argv[2]
start = time.perf_counter()
if step == "audit":
    cm.audit(org)
    extra = {}
else:
    p = cm.plan(org)
    extra = {"steps": len(p.steps), "edits": len(p.edits), "open": len(p.open),
             "cleared": len(p.cleared)}
print(json.dumps({"seconds": time.perf_counter() - start, **extra}))
"""


def _probe(path: Path, step: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), step], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    import csmo_model as cm

    print("| people | audit (s) | plan (s) | plan / audit | steps | edits | cleared | open |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"org-{n}.json"
            cm.dump(cm.synthetic.organization(n, seed=args.seed), path)
            audit = min(_probe(path, "audit")["seconds"] for _ in range(args.repeat))
            plans = [_probe(path, "plan") for _ in range(args.repeat)]
            best = min(plans, key=lambda r: r["seconds"])
            print(
                f"| {n:,} | {audit:.3f} | {best['seconds']:.3f} | "
                f"{best['seconds'] / audit:.1f}x | {best['steps']:.0f} | {best['edits']:.0f} | "
                f"{best['cleared']:.0f} | {best['open']:.0f} |"
            )


if __name__ == "__main__":
    main()
