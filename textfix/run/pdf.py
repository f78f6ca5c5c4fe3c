"""Text of a PDF, page by page, ready for matching: columns in reading order, hyphens joined.

pdfminer.six groups characters into lines and lines into text boxes by their position on the
page, so a two-column page reads column by column whatever order its generator drew it in;
words broken at a line end ("con-" / "sciousness") are joined so that spun phrases split by
typesetting are still found.
"""

from __future__ import annotations

import io
from pathlib import Path

import regex

#: A hyphen at a line end after a letter, with a lower-case letter opening the next line.
_HYPHEN_BREAK = regex.compile(r"(?<=\p{L})[-\u00ad\u2010][ \t]*\n[ \t]*(?=\p{Ll})")
_SPACE_RUN = regex.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_LINE_END_SPACE = regex.compile(r"[ \t]+\n")


class PdfError(ValueError):
    """A PDF whose text cannot be read: not a PDF, encrypted, or without a text layer."""


def join_hyphens(text: str) -> str:
    """Join words hyphenated at line ends ("con-\\nsciousness" -> "consciousness").

    Only where a letter precedes the hyphen and a lower-case letter begins the next line, so
    "Self-\\nDriving" and "1990-\\n2000" stay as they are.

    >>> join_hyphens("counterfeit con-\\nsciousness, Self-\\nDriving")
    'counterfeit consciousness, Self-\\nDriving'
    """
    return _HYPHEN_BREAK.sub("", text)


def _tidy(text: str) -> str:
    """One space between words (justified lines come out with several), no trailing spaces."""
    text = _LINE_END_SPACE.sub("\n", text.replace("\x0c", ""))
    return _SPACE_RUN.sub(" ", text).strip("\n ") + ("\n" if text.strip() else "")


def pdf_pages(source: bytes | str | Path, *, password: str = "", name: str | None = None
              ) -> list[str]:
    """The text of each page of a PDF (bytes or a path), hyphenation at line ends joined.

    Raises :class:`PdfError` with a one-line message for a file that is not a PDF, that
    needs a password, or that has no text layer at all (a scan that needs OCR first).
    """
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextContainer
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - depends on the install
        raise PdfError("PDF input needs the pdf extra: pip install 'textfix[pdf]'") from None
    if isinstance(source, bytes):
        label, stream = name or "PDF", io.BytesIO(source)
    else:
        label, stream = name or str(source), io.BytesIO(Path(source).read_bytes())
    if not stream.getvalue().lstrip()[:5] == b"%PDF-":
        raise PdfError(f"{label}: not a PDF file")
    # line_margin 1.0 keeps lines set with generous leading in one box; char_margin 4.0 keeps
    # justified lines (wide word gaps) whole, while the gutter between columns still splits.
    params = LAParams(line_margin=1.0, char_margin=4.0)
    pages: list[str] = []
    try:
        for page in extract_pages(stream, password=password, laparams=params):
            boxes = [el.get_text() for el in page if isinstance(el, LTTextContainer)]
            text = "\n\n".join(b.strip("\n") for b in boxes if b.strip())
            pages.append(join_hyphens(_tidy(text)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError(f"{label}: encrypted PDF; give its password to read it") from None
    except PDFSyntaxError as exc:
        raise PdfError(f"{label}: unreadable PDF ({exc})") from None
    if not any(p.strip() for p in pages):
        raise PdfError(f"{label}: no text layer in {len(pages)} page"
                       f"{'' if len(pages) == 1 else 's'} (a scanned PDF? run OCR first)")
    return pages
