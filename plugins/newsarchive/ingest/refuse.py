"""Refusing what is not a news article: policy pages, documentation, licences, source code.

Judged on what a reader extracted (title and body), by properties news never has: a title
that is only a legal page's name; a body that speaks as "we" to "you" about personal data and
cookies; the section headings and shell commands of software documentation; the symbols and
keywords of program text. Each rule asks for more than one sign, so a news report *about* a
privacy policy or a software leak is still archived.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from newsarchive.ingest.model import Extracted, IngestError

_WHAT_TO_DO = ("ingest archives news articles only: save the article page itself (if this is "
               "one, please report the file)")

# Names of a site's legal pages, in the archive's main languages.
_POLICY_NAME = re.compile(
    r"(?:privacy|cookies?|data[- ]protection|data|gdpr|acceptable[- ]use|editorial|"
    r"accessibility|refund|copyright|community|comment(?:s|ing)?)\s+"
    r"(?:policy|policies|notice|statement|settings|preferences|guidelines|standards)"
    r"|terms(?:\s+(?:of\s+(?:service|use|sale)|and\s+conditions|&\s+conditions))?"
    r"|conditions\s+of\s+use|user\s+agreement|legal(?:\s+(?:notice|information|terms))?"
    r"|imprint|impressum|disclaimer|datenschutz(?:erklärung|hinweise)?|nutzungsbedingungen|agb"
    r"|mentions\s+légales|politique\s+de\s+confidentialité|conditions\s+générales(?:\s+d'utilisation)?"
    r"|política\s+de\s+(?:privacidad|cookies|privacidade)|aviso\s+legal|términos\s+y\s+condiciones"
    r"|termos\s+de\s+uso|informativa\s+(?:sulla\s+)?privacy"
    r"|политика\s+конфиденциальности|пользовательское\s+соглашение|условия\s+использования"
    r"|політика\s+конфіденційності|умови\s+використання"
    r"|سياسة\s+الخصوصية|شروط\s+الاستخدام|اتفاقية\s+الاستخدام",
    re.IGNORECASE,
)
_TITLE_FILLER = re.compile(r"\b(?:our|the|this|website|site|web|and|&|for|of|page|updated|"
                           r"general|full|global)\b", re.IGNORECASE)
# What a policy says, speaking as the site to the reader.
_POLICY_PHRASES = (
    "personal data", "personal information", "we collect", "we use cookies", "use of cookies",
    "third parties", "third-party", "your consent", "opt out", "opt-out", "data protection",
    "you agree", "these terms", "this policy", "this privacy", "governing law", "data controller",
    "gdpr", "your rights", "retention", "lawful basis", "legitimate interest", "browser settings",
    "ip address", "we may share", "we process", "processing of", "contact us",
)
_WE_YOU = re.compile(r"\b(?:we|our|us|you|your|yours)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")

_LICENCE_PHRASES = (
    "permission is hereby granted", "without warranty of any kind", "merchantability",
    "fitness for a particular purpose", "licensed under", "redistribution", "the software",
    "copyright holders", "in no event shall",
)
# The whole title is a licence's name ("MIT License", "GNU General Public License v3").
_LICENCE_TITLE = re.compile(r"^(?:the\s+)?(?:mit|bsd|apache|gnu|mozilla|isc|gpl|lgpl|agpl)"
                            r"(?:[\s-]+[\w.]+){0,4}?[\s-]+licen[cs]e(?:[\s,]+(?:version\s+)?v?"
                            r"[\d.]+)?$|^licen[cs]e(?:\.\w+)?$", re.IGNORECASE)

# Section headings of software documentation (READMEs, manuals).
_DOC_HEADINGS = frozenset({
    "installation", "install", "installing", "usage", "requirements", "prerequisites",
    "getting started", "quick start", "quickstart", "configuration", "license", "licence",
    "contributing", "contributors", "features", "examples", "example", "api", "api reference",
    "documentation", "development", "building", "build", "testing", "tests", "running tests",
    "running the tests", "changelog", "setup", "dependencies", "troubleshooting", "authors",
    "acknowledgements", "acknowledgments", "table of contents", "options", "commands",
    "support", "roadmap", "deployment", "how to use", "how to install", "synopsis",
})
_DOC_TITLE = re.compile(r"^(?:readme|changelog|changes|contributing|install|installation|"
                        r"license|licence|authors|todo|news|history|copying|manual)"
                        r"(?:\.(?:md|txt|rst|markdown))?$|\.(?:md|rst)$", re.IGNORECASE)
_COMMAND = re.compile(
    r"^(?:`{3}\w*\s*)?(?:\$\s|>>>\s|#\s*(?:apt|pip|npm)|(?:sudo\s+)?(?:pip3?|npm|npx|yarn|pnpm|git|make|cmake|"
    r"cargo|go|docker|kubectl|brew|apt(?:-get)?|dnf|yum|pacman|conda|python3?|node|ruby|gem|"
    r"bundle|mvn|gradle|dotnet|curl|wget|cd|mkdir|export|chmod|\./\S+)\s+\S)",
)
_CODE_TITLE = re.compile(r"\.(?:py|js|mjs|ts|c|h|cc|cpp|hpp|java|kt|go|rs|rb|php|pl|sh|bash|"
                         r"ps1|cs|swift|scala|lua|r|css|scss|json|ya?ml|toml|ini|xml|sql)$",
                         re.IGNORECASE)
# Program text: symbols prose rarely uses, and keywords of common languages. Every pattern here
# starts at a word boundary or a fixed character, so a hostile text (one word of a million
# letters) costs linear time.
_CODE_SYMBOLS = re.compile(r"[{};=<>&$\\]|::|->|\+\+|/\*|\*/|//")
_CODE_KEYWORDS = re.compile(
    r"\b(?:def|return|import|from|class|function|const|let|var|void|int|public|private|"
    r"static|struct|elif|lambda|async|await|null|None|true|false|True|False|self|this|"
    r"include|namespace|println|printf|console\.log|require|module\.exports|fn|impl|"
    r"package|func|interface|extends|implements|throw|catch|try|except|finally)\b"
    r"|#include|\b\w+\(\)|\b\w+\.\w+\(")


@dataclass
class Signs:
    """What the rules look at, computed once per text."""

    title: str
    text: str
    words: int
    we_you: float  # share of words that are we/our/you/your ...
    policy_phrases: list[str]
    licence_phrases: list[str]
    doc_headings: list[str]
    commands: int
    code_symbols: float  # code symbols per non-space character
    code_keywords: float  # code keywords per word


def plain(markdown: str) -> str:
    """The body as text: link targets dropped, Markdown escapes and entities undone."""
    text = re.sub(r"\]\([^()\[\]\s]*\)", "]", markdown)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1", text)
    return html.unescape(text)


def signs(found: Extracted) -> Signs:
    title = " ".join((found.title or "").split())
    text = plain(found.body)
    lower = f"{title}\n{text}".lower()
    words = len(_WORD.findall(text)) or 1
    lines = [ln.strip().lstrip("#").strip().rstrip(":").strip()
             for ln in text.splitlines() if ln.strip()]
    nonspace = len("".join(text.split())) or 1
    return Signs(
        title=title,
        text=text,
        words=words,
        we_you=len(_WE_YOU.findall(text)) / words,
        policy_phrases=[p for p in _POLICY_PHRASES if p in lower],
        licence_phrases=[p for p in _LICENCE_PHRASES if p in lower],
        doc_headings=sorted({ln.lower() for ln in lines if ln.lower() in _DOC_HEADINGS}),
        commands=sum(1 for ln in text.splitlines() if _COMMAND.match(ln.strip())),
        code_symbols=len(_CODE_SYMBOLS.findall(text)) / nonspace,
        code_keywords=len(_CODE_KEYWORDS.findall(text)) / words,
    )


def _title_is_policy(title: str) -> bool:
    """The title (or one of its parts around | - : separators) is a legal page's name."""
    for part in re.split(r"\s+[|\-–—:·•]\s+|\s*\|\s*", title):
        rest = _POLICY_NAME.sub(" ", part, count=1) if _POLICY_NAME.search(part) else None
        if rest is not None and not _WORD.search(_TITLE_FILLER.sub(" ", rest)):
            return True
    return False


