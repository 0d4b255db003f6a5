"""`aligner batch` in this process (serial engine): same bytes as `aligner align`, reruns that
skip finished documents, failures that stop nothing, merged TMX and corpus glossary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.batch import run_batch
from aligner.batch.engines import EngineSettings, local_shape
from aligner.batch.state import REPORT_NAME
from aligner.cli import main
from aligner.errors import OutputError, UsageError
from aligner.formats import read_beads, read_glossary

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"
READOUT = ROOT / "tests" / "fixtures" / "check"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory batch: one mixed document, one zh + en pair, one that cannot align."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(READOUT / "readout.zh.txt", folder / "readout.zh.txt")
    shutil.copy(READOUT / "readout.en.txt", folder / "readout.en.txt")
    (folder / "english.txt").write_text("Only English here. Nothing to align.\n",
                                        encoding="utf-8")
    return folder


def _report(outdir: Path) -> dict[str, dict]:
    lines = (outdir / REPORT_NAME).read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def _align_cli(tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "alone.out"
    result = CliRunner().invoke(main, ["align", *args, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_outputs_are_the_bytes_align_writes(tmp_path, corpus):
    outdir = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(outdir), "-q",
                                       "--engine", "serial"])
    assert result.exit_code == 1  # english.txt failed
    assert "english: " in result.output and "only one language" in result.output
    report = _report(outdir)
    assert {k: v["status"] for k, v in report.items()} == {
        "seed": "ok", "readout": "ok", "english": "failed"}
    assert (outdir / "seed.jsonl").read_bytes() == _align_cli(
        tmp_path, str(corpus / "seed.txt"), "--format", "jsonl")
    assert (outdir / "readout.jsonl").read_bytes() == _align_cli(
        tmp_path, str(corpus / "readout.zh.txt"), str(corpus / "readout.en.txt"),
        "--format", "jsonl")
    assert not (outdir / "english.jsonl").exists()


def test_tmx_with_min_confidence_matches_align(tmp_path, corpus):
    outdir = tmp_path / "out"
    run_batch(corpus, outdir, fmt="tmx", min_confidence=0.9, engine="serial")
    assert (outdir / "seed.tmx").read_bytes() == _align_cli(
        tmp_path, str(corpus / "seed.txt"), "--format", "tmx", "--min-confidence", "0.9")


def test_rerun_skips_finished_documents_and_realigns_changed_ones(tmp_path, corpus):
    outdir = tmp_path / "out"
    first = run_batch(corpus, outdir, engine="serial")
    assert (first.count("ok"), first.count("failed")) == (2, 1)
    seed_output = (outdir / "seed.jsonl").stat().st_mtime_ns

    second = run_batch(corpus, outdir, engine="serial")
    assert {r.id: r.status for r in second.records} == {
        "english": "failed", "readout": "skipped", "seed": "skipped"}
    assert (outdir / "seed.jsonl").stat().st_mtime_ns == seed_output
    assert _report(outdir)["seed"]["status"] == "skipped"

    # A changed input, a damaged output or other options: aligned again.
    with open(corpus / "readout.en.txt", "a", encoding="utf-8") as handle:
        handle.write("\nOne more English paragraph.\n")
    (outdir / "seed.jsonl").write_text("damaged", encoding="utf-8")
    third = run_batch(corpus, outdir, engine="serial")
    assert {r.id: r.status for r in third.records} == {
        "english": "failed", "readout": "ok", "seed": "ok"}
    assert read_beads(outdir / "seed.jsonl")
    fourth = run_batch(corpus, outdir, engine="serial", min_confidence=0.5)
    assert fourth.count("ok") == 2


def test_missing_input_fails_that_document_only(tmp_path, corpus):
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"seed\t{corpus / 'seed.txt'}\ngone\t{tmp_path / 'gone.txt'}\n",
                        encoding="utf-8")
    result = run_batch(manifest, tmp_path / "out", engine="serial")
    assert [r.status for r in result.records] == ["ok", "failed"]
    assert "gone.txt: cannot be read" in result.records[1].error


def test_merged_tmx_and_corpus_glossary(tmp_path, corpus):
    outdir = tmp_path / "out"
    result = run_batch(corpus, outdir, engine="serial", merged_tmx=tmp_path / "all.tmx",
                       corpus_glossary=tmp_path / "terms.tsv")
    assert result.merged_tmx == tmp_path / "all.tmx"
    assert result.corpus_glossary == tmp_path / "terms.tsv"
    merged = read_beads(tmp_path / "all.tmx")
    # Manifest order (directory: by id): readout, then seed.
    parts = read_beads(outdir / "readout.jsonl") + read_beads(outdir / "seed.jsonl")
    assert [(b.zh, b.en) for b in merged] == [(b.zh, b.en) for b in parts]
    terms = read_glossary(tmp_path / "terms.tsv")
    assert any(term.zh == "何立峰" for term in terms)
    assert not [p for p in outdir.iterdir() if p.name.startswith(".corpus")]


def test_outputs_never_overwrite_inputs(tmp_path, corpus):
    manifest = tmp_path / "m.tsv"
    (tmp_path / "x.jsonl").write_text("{}", encoding="utf-8")
    manifest.write_text(f"x\t{corpus / 'seed.txt'}\ny\t{tmp_path / 'x.jsonl'}\n",
                        encoding="utf-8")
    with pytest.raises(OutputError, match="is also an input"):
        run_batch(manifest, tmp_path, engine="serial")
    assert (tmp_path / "x.jsonl").read_text(encoding="utf-8") == "{}"
    with pytest.raises(UsageError, match="folder of the documents"):
        run_batch(corpus, corpus, engine="serial")


def test_torn_temporary_files_are_cleaned_up(tmp_path, corpus):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / ".seed.jsonl.0123abcd.tmp").write_text("half", encoding="utf-8")
    (outdir / ".mine.tmp").write_text("not ours", encoding="utf-8")
    run_batch(corpus, outdir, engine="serial")
    assert not (outdir / ".seed.jsonl.0123abcd.tmp").exists()
    assert (outdir / ".mine.tmp").exists()


def test_bad_manifest_and_usage_exit_2(tmp_path):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("a/b\tx\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "m.tsv:1" in result.output
    manifest.write_text("a\tx\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "o"),
                                  "--engine", "dask"])
    assert result.exit_code == 2 and "--scheduler" in result.output
    result = runner.invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "o"),
                                  "--engine", "dask", "--scheduler", "x", "--workers", "2"])
    assert result.exit_code == 2 and "--workers is for --engine local" in result.output


def test_dask_missing_names_the_extra(tmp_path, corpus, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(tmp_path / "o"),
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "pip install 'aligner[cluster]'" in result.output


def test_workers_times_threads_never_exceed_the_cores(monkeypatch):
    monkeypatch.setattr("aligner.batch.engines.cores", lambda: 4)
    assert local_shape(EngineSettings(), 100) == (4, 1)
    assert local_shape(EngineSettings(workers=2), 100) == (2, 2)
    assert local_shape(EngineSettings(threads=2), 100) == (2, 2)
    assert local_shape(EngineSettings(), 1) == (1, 4)  # one document: one worker, all cores
    with pytest.raises(UsageError, match="more than the 4 cores"):
        local_shape(EngineSettings(workers=3, threads=2), 100)
    with pytest.raises(UsageError, match="more than the 4 cores"):
        local_shape(EngineSettings(workers=8), 100)
