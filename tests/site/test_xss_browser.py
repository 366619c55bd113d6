"""Hostile metadata, through ingest and hand edits, never runs in a reader's browser.

Every vector is planted in every metadata field a saved page, a plain-text save or a
hand-edited frontmatter can carry. Each copy's script marks the page when it runs
(``top.document.all[0].dataset.xss<vector>x<field> = 1``, i.e. an attribute
``data-xss3x22`` on ``<html>``), so a hit names the vector and the field. The site is built
once (not strict: the checker rightly refuses some of these values, and the site must be
safe even so), then every built page is loaded in Chromium, in one browser context; after
the load, every inline event handler still in the live DOM is fired, and the page is asked
whether any payload ran and whether any ``javascript:`` link or handler survived.

The mutation test builds a small site whose theme override prints ``page.meta.title`` raw
and whose article template does not escape: the same harness must see payloads run.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
import yaml
from click.testing import CliRunner

from newsarchive.archive.frontmatter import dump, split
from newsarchive.cli import main
from tests.helpers import ROOT, build_site, chromium_or_skip, serve, write_article
from tests.ingest.html_pages import KEPT

CHROMIUM = chromium_or_skip()

pytestmark = pytest.mark.browser

# "{js}" is the marking script: no quotes, no spaces, so it fits any context unquoted.
VECTORS = [
    "Ceasefire holds in Velmora <svg onload={js}",                      # unclosed tag
    "Velmora <img src=x onerror={js}",                                    # unclosed, no >
    "<svg onload={js}>",
    "<svg/onload={js}>",
    "<img src=x onerror={js}>",
    "<img/src/onerror={js}>",
    'W"><svg onload={js}>',                                               # attribute breakout
    "W'><svg onload={js}>",                                               # ' breakout
    '" autofocus onfocus={js} x="',                                       # handler injection
    "' autofocus onfocus={js} x='",
    "</title><svg onload={js}>",
    "</title><script>{js}</script>",
    "<script>{js}</script>",
    "</script><script>{js}</script>",                                     # out of JSON-LD
    '"}</script><svg onload={js}>',
    "</textarea><svg onload={js}>",
    "</style><svg onload={js}>",
    "--><svg onload={js}>",
    "<!--><svg onload={js}>-->",
    "]]><svg onload={js}>",
    "&lt;svg onload={js}&gt;",                                            # entities: text
    "&amp;lt;svg onload={js}&amp;gt;",                                    # double-encoded
    "&#60;img src=x onerror={js}&#62;",
    "&#x3c;img src=x onerror={js}&#x3e;",
    "<<svg>svg onload={js}>",                                             # tag re-forming
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "<math><mtext><table><mglyph><style><img src=x onerror={js}>",       # MathML mXSS
    "<svg><animate onbegin={js} attributeName=x dur=1s>",                 # SVG
    "<svg><script>{js}</script></svg>",
    "<noscript><p title=\"</noscript><img src=x onerror={js}>\">",
    "<details open ontoggle={js}>",
    "<iframe onload={js}></iframe>",
    "<iframe srcdoc=\"<script>{js}</script>\"></iframe>",
    "<body onload={js}>",
    "<input autofocus onfocus={js}>",
    "<video><source onerror={js}></video>",
    "<a href=javascript:{js}>link</a>",
    "javascript:{js}",                                                    # a URL value
    "\x00<svg onload={js}>",                                              # NUL
    "\x1b[31m<svg onload={js}>",                                          # ESC
    "Velmora\x00\x1b<img src=x onerror={js}",
    "Velmora&#0;&#27;&#x1b;<svg onload={js}>",                            # encoded controls
    "{{{{7*7}}}}<svg onload={js}>",                                       # template syntax
    'W"><svg onload={js}',                                                # unclosed breakout
]
assert len(VECTORS) >= 30

# Fields, by number (the "<field>" of a hit).
# Hand edits: the schema's text fields, and keys Material itself reads from page metadata.
HAND_FIELDS = {0: "title", 1: "source", 2: "byline", 3: "photo_credit", 4: "description",
               5: "related_titles", 6: "tags", 7: "region", 8: "original_url",
               9: "revision_date", 10: "author", 11: "git_creation_date_localized",
               12: "language"}
HTML_FIELDS = {20: "<title>", 21: "og:title", 22: "og:site_name", 23: "og:description",
               24: "meta author", 25: "JSON-LD headline", 26: "JSON-LD author",
               27: "JSON-LD publisher", 28: "h1", 29: "related links", 30: "byline block"}
TEXT_FIELDS = {40: "title line", 41: "byline line", 42: "photo credit line",
               43: "related line"}


def payload(v: int, field: int) -> str:
    # Short (document.all[0] is <html>): a site name longer than 60 characters is not used.
    js = f"top.document.all[0].dataset.xss{v}x{field}=1"
    return VECTORS[v].replace("{js}", js)


def html_save(v: int) -> str:
    p = {f: payload(v, f) for f in HTML_FIELDS}
    # Meta tags carry the value itself, the way a page holds it (`W"><svg ...` encoded as
    # `W&quot;&gt;&lt;svg ...`), not markup that breaks the saved page's own attribute.
    a = {f: html.escape(p[f]) for f in (21, 22, 23, 24)}
    jsonld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": f"Velmora filler {v} {p[25]}", "datePublished": "2031-03-04T09:30:00Z",
        "author": [{"@type": "Person", "name": f"Ilsa Verrin {p[26]}"}],
        "publisher": {"@type": "Organization", "name": f"Velmora Courier {p[27]}"},
    }, ensure_ascii=False)
    paragraphs = "\n".join(f"<p>{k} Synthetic vector {v}.</p>" for k in KEPT)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Velmora filler {v} {p[20]}</title>
<meta property="og:title" content="Velmora filler {v} {a[21]}">
<meta property="og:site_name" content="{a[22]}">
<meta property="og:description" content="Filler {a[23]}">
<meta name="author" content="Ilsa Verrin {a[24]}">
<meta property="article:published_time" content="2031-03-04T09:30:00Z">
<link rel="canonical" href="https://courier.velmora.example/news/xss-{v}">
<script type="application/ld+json">{jsonld}</script>
</head><body><main><article>
<h1>Velmora filler {v} {p[28]}</h1>
<div class="byline">By Ilsa Verrin {p[30]}</div>
<div class="article-body">
{paragraphs}
<p>Related article: <a href="/news/related-{v}">Velmora filler related story {p[29]}</a></p>
</div></article>
<aside class="related-articles"><h3>More filler stories</h3><ul>
<li><a href="/news/other-{v}">Invented ferry story {v} {p[29]}</a></li></ul></aside>
</main></body></html>
"""


