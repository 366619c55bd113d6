"""trafilatura's article tree (``p``, ``head``, ``list``, ``quote``, ``hi``, ``ref`` ...) to
Markdown. Only text and URLs from the page reach the output, both escaped: no HTML survives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from newsarchive.ingest.html.sanitize import escape_inline, escape_line_start, safe_url

_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_RULE = re.compile(r"_{3,}")
_BLOCKS = {"p", "head", "list", "quote", "table", "code", "div", "item", "cell", "row"}


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text.replace("\n", " ")) if text else ""


class MarkdownWriter:
    """Converts one trafilatura body element; ``base_url`` makes links absolute."""

    def __init__(self, base_url: str | None, keep: Callable[[str], bool] | None = None) -> None:
        self.base_url = base_url
        self.keep = keep or (lambda _text: True)

    # --- inline ----------------------------------------------------------------------------
    def inline(self, el: etree._Element) -> str:
        """Escaped inline Markdown for an element's content; ``\\n`` marks a line break."""
        parts = [escape_inline(_norm(el.text))]
        for child in el:
            if not isinstance(child.tag, str):
                parts.append(escape_inline(_norm(child.tail)))
                continue
            tag = child.tag
            if tag == "lb":
                parts.append("\n")
            elif tag in _BLOCKS:  # a block inside inline content (a cell's paragraphs)
                parts.append("\n" + self.inline(child).strip() + "\n")
            elif tag in ("graphic",):
                pass  # images stay at the source; a caption arrives as its own text
            else:
                inner = self.inline(child).strip()
                if inner and tag == "hi":
                    rend = child.get("rend", "")
                    if "#b" in rend or "bold" in rend:
                        inner = f"**{inner}**" if "\n" not in inner else inner
                    elif "#i" in rend or "italic" in rend:
                        inner = f"*{inner}*" if "\n" not in inner else inner
                elif inner and tag == "ref":
                    url = safe_url(child.get("target"), self.base_url)
                    if url and "\n" not in inner:
                        inner = f"[{inner}]({url})"
                if inner:
                    parts.append(inner)
            parts.append(escape_inline(_norm(child.tail)))
        return "".join(parts)

    def paragraph(self, el: etree._Element) -> str:
        raw = el.xpath("string()").strip()
        if _RULE.fullmatch(raw):
            return raw  # a rule of underscores (wire copy's separator): a Markdown rule as is
        text = self.inline(el)
        lines = [ln.strip() for ln in text.split("\n")]
        lines = [escape_line_start(ln) for ln in lines if ln]
        return "  \n".join(lines)  # two spaces: a Markdown line break

    # --- blocks ----------------------------------------------------------------------------
    def blocks(self, el: etree._Element, depth: int = 0) -> list[str]:
        out: list[str] = []
        pending = escape_inline(_norm(el.text)).strip()
        if pending:
            out.append(escape_line_start(pending))
        for child in el:
            if not isinstance(child.tag, str):
                continue
            out.extend(self.block(child, depth))
            if tail := escape_inline(_norm(child.tail)).strip():
                out.append(escape_line_start(tail))
        return out

    def block(self, el: etree._Element, depth: int = 0) -> list[str]:
        tag = el.tag
        if tag == "p":
            text = self.paragraph(el)
            return [text] if text and self.keep(el.xpath("string()")) else []
        if tag == "head":
            text = " ".join(self.paragraph(el).split("  \n"))
            level = int(el.get("rend", "h2")[1:2] or 2) if el.get("rend", "").startswith("h") \
                else 2
            return [f"{'#' * min(max(level, 2), 6)} {text}"] if text else []
        if tag == "list":
            return [self.listing(el, depth)]
        if tag == "quote":
            inner = self.blocks(el, depth) if len(el) and any(
                isinstance(c.tag, str) and c.tag in _BLOCKS for c in el) else [self.paragraph(el)]
            lines = "\n\n".join(b for b in inner if b).split("\n")
            return ["\n".join(f"> {ln}".rstrip() for ln in lines)] if any(inner) else []
        if tag == "table":
            return [t] if (t := self.table(el)) else []
        if tag == "code":
            code = el.xpath("string()").strip("\n")
            return ["\n".join("    " + ln for ln in code.split("\n"))] if code.strip() else []
        if tag == "graphic":
            return []
        if tag in ("lb",):
            return []
        return self.blocks(el, depth)

    def listing(self, el: etree._Element, depth: int) -> str:
        """A Markdown list; text that is not in an item (a heading or paragraph a page put
        straight into its ``<ul>``, stray text) becomes a paragraph between list parts."""
        ordered = el.get("rend", "").startswith("ol")
        parts: list[str] = []
        lines: list[str] = []
        n = 0

        def flush() -> None:
            if lines:
                parts.append("\n".join(ln for ln in lines if ln))
                lines.clear()

        def loose(text: str | None) -> None:
            if text := escape_inline(_norm(text)).strip():
                flush()
                parts.append(escape_line_start(text))

        loose(el.text)
        for item in el:
            if not isinstance(item.tag, str):
                loose(item.tail)
                continue
            if item.tag != "item":
                flush()
                parts.extend(b for b in self.block(item, depth) if b)
                loose(item.tail)
                continue
            nested = [c for c in item if isinstance(c.tag, str) and c.tag == "list"]
            for sub in nested:
                item.remove(sub)  # rendered below, indented
            text = " ".join(self.paragraph(item).split("  \n"))
            n += 1
            marker = f"{n}." if ordered else "-"
            if text:
                lines.append(f"{'    ' * depth}{marker} {text}")
            lines.extend(self.listing(sub, depth + 1) for sub in nested)
            loose(item.tail)
        flush()
        return "\n\n".join(p for p in parts if p)

    def table(self, el: etree._Element) -> str:
        rows = []
        for row in _children(el, "row"):
            cells = [" ".join(self.paragraph(c).split("  \n")).replace("|", "&#124;")
                     for c in _children(row, "cell")]
            if any(cells):
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        layout = width == 1 or any(
            isinstance(c.tag, str) and c.tag in ("p", "list", "head", "table", "quote")
            for row in _children(el, "row") for cell in _children(row, "cell") for c in cell)
        if layout:  # a layout table: its cells hold the paragraphs of the page
            return "\n\n".join(b for row in _children(el, "row")
                                for cell in _children(row, "cell") for b in self.blocks(cell) if b)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)

    def convert(self, body: etree._Element) -> str:
        out = [b.strip("\n") for b in self.blocks(body) if b and b.strip()]
        return "\n\n".join(out)


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and c.tag == tag]


def to_markdown(body: etree._Element, base_url: str | None,
                keep: Callable[[str], bool] | None = None) -> str:
    """Markdown for trafilatura's body element; ``keep(text)`` may veto paragraphs."""
    return MarkdownWriter(base_url, keep).convert(body)
