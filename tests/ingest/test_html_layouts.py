"""Whole pages in the layouts of different publishing systems, read end to end.

Each layout is synthetic (an invented outlet, filler text) but keeps the conventions of a
family of real sites: where the headline, the date and the address are stated, and what
furniture surrounds the text. Every one must give the same record.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsarchive.ingest.html_reader import read_html

HEADLINE = "Invented ferry line to Ostra island resumes after the winter"
URL = "https://harbour.velmora.example/2022/04/11/ferry-line-resumes/"
DATE = dt.date(2022, 4, 11)
PARAS = [
    f"Filler paragraph {n} for the synthetic layout test: the invented ferry line between "
    "Velmora harbour and Ostra island carried its first filler passengers of the spring, "
    "according to an invented harbour master quoted at some length here."
    for n in range(1, 6)
]
TEASERS = ["Invented lighthouse of Velmora repainted in filler colours",
           "Filler regatta on the Ostra river postponed by invented storms",
           "Velmora harbour cafe wins an invented filler prize"]


def _teaser_list(cls: str) -> str:
    items = "".join(f'<li><a href="/2022/04/0{n}/teaser-{n}/">{t}</a></li>'
                    for n, t in enumerate(TEASERS, 1))
    return f'<div class="{cls}"><h3>You may also like</h3><ul>{items}</ul></div>'


def _body(inner_before: str = "", inner_after: str = "") -> str:
    return inner_before + "".join(f"<p>{p}</p>" for p in PARAS) + inner_after


def wordpress() -> str:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://harbour.velmora.example/#website",
         "url": "https://harbour.velmora.example/", "name": "Velmora Harbour Gazette"},
        {"@type": "WebPage", "@id": URL + "#webpage", "url": URL, "name": HEADLINE + " - Velmora Harbour Gazette"},
        {"@type": "Article", "@id": URL + "#article", "isPartOf": {"@id": URL + "#webpage"},
         "headline": HEADLINE, "datePublished": "2022-04-11T07:15:00+00:00",
         "dateModified": "2022-04-12T09:00:00+00:00", "mainEntityOfPage": {"@id": URL + "#webpage"},
         "author": {"@type": "Person", "name": "Filler Author"}}]}
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>{HEADLINE} - Velmora Harbour Gazette</title>
<link rel="canonical" href="{URL}">
<meta property="og:title" content="{HEADLINE} - Velmora Harbour Gazette">
<meta property="og:url" content="{URL}?utm_source=rss&amp;utm_medium=rss">
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph)}</script>
</head><body class="post-template-default single single-post">
<header class="site-header"><p class="site-title"><a href="/">Velmora Harbour Gazette</a></p></header>
<main id="main"><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{HEADLINE}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{URL}" rel="bookmark">
<time class="entry-date published" datetime="2022-04-11T07:15:00+00:00">April 11, 2022</time>
<time class="updated" datetime="2022-04-12T09:00:00+00:00">April 12, 2022</time></a></span>
<span class="byline"> by <a href="/author/filler/">Filler Author</a></span></div></header>
<div class="entry-content">{_body(inner_after=_teaser_list("jp-relatedposts"))}</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/ferries/">Ferries</a></span>
<span class="tags-links">Tagged <a href="/tag/ostra/">Ostra</a>, <a href="/tag/filler/">filler</a></span></footer>
</article>
<nav class="post-navigation"><a href="/2022/04/10/older/" rel="prev">Previous filler post</a></nav>
<div id="comments"><h2 class="comments-title">2 thoughts on “{HEADLINE}”</h2>
<ol class="comment-list"><li><p>Filler comment from an invented reader.</p></li></ol></div>
</main><footer><p>© 2022 Velmora Harbour Gazette. Proudly filler.</p></footer></body></html>"""


