"""Every place of the gazetteer has a point on the map, inside its country.

The points come from coordinates.tsv (scripts/build_gazetteer.py: Natural Earth label
points, else GeoNames towns); the country outlines they are checked against come from
another Natural Earth layer (export/data/outlines.json), so a point matched to the wrong
place shows up here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsarchive.export.svgmap import OUTLINES
from newsarchive.vocab import DATA_DIR, load_vocab
from newsarchive.vocab.regions import Gazetteer

# The countries whose subdivisions the archive covers in full (SUBDIVISION_COUNTRIES of
# scripts/build_gazetteer.py).
CONFLICT_COUNTRIES = ["SY", "UA", "RU", "IL", "PS", "LB", "IQ", "YE", "SD", "LY", "AF", "TR",
                      "IR", "SS", "SO", "ML", "MM", "ET", "AM", "AZ", "GE", "MD"]
# Subdivisions of those that neither source has: Natural Earth maps Somaliland as one unit
# and predates Ethiopia's Sidama and South West regions (2020-21) and Yemen's Socotra
# governorate; their capitals' GeoNames names differ from the subdivisions'.
NO_POINT = {"ET-SI", "ET-SW", "SO-AW", "SO-SA", "SO-SO", "SO-TO", "YE-SU"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_vocab().regions


@pytest.fixture(scope="module")
def bounds() -> dict[str, list[float]]:
    detail = json.loads(OUTLINES.read_text(encoding="utf-8"))["detail"]
    return {code: entry["bounds"] for code, entry in detail.items()}


def _inside(point: tuple[float, float], box: list[float], pad: float) -> bool:
    lat, lon = point
    west, south, east, north = box
    return south - pad <= lat <= north + pad and west - pad <= lon <= east + pad


def test_conflict_countries_have_every_point_inside_the_country(gazetteer, bounds):
    outside, missing = [], []
    for region in gazetteer:
        if region.country not in CONFLICT_COUNTRIES:
            continue
        point = gazetteer.point(region.code)
        if point is None:
            missing.append(region.code)
        elif not _inside(point, bounds[region.country], pad=0.05):
            outside.append((region.code, point))
    assert sorted(missing) == sorted(NO_POINT)
    assert outside == []


def test_every_point_is_near_its_country(gazetteer, bounds):
    """All 2,999 places: within 3 degrees of the country's 1:50m outline (which leaves out
    small far islands: Maldives atolls, Seychelles outer islands, Tristan da Cunha)."""
    checked, outside = 0, []
    for region in gazetteer:
        point = gazetteer.point(region.code)
        if point is None or region.country not in bounds:
            continue
        checked += 1
        if not _inside(point, bounds[region.country], pad=3.0):
            outside.append((region.code, point))
    assert checked > 2800
    # Overseas parts ISO files under France that Natural Earth maps as countries.
    assert {code for code, _ in outside} <= {"FR-NC", "FR-PF", "FR-WF", "FR-BL", "SB-TE"}


def test_almost_every_place_has_a_point(gazetteer):
    without = [r.code for r in gazetteer if gazetteer.point(r.code) is None]
    assert len(without) / len(gazetteer) < 0.05, without
    countries = [r.code for r in gazetteer if r.is_country and gazetteer.point(r.code) is None]
    assert countries == ["BV", "TK"]  # Bouvet Island (no people), Tokelau: in no source


@pytest.mark.parametrize(("code", "near"), [
    ("SY-ID", (35.93, 36.63)),  # Idlib
    ("UA-43", (45.0, 34.1)),  # Crimea
    ("IQ-NI", (36.3, 43.1)),  # Nineveh: Mosul
    ("SY", (35.0, 38.5)),
])
def test_known_places(gazetteer, code, near):
    lat, lon = gazetteer.point(code)
    assert abs(lat - near[0]) < 1.5 and abs(lon - near[1]) < 1.5


def test_points_are_read_only_when_asked(tmp_path: Path):
    for name in ("regions.yaml", "coordinates.tsv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    gazetteer = Gazetteer.load(tmp_path / "regions.yaml")
    assert "_points" not in vars(gazetteer)  # loading the gazetteer does not read them
    (tmp_path / "coordinates.tsv").write_text("# synthetic\nSY\t1.5\t2.5\tne-admin0\n",
                                              encoding="utf-8")
    assert gazetteer.point("SY") == (1.5, 2.5)
    assert gazetteer.point("SY-ID") is None
