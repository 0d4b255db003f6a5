"""`aligner glossary` from the shell: outputs, curated merging, and bad input."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.formats import read_glossary
from tests.conftest import ROOT

ALIGNED = "zh\ten\tscore\ttype\n" + "".join(f"{zh}\t{en}\t0.9\t1-1\n" for zh, en in [
    ("对等关税将于下月生效。", "The reciprocal tariffs will take effect next month."),
    ("中方坚决反对对等关税。", "China firmly opposes the reciprocal tariffs."),
    ("双方讨论了出口管制问题。", "The two sides discussed export controls."),
    ("出口管制影响了芯片贸易。", "Export controls affected the chip trade."),
    ("何立峰会见了贝森特。", "He Lifeng met with Bessent."),
    ("何立峰表示欢迎。", "He Lifeng expressed his welcome."),
])


def run(*args: str, cwd: Path | None = None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "aligner", "glossary", "-q", *args],
                          capture_output=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture()
def aligned(tmp_path: Path) -> Path:
    path = tmp_path / "aligned.tsv"
    path.write_text(ALIGNED, encoding="utf-8")
    return path


@pytest.mark.slow
def test_csv_output_with_a_curated_glossary(aligned: Path, tmp_path: Path):
    curated = tmp_path / "mine.tsv"
    curated.write_text("# ours\nzh\ten\n芯片\tchips|semiconductors\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(str(aligned), "-o", str(out), "--glossary", str(curated))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["zh", "en", "score", "count", "alternates", "example", "rendered",
                             "consistency", "alternate_counts", "example_en", "curated"]
    by_zh = {row["zh"]: row for row in rows}
    assert by_zh["芯片"]["curated"] == "yes" and by_zh["芯片"]["alternates"] == "semiconductors"
    assert by_zh["何立峰"]["en"] == "He Lifeng" and by_zh["何立峰"]["curated"] == ""
    assert by_zh["出口管制"]["en"].lower().startswith("export control")


@pytest.mark.slow
def test_tbx_output_reads_back(aligned: Path, tmp_path: Path):
    out = tmp_path / "out.tbx"
    result = run(str(aligned), "-o", str(out), "--top", "3")
    assert result.returncode == 0, result.stderr
    terms = read_glossary(out)
    assert len(terms) == 3 and all(t.zh and t.en for t in terms)


@pytest.mark.slow
def test_tsv_to_stdout(aligned: Path):
    result = run(str(aligned), "--format", "tsv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0] == ("zh\ten\tscore\tcount\talternates\texample\trendered\tconsistency"
                        "\talternate_counts\texample_en")
    assert len(lines) > 3


@pytest.mark.parametrize("name, content, extra", [
    ("empty.txt", "", ()),
    ("english.txt", "Only English here.\nNothing to align with.\n", ()),
    ("chinese.txt", "只有中文。\n没有英文。\n", ()),
    ("missing.tsv", "zh\tscore\n出口管制\t0.9\n", ()),
    ("aligned.tsv", ALIGNED, ("--glossary", "BAD_TBX")),
])
def test_bad_input(tmp_path: Path, name: str, content: str, extra: tuple[str, ...]):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    bad_tbx = tmp_path / "bad.tbx"
    bad_tbx.write_text("this is not <xml", encoding="utf-8")
    out = tmp_path / "out.tsv"
    args = [a.replace("BAD_TBX", str(bad_tbx)) for a in extra]
    result = run(str(path), "-o", str(out), *args)
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8").strip().splitlines()
    assert len(stderr) == 1 and stderr[0].startswith("aligner: "), stderr
    assert not out.exists()
    assert not any(p.name.startswith(".out.tsv") for p in tmp_path.iterdir())


def test_one_bead_gives_an_empty_glossary(tmp_path: Path):
    path = tmp_path / "one.tsv"
    path.write_text("zh\ten\tscore\ttype\n对等关税将于下月生效。\tThe reciprocal tariffs will "
                    "take effect next month.\t0.9\t1-1\n", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").splitlines() == [
        "zh\ten\tscore\tcount\talternates\texample"]
    assert "the glossary is empty" in result.stderr.decode("utf-8")


@pytest.mark.slow
def test_several_inputs_are_pooled_with_filters(aligned: Path, tmp_path: Path):
    zh = tmp_path / "doc.zh.txt"
    en = tmp_path / "doc.en.txt"
    zh.write_text("何立峰会见了贝森特。\n出口管制影响了芯片贸易。\n", encoding="utf-8")
    en.write_text("He Lifeng met with Bessent.\nExport controls affected the chip trade.\n",
                  encoding="utf-8")
    out = tmp_path / "corpus.tsv"
    result = run(str(aligned), str(zh), str(en), "-o", str(out), "--min-consistency", "0.9",
                 "--min-count", "2")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    by_zh = {row["zh"]: row for row in rows}
    assert by_zh["何立峰"]["en"] == "He Lifeng" and by_zh["何立峰"]["count"] == "3"
    assert all(float(row["consistency"]) >= 0.9 and int(row["count"]) >= 2 for row in rows)
    assert all(row["example"] and row["example_en"] for row in rows)


@pytest.mark.slow
def test_curated_terms_absent_from_the_text_are_left_out(aligned: Path, tmp_path: Path):
    curated = tmp_path / "mine.tsv"
    curated.write_text("zh\ten\n稀土\trare earths\n出口管制\texport restrictions\n",
                       encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert run(str(aligned), "-o", str(out), "--glossary", str(curated)).returncode == 0
    rows = {r["zh"]: r for r in csv.DictReader(out.open(encoding="utf-8"), delimiter="\t")}
    assert "稀土" not in rows
    # The text says "export controls": the entry shows the curated and the text's rendering.
    assert rows["出口管制"]["en"] == "export restrictions"
    assert rows["出口管制"]["in_text"].lower().startswith("export control")
    assert rows["出口管制"]["rendered"] == "0"
    kept = run(str(aligned), "-o", str(out), "--glossary", str(curated), "--keep-unused")
    assert kept.returncode == 0
    assert "稀土" in {r["zh"] for r in csv.DictReader(out.open(encoding="utf-8"), delimiter="\t")}
