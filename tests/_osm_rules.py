"""Independent transcription of osmnx's documented ``drive_service`` rules, for tests.

Written from osmnx's documentation, not read from osmnx, so a test that counts a graph
with these rules checks eipgeo's filter against an independent reference.
"""

from __future__ import annotations

import re

EXCLUDED_HIGHWAY = (
    "abandoned|bridleway|bus_guideway|construction|corridor|cycleway|elevator|"
    "escalator|footway|no|path|pedestrian|planned|platform|proposed|raceway|"
    "razed|rest_area|services|steps|track"
)
EXCLUDED_SERVICE = "emergency_access|parking|parking_aisle|private"


def drivable(tags: dict[str, str]) -> bool:
    """Whether a way with ``tags`` is in a ``drive_service`` graph."""
    if "highway" not in tags:
        return False
    checks = [
        ("area", "yes"),
        ("access", "private"),
        ("highway", EXCLUDED_HIGHWAY),
        ("motor_vehicle", "no"),
        ("motorcar", "no"),
        ("service", EXCLUDED_SERVICE),
    ]
    return not any(k in tags and re.search(rx, tags[k]) for k, rx in checks)
