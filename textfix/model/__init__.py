"""The learned spinner model: candidates for spun words, an English language model, and the
decision in context."""
