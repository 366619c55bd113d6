"""Choose, per page, the extractor whose article text the evidence supports.

Two extractors that find the same text agree; the primary one (trafilatura) is kept. When
they disagree, one of them usually holds text the other lacks, and the question is whether
that text is article or boilerplate. The evidence, in order:

1. the page's own statement of its text, JSON-LD ``articleBody``, when it is long enough: the
   candidate that covers it best (token F1) wins when it beats the primary clearly;
2. the blocks only one candidate has ("disputed"): article paragraphs missed by the other
   extractor share the article's vocabulary (names, places, topic words) and read as prose;
   leaked boilerplate (teaser lists of other stories, "more news" headings, share and
   subscription lines) is short, link-heavy or about other things;
3. if neither is clearly better, the primary.

A candidate with (almost) no text loses to one with text; with no usable candidate at all the
page's ``articleBody`` stands in (pages that render their text by script often state it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from newsarchive.ingest.html.extractors import Candidate, from_article_body

MIN_CHARS = 200  # non-space characters an extractor must find to count as having an article
AGREEMENT = 0.97  # token F1 between candidates above which they found the same article
MIN_DISPUTED_SHARE = 0.05  # disputed text under this share of a candidate is noise
ARTICLE_BODY_MIN_UNITS = 40  # content units an articleBody needs to serve as evidence
ARTICLE_BODY_MARGIN = 0.05  # F1 against articleBody a challenger must gain over the primary
_BLOCK_TAGS = ("p", "head", "item", "quote", "cell", "code")
_WORD = re.compile(r"\w+")
_IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_SENTENCE_END = re.compile(r"[.!?。！？…؟۔।\"'”»)]\s*$")


@dataclass
class Block:
    text: str
    link_chars: int
    shingles: set[tuple[str, ...]]
    units: set[str]
    introduced: bool  # the block (or its list) follows a line ending with a colon


def introduces(el: etree._Element | None) -> bool:
    """Whether a block ends with a colon, announcing the list that follows it."""
    return el is not None and el.tag in ("p", "head") and " ".join(
        "".join(el.itertext()).split()).endswith((":", "："))


def _tokens(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_units(tokens: Iterable[str]) -> set[str]:
    """Words that carry topic: longer words, or character n-grams in scripts written without
    spaces (pairs of ideographs and syllables, which are as specific as words; triples of
    Thai letters, an alphabet whose pairs recur in any text)."""
    units: set[str] = set()
    for token in tokens:
        n = 2 if _IDEOGRAPHIC.search(token) else 3 if _THAI.search(token) else 0
        if n:
            units.update(token[i:i + n] for i in range(max(1, len(token) - n + 1)))
        elif len(token) >= 5 and not token.isdigit():
            units.add(token)
    return units


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < 3:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


def blocks_of(body: etree._Element) -> list[Block]:
    """The innermost text blocks of an extractor's tree, with their link text."""
    out: list[Block] = []
    for el in body.iter(*_BLOCK_TAGS):
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iterdescendants()):
            continue  # a container: its inner blocks are counted
        text = " ".join("".join(el.itertext()).split())
        if not text:
            continue
        tokens = _tokens(text)
        links = sum(len(" ".join("".join(r.itertext()).split())) for r in el.iter("ref"))
        listing = next(el.iterancestors("list"), None)
        introduced = introduces((listing if listing is not None else el).getprevious())
        out.append(Block(text, links, _shingles(tokens), content_units(tokens), introduced))
    return out


def token_f1(a: Counter, b: Counter) -> float:
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(b.values()), overlap / sum(a.values())
    return 2 * p * r / (p + r)


def _size(text: str) -> int:
    return len("".join(text.split()))


def disputed(blocks: Sequence[Block], other: Sequence[Block]) -> list[tuple[Block, str]]:
    """Blocks most of whose word sequence the other candidate does not have, each with its
    place relative to the blocks both have: ``"before"``, ``"inside"`` or ``"after"``."""
    seen = set().union(*(b.shingles for b in other)) if other else set()
    novel = [bool(b.shingles) and len(b.shingles - seen) > 0.5 * len(b.shingles)
             for b in blocks]
    shared = [i for i, is_novel in enumerate(novel) if not is_novel]
    first, last = (shared[0], shared[-1]) if shared else (len(blocks), len(blocks))
    return [(b, "before" if i < first else "after" if i > last else "inside")
            for i, b in enumerate(blocks) if novel[i]]


