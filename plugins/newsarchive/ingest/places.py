"""Where an article's events happen: its region inferred by weighing place evidence.

News text names the place of its story in a few known spots: the dateline that opens
the first paragraph (``BEIRUT (Reuters) -``), the headline, the lede; and it names that
place again and again. Other places are named in passing ("talks on Ukraine" in a
Washington story). So every place name found in the text is weighed by where it
appears and how often, names of one country add up (a city, its region and its country
agree), the country is chosen first, and a subdivision only when its own evidence
clearly outweighs that of the country's other subdivisions. When two countries' evidence
is close, or there is too little, the region is left for review with the evidence in
short form, so a curator can decide in seconds. Nothing is guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsarchive.vocab.matching import NameMatch
from newsarchive.vocab.regions import Gazetteer, PlaceName

# Weights of one place's evidence in each part of the article.
DATELINE, TITLE, LEDE, MENTION, MAX_MENTIONS = 5.0, 3.0, 1.5, 0.75, 8
DEMONYM = 0.4  # "Syrian", "American": who is involved, not where it happens
MIN_COUNTRY = 3.0  # e.g. the title alone, a dateline, or the lede plus two mentions
MIN_ALONE = LEDE + MENTION  # the only country named: the lede and one more mention
SPLIT = 0.75  # runner-up country at 75 % of the leader or more: evidence is split
MIN_SUBDIVISION = 3.0
LANGUAGE = 2.0  # language spoken in essentially one country
# Languages spoken as a first language essentially in one country. An article in one
# of them that names no other country is about that country.
LANGUAGE_COUNTRY = {
    "ja": "JP", "ko": "KR", "th": "TH", "pl": "PL", "cs": "CZ", "hu": "HU", "el": "GR",
    "he": "IL", "fi": "FI", "da": "DK", "sv": "SE", "nb": "NO", "no": "NO", "is": "IS",
    "lt": "LT", "lv": "LV", "et": "EE", "sk": "SK", "sl": "SI", "hr": "HR", "bg": "BG",
    "ka": "GE", "hy": "AM", "az": "AZ", "uk": "UA", "vi": "VN", "id": "ID", "it": "IT",
    "tr": "TR",
}
# Languages that inflect place names and are written in Latin script.
SLAVIC_LATIN = {"pl", "cs", "sk"}
# How US datelines abbreviate states (AP style): "SIOUX FALLS, S.D. -".
US_DATELINE_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "D.C.": "DC", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI",
    "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV",
    "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND",
    "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD",
    "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI",
    "Wyo.": "WY",
}

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_MARKUP = re.compile(r"[*_#>|`\\]+")
_DASH = r"(?:--|—|–|-|:)"
# A dateline opens the first paragraphs: place words, an optional (AGENCY), a dash.
_DATELINE_AGENCY = re.compile(rf"^(?P<place>[^()\n]{{0,60}}?)\s*\([^()\n]{{1,40}}\)\s*{_DASH}\s")
_DATELINE_CAPS = re.compile(
    rf"^(?P<place>[^\W\d_a-zа-яёіїєґ]{{3,}}(?:[ .'’-]+[^\W\d_]+\.?){{0,3}}"
    rf"(?:,\s*[^,\n]{{1,20}}?)?)\s*(?:{_DASH}|\(|,\s*\d|/|\.[ \t]+\d{{1,2}}[ \t]+[^\W\d_]{{3,}}\.)")
# "Idlib, 3 January 2020 —", "Kyiv, Jan. 3 -": a place in ordinary case needs the date,
# then a dash, an agency and a dash ("Madrid, 3 mar (EFE).-"), or an agency between
# slashes ("Київ, 3 березня. /Укрінформ/.").
_PLACE_IN_TEXT = r"^(?P<place>[^\W\d_][^\W\d_'’-]*(?:[ '’-][^\W\d_]+){0,2}),[ \t]*"
_DATE = (r"(?:\d{1,2}\.?[ \t]+[^\W\d_]{3,}\.?|[^\W\d_]{3,}\.?[ \t]+\d{1,2})"
         r"(?:,?[ \t]+\d{4})?")
_DATELINE_DATED = re.compile(
    rf"{_PLACE_IN_TEXT}{_DATE}(?:[ \t]*{_DASH}[ \t]|[ \t]*\([^()\n]{{1,40}}\)[ \t]*\.?{_DASH}"
    rf"|\.?[ \t]+/[^/\n]{{1,40}}/)")
# An agency's abbreviation after the place (and date) in ordinary case: "Damascus, SANA -",
# "Tehran, March 3, IRNA -". A word in capitals before a dash marks the dateline.
_DATELINE_ABBREV = re.compile(rf"{_PLACE_IN_TEXT}(?:{_DATE},[ \t]*)?[A-Z]{{2,8}}[ \t]*[-–—]")
# Arabic agencies write "city-agency" ("دمشق-سانا", "الرياض - واس"): no case tells a
# place from a word there, so only the national agencies' names mark a dateline.
_DATELINE_ARABIC = re.compile(
    r"^(?P<place>[\u0621-\u064A]{2,}(?: [\u0621-\u064A]{2,})?)[ \t]*[-–—][ \t]*"
    r"(?:سانا|واس|وام|قنا|كونا|بترا|وفا|سبأ|بنا|واع|نينا|العمانية|الأناضول|رويترز|شينخوا)"
    r"(?![\u0621-\u064A])")
# The story opens with its agency and a dash, the dateline's place left out: "(CNN) --".
_AGENCY_OPENS = re.compile(rf"^\([^()\n]{{1,40}}\)\s*{_DASH}\s")
_DATELINE_XINHUA = re.compile(r"新华社(?P<place>[^\W\d]{2,8}?)\d{1,2}月\d{1,2}日电")


@dataclass
class Evidence:
    """Where one gazetteer code's names were found in the article."""

    dateline: str = ""
    title: bool = False
    lede: bool = False
    mentions: int = 0
    names: dict[str, int] = field(default_factory=dict)
    demonyms: float = 0.0  # score of demonyms ("Syrian"), already weighted
    # The capital named in the running text often stands for the government
    # ("Washington said", "talks with Kabul"): evidence of the country, not of the
    # capital's subdivision, which only its dateline, headline and lede show.
    capital_mentions: int = 0
    # A wire reporter files national news from the capital's bureau: a capital named
    # only in the dateline ("BEIJING (Xinhua) -") places the story in the country; the
    # capital's subdivision needs its headline or lede to name it too.
    capital: bool = False
    # Named after a locative preposition ("killed in Afghanistan", "в Идлибе"): where
    # something happens, not who acts ("US troops") or whom it concerns ("on Ukraine").
    locative: int = 0

    def _bureau_only(self) -> bool:
        return self.capital and bool(self.dateline) and not (self.title or self.lede)

    def score(self) -> float:
        """The weight of this evidence for its country."""
        return self.sub_score() + MENTION * (
            min(self.mentions + self.capital_mentions, MAX_MENTIONS)
            - min(self.mentions, MAX_MENTIONS)) + (DATELINE if self._bureau_only() else 0)

    def sub_score(self) -> float:
        """The weight of this evidence for the subdivision itself."""
        s = (DATELINE if self.dateline and not self._bureau_only() else 0)
        s += TITLE if self.title else 0
        s += (LEDE if self.lede else 0) + MENTION * min(self.mentions, MAX_MENTIONS)
        return s + self.demonyms

    def summary(self) -> str:
        parts = []
        if self.dateline:
            parts.append(f"dateline {self.dateline.upper()}")
        if self.title:
            parts.append("title")
        if self.lede:
            parts.append("lede")
        if n := self.mentions + self.capital_mentions:
            parts.append(f"{n} mention{'s' if n != 1 else ''}")
        top = sorted(self.names, key=lambda n: -self.names[n])[:2]
        if top:
            parts.append("as " + " / ".join(top))
        return ", ".join(parts)


