"""The coverage map: a static, accessible SVG of where the archive's articles are.

``render_map`` draws country outlines (Natural Earth, ``data/outlines.json``, built by
``scripts/build_map_outlines.py``) in the Equal Earth projection, either the whole world
or a view fitted to one country, and one linked circle per region that has articles,
its area proportional to the count. No script, no external request; the same points
give the same bytes. ``map_table`` gives the same counts as rows for the table that
stands in for the map on small screens and for screen readers.

Styling: presentation attributes give a legible map on their own; the classes
(``na-map``, ``na-map__land``, ``na-map__focus``, ``na-map__link``, ``na-map__dot``,
``na-map__legend``) are hooks for the site's CSS (``svgmap.css`` next to this module has
the focus ring and the dark scheme).
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsarchive.export.projection import project

OUTLINES = Path(__file__).with_name("data") / "outlines.json"
CSS = Path(__file__).with_name("svgmap.css")

WIDTH = 960  # width of the drawing in SVG units; the page scales it to its column
MAX_RADIUS = 28.0  # the region with the most articles
MIN_RADIUS = 3.0  # the smallest circle that stays visible and clickable
LEGEND_HEIGHT = 2 * MAX_RADIUS + 20
LEGEND_START, LEGEND_STEP = 150, 190  # x of the first reference circle, and between two
MIN_ASPECT, MAX_ASPECT = 0.45, 0.62
COARSE_VIEW = 150.0  # map units: a wider view is drawn with the world map's outlines  # height / width of a map fitted to one country

DOT_STYLE = {"fill": "#c2410c", "fill-opacity": "0.6", "stroke": "#7c2d12", "stroke-width": "1"}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # no XML 1.0 character
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A region with articles: where its circle goes and where it links.

    ``label`` is the region's human name ("Idlib, Syria"); ``href`` a relative URL or an
    absolute ``http(s)`` one (anything else, ``javascript:`` for one, is refused).
    """

    code: str
    label: str
    lat: float
    lon: float
    count: int
    href: str

    def __post_init__(self) -> None:
        if not check_href(self.href):
            raise ValueError(f"map point {self.code}: href {self.href!r} is not a relative "
                             "or http(s) URL (give the region page's URL)")
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)
                and -90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"map point {self.code}: ({self.lat}, {self.lon}) is not a "
                             "latitude and longitude in degrees")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise ValueError(f"map point {self.code}: count {self.count!r} is not a whole "
                             "number of articles")


@dataclass(frozen=True, slots=True)
class MapRow:
    """One row of the table that goes with the map."""

    code: str
    label: str
    count: int
    href: str


def check_href(href: str) -> bool:
    """True for a relative URL or an absolute http(s) one, with no space or control
    character (which browsers strip, so that ``java\\tscript:`` would run)."""
    if not href or _UNSAFE.search(href) or href.startswith("//"):
        return False
    match = _SCHEME.match(href)
    if match is None:
        return True
    return match.group(0).lower() in ("http:", "https:") and len(href) > len(match.group(0)) + 2


def circle_radius(count: int, largest: int, *, max_radius: float = MAX_RADIUS,
                  min_radius: float = MIN_RADIUS) -> float:
    """Radius of a region's circle: area proportional to ``count``; ``largest`` gets
    ``max_radius``, and no circle is smaller than ``min_radius``."""
    if count <= 0 or largest <= 0:
        return 0.0
    return max(min_radius, max_radius * math.sqrt(count / largest))


def map_table(points: Sequence[MapPoint]) -> list[MapRow]:
    """The regions that have articles, most articles first (then by label)."""
    rows = [MapRow(p.code, p.label, p.count, p.href) for p in points if p.count > 0]
    return sorted(rows, key=lambda r: (-r.count, r.label.casefold(), r.code))


def accessible_name(point: MapPoint, noun: tuple[str, str] = ("article", "articles")) -> str:
    """ "Idlib, Syria: 35 articles" """
    return _text(f"{point.label}: {point.count:,} {noun[0] if point.count == 1 else noun[1]}")


def _text(value: str) -> str:
    """Text with the control characters XML cannot carry removed (the rest is escaped
    when the SVG is written)."""
    return _NOT_XML.sub("", value)


