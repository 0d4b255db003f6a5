"""Progress: every stage of long work is shown, not only the embedding."""

from __future__ import annotations

import functools

import pytest

from aligner.cli import common
from aligner.cli.common import StageBar
from aligner.pipeline import align, check_files, glossary_for
from aligner.progress import Progress, stage
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "check"


class Recorder:
    """A staged callback that keeps (stage, done, total) of every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append(("", done, total))

    def stage(self, name: str) -> Progress:
        return functools.partial(self._record, name)

    def _record(self, name: str, done: int, total: int) -> None:
        self.calls.append((name, done, total))

    def stages(self) -> list[str]:
        return list(dict.fromkeys(name for name, _, _ in self.calls))

    def finished(self, name: str) -> bool:
        return any(n == name and done >= total for n, done, total in self.calls)


def test_a_plain_callback_counts_every_stage():
    calls: list[tuple[int, int]] = []

    def plain(done: int, total: int) -> None:
        calls.append((done, total))

    assert stage(plain, "Aligning") is plain
    assert stage(None, "Aligning") is None


def test_align_shows_each_stage_from_reading_to_aligning(encoder):
    recorder = Recorder()
    align(FIXTURES / "readout.zh.txt", FIXTURES / "readout.en.txt", encoder=encoder,
          progress=recorder)
    assert recorder.stages() == ["Reading", "Segmenting", "Embedding", "Pairing paragraphs",
                                 "Aligning"]
    assert all(recorder.finished(name) for name in recorder.stages())


@pytest.mark.parametrize("command", ["check", "glossary"])
def test_check_and_glossary_show_their_own_stage_last(encoder, command):
    recorder = Recorder()
    inputs = [FIXTURES / "readout.zh.txt", FIXTURES / "readout.en.txt"]
    if command == "check":
        check_files(inputs, encoder=encoder, progress=recorder)
        last = "Checking"
    else:
        glossary_for(inputs, encoder=encoder, progress=recorder)
        last = "Building the glossary"
    assert recorder.stages()[-1] == last and recorder.finished(last)


def test_off_a_terminal_a_plain_line_comes_only_for_long_stages(monkeypatch, capsys):
    clock = iter([0.0, 1.0, 2.0, 30.0, 31.0, 45.0])
    monkeypatch.setattr(common.time, "monotonic", lambda: next(clock))
    bar = StageBar("Embedding", terminal=False)
    segmenting = bar.stage("Segmenting")
    segmenting(0, 1)
    segmenting(1, 1)  # a second: nothing to say
    aligning = bar.stage("Aligning")
    aligning(0, 10)
    aligning(4, 10)  # 28 s in
    aligning(5, 10)  # a second later: nothing new
    aligning(10, 10)  # 14 s after the last line
    bar.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["aligner: Aligning: 4/10 (40%)", "aligner: Aligning: done"]