@dataclass
class PlaceResult:
    """The inferred region (or ``None``), other places with real evidence, and why."""

    region: str | None
    places: list[str]
    evidence: str


@dataclass
class _Zones:
    title: str
    dateline: str
    lede: str
    body: str
    label: bool = False  # the dateline may be a label ("WATCH:"): it ends in a colon
    # One place word and a dash, nothing else ("METRO -"): a section label looks the same
    bare: bool = False


_CAPITALISED = re.compile(r"[^\W\d_]")
# "University of Kabul", "Bank of England": an institution, not where events happen.
_INSTITUTION = re.compile(r"\b[A-Z][\w.]*\s+of\s+(?:the\s+)?\Z")
# "ambassador to Ukraine", "Botschafter in Russland", "посол в Украине": a diplomat's
# post names the country they are sent to, not where the story's events happen.
_POST = re.compile(
    r"(?:\b(?:ambassadors?|envoys?|emissar(?:y|ies)|consuls?(?:[- ]general)?|"
    r"(?:special\s+)?representatives?)\s+(?:to|for)"
    r"|\bambassadors?\s+in"
    r"|\b(?:botschafter(?:in)?|gesandte[rn]?)\s+(?:in|für|bei)"
    r"|\b(?:ambassadeur|ambassadrice)\s+(?:en|au|aux|à|auprès\s+de)"
    r"|\b(?:embajador(?:a)?|embaixador(?:a)?|ambasciatore)\s+(?:en|ante|em|no|na|in)"
    r"|(?<!\w)(?:посол(?:ом|а|у)?|посл(?:ы|ов)|посланник(?:ом|а)?)\s+(?:в|во|у|при))"
    r"(?:\s+(?:the|der|den|la|le|les|el|o|a))?\s+\Z",
    re.IGNORECASE)


