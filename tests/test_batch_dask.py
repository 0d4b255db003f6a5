"""The Dask engine on a local cluster of two worker processes, started here."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.batch import run_batch
from aligner.cli import main

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"
READOUT = ROOT / "tests" / "fixtures" / "check"


@pytest.fixture(scope="module")
def scheduler():
    # Spawned workers import aligner from this checkout, as an editable install does in CI.
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            yield cluster.scheduler_address
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


@pytest.mark.slow
def test_dask_batch_writes_what_one_process_writes(tmp_path, scheduler):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        f'{{"id": "seed", "document": "{SEED}"}}\n'
        f'{{"id": "readout", "zh": "{READOUT / "readout.zh.txt"}", '
        f'"en": "{READOUT / "readout.en.txt"}"}}\n'
        f'{{"id": "gone", "document": "{tmp_path / "gone.txt"}"}}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "dask"),
                                       "-q", "--engine", "dask", "--scheduler", scheduler,
                                       "--merged-tmx", str(tmp_path / "all.tmx")])
    assert result.exit_code == 1, result.output
    assert "gone: " in result.output
    run_batch(manifest, tmp_path / "serial", engine="serial",
              merged_tmx=tmp_path / "serial.tmx")
    for name in ("seed.jsonl", "readout.jsonl"):
        assert (tmp_path / "dask" / name).read_bytes() == \
            (tmp_path / "serial" / name).read_bytes()
    assert (tmp_path / "all.tmx").read_bytes() == (tmp_path / "serial.tmx").read_bytes()

    again = run_batch(manifest, tmp_path / "dask", engine="dask", scheduler=scheduler)
    assert [r.status for r in again.records] == ["skipped", "skipped", "failed"]


def test_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("aligner.batch.engines.CONNECT_TIMEOUT_S", 1)
    (tmp_path / "m.tsv").write_text(f"seed\t{SEED}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "m.tsv"), "-o",
                                       str(tmp_path / "o"), "--engine", "dask",
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "no Dask scheduler answers there" in result.output


@pytest.mark.slow
def test_relative_paths_reach_workers_whose_working_directory_is_another(
        tmp_path, scheduler, monkeypatch):
    # The README's own example: a manifest and an OUTDIR named relative to where the
    # command runs, documents relative to the manifest; each worker runs elsewhere.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with distributed.Client(scheduler) as client:
        previous = client.run(os.getcwd)
        client.run(os.chdir, str(elsewhere))
    try:
        here = tmp_path / "here"
        (here / "docs").mkdir(parents=True)
        shutil.copy(SEED, here / "docs" / "seed.txt")
        shutil.copy(READOUT / "readout.zh.txt", here / "docs" / "r.zh.txt")
        shutil.copy(READOUT / "readout.en.txt", here / "docs" / "r.en.txt")
        (here / "m.tsv").write_text("seed\tdocs/seed.txt\nreadout\tdocs/r.zh.txt\t"
                                    "docs/r.en.txt\n", encoding="utf-8")
        monkeypatch.chdir(here)
        result = CliRunner().invoke(main, ["batch", "m.tsv", "-o", "aligned", "-q",
                                           "--engine", "dask", "--scheduler", scheduler])
        assert result.exit_code == 0, result.output
        serial = run_batch("m.tsv", "serial", engine="serial")
        assert serial.count("ok") == 2
        for name in ("seed.jsonl", "readout.jsonl"):
            assert (here / "aligned" / name).read_bytes() == \
                (here / "serial" / name).read_bytes()
    finally:
        with distributed.Client(scheduler) as client:
            for address, cwd in previous.items():
                client.run(os.chdir, cwd, workers=[address])