@lru_cache(maxsize=1)
def outlines() -> dict:
    """The vendored outlines (read once)."""
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


def render_map(points: Sequence[MapPoint], *, focus: str | None = None, title: str,
               description: str | None = None, id_prefix: str = "na-map",
               noun: tuple[str, str] = ("article", "articles")) -> str:
    """The map as an inline ``<svg>`` element (a string, no XML declaration).

    ``focus`` (an ISO 3166-1 alpha-2 code) fits the view to that country, drawn with its
    neighbours at the finer scale; points outside the view are left out of the drawing
    (not of ``map_table``). Without ``focus`` the whole world is shown. ``title`` names
    the map for assistive technology; ``description`` adds to it (by default a sentence
    with the number of regions and articles). ``id_prefix`` keeps the ids unique when a
    page has two maps. ``noun`` is the singular and plural of what is counted.
    """
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r}: use letters, digits, '-' and '_'")
    data = outlines()
    shown = [p for p in points if p.count > 0]
    view, paths, focused = _view(data, focus, shown)
    vx, vy, vw, vh = view
    scale = WIDTH / vw
    map_height = vh * scale
    height = map_height + LEGEND_HEIGHT

    def place(point: MapPoint) -> tuple[float, float]:
        x, y = project(point.lat, point.lon)
        return (x - vx) * scale, (y - vy) * scale

    placed = [(p, *place(p)) for p in shown]
    placed = [(p, x, y) for p, x, y in placed
              if -1 <= x <= WIDTH + 1 and -1 <= y <= map_height + 1]
    largest = max((p.count for p, _, _ in placed), default=0)
    total = sum(p.count for p, _, _ in placed)

    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {WIDTH} {_n(height)}",
        "class": "na-map" + (" na-map--country" if focused else " na-map--world"),
        "role": "group",
        "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
    })
    ET.SubElement(svg, "title", {"id": f"{id_prefix}-title"}).text = _text(title)
    if description is None:
        regions = len(placed)
        description = (f"{regions:,} {'region' if regions == 1 else 'regions'} with "
                       f"{total:,} {noun[0] if total == 1 else noun[1]}; each circle links "
                       "to its region and its area is proportional to the count.")
    ET.SubElement(svg, "desc", {"id": f"{id_prefix}-desc"}).text = _text(description)

    frame = ET.SubElement(svg, "svg", {
        "x": "0", "y": "0", "width": str(WIDTH), "height": _n(map_height),
        "viewBox": " ".join(_n(v) for v in view), "aria-hidden": "true",
        "class": "na-map__frame"})
    sea = {"fill": "#eaf1f7", "class": "na-map__sea"}
    if focused or focus:
        ET.SubElement(frame, "rect", {"x": _n(vx), "y": _n(vy), "width": _n(vw),
                                      "height": _n(vh), **sea})
    else:
        ET.SubElement(frame, "path", {"d": _sphere(), **sea})
        clip = ET.SubElement(ET.SubElement(frame, "defs"), "clipPath",
                             {"id": f"{id_prefix}-world"})
        ET.SubElement(clip, "path", {"d": _sphere()})
    land = ET.SubElement(frame, "g", {
        "class": "na-map__land", "fill": "#d9dde1", "stroke": "#ffffff",
        "stroke-width": "0.75", "stroke-linejoin": "round", "fill-rule": "evenodd"})
    if not (focused or focus):  # outlines over the antimeridian stop at the world's edge
        land.set("clip-path", f"url(#{id_prefix}-world)")
    for code, d in paths:
        attrs = {"d": d, "vector-effect": "non-scaling-stroke"}
        if code == focused:
            attrs.update({"class": "na-map__focus", "fill": "#c4cad0"})
        ET.SubElement(land, "path", attrs)

    dots = ET.SubElement(svg, "g", {"class": "na-map__dots", **DOT_STYLE})
    for point, x, y in sorted(placed, key=lambda t: (-t[0].count, t[0].code)):
        name = accessible_name(point, noun)
        link = ET.SubElement(dots, "a", {"href": point.href, "class": "na-map__link",
                                         "aria-label": name})
        ET.SubElement(link, "title").text = name
        ET.SubElement(link, "circle", {
            "cx": _n(x), "cy": _n(y), "r": _n(circle_radius(point.count, largest)),
            "class": "na-map__dot"})

    _legend(svg, largest, map_height, noun, data["attribution"])
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def legend_values(largest: int) -> list[int]:
    """Up to three round counts (1, 2, 5 times a power of ten) for the legend's circles,
    the largest not above ``largest``, each about a tenth of the one before."""
    if largest <= 0:
        return []
    power = 10 ** (len(str(largest)) - 1)
    top = max(m * power for m in (1, 2, 5) if m * power <= largest)
    values = [top]
    while len(values) < 3 and values[-1] >= 10:
        values.append(values[-1] // 10)
    return values


def _legend(svg: ET.Element, largest: int, top: float, noun: tuple[str, str],
            attribution: str) -> None:
    """Reference circles below the map, on a fixed grid roomy enough for the larger
    type that ``svgmap.css`` sets on small screens; the credit sits in the map's corner."""
    legend = ET.SubElement(svg, "g", {"class": "na-map__legend", "aria-hidden": "true",
                                      "font-size": "15", "fill": "currentColor"})
    base = top + LEGEND_HEIGHT - 10  # circles stand on this line
    values = legend_values(largest)
    if values:
        ET.SubElement(legend, "text", {"x": "12", "y": _n(base - 4)}).text = (
            noun[1].capitalize())
    for i, value in enumerate(values):
        x = LEGEND_START + i * LEGEND_STEP
        r = circle_radius(value, largest)
        ET.SubElement(legend, "circle", {
            "cx": _n(x + r), "cy": _n(base - r), "r": _n(r), "class": "na-map__dot",
            **DOT_STYLE})
        ET.SubElement(legend, "text", {"x": _n(x + 2 * r + 8), "y": _n(base - 4)}).text = (
            f"{value:,}")
    credit = ET.SubElement(legend, "text", {
        "x": str(WIDTH - 8), "y": _n(top - 8), "text-anchor": "end", "font-size": "11",
        "class": "na-map__credit", "stroke": "#ffffff", "stroke-width": "3",
        "stroke-opacity": "0.7", "paint-order": "stroke"})
    credit.text = "Made with Natural Earth"
    ET.SubElement(credit, "title").text = attribution


def _view(data: dict, focus: str | None, points: Sequence[MapPoint]
          ) -> tuple[tuple[float, float, float, float], list[tuple[str, str]], str | None]:
    """The view box (map units), the outlines to draw, and the focused country."""
    detail = data["detail"]
    if focus and focus in detail:
        box = detail[focus]["focus"]
    elif focus and points:
        xy = [project(p.lat, p.lon) for p in points]
        box = [min(x for x, _ in xy), min(y for _, y in xy),
               max(x for x, _ in xy), max(y for _, y in xy)]
    else:
        x0, y0, x1, y1 = data["world"]["box"]
        world = (x0, y0, x1 - x0, y1 - y0)
        return world, sorted(data["world"]["paths"].items()), None
    x0, y0, x1, y1 = box
    margin = max(x1 - x0, y1 - y0, 4.0) * 0.2  # neighbours, for orientation
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    w, h = x1 - x0, y1 - y0
    if h / w > MAX_ASPECT:  # a tall country: widen the view
        grow = h / MAX_ASPECT - w
        x0, w = x0 - grow / 2, w + grow
    elif h / w < MIN_ASPECT:  # a wide one: heighten it
        grow = w * MIN_ASPECT - h
        y0, h = y0 - grow / 2, h + grow
    view = (x0, y0, w, h)
    # A view of a large country (Russia, Canada) needs no more than the world's outlines.
    world = data["world"]["paths"]
    paths = [(code, e["d"] if w < COARSE_VIEW else world[code])
             for code, e in sorted(detail.items())
             if e["box"][0] <= x0 + w and e["box"][2] >= x0
             and e["box"][1] <= y0 + h and e["box"][3] >= y0]
    return view, paths, focus if focus in detail else None


@lru_cache(maxsize=1)
def _sphere() -> str:
    """The outline of the whole world in the projection (its rounded sides)."""
    east = [project(lat, 180) for lat in range(-90, 91, 5)]
    west = [project(lat, -180) for lat in range(90, -91, -5)]
    return "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in east + west) + "Z"


def _n(value: float) -> str:
    """A coordinate as short, stable text (two decimals at most)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
