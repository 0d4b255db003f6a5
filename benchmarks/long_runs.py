"""Long runs of paragraphs: one paragraph translated by 8-10 paragraphs, three by one.

    python benchmarks/long_runs.py [--documents 12] [--verbose] [--run 8 10]

Xinhua's English wire cuts the translation of one Chinese paragraph into many short ones;
other layouts join several paragraphs into one. Each document is laid out four ways, each
in both directions, and aligned as two files (``aligner align zh.txt en.txt``):

- ``zh 1 - en N`` (N = 8-10): a run of consecutive segments whose English has 8-10
  sentences: its Chinese is one paragraph, each of its English sentences a paragraph;
- ``en 1 - zh N``: the same with the sides swapped (the run's Chinese has 8-10 sentences);
- ``zh 3 - en 1``: three consecutive segments' English is one paragraph;
- ``en 3 - zh 1``: three consecutive segments' Chinese is one paragraph.

The rest of the document keeps one paragraph per segment on both sides. Documents: the seed
readout (4 Chinese and 4 English paragraphs; its 1-8 run is its paragraphs 2-3, whose 8
English sentences become 8 paragraphs, its 8-1 its paragraphs 1-3, 8 Chinese sentences) and
the wmt22-zh-en news documents set aside from training (every third, from the first; see
benchmarks/check_cases.py) with room for a run, each segment a paragraph, read in place
from ../shared/eval. A run is placed as near the middle of the document as it fits, where
the aligner's sentence splitter cuts the joined text as it cuts the segments (so sentence
ids are the same in every layout). ``--run 12 16`` asks for longer runs.

A bead is right if its sentences lie in one segment on both sides (the seed: if it is one of
the beads of its clean alignment, checked by hand) and it is no 0-1 or 1-0 bead: wmt22
segments translate each other whole. A case passes when every bead is right. Four wmt22
documents end a quotation with " 。 ”": the sentence splitter makes the lone ” a sentence
(a paragraph of the run keeps it with the sentence before it), which comes out as a 1-0
bead in the clean layout and is taken in by a neighbouring bead in others. Sentences of
punctuation alone are left out of the judgement: a bead of nothing else is counted apart
(``stray``), not as a null bead, and a bead is judged by its other sentences. ``same``
counts the cases whose beads are those of the clean layout (one paragraph a segment on both
sides).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from check_cases import seed_readout, wmt22_news

from aligner import align_texts
from aligner.embed import get_encoder
from aligner.segment.sentences import sentence_spans, split_sentences

JOIN = {"zh": "", "en": " "}
LAYOUTS = ("zh 1 - en N", "en 1 - zh N", "zh 3 - en 1", "en 3 - zh 1")
# Paragraphs the one paragraph of a long run is cut into (the bar: 8-10; --run).
RUN = (8, 10)


@dataclass(frozen=True)
class Document:
    """Aligned segments: ``zh[k]`` and ``en[k]`` translate each other; ``gold``, the right
    beads as (zh, en) sentence ids (None: any bead inside one segment is right)."""

    name: str
    zh: list[str]
    en: list[str]
    gold: set[tuple[tuple[int, ...], tuple[int, ...]]] | None = None


def sentences(text: str, side: str) -> list[str]:
    return split_sentences(text, side) or [text]


def layout(doc: Document, kind: str, run: tuple[int, int] = RUN
           ) -> tuple[list[str], list[str], tuple[int, int]] | None:
    """The document's Chinese and English paragraphs in layout ``kind`` and the segments
    (start, stop) of its run, or None if no run of the right size (``run``: the fewest
    and most paragraphs of the one cut into many) keeps its sentences."""
    one, many = ("zh", "en") if kind.startswith("zh 1") else ("en", "zh")
    if kind.endswith("- en 1") or kind.endswith("- zh 1"):
        one = kind[-4:-2]
        for start in _middle_out(len(doc.zh) - 2):
            if _keeps_sentences(doc, one, start, start + 3):
                return _paragraphs(doc, one, None, (start, start + 3))
        return None
    for start in _middle_out(len(doc.zh)):
        count, stop = 0, start
        while stop < len(doc.zh) and count < run[0]:
            count += len(sentences(_side(doc, many)[stop], many))
            stop += 1
        if run[0] <= count <= run[1] and (start, stop) != (0, len(doc.zh)) \
                and _keeps_sentences(doc, one, start, stop):
            return _paragraphs(doc, one, many, (start, stop))
    return None


def _side(doc: Document, side: str) -> list[str]:
    return doc.zh if side == "zh" else doc.en


def _middle_out(count: int) -> list[int]:
    """0 .. count - 1 from the middle outwards."""
    middle = count // 2
    return sorted(range(max(0, count)), key=lambda k: (abs(k - middle), k))


def _keeps_sentences(doc: Document, side: str, start: int, stop: int) -> bool:
    """Whether joining segments start .. stop - 1 of ``side`` into one paragraph leaves
    the splitter's sentences as they were."""
    segments = _side(doc, side)[start:stop]
    return sentences(JOIN[side].join(segments), side) == \
        [s for segment in segments for s in sentences(segment, side)]


def _paragraphs(doc: Document, one: str, many: str | None, run: tuple[int, int]
                ) -> tuple[list[str], list[str], tuple[int, int]]:
    """``one``'s run joined into one paragraph; ``many``'s run (if given) a paragraph a
    sentence; every other segment a paragraph."""
    start, stop = run
    out = {}
    for side in ("zh", "en"):
        segments = _side(doc, side)
        if side == one:
            middle = [JOIN[side].join(segments[start:stop])]
        elif side == many:
            middle = [p for segment in segments[start:stop] for p in _cut(segment, side)]
        else:
            middle = segments[start:stop]
        out[side] = [*segments[:start], *middle, *segments[stop:]]
    return out["zh"], out["en"], run


