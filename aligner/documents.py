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
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from os import PathLike
from pathlib import PurePath
from typing import IO, Any, NoReturn
from xml.parsers.expat import ExpatError, ParserCreate
from xml.parsers.expat import errors as expat_errors

from aligner.errors import InputError
from aligner.registry import Registry
from aligner.text import MAX_INPUT_BYTES, decode, read_bytes

Path = str | PathLike[str]
Reader = Callable[[bytes, Path, "str | None"], str]


def read_document(path: Path, encoding: str | None = None) -> str:
    """The text of ``path`` (``-``: stdin, read as text), one paragraph a line. A file
    larger than :func:`size_limit` is refused before it is read."""
    return READERS.get(kind(path))(read_bytes(path, size_limit(path)), path, encoding)


def read_plain(data: bytes, path: Path, encoding: str | None = None) -> str:
    return decode(data, path, encoding)


# --- Word ---------------------------------------------------------------------------------

# What a .docx may unpack to, checked on the zip directory's sizes before python-docx reads a
# byte. python-docx holds every part in memory and parses the XML ones whole into lxml trees:
# measured, a 100 MB word/document.xml costs 810 MB of memory and 1.9 s to load (and 1.7 GB
# and 4 minutes to read its 64 MB of text), and the 8 MB zip bomb whose document.xml unpacks
# to 1.1 GB went past 3 GB. Word itself holds at most 32 MB of text in a document, and 512 MB
# in all with its pictures (Microsoft, "Operating parameter limitations and specifications in
# Word"); its XML spells text out in two to four times as many bytes (2.1 in the LibreOffice
# fixture, more with Word's run and revision marks). 128 MiB of XML is about what Word's
# text limit needs, and gives no more text than a plain text file may hold
# (:data:`~aligner.text.MAX_INPUT_BYTES`).
_DOCX_XML_BYTES = 128 << 20
_DOCX_BYTES = 512 << 20
# A Word file has tens of parts, a few hundred with many pictures; zipfile makes an object
# for each entry of the directory before anything can be checked, so a file of millions of
# empty entries is refused on a count of their signatures first.
_DOCX_PARTS = 20_000
_XML_PART = (".xml", ".rels")


def read_docx(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Body paragraphs and table cells in document order; headings are paragraphs too."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    _check_docx(data, path)
    lines: list[str] = []
    try:
        document = Document(io.BytesIO(data))
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(element, document).text)
            elif tag == "tbl":
                for row in Table(element, document).rows:
                    for cell in row.cells:
                        lines.extend(p.text for p in cell.paragraphs)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(path, "is not a Word document (.docx)") from None
    except XMLSyntaxError as exc:
        reason = str(exc.msg).split(", line ")[0].strip() if exc.msg else "malformed"
        raise InputError(path, f"is a Word document with malformed XML (line {exc.lineno}: "
                               f"{reason})") from None
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds on parts it cannot use
        raise InputError(path, f"is not a readable Word document ({type(exc).__name__})") \
            from None
    return _text(lines, path)


def _check_docx(data: bytes, path: Path) -> None:
    """Refuse a .docx that is no zip, would unpack past the caps above, or whose XML
    declares a DTD, before python-docx unpacks or parses anything.

    The sizes are the zip directory's, and they bind: zipfile reads no more of a part than
    its recorded size and then checks the CRC, so a part that lies about its size fails
    (BadZipFile) instead of unpacking further. A DTD is what entity bombs (billion laughs)
    and file inclusions need, and OPC (ECMA-376 Part 2, M1.18) has readers treat one as an
    error, so it is refused unexpanded: expat stops at the DOCTYPE, before its declarations
    (the encodings OPC allows, UTF-8 and UTF-16 (M1.17), are expat's own).
    """
    if data.count(b"PK\x01\x02") > _DOCX_PARTS:
        raise InputError(path, f"is a zip of more than {_DOCX_PARTS:,} parts, not a Word "
                               "document (.docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(path, "is not a Word document (.docx)") from None
    with archive:
        parts = archive.infolist()
        xml = [info for info in parts if info.filename.lower().endswith(_XML_PART)]
        for total, cap, what in ((sum(i.file_size for i in xml), _DOCX_XML_BYTES, "XML"),
                                 (sum(i.file_size for i in parts), _DOCX_BYTES, "parts")):
            if total > cap:
                raise InputError(path, f"is a Word document whose {what} would unpack to "
                                       f"{total / (1 << 20):,.0f} MB, more than the "
                                       f"{cap >> 20} MB aligner unpacks (a zip bomb?)")
        for info in xml:
            try:
                with archive.open(info) as part:
                    declared = _declares_dtd(part)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error):
                raise InputError(path, f"is not a Word document (.docx): {info.filename} "
                                       "cannot be unpacked") from None
            except ExpatError as exc:
                raise InputError(path, f"is a Word document with malformed XML in "
                                       f"{info.filename} (line {exc.lineno}: "
                                       f"{expat_errors.messages[exc.code]})") from None
            if declared:
                raise InputError(path, f"is a Word document whose {info.filename} declares "
                                       "a DTD (XML entities), which aligner refuses: that is "
                                       "how XML bombs and file inclusions work")