def text_save(v: int) -> str:
    p = {f: payload(v, f) for f in TEXT_FIELDS}
    return "\n\n".join([
        f"Velmora text filler {v} {p[40]}", f"By Filler Wire {p[41]}", "March 5, 2031",
        f"Invented Photographer / Filler Agency {p[42]}",
        *(f"{k} Text vector {v}." for k in KEPT[:2]),
        f"Related article: Velmora filler text related {v} {p[43]}",
        *(f"{k} Text vector {v}." for k in KEPT[2:]),
        f"Original url: https://gazette.velmora.example/text/xss-{v}",
    ]) + "\n"


def hand_edit(content: Path, v: int) -> None:
    p = {f: payload(v, f) for f in HAND_FIELDS}
    # An unknown region or tag becomes a folder of the site (its listing page): a NUL there
    # stops the build ("embedded null byte") before any page is written. The checker
    # refuses such values; control characters are tested in the other fields.
    p[6], p[7] = (p[6].replace("\x00", ""), p[7].replace("\x00", ""))
    write_article(
        content, f"articles/2031/06/hand-{v}.md",
        body=f"Synthetic filler body of hand-edited article {v}.",
        title=f"Hand filler {v} {p[0]}", date="2031-06-01", source=f"Hand Courier {p[1]}",
        region="SY-ID" if v % 2 else p[7], original_url=p[8] if v % 3 == 0 else
        f"https://hand.velmora.example/{v}", byline=p[2], photo_credit=p[3],
        description=p[4], related_titles=[p[5]], tags=["ceasefire", p[6]] if v % 2 else [],
        revision_date=p[9], author=p[10], git_creation_date_localized=p[11],
        language=p[12] if v % 4 == 1 else "en")


