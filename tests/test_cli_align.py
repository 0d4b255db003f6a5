"""`aligner align` from the shell: outputs, and bad input as one line with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

ZH = "当地时间10月25日至26日,中美经贸磋商在吉隆坡举行。双方同意进一步确定具体细节。\n"
EN = ("On October 25–26 local time, China-U.S. economic and trade consultations were held in "
      "Kuala Lumpur. The two sides agreed to further specify the details.\n")


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True,
                          cwd=cwd, input=stdin, env=env, timeout=300)


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


@pytest.mark.slow
def test_tsv_to_stdout_by_default(pair):
    result = run("align", "-q", str(pair[1]), str(pair[0]))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "zh\ten\tscore\ttype\tsimilarity"
    assert len(lines) == 3
    assert lines[1].startswith("当地时间") and "Kuala Lumpur" in lines[1]
    assert result.stderr == b""


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".tsv", ".jsonl", ".tmx"])
def test_output_format_follows_the_extension(pair, tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    result = run("align", "-q", str(pair[0]), str(pair[1]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    if suffix == ".jsonl":
        assert json.loads(text.splitlines()[0])["signature"]["command"] == "align"
        assert json.loads(text.splitlines()[1])["type"] == "1-1"
    elif suffix == ".tmx":
        assert '<tuv xml:lang="zh-CN">' in text
        assert '<prop type="x-aligner-signature">aligner:' in text
    else:
        assert text.startswith("zh\ten")
        # A table holds no signature: it is beside it.
        sidecar = json.loads((tmp_path / "out.tsv.signature.json").read_text(encoding="utf-8"))
        assert sidecar["signature"]["model"] == "use-multilingual"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow
def test_stdin_and_progress_bar(pair):
    result = run("align", "-", str(pair[1]), stdin=ZH.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    assert b"Kuala Lumpur" in result.stdout
    # off a terminal, a run this short says nothing on stderr
    assert result.stderr == b""


def test_a_terminal_gets_a_bar_for_each_stage(pair):
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "aligner", "align", *map(str, pair)],
                               stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    process.communicate(timeout=300)
    os.close(leader)
    assert process.returncode == 0
    for stage in (b"Reading", b"Segmenting", b"Embedding", b"Pairing paragraphs",
                  b"Aligning"):
        assert stage in shown, shown


def bad(result, name: str, problem: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert name in lines[0] and problem in lines[0], lines[0]
    assert b"Traceback" not in result.stderr


def test_empty_file(tmp_path, pair):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    bad(run("align", "-q", str(empty), str(pair[1])), "empty.txt", "is empty")


def test_binary_file(tmp_path, pair):
    binary = tmp_path / "image.png"
    binary.write_bytes(bytes(range(256)) * 40)
    bad(run("align", "-q", str(pair[0]), str(binary)), "image.png", "binary")


def test_document_with_only_one_language(tmp_path):
    out = tmp_path / "out.tmx"
    result = run("align", "-q", str(SEED.parent / "004_408f79ed41135ce5.txt"), "-o", str(out))
    bad(result, "004_408f79ed41135ce5.txt", "only one language")
    assert not out.exists()


def test_presplit_with_one_file(pair):
    """A usage error: exit 2, click's usage line and the problem, no traceback."""
    result = run("align", "-q", "--presplit", str(pair[0]))
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"Usage: " in result.stderr
    assert b"zh.txt: --presplit needs two files" in result.stderr


def test_missing_file(pair, tmp_path):
    bad(run("align", "-q", str(tmp_path / "nope.txt"), str(pair[1])), "nope.txt", "no such file")


@pytest.mark.slow
def test_unwritable_output(pair, tmp_path):
    out = tmp_path / "no-such-dir" / "out.tsv"
    bad(run("align", "-q", str(pair[0]), str(pair[1]), "-o", str(out)), "out.tsv",
        "cannot be written")
    assert not out.exists()


@pytest.mark.slow
def test_missing_model_names_it(pair, tmp_path):
    # Without the models extra the error names the extra instead (tests/test_models.py).
    pytest.importorskip("sentence_transformers", reason="the optional models extra is not "
                                                        "installed: pip install -e '.[models]'")
    result = run("align", "-q", "--model", str(tmp_path / "no-model"), str(pair[0]),
                 str(pair[1]))
    bad(result, "no-model", "--model DIR")


@pytest.mark.slow
def test_min_confidence_leaves_out_unsure_beads(tmp_path):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("双方同意进一步确定具体细节。\n中美经贸磋商成果来之不易。\n今天天气很好。\n",
                  encoding="utf-8")
    en.write_text("The two sides agreed to further specify the details.\n"
                  "The outcomes of the talks did not come easily.\n", encoding="utf-8")
    every = run("align", "-q", str(zh), str(en), "--format", "jsonl")
    records = [json.loads(line) for line in every.stdout.decode().splitlines()][1:]
    scores = sorted(r["score"] for r in records)
    assert all("similarity" in r for r in records) and len(scores) >= 2
    cut = (scores[0] + scores[-1]) / 2
    kept = run("align", str(zh), str(en), "--format", "jsonl", "--min-confidence", str(cut))
    kept_records = [json.loads(line) for line in kept.stdout.decode().splitlines()]
    signature = kept_records.pop(0)["signature"]
    assert float(signature["settings"]["min-confidence"]) == float(str(cut))
    assert kept.returncode == 0
    assert [r["score"] for r in kept_records] == [r["score"] for r in records
                                                  if r["score"] >= cut]
    assert b"left out" in kept.stderr
