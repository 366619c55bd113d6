"""The coverage map's SVG, read back as a browser and a screen reader would get it.

Synthetic regions and counts only ("Velmora", "Karvella"): invented places, some placed
inside a real country's outline to check the view fitted to that country.
"""

from __future__ import annotations

import math
import random

import pytest
from lxml import etree, html

from newsarchive.export import svgmap
from newsarchive.export.projection import project
from newsarchive.export.svgmap import (
    MAX_RADIUS,
    MIN_RADIUS,
    MapPoint,
    legend_values,
    map_table,
    render_map,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'

COUNTS = [1, 2, 7, 35, 120, 999, 4_000, 12_345, 50_000]


def synthetic_points(counts=COUNTS) -> list[MapPoint]:
    """Invented regions spread over Syria's outline and beyond, one per count."""
    out = []
    for i, count in enumerate(counts):
        out.append(MapPoint(code=f"XS-{i:02d}", label=f"Velmora {i}, Karvella",
                            lat=33.0 + 0.5 * i, lon=36.2 + 0.6 * i, count=count,
                            href=f"../regions/xs-{i:02d}/"))
    return out


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"))


def links(root) -> list:
    return root.findall(f".//{SVG}a")


def radius(link) -> float:
    return float(link.find(f"{SVG}circle").get("r"))


def test_one_linked_circle_per_region_with_articles():
    points = [*synthetic_points(), MapPoint("XS-99", "Empty Vale, Karvella", 34.0, 37.0, 0,
                                            "../regions/xs-99/")]
    root = parse(render_map(points, title="Synthetic coverage"))
    found = links(root)
    assert len(found) == len(COUNTS)  # the region without articles gets no circle
    assert sorted(a.get("href") for a in found) == sorted(
        p.href for p in points if p.count)
    assert all(len(a.findall(f"{SVG}circle")) == 1 for a in found)
    # larger circles first, so that small ones stay on top and clickable
    assert [radius(a) for a in found] == sorted((radius(a) for a in found), reverse=True)


def test_radius_is_proportional_to_the_square_root_of_the_count():
    root = parse(render_map(synthetic_points(), title="Synthetic coverage"))
    by_count = {int(a.get("aria-label").split(": ")[1].split()[0].replace(",", "")): radius(a)
                for a in links(root)}
    counts = sorted(by_count)
    radii = [by_count[c] for c in counts]
    assert radii == sorted(radii)  # monotone
    assert by_count[50_000] == MAX_RADIUS
    assert by_count[1] == MIN_RADIUS  # 1 in 50,000 would be invisible: the floor holds
    for count in counts:
        expected = MAX_RADIUS * math.sqrt(count / 50_000)
        if expected > MIN_RADIUS:
            assert by_count[count] == pytest.approx(expected, abs=0.01)


def test_a_single_article_is_still_a_visible_circle():
    root = parse(render_map(synthetic_points([1]), title="Synthetic coverage"))
    assert [radius(a) for a in links(root)] == [MAX_RADIUS]


def test_accessible_names_and_structure():
    points = synthetic_points([1, 35, 12_345])
    root = parse(render_map(points, title="Synthetic coverage map", id_prefix="home-map"))
    assert root.get("role") == "group"
    labelled = root.get("aria-labelledby").split()
    assert labelled == ["home-map-title", "home-map-desc"]
    title = root.find(f"{SVG}title")
    assert title.get("id") == "home-map-title" and title.text == "Synthetic coverage map"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "home-map-desc"
    assert desc.text.startswith("3 regions with 12,381 articles")
    names = {a.get("aria-label") for a in links(root)}
    assert names == {"Velmora 0, Karvella: 1 article", "Velmora 1, Karvella: 35 articles",
                     "Velmora 2, Karvella: 12,345 articles"}
    for a in links(root):
        assert a.find(f"{SVG}title").text == a.get("aria-label")  # the tooltip says the same
        assert a.get("href")  # an <a href> in SVG is in the tab order
        assert a.get("class") == "na-map__link"
    # the outlines and the legend are decoration for assistive technology
    assert root.find(f"{SVG}svg").get("aria-hidden") == "true"
    assert root.find(f".//{SVG}g[@class='na-map__legend']").get("aria-hidden") == "true"


@pytest.mark.parametrize("where", ["label", "code"])
def test_hostile_labels_stay_text(where):
    point = synthetic_points([35])[0]
    fields = {"code": point.code, "label": point.label}
    fields[where] = HOSTILE
    hostile = MapPoint(**fields, lat=point.lat, lon=point.lon, count=35, href=point.href)
    svg = render_map([hostile], title=HOSTILE, description=HOSTILE)
    for root in (parse(svg), html.fromstring(f"<div>{svg}</div>")):
        tags = {etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)}
        assert not tags & {"script", "img", "foreignObject", "iframe"}
        for el in root.iter():
            if isinstance(el.tag, str):
                assert not [k for k in el.attrib if k.lower().startswith("on")]
    root = parse(svg)
    assert root.find(f"{SVG}title").text == HOSTILE  # the text itself is kept, as text
    if where == "label":
        assert links(root)[0].get("aria-label") == f"{HOSTILE}: 35 articles"