# Words that follow a place's name in the names of newspapers, institutions and sites
# ("Seattle Times", "Kyiv Independent", "Gaza City", "Aleppo University"): no person.
_NAMED_AFTER_PLACES = frozenset([
    "Times", "Post", "Herald", "Tribune", "Journal", "Independent", "News", "Daily",
    "Gazette", "Chronicle", "Courier", "Star", "Observer", "Standard", "Telegraph",
    "Express", "Mail", "Record", "Review", "Sun", "Today", "Press", "Radio",
    "University", "College", "Airport", "Station", "Port", "Harbour", "Harbor",
    "Bay", "City", "County", "Council", "Province", "Region", "Governorate",
    "Oblast", "State", "District", "Department", "Police", "Municipality", "Street",
    "Road", "Avenue", "Square", "Bridge", "Valley", "Stadium", "Hospital", "Zoo",
    "Museum", "Cathedral",
])
# "The Seattle Times", "the Kyiv Independent": a person's name takes no article.
_ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|[Dd]er|[Dd]ie|[Dd]as|[Ll]e|[Ll]a|[Ee]l)\s+\Z")


def _person_name(text: str, start: int, end: int, nouns_capitalised: bool = False) -> bool:
    """True when the name at ``text[start:end]`` is part of a person's name.

    A town name followed by another capitalised word ("Jarosław Wittstock") or preceded
    by one inside a sentence ("Dr. Thomas Auerbach") is a personal name; the latter not
    in German, which capitalises every noun ("Ordensklinikum Linz").
    """
    line_start = start == 0 or text[start - 1] == "\n"
    if line_start and text[end:end + 1] == ":":
        return True  # an interview's speaker label ("Auerbach: ...")
    if _ARTICLE_BEFORE.search(text, max(0, start - 8), start):
        return False
    after = re.match(r"[ \t]+(\w+)", text[end:end + 40])
    if (after and after.group(1)[0].isupper() and _CAPITALISED.match(after.group(1))
            and after.group(1) not in _NAMED_AFTER_PLACES):
        return True
    if nouns_capitalised:
        return False
    before = text[max(0, start - 40):start]
    prev = re.search(r"(\w+)[ \t]+$", before)
    if prev and prev.group(1)[0].isupper() and _CAPITALISED.match(prev.group(1)):
        head = before[:prev.start()].rstrip()
        return bool(head) and head[-1] not in ".!?:\"'“”«»—–-(\n"
    return False


