"""Reading documents: plain text, Word (.docx), web pages (.html) and PDF.

Every reader gives what the text reader gives: the document's text with one paragraph a
line, so segmenting, pairing and aligning are the same for every kind of input. Each kind
is read by a maintained library of its field: python-docx for Word, trafilatura (main
content without navigation, cookie banners and "related posts") for web pages, pdfminer.six
(text boxes from its layout analysis) for PDF. A document's "source text", which outputs
quote character for character, is the text these readers extract.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from os import PathLike
from pathlib import PurePath
from typing import Any

from aligner.errors import InputError
from aligner.registry import Registry
from aligner.text import decode, read_bytes

Path = str | PathLike[str]
Reader = Callable[[bytes, Path, "str | None"], str]


def read_document(path: Path, encoding: str | None = None) -> str:
    """The text of ``path`` (``-``: stdin, read as text), one paragraph a line."""
    reader = READERS.get(READERS.name_for(path))
    return reader(read_bytes(path), path, encoding)


def read_plain(data: bytes, path: Path, encoding: str | None = None) -> str:
    return decode(data, path, encoding)


# --- Word ---------------------------------------------------------------------------------

def read_docx(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Body paragraphs and table cells in document order; headings are paragraphs too."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(path, "is not a Word document (.docx)") from None
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return _text(lines, path)


# --- web pages ----------------------------------------------------------------------------

def read_html(data: bytes, path: Path, encoding: str | None = None) -> str:
    """The page's main content (trafilatura), without navigation and boilerplate."""
    import trafilatura

    page = decode(data, path, encoding)
    text = trafilatura.extract(page, include_comments=False, include_tables=True,
                               deduplicate=False, output_format="txt")
    if not text or not text.strip():
        raise InputError(path, "is a web page with no article text")
    return _text(text.split("\n"), path)


# --- PDF ----------------------------------------------------------------------------------

# A line that is only a page number ("12", "- 12 -", "Page 3", "3 / 10").
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s*)?\d+(?:\s*(?:/|of)\s*\d+)?\W*$", re.IGNORECASE)
# How a paragraph ends: a sentence end, maybe closed by a quote or bracket.
_ENDS_PARAGRAPH = re.compile(r"[。！？!?.…:：;；][”’」』\"')）]*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_CLOSING = re.compile(r"[，。、；：！？）」』”’》〉】,.;:!?)\]]")


def read_pdf(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Paragraphs rebuilt from the text boxes of each page: lines joined (a hyphen at a
    line end undone), page numbers and running headers and footers left out."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pages = [[_join_lines(paragraph)
                  for box in page if isinstance(box, LTTextContainer)
                  and not _in_margin(box.y0, box.y1, page.height, box.get_text())
                  for paragraph in _box_paragraphs(box)]
                 for page in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(path, "is an encrypted PDF: decrypt it first") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError):
        raise InputError(path, "is not a readable PDF") from None
    except Exception as exc:  # pdfminer raises many kinds on broken files
        if "encrypt" in type(exc).__name__.lower() or "password" in str(exc).lower():
            raise InputError(path, "is an encrypted PDF: decrypt it first") from None
        raise InputError(path, f"is not a readable PDF ({type(exc).__name__})") from None
    running = _running_lines(pages)
    lines: list[str] = []
    for page in pages:
        kept = [text for text in page
                if text and text not in running and not _PAGE_NUMBER.match(text)]
        if kept and lines and not _ENDS_PARAGRAPH.search(lines[-1]):
            # A paragraph that a page break cut: its end opens the next page.
            lines[-1] = _join_lines([lines[-1], kept.pop(0)])
        lines.extend(kept)
    if not any(line.strip() for line in lines):
        raise InputError(path, "is a PDF with no text layer (a scan?): run OCR on it first")
    return _text(lines, path)


def _box_paragraphs(box: Any) -> list[list[str]]:
    """The lines of a pdfminer text box, cut into paragraphs where a line ended short.

    Producers that put no space between paragraphs (LibreOffice's default body text) give
    one box for many paragraphs; a line is a paragraph's last when the next line's first
    word (a Chinese line's first character) would have fitted after it, so the break was
    not the wrap's. Measured with the characters' own widths.
    """
    lines = [line for line in box if hasattr(line, "get_text") and line.get_text().strip()]
    if len(lines) < 2:
        return [[_line_text(line) for line in lines]]
    right = max(_line_end(line) for line in lines)
    paragraphs: list[list[str]] = [[]]
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        paragraphs[-1].append(_line_text(line))
        if following is not None and _ends_short(line, following, right):
            paragraphs.append([])
    return paragraphs


