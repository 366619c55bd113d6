"""Place names in text: word boundaries per script, inflected forms, case."""

from __future__ import annotations

from newsarchive.vocab.matching import NameIndex

INDEX = NameIndex([
    ("Idlib", "SY-ID"), ("Идлиб", "SY-ID"), ("إدلب", "SY-ID"), ("Харків", "UA-63"),
    ("Київ", "UA-30"), ("Сирия", "SY"), ("Донецкая область", "UA-14"), ("US", "US"),
    ("Velmora", "VM"), ("北京", "CN-BJ"), ("العراق", "IQ"), ("U.S.", "US"),
])


def found(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.values[0]) for m in INDEX.find(text)]


def test_russian_and_ukrainian_case_forms():
    assert found("в Идлибе") == [("Идлибе", "SY-ID")]
    assert found("у Харкові") == [("Харкові", "UA-63")]
    assert found("у Києві") == [("Києві", "UA-30")]
    assert found("из Сирии") == [("Сирии", "SY")]
    assert found("в Донецкой области") == [("Донецкой области", "UA-14")]


def test_adjectives_are_not_the_place():
    assert found("сирийский") == []
    assert found("Сирийский") == []


def test_arabic_attached_prepositions_and_conjunctions():
    assert found("بإدلب") == [("بإدلب", "SY-ID")]
    assert found("وادلب") == [("وادلب", "SY-ID")]  # alef without hamza, with "and"
    assert found("للعراق") == [("للعراق", "IQ")]


def test_whole_words_only_in_latin_script():
    assert found("Velmoran filler") == []
    assert found("Idlibs") == []
    assert found("Filler text in Velmora.") == [("Velmora", "VM")]


def test_case_marks_proper_nouns():
    assert found("idlib") == []
    assert found("IDLIB (Synthetic Wire) -") == [("IDLIB", "SY-ID")]
    assert found("let us go") == []
    assert found("US troops") == [("US", "US")]
    assert found("U.S. officials") == [("U.S", "US")]


def test_unspaced_scripts_match_inside_runs():
    assert found("新华社北京11月17日电") == [("北京", "CN-BJ")]


def test_index_round_trips_through_bytes():
    data = INDEX.dumps(lambda v: v)
    again = NameIndex.loads(data, lambda v: v)
    assert [(m.surface, m.values) for m in again.find("у Харкові і в Idlib")] == [
        ("Харкові", ("UA-63",)), ("Idlib", ("SY-ID",))]


def test_west_slavic_case_forms_only_in_those_languages():
    index = NameIndex([("Brennick", "XV-ND"), ("Ostrela", "XV")])
    text = "Spotkanie w Brennicku, potem z Brennicka do Ostrelie. Uniwersytet Brennicki."
    assert [(m.surface, m.values[0]) for m in index.find(text, slavic=True)] == [
        ("Brennicku", "XV-ND"), ("Brennicka", "XV-ND"), ("Ostrelie", "XV")]
    assert index.find(text) == []  # English text: "Brennicka" is another word
