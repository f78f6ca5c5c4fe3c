"""Build the edits of a chosen match: the new words with the case and inflection of the old,
original separators kept, and the article before them made to fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from textfix.engine.doc import Doc
from textfix.engine.edit import Edit
from textfix.engine.match import EXCEPTION, RULE, TERM, Match
from textfix.engine.tables import EXACT, INFLECT, Cand, RuleInfo
from textfix.text.article import article_for, ends_with_article
from textfix.text.inflect import apply_case, case_of, inflect
from textfix.text.tokenize import normalize_key


class EditBuilder:
    """Turns matches into edits, with the compiled rules at hand."""

    __slots__ = ("rules",)

    def __init__(self, rules: Sequence[RuleInfo]) -> None:
        self.rules = rules

    def edits(self, doc: Doc, m: Match) -> list[Edit]:
        """The edits of match ``m`` of ``doc`` (none for an exception, or a match that
        changes nothing)."""
        if m.kind == TERM:
            return self.term_edit(doc, m)
        if m.kind == RULE:
            return self.rule_edit(doc, m)
        assert m.kind == EXCEPTION
        return []

    def term_edit(self, doc: Doc, m: Match) -> list[Edit]:
        """A canonical term: each substituted word rewritten with its case and inflection."""
        info = m.info
        assert info is not None
        pieces: list[tuple[int, int, str]] = []  # word range and new text
        pos = m.start
        for k, (cand, width) in enumerate(m.path):
            if cand[1] not in (EXACT, INFLECT):
                last = pos + width - 1
                word = inflect_display(info.words[k], cand)
                new = apply_case(word, case_of(doc.word(pos)), info.proper[k]) + doc.suffix(last)
                if new != doc.text[doc.start(pos) : doc.end(last)]:
                    pieces.append((pos, pos + width, new))
            pos += width
        if not pieces:
            return []
        value = m.value / 1000 / max(len(m.path), 1)
        return [self._edit(doc, pieces, info.rule, m.tier, value)]

    def rule_edit(self, doc: Doc, m: Match) -> list[Edit]:
        """A phrase rule: the words that differ from the canonical phrase, case carried over."""
        info = self.rules[m.ref]
        assert info.canonical is not None
        idx = range(m.start, m.end)
        canon, ckeys, proper = info.words, info.word_keys, info.proper
        skeys = [doc.keys[j] for j in idx]
        skeys[-1] = doc.stem(m.end - 1)
        last_suffix = doc.suffix(m.end - 1)
        a = 0
        while a < min(len(skeys), len(ckeys)) - 1 and skeys[a] == ckeys[a]:
            a += 1
        b = 0
        while (b < min(len(skeys), len(ckeys)) - a - 1
               and skeys[-1 - b] == ckeys[-1 - b] and not (b == 0 and last_suffix)):
            b += 1
        src = [doc.word(j) for j in idx[a : len(idx) - b]]
        out = canon[a : len(canon) - b]
        caps = proper[a : len(canon) - b]
        suffix = last_suffix if b == 0 else ""
        pieces: list[tuple[int, int, str]] = []
        if len(src) == len(out):
            for k, (t, w, cap) in enumerate(zip(src, out, caps, strict=True)):
                new = apply_case(w, case_of(t), cap)
                if k == len(src) - 1:
                    new += suffix
                if new != t:
                    pieces.append((m.start + a + k, m.start + a + k + 1, new))
        else:
            new = " ".join(out)
            if new:
                # the first word takes the case of the first word replaced; the others follow
                # when every replaced word shares one case ("Counterfeit Consciousness")
                patterns = {case_of(w) for w in src}
                rest_case = patterns.pop() if len(patterns) == 1 else "lower"
                first_case = case_of(src[0])
                if len(src) == 1 and first_case == "upper" and len(src[0]) <= 5:
                    first_case = rest_case = "lower"  # an acronym ("USA"), not a shout
                first = apply_case(out[0], first_case, caps[0])
                rest = [apply_case(w, rest_case, cap) for w, cap in zip(out[1:], caps[1:],
                                                                          strict=True)]
                new = " ".join([first, *rest]) + suffix
            pieces.append((m.start + a, m.end - b, new))
        if not pieces:
            return []
        edit = self._edit(doc, pieces, info.rule, m.tier, info.score)
        return [_balanced(doc.text, edit)] if len(src) != len(out) else [edit]

    @staticmethod
    def _edit(doc: Doc, pieces: list[tuple[int, int, str]], rule: str, tier: str,
              score: float) -> Edit:
        """One edit from the first to the last changed word, original separators kept."""
        text = doc.text
        lo, hi = pieces[0][0], pieces[-1][1]
        start, end = doc.start(lo), doc.end(hi - 1)
        parts: list[str] = []
        cursor = start
        for a, b, new in pieces:
            parts.append(text[cursor : doc.start(a)])
            parts.append(new)
            cursor = doc.end(b - 1)
        parts.append(text[cursor:end])
        after = "".join(parts)
        if after == "":
            # a deleted word takes the separator before it (or after it, at the start)
            a, b, _ = pieces[0]
            prev = doc.before(a)
            if prev is not None:
                start = prev[1]
            elif doc.grow(b):
                end = doc.start(b)
        elif (ends_with_article(text, start) and (prev := doc.before(lo)) is not None
              and normalize_key(text[prev[0] : prev[1]]) in ("a", "an")
              and text[prev[1] : start].isspace() and text.count("\n", prev[1], start) < 2):
            # "an irregular woodland" -> "a random forest": the article follows the new word
            # (in the same paragraph: an article ending the one before is not this word's)
            article = article_for(text[prev[0] : prev[1]], doc.word(lo), after)
            if article is not None:
                after = article + text[prev[1] : start] + after
                start = prev[0]
        return Edit(start, end, text[start:end], after, rule, tier, round(min(score, 1.0), 4))


def inflect_display(word: str, cand: Cand) -> str:
    """Inflect a canonical word as written ("Meeting" + NNS -> "Meetings") by the tag of the
    reading ``cand``, which carries the inflected form of its key."""
    lower = word.lower()
    form = cand[5] if lower == cand[0] else inflect(lower, cand[2])
    if word == lower:
        return form
    if word.isupper() and len(word) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if word[:1].isupper() else form



def _balanced(text: str, edit: Edit) -> Edit:
    """A rule edit that drops the punctuation between its words ("(x) y" -> "zed") and with it
    a bracket whose partner stands just outside takes the partner too: "(x) y and more" reads
    "zed and more", not "(zed and more"."""
    depth = opens = 0  # closing brackets without their opening one; opening ones left open
    for c in edit.before:
        if c == "(":
            opens += 1
        elif c == ")":
            if opens:
                opens -= 1
            else:
                depth += 1
    start, end = edit.start, edit.end
    while depth and start > 0 and text[start - 1] == "(":
        start, depth = start - 1, depth - 1
    while opens and end < len(text) and text[end] == ")":
        end, opens = end + 1, opens - 1
    if (start, end) == (edit.start, edit.end):
        return edit
    return edit._replace(start=start, end=end, before=text[start:end])
