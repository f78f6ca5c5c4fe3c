"""The indefinite article before a rewritten word: "an irregular woodland" -> "a random forest"."""

from __future__ import annotations


def ends_with_article(text: str, start: int) -> bool:
    """Whether the text before ``start`` may end with the article "a" or "an" and spaces: a
    cheap test before the word is looked up.

    >>> ends_with_article("an irregular", 3), ends_with_article("the irregular", 4)
    (True, False)
    """
    k = start
    while k and text[k - 1].isspace():
        k -= 1
    return k < start and text[k - 1 : k] in ("a", "A", "n", "N")


def takes_an(word: str) -> bool | None:
    """Whether ``word`` takes "an"; None when spelling cannot tell (digits, acronyms).

    >>> takes_an("hour"), takes_an("union"), takes_an("USA")
    (True, False, None)
    """
    w = word.lower()
    if not w[:1].isalpha() or (word.isupper() and len(word) > 1):
        return None
    if w.startswith(("uni", "use", "usu", "uti", "ure", "uro", "eu", "ew", "one", "once")):
        return False
    if w.startswith(("hour", "honest", "honor", "honour", "heir")):
        return True
    return w[0] in "aeiou"


def article_for(article: str, old: str, new: str) -> str | None:
    """The article to write before ``new`` in place of ``article`` (which fit ``old``), if other.

    >>> article_for("an", "irregular", "random forest"), article_for("A", "fight", "armed clash")
    ('a', 'An')
    """
    had, wants = takes_an(old), takes_an(new)
    if had is None or wants is None or had != (article.lower() == "an") or had == wants:
        return None
    word = "an" if wants else "a"
    if article.isupper() and len(article) > 1:
        return word.upper()
    return word.capitalize() if article[:1].isupper() else word
