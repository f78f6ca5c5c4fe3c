"""Pure string functions: words and their keys, inflection and case, separators, articles."""