def _opens_sentence(text: str, start: int) -> bool:
    """True when ``text[start:]`` begins a line or a sentence, where every word is
    capitalised: a capital letter there does not make a common word a name."""
    head = text[max(0, start - 8):start].rstrip(" \t\"'“‘«([")
    return not head or head[-1] in ".!?:;\n—–-"


def _clean(markdown: str) -> str:
    text = _LINK.sub(lambda m: m.group(1), markdown)
    return _MARKUP.sub(" ", _URL.sub(" ", text))


def _is_real(paragraph: str) -> bool:
    """A paragraph of running text, not a label, caption line or menu item."""
    return len(paragraph.split()) >= 8 or len(paragraph) >= 60


def _deck(raw: list[str], title: str) -> str:
    """The headings between the headline and the first paragraph of text: the subheadline
    (deck) that sums the story up under the headline, as the headline does."""
    deck = []
    for para in raw:
        if _is_real(_clean(para)) and not para.startswith("#"):
            break
        text = _clean(para).strip()
        if para.startswith("#") and text and text != title.strip():
            deck.append(text)
    return "\n".join(deck[:2])


def split_zones(title: str, body: str) -> _Zones:
    """Title (with the deck under it), dateline, lede (first two real paragraphs) and the
    whole body text."""
    raw = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    paragraphs = [p.strip() for p in map(_clean, raw) if p.strip()]
    real = [p for p in paragraphs if _is_real(p)]
    if title:
        real = [p for p in real if p.strip() != title.strip()]
    dateline, label, bare = "", False, False
    for i, para in enumerate(real[:4]):
        if i and (_AGENCY_OPENS.match(para) or find_dateline(para)):
            # "(CNN) -- ...", "BEIRUT (Reuters) - ..." opens the story: what came before
            # was a callout or a caption.
            real = real[i:]
            break
    for para in real[:3]:
        dateline = find_dateline(para)
        if dateline:
            label = bool(re.search(rf"(?m)^\s*{re.escape(dateline)}\s*:", para))
            bare = len(dateline.split()) == 1 and bool(
                re.search(rf"(?m)^\s*{re.escape(dateline)}\s*(?:--|—|–|-)\s", para))
            break
    deck = _deck(raw[:6], title or "")
    head = f"{title}\n{deck}" if title and deck else title or deck
    return _Zones(head, dateline, "\n\n".join(real[:2]), "\n\n".join(paragraphs), label,
                  bare)


def find_dateline(paragraph: str) -> str:
    """The place part of a dateline opening ``paragraph`` ("BEIRUT", "SIOUX FALLS, S.D.",
    "Idlib" of "Idlib, 3 January 2020 -"), or of one of its first two lines (a byline
    line may come first)."""
    for line in paragraph.strip().splitlines()[:2]:
        if place := _dateline_of(line.strip()):
            return place
    return ""


# Prepositions of place, in the archive's main languages, that may stand before a
# place name, with an article or a compass word between ("in the south of", "в").
_LOCATIVE = re.compile(
    r"(?:^|[^\w])(?:in|at|near|inside|across|throughout|im|bei|nahe|en|dans|près\s+de|au|"
    r"aux|à|em|no|na|nos|nas|nel|nella|в|во|у|на|під|под|під час|في)"
    r"(?:\s+(?:the|the\s+country['’]s|der|dem|den|la|le|les|el|los|las|o|a|os|as))?"
    r"(?:\s+(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|war-torn|neighbouring|neighboring))?\s+\Z",
    re.IGNORECASE)


# The name opens a list of places ("in Bolivia, Chile and Peru"): the preposition is
# shared by all of them, so it places the story in none.
_LISTED = re.compile(r"(?:\s*,\s*[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*)?)*,?\s+"
                     r"(?:and|or|und|oder|et|ou|y|o|e|и|или|та|і|чи)\s+(?P<next>[^\W\d_])")
# A list may end in "and other countries" rather than a name ("in Mexico, Venezuela and
# nine other countries", "en México y otros países", "и других странах").
_OTHERS = re.compile(
    r"(?:others|d['’]autres|(?:\w+\s+)?(?:other|otros|otras|outros|outras|altri|altre|autres|"
    r"andere[nm]?|weitere[nm]?|друг(?:ие|их|им)|інш(?:і|их|им)))\b",
    re.IGNORECASE)


