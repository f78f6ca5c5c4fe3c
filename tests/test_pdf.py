"""PDF pages to text: reading order of columns, hyphens joined, clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf", reason="building test PDFs needs fpdf2")
pytest.importorskip("pdfminer", reason="PDF input needs pdfminer.six (textfix[pdf])")

import textfix  # noqa: E402
from textfix.run.pdf import PdfError, join_hyphens, pdf_pages  # noqa: E402

LEFT = ("Recent work on counterfeit con-\nsciousness shows that profound learning models "
        "can be trained on large data sets. The results are encour-\naging for the field of "
        "computer vision and beyond.")
RIGHT = ("In the second column we discuss related work. Neural organization methods were "
         "first proposed decades ago. Self-\nDriving cars are out of scope here.")


def _two_columns() -> bytes:
    """Two justified columns drawn one after the other, then a second page."""
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(15, 20)
    pdf.multi_cell(85, 6, LEFT)
    pdf.set_xy(110, 20)
    pdf.multi_cell(85, 6, RIGHT)
    pdf.add_page()
    pdf.set_xy(15, 20)
    pdf.multi_cell(180, 6, "Page two names counterfeit consciousness once.")
    return bytes(pdf.output())


def _interleaved() -> bytes:
    """Two columns whose lines are drawn across the page, left line then right line."""
    left = ["Recent work on counterfeit con-", "sciousness shows that profound",
            "learning models can be trained", "on large data sets today."]
    right = ["In the second column we discuss", "related work. Neural organization",
             "methods were proposed decades", "ago by several groups."]
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        pdf.text(15, 20 + 6 * i, a)
        pdf.text(110, 20 + 6 * i, b)
    return bytes(pdf.output())


def test_two_columns_read_in_order_with_hyphens_joined() -> None:
    pages = pdf_pages(_two_columns())
    assert len(pages) == 2
    first = pages[0]
    assert "counterfeit consciousness shows that profound learning" in first
    assert "encouraging" in first
    assert "Self-\nDriving" in first  # an upper-case continuation keeps its hyphen
    assert first.index("beyond.") < first.index("In the second column")
    assert "  " not in first
    assert pages[1] == "Page two names counterfeit consciousness once.\n"


def test_interleaved_columns_are_separated() -> None:
    (page,) = pdf_pages(_interleaved())
    assert "counterfeit consciousness shows that profound" in page
    assert page.index("today.") < page.index("In the second column")


def test_tortured_phrase_split_by_a_hyphen_is_found(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(_two_columns())
    pages = pdf_pages(path)
    found = [(n + 1, e.before, e.after) for n, text in enumerate(pages)
             for e in textfix.fix_and_explain(text).edits]
    assert (1, "counterfeit consciousness", "artificial intelligence") in found
    assert any(page == 2 for page, _, _ in found)


def test_join_hyphens_only_letter_hyphen_lowercase() -> None:
    assert join_hyphens("con-\nsciousness") == "consciousness"
    assert join_hyphens("con-  \n  sciousness") == "consciousness"
    assert join_hyphens("Self-\nDriving") == "Self-\nDriving"
    assert join_hyphens("1990-\n2000") == "1990-\n2000"
    assert join_hyphens("a -\nb") == "a -\nb"
    assert join_hyphens("con-\n\nsciousness") == "con-\n\nsciousness"
    assert join_hyphens("naïve-\nté") == "naïveté"


def test_encrypted_pdf_is_a_one_line_error() -> None:
    pdf = fpdf.FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "counterfeit consciousness")
    data = bytes(pdf.output())
    with pytest.raises(PdfError, match=r"^paper\.pdf: encrypted PDF; give its password") as err:
        pdf_pages(data, name="paper.pdf")
    assert "\n" not in str(err.value)
    assert "counterfeit consciousness" in pdf_pages(data, password="secret")[0]


def test_scanned_pdf_without_text_is_a_one_line_error() -> None:
    image = pytest.importorskip("PIL.Image")
    img = image.new("L", (200, 80), 255)
    for x in range(20, 180):
        img.putpixel((x, 40), 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(buf, x=10, y=10, w=100)
    with pytest.raises(PdfError, match=r"^scan\.pdf: no text layer in 1 page \(a scanned PDF"):
        pdf_pages(bytes(pdf.output()), name="scan.pdf")


def test_not_a_pdf() -> None:
    with pytest.raises(PdfError, match="not a PDF"):
        pdf_pages(b"hello", name="x.pdf")
