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
from contextvars import ContextVar
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
DOCX_XML_BYTES = 128 << 20
DOCX_BYTES = 512 << 20
# A Word file has tens of parts, a few hundred with many pictures; zipfile makes an object
# for each entry of the directory before anything can be checked, so a file of millions of
# empty entries is refused on a count of their signatures first.
DOCX_PARTS = 20_000
_CONTENT_TYPES = "[Content_Types].xml"


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
    (the encodings OPC allows, UTF-8 and UTF-16 (M1.17), are expat's own). The XML parts are
    those python-docx may parse, found as it finds them, whatever their names: the content
    types file, every relationships part, and every part whose content type (its own, or its
    extension's) is XML.
    """
    if data.count(b"PK\x01\x02") > DOCX_PARTS:
        raise InputError(path, f"is a zip of more than {DOCX_PARTS:,} parts, not a Word "
                               "document (.docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(path, "is not a Word document (.docx)") from None
    with archive:
        parts = archive.infolist()
        _check_unpacked(path, "parts", sum(i.file_size for i in parts), DOCX_BYTES)
        types = next((info for info in parts if info.filename == _CONTENT_TYPES), None)
        if types is None:
            raise InputError(path, f"is not a Word document (.docx): it has no {_CONTENT_TYPES}")
        _check_unpacked(path, "XML", types.file_size, DOCX_XML_BYTES)
        _check_xml_part(archive, types, path)
        xml = [types, *(info for info in parts if info is not types
                        and _is_xml_part(info.filename, *_content_types(archive, types, path)))]
        _check_unpacked(path, "XML", sum(i.file_size for i in xml), DOCX_XML_BYTES)
        for info in xml[1:]:
            _check_xml_part(archive, info, path)


def _check_unpacked(path: Path, what: str, total: int, cap: int) -> None:
    if total > cap:
        raise InputError(path, f"is a Word document whose {what} would unpack to "
                               f"{total / (1 << 20):,.0f} MiB, more than the {cap >> 20} MiB "
                               "aligner unpacks (a zip bomb?)")


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Refuse ``info`` if it cannot be unpacked, is not XML or declares a DTD."""
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


def _content_types(archive: zipfile.ZipFile, types: zipfile.ZipInfo,
                   path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The content types of ``[Content_Types].xml`` (checked already: no DTD, within the
    cap): by extension (``Default``) and by part name (``Override``), both lowercase as
    python-docx matches them."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}

    def element(name: str, attributes: dict[str, str]) -> None:
        kind = name.rsplit(":", 1)[-1]
        content_type = attributes.get("ContentType", "").lower()
        if kind == "Default" and "Extension" in attributes:
            defaults[attributes["Extension"].lower()] = content_type
        elif kind == "Override" and "PartName" in attributes:
            overrides[attributes["PartName"].lower().lstrip("/")] = content_type

    parser = ParserCreate()
    parser.StartElementHandler = element
    try:
        with archive.open(types) as part:
            parser.ParseFile(part)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error):
        raise InputError(path, f"is not a Word document (.docx): {_CONTENT_TYPES} cannot "
                               "be unpacked") from None
    except ExpatError as exc:
        raise InputError(path, f"is a Word document with malformed XML in {_CONTENT_TYPES} "
                               f"(line {exc.lineno}: {expat_errors.messages[exc.code]})") \
            from None
    return defaults, overrides


def _is_xml_part(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> bool:
    """Whether python-docx may parse the part ``name`` as XML: a relationships part, or one
    of an XML content type (``application/xml``, ``…+xml``)."""
    lower = name.lower()
    if lower.endswith(".rels"):
        return True
    content_type = overrides.get(lower)
    if content_type is None:
        content_type = defaults.get(PurePath(lower).suffix.lstrip("."), "")
    return content_type.endswith("xml")


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
        raise InputError(path, f"is a web page of {len(data) / (1 << 20):,.0f} MiB, more "
                               f"than the {_HTML_BYTES >> 20} MiB aligner reads from a page")
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

    budget = _PdfBudget(path)
    token = _BUDGET.set(budget)
    try:
        pages = [[_join_lines(paragraph)
                  for box in page if isinstance(box, LTTextContainer)
                  and not _in_margin(box.y0, box.y1, page.height, box.get_text())
                  for paragraph in _box_paragraphs(box)]
                 for page in _pdf_pages(data, budget)]
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
    finally:
        _BUDGET.reset(token)
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
# refused when passed. Measured (pdfminer.six 20260107, CPU seconds on one core of the
# development machine): its parsers take 3.0 s a MiB of the cheapest content operators
# ("q Q"), 2.3 s of "re f" rectangles, 1.7 s of bare numbers, and 2.0 s a MiB of a
# character map (CMapParser) or object stream (PDFStreamParser) of such tokens; real text
# PDFs cost 4-6 s a MiB of page content with their layout analysis (four bytes of content a
# character: a 36-page manual, 280 KB of content, 1.1 s). Layout analysis is worse than
# quadratic in a page's glyphs when they are piled up (30,000 on one spot: 2 s; 47,000:
# 8.6 s; 180,000: 160 s; the 56 KB file whose one page unpacks to 16 MB of text ran over
# 60 s at 2 GB). A dense page of real text is 3,000-10,000 glyphs (a broadsheet newspaper
# page about 20,000) and 5-200 KB of content; a page of detailed charts up to about a MiB.
# So a page costs at most about 3 s of CPU (lines and curves are counted, not laid out),
# and a whole document at most a minute or so: 16 MiB of content is 800-2,000 pages of text
# (65-90 s); a 3 KB file of 16 pages that each draw the same MiB of "q Q" took 41 s. A page
# or document past a cap is refused the moment it passes, before the work: every page's own
# content is sized before the first page runs (so a small file whose pages share one large
# stream is refused at once), a form each time it is drawn.
_PDF_PAGE_CONTENT = 1 << 20  # decoded content a page runs, its forms counted each time drawn
_PDF_PAGE_GLYPHS = 30_000
_PDF_PAGE_GRAPHICS = 100_000  # paths, images and forms drawn on one page
# What the whole document may make pdfminer parse: its pages' content (each time it is
# drawn, a stream that pages share once for each), fonts' character maps, object streams.
_PDF_CONTENT = 16 << 20
_PDF_GLYPHS = 4_000_000  # about 2,000 pages of text; layout about 15 µs a glyph
# What every stream of the document may unpack to in all, each counted once when pdfminer
# decodes it (page content, fonts and their character maps, object and cross-reference
# streams; pictures are never decoded): it is held in memory. Text PDFs unpack to a few MiB;
# an embedded CJK font whole (not subset) is 10-20 MiB. Deflate, LZW and run-length data
# are unpacked no further than the room left, wherever they stand in a stream's filters.
_PDF_DECODED = 64 << 20

# The budget of the PDF being read, in this thread (None: pdfminer as it is).
_BUDGET: ContextVar[_PdfBudget | None] = ContextVar("aligner_pdf_budget", default=None)


class _PdfBudget:
    """The work a PDF has done so far; passing a cap raises InputError naming the page."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.page = 0
        self.glyphs = self.graphics = self.content = 0
        self.all_glyphs = self.parsed = self.decoded = 0

    def new_page(self) -> None:
        self.page += 1
        self.glyphs = self.graphics = self.content = 0

    def check_pages(self, sizes: list[int]) -> None:
        """Before any page runs: each page's own content (``sizes``), and all of it."""
        for page, size in enumerate(sizes, 1):
            if size > _PDF_PAGE_CONTENT:
                self._refuse(f"page {page} has more than {_PDF_PAGE_CONTENT >> 20} MiB of "
                             "content, the most aligner reads from one page")
        if self.parsed + sum(sizes) > _PDF_CONTENT:
            self._refuse_content()

    def add_content(self, size: int) -> None:
        """A content stream about to run on the current page."""
        self.content += size
        self._check(self.content, _PDF_PAGE_CONTENT, f"{_PDF_PAGE_CONTENT >> 20} MiB of content")
        self.add_parsed(size)

    def add_parsed(self, size: int) -> None:
        """Data about to be parsed: content, a character map, an object stream."""
        self.parsed += size
        if self.parsed > _PDF_CONTENT:
            self._refuse_content()

    def decode_room(self) -> int:
        return _PDF_DECODED - self.decoded

    def add_decoded(self, size: int) -> None:
        self.decoded += size
        if self.decoded > _PDF_DECODED:
            self._refuse(f"its streams unpack to more than {_PDF_DECODED >> 20} MiB "
                         "(a zip bomb?)")

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

    def _refuse_content(self) -> NoReturn:
        self._refuse(f"more than {_PDF_CONTENT >> 20} MiB of content to parse in all "
                     "(pages' content each time drawn, fonts' character maps, object streams)")

    def _refuse(self, problem: str) -> NoReturn:
        raise InputError(self.path, f"is a PDF that is too costly to read: {problem}")


def _pdf_pages(data: bytes, budget: _PdfBudget) -> Iterator[Any]:
    """pdfminer's layout of each page (as ``extract_pages``), counted on ``budget``, which
    must be the current :data:`_BUDGET`: every stream pdfminer decodes or parses, from
    opening the file on, counts on it."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import list_value, stream_value

    aggregator, interpreter = _guarded_pdfminer()
    document = PDFDocument(PDFParser(io.BytesIO(data)), caching=True)
    budget.check_pages([sum(len(stream_value(stream).get_data())
                            for stream in list_value(page.contents))
                        for page in PDFPage.create_pages(document)])
    resources = PDFResourceManager(caching=True)
    device = aggregator(resources, laparams=LAParams())
    device.budget = budget
    reader = interpreter(resources, device)
    for page in PDFPage.create_pages(document):
        reader.process_page(page)
        yield device.get_result()


@cache
def _guarded_pdfminer() -> tuple[type, type]:
    """pdfminer's page aggregator and interpreter, counting their work on ``device.budget``:
    the interpreter sizes each content stream (a page's and each form's, every time it is
    drawn) before it runs it, the aggregator counts each glyph and drawing as it comes.

    And, once for the process, pdfminer's one place that decodes a stream
    (``PDFStream.decode``) and its parsers' constructor, so that while a PDF is read under a
    budget (:data:`_BUDGET`; outside one pdfminer works as it is) every stream is unpacked
    within the room left (:func:`_decode_within`) and everything else parsed (character
    maps, object streams, Type 1 font headers) is sized before it is.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, list_value, stream_value
    from pdfminer.psparser import PSBaseParser
    from pdfminer.utils import MATRIX_IDENTITY

    decode, parser_init = PDFStream.decode, PSBaseParser.__init__

    def budgeted_decode(stream: PDFStream) -> None:
        budget = _BUDGET.get()
        if budget is None or not stream.get_filters():  # (unfiltered: the file's own bytes)
            return decode(stream)
        data = _decode_within(stream, budget.decode_room(), budget)
        budget.add_decoded(len(data))
        stream.data, stream.rawdata = data, None
        return None

    def budgeted_parser_init(parser: PSBaseParser, fp: Any) -> None:
        budget = _BUDGET.get()
        # The document's own parser reads the file (sized already); a content parser (no
        # file: it takes streams) is sized by the interpreter, each time it runs.
        if budget is not None and fp is not None and type(parser) is not PDFParser:
            budget.add_parsed(fp.seek(0, io.SEEK_END))  # (the parser starts at 0)
        parser_init(parser, fp)

    PDFStream.decode = budgeted_decode  # type: ignore[method-assign]
    PSBaseParser.__init__ = budgeted_parser_init  # type: ignore[method-assign]

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
                budget.add_content(len(stream_value(stream).get_data()))
            super().render_contents(resources, streams, ctm)

    return Aggregator, Interpreter


def _decode_within(stream: Any, room: int, budget: _PdfBudget) -> bytes:
    """What pdfminer's ``PDFStream.decode`` makes of ``stream``, its filters and predictors
    applied in order, with no step holding more than ``room`` bytes: deflate, LZW and
    run-length data (the filters that make much out of little) are unpacked no further, and
    past it the budget refuses the document. Pictures' own codings (CCITT fax, JPEG, JBIG2,
    JPEG 2000) are left as they are: text is never in them, and pdfminer decodes no other
    picture data either (a CCITT stream can grow a megabyte a byte)."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdfexceptions import PDFNotImplementedError
    from pdfminer.pdftypes import (
        LITERAL_CRYPT,
        LITERALS_ASCII85_DECODE,
        LITERALS_ASCIIHEX_DECODE,
        LITERALS_CCITTFAX_DECODE,
        LITERALS_DCT_DECODE,
        LITERALS_FLATE_DECODE,
        LITERALS_JBIG2_DECODE,
        LITERALS_JPX_DECODE,
        LITERALS_LZW_DECODE,
        LITERALS_RUNLENGTH_DECODE,
    )
    from pdfminer.pdftypes import int_value as number
    from pdfminer.utils import apply_png_predictor, apply_tiff_predictor

    data = stream.rawdata
    if stream.decipher:  # an encrypted PDF (with an empty user password)
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for name, params in stream.get_filters():
        if name in LITERALS_FLATE_DECODE:
            data = _inflate(data, room)
        elif name in LITERALS_LZW_DECODE:
            data = _unlzw(data, room)
        elif name in LITERALS_RUNLENGTH_DECODE:
            data = _unrun(data, room)
        elif name in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif name == LITERAL_CRYPT:
            raise PDFNotImplementedError("/Crypt filter is unsupported")
        elif not any(name in kind for kind in (LITERALS_CCITTFAX_DECODE, LITERALS_DCT_DECODE,
                                                LITERALS_JBIG2_DECODE, LITERALS_JPX_DECODE)):
            raise PDFNotImplementedError(f"Unsupported filter: {name!r}")
        if len(data) > room:
            budget.add_decoded(len(data))  # past the room: refuses
        if params and "Predictor" in params:  # (these never make data longer)
            predictor = number(params["Predictor"])
            shape = (number(params.get("Colors", 1)), number(params.get("Columns", 1)),
                     number(params.get("BitsPerComponent", 8)))
            if predictor == 2:
                data = apply_tiff_predictor(*shape, data)
            elif predictor >= 10:
                data = apply_png_predictor(predictor, *shape, data)
            elif predictor != 1:
                raise PDFNotImplementedError(f"Unsupported predictor: {predictor!r}")
    return data


def _inflate(data: bytes, room: int) -> bytes:
    """``data`` inflated, at most ``room + 1`` bytes of it. A damaged stream gives what
    inflates before the damage (pdfminer: all but a bad checksum, else nothing)."""
    room = max(room, 0)
    inflater = zlib.decompressobj()
    try:
        return inflater.decompress(data, room + 1)
    except zlib.error:
        pass
    inflater, out = zlib.decompressobj(), bytearray()
    try:
        for start in range(0, len(data), 1 << 12):
            tail = data[start:start + (1 << 12)]
            while tail and len(out) <= room and not inflater.eof:
                out += inflater.decompress(tail, room + 1 - len(out))
                tail = inflater.unconsumed_tail
            if len(out) > room or inflater.eof:
                break
    except zlib.error:
        pass
    return bytes(out)


def _unlzw(data: bytes, room: int) -> bytes:
    """``data`` LZW-decoded (pdfminer's decoder), at most ``room + 1`` bytes of it: a code
    can stand for thousands of bytes."""
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        if len(out) > room:
            break
    return bytes(out)


def _unrun(data: bytes, room: int) -> bytes:
    """``data`` run-length decoded (PDF 1.7, 7.4.5), at most ``room + 1`` bytes of it: two
    bytes can stand for 128."""
    out, at = bytearray(), 0
    while at < len(data) and len(out) <= room:
        length = data[at]
        if length == 128:
            break
        if length < 128:
            out += data[at + 1:at + length + 2]
            at += length + 2
        else:
            out += data[at + 1:at + 2] * (257 - length)
            at += 2
    return bytes(out)


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
# and PDF files are large for their pictures, not their text: Word's own maximum, 512 MB
# (read as 512 MiB).
_FILE_BYTES = {"docx": DOCX_BYTES, "pdf": DOCX_BYTES, "html": _HTML_BYTES}


def kind(path: Path) -> str:
    """Which reader reads ``path``: by its suffix, else plain text."""
    return READERS.name_for(PurePath(str(path)))


def size_limit(path: Path) -> int:
    """The most bytes aligner reads from ``path``, by its kind (see :data:`_FILE_BYTES`)."""
    return _FILE_BYTES.get(kind(path), MAX_INPUT_BYTES)
