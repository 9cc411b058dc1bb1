"""Time one draw of csmo_model.testing.organizations() at its default size.

Issue 14 asks that a draw at the default size stays under 20 ms. Hypothesis draws
inside a test, so the script runs a property with a known number of examples and
divides (generation, shrinking off, no database, no deadline).

    python benchmarks/strategies.py --examples 500
"""

from __future__ import annotations

import argparse
import time

from hypothesis import HealthCheck, Phase, given, settings

from csmo_model.testing import organizations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=500)
    args = parser.parse_args()
    rows = []
    for label, strategy in (
        ("organizations()", organizations()),
        (
            "organizations(require_lead=True, min_roles=1)",
            organizations(require_lead=True, min_roles=1),
        ),
    ):
        seen = 0

        @settings(
            max_examples=args.examples,
            phases=[Phase.generate],
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def draw(org: object) -> None:
            nonlocal seen
            seen += 1

        start = time.perf_counter()
        draw()
        rows.append((label, (time.perf_counter() - start) / seen * 1000, seen))
    print("| strategy | ms per draw | draws |")
    print("|---|---:|---:|")
    for label, ms, n in rows:
        print(f"| `{label}` | {ms:.1f} | {n} |")


if __name__ == "__main__":
    main()