def fill_reviewed(content: Path) -> None:
    """What a curator does after ingest: fill in the fields under review."""
    for path in (content / "articles").rglob("*.md"):
        meta, body = split(path.read_text(encoding="utf-8"))
        if not meta.get("review"):
            continue
        for key in meta.pop("review"):
            meta[key] = {"source": "Velmora Review Desk", "region": "SY-ID",
                         "date": "2031-03-04", "title": f"Reviewed filler {path.stem}",
                         "original_url": f"https://review.velmora.example/{path.stem}"}[key]
        path.write_text(dump(meta, body), encoding="utf-8")


# Run in the page after its load: fire every inline handler left in the live DOM, then
# report which payloads ran and what executable markup survived.
PROBE = r"""async () => {
  const events = ["load", "error", "focus", "mouseover", "toggle", "begin", "start"];
  const handlers = [], urls = [];
  // The Cite box's downloads: a citation file of a fixed type, base64 (views/cite.py).
  const CITATION_FILE = /^data:application\/(x-bibtex|x-research-info-systems|vnd\.citationstyles\.csl\+json);charset=utf-8;base64,[A-Za-z0-9+\/=]*$/;
  const all = [document, ...Array.from(document.querySelectorAll("iframe"))
               .map(f => { try { return f.contentDocument; } catch (e) { return null; } })
               .filter(Boolean)];
  for (const doc of all) {
    for (const el of doc.querySelectorAll("*")) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) handlers.push(el.tagName + " " + name);
        if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name)
            && /^\s*(javascript|vbscript|data):/i.test(attr.value)
            && !(el.tagName === "A" && name === "href" && el.hasAttribute("download")
                 && CITATION_FILE.test(attr.value)))
          urls.push(el.tagName + " " + name + "=" + attr.value.slice(0, 60));
      }
      if (el.getAttributeNames().some(n => n.startsWith("on")))
        for (const type of events) el.dispatchEvent(new Event(type));
    }
  }
  await new Promise(r => setTimeout(r, 30));
  const ran = Array.from(document.documentElement.attributes).map(a => a.name)
    .filter(n => n.startsWith("data-xss"));
  return {ran, handlers, urls};
}"""


