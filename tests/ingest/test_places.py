"""Place inference weighs evidence: dateline, title, lede, repetition, agreement.

A small invented gazetteer (Velmora, Qarvella and their towns) and clearly synthetic
filler text; no real report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.ingest.places import PlaceInference, find_dateline, split_zones
from newsarchive.vocab.regions import Gazetteer

GAZETTEER = """
XV: {level: country, name: Velmora, names: {ru: Вельмора, ar: فلمورا}, aliases: [Velmoran]}
XV-ND: {level: region, country: XV, name: Nordal, names: {th: นอร์ดัล}}
XV-ST: {level: region, country: XV, name: Sothen}
XQ: {level: country, name: Qarvella, aliases: [Qarvellan]}
XQ-NO: {level: region, country: XQ, name: Northern State, aliases: [Tarrow]}
XQ-SO: {level: region, country: XQ, name: Lunmark}
XQ-CA: {level: region, country: XQ, name: Qarvport, names: {de: Qarvhafen}}
"""
CITIES = ("# synthetic\nXV\tXV-ND\t50000\tBrennick\nXQ\t\t30000\tTolvane\nXV\t\t20000\tOstrel\n"
          "XV\tXV-ST\t900000\tKestrana\tcapital\nXQ\tXQ-SO\t40000\tAnchor\n"
          "XQ\tXQ-CA\t800000\tQarvport\tcapital\nXQ\t\t15000\tSothen\n")
FILLER = "This is synthetic filler text for the newsarchive test suite. "


@pytest.fixture()
def places(tmp_path: Path) -> PlaceInference:
    (tmp_path / "regions.yaml").write_text(GAZETTEER, encoding="utf-8")
    (tmp_path / "cities.tsv").write_text(CITIES, encoding="utf-8")
    (tmp_path / "common_words.txt").write_text("# test\nstate\nnorthern\nanchor\n", encoding="utf-8")
    return PlaceInference(Gazetteer.load(tmp_path / "regions.yaml"))


def para(*sentences: str) -> str:
    return " ".join(sentences) + " " + FILLER * 2


def test_dateline_decides_and_is_named_in_the_evidence(places):
    body = "\n\n".join([
        para("BRENNICK (Synthetic Wire) - Filler officials met on Tuesday."),
        para("A filler delegation from Qarvella attended."),
        para("More filler."),
    ])
    result = places.infer("Filler council meets", body)
    assert result.region == "XV-ND"
    assert result.evidence.startswith("region XV-ND: dateline BRENNICK")


def test_dateline_forms():
    assert find_dateline("BEIRUT (Reuters) - Filler text") == "BEIRUT"
    assert find_dateline("SIOUX FALLS, S.D. – Filler text") == "SIOUX FALLS, S.D."
    assert find_dateline("WASHINGTON — Filler text") == "WASHINGTON"
    assert find_dateline("(Synthetic Wire) -- Filler text") == ""
    assert find_dateline("The filler council met - and left") == ""
    # A place in ordinary case is a dateline when a date follows it.
    assert find_dateline("Brennick, 3 January 2031 — Filler text") == "Brennick"
    assert find_dateline("Brennick, Jan. 3, 2031 -- Filler text") == "Brennick"
    assert find_dateline("Brennick, 3. Januar - Filler text") == "Brennick"
    assert find_dateline("Brennick, the filler town - Filler text") == ""
    assert find_dateline("the filler town, 3 killed — Filler text") == ""
    # A byline line may come before the dateline in the same paragraph.
    assert find_dateline("By Filler Writer, Synthetic Wire\nBRENNICK - Filler text") == \
        "BRENNICK"
    assert find_dateline("Filler one\nFiller two\nBRENNICK - Filler text") == ""
    # Wire styles: an agency after the date, between slashes or in parentheses.
    assert find_dateline("Бреннік, 3 березня. /Синтетика/. Filler text") == "Бреннік"
    assert find_dateline("БРЕННІК. 3 березня. СИНТ. Filler text") == "БРЕННІК"
    assert find_dateline("Brennick, 3 mar (Sintética).- Filler text") == "Brennick"
    assert find_dateline("FILLER. 3 soldiers of filler") == ""
    # An agency's abbreviation in capitals after a place in ordinary case.
    assert find_dateline("Brennick, SYNW - Filler text") == "Brennick"
    assert find_dateline("Brennick, March 3, SYNW - Filler text") == "Brennick"
    assert find_dateline("Brennick, Ostrel and filler - Filler text") == ""
    # Arabic agencies' "city-agency": only with a national agency's name after the dash.
    assert find_dateline("فلمورا-سانا نص تجريبي") == "فلمورا"
    assert find_dateline("فلمورا - واس نص تجريبي") == "فلمورا"
    assert find_dateline("فلمورا - نص تجريبي") == ""


def test_title_and_lede_outweigh_passing_mentions(places):
    body = "\n\n".join([
        para("Filler residents of Nordal gathered, the filler desk reports."),
        para("More filler."),
        para("Filler talks on Qarvella were mentioned once."),
    ])
    result = places.infer("Filler market reopens in Nordal", body)
    assert result.region == "XV-ND"
    assert "XQ" not in result.places  # a passing mention is not a place of the story


def test_passing_mentions_do_not_outweigh_where_events_happen(places):
    body = "\n\n".join([
        para("TOLVANE (Synthetic Wire) - Filler hearings continued in the capital."),
        para("Witnesses were asked about Velmora."),
        para("Filler aid to Velmora was discussed."),
    ])
    result = places.infer("Filler hearing questions officials", body)
    assert result.region == "XQ"


def test_split_evidence_is_left_for_review_with_the_reason(places):
    body = "\n\n".join([
        para("Filler envoys of Velmora and Qarvella met."),
        para("Velmora and Qarvella issued filler statements."),
    ])
    result = places.infer("Velmora and Qarvella sign filler accord", body)
    assert result.region is None
    assert result.evidence.startswith("evidence split: ")
    assert "XV" in result.evidence and "XQ" in result.evidence


def test_dateline_decides_between_close_countries(places):
    body = "\n\n".join([
        para("TOLVANE (Synthetic Wire) - Filler hearings on Velmora began in Qarvella."),
        para("Velmora filler. Velmora filler. Velmora filler."),
    ])
    result = places.infer("Filler hearings on Velmora", body)
    assert result.region == "XQ"


def test_no_place_named(places):
    result = places.infer("Filler recipe of the week", para("Filler flour and water."))
    assert result.region is None
    assert result.evidence == "no place from the gazetteer is named in the text"


def test_too_little_evidence_is_not_a_guess(places):
    body = "\n\n".join([para("Filler opening without places."), para("Filler."),
                        para("Filler again."), para("A filler visitor from Velmora and one "
                                                    "from Qarvella.")])
    assert places.infer("Filler column", body).region is None


def test_common_word_name_needs_its_country_named(places):
    body = "\n\n".join([para("Filler weather in the Northern State of the filler desk."),
                        para("Velmora filler."), para("Velmora filler.")])
    result = places.infer("Filler weather in Velmora", body)
    assert result.region == "XV"
    assert "XQ-NO" not in result.places
    body = "\n\n".join([para("Filler officials in Qarvella said the Northern State flooded."),
                        para("The Northern State of Qarvella had filler rain.")])
    result = places.infer("Filler floods in the Northern State", body)
    assert result.region == "XQ-NO"


def test_subdivision_only_when_clearly_stronger(places):
    body = "\n\n".join([para("Filler events in Velmora, in Nordal and in Sothen."),
                        para("Nordal and Sothen filler.")])
    assert places.infer("Filler storm crosses Velmora", body).region == "XV"
    body = "\n\n".join([para("Filler events in Nordal, Velmora."), para("Nordal filler.")])
    assert places.infer("Filler fair opens in Nordal", body).region == "XV-ND"


def test_city_rolls_up_to_its_region_and_country(places):
    body = "\n\n".join([para("Filler residents of Brennick said."), para("Brennick filler.")])
    result = places.infer("Filler bridge reopens in Brennick", body)
    assert result.region == "XV-ND"


def test_town_name_that_is_a_person_name_is_not_a_place(places):
    body = "\n\n".join([para("Filler spokesman Ostrel Harwick said nothing."),
                        para("Harwick filler."), para("Ostrel Harwick filler.")])
    assert places.infer("Filler statement by Ostrel Harwick", body).region is None


def test_inflected_and_prefixed_forms(places):
    body = "\n\n".join([para("Синтетический текст: в Вельморе прошла встреча."),
                        para("Жители Вельморы.")])
    assert places.infer("Синтетическая встреча в Вельморе", body, "ru").region == "XV"
    body = para("نص تجريبي بفلمورا") + "\n\n" + para("وفلمورا نص تجريبي")
    assert places.infer("نص تجريبي في فلمورا", body, "ar").region == "XV"


def test_places_keep_only_real_evidence(places):
    body = "\n\n".join([
        para("BRENNICK (Synthetic Wire) - Filler council met with Qarvella envoys."),
        para("Qarvella filler."), para("Qarvella filler."),
        para("Filler mention of Lunmark."),
    ])
    result = places.infer("Filler council meets", body)
    assert result.region == "XV-ND"
    assert result.places == ["XQ"]


def test_deck_under_the_headline_counts_as_the_headline(places):
    body = "\n\n".join([
        "## Filler congress in Brennick",
        para("Experts met at a filler congress in Brennick, the filler desk reports."),
        para("A filler clinic of Sothen sent one delegate."),
        para("Brennick filler."),
    ])
    zones = split_zones("Filler therapies debated", body)
    assert zones.title == "Filler therapies debated\nFiller congress in Brennick"
    assert places.infer("Filler therapies debated", body).region == "XV-ND"
    # The same heading further down is a section heading, not the deck.
    paras = body.split("\n\n")
    later = "\n\n".join([*paras[1:3], "## Filler congress in Brennick", *paras[3:]])
    assert split_zones("Filler therapies debated", later).title == "Filler therapies debated"
    assert places.infer("Filler therapies debated", later).region == "XV"


def test_dated_dateline_in_ordinary_case_decides(places):
    body = "\n\n".join([
        para("Brennick, 3 January 2031 — Filler hearings on Qarvella began."),
        para("Qarvella filler. Qarvella filler."),
    ])
    result = places.infer("Filler hearings on Qarvella", body)
    assert result.region == "XV-ND"
    assert result.evidence.startswith("region XV-ND: dateline BRENNICK")


def test_common_word_city_counts_in_a_dateline_only(places):
    # "Anchor" is a common word: it names a place where the dateline puts it ...
    body = "\n\n".join([para("ANCHOR (Synthetic Wire) - Filler council met on Tuesday."),
                        para("More filler.")])
    result = places.infer("Filler council meets", body)
    assert result.region == "XQ-SO"
    assert result.evidence.startswith("region XQ-SO: dateline ANCHOR")
    # ... not in a label that ends in a colon, nor alone in the running text.
    body = "\n\n".join([para("ANCHOR: Filler council met on Tuesday, the desk says."),
                        para("Anchor filler. Anchor filler.")])
    assert places.infer("Filler council meets", body).region is None
    # One word and a dash is also how a section label looks ("METRO -"): not enough alone ...
    body = "\n\n".join([para("ANCHOR - Filler council met on Tuesday, the desk says."),
                        para("More filler.")])
    assert places.infer("Filler council meets", body).region is None
    # ... but with a qualifier it is a dateline,
    body = "\n\n".join([para("ANCHOR, Qarvella - Filler council met on Tuesday."),
                        para("More filler.")])
    assert places.infer("Filler council meets", body).region == "XQ-SO"
    # and where the story names the country, the bare form counts as well.
    body = "\n\n".join([para("ANCHOR - Filler council of Qarvella met on Tuesday."),
                        para("More filler.")])
    assert places.infer("Filler council meets", body).region == "XQ-SO"


def test_capital_in_running_text_stands_for_the_country(places):
    # "Kestrana said ..." is the government speaking: it counts for Velmora, not for the
    # capital's subdivision, which would otherwise outweigh where the events happen.
    body = "\n\n".join([
        para("Filler events in Nordal, Velmora, the filler desk reports."),
        para("Nordal filler."),
        para("Kestrana said filler. Officials in Kestrana added filler."),
        para("Kestrana filler. Kestrana filler. Kestrana filler."),
    ])
    result = places.infer("Filler fair opens in Nordal", body)
    assert result.region == "XV-ND"
    # Where the headline names the capital too, the story is the capital's.
    body = "\n\n".join([para("KESTRANA (Synthetic Wire) - Filler fair opened."),
                        para("Kestrana filler.")])
    assert places.infer("Filler fair opens in Kestrana", body).region == "XV-ST"


def test_capital_named_only_in_the_dateline_is_the_country(places):
    # National news is filed from the capital's bureau: the dateline alone places the
    # story in the country, not in the capital's subdivision.
    body = "\n\n".join([para("KESTRANA (Synthetic Wire) - The filler ministry issued rules."),
                        para("Filler rules apply nationwide.")])
    result = places.infer("Filler ministry issues rules", body)
    assert result.region == "XV"
    assert "dateline KESTRANA" in result.evidence
    # The lede naming the capital again (not just its dateline) places it there.
    body = "\n\n".join([para("KESTRANA (Synthetic Wire) - A filler fire broke out in "
                             "central Kestrana."), para("Filler.")])
    assert places.infer("Filler fire put out", body).region == "XV-ST"
    # A town's dateline is still the town's subdivision.
    body = "\n\n".join([para("BRENNICK (Synthetic Wire) - The filler ministry issued rules."),
                        para("Filler.")])
    assert places.infer("Filler ministry issues rules", body).region == "XV-ND"


def test_where_events_happen_decides_between_close_countries(places):
    # "Velmoran troops" act, "in Qarvella" is where it happens: with the evidence
    # otherwise close, the place named after a preposition of place decides.
    body = "\n\n".join([
        para("Two Velmora filler soldiers were hurt in an accident in Qarvella, officials "
             "of Velmora said."),
        para("Velmora filler. Filler crews in Qarvella."),
    ])
    result = places.infer("Velmora soldiers hurt in Qarvella filler accident", body)
    assert result.region == "XQ"
    # Neither, or both, named that way: still split, left for review.
    body = "\n\n".join([para("Filler envoys of Velmora and Qarvella met."),
                        para("Velmora and Qarvella issued filler statements.")])
    assert places.infer("Velmora and Qarvella sign filler accord", body).region is None
    body = "\n\n".join([para("Filler talks in Velmora and in Qarvella went on."),
                        para("Velmora and Qarvella issued filler statements.")])
    assert places.infer("Velmora and Qarvella sign filler accord", body).region is None


def test_subdivision_named_like_the_capital_is_the_capital(places):
    names = {name: p for name, p in places.gazetteer.place_names() if p.code == "XQ-CA"}
    assert names["Qarvhafen"].capital and names["Qarvport"].capital
    assert not any(p.capital for _, p in places.gazetteer.place_names() if p.code == "XQ-SO"
                   and p.kind == "region")


def test_common_word_name_opening_a_sentence_is_not_a_name(places):
    # Qarvella is named, so "Anchor" may count, but not where every word is capitalised.
    body = "\n\n".join([para("Filler officials of Qarvella met on Tuesday. Anchor filler."),
                        para("Anchor filler. Anchor filler."),
                        para("Anchor filler. Anchor filler. Anchor filler.")])
    result = places.infer("Filler council meets in Qarvella", body)
    assert result.region == "XQ"
    body = body.replace("Anchor filler.", "Filler in Anchor.")
    assert places.infer("Filler council meets in Qarvella", body).region == "XQ-SO"


def test_dateline_ending_in_a_colon(places):
    # "LAHORE: ..." opens many South Asian and Gulf reports; it is no speaker's label.
    body = "\n\n".join([para("BRENNICK: Filler council met on Tuesday, the desk says."),
                        para("More filler.")])
    assert places.infer("Filler council meets", body).region == "XV-ND"


def test_government_site_reports_on_its_own_country_and_state(places):
    body = "\n\n".join([para("Filler notice: the filler office reopens on Monday."),
                        para("More filler.")])
    assert places.infer("Filler office reopens", body).region is None
    assert places.infer("Filler office reopens", body,
                        url="https://www.example.xv/filler").region is None
    result = places.infer("Filler office reopens", body,
                          url="https://filler.gov.xv/news/1")
    assert result.region == "XV"
    result = places.infer("Filler office reopens", body,
                          url="https://www.brennick.nd.gov.xv/news/1")
    assert result.region == "XV-ND"
    assert result.evidence == "region XV-ND: government site www.brennick.nd.gov.xv"
    # A ministry's statement on another country is filed where its events happen.
    body = "\n\n".join([para("Filler statement on Qarvella: filler talks in Qarvella."),
                        para("Qarvella filler."), para("Qarvella filler.")])
    assert places.infer("Filler statement on Qarvella", body,
                        url="https://filler.gov.xv/statement").region == "XQ"


def test_only_subdivision_named_where_events_happen_needs_less_evidence(places):
    # Named once, in the lede, as where things happen, with no other
    # subdivision of the country named: that subdivision.
    body = "\n\n".join([para("Filler crews worked in Nordal, officials of Velmora said."),
                        para("Velmora filler. Velmora filler.")])
    assert places.infer("Velmora filler works", body).region == "XV-ND"
    # The same evidence without a preposition of place ("a board member of Nordal
    # Filler Works") is a passing mention: the country.
    body = "\n\n".join([para("A filler board member from Nordal, officials of Velmora said."),
                        para("Velmora filler. Velmora filler.")])
    assert places.infer("Velmora filler works", body).region == "XV"


def test_country_named_only_in_the_body_is_left_for_review(places):
    # An explainer that names a country only further down (who did a study, where a
    # firm is) is not placed there: no dateline, headline or lede names it.
    body = "\n\n".join([para("Filler scientists explain how filler works in orbit."),
                        para("More filler about orbit."),
                        para("A filler study from Velmora. Velmora filler. Velmora filler. "
                             "Velmora filler.")])
    result = places.infer("How filler works in orbit", body)
    assert result.region is None
    assert result.evidence.startswith("named only in the body: XV")


def test_newspaper_named_after_a_city_is_not_a_person(places):
    # "(Filler Writer / The Brennick Times)" names a newspaper, so "Brennick" stays a
    # place elsewhere in the article; "Dr. Brennick Ostrel" would be a person.
    body = "\n\n".join([para("Filler crews met in Brennick on Tuesday."),
                        para("Filler. (Filler Writer / The Brennick Times)"),
                        para("The Brennick Times reported filler.")])
    assert places.infer("Filler crews meet in Brennick", body).region == "XV-ND"


def test_story_opening_with_its_agency_starts_the_lede(places):
    # A reader callout before "(Synthetic Wire) --" is not the lede.
    body = "\n\n".join([
        para("Share your filler pictures and stories with the filler desk today."),
        para("Are you in the filler storm? Tell the filler desk."),
        para("(Synthetic Wire) -- Filler storms struck much of eastern Velmora."),
        para("Filler."),
        para("Nordal filler. Nordal filler.")])
    assert places.infer("Filler storm passes", body).region == "XV"


def test_thai_province_prefix_is_where_events_happen(places):
    # Thai has no spaces: "จ." (province of) right before the name places the story there.
    filler = "ข้อความทดสอบสังเคราะห์ " * 6  # "synthetic test text"
    body = "\n\n".join([filler + "ที่ จ.นอร์ดัล " + filler, filler * 2])
    assert places.infer("ข้อความทดสอบ", body, language="th").region == "XV-ND"
    body = "\n\n".join([filler + "นอร์ดัล " + filler, filler * 2])
    assert places.infer("ข้อความทดสอบ", body, language="th").region == "XV"


def test_diplomats_post_is_not_where_events_happen(places):
    # "ambassador to Qarvella" names a post; the hearing happens in Velmora.
    body = "\n\n".join([
        para("Former Velmora ambassador to Qarvella Filler Person testified before the "
             "Velmora filler council on Tuesday."),
        para("Filler claims about the former ambassador to Qarvella spread online."),
        para("The Velmora filler council heard more filler."),
    ])
    result = places.infer("Does the former ambassador to Qarvella own a filler fortune?", body)
    assert result.region == "XV"
    assert "XQ" not in result.places
    # Where the same country is also named as where things happen, it still counts.
    body = body.replace("spread online.", "spread online in Qarvella. Filler in Qarvella.")
    assert places.infer("Filler envoy to Qarvella recalled", body).region != "XV"


def test_list_ending_in_other_countries_places_the_story_in_none(places):
    body = "\n\n".join([
        para("The filler app is now available in 11 countries."),
        para("They include Velmora, Qarvella and nine others, the filler company said."),
    ])
    title = "Filler app launches in Velmora, Qarvella and nine other countries"
    assert places.infer(title, body).region is None
    # The same title naming only one country places it there.
    assert places.infer("Filler app launches in Velmora", body).region == "XV"


def test_subdivision_named_like_a_foreign_city_is_settled_by_the_evidence(places):
    # "Sothen" is a Velmoran subdivision and a Qarvellan city ("Santa Catarina", "Mérida",
    # "New Brunswick"): the country the rest of the article names decides.
    body = "\n\n".join([para("Filler floods hit Sothen on Tuesday, officials in Velmora "
                             "said."), para("Sothen filler. Velmora filler."),
                        para("Filler in Sothen again.")])
    assert places.infer("Filler floods in Sothen", body).region == "XV-ST"
    other = body.replace("Velmora", "Qarvella")
    assert places.infer("Filler floods in Sothen", other).region == "XQ"
    # Named alone, it is left for review rather than guessed.
    alone = "\n\n".join([para("Filler floods hit Sothen on Tuesday."), para("Sothen filler.")])
    assert places.infer("Filler floods in Sothen", alone).region is None
    # However small the foreign town, a dateline's country settles the name.
    dated = "\n\n".join([para("SOTHEN, Qarvella (Synthetic Wire) - Filler floods hit."),
                         para("Filler.")])
    assert places.infer("Filler floods", dated).region == "XQ"
    assert places.infer("Filler floods", dated.replace("Qarvella", "Velmora")).region == "XV-ST"