# Thai writes no space between words: "ที่" (at), "ใน" (in), and "จ." / "จังหวัด" (the
# province of) right before the name.
_LOCATIVE_THAI = re.compile(r"(?:ที่|ใน|จ\.|จังหวัด)\s*\Z")


def _locative(text: str, start: int, end: int) -> bool:
    """True when a preposition of place comes right before ``text[start:end]`` and the
    name does not open a list of places."""
    if not (_LOCATIVE.search(text, max(0, start - 40), start)
            or _LOCATIVE_THAI.search(text, max(0, start - 10), start)):
        return False
    listed = _LISTED.match(text, end)
    return not (listed and (listed.group("next").isupper()
                            or _OTHERS.match(text, listed.start("next"))))


def _dateline_span(lede: str, dateline: str) -> tuple[int, int]:
    """Where the lede repeats its own dateline, or ``(0, 0)``."""
    at = lede.find(dateline) if dateline else -1
    return (at, at + len(dateline)) if 0 <= at < 200 else (0, 0)


def _dateline_of(text: str) -> str:
    if m := _DATELINE_XINHUA.match(text) or _DATELINE_ARABIC.match(text):
        return m.group("place")
    m = _DATELINE_AGENCY.match(text)
    if m is None and (dated := _DATELINE_DATED.match(text) or _DATELINE_ABBREV.match(text)):
        return dated.group("place") if dated.group("place")[0].isupper() else ""
    if m is None:
        m = _DATELINE_CAPS.match(text)
        if m is None:
            return ""
        first = m.group("place").split()[0].strip(",.")
        letters = [ch for ch in first if ch.isalpha()]
        if not letters or not all(ch.isupper() for ch in letters):
            return ""
    place = m.group("place").strip(" ,-")
    return place if len(place) <= 60 else ""


class _Tally:
    """The evidence found so far, by gazetteer code, in the order it was first found."""

    def __init__(self, dateline: str) -> None:
        self.dateline = dateline
        self.found: dict[str, Evidence] = defaultdict(Evidence)
        self._demonyms_seen: set[tuple[str, str]] = set()

    def add(self, zone: str, surface: str, place: PlaceName, locative: bool = False) -> None:
        """Count one name of ``place`` found as ``surface`` in ``zone``; ``locative``: after
        a preposition of place."""
        ev = self.found[place.code]
        ev.capital = ev.capital or place.capital
        # Not the lede zone: the body holds the lede's text too.
        if locative and zone in ("title", "body") and not place.demonym:
            ev.locative += 1
        if place.capital and zone == "body":
            ev.capital_mentions += 1
            ev.names[surface] = ev.names.get(surface, 0) + 1
            return
        if place.demonym:
            self._add_demonym(ev, zone, place.code)
        elif zone == "dateline":
            ev.dateline = ev.dateline or self.dateline
        elif zone == "title":
            ev.title = True
        elif zone == "lede":
            ev.lede = True
        else:
            ev.mentions += 1
            ev.names[surface] = ev.names.get(surface, 0) + 1

    def _add_demonym(self, ev: Evidence, zone: str, code: str) -> None:
        """A demonym counts a little per body mention (up to a cap), once per other zone."""
        if zone == "body":
            ev.demonyms += DEMONYM * MENTION if ev.demonyms < 3 else 0
        elif (zone, code) not in self._demonyms_seen:
            self._demonyms_seen.add((zone, code))
            ev.demonyms += DEMONYM * (TITLE if zone == "title" else LEDE)


# Names counted once the other evidence is in, as (zone, surface, place or places):
# a name several countries share; a generic name ("Northern State") and its place; each
# with whether a preposition of place comes before it
_Shared = tuple[str, str, tuple[PlaceName, ...], bool]
_Generic = tuple[str, str, PlaceName, bool]


def _base_language(language: str | None) -> str:
    """``"pl"`` for ``"pl-PL"``; ``""`` when the language is unknown."""
    return (language or "").split("-")[0].lower()


