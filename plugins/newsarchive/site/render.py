"""Rendering generated pages and article frames with the plugin's own Jinja templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import nh3
from markupsafe import Markup, escape

from newsarchive.schema import Article
from newsarchive.site.model import Site
from newsarchive.site.views import coverage, timeline

TEMPLATES = Path(__file__).parent / "templates"
_ENV_VERSION = 2  # raise when the environment's options change how templates compile

# C0 control characters but tab and newline, and DEL: NUL and ESC from a hand-edited value
# must never reach the HTML. For str.translate: each maps to nothing.
CONTROLS = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), 0x7F])


def text(value: Any) -> Markup:
    """A value printed as text in HTML (element content or a quoted attribute): control
    characters dropped, ``& < > " '`` escaped; markup the plugin built itself is printed
    as it is. What a template's ``{{ value }}`` prints (see :func:`_finalize`)."""
    if isinstance(value, Markup):
        return value
    return escape(_without_controls(str(value)))


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of the plugin's templates: plain strings lose their control
    characters before autoescape; markup the plugin built itself is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _without_controls(value)
    return value


def _without_controls(value: str) -> str:
    # isprintable(): no control character, checked in C; translate() is slow on non-ASCII text.
    return value if value.isprintable() else value.translate(CONTROLS)


# What Markdown produces for article bodies; anything else from a saved page is dropped.
_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
         "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
         "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
         "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
         "tr", "u", "ul"}
_ATTRS = {"*": {"id", "class", "title", "lang", "dir"}, "a": {"href"},
          "img": {"src", "alt", "width", "height"}, "td": {"align"}, "th": {"align"},
          "ol": {"start"}}


def sanitize(html: str) -> str:
    """Drop scripts, frames, styles, event handlers and non-http(s) URLs (nh3 / ammonia)."""
    return nh3.clean(html.translate(CONTROLS), tags=_TAGS, attributes=_ATTRS,
                     url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True)


class ItemCache:
    """Listing entries rendered once per article, with only the link filled in per page.

    An article appears on five to ten listings (tags, region, country, source, month, home);
    rendering its entry once instead of through a template macro each time saves most of
    the listing cost at 10,000 articles.
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self._parts: dict[tuple[str, bool], tuple[str, str]] = {}

    def _render(self, a: Article, show_date: bool) -> tuple[str, str]:
        site = self.site
        rtl = f' dir="rtl" lang="{text(a.language)}"' if a.rtl else ""
        date = ""
        if show_date:
            date = (f'<time datetime="{a.date.isoformat() if a.date else ""}">'
                    f"{text(site.fmt_date(a.date))}</time> · ")
        region = f" · {text(site.region_label(a.region))}" if a.region else ""
        head = f'<li class="na-item"{rtl}>\n  <a class="na-item__title" href="'
        tail = (f'">{text(a.title)}</a>\n  <span class="na-item__meta" dir="ltr">{date}'
                f"{text(a.source)}{region}</span>\n</li>")
        return head, tail

    def listing(self, articles: Any, url: Callable[[str], str], show_date: bool = True) -> Markup:
        out = ['<ul class="na-list">']
        parts = self._parts
        for a in articles:
            key = (a.path, show_date)
            pair = parts.get(key)
            if pair is None:
                pair = parts[key] = self._render(a, show_date)
            out.append(f"{pair[0]}{escape(url(a.path))}{pair[1]}")
        out.append("</ul>")
        return Markup("\n".join(out))


class Renderer:
    """Renders the plugin's templates; ``url`` turns a docs-relative path into a link."""

    def __init__(self, site: Site, bytecode_cache: jinja2.BytecodeCache | None = None) -> None:
        """``bytecode_cache``: where compiled templates are kept between builds."""
        self.site = site
        if isinstance(bytecode_cache, jinja2.FileSystemBytecodeCache):
            # Compiled code depends on the environment (``finalize``), not only on the
            # template's source, which is all Jinja checks: code compiled by an older
            # version of this environment must not be loaded.
            bytecode_cache.pattern = f"__newsarchive_{_ENV_VERSION}_%s.cache"
        # No reload check on every page: templates do not change during one build.
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
            auto_reload=False, bytecode_cache=bytecode_cache, finalize=_finalize,
        )
        self.env.globals.update(site=site, fmt_date=site.fmt_date)
        self.env.globals["coverage_map"] = coverage.svg
        self.items = ItemCache(site)

    def render(self, template: str, url: Callable[[str], str], **context: Any) -> str:
        site = self.site

        def chart(subset: Any, label: str, year: int | None = None) -> Markup:
            if not site.timeline or not site.has("chronology"):
                return Markup("")
            svg = timeline.render(
                site.catalog.month_counts(subset),
                lambda y, m: url(site.month_uri(y, m)),
                lambda y: url(site.year_uri(y)),
                str(label).translate(CONTROLS),
                year=year,
            )
            return Markup(svg)

        context.setdefault("local", None)
        context.setdefault("code", None)
        context.setdefault("parent", None)
        context.setdefault("subregions", None)
        context.setdefault("pager", None)
        context.setdefault("timeline_subset", None)
        def article_list(articles: Any, show_date: bool = True) -> Markup:
            return self.items.listing(articles, url, show_date)

        return self.env.get_template(f"newsarchive/{template}").render(
            url=url, timeline=chart, article_list=article_list, **context)
