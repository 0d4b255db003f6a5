"""Time and peak memory of `aligner align` on a zh+en pair of about 50 MB, made from the bible.

    python benchmarks/big_pair.py [--megabytes 50]

../shared/eval/bible (0.48 MB Chinese, 0.65 MB English) is repeated until both files
together hold the given size, and every few copies a paragraph without any punctuation
(1 MB, 0.5 MB, 0.25 MB, 0.1 MB of UTF-8 in turn) is put at the same place on both
sides, as a flattened table or an OCR dump would be. Aligned end to end in a fresh process
from the command line, as a user would (read, segment, embed, align, write a TSV).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from long_paragraph import EN_UNIT, ZH_UNIT, align_files
from paths import EVAL

BIBLE = EVAL / "bible"
# Sizes of the unpunctuated paragraphs, in bytes of UTF-8, used in turn.
LONG_PARAGRAPHS = (1_000_000, 500_000, 250_000, 100_000)
# Copies of the bible between two unpunctuated paragraphs.
EVERY = 8


def make(folder: Path, megabytes: float) -> tuple[Path, Path]:
    zh_text = (BIBLE / "zh" / "001").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    en_text = (BIBLE / "en" / "001").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    target = int(megabytes * 1_000_000)
    zh_path, en_path = folder / "zh.txt", folder / "en.txt"
    size = copies = 0
    with zh_path.open("w", encoding="utf-8") as zh, en_path.open("w", encoding="utf-8") as en:
        while size < target:
            zh.write(zh_text)
            en.write(en_text)
            size += len(zh_text.encode()) + len(en_text.encode())
            copies += 1
            if copies % EVERY == 0:
                long = LONG_PARAGRAPHS[(copies // EVERY - 1) % len(LONG_PARAGRAPHS)]
                zh.write(ZH_UNIT * (long // len(ZH_UNIT.encode()) + 1) + "\n\n")
                en.write(EN_UNIT * (long // len(EN_UNIT) + 1) + "\n\n")
                size += 2 * long
    return zh_path, en_path


def run(megabytes: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        return align_files(*make(Path(tmp), megabytes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50.0)
    args = parser.parse_args()
    print(json.dumps(run(args.megabytes)))


if __name__ == "__main__":
    main()