def amp() -> str:
    ld = {"@context": "http://schema.org", "@type": "NewsArticle", "headline": HEADLINE,
          "datePublished": "2022-04-11T09:15:00+02:00", "mainEntityOfPage": URL,
          "publisher": {"@type": "Organization", "name": "Velmora Harbour Gazette"}}
    return f"""<!doctype html><html ⚡ lang="en"><head><meta charset="utf-8">
<link rel="canonical" href="{URL}"><title>{HEADLINE} | Velmora Harbour Gazette</title>
<script type="application/ld+json">{json.dumps(ld)}</script>
<style amp-boilerplate>body{{visibility:hidden}}</style></head><body>
<amp-sidebar id="menu" layout="nodisplay"><ul><li><a href="/">Home</a></li><li><a href="/ferries/">Ferries</a></li></ul></amp-sidebar>
<article><h1>{HEADLINE}</h1><p class="meta">11 April 2022</p>
<amp-img src="/img/ferry.jpg" width="600" height="400" layout="responsive" alt="Filler photo"></amp-img>
<figcaption>Filler caption: the invented ferry at the invented pier.</figcaption>
{_body()}
<amp-social-share type="twitter"></amp-social-share></article>
{_teaser_list("amp-related")}
</body></html>"""


def legacy() -> str:
    """A hand-made site: no JSON-LD, a table layout, the date only as visible text."""
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Velmora Harbour Gazette :: {HEADLINE}</title>
<meta property="og:url" content="{URL}">
</head><body><table width="100%"><tr><td class="nav" width="20%">
<a href="/">Home</a><br><a href="/news/">News</a><br><a href="/archive/">Archive</a></td>
<td class="content"><h2 class="headline">{HEADLINE}</h2>
<p class="date">Monday, April 11, 2022</p>
{_body()}
<p class="back"><a href="/news/">Back to the news</a></p></td>
<td class="side" width="20%">{_teaser_list("side-box")}</td></tr></table>
<p class="footer">Copyright 2022 Velmora Harbour Gazette</p></body></html>"""


def news_cms() -> str:
    """A large newsroom CMS: microdata, a live 'updated' stamp, inline read-also links."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | World | Velmora Harbour Gazette</title>
<meta name="description" content="A filler summary of the invented ferry story.">
<meta property="og:type" content="article"><meta property="og:site_name" content="Velmora Harbour Gazette">
<meta property="og:url" content="https://m.harbour.velmora.example/2022/04/11/ferry-line-resumes/">
<link rel="canonical" href="{URL}">
<link rel="amphtml" href="{URL}amp/">
<meta property="article:published_time" content="2022-04-11T05:15:00Z">
<meta property="article:modified_time" content="2022-04-11T22:40:00Z">
</head><body><div class="page" itemscope itemtype="https://schema.org/NewsArticle">
<nav><a href="/world/">World</a> <a href="/business/">Business</a></nav>
<h1 itemprop="headline">{HEADLINE}</h1>
<p class="standfirst">A filler summary of the invented ferry story.</p>
<div class="timestamp"><time itemprop="datePublished" datetime="2022-04-11T05:15:00Z">11 April 2022</time>
 · Updated <time itemprop="dateModified" datetime="2022-04-11T22:40:00Z">22:40</time></div>
