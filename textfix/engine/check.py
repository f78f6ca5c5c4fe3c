"""Validation that takes the engine: no canonical term reads as spun, no rule output is
rewritten again (both would break idempotence)."""

from __future__ import annotations

from collections.abc import Sequence

from textfix.engine.config import RewriteConfig
from textfix.engine.rewrite import Rewriter
from textfix.glossary.model import Glossary, GlossaryError

#: How validation runs the engine: the likely tier open and every context condition met.
VALIDATION = RewriteConfig(threshold=0.0, assume_context=True)


def validation_rewriter(glossaries: Sequence[Glossary]) -> Rewriter:
    """A Rewriter of ``glossaries`` that reads everything an entry could ever rewrite."""
    return Rewriter(list(glossaries), VALIDATION)


def check_glossaries(glossaries: Sequence[Glossary]) -> None:
    """Reject entries that break idempotence: a rule output or a term that would be rewritten.

    Every canonical phrase is run through the compiled glossaries with the likely tier open and
    every context condition taken as met; any edit found is reported with its file and line.
    """
    rw = validation_rewriter(glossaries)
    where = {g.name: g for g in glossaries}
    for g in glossaries:
        for t in g.terms:
            own = f"{g.name}:{t.text}"
            for rule, before, after, is_term in rw.spun_readings(t.text):
                if not (is_term and rule == own):
                    raise GlossaryError(
                        f"canonical term is itself a spun form: {rule} reads {before!r} "
                        f"as {after!r}", path=g.path, line=t.line, entry=t.text)
        for r in g.rules:
            res = rw.fix(r.canonical)
            if res.edits:
                e = res.edits[0]
                other = where.get(e.rule.split(":", 1)[0], g)
                raise GlossaryError(
                    f"output {r.canonical!r} would be rewritten again by {e.rule} "
                    f"({other.path}): {e.before!r} -> {e.after!r}",
                    path=g.path, line=r.line, entry=r.spun)
