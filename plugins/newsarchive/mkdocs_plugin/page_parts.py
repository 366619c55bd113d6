"""Every article page's <head> additions and "Cite" box, made ahead in a forked child.

An article page's citation metadata and Cite box (``site.article_head``, ``cite.box_html``)
cost a tenth of a millisecond or so each as the theme renders the page, where the build
process's share of the pages decides when that step ends (see docs/performance.md). In a
first build of many pages they are made instead by a child forked at the end of the
navigation step, in one pass over the articles, while the pages are converted; the build
process takes them before the theme starts (its theme child inherits them). A page without
its parts (the child failed, or the page's URL differs) has them made as it renders, as
without the child: the parts are the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from newsarchive.build.fork import ForkedCall

# Article pages to render from which a child makes their parts: below it, forking costs
# more than it saves (an edit renders a handful).
PARTS_FROM = 1000

# What a page's parts are made by: (its source URI, its URL) -> (head HTML, Cite box HTML or
# None when the box needs a citation formatted).
MakeParts = Callable[[str, str], tuple[str, str | None]]


class ArticleParts:
    """The <head> additions and Cite boxes of one build's article pages, made ahead."""

    def __init__(self) -> None:
        self._call: ForkedCall | None = None
        self._parts: dict[str, tuple[str, str, str | None]] = {}  # uri -> (url, head, box)

    def start(self, uris: Sequence[str], url_of: Callable[[str], str], make: MakeParts,
              in_child: Callable[[], None] | None = None) -> None:
        """Fork the child making the parts of the pages ``uris`` (source URIs; ``url_of``
        gives each page's URL, in the child)."""
        self.cancel()
        if len(uris) < PARTS_FROM:
            return

        def work() -> dict[str, tuple[str, str, str | None]]:
            return {uri: (url, *make(uri, url)) for uri in uris for url in (url_of(uri),)}

        self._call = ForkedCall(work, in_child=in_child, fallback=dict)

    def take(self) -> int:
        """Wait for the child and keep what it made (nothing if it failed): how many pages."""
        call, self._call = self._call, None
        if call is not None:
            self._parts = call.result()
        return len(self._parts)

    def head(self, uri: str, url: str) -> Markup | None:
        """The page's <head> additions, if made ahead for this URL."""
        found = self._parts.get(uri)
        return Markup(found[1]) if found is not None and found[0] == url else None

    def box(self, uri: str, url: str) -> str | None:
        """The page's Cite box HTML, if made ahead for this URL."""
        found = self._parts.get(uri)
        return found[2] if found is not None and found[0] == url else None

    def cancel(self) -> None:
        """Stop a child still running and forget what was made (a build's end or error)."""
        if self._call is not None:
            self._call.kill()
            self._call = None
        self._parts = {}