def _person_surfaces(matches: list[tuple[str, str, list[NameMatch[PlaceName]]]],
                     german: bool) -> set[str]:
    """Names that are part of a person's name somewhere outside the dateline.

    A town name that is someone's name once in the article ("Thomas Auerbach") is that
    person's name every time ("Auerbach said").
    """
    return {m.surface for zone, text, found in matches if zone != "dateline"
            for m in found if _person_name(text, m.start, m.end, german)}


def _add_dateline_states(text: str, tally: _Tally) -> None:
    """US states abbreviated AP style in the dateline ("SIOUX FALLS, S.D.")."""
    for abbr, state in US_DATELINE_STATES.items():
        if re.search(rf"(?<!\w){re.escape(abbr)}", text):
            tally.add("dateline", abbr, PlaceName(f"US-{state}", "US", "region", abbr))


# Second-level domains under which a country's governments publish ("gov.br",
# "gouv.fr", "gob.mx", "go.jp", "govt.nz", "gv.at", "gc.ca"); in the US, ".gov".
_GOVERNMENT_DOMAINS = frozenset(["gov", "gouv", "gob", "go", "govt", "gv", "gc"])


def government_site(url: str, gazetteer: Gazetteer) -> tuple[str, str | None, str] | None:
    """``(country, subdivision or None, host)`` when ``url`` is on a government's site.

    A government's site reports on its own country; a state's (``sc.gov.br``,
    ``ca.gov``: the state's code before the government domain) on its own state.
    """
    host = (urlsplit(url).hostname or "").lower() if url else ""
    labels = host.split(".")
    if len(labels) >= 2 and labels[-1] == "gov":
        country, rest = "US", labels[:-1]
    elif len(labels) >= 3 and labels[-2] in _GOVERNMENT_DOMAINS and len(labels[-1]) == 2:
        country, rest = labels[-1].upper().replace("UK", "GB"), labels[:-2]
    else:
        return None
    if country not in gazetteer:
        return None
    sub = f"{country}-{rest[-1].upper()}" if rest else ""
    return country, sub if sub in gazetteer else None, host


