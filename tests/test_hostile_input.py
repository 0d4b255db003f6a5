"""Inputs that are not what they claim, or that attack the reader: each is refused with one
line naming the file, quickly, or read correctly; no traceback, inputs left unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligner.check import Finding, Report, render_report
from aligner.errors import InputError
from aligner.formats import read_beads, read_glossary
from aligner.records import Bead
from tests.conftest import ROOT
from tests.hostile import TBX_BODY, TMX_BODY, billion_laughs

EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>&x;</seg></tuv>'
            '</tu></body></tmx>')


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def one_line_error(result: subprocess.CompletedProcess[str], path: Path, words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in lines[0] and words in lines[0], lines[0]


@pytest.mark.parametrize(("suffix", "body"), [(".tmx", TMX_BODY), (".tbx", TBX_BODY)])
def test_entity_bombs_are_refused(tmp_path: Path, suffix: str, body: str):
    path = tmp_path / f"bomb{suffix}"
    root = "tmx" if suffix == ".tmx" else "tbx"
    path.write_text(billion_laughs(root, body), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match="entities"):
        read_beads(path) if suffix == ".tmx" else read_glossary(path)
    assert time.perf_counter() - started < 30  # a hang; the 1 s bar: benchmarks/refusal_speed.py


def test_an_external_entity_is_refused(tmp_path: Path):
    path = tmp_path / "xxe.tmx"
    path.write_text(EXTERNAL, encoding="utf-8")
    with pytest.raises(InputError, match="entities"):
        read_beads(path)


def test_entity_bomb_on_the_command_line(tmp_path: Path):
    path = tmp_path / "bomb.tmx"
    path.write_text(billion_laughs("tmx", TMX_BODY), encoding="utf-8")
    before = path.read_bytes()
    started = time.perf_counter()
    one_line_error(run("glossary", "-q", str(path)), path, "entities")
    assert time.perf_counter() - started < 30  # process start and imports included
    assert path.read_bytes() == before


def test_an_over_long_curated_term_is_refused_quickly(tmp_path: Path):
    path = tmp_path / "huge.tsv"
    path.write_text("zh\ten\n" + "对" * 30_000 + "\treciprocal\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match="at most"):
        read_glossary(path)
    assert time.perf_counter() - started < 30  # a hang; the 1 s bar: benchmarks/refusal_speed.py


def test_two_english_files_are_refused(tmp_path: Path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("The talks were held in Kuala Lumpur.\n", encoding="utf-8")
    second.write_text("Both sides agreed.\n", encoding="utf-8")
    one_line_error(run("align", "-q", str(first), str(second)), second, "not Chinese")


def test_an_aligned_file_given_to_align_is_read_as_beads(tmp_path: Path):
    tmx = tmp_path / "in.tmx"
    from aligner.formats import write_beads

    beads = [Bead((0,), (0,), "双方同意。", "Both sides agreed.", 0.75),
             Bead((1,), (1, 2), "他来了。", "He came. He stayed.", 0.5)]
    write_beads(beads, tmx)
    result = run("align", "-q", str(tmx), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    signature, *back = [line for line in result.stdout.splitlines() if line]
    assert '"model": "none"' in signature  # converted, not aligned: no model made the beads
    assert len(back) == 2 and "Both sides agreed." in back[0] and "<tuv" not in result.stdout


def test_text_report_never_replays_escape_sequences():
    zh, en = "双方\x1b[2J同意。", "Both \x1b]0;pwned\x07sides agreed."
    finding = Finding("term", 1, zh, en, "message with \x1b[31mred\x1b[0m")
    report = Report([finding], [Bead((0,), (0,), zh, en, 0.5)])
    text = render_report(report, "text")
    assert "\x1b" not in text and "\x07" not in text
    assert "␛[2J" in text
    coloured = render_report(report, "text", color=True)
    # Our own colour codes only: each ESC starts one of the SGR codes we emit.
    assert all(part[:1] == "[" and part.split("m", 1)[0][1:].isdigit()
               for part in coloured.split("\x1b")[1:])
    # json and html keep the text as it is (escaped by their own rules).
    assert "\\u001b[2J" in render_report(report, "json")


@pytest.mark.parametrize("case", ["align-pair", "glossary-aligned", "glossary-curated",
                                  "check-glossary", "hard-link"])
def test_output_that_names_an_input_is_refused_before_any_work(tmp_path: Path, case: str):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("双方同意进一步确定具体细节。\n", encoding="utf-8")
    en.write_text("The two sides agreed to further specify the details.\n", encoding="utf-8")
    aligned, curated = tmp_path / "p.tmx", tmp_path / "g.tsv"
    from aligner.formats import write_beads

    write_beads([Bead((0,), (0,), "双方同意。", "Both sides agreed.", 0.75)], aligned)
    curated.write_text("zh\ten\n双方\tboth sides\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    os.link(en, link)
    args = {
        "align-pair": ["align", str(zh), str(en), "-o", str(en)],
        "glossary-aligned": ["glossary", str(aligned), "-o", str(aligned)],
        "glossary-curated": ["glossary", str(aligned), "--glossary", str(curated),
                             "-o", str(curated)],
        "check-glossary": ["check", str(zh), str(en), "-g", str(curated),
                           "-o", str(tmp_path / "." / "g.tsv")],
        "hard-link": ["align", str(zh), str(en), "-o", str(link)],
    }[case]
    before = {p: p.read_bytes() for p in (zh, en, aligned, curated)}
    started = time.perf_counter()
    result = run(*args, "-q")
    assert result.returncode == 2 and "is also an input" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - started < 20  # refused before the model is loaded
    assert {p: p.read_bytes() for p in before} == before
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("*.tmp"))


def test_glossary_of_a_one_bead_input_is_empty_with_a_clear_line(tmp_path: Path):
    path = tmp_path / "one.tsv"
    path.write_text("zh\ten\tscore\ttype\n对\tThe\t0.8\t1-1\n", encoding="utf-8")
    result = run("glossary", "-q", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["zh\ten\tscore\tcount\talternates\texample"]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"aligner: {path}: no glossary terms found (too little " \
        "parallel text?); the glossary is empty"


@pytest.mark.slow
def test_check_of_a_one_bead_input_reports_cleanly(tmp_path: Path):
    path = tmp_path / "one.tsv"
    path.write_text("zh\ten\tscore\ttype\n对\tThe\t0.8\t1-1\n", encoding="utf-8")
    result = run("check", "-q", str(path))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.splitlines()[0] == "no findings"


@pytest.mark.parametrize(("command", "name", "formats"), [
    ("align", "out.docx", "(tsv|jsonl|tmx|xliff|xliff2)"),
    ("glossary", "g.docx", "(tsv|csv|tbx|cat-csv)"),
    ("check", "r.pdf", "(text|json|html|xliff|xliff2)"),
])
def test_an_output_extension_no_format_owns_is_refused_before_any_work(
        tmp_path: Path, command: str, name: str, formats: str):
    aligned = tmp_path / "in.tsv"
    aligned.write_text("zh\ten\tscore\ttype\n双方同意。\tBoth sides agreed.\t0.8\t1-1\n",
                       encoding="utf-8")
    out = tmp_path / name
    started = time.perf_counter()
    result = run(command, "-q", str(aligned), "-o", str(out))
    one_line_error(result, out, f"aligner {command} writes")
    assert formats in result.stderr and "--format" in result.stderr
    assert time.perf_counter() - started < 30  # refused before the model is loaded
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.tsv"]


def test_an_explicit_format_writes_whatever_the_output_is_called(tmp_path: Path):
    aligned = tmp_path / "in.tsv"
    aligned.write_text("zh\ten\tscore\ttype\n双方同意。\tBoth sides agreed.\t0.8\t1-1\n",
                       encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run("align", "-q", str(aligned), "-o", str(out), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert '"Both sides agreed."' in out.read_text(encoding="utf-8")
    # No extension at all (a device, a descriptor, a bare name): the default, tsv.
    bare = tmp_path / "aligned"
    assert run("align", "-q", str(aligned), "-o", str(bare)).returncode == 0
    assert bare.read_text(encoding="utf-8").startswith("zh\ten")