def probe_site(site: Path, extra_urls: tuple[str, ...] = ()) -> tuple[int, dict[str, Any]]:
    """Load every built page (and ``extra_urls``, relative to the site) in one Chromium
    context; return the number of pages loaded and, per page with a finding, what was
    found."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if "pagefind" not in p.parts)
    findings: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context()
        context.route("**/*", lambda route: route.abort()
                      if not route.request.url.startswith(base) else route.continue_())
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in [*pages, *extra_urls]:
            # Hostile tag and region values are folder names: quote them ("#", "?", "%").
            url = base + (rel if rel in extra_urls else quote(rel))
            tab.goto(url, wait_until="load")
            if rel in extra_urls:  # the search page: its results, then its filter lists
                tab.wait_for_selector(".na-search__results li", timeout=20_000)
                tab.click(".na-search__filters summary")
                tab.wait_for_selector(".na-search__option", timeout=20_000)
            found = tab.evaluate(PROBE)
            if unquote(tab.url) != unquote(url):  # a payload that redirects the reader
                found["navigated"] = tab.url
            if dialogs:
                found["dialogs"] = list(dialogs)
                dialogs.clear()
            if any(found.values()):
                findings[rel] = found
        browser.close()
    return len(pages) + len(extra_urls), findings


def describe(findings: dict[str, Any]) -> str:
    fields = {**HAND_FIELDS, **HTML_FIELDS, **TEXT_FIELDS}
    lines = []
    for rel, found in sorted(findings.items()):
        ran = []
        for name in found.get("ran", []):
            v, f = name.removeprefix("data-xss").split("x")
            ran.append(f"vector {v} {VECTORS[int(v)]!r} in {fields.get(int(f), f)}")
        lines.append(f"{rel}: ran {ran}; {json.dumps({k: v for k, v in found.items() if k != 'ran'})}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("xss")
    saves, content, site = root / "saves", root / "content", root / "site"
    saves.mkdir()
    for v in range(len(VECTORS)):
        (saves / f"page-{v:02d}.html").write_text(html_save(v), encoding="utf-8")
        (saves / f"text-{v:02d}.txt").write_text(text_save(v), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(saves), "--content", str(content),
                                       "--region", "SY-ID"])
    # A save with a raw NUL is refused as binary, and one whose unclosed <style> swallows the
    # article has no text: one error line each, the rest of the batch is written.
    written = len(list((content / "articles").rglob("*.md")))
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert written + len(errors) == 2 * len(VECTORS), result.output
    assert written >= 2 * len(VECTORS) - 8, result.output
    fill_reviewed(content)
    for v in range(len(VECTORS)):
        hand_edit(content, v)
    with pytest.MonkeyPatch.context() as mp:
        _accept_markup(mp)
        # Two processes, and the citation templates' child as in a large first build: the
        # <head> additions and Cite boxes of the pages it made them for come from it.
        from newsarchive.site.views import cite

        made_ahead: list[int] = []
        take = cite.take_templates

        def counted(*args: Any) -> Any:
            found = take(*args)
            made_ahead.append(len(found[2] or {}))
            return found

        mp.setattr(cite, "TEMPLATES_FROM", 1)
        mp.setattr(cite, "take_templates", counted)
        build_site(content, site, strict=False, workers=2)
    assert made_ahead and made_ahead[0] > 0, made_ahead
    return content, site


def _accept_markup(mp: pytest.MonkeyPatch) -> None:
    """The loader refuses markup in hand-edited metadata (tests/archive/test_frontmatter*);
    switched off here so that the escaping is tested on its own, as the layer behind it."""
    from newsarchive import schema

    mp.setattr(schema, "plain_text_problem", lambda text: None)


def test_ingest_writes_metadata_as_plain_text(hostile_site: tuple[Path, Path]) -> None:
    content, _ = hostile_site
    for path in (content / "articles").rglob("*.md"):
        if path.stem.startswith("hand-"):
            continue
        meta, _ = split(path.read_text(encoding="utf-8"))
        for key in ("title", "source", "byline", "photo_credit", "related_titles"):
            for value in meta.get(key) or [] if key == "related_titles" else [meta.get(key)]:
                text = str(value or "")
                assert not any(c in text for c in "\x00\x1b"), (path, key, text)
                assert not re.search(r"<[A-Za-z/!?]", text), (path, key, text)
                assert "onload=" not in text and "onerror=" not in text, (path, key, text)


def test_no_payload_runs_on_any_page(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    articles = list(site.glob("articles/**/index.html"))
    assert len(articles) >= 3 * len(VECTORS) - 8
    for page in site.rglob("*.html"):  # NUL, ESC and the other controls but tab, newline
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), page
    loaded, findings = probe_site(site, extra_urls=("search/?q=velmora",))
    print(f"{loaded} pages loaded in Chromium")
    assert loaded > len(articles)
    assert not findings, describe(findings)


def _mutated_overrides(root: Path) -> Path:
    """The project's overrides with the page title printed raw, as Material does."""
    overrides = root / "overrides"
    shutil.copytree(ROOT / "site_overrides", overrides)
    main_html = overrides / "main.html"
    text = main_html.read_text(encoding="utf-8")
    raw = text.replace("<title>{{ na.text(page.meta.title) }}", "<title>{{ page.meta.title }}")
    assert raw != text
    main_html.write_text(raw, encoding="utf-8")
    return overrides


def test_the_harness_sees_unescaped_output(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check: with escaping switched off (raw <title>, no autoescape in the
    plugin's templates), the same probe must see payloads run."""
    from newsarchive.site import render

    content, site = tmp_path / "content", tmp_path / "site"
    for v in (10, 11, 2):  # </title><svg ...>, </title><script>, <svg onload>
        hand_edit(content, v)
    original = render.Renderer.__init__

    def no_autoescape(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.env.autoescape = False

    monkeypatch.setattr(render.Renderer, "__init__", no_autoescape)
    _accept_markup(monkeypatch)
    overrides = _mutated_overrides(tmp_path)
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    build_site(content, site, strict=False, search=False, cache=False,
               mkdocs_options={"theme": {**theme, "custom_dir": str(overrides)}})
    _, findings = probe_site(site)
    ran = {name for found in findings.values() for name in found.get("ran", [])}
    assert "data-xss10x0" in ran, describe(findings)  # the raw <title> of Material's base
    assert "data-xss2x0" in ran, describe(findings)   # the article's <h1>, not autoescaped
