"""Citation templates: what citeproc-py renders for one record shape, filled in per article.

citeproc-py walks the whole style for every entry (a few milliseconds, most of a 10,000-article
build's citation time). Yet the articles of an archive come in a handful of shapes (which
fields they have, how many authors, how precise the date, the language), and within a shape
the style does the same thing to every value. So, per style and shape:

1. **Probe.** citeproc-py renders a probe record of that shape whose values are marker words
   (``zqa of Zqb zq.c``) and marker dates. Where each marker lands in the output, and how it
   was changed there (case, stripped periods, initials), gives a template: literal text with
   slots. Each date part is probed over its whole domain (every month, every day), so its
   slot holds exactly the text citeproc-py gives each value.
2. **Check.** The template is filled with sample records of the same shape (stop words,
   capitals, particles, hyphens, quotes, every month) and each result compared with what
   citeproc-py renders for them. One difference and the shape is rendered by citeproc-py
   for every article.
3. **Fill.** A slot applies citeproc-py's own functions (``TextCased.case``,
   ``Name.initialize``) to the article's value. Values citeproc-py would treat by their
   surroundings (punctuation or a space at either end, which it merges with the style's;
   inline markup) are rendered by citeproc-py itself.

The style files stay the only statement of each style: a new or edited style is probed and
checked like these. ``tests/export/test_csl_templates.py`` compares templates with
citeproc-py on thousands of generated records.
"""

from __future__ import annotations

import functools
import itertools
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from citeproc.model import Name, StrippedPeriods, TextCased
from citeproc.string import SEAM_PUNCTUATION, MixedString, String

Render = Callable[[Mapping[str, Any]], str]
Record = dict[str, Any]

_TEXT_CASES = (None, "lowercase", "uppercase", "capitalize-first", "capitalize-all", "title")
_MARK_LETTERS = "qwxjkvfhpbmgdy"  # two per text slot: markers never contain each other
# Capitals for the given-name markers' initials, three per name, each used once.
_INITIALS = "".join(map(chr, [*range(0x391, 0x3A2), *range(0x3A3, 0x3AA), *range(0x410, 0x430)]))
_PROBE_DATES = ((1987, 10, 23), (1969, 7, 16), (1954, 4, 27), (1921, 11, 18))
_YEARS = (2003, 1999, 2026, 1900)


def _case_variants(language: str | None) -> list[Callable[[str], str]]:
    """Each way citeproc-py may change a value's text (strip periods, then a text case; title
    case only for English, which is the record's language or else the style's)."""
    languages = dict.fromkeys([(language or "")[:2] or None, "en", None])
    return [_transform(text_case, strip, lang)
            for strip, text_case, lang in itertools.product((False, True), _TEXT_CASES, languages)]


def _transform(text_case: str | None, strip: bool, language: str | None
               ) -> Callable[[str], str]:
    if not strip and (text_case is None or (text_case == "title" and language != "en")):
        return _unchanged  # what citeproc-py does then (TextCased.case): most slots are these
    return _Case(text_case, strip, language)


def _unchanged(value: str) -> str:
    return value


@functools.cache
def _case_element(text_case: str | None, strip: bool) -> Any:
    """The stand-in for a style element that ``TextCased.case`` and ``strip_periods`` read."""
    options = {"text-case": text_case, "strip-periods": "true" if strip else "false"}
    return types.SimpleNamespace(get=lambda key, default=None: options.get(key) or default,
                                 _stop_words=TextCased._stop_words)


class _Case:
    """A slot's text as citeproc-py cases it. A class, not a closure: templates are pickled
    (made in a forked child, :func:`newsarchive.export.csl.make_templates`)."""

    __slots__ = ("_element", "language", "strip", "text_case")

    def __init__(self, text_case: str | None, strip: bool, language: str | None) -> None:
        self.text_case, self.strip, self.language = text_case, strip, language
        self._element = _case_element(text_case, strip)

    def __reduce__(self) -> tuple[Any, ...]:
        return _Case, (self.text_case, self.strip, self.language)

    def __call__(self, value: str) -> str:
        text: Any = MixedString([String(value)])
        text = StrippedPeriods.strip_periods(self._element, text)  # type: ignore[arg-type]
        return str(TextCased.case(self._element, text, self.language))  # type: ignore[arg-type]


