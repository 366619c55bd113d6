"""This build's related lists: when they are computed, in which process, and what is reused.

The lists depend on the articles' data, not their text (:func:`lists_key`), so an edited body
reuses the last build's lists from the result store. Otherwise they are computed:

- **early**, in an incremental build: a forked child reads the article files on disk before
  the engine has listed them (:meth:`RelatedLists.start_early`), and saves the parsed
  articles for the next build while its workers rank;
- **forked**, in a full build on a machine with a second core: a child computes them while
  this process renders the generated pages (:meth:`RelatedLists.begin`);
- **here**, when neither applies (one core, a small archive, ``mkdocs serve``).

:meth:`RelatedLists.result` is the one place that waits for them: it takes the child's lists
only if they were computed from exactly this build's articles (same key), and computes them
here otherwise. Nothing here imports the site engine.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from newsarchive.archive.related import Weights, compute_related, link_related_titles
from newsarchive.build.cache import digest
from newsarchive.build.fork import ForkedCall
from newsarchive.schema import Article

log = logging.getLogger("mkdocs.plugins.newsarchive")

_NAME = "related"  # the result store's name for related lists


@dataclass(frozen=True)
class RelatedLinks:
    """Per article path: computed related articles and the source's own related links."""

    related: dict[str, list[tuple[str, str]]]  # path -> [(target path, reason in words)]
    cites: dict[str, list[str]]  # path -> archived targets of its related_titles
    cited_by: dict[str, list[str]]  # target path -> citing paths


NO_LINKS = RelatedLinks({}, {}, {})


class ResultStore(Protocol):
    """Where computed results outlive a build (the build cache)."""

    articles_saved: str | None

    def has_result(self, name: str, key: str) -> bool: ...
    def load_result(self, name: str, key: str) -> Any | None: ...
    def store_result(self, name: str, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class Settings:
    """What the lists depend on besides the articles."""

    count: int
    weights: Weights


@dataclass(frozen=True)
class _FromChild:
    """What a child hands back: the key of the articles it used, and its lists, unless it
    put them in the store (then the parent reads them there: pickled once, not twice)."""

    key: str
    links: RelatedLinks | None
    computed: bool  # False: the last build's lists, found in the store
    articles_saved: str | None = None  # the early child saved the parsed articles


def compute_links(articles: Sequence[Article], vocab: Any, settings: Settings,
                  meanwhile: Callable[[], object] | None = None) -> RelatedLinks:
    """Related articles (core) and the source's own related links, keyed by article path
    (``meanwhile``: see :func:`~newsarchive.archive.related.compute_related`)."""
    if not articles:
        return NO_LINKS
    titles: list[tuple[dict[str, list[str]], dict[str, list[str]]]] = []

    def alongside() -> None:  # while worker processes rank the related articles
        titles.append(link_related_titles(articles))
        if meanwhile is not None:
            meanwhile()

    related = compute_related(articles, vocab, k=settings.count, weights=settings.weights,
                              meanwhile=alongside)
    cites, cited_by = titles[0]
    return RelatedLinks({p: [(r.target, r.reason_text) for r in rs] for p, rs in related.items()},
                        cites, cited_by)


def lists_key(settings: Settings, listed: Sequence[Article], meta_sha: Mapping[str, str]) -> str:
    """The lists' inputs: the settings and each listed article's data without its body."""
    return digest(repr(settings.weights), str(settings.count),
                  *sorted(meta_sha[a.path] for a in listed))


class RelatedLists:
    """The related lists of one build (see the module docstring)."""

    def __init__(self, vocab: Any, settings: Settings, store: ResultStore | None,
                 in_child: Callable[[], None] | None = None) -> None:
        """``in_child``: called first in every forked child (releases the store's lock)."""
        self.vocab = vocab
        self.settings = settings
        self.store = store
        self._in_child = in_child
        self._early: ForkedCall | None = None
        self._pending: tuple[ForkedCall, str, Sequence[Article]] | None = None
        self._links: RelatedLinks = NO_LINKS

    def start_early(self, read: Callable[[], tuple[Sequence[Article], Mapping[str, str]]],
                    save_articles: Callable[[], str]) -> None:
        """Start computing in a child that reads the articles itself (``read``: the listed
        articles and the digests of their data) and calls ``save_articles`` meanwhile."""

        def run() -> _FromChild:
            listed, meta_sha = read()
            saved: list[str] = []
            result = self._in_a_child(lists_key(self.settings, listed, meta_sha), listed,
                                      meanwhile=lambda: saved.append(save_articles()))
            return _FromChild(result.key, result.links, result.computed,
                              saved[0] if saved else save_articles())

        self._early = ForkedCall(run, in_child=self._in_child, fallback=lambda: None)

    def begin(self, listed: Sequence[Article], meta_sha: Mapping[str, str], *,
              fork: bool) -> None:
        """This build's articles are known: reuse, compute here, or compute in a child
        (``fork``: a second process may be used)."""
        key = lists_key(self.settings, listed, meta_sha)
        early, self._early = self._early, None
        if early is not None:  # the early child looks in the store itself
            self._pending = (early, key, listed)
            return
        links = self.store.load_result(_NAME, key) if self.store is not None else None
        if links is not None:
            self._links = links
        elif fork:
            call = ForkedCall(lambda: self._in_a_child(key, listed), in_child=self._in_child,
                              fallback=lambda: None)
            self._pending = (call, key, listed)
        else:
            self._links = self._compute_and_store(key, listed)

    def result(self) -> RelatedLinks:
        """The lists, waiting for a child if one computes them."""
        if self._pending is None:
            return self._links
        call, key, listed = self._pending
        self._pending = None
        waited = time.perf_counter()
        found: _FromChild | None = call.result()  # None if the child failed
        links = None
        if found is not None and found.key == key:
            links = found.links if found.links is not None or self.store is None else \
                self.store.load_result(_NAME, key)
            if self.store is not None and found.articles_saved is not None:
                self.store.articles_saved = found.articles_saved
        if links is not None:
            if found is not None and found.computed:
                log.info(f"newsarchive: related lists computed in a second process (this one "
                         f"waited {time.perf_counter() - waited:.1f} s for them)")
        else:
            if found is not None:
                log.info("newsarchive: the related lists started before MkDocs listed the "
                         "files were of other articles; computing them again")
            links = self._compute_and_store(key, listed)
        self._links = links
        return links

    def cancel(self) -> None:
        """Stop any child (the build failed)."""
        for call in (self._early, self._pending[0] if self._pending else None):
            if call is not None:
                call.kill()
        self._early = self._pending = None

    def _in_a_child(self, key: str, listed: Sequence[Article],
                    meanwhile: Callable[[], object] | None = None) -> _FromChild:
        if self.store is not None and self.store.has_result(_NAME, key):
            return _FromChild(key, None, computed=False)
        links = compute_links(listed, self.vocab, self.settings, meanwhile=meanwhile)
        if self.store is None:
            return _FromChild(key, links, computed=True)
        self.store.store_result(_NAME, key, links)
        return _FromChild(key, None, computed=True)

    def _compute_and_store(self, key: str, listed: Sequence[Article]) -> RelatedLinks:
        links = compute_links(listed, self.vocab, self.settings)
        if self.store is not None:
            self.store.store_result(_NAME, key, links)
        return links
