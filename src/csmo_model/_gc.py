"""Pausing Python's cyclic garbage collector around bulk construction.

Building millions of small objects triggers the collector again and again,
and each run walks everything built so far: at 10^5 people it costs several
times the construction itself. Nothing built here forms reference cycles, so
the collector has nothing to find during the build; it is restored after.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block, if it was enabled."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
