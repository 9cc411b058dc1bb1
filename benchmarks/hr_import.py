"""Peak memory and time of importing an HR CSV export (csmo_model.interop.from_hr_csv).

Issue 17 asks that a 10^6-row (about 51 MB) CSV import peaks under 1.5 GB. The script
writes a CSV of N rows (``id,name,title,department,manager_id,capacity``: ids ``e1``,
``e2``..., a reporting tree, about one department per 200 people, about 51 bytes a row),
then measures, each in a fresh process:

- *before*: the process's resident memory after ``import csmo_model``;
- *peak*: its peak resident memory (``ru_maxrss``) over ``from_hr_csv``;
- *after*: its resident memory once the import has returned and the file's text is
  gone, with the organization still held: what the model itself takes;
- *seconds*: the wall time of ``from_hr_csv``;

and the whole command, ``csmo import FILE OUT.json`` and ``OUT.yaml`` (read, check,
write), in a fresh process each: its peak resident memory and wall time.

With ``--baseline-src DIR`` (the ``src`` folder of another checkout) the same import
is measured on that code too, alternating with this one.

    python benchmarks/hr_import.py --rows 100000 1000000
    python benchmarks/hr_import.py --rows 100000 --baseline-src /tmp/main-src
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

TITLES = ("Analyst", "Engineer", "Designer", "Manager", "Specialist", "Coordinator")

_PROBE = r"""
import gc, json, resource, sys, time, warnings

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

import csmo_model
from csmo_model.interop import from_hr_csv

gc.collect()
before = rss_mb()
start = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    org = from_hr_csv(sys.argv[1], max_bytes=None)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
gc.collect()
after = rss_mb()
assert len(org.people) == int(sys.argv[2]), len(org.people)
print(json.dumps({"before": before, "peak": peak, "after": after, "seconds": seconds}))
"""

_COMMAND = r"""
import json, resource, sys, time
from csmo_model.cli import main
start = time.perf_counter()
status = main(["import", sys.argv[1], sys.argv[2], "--max-bytes", "1000000000", "--force"])
seconds = time.perf_counter() - start
assert status == 0, status
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak": peak, "seconds": seconds}))
"""


def write_csv(path: Path, rows: int, seed: int = 0) -> None:
    """A CSV export of *rows* people in a reporting tree (each row's manager comes before it)."""
    rnd = random.Random(seed)
    departments = max(1, rows // 200)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,name,title,department,manager_id,capacity\n")
        for i in range(1, rows + 1):
            manager = f"e{rnd.randint(max(1, i // 8), i - 1)}" if i > 1 else ""
            capacity = "1.0" if rnd.random() < 0.9 else "0.5"
            out.write(
                f"e{i},Person {i},{rnd.choice(TITLES)},Dept {rnd.randrange(departments)},"
                f"{manager},{capacity}\n"
            )


def _measure(src: Path, probe: str, *argv: object) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", probe, *map(str, argv)],
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--baseline-src", help="a src/ folder to measure side by side")
    args = parser.parse_args()
    trees = [("this", SRC)]
    if args.baseline_src:
        trees.append(("baseline", Path(args.baseline_src)))
    imports, commands = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = Path(tmp) / f"hr-{rows}.csv"
            write_csv(path, rows)
            mb = path.stat().st_size / 2**20
            for label, src in trees:
                m = _measure(src, _PROBE, path, rows)
                imports.append(
                    f"| {rows:,} | {label} | {mb:.1f} | {m['before']:.0f} | {m['peak']:.0f} "
                    f"| {m['after']:.0f} | {m['seconds']:.2f} |"
                )
                print(imports[-1], flush=True)
            for suffix in (".json", ".yaml"):
                for label, src in trees:
                    m = _measure(src, _COMMAND, path, Path(tmp) / f"out{suffix}")
                    commands.append(
                        f"| {rows:,} | {label} | `csmo import` to {suffix} | {m['peak']:.0f} "
                        f"| {m['seconds']:.2f} |"
                    )
                    print(commands[-1], flush=True)
    print()
    print("| rows | code | file (MB) | before (MB) | peak (MB) | after (MB) | seconds |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(imports))
    print()
    print("| rows | code | command | peak (MB) | seconds |")
    print("|---:|---|---|---:|---:|")
    print("\n".join(commands))


if __name__ == "__main__":
    main()
