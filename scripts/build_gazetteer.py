#!/usr/bin/env python3
"""Regenerate plugins/newsarchive/vocab/data/regions.yaml.

Sources:
  * pycountry (dev-only dependency): ISO 3166-1 countries, ISO 3166-2
    subdivisions, and their gettext translations (ar, ru, uk).
  * regions_overlay.yaml (hand-maintained, next to regions.yaml): curator
    additions -- English display names, extra aliases/spellings, native-script
    names, country languages.  The overlay always wins, so rerunning this
    script never loses curator work.

Usage:
    .venv/bin/python scripts/build_gazetteer.py [--check]

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
    # Normalise aliases: add ASCII-folded variants, drop those equal to name.
    for e in entries.values():
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

    # Alias uniqueness within a country (country entry + its regions).
    by_country: dict[str, list[str]] = {}
    for code, e in entries.items():
        cc = code if e["level"] == "country" else e["country"]
        by_country.setdefault(cc, []).append(code)
    for codes in by_country.values():
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
            regions = [h for h in holders if entries[h]["level"] == "region"]
            if key in primary and entries[primary[key]]["level"] == "region":
                keep = primary[key]
            elif regions:
                keep = sorted(regions)[0]
            else:
                keep = holders[0]
            warn(f"alias {key!r} maps to {sorted(set(holders))}; kept on {keep}")
            for h in holders:
                if h != keep:
                    entries[h]["aliases"] = [
                        a for a in entries[h]["aliases"] if a.casefold() != key
                    ]

    for code, e in entries.items():
        if e["level"] == "region" and e["country"] not in entries:
            warn(f"{code}: country {e['country']} missing")


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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write output")
    args = ap.parse_args(argv)

    warnings = []

    def warn(msg):
        warnings.append(msg)
        print(f"warning: {msg}", file=sys.stderr)

    overlay = yaml.safe_load(OVERLAY.read_text(encoding="utf-8")) if OVERLAY.exists() else {}
    entries = build_base(translators())
    apply_overlay(entries, overlay, warn)
    finalize(entries, warn)
    text = render(entries)
    yaml.safe_load(text)  # sanity
    n_c = sum(1 for e in entries.values() if e["level"] == "country")
    n_r = len(entries) - n_c
    if not args.check:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}: {n_c} countries, {n_r} regions, "
              f"{len(warnings)} warnings")
    else:
        print(f"check: {n_c} countries, {n_r} regions, {len(warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
