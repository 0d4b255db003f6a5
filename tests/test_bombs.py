"""Inputs built to take the machine down: each is refused by the real command line in
seconds and well under a gigabyte, with one line on stderr naming the file, exit 2 and no
traceback (issue 25). The bombs are made here, small on disk: zip and zlib make gigabytes
out of little, a sparse file is large without holding anything."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from aligner.documents import DOCX_XML_BYTES
from aligner.text import MAX_INPUT_BYTES
from tests import hostile
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4") or not hasattr(os, "mkfifo"),
                                reason="POSIX: measures memory by wait4, makes FIFOs")

SECONDS = 10  # the bar, process start and imports included
PEAK_MB = 1024

W = hostile.W
PARAGRAPH = b"<w:p><w:r><w:t>The two sides agreed to further specify the details.</w:t></w:r></w:p>"
UNCLOSED = (f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r>'
            "<w:t>双方同意。</w:r></w:p></w:body></w:document>").encode()


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


# Runs the command and writes its peak memory to argv[1]. The command is this launcher's
# child, not the test's: Linux starts a child's peak at its parent's size (the test process
# holds a hundred MB and more), this small launcher's is a few MB.
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "aligner", *sys.argv[2:]])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(*args: str, stdin: Path | None = None) -> Run:
    """``python -m aligner ARGS`` with its wall time and its own peak memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder, \
            open(stdin if stdin is not None else os.devnull, "rb") as source:
        peak = Path(folder) / "peak"
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(peak), *args],
                                   stdin=source, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, start_new_session=True)
        try:
            out, err = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:  # a hang fails the test, and leaves nothing behind
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
        seconds = time.perf_counter() - started
        scale = 1 << 20 if sys.platform == "darwin" else 1 << 10  # ru_maxrss: bytes / KiB
        peak_mb = int(peak.read_text()) / scale if peak.exists() else float("inf")
    return Run(process.returncode, out.decode(), err.decode(), seconds, peak_mb)


