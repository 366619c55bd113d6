"""The Equal Earth map projection (Šavrič, Patterson, Jenny 2018), in map units.

An equal-area projection with straight parallels: areas compare truly and the world
fits a 2:1 rectangle with rounded sides. ``project`` returns SVG coordinates (y grows
downward) on a frame where the full world spans ``WIDTH`` units from west to east.
"""

from __future__ import annotations

import math

WIDTH = 1000.0  # map units from 180° W to 180° E at the equator

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
# x of (lon 180°, lat 0°) is 2 * sqrt(3) * pi / (3 * A1) for a unit sphere.
_R = WIDTH / 2 / (2 * math.sqrt(3) * math.pi / (3 * _A1))


def project(lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in map units of a point in degrees; (0, 0) is lat 0, lon 0.

    Longitudes beyond ±180° are not wrapped: outlines drawn across the antimeridian
    continue past the edge of the world, where the map's frame cuts them off.
    """
    lam = math.radians(lon)
    theta = math.asin(_M * math.sin(math.radians(max(-90.0, min(90.0, lat)))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * lam * math.cos(theta)
         / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x * _R, -y * _R