class PlaceInference:
    """Weighs the place evidence of one article against a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def infer(self, title: str, body: str, language: str | None = None,
              max_places: int = 8, url: str = "") -> PlaceResult:
        """The article's region (or ``None``), up to ``max_places`` other places, and why.

        ``url``, the page's address, counts when it is a government's site.
        """
        zones = split_zones(title, body)
        tally = _Tally(zones.dateline)
        ambiguous, generic = self._tally_names(zones, language, tally)
        self._settle_shared_names(ambiguous, generic, tally)
        countries = self._by_country(tally.found)
        home = LANGUAGE_COUNTRY.get(_base_language(language))
        if home not in self.gazetteer:
            home = None
        site = government_site(url, self.gazetteer)
        for country in {home, site[0] if site else None} - {None}:
            countries[country] = countries.get(country, 0.0) + LANGUAGE
        region, why = self._decide(tally.found, countries, site[0] if site else home)
        if site and region == site[0] and site[1] and not any(
                code.startswith(f"{region}-") for code in tally.found):
            region, why = site[1], f"region {site[1]}: government site {site[2]}"
        chosen_country = region.split("-")[0] if region else None
        places = self._places(tally.found, region, chosen_country, max_places)
        return PlaceResult(region, places, why)

    def _tally_names(self, zones: _Zones, language: str | None,
                     tally: _Tally) -> tuple[list[_Shared], list[_Generic]]:
        """Count every place name of one meaning in ``tally``, zone by zone; return the
        names left for later: those several countries share, and generic ones."""
        index = self.gazetteer.name_index
        slavic = _base_language(language) in SLAVIC_LATIN
        matches = [(zone, text, index.find(text, slavic)) for zone, text in (
            ("dateline", zones.dateline), ("title", zones.title), ("lede", zones.lede),
            ("body", zones.body))]
        german = (language or "").lower().startswith(("de", "lb"))
        persons = _person_surfaces(matches, german)
        ambiguous: list[_Shared] = []
        generic: list[_Generic] = []
        # A dateline names a place by its position, so a name that is a common word
        # ("MOBILE, Ala.", "WARSAW (Reuters)") counts there; not in a label ("WATCH:"), nor
        # as one word and a dash, the form of a section label ("METRO -", "WORLD -"): there
        # it counts where the country is named, like any common-word name.
        placed = not zones.label and not zones.bare
        echo = _dateline_span(zones.lede, zones.dateline)
        for zone, text, found in matches:
            for m in found:
                places = self._candidates(zone, text, m, persons)
                if (zone == "lede" and echo[0] <= m.start and m.end <= echo[1]
                        and any(p.capital for p in places)):
                    continue  # the dateline itself, which the lede opens with
                if (zone != "dateline" and places and all(p.generic for p in places)
                        and _opens_sentence(text, m.start)):
                    continue  # "Reading the filler ...", "Nice weather ..."
                where = _locative(text, m.start, m.end)
                if len(places) > 1:
                    ambiguous.append((zone, m.surface, places, where))
                elif places and places[0].generic and not (zone == "dateline" and placed):
                    generic.append((zone, m.surface, places[0], where))
                elif places:
                    tally.add(zone, m.surface, places[0], where)
            if zone == "dateline":
                _add_dateline_states(text, tally)
        return ambiguous, generic

    def _candidates(self, zone: str, text: str, m: NameMatch[PlaceName],
                    persons: set[str]) -> tuple[PlaceName, ...]:
        """The places a name found in ``zone`` may stand for (none: it names no place)."""
        if zone != "dateline" and (
                _INSTITUTION.search(text, max(0, m.start - 40), m.start)
                or _POST.search(text, max(0, m.start - 60), m.start)):
            return ()  # "University of Kabul", "ambassador to Ukraine"
        places = self._best(m.values)
        if m.surface in persons and zone != "dateline":  # "LAHORE: ..." is a dateline
            places = tuple(p for p in places if p.kind != "city")
        return places

    def _settle_shared_names(self, ambiguous: list[_Shared], generic: list[_Generic],
                             tally: _Tally) -> None:
        """Count the names left for later where the other evidence points."""
        countries = self._by_country(tally.found)
        # A name several countries share counts for the one other evidence points to.
        for zone, surface, places, where in ambiguous:
            best = max(places, key=lambda p: countries.get(p.country, 0.0))
            if countries.get(best.country, 0.0) > 0:
                tally.add(zone, surface, best, where)
        # "Northern State", "Van": only where its country is otherwise named.
        for zone, surface, place, where in generic:
            if countries.get(place.country, 0.0) > 0:
                tally.add(zone, surface, place, where)

    def _best(self, values: tuple[PlaceName, ...]) -> tuple[PlaceName, ...]:
        """One place per country: gazetteer entries before cities, bigger cities first."""
        per_country: dict[str, PlaceName] = {}
        for v in values:
            cur = per_country.get(v.country)
            rank = (v.kind != "city", v.population)
            if cur is None or rank > (cur.kind != "city", cur.population):
                per_country[v.country] = v
        ordered = sorted(per_country.values(), key=lambda p: (p.kind == "city", -p.population))
        # A country's name outranks foreign cities of the same name. A subdivision's name
        # that a foreign city also bears ("Santa Catarina", "Mérida", "New Brunswick") may
        # mean either: the other evidence decides. A city ten times bigger than its
        # namesakes is the one meant.
        if ordered and ordered[0].kind == "region":
            return (ordered[0], *(p for p in ordered[1:] if p.kind == "city"))
        if ordered and ordered[0].kind != "city":
            return (ordered[0],)
        if len(ordered) > 1 and ordered[0].population >= 10 * ordered[1].population:
            return (ordered[0],)
        return tuple(ordered)

    def _by_country(self, found: dict[str, Evidence],
                    measure: Callable[[Evidence], float] = Evidence.score) -> dict[str, float]:
        """``measure`` (the evidence's score, unless told) summed by country."""
        totals: dict[str, float] = defaultdict(float)
        for code, ev in found.items():
            region = self.gazetteer.get(code)
            if region is not None:
                totals[region.country] += measure(ev)
        return dict(totals)

    def _describe(self, found: dict[str, Evidence], country: str) -> str:
        parts = []
        for code, ev in sorted(found.items(), key=lambda kv: -kv[1].score()):
            region = self.gazetteer.get(code)
            if region is not None and region.country == country and ev.score() > 0:
                parts.append(f"{code} {ev.summary()}")
        return "; ".join(parts[:2])

    def _decide(self, found: dict[str, Evidence], countries: dict[str, float],
                lang_country: str | None) -> tuple[str | None, str]:
        """The region, or ``None`` and why; ``lang_country`` is the country of the
        text's language or of the government whose site published it."""
        ranked = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))
        ranked = [kv for kv in ranked if kv[1] > 0]
        if not ranked:
            return None, "no place from the gazetteer is named in the text"
        (top, s1), runner = ranked[0], (ranked[1] if len(ranked) > 1 else ("", 0.0))
        only_language = top == lang_country and not any(
            c != top and s > 0 for c, s in countries.items())
        alone = not any(c != top and s > 0 for c, s in countries.items())
        if s1 < (MIN_ALONE if alone else MIN_COUNTRY) and not only_language:
            return None, f"too little evidence: {self._describe(found, top) or top}"
        if runner[1] >= SPLIT * s1:
            # Close evidence: the dateline, where the reporting is filed from, decides.
            datelined = {self.gazetteer[c].country for c, ev in found.items()
                         if ev.dateline and c in self.gazetteer}
            located = self._by_country(found, lambda ev: ev.locative)
            here, there = located.get(top, 0), located.get(runner[0], 0)
            if len(datelined & {top, runner[0]}) == 1:
                top = next(iter(datelined & {top, runner[0]}))
            elif max(here, there) >= 2 * min(here, there) + 1:
                # Only one is where things happen ("in Afghanistan"); the other acts
                # ("US troops") or is talked about ("ambassador to Ukraine").
                top = top if here > there else runner[0]
            else:
                return None, (
                    f"evidence split: {top} ({self._describe(found, top) or 'language'})"
                    f" vs {runner[0]} ({self._describe(found, runner[0]) or 'language'})")
        if top != lang_country and not any(
                (ev.dateline or ev.title or ev.lede) and code in self.gazetteer
                and self.gazetteer[code].country == top for code, ev in found.items()):
            # Named only further down ("NASA in the United States" in an explainer on
            # space): the story is not placed there by its dateline, headline or lede.
            return None, f"named only in the body: {self._describe(found, top) or top}"
        subs = sorted(((code, ev.sub_score()) for code, ev in found.items()
                       if "-" in code and code.split("-")[0] == top),
                      key=lambda kv: (-kv[1], kv[0]))
        if subs:
            code, t1 = subs[0]
            t2 = subs[1][1] if len(subs) > 1 else 0.0
            ev = found[code]
            total = sum(s for _, s in subs)
            placed = ev.dateline or ev.title or ev.lede
            # The only subdivision the article names, placed in its lede and named as
            # where something happens ("in Zabul province"), needs less evidence than
            # one among others: the lede and one more mention.
            enough = MIN_ALONE if t2 == 0 and ev.locative else MIN_SUBDIVISION
            if t1 >= enough and placed and t1 >= 2 * t2 and t1 >= 0.5 * total:
                return code, f"region {code}: {ev.summary()}"
        if top in found:
            return top, f"region {top}: {found[top].summary()}"
        if only_language and not self._describe(found, top):
            return top, f"region {top}: language or site, no other country named"
        return top, f"region {top}: {self._describe(found, top)}"

    def _places(self, found: dict[str, Evidence], region: str | None,
                country: str | None, limit: int) -> list[str]:
        real = [(code, ev.score()) for code, ev in found.items()
                if code != region and ev.score() >= LEDE + MENTION and code in self.gazetteer]
        real.sort(key=lambda kv: (-kv[1], kv[0]))
        return [code for code, _ in real][:limit]