class _Initials:
    """A given name as citeproc-py initializes it (picklable, as :class:`_Case`)."""

    __slots__ = ("_element", "hyphen", "mark")

    def __init__(self, mark: str, hyphen: bool) -> None:
        self.mark, self.hyphen = mark, hyphen
        self._element = types.SimpleNamespace(get_option=lambda name, context=None: hyphen)

    def __reduce__(self) -> tuple[Any, ...]:
        return _Initials, (self.mark, self.hyphen)

    def __call__(self, given: str) -> str:
        return str(Name.initialize(self._element, given, self.mark, None))  # type: ignore[arg-type]


# -- shapes ----------------------------------------------------------------------------------

def shape(item: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What a style's output structure depends on, or None for a record templates do not
    cover (a value citeproc-py would treat by its surroundings)."""
    key: list[Any] = [item.get("type"), item.get("language")]
    for field in sorted(item):
        value = item[field]
        if field in ("id", "type", "language"):
            continue
        if isinstance(value, str):
            if not _plain(value):
                return None
            key.append((field, "text"))
        elif isinstance(value, Mapping) and "date-parts" in value:
            parts = value["date-parts"]
            if (len(parts) != 1 or not 1 <= len(parts[0]) <= 3 or set(value) != {"date-parts"}
                    or not _date_ok(parts[0])):
                return None
            key.append((field, "date", len(parts[0])))
        elif isinstance(value, list) and all(isinstance(n, Mapping) for n in value):
            names = []
            for name in value:
                kinds = tuple(sorted(name))
                if not set(kinds) <= {"family", "given", "suffix", "literal"}:
                    return None
                if not all(isinstance(name[k], str) and _plain(name[k]) for k in kinds):
                    return None
                names.append(kinds)
            key.append((field, "names", tuple(names)))
        else:
            return None
    return tuple(key)


def _plain(value: str) -> bool:
    """A value a template can hold: no space at either end (citeproc-py trims and merges
    spaces there) and no inline markup (citeproc-py reads ``<span class="nocase">``)."""
    return bool(value) and "<" not in value and not value[0].isspace() \
        and not value[-1].isspace()


def _punctuated(item: Mapping[str, Any]) -> bool:
    """Whether a value starts or ends with punctuation citeproc-py merges with the style's
    (``Jr.`` before ``. ``): templates fill those only where that merging was checked."""
    for value in item.values():
        if isinstance(value, str):
            if value[0] in SEAM_PUNCTUATION or value[-1] in SEAM_PUNCTUATION:
                return True
        elif isinstance(value, list):
            for name in value:
                for part in name.values():
                    if part[0] in SEAM_PUNCTUATION or part[-1] in SEAM_PUNCTUATION:
                        return True
    return False


def _date_ok(parts: list[Any]) -> bool:
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in parts):
        return False
    year, month, day = [*parts, 1, 1][:3]
    return 1000 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31


# -- templates --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """Where a value goes: ``path`` into the record, ``fill`` makes its text."""
    path: tuple[Any, ...]
    fill: Callable[[Any], str]


@dataclass
class Template:
    parts: tuple[str | Slot, ...]
    # Joins (index of the right-hand part) where citeproc-py writes a repeated ``.``,
    # ``,``, ... once: a value's last character and the style's next one, or the reverse.
    merges: frozenset[int] = frozenset()
    seams: bool = False  # the merges were checked on values that end in punctuation

    def fill(self, item: Mapping[str, Any]) -> str:
        """The entry for ``item``: literal text and slots joined as citeproc-py joins them."""
        out = ""
        for i, part in enumerate(self.parts):
            if isinstance(part, str):
                text = part
            else:
                value: Any = item
                for step in part.path:
                    value = value[step]
                text = part.fill(value)
            if i in self.merges and out and text and out[-1] == text[0] \
                    and text[0] in SEAM_PUNCTUATION:
                text = text[1:]
            out += text
        return out


class _TooMany(Exception):
    """More names than there are markers for (rendered by citeproc-py instead)."""


class _Probe:
    """A probe record of one shape and the markers placed in it."""

    def __init__(self, item: Mapping[str, Any]) -> None:
        self.record: Record = {}
        self.texts: list[tuple[tuple[Any, ...], str]] = []  # (path, marker)
        self.givens: list[tuple[tuple[Any, ...], str]] = []
        self.dates: list[tuple[str, int]] = []  # (field, number of parts)
        letters = iter(a + b for a in _MARK_LETTERS for b in _MARK_LETTERS)
        initials = iter(_INITIALS)
        for field, value in item.items():
            if field in ("id", "type", "language"):
                self.record[field] = value
            elif isinstance(value, str):
                self.record[field] = self._text((field,), next(letters))
            elif isinstance(value, Mapping):
                n = len(value["date-parts"][0])
                self.dates.append((field, n))
                base = _PROBE_DATES[len(self.dates) - 1]
                self.record[field] = {"date-parts": [list(base[:n])]}
            else:
                names = []
                for i, name in enumerate(value):
                    probe = {}
                    for part in name:
                        if part == "given":
                            a, b, c = next(initials, ""), next(initials, ""), next(initials, "")
                            if not c:
                                raise _TooMany
                            marker = f"{a}{next(letters)}a {b}qa-{c}qa"
                            self.givens.append(((field, i, "given"), marker))
                            probe[part] = marker
                        else:
                            probe[part] = self._text((field, i, part), next(letters))
                    names.append(probe)
                self.record[field] = names

    def _text(self, path: tuple[Any, ...], letter: str) -> str:
        marker = f"z{letter}a of Z{letter}b z{letter}.c"
        self.texts.append((path, marker))
        return marker


def _with(record: Record, path: tuple[Any, ...], value: Any) -> Record:
    """A copy of ``record`` with the value at ``path`` replaced."""
    out = {k: ([dict(n) for n in v] if isinstance(v, list) else v) for k, v in record.items()}
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def build(render: Render, item: Mapping[str, Any]) -> Template | None:
    """The template of ``item``'s shape, or None when this style cannot be templated for it
    (a marker lost or found twice, or a sample that comes out differently)."""
    try:
        probe = _Probe(item)
    except _TooMany:
        return None
    base = render(probe.record)
    spans: list[tuple[int, int, Slot]] = []
    cases = _case_variants(item.get("language"))
    initials = [_Initials(mark, hyphen) for mark in (". ", ".", "", " ")
                for hyphen in (True, False)]
    for texts, variants in ((probe.texts, cases), (probe.givens, cases + initials)):
        for path, marker in texts:
            # Not found: a value the style does not show (the checks below prove it)
            found = _locate(base, marker, variants)
            spans += [(start, end, Slot(path, fill)) for start, end, fill in found]
    for field, n in probe.dates:
        date_spans = _date_slots(render, probe.record, base, field, n)
        if date_spans is None:
            return None
        spans += date_spans
    spans.sort(key=lambda s: s[0])
    parts: list[str | Slot] = []
    at = 0
    for start, end, slot in spans:
        if start < at:
            return None  # overlapping slots: a marker inside another's text
        parts += [base[at:start], slot]
        at = end
    parts.append(base[at:])
    template = Template(tuple(p for p in parts if p != ""))
    if not _checks(render, template, item, _sample):
        return None
    template.merges = _merges(render, template, probe)
    template.seams = _checks(render, template, item, _punctuated_sample)
    return template


def _merges(render: Render, template: Template, probe: _Probe) -> frozenset[int]:
    """Which joins between a value and the style's punctuation citeproc-py merges: for each
    value and punctuation mark next to it, the probe rendered with the value ending (or
    starting) with that mark shows it."""
    parts = template.parts
    markers = dict(probe.texts + probe.givens)
    groups: dict[tuple[tuple[Any, ...], str, str], list[int]] = {}
    for i, part in enumerate(parts):
        if not isinstance(part, Slot) or part.path not in markers:
            continue
        after = parts[i + 1] if i + 1 < len(parts) else None
        before = parts[i - 1] if i else None
        if isinstance(after, str) and after[0] in SEAM_PUNCTUATION:
            groups.setdefault((part.path, "end", after[0]), []).append(i + 1)
        if isinstance(before, str) and before[-1] in SEAM_PUNCTUATION:
            groups.setdefault((part.path, "start", before[-1]), []).append(i)
    merges: set[int] = set()
    for (path, edge, mark), joins in groups.items():
        marker = markers[path]
        record = _with(probe.record, path, marker + mark if edge == "end" else mark + marker)
        rendered = render(record)
        for chosen in itertools.product((False, True), repeat=len(joins)):
            trial = merges | {j for j, on in zip(joins, chosen, strict=True) if on}
            if Template(parts, frozenset(trial)).fill(record) == rendered:
                merges = trial
                break
    return frozenset(merges)


def _locate(base: str, marker: str, variants: list[Callable[[str], str]]
             ) -> list[tuple[int, int, Callable[[str], str]]]:
    """Every place a variant of ``marker`` is in ``base`` (a style may show a value twice,
    e.g. the title in the author's place): (start, end, the variant's function)."""
    found: dict[int, tuple[int, int, Callable[[str], str]]] = {}
    for fill in variants:
        text = fill(marker)
        start = base.find(text)
        while start != -1:
            found.setdefault(start, (start, start + len(text), fill))
            start = base.find(text, start + 1)
    return sorted(found.values(), key=lambda f: f[0])


# Texts of a month or day slot, by (render, date field, parts, part): a style writes months
# and days the same way in every record shape, so one shape's probing serves the others
# once three probed values agree (and each template's checks still run).
_DATE_TEXTS: dict[tuple[Any, str, int, int], dict[int, str]] = {}
_RECHECKED = (1, 5, 12)  # values probed again in another shape (plus the base)


def _date_slots(render: Render, record: Record, base: str, field: str, n: int
                ) -> list[tuple[int, int, Slot]] | None:
    """Slots for each part of one date, each probed over its domain."""
    base_parts = list(record[field]["date-parts"][0])
    domains = [list(_YEARS), list(range(1, 13)), list(range(1, 32))][:n]
    spans = []
    for index, domain in enumerate(domains):
        def rendered(value: int, index: int = index) -> str:
            parts = list(base_parts)
            parts[index] = value
            return render(_with(record, (field,), {"date-parts": [parts]}))
        first = rendered(domain[0])
        if first == base:
            continue  # the style does not show this part (the checks prove it)
        known = _DATE_TEXTS.get((render, field, n, index))
        texts, region = None, None
        if known is not None:
            texts, region = _texts(base, base_parts[index], {
                v: first if v == domain[0] else rendered(v) for v in (domain[0], *_RECHECKED)})
            texts = None if any(known.get(v) != t for v, t in texts.items()) else known
        if texts is None:
            texts, region = _texts(base, base_parts[index], {
                v: first if v == domain[0] else rendered(v) for v in domain})
            if index:
                _DATE_TEXTS.setdefault((render, field, n, index), texts)
        if index == 0:  # years: checked to be written out in full, not enumerated
            if any(text != str(v) for v, text in texts.items()):
                return None
            fill: Callable[[Any], str] = str
        else:
            fill = texts.__getitem__
        spans.append((*region, Slot((field, "date-parts", 0, index), fill)))
    return spans


def _texts(base: str, base_value: int, outputs: dict[int, str]
           ) -> tuple[dict[int, str], tuple[int, int]]:
    """The text each value gives in the slot where the outputs differ from ``base``, and
    that slot's (start, end) in ``base``."""
    prefix = min(_common_prefix(base, out) for out in outputs.values())
    suffix = min(_common_suffix(base, out) for out in outputs.values())
    prefix = min(prefix, len(base) - suffix)
    texts = {v: out[prefix:len(out) - suffix] for v, out in outputs.items()}
    texts[base_value] = base[prefix:len(base) - suffix]
    return texts, (prefix, len(base) - suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


# Sample values a template must render exactly as citeproc-py does before it is used: stop
# words first and last, capitals, periods inside, quotes, non-Latin script, particles.
_SAMPLE_TEXTS = ("of the war in Velmora: a report", "Dunmoor", "UN aid to “Kestrel” isn't late",
                 "Zentral-Ost e.V. and the 2nd front", "Новости Велморы", "a/b 50% x")
_SAMPLE_GIVENS = ("Ana", "Ana Maria", "Jean-Luc", "ana de", "J. Rolf", "Ивана")
_SAMPLE_DATES = ((2024, 3, 5), (1999, 12, 31), (2010, 1, 1), (2026, 2, 28))


def _checks(render: Render, template: Template, item: Mapping[str, Any],
            sample: Callable[[Mapping[str, Any], int], Record]) -> bool:
    for i in range(len(_SAMPLE_TEXTS)):
        record = sample(item, i)
        if template.fill(record) != render(record):
            return False
    return True


_EDGES = ((".", ""), ("?", ""), ("!", ","), (":", "."), (";", ":"), (",", "?"))


def _punctuated_sample(item: Mapping[str, Any], i: int) -> Record:
    """A sample whose values end (and some start) with punctuation."""
    record = _sample(item, i)
    edges = itertools.cycle(_EDGES[i:] + _EDGES[:i])

    def edged(text: str) -> str:
        end, start = next(edges)
        return start + text + end
    for field, value in record.items():
        if field in ("id", "type", "language"):
            continue
        if isinstance(value, str):
            record[field] = edged(value)
        elif isinstance(value, list):
            record[field] = [{k: edged(v) for k, v in name.items()} for name in value]
    return record


def _sample(item: Mapping[str, Any], i: int) -> Record:
    texts = itertools.cycle(_SAMPLE_TEXTS[i:] + _SAMPLE_TEXTS[:i])
    givens = itertools.cycle(_SAMPLE_GIVENS[i:] + _SAMPLE_GIVENS[:i])
    out: Record = {}
    for field, value in item.items():
        if field in ("id", "type", "language"):
            out[field] = value
        elif isinstance(value, str):
            out[field] = next(texts)
        elif isinstance(value, Mapping):
            n = len(value["date-parts"][0])
            out[field] = {"date-parts": [list(_SAMPLE_DATES[i % len(_SAMPLE_DATES)][:n])]}
        else:
            out[field] = [{k: (next(givens) if k == "given" else next(texts)) for k in name}
                          for name in value]
    return out


_UNKNOWN = object()  # Templates.template: the shape is not known yet


class Templates:
    """One style's templates by shape, built on first use."""

    def __init__(self, render: Render) -> None:
        self.render = render
        self._by_shape: dict[tuple[Any, ...], Template | None] = {}

    def template(self, item: Mapping[str, Any], key: Any = _UNKNOWN) -> Template | None:
        """The template for ``item``'s shape, or None when citeproc-py must render it.
        ``key``: the item's :func:`shape` when known (one record, several styles)."""
        if key is _UNKNOWN:
            key = shape(item)
        if key is None:
            return None
        if key not in self._by_shape:
            self._by_shape[key] = build(self.render, item)
        template = self._by_shape[key]
        if template is not None and not template.seams and _punctuated(item):
            return None
        return template

    def known(self) -> dict[tuple[Any, ...], Template | None]:
        """Every shape met so far and its template (None: citeproc-py renders it)."""
        return dict(self._by_shape)

    def add(self, known: Mapping[tuple[Any, ...], Template | None]) -> None:
        """Take templates made elsewhere (another process's :meth:`known`) for the shapes
        not met here yet."""
        for key, template in known.items():
            self._by_shape.setdefault(key, template)

    def formatted(self, item: Mapping[str, Any]) -> str:
        """What ``render(item)`` gives, from the shape's template where there is one."""
        template = self.template(item)
        return self.render(item) if template is None else template.fill(item)
