"""Streaming inputs and workers: files and chunks, JSON Lines records, work units, the pool."""
