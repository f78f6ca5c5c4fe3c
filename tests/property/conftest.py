"""Hypothesis profiles for the property suite, chosen with HYPOTHESIS_PROFILE (default ``ci``).

- ``ci``: derandomized (reproducible), enough examples to find real bugs in CI's budget.
- ``dev``: random, a quarter of ci's examples, for a quick local run.
- ``thorough``: random, twenty times ci's examples, with the example database.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Examples per property in the ci profile; other profiles scale from it.
CI_EXAMPLES = 150
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile("ci", max_examples=CI_EXAMPLES, deadline=None, derandomize=True,
                          database=None, print_blob=True, suppress_health_check=_QUIET)
settings.register_profile("dev", max_examples=CI_EXAMPLES // 4, deadline=None,
                          suppress_health_check=_QUIET)
settings.register_profile("thorough", max_examples=CI_EXAMPLES * 20, deadline=None,
                          print_blob=True, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def scaled(fraction: float) -> settings:
    """Settings with ``fraction`` of the profile's examples, for properties that are costly."""
    return settings(max_examples=max(3, round(settings().max_examples * fraction)))