def reason(found: Extracted) -> str | None:
    """Why ``found`` is not a news article, or ``None`` when it may be one."""
    s = signs(found)
    if _title_is_policy(s.title) and (len(s.policy_phrases) >= 2
                                      or (s.policy_phrases and s.we_you >= 0.03)):
        return f"a site's legal or policy page (title {s.title!r}), not a news article"
    if len(s.policy_phrases) >= 6 and s.we_you >= 0.03:
        return ("a site's privacy, cookie or terms page (it speaks to the reader about "
                f"{', '.join(s.policy_phrases[:4])}), not a news article")
    if (_LICENCE_TITLE.match(s.title) and len(s.licence_phrases) >= 2) \
            or len(s.licence_phrases) >= 4:
        return f"a software licence (title {s.title!r}), not a news article"
    code_like = ((s.code_keywords >= 0.1 and s.code_symbols >= 0.01)
                 or (s.code_symbols >= 0.05 and s.code_keywords >= 0.03))
    doc_title = bool(_DOC_TITLE.search(s.title.lstrip("# ").strip()))
    if (len(s.doc_headings) >= 3 or (len(s.doc_headings) >= 2 and (s.commands or code_like))
            or (doc_title and (s.doc_headings or s.commands or code_like))):
        shown = ", ".join(s.doc_headings[:4]) or f"{s.commands} shell command(s)"
        return f"software documentation (a README or manual: {shown}), not a news article"
    if code_like or (_CODE_TITLE.search(s.title) and s.code_keywords >= 0.05):
        return (f"source code ({s.code_keywords:.0%} of its words are program keywords or "
                "calls), not a news article")
    return None


def refuse_non_article(found: Extracted) -> None:
    """Raise :class:`IngestError` with the reason when ``found`` is not a news article."""
    why = reason(found)
    if why:
        raise IngestError(f"this looks like {why}; {_WHAT_TO_DO}")
