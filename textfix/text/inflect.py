"""Inflection and case: which forms a word takes, and how to carry a form and a case over.

Forms come from ``lemminflect`` (irregular plurals and verbs included) and are computed once per
glossary word when a glossary is compiled, never per token at run time.
"""

from __future__ import annotations

from functools import lru_cache

#: Tags we carry over, in order of preference when two tags give the same form.
TAGS = ("NN", "VB", "NNS", "VBZ", "VBD", "VBN", "VBG")
BASE = ""


@lru_cache(maxsize=65536)
def word_forms(word: str) -> dict[str, str]:
    """Return ``{form: tag}`` for the inflections of a lower-case word, the word itself as ``""``.

    >>> word_forms("assembly")["assemblies"]
    'NNS'
    """
    forms: dict[str, str] = {word: BASE}
    if len(word) < 3 or not word.replace("-", "").isalpha():
        return forms
    import lemminflect  # imported on first compile only: it loads numpy and its tables

    # a word unknown to the dictionary (a name, a term) takes the regular plural: the
    # dictionary's neural fallback costs a hundred times more and guesses
    table = (lemminflect.getAllInflections(word) if _known(word) else {}) or {
        "NNS": (regular_plural(word),)}
    for tag in TAGS:
        for form in table.get(tag, ()):
            form = form.lower()
            if form not in forms:
                forms[form] = tag
    return forms


def _known(word: str) -> bool:
    """Whether lemminflect's dictionary has ``word``: a cheap test that spares its deep copies."""
    try:
        from lemminflect.core.Inflections import Inflections

        db = Inflections()
        return word in db._getInflDict() or word in db._getOverridesDict()
    except (ImportError, AttributeError):  # another lemminflect layout: ask the public API
        return True


@lru_cache(maxsize=65536)
def inflect(word: str, tag: str) -> str:
    """Return ``word`` (lower case) in the form ``tag``; the word itself if it has no such form.

    >>> inflect("meeting", "NNS"), inflect("hold", "VBG"), inflect("say", "VBD")
    ('meetings', 'holding', 'said')
    """
    if tag == BASE or " " in word:
        return word
    import lemminflect

    lemmas = lemminflect.getAllLemmas(word)
    if lemmas and not any(word in found for found in lemmas.values()):
        return word  # already inflected ("features", "said"): never inflect twice
    options = lemminflect.getInflection(word, tag, inflect_oov=False)
    if options:
        return str(options[0]).lower()
    return regular_plural(word) if tag == "NNS" else word


def regular_plural(word: str) -> str:
    """The regular English plural of a word unknown to the dictionary ("Hegseth" -> "Hegseths").

    >>> regular_plural("policy"), regular_plural("box"), regular_plural("day")
    ('policies', 'boxes', 'days')
    """
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def case_of(token: str) -> str:
    """Classify the case pattern of a token: "upper", "title" or "lower"."""
    if token.islower():  # the common case, at C speed: no capital at all
        return "lower"
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


def apply_case(word: str, pattern: str, proper: bool) -> str:
    """Write ``word`` in the case ``pattern``; a proper word keeps its own case unless UPPER.

    >>> apply_case("defense", "title", False), apply_case("Hanwha", "lower", True)
    ('Defense', 'Hanwha')
    """
    if pattern == "upper":
        return word.upper()
    if proper:
        return word
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


def has_capitals(word: str) -> bool:
    """True when a glossary word is written with a capital letter (a proper-noun word)."""
    return not word.islower() and any(c.isupper() for c in word)  # lower case: no scan
