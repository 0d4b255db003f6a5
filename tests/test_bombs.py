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
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from aligner.documents import _DOCX_XML_BYTES
from aligner.text import MAX_INPUT_BYTES
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4") or not hasattr(os, "mkfifo"),
                                reason="POSIX: measures memory by wait4, makes FIFOs")

SECONDS = 10  # the bar, process start and imports included
PEAK_MB = 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPH = b"<w:p><w:r><w:t>The two sides agreed to further specify the details.</w:t></w:r></w:p>"
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE w:document [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&f;</w:t></w:r></w:p></w:body></w:document>
""".encode()
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

def docx(path: Path, document_xml: bytes | None = None, *, paragraphs: int = 0) -> Path:
    """A Word file whose word/document.xml is ``document_xml``, or ``paragraphs`` of text
    written as a stream (a zip bomb: about 1,000 to 1 deflated)."""
    from tests.test_documents import make_docx

    base = make_docx(path.with_name("base.docx"), ["双方同意。", "Both sides agreed."])
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info, source.read(info))
            elif document_xml is not None:
                zf.writestr(info, document_xml)
            else:
                block = PARAGRAPH * ((1 << 20) // len(PARAGRAPH))
                with zf.open("word/document.xml", "w", force_zip64=True) as part:
                    part.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
                    for _ in range(paragraphs // (len(block) // len(PARAGRAPH)) + 1):
                        part.write(block)
                    part.write(b"</w:body></w:document>")
    return path


def test_a_docx_zip_bomb_is_refused_unpacked(tmp_path: Path):
    # Just past the cap (the reported bomb was 1.1 GB); the file is under a megabyte.
    paragraphs = _DOCX_XML_BYTES // len(PARAGRAPH) + 50_000
    bomb = docx(tmp_path / "bomb.docx", paragraphs=paragraphs)
    assert bomb.stat().st_size < 2 << 20
    refused(run("align", "-q", str(bomb)), bomb, "zip bomb")


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
    bomb = docx(tmp_path / "laughs.docx", BILLION_LAUGHS)
    refused(run("align", "-q", str(bomb)), bomb, "declares a DTD")


def test_a_docx_with_malformed_xml_is_one_line(tmp_path: Path):
    broken = docx(tmp_path / "unclosed.docx", UNCLOSED)
    refused(run("align", "-q", str(broken)), broken, "malformed XML (line 1")


# --- PDF ----------------------------------------------------------------------------------

def pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF whose page runs ``content`` (deflated), with Helvetica as /F1."""
    stream = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
               + b"\nendstream",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


LINE = b"BT /F1 2 Tf 10 700 Td (" + b"The two sides agreed. " * 4 + b") Tj ET\n"


def test_a_pdf_whose_page_unpacks_to_16_mb_is_refused(tmp_path: Path):
    bomb = pdf(tmp_path / "stream.pdf", LINE * (16_000_000 // len(LINE)))
    assert bomb.stat().st_size < 100_000
    refused(run("align", "-q", str(bomb)), bomb, "MiB of content")


def test_a_pdf_page_of_piled_up_glyphs_is_refused(tmp_path: Path):
    """Under the content cap, but 40,000 glyphs on one spot: pdfminer's layout analysis
    would take seconds to minutes; the glyphs are counted as they come."""
    bomb = pdf(tmp_path / "piled.pdf", LINE * (40_000 // 88 + 1))
    refused(run("align", "-q", str(bomb)), bomb, "characters")


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
    refused(run("align", "-q", str(page)), page, "MB")


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
    refused(run("align", "-q", str(big)), big, f"{MAX_INPUT_BYTES >> 20} MB")


def test_oversized_standard_input_is_refused_at_the_cap(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + (1 << 20))
    refused(run("align", "-q", "-", stdin=big), "-", f"{MAX_INPUT_BYTES >> 20} MB")


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
