"""A learned model of the spinner: per word, how often it is kept and what it becomes.

A ``[channel]`` table holds counts from aligned pairs (canonical word -> written form -> count,
``"="`` for kept). It compiles into ``likely`` one-word rules: a written form is reversed only
when one original is clearly the most probable, P(original | form) ~ P(form | original) * prior.
"""

from __future__ import annotations

from textfix.glossary.model import Glossary, Rule

#: The best original must beat everything else, keeping the word included, by this factor.
MARGIN = 2.0
#: How often a spinner is taken to keep a word it was never seen rewriting.
DEFAULT_KEEP = 0.5


def _prior(word: str) -> float:
    try:
        from wordfreq import word_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 1.0
    return max(word_frequency(word, "en"), 1e-8)


def channel_rules(g: Glossary) -> list[Rule]:
    """Turn the channel counts of ``g`` into ``likely`` one-word rules, strongest evidence only."""
    if not g.channel:
        return []
    totals: dict[str, int] = {}
    kept: dict[str, int] = {}
    becomes: dict[str, dict[str, int]] = {}
    for word, counts, _line in g.channel:
        w = word.lower()
        totals[w] = sum(n for _, n in counts)
        for form, n in counts:
            if form == "=":
                kept[w] = n
            elif n:
                becomes.setdefault(form.lower(), {})[w] = n
    rules = []
    for form, origins in sorted(becomes.items()):
        if " " in form:
            continue
        post = {o: n / totals[o] * _prior(o) for o, n in origins.items() if totals[o]}
        keep = kept.get(form, 0) / totals[form] if totals.get(form) else DEFAULT_KEEP
        stay = keep * _prior(form)
        best = max(sorted(post), key=lambda o: post[o])
        rest = stay + sum(v for o, v in post.items() if o != best)
        if post[best] >= MARGIN * rest:
            score = post[best] / (post[best] + rest)
            line = next((ln for w, _, ln in g.channel if w.lower() == best), 0)
            rules.append(Rule(form, best, "likely", None, round(score, 4), line,
                              source="channel"))
    return rules
