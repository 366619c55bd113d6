"""Alias audit: no gazetteer name that is only a common word counts as evidence alone.

"Northern" on Sudan's Northern State once filed stories about China, California and
Alaska under Sudan. A name made only of words that describe a place ("Northern State",
"Red Sea") or a single common English word ("Acre", "Perm") counts only where its country
is otherwise named. Every such alias is listed here after review; adding a new one makes
this test fail until it is removed from the overlay or reviewed and added below.
"""

from __future__ import annotations

from newsarchive.vocab import load_vocab

# Reviewed aliases that are common words: each is a real, current name of its place and
# is matched only when the article otherwise names the country.
REVIEWED = {
    ("AM-LO", "Loṙi"), ("IL-Z", "Acre"), ("IQ-BG", "Green Zone"),
    ("LB-AS", "North governorate"), ("LB-JA", "South governorate"), ("LB-JA", "Tyre"),
    ("LY-JA", "Green Mountain"), ("LY-JG", "Western Mountains"), ("PA-3", "Colón"),
    ("PA-8", "Panamá"), ("RU-PER", "Perm"), ("SD-RS", "Red Sea"),
    ("UA-56", "Ровно"),  # Rivne in Russian, and "exactly"
    ("YE-SA", "Capital Secretariat"),
}


def common_word_aliases() -> set[tuple[str, str]]:
    gazetteer = load_vocab().regions
    return {(r.code, a) for r in gazetteer for a in r.aliases
            if gazetteer.is_generic(a, country=r.is_country)}


def test_no_unreviewed_common_word_alias():
    new = common_word_aliases() - REVIEWED
    assert not new, (f"aliases that are common words: {sorted(new)}; remove them in "
                     "regions_overlay.yaml (remove_aliases) or review them here")


def test_audit_catches_the_words_the_issue_names():
    gazetteer = load_vocab().regions
    for word in ("Northern", "Central", "Capital", "Eastern", "Northern State",
                 "Central District", "Red Sea"):
        assert gazetteer.is_generic(word), word
    for name in ("Idlib", "Kharkiv", "West Bank", "Snake Island", "Ivory Coast"):
        assert not gazetteer.is_generic(name), name


def test_common_words_in_primary_names_are_marked_for_context():
    places = {p.label: p for _, p in load_vocab().regions.place_names()
              if p.code == "SD-NO"}
    assert places["Northern State"].generic
    assert "Northern" not in places  # the bare word is gone


def test_city_names_that_are_common_words_count_only_with_context():
    """ "Reading" or "Warsaw" (also a fish) is a common word: the city table keeps it, as
    a name that counts only where the article otherwise names the country."""
    gazetteer = load_vocab().regions
    common = gazetteer.common_words
    cities = [(name, place) for name, place in gazetteer.place_names() if place.kind == "city"]
    for name, place in cities:
        if " " not in name and name.isascii() and name.lower() in common:
            assert place.generic, (name, place)
    warsaw = [p for name, p in cities if name == "Warsaw"]
    assert warsaw and all(p.generic and p.country == "PL" and p.capital for p in warsaw)


def places_by_name() -> dict[str, list]:
    places: dict[str, list] = {}
    for name, place in load_vocab().regions.place_names():
        places.setdefault(name, []).append(place)
    return places


def test_arabic_city_names_that_are_everyday_words_count_only_with_context():
    """ "في بيان" is "in a statement", not Bayan in Kuwait; "بشار" is a first name more
    often than Béchar in Algeria: such names count only where the country is named too.
    The well-known names of cities stay evidence by themselves."""
    places = places_by_name()
    for word in ("بيان", "بشار", "المدينة", "الباب", "بن"):
        assert places[word] and all(p.generic for p in places[word]), word
    for name in ("دمشق", "القاهرة", "بغداد", "حلب", "إدلب"):
        assert places[name] and not any(p.generic for p in places[name]), name


def test_cyrillic_place_names_that_are_everyday_words_count_only_with_context():
    """Every Russian or Ukrainian sentence starts with a capital: "Дума приняла закон" is
    the Russian parliament, not Douma in Syria, and "Атак не было" no attack on Ataq."""
    places = places_by_name()
    for word in ("Дума", "Атак", "Рака", "Боку", "Кампания", "Duma", "Azov"):
        assert places[word] and all(p.generic for p in places[word]), word
    for name in ("Москва", "Київ", "Харків", "Донецьк", "Алеппо"):
        assert places[name] and not any(p.generic for p in places[name]), name


def test_state_named_with_common_political_words_counts_only_with_context():
    """South Africa's "Free State" is also Saxony's and Bavaria's title in English."""
    free_state = places_by_name()["Free State"]
    assert free_state and all(p.generic and p.country == "ZA" for p in free_state)