def _cut(segment: str, side: str) -> list[str]:
    """A segment cut into one paragraph a sentence; a sentence of punctuation alone (a lone
    closing quote) stays in the paragraph before it, with the text between them."""
    pieces = sentence_spans(segment, side)
    starts = [p.start for k, p in enumerate(pieces)
              if k == 0 or _has_content(segment[p.start:p.end])]
    return [segment[a:b].strip() for a, b in zip(starts, [*starts[1:], len(segment)],
                                                  strict=True)]


def segment_of(segments: Sequence[str], side: str) -> list[int]:
    """The segment of each sentence of the document."""
    return [k for k, segment in enumerate(segments) for _ in sentences(segment, side)]


def judge(doc: Document, beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> dict:
    """Wrong beads, null beads and beads of punctuation alone (``stray``) among ``beads``
    (sentence ids in the document). A sentence of punctuation alone is left out of the
    judgement: it is right with whichever bead takes it."""
    content = {side: [_has_content(s) for segment in _side(doc, side)
                      for s in sentences(segment, side)] for side in ("zh", "en")}
    judged = [(tuple(i for i in zh if content["zh"][i]), tuple(j for j in en if content["en"][j]))
              for zh, en in beads]
    stray = [b for b in judged if not (b[0] or b[1])]
    nulls = [b for b, whole in zip(judged, beads, strict=True)
             if (b[0] or b[1]) and not (whole[0] and whole[1])]
    zh_segment, en_segment = segment_of(doc.zh, "zh"), segment_of(doc.en, "en")
    if doc.gold is not None:
        wrong = [b for b in beads if b[0] and b[1] and b not in doc.gold]
    else:
        wrong = [b for b in judged if b[0] and b[1]
                 and len({zh_segment[i] for i in b[0]} | {en_segment[j] for j in b[1]}) > 1]
    return {"wrong": len(wrong), "nulls": len(nulls), "stray": len(stray),
            "beads": len(beads)}


def _has_content(sentence: str) -> bool:
    """Whether a sentence holds a letter or digit (not punctuation alone)."""
    return any(c.isalnum() for c in sentence)


# The seed readout's beads laid out as it stands (four paragraphs a side), checked by hand
# (tests/test_long_runs.py holds the same): (Chinese sentences, English sentences).
SEED_GOLD = {((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4, 5, 6)), ((4,), (7,)),
             ((5,), (8,)), ((6,), (9,)), ((7,), (10, 11)), ((8,), (12,))}


def documents(count: int, run: tuple[int, int] = RUN) -> list[Document]:
    """The seed readout (gold: SEED_GOLD) and up to ``count`` wmt22 test documents with
    room for a long run."""
    zh, en = seed_readout()
    out = [Document("seed readout", zh, en, SEED_GOLD)]
    news = [Document(d.name, d.zh, d.en) for d in wmt22_news() if d.split == "test"]
    out += [d for d in news if len(d.zh) >= run[0] + 2][:count]
    return out


def run(count: int, verbose: bool = False, align: Callable = align_texts,
        sizes: tuple[int, int] = RUN) -> dict:
    encoder = get_encoder()
    totals: dict[str, Counter] = {kind: Counter() for kind in LAYOUTS}
    started = time.perf_counter()
    for doc in documents(count, sizes):
        clean = align("\n".join(doc.zh), "\n".join(doc.en), encoder=encoder)
        clean_beads = [(b.zh_ids, b.en_ids) for b in clean.beads]
        clean_judged = judge(doc, clean_beads)
        for kind in LAYOUTS:
            laid = layout(doc, kind, sizes)
            if laid is None:
                continue
            zh, en, segments = laid
            alignment = align("\n".join(zh), "\n".join(en), encoder=encoder)
            beads = [(b.zh_ids, b.en_ids) for b in alignment.beads]
            judged = judge(doc, beads)
            result = {"document": doc.name, "layout": kind, "run": segments,
                      "paragraphs": (len(zh), len(en)), **judged,
                      "clean": clean_judged,
                      "same": beads == clean_beads,
                      "most_confident_null": max(
                          (b.score for b in alignment.beads if not (b.zh and b.en)),
                          default=None)}
            if verbose:
                print(json.dumps(result, ensure_ascii=False), flush=True)
            right = judged["wrong"] == judged["nulls"] == 0
            clean_right = clean_judged["wrong"] == clean_judged["nulls"] == 0
            totals[kind].update({"cases": 1, "right": int(right), "same": int(result["same"]),
                                 "wrong_beads": judged["wrong"],
                                 "null_beads": judged["nulls"], "stray": judged["stray"],
                                 "clean_right": int(clean_right)})
    summary = {kind: dict(c) for kind, c in totals.items()}
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=12,
                        help="wmt22 test documents at most (there are 8 with room)")
    parser.add_argument("--verbose", action="store_true", help="one line per case")
    parser.add_argument("--run", type=int, nargs=2, default=RUN, metavar=("FEWEST", "MOST"),
                        help="paragraphs the one paragraph of a 1-N run is cut into")
    args = parser.parse_args()
    print(json.dumps(run(args.documents, args.verbose, sizes=tuple(args.run))))


if __name__ == "__main__":
    main()
