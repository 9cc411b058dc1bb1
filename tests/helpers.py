"""Helpers shared by the test modules (on ``sys.path`` through pytest's ``pythonpath``)."""

from __future__ import annotations

from typing import Any


def plain(value: Any) -> Any:
    """*value* with read-only mappings and tuples turned into dicts and lists, as in JSON."""
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if hasattr(value, "items"):
        return {k: plain(v) for k, v in value.items()}
    return value