def test_control_characters_are_dropped_and_ids_checked():
    point = MapPoint("XS-01", "Vel\x00mora\x1b, Karvella", 33.0, 36.0, 3, "xs-01/")
    root = parse(render_map([point], title="Synthetic\x07 coverage"))  # well-formed XML
    assert links(root)[0].get("aria-label") == "Velmora, Karvella: 3 articles"
    assert root.find(f"{SVG}title").text == "Synthetic coverage"
    with pytest.raises(ValueError, match="id_prefix"):
        render_map([point], title="Synthetic", id_prefix='x" onload="alert(1)')


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>x</script>",
    "vbscript:x", "//evil.example/", "\\\\evil.example\\x", "https:", "", "file:///etc/passwd",
])
def test_unsafe_hrefs_are_refused(href):
    with pytest.raises(ValueError, match="not a relative or http"):
        MapPoint("XS-01", "Velmora, Karvella", 33.0, 36.0, 3, href)


@pytest.mark.parametrize("href", ["../regions/xs-01/", "/regions/xs-01/", "xs-01/",
                                  "https://archive.example.org/regions/xs-01/",
                                  "http://archive.example.org/r?x=1#y", "#xs-01"])
def test_relative_and_http_hrefs_are_kept(href):
    svg = render_map([MapPoint("XS-01", "Velmora, Karvella", 33.0, 36.0, 3, href)],
                     title="Synthetic coverage")
    assert links(parse(svg))[0].get("href") == href


@pytest.mark.parametrize(("lat", "lon", "count"), [
    (91.0, 0.0, 1), (0.0, 181.0, 1), (math.nan, 0.0, 1), (0.0, 0.0, -1), (0.0, 0.0, 2.5),
    (0.0, 0.0, True)])
def test_impossible_points_are_refused(lat, lon, count):
    with pytest.raises(ValueError, match="XS-01"):
        MapPoint("XS-01", "Velmora, Karvella", lat, lon, count, "xs-01/")


def test_same_points_same_bytes_in_any_order():
    points = synthetic_points()
    first = render_map(points, title="Synthetic coverage")
    shuffled = points[:]
    random.Random(7).shuffle(shuffled)
    assert render_map(shuffled, title="Synthetic coverage") == first
    assert render_map(points, focus="SY", title="Syria") == render_map(
        list(reversed(points)), focus="SY", title="Syria")


def _frame(root) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in root.find(f"{SVG}svg").get("viewBox").split())


