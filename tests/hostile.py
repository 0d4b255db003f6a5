"""Hostile inputs, built at run time (small on disk), for the tests and
benchmarks/refusal_speed.py: an XML entity bomb, PDF files of any objects, LZW and run-length
data that unpack to far more than they hold."""

from __future__ import annotations

import zlib

# Each entity is twenty of the one before: &f; is 20^5 × 63 characters, about 200 MB. The
# comment before the DTD once fooled a guard that looked for the root element's name.
_BILLION_LAUGHS = """<?xml version="1.0"?>
<!-- <{root}> a comment that fooled the old guard -->
<!DOCTYPE {root} [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
{body}
"""
TMX_BODY = ('<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>&f;</seg></tuv>'
            '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
TBX_BODY = ('<tbx type="TBX-Basic"><text><body><conceptEntry id="c1">'
            '<langSec xml:lang="zh"><termSec><term>&f;</term></termSec></langSec>'
            '<langSec xml:lang="en"><termSec><term>x</term></termSec></langSec>'
            '</conceptEntry></body></text></tbx>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_BODY = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&f;</w:t></w:r></w:p>'
             '</w:body></w:document>')


def billion_laughs(root: str, body: str) -> str:
    """An XML file whose root ``root`` holds ``body``, where ``&f;`` stands for 200 MB."""
    return _BILLION_LAUGHS.format(root=root, body=body)


# --- PDF ----------------------------------------------------------------------------------

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object's body: ``extra`` dictionary entries (``/Filter …``) and ``data``."""
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf(objects: list[bytes], pages: list[int]) -> bytes:
    """A PDF of ``objects`` (numbered from 3: 1 is the catalog, 2 the page tree) whose pages
    are the objects numbered ``pages``; each page's dictionary is the caller's."""
    kids = b" ".join(b"%d 0 R" % number for number in pages)
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>",
              b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)), *objects]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1, xref)
    return bytes(out)


def page(contents: bytes, font: int | None = None) -> bytes:
    """A page dictionary drawing ``contents`` (``3 0 R``, ``[3 0 R 4 0 R]``), with the font
    object ``font`` as /F1."""
    resources = b" /Resources << /Font << /F1 %d 0 R >> >>" % font if font else b""
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %s%s >>"
            % (contents, resources))


def one_page_pdf(content: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    """A one-page PDF whose page runs ``content`` (coded by ``filters``, deflated by
    default), with Helvetica as /F1."""
    return pdf([pdf_stream(encode(content, filters), b"/Filter %s" % filters),
                page(b"3 0 R", font=5), HELVETICA], [4])


def encode(data: bytes, filters: bytes) -> bytes:
    """``data`` coded so that ``filters`` (a name or an array of FlateDecode,
    ASCIIHexDecode, RunLengthDecode) decode it."""
    names = filters.strip(b"[]").split()
    for name in reversed(names):
        if name == b"/FlateDecode":
            data = zlib.compress(data, 9)
        elif name == b"/ASCIIHexDecode":
            data = data.hex().encode() + b">"
        elif name == b"/RunLengthDecode":
            data = b"".join(bytes([len(chunk) - 1]) + chunk
                            for chunk in (data[i:i + 128] for i in range(0, len(data), 128)))
            data += b"\x80"
        else:
            raise ValueError(f"no encoder for {name!r}")
    return data


def deflated_bomb(unit: bytes, size: int) -> bytes:
    """``unit`` repeated to ``size`` bytes, deflated (about 1,000 to 1), without holding the
    whole."""
    block = unit * ((1 << 20) // len(unit))
    deflater = zlib.compressobj(9)
    parts = [deflater.compress(block) for _ in range(size // len(block))]
    parts.append(deflater.compress(unit * ((size % len(block)) // len(unit))))
    return b"".join([*parts, deflater.flush()])


def run_length_bomb(size: int) -> bytes:
    """Run-length data that decodes to ``size`` spaces: two bytes for every 128."""
    return b"\x81 " * (size // 128) + b"\x80"


def lzw_bomb(size: int) -> bytes:
    """LZW data (as PDF codes it: 9 to 12 bits, early change) that decodes to at least
    ``size`` spaces: each code stands for one byte more than the one before, about a
    thousand bytes out for each byte in."""
    codes: list[int] = []
    out = 0
    while out < size:
        codes.append(256)  # clear the table
        codes.append(0x20)
        out += 1
        for code in range(258, 4000):
            codes.append(code)
            out += code - 256
    bits, width, table = [], 9, 258
    fresh = True
    for code in codes:
        bits.append(format(code, f"0{width}b"))
        if code == 256:
            width, table, fresh = 9, 258, True
            continue
        if fresh:  # the first code after a clear adds nothing to the table
            fresh = False
            continue
        table += 1
        width = {511: 10, 1023: 11, 2047: 12}.get(table, width)
    stream = "".join(bits)
    stream += "0" * (-len(stream) % 8)
    return int(stream, 2).to_bytes(len(stream) // 8, "big")
