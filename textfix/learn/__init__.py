"""Measuring and learning: alignment, repair scores, term induction, learned glossaries, spin."""
