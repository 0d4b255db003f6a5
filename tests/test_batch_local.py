"""The local engine (worker processes): the same outputs as one process, thread limits in
each worker, and a batch killed halfway that a rerun finishes without aligning twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from aligner.batch import run_batch
from aligner.batch.state import REPORT_NAME
from aligner.formats import read_beads

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"
READOUT = ROOT / "tests" / "fixtures" / "check"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _batch(*args: str) -> list[str]:
    return [sys.executable, "-m", "aligner", "batch", *args]


def _statuses(report: Path) -> dict[str, str]:
    return {r["id"]: r["status"] for r in map(json.loads, report.read_text().splitlines())}


def test_two_workers_write_what_one_process_writes(tmp_path):
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"seed\t{SEED}\n"
                        f"readout\t{READOUT / 'readout.zh.txt'}\t{READOUT / 'readout.en.txt'}\n"
                        f"gone\t{tmp_path / 'gone.txt'}\n", encoding="utf-8")
    run = subprocess.run(_batch(str(manifest), "-o", str(tmp_path / "pool"), "-q",
                                "--engine", "local", "--workers", "2", "--threads", "1"),
                         capture_output=True, text=True, env=_env(), timeout=300)
    assert run.returncode == 1, run.stderr
    assert "gone: " in run.stderr
    run_batch(manifest, tmp_path / "serial", engine="serial")
    for name in ("seed.jsonl", "readout.jsonl"):
        assert (tmp_path / "pool" / name).read_bytes() == \
            (tmp_path / "serial" / name).read_bytes()


def test_a_worker_caps_its_threads_before_loading_the_model():
    code = ("from aligner.batch.worker import start_worker, encoder_for\n"
            "start_worker(None, 1)\n"
            "import threadpoolctl\n"
            "print(sorted({p['num_threads'] for p in threadpoolctl.threadpool_info()}),"
            " encoder_for(None).threads)\n")
    env = _env()
    env.pop("OMP_NUM_THREADS", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=120).stdout.split()
    assert out == ["[1]", "1"]


def test_killed_halfway_then_rerun_aligns_each_document_once(tmp_path):
    documents = 16
    manifest = tmp_path / "m.tsv"
    manifest.write_text("".join(f"d{i:02}\t{SEED}\n" for i in range(documents)),
                        encoding="utf-8")
    outdir = tmp_path / "out"
    process = subprocess.Popen(_batch(str(manifest), "-o", str(outdir), "-q",
                                      "--engine", "local", "--workers", "1"),
                               env=_env(), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if outdir.is_dir() and len(list(outdir.glob("d*.jsonl"))) >= 4:
                break
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the batch and its workers
        process.wait()
    written = sorted(p.name for p in outdir.glob("d*.jsonl"))
    assert 4 <= len(written) < documents, "the batch was not killed halfway"
    before = _statuses(outdir / REPORT_NAME)
    finished = {name for name, status in before.items() if status == "ok"}
    assert finished and finished <= {name[:-6] for name in written}
    shutil.copy(outdir / REPORT_NAME, tmp_path / "killed-report.jsonl")

    rerun = subprocess.run(_batch(str(manifest), "-o", str(outdir), "-q", "--engine", "serial"),
                           env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    after = _statuses(outdir / REPORT_NAME)
    assert {name for name, status in after.items() if status == "skipped"} == finished
    assert {name for name, status in after.items() if status == "ok"} == \
        {f"d{i:02}" for i in range(documents)} - finished
    # Every output is whole: all parse, and (the same input each) all have the same bytes.
    outputs = [outdir / f"d{i:02}.jsonl" for i in range(documents)]
    assert all(read_beads(path) for path in outputs)
    assert len({path.read_bytes() for path in outputs}) == 1
    assert not [p for p in outdir.iterdir() if p.name.endswith(".tmp")]
