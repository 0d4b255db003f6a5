"""Text fidelity: beads whose text is not source text, on the seed, on a two-file version of
it, and on a generated corpus with long paragraphs (the real model, through the CLI).

    python benchmarks/fidelity.py [--megabytes 1]

A bead's text is source text when each of its paragraph pieces (it holds a newline where
its sentences cross a paragraph break) occurs verbatim in the input. The generated corpus
mixes contractions, quotes, dashes, ellipses, full-width punctuation, odd spacing, CRLF
line ends, emoji and Traditional characters, with paragraphs up to 12,000 characters and
some with no sentence end at all.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paths import SEED

ZH_WORDS = ["中美", "经贸", "磋商", "关税", "合作", "双方", "同意", "臺灣", "會議", "發展",
            "进一步", "301", "2025年", "芬太尼", "😀", "“对等关税”", "《人民日报》", "——", "……",
            " "]
ZH_ENDS = ["。", "！", "？", "……", "。”", "！」", "；"]
EN_WORDS = ["didn't", "won't", "it's", "U.S.", "Mr.", "Section", "301", "tariffs", "—",
            "...", "\"quoted\"", "‘single’", "(brackets)", "3.5%", "e.g.", "Zürich", "😀",
            "Jan.", "No.", "trade", "talks", "co-operation", "the", "and", "of"]
EN_ENDS = [".", "!", "?", "...", ".\"", "?'", ";"]
SPACES = [" ", " ", " ", " ", "  ", "\t", "\u3000"]


def paragraph(rng: random.Random, words: list[str], ends: list[str], sep: list[str],
              sentences: int, ended: bool) -> str:
    out = []
    for _ in range(sentences):
        body = rng.choice(sep).join(rng.choice(words) for _ in range(rng.randint(3, 30)))
        out.append(body + (rng.choice(ends) if ended else "") + rng.choice(sep))
    return "".join(out).strip()


def corpus(megabytes: float, seed: int = 1) -> tuple[str, str]:
    rng = random.Random(seed)
    zh, en, size = [], [], 0
    while size < megabytes * 1_000_000:
        sentences = rng.choice([1, 3, 10, 40, 120])  # up to about 12,000 characters
        ended = rng.random() > 0.05
        zh.append(paragraph(rng, ZH_WORDS, ZH_ENDS, ["", "", " "], sentences, ended))
        en.append(paragraph(rng, EN_WORDS, EN_ENDS, SPACES, sentences, ended))
        size += len(zh[-1].encode()) + len(en[-1].encode())
    newline = lambda: rng.choice(["\n", "\n\n", "\r\n"])  # noqa: E731
    return ("".join(p + newline() for p in zh), "".join(p + newline() for p in en))


def not_in_source(jsonl: str, zh: str, en: str, mixed: bool = False) -> tuple[int, int]:
    """Beads whose text is not source text: one slice of its side's text, or, in a mixed
    document, pieces that each are (a paragraph of the other language stood between)."""
    zh, en = zh.replace("\r\n", "\n"), en.replace("\r\n", "\n")
    records = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    beads = [record for record in records if "zh" in record]  # not the signature

    def source_text(text: str, side: str) -> bool:
        pieces = text.split("\n") if mixed else [text]
        return all(piece in side for piece in pieces)

    bad = [b for b in beads if not (source_text(b["zh"], zh) and source_text(b["en"], en))]
    return len(bad), len(beads)


def align(*paths: Path) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "aligner", "align", *map(str, paths), "-q",
                           "--format", "jsonl"], check=True, capture_output=True, text=True)
    return done.stdout, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        out, seconds = align(SEED)
        seed_text = SEED.read_text(encoding="utf-8")
        results["seed"] = (*not_in_source(out, seed_text, seed_text, mixed=True),
                           round(seconds, 1))

        from aligner.segment import ZH, detect_language

        lines = seed_text.split("\n")
        zh = Path(tmp) / "zh.txt"
        en = Path(tmp) / "en.txt"
        zh.write_text("\n".join(x for x in lines if detect_language(x) == ZH), encoding="utf-8")
        en.write_text("\n".join(x for x in lines if detect_language(x) not in (ZH, None)),
                      encoding="utf-8")
        out, seconds = align(en, zh)
        results["seed, two files"] = (*not_in_source(out, zh.read_text(), en.read_text()),
                                      round(seconds, 1))

        zh_text, en_text = corpus(args.megabytes)
        zh.write_bytes(zh_text.encode("utf-8"))
        en.write_bytes(en_text.encode("utf-8"))
        out, seconds = align(zh, en)
        results[f"generated {args.megabytes:g} MB"] = (*not_in_source(out, zh_text, en_text),
                                                      round(seconds, 1))
    for name, (bad, total, seconds) in results.items():
        print(json.dumps({"input": name, "beads": total, "not_source_text": bad,
                          "seconds": seconds}, ensure_ascii=False))


if __name__ == "__main__":
    main()