class _RootReached(Exception):
    """Raised by expat's handler at the first element: the prolog, where a DTD stands, is
    over."""


class _DoctypeFound(Exception):
    """Raised by expat's handler at a DOCTYPE, before its declarations are read."""


def _declares_dtd(part: IO[bytes]) -> bool:
    """Whether the XML in ``part`` has a DOCTYPE; reads no further than its first element."""
    parser = ParserCreate()

    def doctype(*_: object) -> None:
        raise _DoctypeFound

    def root(*_: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        while chunk := part.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _DoctypeFound:
        return True
    except _RootReached:
        return False
    return False


# --- web pages ----------------------------------------------------------------------------

# trafilatura parses the whole page into an lxml tree first: measured, a page of 200,000
# links (800,000 tags, 8.6 MB) costs 2.4 s and 360 MB, and one of 1.3 million links (50 MB)
# went past 3 GB. Pages are refused before parsing past 20 MiB (trafilatura's own cap on a
# download, MAX_FILE_SIZE, is 20 MB), or past a million tags (counted as "<"s, an upper
# bound: about 3 s and 450 MB); a long news or encyclopedia page is 1-3 MB and tens of
# thousands of tags.
_HTML_BYTES = 20 << 20
_HTML_TAGS = 1_000_000


def read_html(data: bytes, path: Path, encoding: str | None = None) -> str:
    """The page's main content (trafilatura), without navigation and boilerplate."""
    if len(data) > _HTML_BYTES:
        raise InputError(path, f"is a web page of {len(data) / (1 << 20):,.0f} MB, more "
                               f"than the {_HTML_BYTES >> 20} MB aligner reads from a page")
    page = decode(data, path, encoding)
    tags = page.count("<")
    if tags > _HTML_TAGS:
        raise InputError(path, f"is a web page of about {tags:,} tags, more than the "
                               f"{_HTML_TAGS:,} aligner reads from a page")
    import trafilatura

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
    from pdfminer.layout import LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pages = [[_join_lines(paragraph)
                  for box in page if isinstance(box, LTTextContainer)
                  and not _in_margin(box.y0, box.y1, page.height, box.get_text())
                  for paragraph in _box_paragraphs(box)]
                 for page in _pdf_pages(data, path)]
    except InputError:
        raise
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


# What pdfminer may be given to do, per page and per document, counted as it works and
# refused when passed. Measured (pdfminer.six 20260107, one core): its content-stream reader
# takes 12.4 s for 4 MiB of the cheapest operators ("q Q"), about 3 s a MiB; its layout
# analysis is worse than quadratic in a page's glyphs when they are piled up (30,000 on one
# spot: 2 s; 47,000: 8.6 s; 180,000: 160 s; the 56 KB file whose one page unpacks to 16 MB
# of text ran over 60 s at 2 GB). A dense page of real text is 3,000-10,000 glyphs (a
# broadsheet newspaper page about 20,000) and 20-200 KB of content; a page of detailed charts
# up to a few MB. A page within these caps costs at most a few seconds (lines and curves are
# counted, not laid out), and a page past one is refused the moment it passes, before its
# layout analysis.
_PDF_PAGE_CONTENT = 2 << 20  # decoded content a page runs, its forms counted each time drawn
_PDF_PAGE_GLYPHS = 30_000
_PDF_PAGE_GRAPHICS = 100_000  # paths, images and forms drawn on one page
# A 1,000-page dense book is 10 million glyphs and about 100 MB of content.
_PDF_GLYPHS = 20_000_000
_PDF_CONTENT = 256 << 20


class _PdfBudget:
    """The work a PDF has done so far; passing a cap raises InputError naming the page."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.page = 0
        self.glyphs = self.graphics = self.content = 0
        self.all_glyphs = self.all_content = 0

    def new_page(self) -> None:
        self.page += 1
        self.glyphs = self.graphics = self.content = 0

    def add_content(self, size: int) -> None:
        self.content += size
        self.all_content += size
        self._check(self.content, _PDF_PAGE_CONTENT, f"{_PDF_PAGE_CONTENT >> 20} MiB of content")
        if self.all_content > _PDF_CONTENT:
            self._refuse(f"more than {_PDF_CONTENT >> 20} MiB of page content in all")

    def add_glyph(self) -> None:
        self.glyphs += 1
        self.all_glyphs += 1
        self._check(self.glyphs, _PDF_PAGE_GLYPHS, f"{_PDF_PAGE_GLYPHS:,} characters")
        if self.all_glyphs > _PDF_GLYPHS:
            self._refuse(f"more than {_PDF_GLYPHS:,} characters in all")

    def add_graphic(self) -> None:
        self.graphics += 1
        self._check(self.graphics, _PDF_PAGE_GRAPHICS,
                    f"{_PDF_PAGE_GRAPHICS:,} drawings (paths, images, forms)")

    def _check(self, value: int, cap: int, what: str) -> None:
        if value > cap:
            self._refuse(f"page {self.page} has more than {what}, the most aligner reads "
                         "from one page")

    def _refuse(self, problem: str) -> NoReturn:
        raise InputError(self.path, f"is a PDF that is too costly to read: {problem}")


def _pdf_pages(data: bytes, path: Path) -> Iterator[Any]:
    """pdfminer's layout of each page (as ``extract_pages``), under a :class:`_PdfBudget`."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    aggregator, interpreter = _guarded_pdfminer()
    resources = PDFResourceManager(caching=True)
    device = aggregator(resources, laparams=LAParams())
    device.budget = _PdfBudget(path)
    reader = interpreter(resources, device)
    for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
        reader.process_page(page)
        yield device.get_result()


@cache
def _guarded_pdfminer() -> tuple[type, type]:
    """pdfminer's page aggregator and interpreter, counting their work on ``device.budget``:
    the interpreter sizes each content stream (a page's and each form's, every time it is
    drawn) before it runs it, the aggregator counts each glyph and drawing as it comes."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import list_value, stream_value
    from pdfminer.utils import MATRIX_IDENTITY

    class Aggregator(PDFPageAggregator):
        budget: _PdfBudget

        def begin_page(self, page: Any, ctm: Any) -> None:
            self.budget.new_page()
            super().begin_page(page, ctm)

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.budget.add_glyph()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            # Counted, not kept: lines and curves play no part in grouping text, and making
            # their layout objects costs more than all else on a page of charts.
            self.budget.add_graphic()

        def render_image(self, *args: Any, **kwargs: Any) -> None:
            self.budget.add_graphic()
            super().render_image(*args, **kwargs)

        def begin_figure(self, *args: Any, **kwargs: Any) -> None:
            self.budget.add_graphic()
            super().begin_figure(*args, **kwargs)

    class Interpreter(PDFPageInterpreter):
        def render_contents(self, resources: Any, streams: Any,
                            ctm: Any = MATRIX_IDENTITY) -> None:
            budget: _PdfBudget = self.device.budget  # type: ignore[attr-defined]
            for stream in list_value(streams):
                room = _PDF_PAGE_CONTENT - budget.content
                budget.add_content(_decoded_size(stream_value(stream), room))
            super().render_contents(resources, streams, ctm)

    return Aggregator, Interpreter


def _decoded_size(stream: Any, cap: int) -> int:
    """The decoded length of a pdfminer stream, counted only up to ``cap + 1`` where it is
    deflated last (what every current producer writes, ASCII85 or hex before it or not): a
    small stream that inflates to gigabytes is never inflated. Other filters (old LZW,
    run-length) are decoded by pdfminer first, their size measured after."""
    from pdfminer.pdftypes import (
        LITERALS_ASCII85_DECODE,
        LITERALS_ASCIIHEX_DECODE,
        LITERALS_FLATE_DECODE,
        ascii85decode,
        asciihexdecode,
    )

    if stream.data is not None or stream.rawdata is None:
        return len(stream.get_data())
    data = stream.rawdata
    if stream.decipher:  # an encrypted PDF (with an empty user password)
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = [name for name, _ in stream.get_filters()]
    for number, name in enumerate(filters, 1):
        if name in LITERALS_FLATE_DECODE and number == len(filters):
            return _inflated_size(data, max(cap, 0))
        if name in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:
            return len(stream.get_data())
    return len(data)


def _inflated_size(data: bytes, cap: int) -> int:
    """How many bytes zlib inflates ``data`` to, counted up to ``cap + 1``; never holds more.
    A damaged stream counts what inflates before the damage, as pdfminer reads it."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for start in range(0, len(data), 1 << 12):
            tail = data[start:start + (1 << 12)]
            while tail and size <= cap and not inflater.eof:
                size += len(inflater.decompress(tail, cap + 1 - size))
                tail = inflater.unconsumed_tail
            if size > cap or inflater.eof:
                break
    except zlib.error:
        pass
    return size


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

# The largest file of each kind read; text (and aligned files) up to MAX_INPUT_BYTES. Word
# and PDF files are large for their pictures, not their text: Word's own maximum, 512 MB.
_FILE_BYTES = {"docx": _DOCX_BYTES, "pdf": _DOCX_BYTES, "html": _HTML_BYTES}


def kind(path: Path) -> str:
    """Which reader reads ``path``: by its suffix, else plain text."""
    return READERS.name_for(PurePath(str(path)))


def size_limit(path: Path) -> int:
    """The most bytes aligner reads from ``path``, by its kind (see :data:`_FILE_BYTES`)."""
    return _FILE_BYTES.get(kind(path), MAX_INPUT_BYTES)
