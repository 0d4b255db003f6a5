"""Reading input text: encoding detection and the checks that reject unusable files.

The encodings promised, and only those: UTF-8 (with or without BOM), UTF-16 and UTF-32 (with
or without BOM), GB18030, Big5, and Windows-1252 for Latin-script text (it reads a Latin-1
file identically: Latin-1 text never uses the bytes 0x80-0x9F where the two differ).

1. A byte-order mark decides (UTF-32 marks first: UTF-32-LE's begins with UTF-16-LE's).
2. Bytes that are valid UTF-8 and hold no NUL are UTF-8; no detector runs on them, so a
   50 MB UTF-8 file costs one decode.
3. Otherwise every other promised encoding that decodes the whole file strictly is a reading,
   and two independent judges look at it: our language check (:func:`_judge`: frequent Han
   characters of the reading's own script for GB18030 and Big5, accented letters inside
   words for Windows-1252, no controls or stray scripts for UTF-16/32) and
   charset-normalizer's mess detector. A reading is taken only when it is the one the
   language check accepts and charset-normalizer does not find messy.
4. Anything else (two plausible readings, a vetoed one, none) is refused with one line that
   names the candidates and ``--encoding``. An unsure encoding is never guessed.

How the constants were chosen (the "measurement" below): 300 random windows per size (10,
20, 40, 80, 200, 1000 and 5000 characters) and per seed (two seeds) of real text: Simplified
Chinese (mac-dev zh, bible zh, the WMT22 zh sources, the repository's seeds) written as
GB18030; the same converted to Traditional with OpenCC s2twp, written as Big5; German and
French (text-berg) and English (mac-dev en, WMT22 references) written as Windows-1252. Of
12,600 windows none was read wrongly and 91 (0.7 %) were refused, 6 of them among the 3,600
of 1,000 characters or more. Whole files: all 50 Simplified files (GB18030, UTF-16/32 LE and
BE without BOM), 40 Traditional ones (Big5, UTF-16/32) and 84 Latin ones (Windows-1252,
UTF-16/32) read correctly; random bytes of 1 KB and more (150 of 150) and PNG, PDF, ZIP
and ELF files are refused as binary.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO, NoReturn

import charset_normalizer

from aligner.errors import InputError

STDIN = "-"

SUPPORTED = "UTF-8, UTF-16, UTF-32, GB18030, Big5 or Windows-1252"

# Byte-order marks, UTF-32 first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The promised encodings that have no mark: our name -> Python codec.
_UNICODE = {"utf-32-le": "utf_32_le", "utf-32-be": "utf_32_be",
            "utf-16-le": "utf_16_le", "utf-16-be": "utf_16_be"}
_LEGACY = {"gb18030": "gb18030", "big5": "big5", "windows-1252": "cp1252"}
_READINGS = {**_UNICODE, **_LEGACY}

# The share of judged characters that must fit a reading. Measured (see the module doc): the
# right reading scores p5 >= 0.947 from 20 characters on (0.90 at 10) and 1.0 at the median;
# Big5 read as GB18030 at most 0.71 (p95 0.28 from 80 characters on), GB18030 read as Big5
# p95 0.78 at 10 characters, 0.58 at 80 and 0.05 at 5,000 (the 18 windows above 0.9, of at
# most 80 characters or English with nothing but ‘ or –, are refused as ambiguous), UTF-16
# misreadings at most 0.8, Windows-1252 misreadings of Chinese p95 0.42 at 10 characters and
# 0.16 at 80.
MIN_SHARE = 0.9

# charset-normalizer's mess ratio above which it vetoes a reading. Its default, 0.2, vetoes
# dialogue-heavy Chinese: measured, the right reading's ratio reached 0.47 on windows of
# 20-200 characters (0.078 at most from 1,000 on); at 10 characters it often finds none.
MESS = 0.5

# charset-normalizer judges at most this many leading bytes: it measures its mess on five
# 512-byte chunks of what it is given, so more would only cost time on a 50 MB file.
_DETECTOR_SAMPLE = 1 << 16

# Control characters that text does not contain (tab, newlines and form feed aside); a
# reading judged also must not give C1 controls or replacement characters.
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v") + b"\x7f"

# Windows-1252 readings. Chinese read byte by byte gives runs of non-ASCII characters (each
# Chinese character is two bytes); GB18030 and Big5 punctuation give a Latin-1 symbol beside
# another byte ("¡¯" for ’, "¡K" for …). Real Latin text has accented letters inside ASCII
# words, and pairs of them at most ("rééquipe", "déçus"): measured on the whole Latin text
# (760,000 characters), the one longer run or paired Latin-1 symbol was a "©•" among stray
# symbols in a German file.
_LATIN_RUN = re.compile(r"[^\x00-\x7f\s]{2,}")
_LATIN1_SYMBOL = re.compile(r"[\xa1-\xbf]")
# Spanish opens with ¡ or ¿ after a space or an opening mark, never glued to a word.
_BANG_GLUED = re.compile(r"(?<=[^\s\"'(\[{“‘«¡¿—–-])[\xa1\xbf]")

# Punctuation that Chinese text, and English text saved in a Chinese encoding, commonly use.
_COMMON_PUNCT = frozenset(
    "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—–…·－～％．／＋＝＜＞＆　・"
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ")
# Symbols and letters that either Chinese encoding gives in real text: they judge nothing.
# Every other symbol (＊, ※, 〞, private-use characters, kana, Hangul) counts against a
# Chinese reading: they are what GB18030 and Big5 give when they read each other's bytes.
_NEUTRAL = frozenset(
    "±×÷°℃‰§№→←↑↓①②③④⑤⑥⑦⑧⑨⑩■□●○◆◇▲△★☆√∞≈≠≤≥∶"
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω")


# The most bytes one input may hold: 128 MiB. A whole book is 1-5 MB of text and the encoding
# detection above was sized for 50 MB files; more does not align in one piece anyway: every
# sentence is embedded and held, and measured, 64 MB of English paragraphs (from a Word file)
# took 1.7 GB and 4 minutes just to be read and found to have no Chinese. A larger file is
# refused before a byte is read, standard input once it has given this many bytes.
MAX_INPUT_BYTES = 128 << 20

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def open_input(path: str | Path, limit: int = MAX_INPUT_BYTES, *, hint: str = "") -> BinaryIO:
    """``path`` opened for reading, once it is known to be a regular file of at most
    ``limit`` bytes; anything else (a directory, a device such as ``/dev/zero``, a FIFO, a
    socket, a file too large) raises :class:`InputError` without reading a byte, and without
    waiting for a FIFO's writer; ``hint`` ends the line for one that is not a regular file.
    Missing or unreadable files raise OSError."""
    if stat.S_ISDIR(os.stat(path).st_mode):
        raise InputError(path, "is a directory, not a text file")
    # O_NONBLOCK: opening a FIFO would otherwise wait for a writer; fstat then looks at the
    # file really opened, not one swapped in after a check by name.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            kind = next((name for test, name in _KINDS if test(found.st_mode)), "a special file")
            raise InputError(path, f"is {kind}, not a regular file{hint}")
        if found.st_size > limit:
            raise InputError(path, _too_large(found.st_size, limit))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of ``path`` (``-``: standard input), at most ``limit`` of them: a larger
    input, or one that is not a regular file, raises :class:`InputError`."""
    try:
        if str(path) == STDIN:
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open_input(path, limit, hint=" (give - to read standard input)") as handle:
                data = handle.read(limit + 1)  # a file that grew since fstat: still capped
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(path, f"cannot be read ({reason})") from None
    if len(data) > limit:
        raise InputError(path, _too_large(None, limit))
    return data


