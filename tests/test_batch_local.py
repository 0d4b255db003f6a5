"""The local engine (worker processes): the same outputs as one process, thread limits in
each worker, a batch killed halfway that a rerun finishes without aligning twice, and
Ctrl-C that stops a batch at once, leaving no worker behind."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _session_processes(session: int) -> list[int]:
    """The live processes (zombies are dead) of a session: psutil, else /proc."""
    try:
        import psutil
    except ImportError:
        psutil = None
    found = []
    if psutil is not None:
        for process in psutil.process_iter():
            try:
                if os.getsid(process.pid) == session \
                        and process.status() != psutil.STATUS_ZOMBIE:
                    found.append(process.pid)
            except (psutil.Error, OSError):
                continue
        return found
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, NotADirectoryError):
            continue
        # pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("target", ["process", "group"])
def test_ctrl_c_stops_the_batch_at_once_and_a_rerun_finishes_it(tmp_path, target):
    documents = 6
    manifest = tmp_path / "m.tsv"
    manifest.write_text("".join(f"d{i}\t{SEED}\n" for i in range(documents)),
                        encoding="utf-8")
    outdir = tmp_path / "out"
    command = _batch(str(manifest), "-o", str(outdir), "-q", "--engine", "local",
                     "--workers", "2", "--threads", "1")
    # Started as a terminal starts a command in the foreground: SIGINT at its default,
    # even where this test runs in a background job (which a non-interactive shell starts
    # with SIGINT ignored, and an ignored SIGINT is inherited).
    process = subprocess.Popen(command, env=_env(), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_sigint_default)
    try:
        deadline = time.monotonic() + 120
        while not list(outdir.glob("d*.jsonl")) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # both workers are in the middle of a document now
        assert process.poll() is None, "the batch ended before it could be interrupted"
        assert len(_session_processes(process.pid)) >= 3  # the batch and its workers
        started = time.monotonic()
        if target == "group":  # Ctrl-C in a terminal: the whole foreground process group
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pytest.fail(f"SIGINT to the {target}: still running after 2 s")
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    stderr = process.stderr.read() if process.stderr else ""
    assert process.returncode == 130, stderr
    assert len(stderr.splitlines()) == 1 and "interrupted" in stderr, stderr
    assert took < 2
    left = _session_processes(process.pid)
    deadline = time.monotonic() + 2  # multiprocessing's resource tracker exits on its own
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = _session_processes(process.pid)
    assert not left, f"processes left behind: {left}"

    # Whatever was written is whole and in the report; nothing half written remains.
    written = {path.stem for path in outdir.glob("d*.jsonl")}
    assert written and len(written) < documents
    assert all(read_beads(outdir / f"{name}.jsonl") for name in written)
    assert not [p for p in outdir.iterdir() if p.name.endswith(".tmp")]
    finished = {name for name, status in _statuses(outdir / REPORT_NAME).items()
                if status == "ok"}
    assert finished <= written

    rerun = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    after = _statuses(outdir / REPORT_NAME)
    assert set(after) == {f"d{i}" for i in range(documents)}
    assert {name for name, status in after.items() if status == "skipped"} == finished
    outputs = [outdir / f"d{i}.jsonl" for i in range(documents)]
    assert len({path.read_bytes() for path in outputs}) == 1


@pytest.mark.slow
def test_workers_end_by_themselves_when_the_batch_process_is_killed(tmp_path):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("".join(f"d{i}\t{SEED}\n" for i in range(6)), encoding="utf-8")
    process = subprocess.Popen(_batch(str(manifest), "-o", str(tmp_path / "out"), "-q",
                                      "--engine", "local", "--workers", "2", "--threads", "1"),
                               env=_env(), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        # The batch, two workers and multiprocessing's resource tracker.
        while len(_session_processes(process.pid)) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None and len(_session_processes(process.pid)) >= 4
        os.kill(process.pid, signal.SIGKILL)  # the batch alone, not its workers
        process.wait()
        deadline = time.monotonic() + 5
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _session_processes(process.pid), "workers outlived the batch"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers in /proc")
def test_a_worker_that_dies_fails_its_document_alone(tmp_path):
    documents = 4
    manifest = tmp_path / "m.tsv"
    manifest.write_text("".join(f"d{i}\t{SEED}\n" for i in range(documents)), encoding="utf-8")
    outdir = tmp_path / "out"
    process = subprocess.Popen(_batch(str(manifest), "-o", str(outdir), "-q",
                                      "--engine", "local", "--workers", "2", "--threads", "1"),
                               env=_env(), start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while not workers and time.monotonic() < deadline:
            workers = [pid for pid in _session_processes(process.pid)
                       if b"spawn_main" in _command_line(pid)]
            time.sleep(0.02)
        os.kill(workers[0], signal.SIGKILL)  # it was given its first document at its start
        _, stderr = process.communicate(timeout=300)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == 1, stderr
    statuses = _statuses(outdir / REPORT_NAME)
    failed = [name for name, status in statuses.items() if status == "failed"]
    assert len(failed) == 1 and len(statuses) == documents
    assert f"{failed[0]}: the worker aligning it stopped" in stderr
