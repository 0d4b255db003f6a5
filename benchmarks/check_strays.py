"""How often the omission/addition check fires inside merged beads, on mac-dev's gold beads.

    python benchmarks/check_strays.py [--model NAME]

Two figures, from ../shared/eval/mac-dev (literary zh→en translations):
- false alarms: the share of gold beads with several sentences on a side (2-1, 1-3, ...)
  in which :func:`aligner.check.strays.find_strays` reports a sentence. Literary
  translators do leave things out, so not every one of these is wrong, but each costs a
  translator a look.
- found: gold beads with one sentence of a bead ten further on added to one side, the
  share in which that planted sentence is reported.
It also prints the share of aligned beads under each low-score threshold.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from paths import EVAL

from aligner import align_texts
from aligner.check.checks import DEFAULT_LOW_SCORE
from aligner.check.strays import find_strays
from aligner.embed import get_encoder
from aligner.records import Bead
from aligner.segment import alignment_from_beads

MAC_DEV = EVAL / "mac-dev"
PLANT_DISTANCE = 10


def read_gold(path: Path) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        left, right = line.split(":")
        beads.append(tuple([int(x) for x in side.strip("[] ").split(",") if x.strip()]
                           for side in (left, right)))
    return beads


def make_bead(zh: list[str], en: list[str]) -> Bead:
    return Bead(tuple(range(len(zh))), tuple(range(len(en))), "".join(zh), " ".join(en), 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--eval-root", type=Path, default=MAC_DEV)
    args = parser.parse_args()
    encoder = get_encoder(args.model)
    merged: list[Bead] = []
    planted: list[tuple[Bead, str]] = []
    scores: list[float] = []
    for gold_path in sorted((args.eval_root / "gold").iterdir()):
        doc = gold_path.name.split(".")[0]
        zh_text = (args.eval_root / "zh" / doc).read_text(encoding="utf-8")
        en_text = (args.eval_root / "en" / doc).read_text(encoding="utf-8")
        zh, en = zh_text.split("\n"), en_text.split("\n")
        full = [(z, e) for z, e in read_gold(gold_path) if z and e]
        for k, (z, e) in enumerate(full):
            zs, es = [zh[i] for i in z], [en[j] for j in e]
            if len(zs) > 1 or len(es) > 1:
                merged.append(make_bead(zs, es))
            far_z, far_e = full[(k + PLANT_DISTANCE) % len(full)]
            planted.append((make_bead(zs, [*es, en[far_e[0]]]), "en"))
            planted.append((make_bead([*zs, zh[far_z[0]]], es), "zh"))
        beads = align_texts(zh_text, en_text, presplit=True, encoder=encoder)
        scores += [b.similarity for b in beads if b.zh_ids and b.en_ids]
    alarms = sum(1 for strays in find_strays(alignment_from_beads(merged), encoder) if strays)
    found_lists = find_strays(alignment_from_beads([bead for bead, _ in planted]), encoder)
    found = 0
    for (bead, side), strays in zip(planted, found_lists, strict=True):
        last = bead.zh if side == "zh" else bead.en
        found += any(s.side == side and s.span[1] == len(last) for s in strays)
    score_array = np.asarray(scores)
    print(json.dumps({
        "merged_gold_beads": len(merged),
        "false_alarm_share": round(alarms / max(1, len(merged)), 4),
        "planted": len(planted),
        "found_share": round(found / max(1, len(planted)), 4),
        "aligned_beads": len(scores),
        "share_below_low_score": {str(t): round(float((score_array < t).mean()), 4)
                                  for t in (0.2, 0.25, DEFAULT_LOW_SCORE, 0.35, 0.4)},
    }, indent=2))


if __name__ == "__main__":
    main()
