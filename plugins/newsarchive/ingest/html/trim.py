"""Remove the page furniture extractors leave in an article's Markdown.

Extractors cut a page at the article's container; what the CMS prints inside that container
around the text comes with it. These blocks are furniture on any news site, whatever its
language, and are dropped:

* anywhere: pagination (blocks of page numbers and arrows) and short lines of two words or
  more repeated three times or more (slide titles of a gallery);
* before the first paragraph of prose: the headline again (or a shorter form of it), a date
  stamp of the article's own date ("Published 5 March 2019 10:02"), label lines ("Tags:",
  "Category:");
* after the last paragraph of prose: the same date stamps and labels, copyright lines, the
  editor's credit line, "Comments" headings, "how to cite this page" notices and short calls
  to subscribe to a newsletter.

Short blocks between paragraphs of prose are left alone: a one-line paragraph inside the
article is article text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from newsarchive.ingest.html import patterns as P

PROSE_CHARS = 150  # characters of non-link text in a paragraph of prose
_IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)|\*\*|__|\\(?=\S)")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*[\"'”»)]?\s*$")
_PAGINATION = re.compile(r"^[\d\s<>«»‹›…·.,:/\-–—]+$")
_MAX_REPEAT_WORDS = 10
_MAX_STAMP_WORDS = 12
_LABEL = re.compile(
    r"^\W*(?:tags?|tagged|categor(?:y|ies)|topics?|filed\s+under|keywords?|posted\s+in|"
    r"published\s+by|posted\s+by|schlagwörter|schlagworte|themen|kategorie|etiquetas|"
    r"categoria|categorias|categoría|categorías|marcadores|publicado\s+por|mots-clés|"
    r"rubriques?|thèmes|теги|метки|рубрика|tagi|kategoria|标签|關鍵字|关键词|タグ|태그|"
    r"키워드)\s*[:：]",
    re.IGNORECASE,
)
_EDITOR = re.compile(r"(?:责任编辑|責任編輯|责编)\s*[:：]")
_COPYRIGHT = re.compile(
    r"^\W*(?:©|ⓒ|\(c\)|copyright\b|all\s+rights\s+reserved|todos\s+os\s+direitos|"
    r"todos\s+los\s+derechos|alle\s+rechte|tous\s+droits|版权所有|版權所有|無断転載|"
    r"저작권자?|무단\s*전재)",
    re.IGNORECASE,
)
_COMMENTS_HEADING = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|"
    r"kommentare?|comentários?|comentarios?|commentaires?|комментарии|коментарі|"
    r"komentarze?|التعليقات|تعليقات|댓글|评论|評論|コメント)\s*(?:\(\d+\))?\W*$",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"\b(?:subscribe|newsletter|sign\s+up\s+for|abonnieren|abonnez|inscreva-se|suscr[ií]bete|"
    r"подпишитесь|підпишіться|zapisz\s+się)|اشترك|구독|订阅|訂閱|購読", re.IGNORECASE)
_MAX_NOTICE_WORDS = 15
_CITATION = re.compile(r"^\W*(?:citation|cite\s+this(?:\s+(?:article|page|story))?|"
                       r"how\s+to\s+cite|zitiervorschlag|como\s+citar)\b", re.IGNORECASE)


def plain(block: str) -> str:
    """The visible text of a Markdown block: link texts kept, markup dropped."""
    text = _LINK.sub(r"\1", block)
    text = _MARKUP.sub("", text)
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _weight(block: str) -> int:
    text = plain(_LINK.sub("", block))  # link text does not make prose
    return sum(3 if _IDEOGRAPHIC.match(ch) else 1 for ch in text if not ch.isspace())


def _prose_span(blocks: list[str], texts: list[str]) -> tuple[int, int]:
    """First and last paragraph of prose: long ones, else sentences (an article of short
    paragraphs); ``(-1, len)`` when there is neither, so that no block is at an edge."""
    candidates = [i for i, t in enumerate(texts) if not _closing_notice(t)]
    prose = [i for i in candidates if _weight(blocks[i]) >= PROSE_CHARS] or [
        i for i in candidates if _weight(blocks[i]) >= 40 and _SENTENCE_END.search(texts[i])]
    return (prose[0], prose[-1]) if prose else (-1, len(blocks))


def _repeatable(text: str) -> bool:
    """A line whose repeats are template (a slide title, a label), not an interview's
    speaker labels ("ILSA VERRIN:") or question marks ("Q")."""
    words = text.split()
    return 2 <= len(words) <= _MAX_REPEAT_WORDS and not text.endswith((":", "："))


def _is_pagination(text: str) -> bool:
    """Page numbers and arrows ("<< < 1 2 3 > >>"), not a date or a figure."""
    return bool(_PAGINATION.match(text)) and not re.search(r"\d{4}|\d[./:-]\d", text)


def is_date_stamp(text: str, dates: Iterable[dt.date]) -> bool:
    """A short line that states one of the article's own dates (and maybe a label or a time)."""
    words = _WORD.findall(text)
    if not words or len(words) > _MAX_STAMP_WORDS or len(text) > 90:
        return False
    if _SENTENCE_END.search(text) and not re.search(r"\d[.]?\s*$", text):
        return False  # a sentence that happens to give the date
    numbers = {int(w) for w in re.findall(r"\d+", text) if len(w) <= 4}
    return any(date.year in numbers and date.day in numbers for date in dates)