<div class="article-body" itemprop="articleBody">
<p>{PARAS[0]}</p><p>{PARAS[1]}</p>
<p class="read-also"><strong>Read also:</strong> <a href="/2022/04/02/teaser-2/">{TEASERS[1]}</a></p>
<p>{PARAS[2]}</p><p>{PARAS[3]}</p><p>{PARAS[4]}</p></div>
<div class="newsletter"><p>Sign up for the filler newsletter</p></div>
{_teaser_list("more-stories")}
</div></body></html>"""


def nested_jsonld() -> str:
    """JSON-LD as some CMSs nest it: the article inside a WebPage's mainEntity, its type a
    list, its headline a list, its date only as dateCreated; a logo h1 above the article's."""
    ld = {"@context": "https://schema.org", "@type": "WebPage", "url": URL,
          "mainEntity": {"@type": ["NewsArticle"], "headline": [HEADLINE],
                         "dateCreated": "2022-04-11", "url": URL}}
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Velmora Harbour Gazette - {HEADLINE}</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head><body>
<h1 class="logo"><a href="/">Velmora Harbour Gazette</a></h1>
<div id="content"><article><h1>{HEADLINE}</h1>{_body()}</article>
<aside>{_teaser_list("related-articles")}</aside></div></body></html>"""


def german_regional() -> str:
    """A regional German site: visible date with 'Uhr', 'Lesen Sie auch' box, date in no meta."""
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>{HEADLINE} | Velmoraer Hafenbote</title>
<meta property="og:title" content="{HEADLINE}">
<meta property="og:url" content="{URL}">
</head><body><div class="container"><div class="artikel">
<h1>{HEADLINE}</h1><div class="datum">11.04.2022, 07:15 Uhr</div>
{_body(inner_after='<div class="lesen-sie-auch"><p>Lesen Sie auch:</p><ul>' + "".join(
        f'<li><a href="/artikel/{n}">{t}</a></li>' for n, t in enumerate(TEASERS)) + "</ul></div>")}
<p class="copyright">© Velmoraer Hafenbote 2022</p></div></div></body></html>"""


def embeds() -> str:
    """Paragraphs between advertisement slots, a figure, a social-media embed, a video player,
    an inline 'READ MORE' line and an inline box of related stories."""
    ad = '<div class="ad-slot"><p class="ad-label">Advertisement</p></div>'
    post = ('<blockquote class="twitter-tweet"><p lang="en">Filler post from an invented account '
            'about the ferry.</p>&mdash; Invented Account (@filler_ferry) '
            '<a href="https://social.example/status/1">April 11, 2022</a></blockquote>'
            '<script async src="https://social.example/widgets.js"></script>')
    video = ('<div class="video-embed"><iframe src="https://video.example/embed/xyz"></iframe>'
             '<p class="caption">Video: filler footage of the ferry (2:13)</p></div>')
    figure = ('<figure><img src="/img/f.jpg" alt="filler"><figcaption>Filler caption of the '
              'invented ferry. Photo: Invented Agency</figcaption></figure>')
    read_more = f'<p><strong>READ MORE:</strong> <a href="/x">{TEASERS[0]}</a></p>'
    box = '<div class="inline-related"><h4>Related</h4><ul>' + "".join(
        f'<li><a href="/t{n}">{t}</a></li>' for n, t in enumerate(TEASERS)) + "</ul></div>"
    body = (f"<p>{PARAS[0]}</p>{ad}{figure}<p>{PARAS[1]}</p>{post}<p>{PARAS[2]}</p>{video}"
            f"{read_more}<p>{PARAS[3]}</p>{box}{ad}<p>{PARAS[4]}</p>{ad}")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | Velmora Harbour Gazette</title><link rel="canonical" href="{URL}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2022-04-11T05:15:00Z"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>{HEADLINE}</h1><div class="story-body">{body}</div></article></main>
<footer><p>Filler footer text of the invented gazette</p></footer></body></html>"""


LAYOUTS = {"embeds": embeds, "wordpress": wordpress, "amp": amp, "legacy": legacy, "news_cms": news_cms,
           "nested_jsonld": nested_jsonld, "german_regional": german_regional}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layout_gives_the_same_record(name: str) -> None:
    found = read_html(LAYOUTS[name]().encode("utf-8"), Path(f"{name}.html"))
    assert found.title == HEADLINE
    assert found.date == DATE
    assert found.url == URL
    for para in PARAS:
        assert para in found.body
    for teaser in TEASERS:
        assert teaser not in found.body
    assert "comment" not in found.body.lower()
    assert "Copyright" not in found.body and "©" not in found.body
    assert "Advertisement" not in found.body
