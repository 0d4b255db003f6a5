"""Outputs never destroy inputs, follow links and devices, and honour the umask."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aligner.errors import OutputError
from aligner.output import same_file, write_output

ORIGINAL = "原文 source text\n".encode()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "x"
    folder.mkdir()
    path = folder / "in.txt"
    path.write_bytes(ORIGINAL)
    return path


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


def hard_link(source: Path) -> Path:
    link = source.with_name("hard.txt")
    os.link(source, link)
    return link


def soft_link(source: Path) -> Path:
    link = source.parent.parent / "soft.txt"
    link.symlink_to(source)
    return link


@pytest.mark.parametrize("spelling", [
    lambda source: source,
    lambda source: source.parent / ".." / "x" / "in.txt",
    hard_link,
    soft_link,
], ids=["same", "dotdot", "hard-link", "symlink"])
def test_output_that_is_an_input_is_refused(source: Path,
                                           spelling: Callable[[Path], Path]) -> None:
    output = spelling(source)
    with pytest.raises(OutputError, match="is also an input: refusing to overwrite it") as info:
        write_output(output, "overwritten\n", inputs=[source])
    assert info.value.path == str(output)
    assert source.read_bytes() == ORIGINAL
    assert {p.name for p in source.parent.iterdir()} <= {"in.txt", "hard.txt"}


def test_relative_spelling_of_an_input_is_refused(source: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="is also an input") as info:
        write_output("./x/../x/in.txt", "overwritten\n", inputs=["x/in.txt"])
    assert info.value.path == "./x/../x/in.txt"
    assert source.read_bytes() == ORIGINAL


def test_inputs_given_in_another_spelling_are_recognised(source: Path) -> None:
    with pytest.raises(OutputError, match="is also an input"):
        write_output(source, b"x", inputs=["-", source.parent / ".." / "x" / "in.txt"])
    assert source.read_bytes() == ORIGINAL


def test_stdin_and_missing_inputs_are_ignored(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out.txt"
    write_output(out, "结果\n", inputs=["-", tmp_path / "missing.txt", source])
    assert out.read_text(encoding="utf-8") == "结果\n"
    assert source.read_bytes() == ORIGINAL


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    target = real_dir / "target.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = link_dir / "out.txt"
    link.symlink_to(target)
    write_output(link, "new\n")
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    # The temporary file was made beside the real file, and nothing is left anywhere.
    assert [p.name for p in real_dir.iterdir()] == ["target.txt"]
    assert [p.name for p in link_dir.iterdir()] == ["out.txt"]


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / "made.txt")
    write_output(link, "made\n")
    assert link.is_symlink()
    assert (tmp_path / "made.txt").read_text(encoding="utf-8") == "made\n"


@pytest.mark.skipif(not os.access("/dev/null", os.W_OK), reason="/dev/null is not writable")
def test_dev_null_stays_a_device() -> None:
    write_output("/dev/null", "discarded\n", inputs=["/dev/null"])
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_output(fifo, "通过管道\n")
    reader.join(timeout=10)
    assert received == ["通过管道\n".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_mode_follows_the_umask(tmp_path: Path, umask: Callable[[int], None],
                                         mask: int, mode: int) -> None:
    umask(mask)
    out = tmp_path / "new.tsv"
    write_output(out, "a\tb\n")
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600])
def test_existing_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None],
                                      mode: int) -> None:
    umask(0o022)
    out = tmp_path / "kept.tsv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(mode)
    write_output(out, "new\n")
    assert out.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_str_is_utf8_and_bytes_are_written_as_given(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    write_output(out, "中文\n")
    assert out.read_bytes() == "中文\n".encode()
    write_output(out, b"\xff\x00raw")
    assert out.read_bytes() == b"\xff\x00raw"


@pytest.mark.parametrize("path", [None, "-"])
def test_stdout(path: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    write_output(path, "标准输出\n", inputs=["-"])
    assert capsys.readouterr().out == "标准输出\n"


def failing_replace(error: BaseException) -> Callable[..., None]:
    def replace(*args: object, **kwargs: object) -> None:
        raise error
    return replace


@pytest.mark.parametrize("existing", [False, True])
def test_failed_replace_leaves_no_temporary_and_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool) -> None:
    out = tmp_path / "out.txt"
    if existing:
        out.write_bytes(ORIGINAL)
    monkeypatch.setattr(os, "replace", failing_replace(OSError(errno.EIO, "Input/output error")))
    with pytest.raises(OutputError, match=r"cannot be written \(Input/output error\)") as info:
        write_output(out, "new\n")
    assert info.value.path == str(out)
    assert [p.name for p in tmp_path.iterdir()] == (["out.txt"] if existing else [])
    if existing:
        assert out.read_bytes() == ORIGINAL


def test_interrupt_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", failing_replace(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_output(tmp_path / "out.txt", "new\n")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_is_an_output_error(tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "out.tsv"
    with pytest.raises(OutputError, match=r"cannot be written \(No such file or directory\)") \
            as info:
        write_output(out, "a\n")
    assert info.value.path == str(out)
    assert not out.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only directories")
def test_read_only_directory_is_an_output_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="cannot be written"):
            write_output(folder / "out.tsv", "a\n")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_output(tmp_path, "a\n")


def test_same_file(source: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_bytes(ORIGINAL)
    assert same_file(source, hard_link(source))
    assert same_file(soft_link(source), source)
    assert same_file(source, source.parent / ".." / "x" / "in.txt")
    assert not same_file(source, other)
    assert not same_file(source, tmp_path / "missing.txt")
    assert not same_file("-", source)


def test_dev_stdout_redirected_to_a_file_is_appended_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/stdout >> log`` once renamed a temporary file over ``log``."""
    import subprocess
    import sys

    log = tmp_path / "log.txt"
    log.write_text("earlier line\n", encoding="utf-8")
    root = str(Path(__file__).parents[1])
    code = (f"import sys; sys.path.insert(0, {root!r}); from aligner.output import write_output; "
            "write_output('/dev/stdout', 'new line\\n')")
    with log.open("a", encoding="utf-8") as handle:
        subprocess.run([sys.executable, "-c", code], stdout=handle, check=True)
    assert log.read_text(encoding="utf-8") == "earlier line\nnew line\n"
    assert log.is_file() and not log.is_symlink()


def test_an_input_read_from_stdin_is_never_overwritten(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "s.txt"
    source.write_text("keep me\n", encoding="utf-8")
    root = str(Path(__file__).parents[1])
    code = (f"import sys; sys.path.insert(0, {root!r}); from aligner.output import write_output; "
            f"write_output({str(source)!r}, 'replaced', inputs=['-'])")
    with source.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-c", code], stdin=stdin, capture_output=True,
                              text=True)
    assert done.returncode != 0 and "is also an input" in done.stderr
    assert source.read_text(encoding="utf-8") == "keep me\n"
