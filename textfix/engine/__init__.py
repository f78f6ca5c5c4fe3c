"""The rewriting engine: compiled tables, documents, matching, selection, edits, the Rewriter."""
