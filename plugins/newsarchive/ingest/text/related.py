"""Related-article lines: ``Related article: X``, ``Read more: X``, ``— READ ALSO: X`` ...

News sites put links to other stories between paragraphs, with a label in the site's
language, sometimes led by a dash, a bullet or an arrow.
"""

from __future__ import annotations

import re

_LEAD = r"^[\s\-–—•·*►▶▸»>|]*"
_LABELS = (
    r"related(?:\s+(?:articles?|stories|story|news|coverage|content|reading|link))?"
    r"|read\s+(?:also|more|next|too)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?"
    r"|recommended(?:\s+reading)?|further\s+reading|you\s+may\s+also\s+like"
    r"|leia\s+(?:também|mais)|veja\s+também|saiba\s+mais|leer?\s+también|lea\s+también"
    r"|ver\s+también|más\s+información|(?:à\s+)?lire\s+aussi|voir\s+aussi|sur\s+le\s+même\s+sujet"
    r"|lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant|leggi\s+anche|vedi\s+anche"
    r"|lees\s+ook|czytaj\s+(?:też|także|również)|zobacz\s+(?:też|także)|läs\s+också|les\s+også"
    r"|читайте\s+(?:также|також)|читать\s+также|читати\s+також|смотрите\s+также|дивіться\s+також"
    r"|по\s+теме|на\s+тему|по\s+темі|اقرأ\s+أيضا|اقرأ\s+أيضاً|إقرأ\s+أيضا|إقرأ\s+أيضاً|اقرأ\s+المزيد"
    r"|ذات\s+صلة|مواضيع\s+ذات\s+صلة|קרא(?:ו)?\s+גם|ראו\s+גם|ayrıca\s+okuyun|ilgili\s+haber"
    r"|関連記事|関連ニュース|관련\s*기사|相关新闻|相關新聞|相关阅读|延伸閱讀"
)
_RELATED = re.compile(
    rf"{_LEAD}(?:{_LABELS})\s*(?:[:：|»›>]|[-–—](?=\s))\s*(?P<title>\S.*)$"
    rf"|^[\s\-–—•·*►▶▸»>]+(?:{_LABELS})\s+(?P<bare>\S.*)$",
    re.IGNORECASE,
)


def related_title(line: str) -> str | None:
    """The title a related-article line points to, else ``None``."""
    match = _RELATED.match(line)
    if not match:
        return None
    return (match.group("title") or match.group("bare")).strip()