def test_country_view_contains_the_country_and_its_points():
    inside = [MapPoint(f"XS-{i}", f"Velmora {i}, Karvella", lat, lon, 10 * (i + 1),
                       f"xs-{i}/")
              for i, (lat, lon) in enumerate([(36.2, 37.1), (33.5, 36.3), (35.3, 40.1)])]
    far = MapPoint("XF-1", "Far Velmora, Karvella", -10.0, -60.0, 500, "xf-1/")
    root = parse(render_map([*inside, far], focus="SY", title="Syria"))
    x, y, w, h = _frame(root)
    west, south, east, north = svgmap.outlines()["detail"]["SY"]["bounds"]
    for lat, lon in [(south, west), (south, east), (north, west), (north, east)]:
        px, py = project(lat, lon)
        assert x <= px <= x + w and y <= py <= y + h
    assert w < 100  # fitted to the country, not the world (1000 units wide)
    focused = root.findall(f".//{SVG}path[@class='na-map__focus']")
    assert [p.get("d") for p in focused] == [svgmap.outlines()["detail"]["SY"]["d"]]
    assert len(root.findall(f".//{SVG}svg/{SVG}g/{SVG}path")) > 3  # neighbours drawn too
    # the points in Syria are drawn, the one on another continent is not
    assert sorted(a.get("href") for a in links(root)) == ["xs-0/", "xs-1/", "xs-2/"]
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    for a in links(root):
        c = a.find(f"{SVG}circle")
        assert 0 <= float(c.get("cx")) <= width and 0 <= float(c.get("cy")) <= height


def test_world_view_draws_every_country_outline():
    root = parse(render_map(synthetic_points(), title="Synthetic coverage"))
    w = _frame(root)[2]
    assert w == 1000  # the whole world
    paths = root.findall(f".//{SVG}g[@class='na-map__land']/{SVG}path")
    assert len(paths) == len(svgmap.outlines()["world"]["paths"]) > 200
    assert root.find(f".//{SVG}clipPath") is not None  # clipped to the world's outline


def test_unknown_focus_fits_the_points():
    points = synthetic_points([5, 50])
    root = parse(render_map(points, focus="XX", title="Nowhere"))
    assert _frame(root)[2] < 100
    assert len(links(root)) == 2


@pytest.mark.parametrize(("largest", "values"), [
    (50_000, [50_000, 5_000, 500]), (12_345, [10_000, 1_000, 100]), (35, [20, 2]),
    (7, [5]), (1, [1]), (0, [])])
def test_legend_values(largest, values):
    assert legend_values(largest) == values


def test_legend_draws_reference_circles_on_the_same_scale():
    root = parse(render_map(synthetic_points(), title="Synthetic coverage"))
    legend = root.find(f".//{SVG}g[@class='na-map__legend']")
    radii = [float(c.get("r")) for c in legend.findall(f"{SVG}circle")]
    assert radii[0] == MAX_RADIUS  # 50,000, the largest region
    assert radii[1] == pytest.approx(MAX_RADIUS * math.sqrt(0.1), abs=0.01)
    texts = [t.text for t in legend.findall(f"{SVG}text")]
    assert {"50,000", "5,000", "500"} <= set(texts)
    assert any("Natural Earth" in (t.text or "") for t in legend.findall(f"{SVG}text"))
    assert texts[0] == "Articles"


def test_table_rows_most_articles_first():
    points = [*synthetic_points([35, 2, 35, 0])]
    rows = map_table(points)
    assert [(r.label, r.count) for r in rows] == [
        ("Velmora 0, Karvella", 35), ("Velmora 2, Karvella", 35), ("Velmora 1, Karvella", 2)]
    assert [r.href for r in rows] == ["../regions/xs-00/", "../regions/xs-02/",
                                      "../regions/xs-01/"]


def test_no_script_or_external_reference():
    svg = render_map(synthetic_points(), focus="SY", title="Syria")
    root = parse(svg)
    for el in root.iter():
        for key, value in el.attrib.items():
            if key in ("href", "{http://www.w3.org/1999/xlink}href"):
                assert el.tag == f"{SVG}a"  # only the region links
            assert "url(http" not in value
    assert "<script" not in svg and "@import" not in svg
