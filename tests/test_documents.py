"""Word, web page and PDF inputs give the paragraphs the text reader gives, and align to the
same beads; broken or unreadable documents are one line and exit 2."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.documents import _join_lines, read_document
from aligner.errors import InputError
from tests.conftest import ROOT, SEED

FIXTURES = ROOT / "tests" / "fixtures" / "check"
ZH = (FIXTURES / "readout.zh.txt").read_text(encoding="utf-8").splitlines()
EN = (FIXTURES / "readout.en.txt").read_text(encoding="utf-8").splitlines()


def make_docx(path: Path, paragraphs: list[str], heading: str | None = None,
              table: list[str] = ()) -> Path:
    from docx import Document

    document = Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        cells = document.add_table(rows=1, cols=len(table)).rows[0].cells
        for cell, text in zip(cells, table, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def make_html(path: Path, paragraphs: list[str]) -> Path:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article>{body}</article>
<aside class="related"><h3>Related posts</h3><ul><li><a href="/a">Markets rally</a></li>
<li><a href="/b">What tariffs mean for farmers</a></li></ul></aside>
<footer>© 2025 Example News. All rights reserved.</footer></body></html>""", encoding="utf-8")
    return path


def make_pdf(path: Path, paragraphs: list[str], *, encrypt: str | None = None) -> Path:
    """A real PDF by reportlab: wrapped paragraphs, a CJK font, page numbers and a running
    header on every page."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    zh_style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=14,
                              wordWrap="CJK")
    en_style = ParagraphStyle("en", fontName="Helvetica", fontSize=10, leading=14)

    def furniture(canvas, document) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(40, A5[1] - 30, "Example News - Readouts")
        canvas.drawString(A5[0] / 2, 20, str(document.page))

    story = []
    for paragraph in paragraphs:
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in paragraph)
        story += [Paragraph(html.escape(paragraph), zh_style if chinese else en_style),
                  Spacer(1, 10)]
    SimpleDocTemplate(str(path), pagesize=A5, encrypt=encrypt).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def one_line_error(result: subprocess.CompletedProcess[str], path: Path, words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in lines[0] and words in lines[0], lines[0]


def test_docx_paragraphs_headings_and_table_cells(tmp_path: Path):
    path = make_docx(tmp_path / "en.docx", EN, heading="Chinese readout",
                     table=["Cell one.", "Cell two."])
    assert read_document(path).splitlines() == ["Chinese readout", *EN, "Cell one.",
                                                "Cell two."]


def test_html_main_content_without_boilerplate(tmp_path: Path):
    path = make_html(tmp_path / "en.html", EN)
    lines = read_document(path).splitlines()
    assert lines == EN
    assert not any(word in " ".join(lines) for word in ("cookies", "Related", "Home"))


def test_pdf_paragraphs_without_page_furniture(tmp_path: Path):
    path = make_pdf(tmp_path / "readout.pdf", ZH + EN)
    lines = read_document(path).splitlines()
    assert lines == ZH + EN
    assert "Example News" not in " ".join(lines)


def test_a_hyphen_at_a_line_end_is_undone():
    assert _join_lines(["The consul-\n", "tations went on.\n"]) == "The consultations went on."
    assert _join_lines(["China-\n", "U.S. talks\n"]) == "China- U.S. talks"
    assert _join_lines(["中美双方\n", "同意。\n"]) == "中美双方同意。"


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
def test_documents_align_to_the_same_beads_as_text(kind: str, tmp_path: Path, encoder):
    from aligner import align

    text = align(FIXTURES / "readout.zh.txt", FIXTURES / "readout.en.txt", encoder=encoder)
    maker = {"docx": make_docx, "html": make_html, "pdf": make_pdf}[kind]
    zh = maker(tmp_path / f"zh.{kind}", ZH)
    en = maker(tmp_path / f"en.{kind}", EN)
    document = align(zh, en, encoder=encoder)
    assert [(b.zh, b.en) for b in document.beads] == [(b.zh, b.en) for b in text.beads]


def test_a_mixed_web_page_aligns_like_the_seed(tmp_path: Path, encoder, seed_beads):
    from aligner import align

    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    page = align(make_html(tmp_path / "seed.html", lines), encoder=encoder)
    assert [(b.zh, b.en) for b in page.beads] == [(b.zh, b.en) for b in seed_beads.beads]


def test_broken_documents_are_one_line(tmp_path: Path):
    import zipfile

    corrupt = tmp_path / "corrupt.docx"
    with zipfile.ZipFile(corrupt, "w") as archive:
        archive.writestr("hello.txt", "a zip file, not a Word document")
    one_line_error(run("align", "-q", str(corrupt)), corrupt, "not a Word document")

    encrypted = make_pdf(tmp_path / "locked.pdf", ZH + EN, encrypt="secret")
    one_line_error(run("align", "-q", str(encrypted)), encrypted, "encrypted")

    from reportlab.pdfgen import canvas

    scanned = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(scanned))
    page.rect(50, 50, 200, 300, fill=1)  # an image-like page: no text at all
    page.save()
    one_line_error(run("align", "-q", str(scanned)), scanned, "no text layer")

    english = make_html(tmp_path / "english.html", EN)
    one_line_error(run("align", "-q", str(english)), english, "no Chinese")


def test_a_truncated_pdf_is_an_input_error(tmp_path: Path):
    whole = make_pdf(tmp_path / "whole.pdf", EN).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(InputError):
        read_document(cut)


# --- documents a real producer made (LibreOffice; see tests/fixtures/documents/README.md) ---

DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_libreoffice_documents_read_as_the_text_they_were_made_from(kind: str):
    """LibreOffice's PDF has one text box for all nine paragraphs (no space between them)
    and a gap, not a space, between Chinese and digits: the reader gives the text back."""
    text = (DOCUMENTS / "readout.txt").read_text(encoding="utf-8")
    assert read_document(DOCUMENTS / f"readout.libreoffice.{kind}") == text


def test_the_libreoffice_pdf_really_is_one_box_with_guessed_spaces():
    """What the test above relies on: if pdfminer or the fixture changed so that the PDF
    no longer needs cutting or unspacing, that test would pass without the reader's work."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    [page] = extract_pages(str(DOCUMENTS / "readout.libreoffice.pdf"), laparams=LAParams())
    boxes = [box for box in page if isinstance(box, LTTextContainer)]
    assert len(boxes) == 1
    assert "10 月 25 日" in boxes[0].get_text()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_libreoffice_documents_align_to_the_same_beads_as_text(kind: str, encoder):
    from aligner import align

    text = align(DOCUMENTS / "readout.txt", encoder=encoder)
    document = align(DOCUMENTS / f"readout.libreoffice.{kind}", encoder=encoder)
    assert len(text.beads) >= 8
    assert [(b.zh, b.en, b.type) for b in document.beads] == \
        [(b.zh, b.en, b.type) for b in text.beads]
