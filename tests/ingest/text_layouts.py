"""Synthetic plain-text saves in many layouts, with the truth a faithful reader recovers.

Everything here is invented filler (places like Velmora and Qarvella, outlets like
"Synthetic Wire"); none of it is news. Used by the text-reader tests and as a held-out check
for the reader, scored by the same scorer as the real saves:

    .venv/bin/python -m tests.ingest.text_layouts /tmp/synthetic-saves -n 300 --seed 1
    python ../shared/tools/eval_text_saves.py --corpus /tmp/synthetic-saves --jobs 2 \\
        --cmd '.venv/bin/newsarchive ingest {in} --content {out}'
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

PLACES = ("Velmora", "Qarvella", "Ostrany", "Brinmoor", "Tessaly Ridge", "Karsk Hollow")
PEOPLE = ("Mara Velk", "Ilyas Qorvan", "Tomas Eldrin", "Nadia Osterk", "Pell Arrowan")
AGENCIES = ("Synthetic Wire", "SWP", "Velmora Photo Desk", "Filler Images", "QPA")
NAMES_OTHER_SCRIPTS = ("Тамара Велкова", "Іван Карвелло", "سليم فارموري", "ميرا قارفيلا")
WORDS = ("synthetic", "filler", "council", "valley", "report", "committee", "bridge", "harbour",
         "meeting", "residents", "statement", "budget", "archive", "testing", "river", "road",
         "schedule", "market", "weather", "lantern", "workshop", "invented", "sample", "notice")
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
           "أكتوبر", "نوفمبر", "ديسمبر"),
}
RELATED_FORMS = ("Related article: {}", "Read more: {}", "Related: {}", "Read also: {}",
                 "— Read also: {}", "• READ ALSO: {}", "- Read more: {}", "Related story: {}",
                 "Читайте также: {}", "Leia também: {}", "Lire aussi : {}", "اقرأ أيضا: {}",
                 "See also: {}", "READ MORE: {}")


@dataclass
class Save:
    """One save's text and what a faithful reader recovers from it."""

    text: str
    title: str
    date: dt.date
    url: str
    byline: str | None
    photo_credit: str | None
    related_titles: list[str]
    paragraphs: list[str]
    joins: list[tuple[str, str]] = field(default_factory=list)
    encoding: str = "utf-8"


def sentence(rng: random.Random, place: bool = True) -> str:
    words = rng.sample(WORDS, rng.randint(5, 11))
    if place:
        words.insert(rng.randrange(1, len(words)), rng.choice(PLACES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def body_paragraphs(rng: random.Random) -> list[str]:
    """Filler paragraphs, with the one-line kinds real articles have."""
    pars = []
    lede = rng.random()
    if lede < 0.3:
        pars.append(sentence(rng))  # a one-sentence lede
    elif lede < 0.4:
        pars.append(rng.choice(("Claim", "Analysis", "Update", "Explainer")))
    for _ in range(rng.randint(3, 9)):
        kind = rng.random()
        if kind < 0.1:
            pars.append(f"{rng.choice(PLACES)} {rng.choice(WORDS).capitalize()} Schedule")
        elif kind < 0.2:
            pars.append(f"The {rng.choice(WORDS)} notice said:")
        elif kind < 0.25:
            pars.append(f"- {sentence(rng, place=False)}")
        pars.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))))
    return pars


def break_paragraph(rng: random.Random, par: str) -> tuple[list[str], tuple[str, str]] | None:
    """The paragraph cut at a word where no sentence ends, as copy and paste does."""
    words = par.split()
    cuts = [k for k in range(4, len(words) - 1) if words[k - 1][-1].isalpha()]
    if not cuts:
        return None
    k = rng.choice(cuts)
    return [" ".join(words[:k]), " ".join(words[k:])], (words[k - 1], words[k])


def date_line(rng: random.Random, day: dt.date) -> str:
    lang = rng.choice(("en", "en", "en", "pt", "es", "fr", "de", "ru", "uk", "ar", "num"))
    if lang == "num":
        return rng.choice((day.isoformat(), f"{day:%d.%m.%Y}", f"{day:%d.%m.%Y} {rng.randint(0, 23):02d}:15"))
    month = MONTHS[lang][day.month - 1]
    forms = {
        "en": (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}",
               f"{day:%A}, {month} {day.day}, {day.year}", f"Updated: {day.day} {month} {day.year}, 10:42 GMT",
               f"{month[:3]}. {day.day}, {day.year} 4:05 PM", f"Published {day.day} {month} {day.year}"),
        "pt": (f"{day.day} de {month} de {day.year}", f"Atualizado em {day.day} de {month} de {day.year}, 14h30"),
        "es": (f"{day.day} de {month} de {day.year}", f"Actualizado el {day.day} de {month} de {day.year}"),
        "fr": (f"{day.day} {month} {day.year}", f"Mis à jour le {day.day} {month} {day.year} à 14h35"),
        "de": (f"{day.day}. {month} {day.year}", f"Stand: {day.day}. {month} {day.year}, 14:35 Uhr"),
        "ru": (f"{day.day} {month} {day.year}", f"Обновлено: {day.day} {month} {day.year}, 14:35"),
        "uk": (f"{day.day} {month} {day.year}", f"{day.day} {month} {day.year} року"),
        "ar": (f"{day.day} {month} {day.year}",),
    }
    return rng.choice(forms[lang])


