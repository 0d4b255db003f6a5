"""Planted errors: does a left-out or an added passage come out as 0-1 / 1-0 beads where it
stands, with every other bead as before, and does ``check`` report it?

    python benchmarks/planted.py [--documents 12]

Documents: the seed readout (its Chinese and English paragraphs as two files) and the
wmt22-zh-en news documents set aside from training (every third, from the first; see
benchmarks/train_scoring.py), each segment a paragraph. In each, five errors are planted
one at a time: an unrelated English paragraph inserted (from another document), a Chinese
paragraph deleted, a Chinese sentence deleted, an unrelated English sentence added to a
paragraph, and an English sentence deleted (an omission: its Chinese is left without a
translation). A case passes "null" when every planted or orphaned sentence is in a 0-1 or
1-0 bead, "kept" when every bead of the clean alignment that the error does not touch is
still there, and "check" when ``aligner check`` reports an omission or addition naming
it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter

from check_cases import seed_readout
from train_scoring import wmt_news

from aligner import align_texts
from aligner.check import check_alignment
from aligner.embed import get_encoder

KINDS = ("insert en paragraph", "delete zh paragraph", "delete zh sentence",
         "add en sentence", "delete en sentence")


def documents(count: int) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(name, zh paragraphs, en paragraphs, unrelated English sentences to plant)."""
    news = [(name, ["".join(s) for s in zh], [" ".join(s) for s in en])
            for index, (name, zh, en) in enumerate(wmt_news()) if index % 3 == 0]
    news = [d for d in news if len(d[1]) >= 4][:count]
    out = []
    zh, en = seed_readout()
    out.append(("seed readout", zh, en, [news[0][2][1], news[0][2][2]]))
    for k, (name, zh, en) in enumerate(news):
        donor = news[(k + 1) % len(news)][2]
        out.append((name, zh, en, [donor[1], donor[2]]))
    return out


def run_case(kind: str, zh: list[str], en: list[str], unrelated: list[str], encoder) -> dict:
    clean = align_texts("\n".join(zh), "\n".join(en), encoder=encoder)
    clean_pairs = [(b.zh, b.en) for b in clean.beads]
    at = len(zh) // 2
    if kind == "insert en paragraph":
        planted_zh, planted_en = zh, [*en[:at], unrelated[0], *en[at:]]
        orphans, side = [unrelated[0]], "en"
    elif kind == "delete zh paragraph":
        planted_zh, planted_en = [*zh[:at], *zh[at + 1:]], en
        orphans, side = [b.en for b in clean.beads if b.zh and b.zh in zh[at]], "en"
    elif kind == "delete zh sentence":
        bead = next(b for b in clean.beads if b.zh and b.en and b.zh in zh[at])
        planted_zh = [*zh[:at], zh[at].replace(bead.zh, "", 1), *zh[at + 1:]]
        planted_en = en
        orphans, side = [bead.en], "en"
    elif kind == "delete en sentence":  # an omission: a sentence left untranslated
        bead = next(b for b in clean.beads if b.zh and b.en and b.en in en[at])
        planted_zh = zh
        planted_en = [*en[:at], en[at].replace(bead.en, "", 1).strip(), *en[at + 1:]]
        orphans, side = [bead.zh], "zh"
    else:
        added = unrelated[1]
        planted_zh, planted_en = zh, [*en[:at], en[at] + " " + added, *en[at + 1:]]
        orphans, side = [added], "en"
    index = 0 if side == "zh" else 1
    planted = align_texts("\n".join(planted_zh), "\n".join(planted_en), encoder=encoder,
                          keep_vectors=True)  # check finds sentences hidden in merged beads
    null_text = " ".join(getattr(b, side) for b in planted.beads
                         if not (b.zh.strip() and b.en.strip()))
    # A clean bead is touched if it holds an orphan or, where text was deleted, text that
    # is gone.
    left = ("\n".join(planted_zh), "\n".join(planted_en)) if kind.startswith("delete") \
        else None
    touched = {p for p in clean_pairs
               if any(o and (o in p[index] or p[index] in o) for o in orphans)
               or (left and any(p[s] and p[s] not in left[s] for s in (0, 1)))}
    kept = [p for p in clean_pairs if p not in touched]
    planted_pairs = {(b.zh, b.en) for b in planted.beads}
    findings = check_alignment(planted, checks=["omission", "addition"])
    reported = " ".join(f"{f.zh} {f.en} {f.message}" for f in findings)
    words = [o.split()[:6] for o in orphans if o.strip()]
    return {"null": all(_covered(o, null_text) for o in orphans if o.strip()),
            "kept": sum(p in planted_pairs for p in kept), "of": len(kept),
            "check": bool(words) and all(" ".join(w) in reported for w in words)}


def _covered(text: str, inside: str) -> bool:
    """Every sentence-sized piece of ``text`` is in ``inside`` (null beads hold sentences)."""
    return all(piece.strip() in inside for piece in re.split(r"(?<=[.。!?！？])\s*", text)
               if piece.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=12)
    args = parser.parse_args()
    encoder = get_encoder()
    totals: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    for name, zh, en, unrelated in documents(args.documents):
        for kind in KINDS:
            result = run_case(kind, zh, en, unrelated, encoder)
            print(json.dumps({"document": name, "case": kind, **result}, ensure_ascii=False))
            totals[kind].update({"cases": 1, "null": result["null"],
                                 "all_kept": result["kept"] == result["of"],
                                 "check": result["check"]})
    print(json.dumps({kind: dict(c) for kind, c in totals.items()}))


if __name__ == "__main__":
    main()
