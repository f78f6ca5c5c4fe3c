"""How spun a document looks, and the gate that lets ``likely`` entries apply.

The score comes from ``sure`` evidence alone: the density of the words that chosen spun matches
cover, damped unless several distinct entries agree. ``likely`` entries (ordinary words such as
"mentioned" for "said") apply only when it reaches the threshold, so in clean text the gate stays
shut.
"""

from __future__ import annotations

import math

from textfix.engine.config import RewriteConfig


def spin_score(spun_tokens: int, distinct_rules: int, total_tokens: int) -> float:
    """Spin evidence in 0..1 from sure edits: their density, damped when few rules agree.

    >>> spin_score(0, 0, 100), round(spin_score(40, 15, 532), 3)
    (0.0, 0.977)
    """
    if spun_tokens <= 0 or total_tokens <= 0:
        return 0.0
    density = spun_tokens / total_tokens
    return round((1.0 - math.exp(-density / 0.02)) * (1.0 - 0.5**distinct_rules), 6)


def gate_open(score: float, config: RewriteConfig) -> bool:
    """Whether ``likely`` entries may apply in a document of spin score ``score``.

    >>> gate_open(0.6, RewriteConfig()), gate_open(0.4, RewriteConfig())
    (True, False)
    >>> gate_open(1.0, RewriteConfig(tier="sure"))
    False
    """
    return config.tier == "likely" and score >= config.threshold