def _line_text(line: Any) -> str:
    """A line's text without the spaces pdfminer guessed from a gap next to a Chinese
    character: LibreOffice and Word set Chinese apart from Latin letters and digits by a
    gap (``10 月``) that is no character of the text. A space the PDF really has is a
    character with a box and stays."""
    items = [item for item in line if hasattr(item, "get_text")]
    out = []
    for k, item in enumerate(items):
        value = item.get_text()
        if value == " " and not hasattr(item, "x0"):  # a space pdfminer inferred
            before = items[k - 1].get_text() if k else ""
            after = items[k + 1].get_text() if k + 1 < len(items) else ""
            if (before and _HAN.match(before[-1])) or (after and _HAN.match(after[0])):
                continue
        out.append(value)
    return "".join(out)


def _line_end(line: Any) -> float:
    """Where a line's text ends: trailing spaces left out, and punctuation that hangs past
    the margin (Chinese typesetting) counted from where it starts."""
    chars = [c for c in line if hasattr(c, "x1") and not c.get_text().isspace()]
    if not chars:
        return float(line.x1)
    last = chars[-1]
    return float(last.x0 if _CLOSING.match(last.get_text()) else last.x1)


def _ends_short(line: Any, following: Any, right: float) -> bool:
    text = line.get_text().rstrip()
    if not text or text.endswith("-"):
        return False
    chars = [c for c in following if hasattr(c, "get_text") and hasattr(c, "width")]
    word: list[Any] = []
    for char in chars:
        value = char.get_text()
        if value.isspace():
            if word:
                break
            continue
        word.append(char)
        if _HAN.match(value) and not (len(chars) > len(word)
                                      and _CLOSING.match(chars[len(word)].get_text())):
            break
    if not word:
        return False
    space = max((c.width for c in line if hasattr(c, "width") and c.get_text() == " "),
                default=word[0].size * 0.25 if hasattr(word[0], "size") else 2.5)
    needed = sum(c.width for c in word) + (0 if _HAN.match(text[-1]) else space)
    return right - _line_end(line) > needed + 1.0


def _join_lines(lines: list[str]) -> str:
    """The lines of one text box as one paragraph: a word hyphenated at a line end is
    joined, Chinese lines join without a space, others with one."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[A-Za-z]-$", out) and line[:1].islower():
            out = out[:-1] + line
        elif _HAN.match(out[-1]) or _HAN.match(line[0]):
            out += line
        else:
            out += " " + line
    return out


# Page furniture: a short text box wholly within this share of the page's height from its top
# or bottom edge (a running header, a footer, a page number), also on a one-page document.
_MARGIN = 0.08
_FURNITURE_CHARS = 80


def _in_margin(y0: float, y1: float, height: float, text: str) -> bool:
    short = len(text.strip()) <= _FURNITURE_CHARS
    return short and height > 0 and (y0 >= height * (1 - _MARGIN) or y1 <= height * _MARGIN)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Texts that stand on most pages (running headers and footers), digits ignored."""
    if len(pages) < 2:
        return set()
    counts = Counter(key for page in pages for key in {re.sub(r"\d+", "#", t) for t in page})
    repeated = {key for key, count in counts.items() if count >= max(2, len(pages) * 0.6)}
    return {t for page in pages for t in page if re.sub(r"\d+", "#", t) in repeated}


def _text(lines: list[str], path: Path) -> str:
    text = "\n".join(line.strip() for line in lines if line and line.strip())
    if not text:
        raise InputError(path, "has no text")
    return text + "\n"


READERS: Registry[Reader] = Registry("document reader", default="text")
READERS.register("text", read_plain)
READERS.register("docx", read_docx, (".docx",))
READERS.register("html", read_html, (".html", ".htm", ".xhtml"))
READERS.register("pdf", read_pdf, (".pdf",))


def kind(path: Path) -> str:
    """Which reader reads ``path``: by its suffix, else plain text."""
    return READERS.name_for(PurePath(str(path)))