def article_likeness(extra: Sequence[tuple[Block, str]], core: set[str],
                     trailing: bool = True) -> float:
    """Share (by characters) of disputed text that reads as part of this article.

    A block counts when it shares the article's vocabulary (``core``: content units of the
    text both extractors found), less of it when it is a long paragraph that ends a sentence
    with few links (prose about something else, a bio or a promotion, shares almost none).
    A block that is mostly links counts only inside the article and announced by its text
    (documents it cites after "The documents:"); elsewhere, links about the same topic are
    lists of related stories. With ``trailing=False`` nothing after the shared text counts:
    what follows an article on the same topic is more often comments, a bio or "more on
    this story" than a paragraph one extractor missed.
    """
    total = sum(len(b.text) for b, _ in extra)
    if not total:
        return 0.0
    good = 0
    for b, place in extra:
        if place == "after" and not trailing:
            continue
        if b.link_chars > 0.5 * len(b.text) and not (place == "inside" and b.introduced):
            continue
        cohesion = len(b.units & core) / len(b.units) if b.units else 0.0
        long_prose = len(b.text) >= 200 and b.link_chars < 0.2 * len(b.text) and bool(
            _SENTENCE_END.search(b.text))
        if cohesion >= 0.3 or (long_prose and cohesion >= 0.15):
            good += len(b.text)
    return good / total


def _by_article_body(usable: Sequence[Candidate], article_body: str | None) -> Candidate | None:
    if not article_body:
        return None
    truth_tokens = _tokens(article_body)
    if len(content_units(truth_tokens)) < ARTICLE_BODY_MIN_UNITS:
        return None
    truth = Counter(truth_tokens)
    scores = [token_f1(truth, Counter(_tokens(c.text))) for c in usable]
    best = max(range(len(usable)), key=scores.__getitem__)
    return usable[best] if scores[best] >= scores[0] + ARTICLE_BODY_MARGIN else None


def choose(candidates: Sequence[Candidate], article_body: str | None = None) -> Candidate | None:
    """The candidate to publish (the primary, ``candidates[0]``, unless evidence says otherwise).

    With no extractor finding :data:`MIN_CHARS` of text, the page's ``articleBody`` if it is
    longer, else the longest (possibly short) extraction; ``None`` when nothing has text.
    """
    usable = [c for c in candidates if c.body is not None and _size(c.text) >= MIN_CHARS]
    if len(usable) == 1:
        return usable[0]
    if not usable:
        found = [c for c in [*candidates, from_article_body(article_body)] if c.body is not None]
        return max(found, key=lambda c: _size(c.text)) if found else None
    if (winner := _by_article_body(usable, article_body)) is not None:
        return winner
    primary = usable[0]
    for challenger in usable[1:]:
        if _prefer(challenger, primary):
            primary = challenger
    return primary


def _prefer(challenger: Candidate, primary: Candidate) -> bool:
    """Whether the disputed text says the challenger is the better extraction."""
    if token_f1(Counter(_tokens(primary.text)), Counter(_tokens(challenger.text))) >= AGREEMENT:
        return False
    p_blocks, c_blocks = blocks_of(primary.body), blocks_of(challenger.body)
    p_extra, c_extra = disputed(p_blocks, c_blocks), disputed(c_blocks, p_blocks)
    extra_ids = {id(b) for b, _ in p_extra}
    p_shared = [b for b in p_blocks if id(b) not in extra_ids]
    core = set().union(*(b.units for b in p_shared)) if p_shared else set()
    p_share = sum(len(b.text) for b, _ in p_extra) / max(1, sum(len(b.text) for b in p_blocks))
    c_share = sum(len(b.text) for b, _ in c_extra) / max(1, sum(len(b.text) for b in c_blocks))
    # The burden of proof is on the challenger: its extra text after the shared text does not
    # count as article, the primary's does.
    p_like = article_likeness(p_extra, core)
    c_like = article_likeness(c_extra, core, trailing=False)
    # The primary's extra text is boilerplate and the challenger adds no boilerplate of its own.
    primary_leaks = p_share >= MIN_DISPUTED_SHARE and p_like < 0.5
    challenger_clean = c_share < MIN_DISPUTED_SHARE or c_like >= 0.5
    if primary_leaks and challenger_clean:
        return True
    # The challenger holds article text the primary missed, and the primary nothing it lacks.
    return (c_share >= MIN_DISPUTED_SHARE and c_like >= 0.5
            and (p_share < MIN_DISPUTED_SHARE or p_like < 0.5))