def byline(rng: random.Random) -> tuple[str, str] | None:
    """``(line, names)`` in one of the label forms, or ``None``."""
    roll = rng.random()
    if roll < 0.15:
        return None
    a, b = rng.sample(PEOPLE, 2)
    if roll < 0.85:
        return rng.choice((
            (f"By <u>{a}</u>", a), (f"By {a}", a), (f"By <u>{a}</u> and <u>{b}</u>", f"{a} and {b}"),
            (f'By <a href="/authors/x">{a}</a>', a), (f"BY {a.upper()}", a.upper()),
            (f"By: {a}", a), (f"Written by {a}", a), (f"Por {a}", a), (f"Par {a}", a)))
    other = rng.choice(NAMES_OTHER_SCRIPTS)
    label = "بقلم: " if other[0] in "سم" else "Автор: "
    return rng.choice(((f"{label}{other}", other), (f"By {other}", other)))


def credit(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.35:
        return None
    person, agency = rng.choice(PEOPLE), rng.choice(AGENCIES)
    return rng.choice((f"Photo: {person} / {agency}", f"{person}/{agency}",
                       f"{person} / {agency} / {rng.choice(AGENCIES)}", f"Credit: {agency}",
                       f"Фото: {person} / {agency}"))


def url_block(rng: random.Random, url: str) -> str:
    cut = rng.randrange(len("https://") + 4, len(url) - 1)
    broken = rng.choice((url, f"{url[:cut]} {url[cut:]}", f"{url[:cut]}\n{url[cut:]}",
                         f"{url[:cut]}\u00ad{url[cut:]}"))
    return rng.choice((f"Original url: {broken}", f"Original url:\n\n{broken}"))


def make_save(rng: random.Random, serial: int) -> Save:
    """One synthetic save in a layout drawn at random."""
    place = rng.choice(PLACES)
    title = f"{place} {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)} (synthetic {serial})"
    day = dt.date(2031, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    url = f"https://news.example.org/{day:%Y/%m}/synthetic-{serial}-{rng.choice(WORDS)}-story"
    pars = body_paragraphs(rng)
    by, photo = byline(rng), credit(rng)
    header = [*([by[0]] if by else []), date_line(rng, day), *([photo] if photo else [])]
    if rng.random() < 0.2:
        rng.shuffle(header)
    pieces, joins, related = [], [], []
    for par in pars:
        broken = break_paragraph(rng, par) if rng.random() < 0.25 else None
        if broken:
            pieces.extend(broken[0])
            joins.append(broken[1])
        else:
            pieces.append(par)
        if rng.random() < 0.15 and not par.endswith(":"):
            other = f"{rng.choice(PLACES)} {rng.choice(WORDS)} story (synthetic {rng.randint(1, 999)})"
            related.append(other)
            pieces.append(rng.choice(RELATED_FORMS).format(other))
    sep = "\n" if rng.random() < 0.1 else rng.choice(("\n\n", "\n\n", "\n\n\n"))
    text = sep.join([title, *header, *pieces, url_block(rng, url)]) + "\n"
    text = rng.choice(("", "", "\n", "\n\n")) + text
    if rng.random() < 0.2:
        text = "\ufeff" + text
    newline = rng.choice(("\n", "\n", "\r\n", "\r"))
    encoding = rng.choice(("utf-8", "utf-8", "utf-16"))
    return Save(text.replace("\n", newline), title, day, url, by[1] if by else None, photo,
                related, pars, joins, encoding)


def truth(save: Save, rec_id: str) -> dict:
    """The scorer's record for one save (see eval_text_saves.py)."""
    return {"id": rec_id, "file": f"docs/{rec_id}.txt", "format": "text",
            "encoding": save.encoding, "title": save.title, "date": save.date.isoformat(),
            "url": save.url, "byline": save.byline, "photo_credit": save.photo_credit,
            "related_titles": save.related_titles, "body": "\n".join(save.paragraphs),
            "lede": " ".join(save.paragraphs[0].split()[:8]), "joins": save.joins,
            "language": "en"}


def write_corpus(dest: Path, n: int, seed: int) -> None:
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(n):
        save = make_save(random.Random(f"text-layouts:{seed}:{i}"), i + 1)
        rec_id = f"synthetic-{seed}-{i:04d}"
        (dest / "docs" / f"{rec_id}.txt").write_bytes(save.text.encode(save.encoding))
        records.append(json.dumps(truth(save, rec_id), ensure_ascii=False))
    (dest / "truth-text.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_corpus(args.dest, args.n, args.seed)
    print(f"wrote {args.n} synthetic saves under {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
