"""Synthetic saved news pages for the HTML reader tests.

The outlet, places and text are invented; the structure is what real news pages carry:
JSON-LD, OpenGraph, navigation, a cookie banner, a share bar, a related-links box, comments
and a footer. Every sentence says it is filler for a synthetic fixture.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsarchive.archive.frontmatter import split
from newsarchive.cli import main

OUTLET = "The Velmora Courier"
HEADLINE = "Council of Velmora opens the new river bridge"
KEPT = [
    "Filler sentence one for the synthetic fixture: the council of Velmora met on Tuesday.",
    "Filler sentence two for the synthetic fixture describes the bridge over the Ostra river.",
    "Filler sentence three for the synthetic fixture quotes an invented engineer at length.",
    "Filler sentence four for the synthetic fixture closes the report with a short summary.",
]
BOILERPLATE = [
    "We use cookies to improve your experience on this filler site",
    "Share this filler story on social media",
    "Filler comment by an invented reader who disagrees",
    "Copyright Velmora filler publishing group, all rights reserved",
    "Subscribe to the filler newsletter",
]
RELATED = [
    "Velmora filler market reopens after the spring floods",
    "Invented ferry line to Ostra island suspended for the winter",
]


def article_page(
    *,
    headline: str = HEADLINE,
    paragraphs: list[str] | None = None,
    lang: str = "en",
    charset: str | None = "utf-8",
    jsonld: str | None = None,
    published: str = "2021-03-04T09:30:00+02:00",
    modified: str = "2021-03-09T18:00:00+02:00",
    canonical: str = "https://courier.velmora.example/news/2021/03/04/river-bridge",
    site_name: str = OUTLET,
    extra_body: str = "",
    head_extra: str = "",
    related_label: str = "Related article:",
) -> str:
    """A complete news page as a site would serve it."""
    paragraphs = paragraphs or KEPT
    if jsonld is None:
        jsonld = json.dumps({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": site_name, "url": "https://courier.velmora.example/"},
                {"@type": "NewsArticle", "headline": headline, "datePublished": published,
                 "dateModified": modified, "inLanguage": lang,
                 "author": [{"@type": "Person", "name": "Ilsa Verrin"}],
                 "publisher": {"@type": "Organization", "name": site_name},
                 "mainEntityOfPage": canonical},
            ],
        }, ensure_ascii=False)
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{meta_charset}
<title>{headline} | {site_name}</title>
<meta property="og:title" content="{headline}">
<meta property="og:site_name" content="{site_name}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<link rel="canonical" href="{canonical}">
<script type="application/ld+json">{jsonld}</script>
<script>window.tracker = function () {{ return "filler tracking script"; }};</script>
<style>body {{ font-family: serif; }}</style>
{head_extra}
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{BOILERPLATE[0]}. <a href="/privacy">Accept</a></p></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/velmora">Velmora</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>{headline}</h1>
<div class="byline">By Ilsa Verrin, <time datetime="{published}">4 March 2021</time></div>
<div class="share-bar social-share"><a href="https://social.example/share?u=x">{BOILERPLATE[1]}</a></div>
<div class="article-body">
{body}
<p>{related_label} <a href="/news/2021/02/market-reopens">{RELATED[0]}</a></p>
<p>A final filler paragraph for the synthetic fixture links to <a href="/council">the council page</a> and to <a href="javascript:alert(1)">a script link</a>.</p>
{extra_body}
</div>
</article>
<aside class="related-articles"><h3>More filler stories</h3><ul>
<li><a href="/news/2021/02/ferry">{RELATED[1]}</a></li>
<li><a href="/news/2021/02/market-reopens">{RELATED[0]}</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>{BOILERPLATE[2]} with the whole filler article.</p></div></section>
</main>
<footer><p>{BOILERPLATE[3]}.</p><p><a href="/newsletter">{BOILERPLATE[4]}</a></p></footer>
</body></html>
"""


def ingest(path: Path, content: Path, *args: str) -> tuple[int, str]:
    """Run ``newsarchive ingest`` the way a curator does; return (exit code, all output)."""
    result = CliRunner().invoke(main, ["ingest", str(path), "--content", str(content), *args])
    return result.exit_code, result.output  # click 8.2+: stdout and stderr together


def written(content: Path) -> tuple[dict, str]:
    """Frontmatter and body of the single article written under ``content``."""
    files = sorted((content / "articles").rglob("*.md"))
    assert len(files) == 1, files
    return split(files[0].read_text(encoding="utf-8"))
