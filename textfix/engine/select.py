"""Choose which matches become edits: the best non-overlapping set (weighted interval
scheduling), then the left-out matches that overlap it only on words both keep."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from textfix.engine.doc import Doc
from textfix.engine.edit import Edit
from textfix.engine.match import Match


def select(matches: Sequence[Match], tiers: frozenset[str]) -> list[Match]:
    """Best non-overlapping subset of ``matches`` whose tier is in ``tiers`` (by total value).

    Weighted interval scheduling; ties keep the longer, then earlier, deterministically.
    """
    ms = sorted((m for m in matches if m.tier in tiers),
                key=lambda m: (m.end, -m.start, m.kind, m.ref, m.value))
    if not ms:
        return []
    ends = [m.end for m in ms]
    best = [0] * (len(ms) + 1)
    take = [False] * len(ms)
    prev = [0] * len(ms)
    for k, m in enumerate(ms):
        p = bisect_right(ends, m.start, 0, k)
        prev[k] = p
        with_m = m.value + best[p]
        if with_m >= best[k]:
            best[k + 1], take[k] = with_m, True
        else:
            best[k + 1] = best[k]
    chosen: list[Match] = []
    k = len(ms) - 1
    while k >= 0:
        if take[k] and best[k + 1] == ms[k].value + best[prev[k]]:
            chosen.append(ms[k])
            k = prev[k] - 1
        else:
            k -= 1
    chosen.reverse()
    return chosen


def clashes(starts: list[int], ends: list[int], a: int, b: int) -> bool:
    """Whether ``[a, b)`` meets one of the disjoint, ordered intervals ``starts``/``ends``."""
    k = bisect_left(starts, b) - 1
    return k >= 0 and ends[k] > a


def add_sharing(doc: Doc, matches: list[Match], chosen: list[Match], tiers: frozenset[str],
                edits: list[Edit], edits_of: Callable[[Doc, Match], list[Edit]]) -> list[Edit]:
    """``edits`` (of the ``chosen`` matches) plus those of the left-out spun matches in
    ``tiers`` whose edits touch no word a chosen match reads and whose words no chosen edit
    touches: two rules may share a context word they both keep ("anticipated to" and "to
    evaluation the" share "to"), which one interval choice cannot see. ``edits_of`` builds a
    match's edits.

    Left-out matches are taken in clusters of overlapping spans, in document order, and
    by value within a cluster; every check is a bisection or stays inside one cluster,
    so a text of any length costs O(n log n).
    """
    rest = [m for m in matches if m.spun and m.tier in tiers]
    if len(rest) == sum(m.spun for m in chosen):
        return edits  # every candidate was chosen
    taken = set(map(id, chosen))
    rest = sorted((m for m in rest if id(m) not in taken), key=lambda m: (m.start, m.end))
    # chosen spans and edits are each disjoint and in order; so are the edits added here
    # and the hulls of the clusters' added spans
    span_starts = [doc.start(m.start) for m in chosen]
    span_ends = [doc.end(m.end - 1) for m in chosen]
    fixed = ([e.start for e in edits], [e.end for e in edits])
    added: tuple[list[int], list[int]] = ([], [])
    hulls: tuple[list[int], list[int]] = ([], [])
    new: list[Edit] = []
    k0 = 0
    while k0 < len(rest):
        k1, hi = k0 + 1, doc.end(rest[k0].end - 1)
        while k1 < len(rest) and doc.start(rest[k1].start) < hi:
            hi = max(hi, doc.end(rest[k1].end - 1))
            k1 += 1
        group = sorted(rest[k0:k1], key=lambda m: (-m.value, m.start, m.end, m.kind, m.ref))
        k0 = k1
        spans: list[tuple[int, int]] = []  # of the matches added from this cluster
        mine: list[Edit] = []
        for m in group:
            a, b = doc.start(m.start), doc.end(m.end - 1)
            if (clashes(*fixed, a, b) or clashes(*added, a, b)
                    or any(e.start < b and a < e.end for e in mine)):
                continue  # an edit already taken rewrites one of its words
            out = edits_of(doc, m)
            # no word a chosen or added match reads or protects, and no word another edit
            # rewrites (an edit can reach past its match: "a"/"an" before it follows)
            if not out or any(clashes(span_starts, span_ends, e.start, e.end)
                              or clashes(*fixed, e.start, e.end)
                              or clashes(*added, e.start, e.end)
                              or clashes(*hulls, e.start, e.end)
                              or any(e.start < s1 and s0 < e.end for s0, s1 in spans)
                              or any(e.start < o.end and o.start < e.end for o in mine)
                              for e in out):
                continue
            spans.append((a, b))
            mine += out
        if mine:
            mine.sort(key=lambda e: e.start)
            added[0].extend(e.start for e in mine)
            added[1].extend(e.end for e in mine)
            hulls[0].append(min(s0 for s0, _ in spans))
            hulls[1].append(max(s1 for _, s1 in spans))
            new += mine
    return sorted(edits + new, key=lambda e: e.start) if new else edits
