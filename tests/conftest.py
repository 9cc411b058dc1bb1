"""Shared fixtures and Hypothesis profiles.

Profiles (choose with the ``HYPOTHESIS_PROFILE`` environment variable):

``dev``
    The default, for the README's ``python -m pytest``: few examples per
    property (10), so the whole suite runs in about a minute.
``ci``
    What ``.ci/run`` selects: Hypothesis's usual 100 examples per property,
    scaled per test as below.
``fuzz``
    On demand: many more examples for the round-trip and fuzz properties,
    e.g. ``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py``.

Every profile has no deadline (shared machines are slow and noisy). A test
that needs more or fewer examples than the others says so *relative to the
profile*, as a multiple of ``settings().max_examples`` read at import (the
profile is loaded here, before any test module is imported), never as a
fixed count that would defeat the profile: e.g. the fuzz test runs
``20 * settings().max_examples`` inputs, 200 under ``dev``, 2,000 under ``ci``.

Tests marked ``slow`` (``@pytest.mark.slow``) are left out of the README's
command (``-m "not slow"`` in ``pyproject.toml``); ``.ci/run`` runs them with
``-m slow``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from csmo_model import examples

settings.register_profile("dev", max_examples=10, deadline=None, print_blob=True)
settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    max_examples=2_500,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def acme_text() -> str:
    """The YAML source of the shipped Acme Outdoor example."""
    return examples.text("acme")


if os.environ.get("CSMO_YAML_STRICT_ONLY") == "1":
    # .ci/run runs the YAML tests a second time this way: the strict loader
    # reads everything, as where yaml-rs is not installed (csmo_model/_parse.py).
    from csmo_model import _parse

    _parse._fast_yaml = None
