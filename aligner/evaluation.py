"""Alignment quality as the literature scores it (Sennrich & Volk 2011; Bertalign, Vecalign).

Precision counts every test bead, null beads included; a strict hit is a bead that is
in the gold exactly, a lax hit one whose source and target ids are linked somewhere in
the gold (null beads hit only exactly). Recall swaps test and gold after dropping every
bead with an empty side from both. Counts pool over documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]

_GOLD_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def parse_alignment(text: str) -> list[BeadIds]:
    """Beads from ``[src ids]:[tgt ids]`` lines (Bertalign's and Vecalign's files)."""
    beads = []
    for line in text.splitlines():
        match = _GOLD_LINE.match(line)
        if match:
            beads.append(tuple(tuple(int(v) for v in side.replace(" ", "").split(",") if v)
                               for side in match.groups()))  # type: ignore[misc]
    return beads


def read_alignment(path: str | Path) -> list[BeadIds]:
    return parse_alignment(Path(path).read_text(encoding="utf-8"))


def format_alignment(beads: Iterable[BeadIds]) -> str:
    return "".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in beads)


@dataclass
class Counts:
    strict_p: int = 0
    lax_p: int = 0
    n_test: int = 0
    strict_r: int = 0
    lax_r: int = 0
    n_gold: int = 0

    def add(self, test: list[BeadIds], gold: list[BeadIds]) -> None:
        sp, lp = _hits(test, gold)
        self.strict_p, self.lax_p, self.n_test = self.strict_p + sp, self.lax_p + lp, \
            self.n_test + len(test)
        test_full = [b for b in test if b[0] and b[1]]
        gold_full = [b for b in gold if b[0] and b[1]]
        sr, lr = _hits(gold_full, test_full)
        self.strict_r, self.lax_r, self.n_gold = self.strict_r + sr, self.lax_r + lr, \
            self.n_gold + len(gold_full)

    def scores(self) -> dict[str, float]:
        out = {}
        for name, p_hits, r_hits in (("strict", self.strict_p, self.strict_r),
                                     ("lax", self.lax_p, self.lax_r)):
            p = p_hits / self.n_test if self.n_test else 0.0
            r = r_hits / self.n_gold if self.n_gold else 0.0
            out[f"{name}_precision"], out[f"{name}_recall"] = p, r
            out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        return out


def _hits(test: list[BeadIds], gold: list[BeadIds]) -> tuple[int, int]:
    gold_set = set(gold)
    links = {(s, t) for src, tgt in gold for s in src for t in tgt}
    strict = lax = 0
    for bead in test:
        exact = bead in gold_set
        strict += exact
        src, tgt = bead
        if exact or (src and tgt and any((s, t) in links for s in src for t in tgt)):
            lax += 1
    return strict, lax


def score(test: list[BeadIds], gold: list[BeadIds]) -> dict[str, float]:
    counts = Counts()
    counts.add(test, gold)
    return counts.scores()


def per_type_f1(pairs: Iterable[tuple[list[BeadIds], list[BeadIds]]]) -> dict[str, dict]:
    """Strict precision, recall and F1 for each bead type ("1-2" …), pooling documents.

    Within a type, precision is the share of test beads of that type found exactly in the
    gold and recall the share of gold beads of that type found exactly in the test.
    """
    tallies: dict[str, list[int]] = {}
    for test, gold in pairs:
        gold_set, test_set = set(gold), set(test)
        for bead in test:
            tally = tallies.setdefault(_type(bead), [0, 0, 0, 0])
            tally[0] += bead in gold_set
            tally[1] += 1
        for bead in gold:
            tally = tallies.setdefault(_type(bead), [0, 0, 0, 0])
            tally[2] += bead in test_set
            tally[3] += 1
    out = {}
    for name, (p_hits, n_test, r_hits, n_gold) in sorted(tallies.items()):
        p = p_hits / n_test if n_test else 0.0
        r = r_hits / n_gold if n_gold else 0.0
        out[name] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                     "n_test": n_test, "n_gold": n_gold}
    return out


def _type(bead: BeadIds) -> str:
    return f"{len(bead[0])}-{len(bead[1])}"