def _repeats_title(text: str, titles: Iterable[str]) -> bool:
    words = _norm(text).split()
    if not words:
        return False
    for title in titles:
        title_words = _norm(title).split()
        if not title_words or len(title_words) > 40 or len(words) > len(title_words) + 1 \
                or len(words) < 0.5 * len(title_words):
            continue
        if sum(w in set(title_words) for w in words) >= 0.9 * len(words):
            return True
    return False


def _furniture(text: str, dates: list[dt.date]) -> bool:
    return bool(_LABEL.match(text) and len(_WORD.findall(text)) <= _MAX_STAMP_WORDS) \
        or is_date_stamp(text, dates)


def _call_to_subscribe(text: str, block: str) -> bool:
    """A short line asking to subscribe: a link or heading, or no sentence (an article's
    sentence that mentions a newsletter ends like one and links nothing)."""
    return bool(_SUBSCRIBE.search(text)) and len(_WORD.findall(text)) <= _MAX_NOTICE_WORDS and (
        "](" in block or block.lstrip().startswith("#") or not _SENTENCE_END.search(text))


def _closing_notice(text: str) -> bool:
    """Copyright, editor credit, "Comments" heading, citation notice: never article text."""
    return bool(_COPYRIGHT.match(text) or (_EDITOR.search(text) and len(text) <= 40)
                or _COMMENTS_HEADING.match(text) or _CITATION.match(text))


def _only_links(block: str) -> bool:
    return bool(block.strip()) and not _LINK.sub("", block).strip(" -*+\n")


def _names_site(block: str, text: str, sites: list[str]) -> bool:
    key = _norm(text).replace(" ", "")
    return block.lstrip().startswith("#") and len(text) <= 60 and any(
        len(s) >= 4 and s in key for s in sites)


def trim(markdown: str, titles: Iterable[str] = (), dates: Iterable[dt.date] = (),
         sites: Iterable[str] = (), decks: Iterable[str] = ()) -> str:
    """``markdown`` without the furniture described in the module docstring.

    ``titles``: the headline and its stated variants; ``dates``: the article's published and
    modified dates; ``sites``: the site's names (a heading naming the site above the article
    heads a box of its other stories); ``decks``: the page's stated description (the deck,
    repeated as a heading above the text).
    """
    blocks = [b for b in markdown.split("\n\n") if b.strip()]
    texts = [plain(b) for b in blocks]
    titles, dates = [t for t in titles if t], [d for d in dates if d]
    site_keys = [k for s in sites if s and (k := _norm(s).replace(" ", ""))]
    deck_keys = {_norm(d) for d in decks if d}
    counts = Counter(_norm(t) for t in texts if _repeatable(t))
    first, last = _prose_span(blocks, texts)
    keep: list[str] = []
    dropping_box = dropping_links = False
    for i, (block, text) in enumerate(zip(blocks, texts, strict=True)):
        dropping_box = dropping_box and block.lstrip().startswith(("-", "*", "+"))
        dropping_links = dropping_links and _only_links(block)
        if dropping_box or dropping_links:
            continue
        if _is_pagination(text) or (_repeatable(text) and counts[_norm(text)] >= 3):
            continue
        if i < first:
            if _names_site(block, text, site_keys):
                dropping_box = True
                continue
            if _repeats_title(text, titles) or _furniture(text, dates) or (
                    block.lstrip().startswith("#") and _norm(text) in deck_keys):
                continue
        if i > last:
            if P.RELATED_LABEL.fullmatch(text) or P.RELATED_LABEL.fullmatch(text + ":"):
                dropping_links = True
                continue
            if _furniture(text, dates) or _closing_notice(text) \
                    or _call_to_subscribe(text, block):
                continue
        keep.append(block)
    return "\n\n".join(keep)
