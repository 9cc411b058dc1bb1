"""Shared fixtures and Hypothesis profiles.

Profiles (choose with the ``HYPOTHESIS_PROFILE`` environment variable):

``ci``
    The default: no deadline (CI machines are slow and noisy), the usual
    example counts, and the per-test counts some tests set themselves.
``fuzz``
    On demand: many more examples for the round-trip and fuzz properties,
    e.g. ``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from csmo_model import examples

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    deadline=None,
    print_blob=True,
    max_examples=50_000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def acme_text() -> str:
    """The YAML source of the shipped Acme Outdoor example."""
    return examples.text("acme")
