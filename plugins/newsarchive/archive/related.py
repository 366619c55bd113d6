"""Related articles: a score over shared features, and the related titles a source listed.

Every article has features: its region (when it is a subdivision), its country, its tags and
its places (``places`` plus its own region). Two articles are related when they share
features; the score is the sum of the shared features' weights plus a closeness-in-time term::

    score = Σ weight(shared feature) + time / (1 + |Δdays| / time_scale_days)

Tag and place weights are scaled by rarity, ``log(1 + N / df)``, so sharing a tag used by
three articles counts for more than sharing one used by half the archive.

Cost grows close to linearly with the archive: nothing compares all pairs. An inverted index
maps each *block* to its articles sorted by date; a block is one feature, or two of an
article's most informative tags and places together (``pair_features``). For each article
only a window of postings centred on its date is read per block (``postings_limit`` for one
feature, ``pair_limit`` for a pair; all postings of a rarer block), the block weights are
summed into a preliminary score, and only the best ``candidate_limit`` candidates (ties at the
cut go to the nearest in time) are scored exactly. Pair blocks are what find the strong
matches (same region and a rare tag) years away from a common feature's window; measured
against the exhaustive ranking, see ``scripts/bench_related.py --recall``.

The result does not depend on the order of the input: articles are processed in path order
and ties are broken by date (newest first), then path.

Nothing here imports MkDocs: the site adapter turns the returned data into page content.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import multiprocessing
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations, compress, pairwise, repeat
from operator import add, eq, gt, mul, neg, sub, truediv
from typing import Any

from newsarchive.archive.urlkey import url_key
from newsarchive.build.fork import pool_size
from newsarchive.schema import Article
from newsarchive.vocab import Vocab

__all__ = [
    "Relation",
    "TitleIndex",
    "Weights",
    "compute_related",
    "duplicate_key",
    "link_related_titles",
    "normalise_title",
    "time_phrase",
]

# Sorts after every real date ordinal (date.max is 3,652,059).
_UNDATED = 10**9
# Feature kinds, the first character of a feature key.
_REGION, _COUNTRY, _TAG, _PLACE = "r", "c", "t", "p"


@dataclass(frozen=True)
class Weights:
    """How much each kind of shared feature adds to a relation's score.

    Attributes:
        region: both articles are about the same subdivision (e.g. ``SY-ID``).
        country: both articles are about the same country (added on top of ``region``).
        tag: per shared tag, multiplied by the tag's rarity ``log(1 + N / df)``.
        place: per shared place (``places`` plus the article's own region), multiplied by the
            place's rarity.
        time: the closeness-in-time term for two articles on the same day; it decays as
            ``time / (1 + |Δdays| / time_scale_days)`` and is 0 when either date is missing.
        time_scale_days: days after which the time term has halved.
    """

    region: float = 3.0
    country: float = 1.0
    tag: float = 2.0
    place: float = 1.0
    time: float = 2.0
    time_scale_days: float = 30.0


@dataclass(frozen=True, slots=True)
class Relation:
    """One related article, seen from the article it is listed on."""

    target: str  # path of the related article
    score: float
    reasons: tuple[str, ...]  # e.g. ("same region: Idlib", "shared tags: Ceasefire", "same day")

    @property
    def reason_text(self) -> str:
        """The reasons in words: ``same region: Idlib; shared tags: Ceasefire; 2 days earlier``."""
        return "; ".join(self.reasons)


# --- normalisation and duplicates --------------------------------------------------------

_PUNCT_RE = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


def normalise_title(title: str) -> str:
    """Title for tolerant matching: NFKC, case-folded, punctuation and quotes dropped,
    whitespace collapsed. ``“Over 230,000 People Flee”`` -> ``over 230000 people flee``."""
    text = unicodedata.normalize("NFKC", title).casefold()
    # Apostrophes join ("Russia's" -> "russias"); other punctuation separates words.
    text = re.sub(r"['’ʼ‘`´]", "", text)
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", text)).strip()


def duplicate_key(article: Article) -> list[tuple[str, str]]:
    """The keys under which two articles count as the same article archived twice."""
    keys: list[tuple[str, str]] = []
    if article.sha256:
        keys.append(("sha256", article.sha256.lower()))
    if article.original_url:
        keys.append(("url", url_key(article.original_url)))
    if article.title and article.date is not None:
        keys.append(("title", f"{article.date.isoformat()} {article.title.strip().casefold()}"))
    return keys


def _duplicate_groups(articles: Sequence[Article]) -> list[int]:
    """For each article, the index of the first article of its duplicate group (union-find)."""
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, article in enumerate(articles):
        for key in duplicate_key(article):
            j = first.setdefault(key, i)
            if j != i:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(articles))]


# --- time in words -----------------------------------------------------------------------


@lru_cache(maxsize=16_384)
def time_phrase(days: int) -> str:
    """``-2`` -> ``2 days earlier``, ``21`` -> ``3 weeks later``, ``0`` -> ``same day``."""
    if days == 0:
        return "same day"
    n = abs(days)
    if n < 14:
        amount, unit = n, "day"
    elif n < 60:
        amount, unit = round(n / 7), "week"
    elif n < 730:
        amount, unit = round(n / 30.44), "month"
    else:
        amount, unit = round(n / 365.25), "year"
    plural = "" if amount == 1 else "s"
    return f"{amount} {unit}{plural} {'earlier' if days < 0 else 'later'}"


# --- the index ---------------------------------------------------------------------------


@dataclass
class _Index:
    """Everything the ranking loop reads, as plain lists indexed by integer ids.

    A *block* is what candidates are looked up by: one feature, or two features together
    (articles sharing a region and a tag, or two tags, ...). Pair blocks are what finds the
    strongly related articles of a common feature far from the article's date; single-feature
    blocks find the weaker relations close in time.
    """

    paths: list[str]
    ords: list[int]  # date ordinal, _UNDATED when missing
    feats: list[tuple[int, ...]]  # feature ids of each article, in the article's own order
    fsets: list[frozenset[int]]
    weight: list[float]  # per feature id
    kind: list[str]
    code: list[str]  # region code or tag slug
    label: list[str]  # display name
    blocks: list[tuple[int, ...]]  # block ids of each article
    block_weight: list[float]
    postings: list[list[int]]  # per block: article ids sorted by (date, path)
    post_ords: list[list[int] | None]  # their dates, for long postings only
    group: list[int]  # duplicate group of each article
    dup_members: dict[int, list[int]]  # group -> members, for groups of two or more
    k: int
    weights: Weights
    nfeat: int  # block ids below this are single features
    postings_limit: int
    pair_limit: int
    candidate_limit: int
    min_score: float
    # Reasons in words by the shared features (in the article's order), filled as ranked.
    said: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict)


def _build_index(
    articles: Sequence[Article], vocab: Vocab | None, k: int, weights: Weights,
    postings_limit: int, pair_limit: int, candidate_limit: int, min_score: float,
    pair_features: int,
) -> _Index:
    paths = [a.path for a in articles]
    ords = [a.date.toordinal() if a.date is not None else _UNDATED for a in articles]
    ids, feats = _features(articles)
    kind = [key[0] for key in ids]
    code = [key[1:] for key in ids]
    weight = _feature_weights(kind, feats, len(articles), weights)
    nfeat = len(ids)
    blocks, block_weight = _blocks(feats, kind, weight, pair_features)
    postings, post_ords = _postings(blocks, len(block_weight), ords, nfeat, postings_limit,
                                    pair_limit)
    label = [_label(kd, c, vocab) for kd, c in zip(kind, code, strict=True)]
    group = _duplicate_groups(articles)
    dup_members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(group):
        dup_members[g].append(i)
    return _Index(
        paths=paths, ords=ords, feats=feats, fsets=[frozenset(f) for f in feats], weight=weight,
        kind=kind, code=code, label=label, blocks=blocks, block_weight=block_weight,
        postings=postings, post_ords=post_ords, group=group,
        dup_members={g: m for g, m in dup_members.items() if len(m) > 1}, k=k, weights=weights,
        nfeat=nfeat, postings_limit=postings_limit, pair_limit=pair_limit,
        candidate_limit=candidate_limit, min_score=min_score,
    )


def _features(articles: Sequence[Article]) -> tuple[dict[str, int], list[tuple[int, ...]]]:
    """Feature ids by key (kind character + code), and each article's feature ids in its own
    order: region (a subdivision), country, tags, then places (its region first)."""
    ids: dict[str, int] = {}
    feats: list[tuple[int, ...]] = []
    for a in articles:
        keys: list[str] = []
        country = a.country
        if a.region and a.region != country:
            keys.append(_REGION + a.region)
        if country:
            keys.append(_COUNTRY + country)
        keys.extend(_TAG + t for t in a.tags)
        if a.region:
            keys.append(_PLACE + a.region)
        keys.extend(_PLACE + p for p in a.places)
        row: list[int] = []
        for key in dict.fromkeys(keys):  # drop repeats, keep order
            fid = ids.get(key)
            if fid is None:
                fid = ids[key] = len(ids)
            row.append(fid)
        feats.append(tuple(row))
    return ids, feats


def _feature_weights(kind: list[str], feats: list[tuple[int, ...]], n: int,
                     weights: Weights) -> list[float]:
    """Each feature's weight: its kind's, times its rarity ``log(1 + N / df)`` for tags and
    places."""
    df = [0] * len(kind)
    for row in feats:
        for fid in row:
            df[fid] += 1
    base = {_REGION: weights.region, _COUNTRY: weights.country, _TAG: weights.tag,
            _PLACE: weights.place}
    return [base[kd] * (math.log(1.0 + n / d) if kd in (_TAG, _PLACE) else 1.0)
            for kd, d in zip(kind, df, strict=True)]


def _blocks(feats: list[tuple[int, ...]], kind: list[str], weight: list[float],
            pair_features: int) -> tuple[list[tuple[int, ...]], list[float]]:
    """Each article's block ids, and each block's weight.

    Blocks: every feature alone (ids 0..F-1), then pairs of an article's most informative
    tags and places (its own region is a place), so sharing two of them is found directly.
    """
    nfeat = len(kind)
    block_weight = list(weight)
    pair_ids: dict[tuple[int, ...], int] = {}
    blocks: list[tuple[int, ...]] = []
    strength = [0] * nfeat  # 0 for the strongest feature of the archive
    for pos, f in enumerate(sorted(range(nfeat), key=lambda f: (-weight[f], f))):
        strength[f] = pos
    pairable = [kd in (_TAG, _PLACE) for kd in kind]
    for row in feats:
        strong = sorted(compress(row, map(pairable.__getitem__, row)), key=strength.__getitem__)
        extra: list[int] = []
        combos: list[tuple[int, ...]] = list(combinations(sorted(strong[:pair_features]), 2))
        if len(strong) >= 3 and pair_features >= 3:  # the three strongest together
            combos.append(tuple(sorted(strong[:3])))
        for key in combos:
            bid = pair_ids.get(key)
            if bid is None:
                bid = pair_ids[key] = nfeat + len(pair_ids)
                block_weight.append(sum(weight[f] for f in key))
            extra.append(bid)
        # The region alone is not a block: the region as a place finds the same articles.
        blocks.append(tuple(f for f in row if kind[f] != _REGION) + tuple(extra))
    return blocks, block_weight


def _postings(blocks: list[tuple[int, ...]], nblocks: int, ords: list[int], nfeat: int,
              postings_limit: int, pair_limit: int,
              ) -> tuple[list[list[int]], list[list[int] | None]]:
    """Per block, its articles sorted by (date, path), and their dates when the list is
    longer than the window read from it."""
    postings: list[list[int]] = [[] for _ in range(nblocks)]
    for i in sorted(range(len(ords)), key=ords.__getitem__):  # stable: ties by path
        for bid in blocks[i]:
            postings[bid].append(i)
    post_ords = [[ords[i] for i in plist]
                 if len(plist) > (postings_limit if bid < nfeat else pair_limit) else None
                 for bid, plist in enumerate(postings)]
    return postings, post_ords


def _label(kind: str, code: str, vocab: Vocab | None) -> str:
    if vocab is None:
        return code
    if kind == _TAG:
        return vocab.tags.name(code)
    region = vocab.regions.get(code)
    return region.name if region is not None else code


# --- ranking -----------------------------------------------------------------------------

# (target id, score, reasons); plain tuples so results cross process boundaries cheaply.
_Ranked = tuple[int, float, tuple[str, ...]]


def _rank(ix: _Index, i: int) -> list[_Ranked]:
    """The top-k related articles of article ``i``.

    The loops run as chains of ``map`` over builtins: this is the hot path (called once per
    article) and per-candidate Python bytecode would dominate the cost.
    """
    acc = _preliminary(ix, i, _windows(ix, i))
    if not acc:
        return []
    cands = _shortlist(ix, ix.ords[i], acc)
    cand_ords = list(map(ix.ords.__getitem__, cands))
    totals = _exact_scores(ix, i, cands, cand_ords)
    return _top(ix, i, cands, cand_ords, totals)


def _windows(ix: _Index, i: int) -> list[list[int]]:
    """Per block of article ``i``, the postings read: a window centred on its date when the
    list is long, else all of it."""
    d = ix.ords[i]
    postings, post_ords = ix.postings, ix.post_ords
    nfeat, single_limit, pair_limit = ix.nfeat, ix.postings_limit, ix.pair_limit
    windows: list[list[int]] = []
    for bid in ix.blocks[i]:
        plist = postings[bid]
        po = post_ords[bid]
        if po is not None:
            limit = single_limit if bid < nfeat else pair_limit
            lo = bisect_left(po, d) - limit // 2
            if lo < 0:
                lo = 0
            hi = lo + limit
            if hi > len(po):
                hi = len(po)
                lo = hi - limit
            plist = plist[lo:hi]
        windows.append(plist)
    return windows


def _preliminary(ix: _Index, i: int, windows: list[list[int]]) -> dict[int, float]:
    """Candidates (not ``i`` nor its copies) with the summed weights of the blocks whose
    windows they are in."""
    block_weight = ix.block_weight
    # acc[c] += block weight, for every c of every window (a window holds each article once).
    acc: dict[int, float] = {}
    get = acc.get
    for bid, plist in zip(ix.blocks[i], windows, strict=True):
        acc.update(zip(plist, map(add, map(get, plist, repeat(0.0)), repeat(block_weight[bid])),
                       strict=False))
    acc.pop(i, None)
    g = ix.group[i]
    if g in ix.dup_members:
        for c in ix.dup_members[g]:
            acc.pop(c, None)
    return acc


def _shortlist(ix: _Index, d: int, acc: dict[int, float]) -> list[int]:
    """At most ``candidate_limit`` candidates, best preliminary score first; candidates tied
    at the cut are decided by closeness in time to ``d``."""
    cands = list(acc)
    limit = ix.candidate_limit
    if len(cands) <= limit:
        return cands
    prelim = list(acc.values())
    threshold = sorted(prelim, reverse=True)[limit - 1]
    above = list(compress(cands, map(gt, prelim, repeat(threshold))))
    tied = list(compress(cands, map(eq, prelim, repeat(threshold))))
    room = limit - len(above)
    if len(tied) > room:
        # Nearest first; ids (path order) break ties.
        distance = map(abs, map(sub, map(ix.ords.__getitem__, tied), repeat(d)))
        tied = [c for _, c in sorted(zip(distance, tied, strict=False))[:room]]
    return above + tied


def _exact_scores(ix: _Index, i: int, cands: list[int], cand_ords: list[int]) -> list[float]:
    """Each candidate's score: the weights of all the features it shares with ``i`` (the
    windows may have missed some) plus the closeness-in-time term."""
    # Each candidate feature is looked up in this article's {feature: weight} (0.0 when not
    # shared); fsum is exact, so a pair scores the same from both sides whatever the order.
    mine = ix.feats[i]
    shared_weight = dict(zip(mine, map(ix.weight.__getitem__, mine), strict=True)).get
    scores = map(math.fsum, map(map, repeat(shared_weight), map(ix.feats.__getitem__, cands),
                                repeat(repeat(0.0))))
    d = ix.ords[i]
    if d == _UNDATED:
        return list(scores)
    tw, inv = ix.weights.time, 1.0 / ix.weights.time_scale_days
    if _UNDATED not in cand_ords:  # the common case, without a test per candidate
        closeness = map(truediv, repeat(tw), map(add, repeat(1.0), map(
            mul, map(abs, map(sub, cand_ords, repeat(d))), repeat(inv))))
        return list(map(add, scores, closeness))
    return [s + tw / (1.0 + abs(d - oc) * inv) if oc != _UNDATED else s
            for s, oc in zip(scores, cand_ords, strict=True)]


def _top(ix: _Index, i: int, cands: list[int], cand_ords: list[int],
         totals: list[float]) -> list[_Ranked]:
    """The best ``k`` candidates above ``min_score``, one per duplicate group, with reasons."""
    # Sort key: score in integer billionths (so float noise cannot decide a tie), newest
    # first (undated last), then id, which is path order.
    nano = map(round, map(mul, totals, repeat(-1e9)))
    newest = [-oc if oc != _UNDATED else 1 for oc in cand_ords] if _UNDATED in cand_ords \
        else map(neg, cand_ords)
    scored = sorted(zip(nano, newest, cands, strict=False))

    out: list[_Ranked] = []
    seen_groups: set[int] = set()
    group = ix.group
    for neg_nano, _, c in scored:
        score = -neg_nano / 1e9
        if score <= ix.min_score:
            break
        gc = group[c]
        if gc in seen_groups:
            continue  # two copies of the same article: list the first only
        seen_groups.add(gc)
        out.append((c, score, _reasons(ix, i, c)))
        if len(out) == ix.k:
            break
    return out


def _reasons(ix: _Index, i: int, c: int) -> tuple[str, ...]:
    shared = tuple(filter(ix.fsets[c].__contains__, ix.feats[i]))
    said = ix.said.get(shared)
    if said is None:  # the same shared features recur across the archive: word them once
        said = ix.said[shared] = _shared_in_words(ix, shared)
    d, oc = ix.ords[i], ix.ords[c]
    if d != _UNDATED and oc != _UNDATED:
        return (*said, time_phrase(oc - d))
    return said


def _shared_in_words(ix: _Index, shared: tuple[int, ...]) -> tuple[str, ...]:
    kind, code, label = ix.kind, ix.code, ix.label
    region = country = None
    tags: list[str] = []
    places: list[int] = []
    for f in shared:
        kf = kind[f]
        if kf == _TAG:
            tags.append(label[f])
        elif kf == _PLACE:
            places.append(f)
        elif kf == _REGION:
            region = f
        else:
            country = f
    reasons: list[str] = []
    if region is not None:
        reasons.append(f"same region: {label[region]}")
    elif country is not None:
        reasons.append(f"same country: {label[country]}")
    if tags:
        reasons.append("shared tags: " + ", ".join(tags))
    # The shared region and country are said already.
    said = {code[f] for f in (region, country) if f is not None}
    named = [label[f] for f in places if code[f] not in said]
    if named:
        reasons.append("shared places: " + ", ".join(named))
    return tuple(reasons)


# Set in the parent before forking, so workers inherit the index without pickling it.
_SHARED: _Index | None = None


def _rank_range(bounds: tuple[int, int]) -> list[list[_Ranked]]:
    ix = _SHARED
    assert ix is not None
    return [_rank(ix, i) for i in range(*bounds)]


def _workers(requested: int | None, n: int) -> int:
    return max(1, requested) if requested is not None else pool_size(n, 5_000)


def compute_related(
    articles: Sequence[Article],
    vocab: Vocab | None,
    k: int = 5,
    weights: Weights = Weights(),
    candidate_limit: int = 40,
    postings_limit: int = 8,
    pair_limit: int = 32,
    pair_features: int = 4,
    min_score: float = 0.0,
    workers: int | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, list[Relation]]:
    """The ``k`` most related articles of every article, keyed by ``article.path``.

    Args:
        articles: the archive; paths must be unique. Order does not matter.
        vocab: gives the names used in the reasons (``None``: codes and slugs).
        k: relations per article at most.
        weights: see :class:`Weights`.
        candidate_limit: candidates per article scored exactly, best preliminary score first.
        postings_limit: postings read per feature: a window of that many articles around the
            article's date (all of them when the feature is rarer).
        pair_limit: the same for a pair of features.
        pair_features: an article's most informative tags and places (up to this many) are
            also indexed in pairs, which finds strong matches far from its date (0: off).
        min_score: relations must score above this.
        workers: processes to use; default one below 5,000 articles, else one per core.
        meanwhile: other work for this process while worker processes rank (called once,
            after the workers are forked; without workers, before ranking).

    Returns:
        Relations ordered by score (highest first), then target date (newest first), then
        target path. An article never relates to itself nor to a duplicate of itself (same
        ``sha256``, same normalised ``original_url`` or same title and date), and never lists
        two copies of one article. Every article has an entry, possibly empty. An article
        without a date has no time term with anyone (its windows are the newest postings).
    """
    global _SHARED
    ordered = sorted(articles, key=lambda a: a.path)
    for a, b in pairwise(ordered):
        if a.path == b.path:
            raise ValueError(f"{a.path}: two articles have this path (paths must be unique)")
    if not ordered or k <= 0:
        return {a.path: [] for a in ordered}
    # The index is millions of small objects and nothing built here is cyclic: the cyclic
    # collector would only rescan them (a third of the time), and in forked workers it
    # would also copy every page it touches.
    collecting = gc.isenabled()
    gc.disable()
    try:
        ix = _build_index(ordered, vocab, k, weights, max(1, postings_limit),
                          max(1, pair_limit), max(k, candidate_limit), min_score,
                          max(0, pair_features))
        n = len(ordered)
        nproc = _workers(workers, n)
        ranked: list[list[_Ranked]]
        if nproc == 1:
            if meanwhile is not None:
                meanwhile()
            ranked = [_rank(ix, i) for i in range(n)]
        else:
            step = max(1, -(-n // (nproc * 8)))
            chunks = [(lo, min(n, lo + step)) for lo in range(0, n, step)]
            _SHARED = ix
            try:
                with multiprocessing.get_context("fork").Pool(nproc) as pool:
                    parts = pool.map_async(_rank_range, chunks)
                    if meanwhile is not None:
                        meanwhile()
                    ranked = [r for part in parts.get() for r in part]
            finally:
                _SHARED = None
        paths = ix.paths
        return {paths[i]: [Relation(paths[c], s, why) for c, s, why in row]
                for i, row in enumerate(ranked)}
    finally:
        if collecting:
            gc.enable()


# --- related titles listed by the source -------------------------------------------------


class TitleIndex:
    """Finds archived articles by title, tolerantly (case, quotes, punctuation, small edits)."""

    def __init__(self, articles: Iterable[Article], min_ratio: float = 0.9,
                 rare_words: int = 3, max_df: int = 500) -> None:
        """``min_ratio``: difflib similarity needed for a close (not exact) match; close
        matches are only looked for among titles sharing one of the ``rare_words`` rarest
        words of the wanted title, each used by at most ``max_df`` titles."""
        self.articles = sorted(articles, key=lambda a: a.path)
        self.min_ratio = min_ratio
        self.rare_words = rare_words
        self.max_df = max_df
        self._norm = [normalise_title(a.title) for a in self.articles]
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._words: dict[str, list[int]] = defaultdict(list)
        for i, norm in enumerate(self._norm):
            if norm:
                self._exact[norm].append(i)
                for word in set(norm.split()):
                    self._words[word].append(i)

    def resolve(self, title: str, near: dt.date | None = None,
                exclude: str | None = None) -> Article | None:
        """The archived article with this title, or ``None``.

        An exact normalised match wins over a close one; among equals, the article nearest
        in time to ``near`` (then the first by path). ``exclude`` is a path never returned.
        """
        norm = normalise_title(title)
        if not norm:
            return None
        hits = [i for i in self._exact.get(norm, ()) if self.articles[i].path != exclude]
        if not hits:
            hits = self._close(norm, exclude)
        if not hits:
            return None
        return self.articles[min(hits, key=lambda i: (self._distance(i, near), i))]

    def _distance(self, i: int, near: dt.date | None) -> int:
        date = self.articles[i].date
        if near is None or date is None:
            return 0 if near is None else _UNDATED
        return abs((date - near).days)

    def _close(self, norm: str, exclude: str | None) -> list[int]:
        words = sorted(set(norm.split()), key=lambda w: (len(self._words.get(w, ())), w))
        pool: set[int] = set()
        for word in words[: self.rare_words]:
            plist = self._words.get(word, ())
            if 0 < len(plist) <= self.max_df:
                pool.update(plist)
        best, hits = self.min_ratio, []
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(norm)
        for i in sorted(pool):
            if self.articles[i].path == exclude:
                continue
            matcher.set_seq1(self._norm[i])
            if matcher.real_quick_ratio() < best or matcher.quick_ratio() < best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, hits = ratio, [i]
            elif ratio == best:
                hits.append(i)
        return hits


def link_related_titles(
    articles: Sequence[Article], min_ratio: float = 0.9
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Resolve each article's ``related_titles`` to archived articles.

    Returns ``(cites, cited_by)``: ``cites`` maps an article's path to the paths of the
    archived articles its source listed as related, in the source's order; ``cited_by`` maps
    a target's path to the articles citing it, oldest first then by path. Titles not in the
    archive are left out (the article's own ``related_titles`` still has them), as is an
    article citing itself; articles with nothing resolved have no key.
    """
    index = TitleIndex(articles, min_ratio=min_ratio)
    cites: dict[str, list[str]] = {}
    cited_by: dict[str, list[Article]] = defaultdict(list)
    for article in index.articles:
        targets: list[str] = []
        for title in article.related_titles:
            hit = index.resolve(title, near=article.date, exclude=article.path)
            if hit is not None and hit.path not in targets:
                targets.append(hit.path)
                cited_by[hit.path].append(article)
        if targets:
            cites[article.path] = targets

    def order(a: Article) -> tuple[Any, ...]:
        return (a.date is None, a.date or dt.date.min, a.path)

    return cites, {t: [a.path for a in sorted(srcs, key=order)]
                   for t, srcs in sorted(cited_by.items())}
