"""Render the pictures shown on the Jupyter page (docs/jupyter.md) into this folder.

The documentation build does not draw them: it must stay fast, offline and free of
matplotlib. Run this script again when :mod:`csmo_model.plot` or the shipped examples
change, look at the pictures, and commit them::

    python docs/_static/render.py

It uses matplotlib's Agg backend (no window, no display needed) and writes PNGs
without the "Software" metadata entry, so the files depend only on the pictures
(and on the matplotlib and font versions that drew them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import csmo_model as cm

if TYPE_CHECKING:
    from matplotlib.axes import Axes

HERE = Path(__file__).resolve().parent
DPI = 100


def _save(ax: Axes, name: str) -> None:
    path = HERE / name
    ax.figure.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(ax.figure)
    print(f"wrote {path.relative_to(HERE.parent.parent)}")


def main() -> None:
    # Each example shows off what its picture marks: a vacancy, a dotted line and
    # findings (acme); coverage gaps (marketing-owned); single points of failure in
    # the social lead's ties (agency-run).
    acme = cm.examples.load("acme")
    _save(cm.plot.org_chart(acme, findings=cm.audit(acme)), "plot-org-chart.png")
    _save(cm.plot.raci(cm.examples.load("marketing-owned")), "plot-raci.png")
    _save(cm.plot.ties(cm.examples.load("agency-run")), "plot-ties.png")


if __name__ == "__main__":
    main()