def refused(result: Run, path: Path | str, words: str) -> None:
    """Exit 2, one line naming ``path`` and saying ``words``, fast and small."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and words in lines[0], lines[0]
    assert result.seconds < SECONDS, f"{result.seconds:.1f} s"
    assert result.peak_mb < PEAK_MB, f"{result.peak_mb:.0f} MB"
    print(f"{Path(str(path)).name}: {result.seconds:.2f} s, {result.peak_mb:.0f} MB")


# --- Word ---------------------------------------------------------------------------------

def docx(path: Path, document_xml: bytes | None = None, *, paragraphs: int = 0,
         part: str = "word/document.xml") -> Path:
    """A Word file whose main part, named ``part`` (the content types and relationships
    say so), is ``document_xml``, or ``paragraphs`` of text written as a stream (a zip bomb:
    about 1,000 to 1 deflated)."""
    from tests.test_documents import make_docx

    base = make_docx(path.with_name("base.docx"), ["双方同意。", "Both sides agreed."])
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(b"word/document.xml", part.encode())
            if info.filename != "word/document.xml":
                zf.writestr(info, data)
            elif document_xml is not None:
                zf.writestr(part, document_xml)
            else:
                block = PARAGRAPH * ((1 << 20) // len(PARAGRAPH))
                with zf.open(part, "w", force_zip64=True) as stream:
                    stream.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
                    for _ in range(paragraphs // (len(block) // len(PARAGRAPH)) + 1):
                        stream.write(block)
                    stream.write(b"</w:body></w:document>")
    return path


def test_a_docx_zip_bomb_is_refused_unpacked(tmp_path: Path):
    # Just past the cap (the reported bomb was 1.1 GB); the file is under a megabyte.
    paragraphs = DOCX_XML_BYTES // len(PARAGRAPH) + 50_000
    bomb = docx(tmp_path / "bomb.docx", paragraphs=paragraphs)
    assert bomb.stat().st_size < 2 << 20
    refused(run("align", "-q", str(bomb)), bomb, "zip bomb")


def test_a_docx_zip_bomb_under_another_name_is_refused(tmp_path: Path):
    """python-docx finds the main part by the content types and relationships, not by its
    name: word/document.bin is parsed as XML all the same, so it is sized as XML."""
    paragraphs = DOCX_XML_BYTES // len(PARAGRAPH) + 50_000
    bomb = docx(tmp_path / "renamed.docx", paragraphs=paragraphs, part="word/document.bin")
    with zipfile.ZipFile(bomb) as archive:
        assert "word/document.xml" not in archive.namelist()
    refused(run("align", "-q", str(bomb)), bomb, "whose XML would unpack")
    laughs = docx(tmp_path / "laughs.docx", hostile.billion_laughs("w:document",
                                                                  hostile.DOCX_BODY).encode(),
                  part="word/document.bin")
    refused(run("align", "-q", str(laughs)), laughs, "document.bin declares a DTD")


def test_a_renamed_main_part_is_still_read(tmp_path: Path):
    from aligner.documents import read_document

    renamed = docx(tmp_path / "renamed.docx", f'<w:document xmlns:w="{W}"><w:body>'.encode()
                   + PARAGRAPH + b"</w:body></w:document>", part="word/main.part")
    assert read_document(renamed) == "The two sides agreed to further specify the details.\n"


def test_a_docx_part_that_lies_about_its_size_is_refused(tmp_path: Path):
    """The zip directory says 1 KB; the part inflates to 50 MB. zipfile stops at the size
    it was told and fails the CRC check: nothing past 1 KB is inflated."""
    liar = docx(tmp_path / "liar.docx", f'<w:document xmlns:w="{W}"><w:body>'.encode()
                + PARAGRAPH * 600_000 + b"</w:body></w:document>")
    data = bytearray(liar.read_bytes())
    name = b"word/document.xml"
    with zipfile.ZipFile(liar) as archive:
        local = archive.getinfo(name.decode()).header_offset
    entry = data.index(b"PK\x01\x02", data.rindex(b"PK\x03\x04"))  # the directory begins
    while data[entry + 46:entry + 46 + struct.unpack_from("<H", data, entry + 28)[0]] != name:
        entry = data.index(b"PK\x01\x02", entry + 46)
    struct.pack_into("<I", data, local + 22, 1024)  # the size in the part's own header
    struct.pack_into("<I", data, entry + 24, 1024)  # the size in the zip directory
    liar.write_bytes(bytes(data))
    refused(run("align", "-q", str(liar)), liar, "not a Word document")


def test_a_docx_entity_bomb_is_refused_unexpanded(tmp_path: Path):
    bomb = docx(tmp_path / "laughs.docx",
                hostile.billion_laughs("w:document", hostile.DOCX_BODY).encode())
    refused(run("align", "-q", str(bomb)), bomb, "declares a DTD")


def test_a_docx_with_malformed_xml_is_one_line(tmp_path: Path):
    broken = docx(tmp_path / "unclosed.docx", UNCLOSED)
    refused(run("align", "-q", str(broken)), broken, "malformed XML (line 1")


# --- PDF ----------------------------------------------------------------------------------

LINE = b"BT /F1 2 Tf 10 700 Td (" + b"The two sides agreed. " * 4 + b") Tj ET\n"


def pdf(path: Path, content: bytes, filters: bytes = b"/FlateDecode") -> Path:
    path.write_bytes(hostile.one_page_pdf(content, filters))
    return path


def test_a_pdf_whose_page_unpacks_to_16_mb_is_refused(tmp_path: Path):
    bomb = pdf(tmp_path / "stream.pdf", LINE * (16_000_000 // len(LINE)))
    assert bomb.stat().st_size < 100_000
    refused(run("align", "-q", str(bomb)), bomb, "MiB of content")


def test_a_pdf_page_of_piled_up_glyphs_is_refused(tmp_path: Path):
    """Under the content cap, but 40,000 glyphs on one spot: pdfminer's layout analysis
    would take seconds to minutes; the glyphs are counted as they come."""
    bomb = pdf(tmp_path / "piled.pdf", LINE * (40_000 // 88 + 1))
    refused(run("align", "-q", str(bomb)), bomb, "characters")


@pytest.mark.parametrize("filters", [b"/FlateDecode", b"[/FlateDecode /ASCIIHexDecode]",
                                     b"[/ASCIIHexDecode /FlateDecode]"])
def test_a_deflate_bomb_is_refused_wherever_it_stands_among_the_filters(tmp_path: Path,
                                                                         filters: bytes):
    """Inflated no further than the room left, whatever follows it (the hex is 200 MiB)."""
    unit = b"q Q\n".hex().encode() if filters.startswith(b"[/FlateDecode /ASCII") else b"q Q\n"
    stream = hostile.deflated_bomb(unit, 200 << 20)
    if filters.startswith(b"[/ASCIIHex"):
        stream = stream.hex().encode() + b">"
    bomb = tmp_path / "filters.pdf"
    bomb.write_bytes(hostile.pdf([hostile.pdf_stream(stream, b"/Filter " + filters),
                                  hostile.page(b"3 0 R")], [4]))
    assert bomb.stat().st_size < 2 << 20
    refused(run("align", "-q", str(bomb)), bomb, "unpack to more than")


@pytest.mark.parametrize("kind", ["lzw", "run-length"])
def test_lzw_and_run_length_bombs_are_refused(tmp_path: Path, kind: str):
    if kind == "lzw":
        stream, filters = hostile.lzw_bomb(200 << 20), b"/LZWDecode"
    else:  # run-length pairs, themselves deflated
        stream = hostile.encode(hostile.run_length_bomb(200 << 20), b"/FlateDecode")
        filters = b"[/FlateDecode /RunLengthDecode]"
    bomb = tmp_path / f"{kind}.pdf"
    bomb.write_bytes(hostile.pdf([hostile.pdf_stream(stream, b"/Filter " + filters),
                                  hostile.page(b"3 0 R")], [4]))
    assert bomb.stat().st_size < 1 << 20
    refused(run("align", "-q", str(bomb)), bomb, "unpack to more than")


def font_with_a_character_map(tmp_path: Path, size: int, name: str) -> Path:
    """A one-page PDF of one line whose font's /ToUnicode character map (no page content)
    unpacks to ``size`` bytes of spaces."""
    content = b"BT /F1 12 Tf 10 700 Td (The two sides agreed.) Tj ET\n"
    path = tmp_path / name
    path.write_bytes(hostile.pdf([
        hostile.pdf_stream(content), hostile.page(b"3 0 R", font=5),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        hostile.pdf_stream(hostile.deflated_bomb(b" ", size), b"/Filter /FlateDecode")],
        [4]))
    return path


def test_a_deflate_bomb_in_a_font_is_refused(tmp_path: Path):
    """Streams that are no page content (a font's character map) unpack within the same
    room: 400 MiB of spaces, never inflated."""
    bomb = font_with_a_character_map(tmp_path, 400 << 20, "tounicode.pdf")
    assert bomb.stat().st_size < 1 << 20
    refused(run("align", "-q", str(bomb)), bomb, "unpack to more than")


def test_a_character_map_past_the_parsing_cap_is_refused_unparsed(tmp_path: Path):
    """Within the room to unpack, but more to parse than a document may make pdfminer
    parse: sized before its parser starts."""
    bomb = font_with_a_character_map(tmp_path, 40 << 20, "cmap.pdf")
    refused(run("align", "-q", str(bomb)), bomb, "MiB of content to parse in all")


def test_pages_sharing_one_stream_are_refused_before_the_first_runs(tmp_path: Path):
    """40 pages drawing one 0.9 MiB stream: each page is under its cap, the document
    parses 36 MiB; the 3 KB file is refused before a page runs."""
    shared = hostile.pdf_stream(hostile.deflated_bomb(b"q Q\n", 900 << 10),
                                b"/Filter /FlateDecode")
    pages = [hostile.page(b"3 0 R") for _ in range(40)]
    bomb = tmp_path / "shared.pdf"
    bomb.write_bytes(hostile.pdf([shared, *pages], list(range(4, 44))))
    assert bomb.stat().st_size < 8_000
    refused(run("align", "-q", str(bomb)), bomb, "MiB of content to parse in all")


# --- web pages ----------------------------------------------------------------------------

def test_a_web_page_of_a_million_links_is_refused(tmp_path: Path):
    page = tmp_path / "links.html"
    links = b'<li><a href="/p">x</a></li>' * 300_000  # 1.2 million tags, 8 MB
    page.write_bytes(b"<html><body><nav><ul>" + links + b"</ul></nav>"
                     b"<article><p>\xe5\x8f\x8c\xe6\x96\xb9\xe5\x90\x8c\xe6\x84\x8f\xe3\x80\x82"
                     b"</p></article></body></html>")
    refused(run("align", "-q", str(page)), page, "tags")


def test_a_50_mb_web_page_is_refused_unread(tmp_path: Path):
    page = tmp_path / "huge.html"
    with page.open("wb") as handle:
        handle.write(b"<html><body><nav>")
        handle.truncate(50_000_000)  # sparse: nothing on disk
    refused(run("align", "-q", str(page)), page, "20 MiB")


# --- files that never end -------------------------------------------------------------------

def test_dev_zero_is_refused_unread():
    refused(run("align", "-q", "/dev/zero"), "/dev/zero", "not a regular file")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    refused(run("align", "-q", str(fifo)), fifo, "FIFO")


def test_an_oversized_file_is_refused_unread(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.write("双方同意。\n".encode())
        handle.truncate(MAX_INPUT_BYTES + 1)
    refused(run("align", "-q", str(big)), big, f"{MAX_INPUT_BYTES >> 20} MiB")


def test_oversized_standard_input_is_refused_at_the_cap(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + (1 << 20))
    refused(run("align", "-q", "-", stdin=big), "-", f"{MAX_INPUT_BYTES >> 20} MiB")


def test_a_batch_aligns_the_good_document_and_reports_the_endless_ones(tmp_path: Path):
    import json

    good = tmp_path / "good.tsv"
    good.write_text("zh\ten\tscore\ttype\n双方同意。\tBoth sides agreed.\t0.8\t1-1\n",
                    encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"zero\t/dev/zero\ngood\t{good}\nfifo\t{fifo}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(manifest), "-o", str(out), "-q", "--engine", "serial")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.seconds < SECONDS and result.peak_mb < PEAK_MB
    assert (out / "good.jsonl").read_text(encoding="utf-8").count("Both sides agreed.") == 1
    report = {r["id"]: r for r in map(json.loads, (out / "batch-report.jsonl").read_text(
        encoding="utf-8").splitlines())}
    assert report["good"]["status"] == "ok"
    assert report["zero"]["status"] == report["fifo"]["status"] == "failed"
    assert "/dev/zero" in report["zero"]["error"] and "character device" in report["zero"]["error"]
    assert str(fifo) in report["fifo"]["error"] and "FIFO" in report["fifo"]["error"]
    errors = [line for line in result.stderr.splitlines() if "not a regular file" in line]
    assert len(errors) == 2
    print(f"batch: {result.seconds:.2f} s, {result.peak_mb:.0f} MB")
