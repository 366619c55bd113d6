"""Cities of the generated gazetteer carry their first-level subdivision.

GeoNames numbers first-level divisions its own way; scripts/build_gazetteer.py maps
those codes to ISO 3166-2 (by name, by codes that are the ISO suffixes, or from
GeoNames' code list where divisions are not named after a city). These are facts of the
public gazetteer data, not of any article.
"""

from __future__ import annotations

import pytest

from newsarchive.vocab import load_vocab


@pytest.fixture(scope="module")
def city_regions() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, place in load_vocab().regions.place_names():
        if place.kind == "city":
            out.setdefault(name, set()).add(place.code)
    return out


@pytest.mark.parametrize(("city", "code"), [
    ("Munich", "DE-BY"), ("Freiburg", "DE-BW"), ("Leipzig", "DE-SN"),  # names unlike cities
    ("Linz", "AT-4"), ("Graz", "AT-6"),  # "04" is the ISO suffix "4"
    ("Gdańsk", "PL-22"), ("Kraków", "PL-12"),
    ("Glasgow", "GB-SCT"), ("Cardiff", "GB-WLS"),  # letter codes that are ISO suffixes
    ("Hohhot", "CN-NM"), ("Chengdu", "CN-SC"),
])
def test_city_has_its_subdivision(city_regions, city, code):
    assert code in city_regions[city], (city, city_regions.get(city))


def test_inner_mongolia_is_named():
    gazetteer = load_vocab().regions
    assert "Inner Mongolia" in {n for n, p in gazetteer.place_names() if p.code == "CN-NM"}


@pytest.fixture(scope="module")
def names_by_code() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, place in load_vocab().regions.place_names():
        out.setdefault(place.code, set()).add(name)
    return out


def test_states_of_other_countries_are_named(names_by_code):
    # First-level divisions named in news ("Senator for Yobe", "in Borno") place the story.
    assert "Yobe" in names_by_code["NG-YO"]
    assert "Borno" in names_by_code["NG-BO"]


def test_subdivision_names_that_do_not_tell_where_are_left_out(names_by_code):
    # Common words of a news language ("para" is Portuguese "for"), names shared with
    # another country's subdivision, compass words, small districts named like phrases.
    assert not {"Pará", "Para"} & names_by_code.get("BR-PA", set())
    assert "Falcón" not in names_by_code.get("VE-I", set())
    assert "Sud-Ouest" not in names_by_code.get("BF-13", set())
    assert "Long Island" not in names_by_code.get("BS-LI", set())
    assert "El Valle" not in names_by_code.get("DO-37", set())  # "the valley"


def test_state_names_of_common_words_or_shared_with_a_foreign_city_are_kept(names_by_code):
    # "Santa Catarina" is also a Mexican city, and both its words are common Portuguese
    # words; ingest settles such a name by the other evidence (tests/ingest/test_places).
    assert "Santa Catarina" in names_by_code["BR-SC"]
    assert "Santa Catarina" in names_by_code["MX"] | names_by_code.get("MX-NLE", set()) | {
        n for code, names in names_by_code.items() if code.startswith("MX-") for n in names}
    assert "Minas Gerais" in names_by_code["BR-MG"]
    assert "Western Cape" in names_by_code["ZA-WC"]
    assert "New South Wales" in names_by_code["AU-NSW"]
    # Descriptive words only: kept, and counted only where Australia is named.
    territory = [p for n, p in load_vocab().regions.place_names() if n == "Northern Territory"]
    assert territory and all(p.generic and p.code == "AU-NT" for p in territory)


def test_a_state_named_like_a_big_foreign_city_does_not_take_its_datelines():
    # "San Jose" is a Costa Rican province and a Californian city of a million people:
    # with the dateline's state the city is meant (it once went to Costa Rica).
    from newsarchive.ingest.places import PlaceInference

    places = PlaceInference(load_vocab().regions)
    filler = " This is synthetic filler text for the newsarchive test suite." * 3
    body = f"SAN JOSE, Calif. (Synthetic Wire) - Filler council met.{filler}\n\nFiller.{filler}"
    assert places.infer("Filler council meets", body, "en").region == "US-CA"
    body = f"NEW BRUNSWICK, N.J. (Synthetic Wire) - Filler met.{filler}\n\nFiller.{filler}"
    assert places.infer("Filler council meets", body, "en").region == "US-NJ"
    body = f"KOCHI, India (Synthetic Wire) - Filler council met.{filler}\n\nFiller.{filler}"
    assert places.infer("Filler council meets", body, "en").region.split("-")[0] == "IN"