def _too_large(size: int | None, limit: int) -> str:
    held = f"is {size / (1 << 20):,.0f} MiB, more than" if size is not None else "holds more than"
    return (f"{held} the {limit >> 20} MiB that aligner reads from one input: split it "
            "(a batch aligns many files)")


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Decode ``data``; with no ``encoding``, detect one of the promised encodings or refuse."""
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not valid {encoding} (byte {exc.start})") from None
        return _check_text(text.removeprefix("\ufeff"), path)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(name), path)
            except UnicodeDecodeError:
                raise InputError(path, f"has a {name} byte-order mark but is not {name}") from None
    if b"\x00" not in data:  # NUL is valid UTF-8, but in a text file it means UTF-16/32
        try:
            return _check_text(data.decode("utf-8"), path)
        except UnicodeDecodeError:
            pass
    return _check_text(detect(data, path)[1], path)


def detect(data: bytes, path: str | Path) -> tuple[str, str]:
    """The encoding of BOM-less ``data`` that is not UTF-8, and its text; else InputError.

    charset-normalizer can only veto: a reading that our language check accepts and it
    finds messy still stands beside any other, so it turns answers into refusals, never
    into other answers.
    """
    judged: list[tuple[str, float | None]] = []
    plausible: list[tuple[str, str]] = []
    for name, codec in _READINGS.items():
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _judge(text, name)
        judged.append((name, share))
        # A reading with nothing judged in it (None) is not contradicted: it stays plausible.
        if share is None or share >= MIN_SHARE:
            plausible.append((name, text))
    if len(plausible) == 1 and _not_messy(data, _READINGS[plausible[0][0]]):
        return plausible[0]
    if not plausible and (b"\x00" in data or _looks_binary(data)):
        raise InputError(path, "is a binary file, not text")
    if not judged:
        raise InputError(path, f"is not text in {SUPPORTED}: name its encoding with --encoding")
    # With no plausible reading, name the likeliest three, legacy ones first: a UTF-16/32
    # reading that fails the check is nonsense, a legacy one may be an odd mixed file.
    judged.sort(key=lambda item: (item[0] in _UNICODE, -(item[1] or 0.0)))
    _unclear(path, [name for name, _ in plausible] or [name for name, _ in judged[:3]])


def _unclear(path: str | Path, names: list[str]) -> NoReturn:
    raise InputError(path, f"encoding is unclear (could be {' or '.join(names)}): "
                           "name it with --encoding")


def _not_messy(data: bytes, codec: str) -> bool:
    """Whether charset-normalizer finds ``codec`` a reading of ``data`` that is not a mess.

    It is asked about the one reading our check accepts, never to choose among several:
    asked about several, it stops at the first reading without mess and would hide a
    second one that makes the file ambiguous.
    """
    found = charset_normalizer.from_bytes(_sample(data, codec), cp_isolation=[codec],
                                          threshold=MESS, preemptive_behaviour=False)
    return bool(found)


def _sample(data: bytes, codec: str) -> bytes:
    """At most _DETECTOR_SAMPLE leading bytes of ``data``, cut between two characters."""
    if len(data) <= _DETECTOR_SAMPLE:
        return data
    head = data[:_DETECTOR_SAMPLE]  # a multiple of 4: whole UTF-32 and UTF-16 code units
    if codec.startswith("utf_32"):
        return head
    if codec.startswith("utf_16"):
        high = head[-1] if codec.endswith("le") else head[-2]
        return head[:-2] if 0xD8 <= high <= 0xDB else head  # keep surrogate pairs whole
    # Bytes below 0x30 are never inside a GB18030 or Big5 character (their trail bytes are
    # 0x30-0x39 or 0x40 and up): cutting after one never splits a character.
    for end in range(len(head) - 1, -1, -1):
        if head[end] < 0x30:
            return head[:end + 1]
    return head


def _looks_binary(data: bytes) -> bool:
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(data) // 100)


@cache
def _common_han(codec: str) -> frozenset[str]:
    """The first-level (frequent) Han characters of GB2312 or Big5.

    GB2312 level 1 is rows 0xB0-0xD7: the 3,755 most used Simplified characters; Big5 level
    1 is 0xA440-0xC67E: 5,401 frequent Traditional ones. A Chinese encoding that reads the
    other's bytes gives mostly characters outside its own first level, or symbols.
    """
    if codec == "gb18030":
        codes = [(lead, trail) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF)]
    else:
        trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
        codes = [(lead, trail) for lead in range(0xA4, 0xC7) for trail in trails
                 if lead < 0xC6 or trail < 0x7F]
    chars = set()
    for lead, trail in codes:
        try:
            chars.add(bytes((lead, trail)).decode(codec))
        except UnicodeDecodeError:
            continue
    return frozenset(ch for ch in chars if "\u3400" <= ch <= "\u9fff")


def _is_latin_letter(ch: str) -> bool:
    return "\xc0" <= ch <= "\u024f" and unicodedata.category(ch).startswith("L")


def _judge(text: str, name: str) -> float | None:
    """The share of the judged characters of ``text``, read as ``name``, that fit it.

    None when nothing in ``text`` is judged (only ASCII and neutral characters, say).
    """
    if "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        return 0.0  # NULs and the like: a UTF-16/32 file read byte by byte, or binary
    counts = Counter(text)
    if name in _LEGACY and name != "windows-1252":
        return _zh_share(counts, _common_han(name))
    if name == "windows-1252":
        return _latin_share(text, counts)
    return _unicode_share(counts)


def _share(counts: Counter[str], fits: Callable[[str], bool | None]) -> float | None:
    """The share of characters ``fits`` calls True among those it judges (None: no opinion)."""
    yes = no = 0
    for ch, n in counts.items():
        verdict = fits(ch)
        if verdict is True:
            yes += n
        elif verdict is False:
            no += n
    return yes / (yes + no) if yes + no else None


def _zh_share(counts: Counter[str], common: frozenset[str]) -> float | None:
    """GB18030 or Big5: frequent Han characters of its own script and common punctuation."""
    def fits(ch: str) -> bool | None:
        if ch in common or ch in _COMMON_PUNCT:
            return True
        if ch < "\x80" or ch in _NEUTRAL or ch.isspace() or _is_latin_letter(ch):
            return None
        return False
    return _share(counts, fits)


def _latin_share(text: str, counts: Counter[str]) -> float | None:
    """Windows-1252: non-ASCII characters alone inside words, not in runs or glued symbols."""
    high = sum(n for ch, n in counts.items() if ch >= "\x80")
    if not high:
        return None
    bad = sum(len(run) for run in _LATIN_RUN.findall(text)
              if len(run) > 2 or _LATIN1_SYMBOL.search(run))
    bad += len(_BANG_GLUED.findall(text))
    return 1 - min(bad, high) / high


def _unicode_share(counts: Counter[str]) -> float | None:
    """UTF-16/32: printable ASCII, Latin letters, frequent Han of either script, punctuation."""
    common = _common_han("gb18030") | _common_han("big5")

    def fits(ch: str) -> bool | None:
        if ch < "\x80":
            return ch.isprintable() or ch in "\t\n\r\f\v"
        if ch in common or ch in _COMMON_PUNCT or _is_latin_letter(ch):
            return True
        return None if ch in _NEUTRAL or ch.isspace() else False
    return _share(counts, fits)


def _check_text(text: str, path: str | Path) -> str:
    controls = len(_C0.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(path, "is a binary file, not text")
    if not text or text.isspace():
        raise InputError(path, "is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The text of ``path`` (``-`` for stdin) with newlines normalised to ``\\n``."""
    return decode(read_bytes(path), path, encoding)
