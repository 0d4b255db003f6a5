"""The glossary against hand-made reference term lists, split by document: test first.

    python benchmarks/glossary_terms.py [--sets test,dev,train,seed] [--no-user-dictionary]
                                        [--top 50] [--show 80] [--set name=value ...]

The reference lists (benchmarks/glossary_refs/) were written from reading the texts, each
before looking at the glossary's output for it; each term lists every rendering the English
really uses. wmt22.tsv holds five wmt22 news documents, all "train", from which the
glossary's rules were written; wmt22_more.tsv eight more over every split. A document's
split is benchmarks/check_cases.py's (wmt22 news document index % 3: 0 test, 1 train,
2 dev). Only "test" is held out: no rule or weight was written from a test error.

Sets, each one corpus glossary of its documents (zh source and translator A, one bead per
segment, read in place from ../shared/eval):

- ``test``, ``dev``, ``train``: the reference documents of that split (train: the five of
  wmt22.tsv and two more);
- ``seed``: the aligned seed document (seed.tsv), also written before tuning, also used
  to write the rules (bar: terms right not below 0.90);
- ``rules``: the five documents of wmt22.tsv alone (the figure quoted before the split).

Reported per set:

- ``terms_right``: the share of reference terms whose best rendering (the glossary's ``en``)
  is one of the listed ones (a term missing from the glossary is wrong);
- ``top_precision``: the share of the top ``--top`` entries that are right: a reference term
  by its list, any other entry by benchmarks/glossary_refs/judged.tsv (entries judged by
  hand as they came up, right or wrong); entries judged by neither are listed as
  ``unjudged`` and left out of the share.

No curated glossary is merged in; the shipped glossaries only keep known Chinese terms
whole unless --no-user-dictionary. ``--set name=value`` overrides a weight of
:class:`aligner.glossary.GlossaryScoring` (to fit one on train, see glossary_fit.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from check_cases import wmt22_news
from paths import ROOT, SEED

from aligner import align
from aligner.embed import Encoder, get_encoder
from aligner.glossary import (
    GlossaryScoring,
    build_glossary,
    load_curated,
    shipped_glossaries,
    user_words,
)
from aligner.records import Bead, Term

REFS = ROOT / "benchmarks" / "glossary_refs"
WMT_LISTS = ("wmt22.tsv", "wmt22_more.tsv")
SPLITS = ("test", "dev", "train")
SETS = (*SPLITS, "seed", "rules")


def normal(text: str) -> str:
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-").strip()
    return text[4:] if text.startswith("the ") else text


def read_table(path: Path) -> list[list[str]]:
    rows = [line.rstrip("\n").split("\t") for line in path.open(encoding="utf-8")
            if line.strip() and not line.startswith("#")]
    return rows[1:]


def renderings(rows: Sequence[Sequence[str]]) -> dict[str, set[str]]:
    """Term → its normalised renderings (united over documents)."""
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row[0], set()).update(normal(r) for r in row[1].split("|"))
    return out


def wmt_rows() -> list[list[str]]:
    """The rows (zh, renderings, doc, split) of every wmt22 reference list."""
    return [row for name in WMT_LISTS for row in read_table(REFS / name)]


def judged() -> dict[tuple[str, str], bool]:
    return {(row[0], normal(row[1])): row[2] == "right"
            for row in read_table(REFS / "judged.tsv")}


def wmt_beads(docs: Sequence[str]) -> list[Bead]:
    """The wmt22 news documents ``docs`` (zh and translator A), one bead per segment, one
    block per document."""
    by_name = {d.name: d for d in wmt22_news()}
    beads: list[Bead] = []
    for block, name in enumerate(docs):
        doc = by_name[name]
        for number, (zh, en) in enumerate(zip(doc.zh, doc.en, strict=True)):
            beads.append(Bead((number,), (number,), zh, en, 1.0, block=block))
    return beads


def reference_sets(encoder: Encoder) -> dict[str, tuple[Callable[[], list[Bead]],
                                                       dict[str, set[str]]]]:
    """Set name → (its beads, read when called; its reference terms)."""
    rows = wmt_rows()
    out: dict[str, tuple[Callable[[], list[Bead]], dict[str, set[str]]]] = {}
    for split in SPLITS:
        mine = [row for row in rows if row[3] == split]
        docs = list(dict.fromkeys(row[2] for row in mine))
        out[split] = (lambda docs=docs: wmt_beads(docs), renderings(mine))
    out["seed"] = (lambda: list(align(SEED, encoder=encoder).beads),
                   renderings(read_table(REFS / "seed.tsv")))
    first = read_table(REFS / "wmt22.tsv")
    out["rules"] = (lambda: wmt_beads(list(dict.fromkeys(row[2] for row in first))),
                    renderings(first))
    return out


def evaluate(terms: list[Term], ref: dict[str, set[str]], verdicts: dict[tuple[str, str], bool],
             top: int) -> dict[str, object]:
    by_zh = {t.zh: t for t in terms}
    wrong_terms = {zh: by_zh[zh].en if zh in by_zh else None for zh, renderings in ref.items()
                   if zh not in by_zh or normal(by_zh[zh].en) not in renderings}
    good = judged_count = 0
    unjudged, wrong_top = [], []
    for term in terms[:top]:
        if term.zh in ref:
            verdict: bool | None = normal(term.en) in ref[term.zh]
        else:
            verdict = verdicts.get((term.zh, normal(term.en)))
        if verdict is None:
            unjudged.append(f"{term.zh}\t{term.en}")
            continue
        judged_count += 1
        good += verdict
        if not verdict:
            wrong_top.append(f"{term.zh} → {term.en} ({term.score:.2f})")
    right = len(ref) - len(wrong_terms)
    return {"terms": len(ref), "terms_right": round(right / len(ref), 3),
            "top": top, "top_judged": judged_count,
            "top_precision": round(good / judged_count, 3) if judged_count else None,
            "entries": len(terms), "wrong_terms": wrong_terms, "wrong_in_top": wrong_top,
            "unjudged": unjudged}


def show(terms: list[Term], count: int) -> None:
    for rank, t in enumerate(terms[:count], 1):
        alternates = f"  [{' | '.join(t.alternates)}]" if t.alternates else ""
        print(f"{rank:3d} {t.score:.3f} {t.count:2d} {t.zh} → {t.en}{alternates}")


def overrides(pairs: Sequence[str]) -> GlossaryScoring:
    """A :class:`GlossaryScoring` with ``name=value`` overrides."""
    defaults = GlossaryScoring()
    changes: dict[str, float | int] = {}
    for item in pairs:
        name, _, value = item.partition("=")
        kind = type(getattr(defaults, name))
        changes[name] = kind(float(value)) if kind is int else float(value)
    return dataclasses.replace(defaults, **changes)


# The beads of each set, read once per process (the seed is aligned).
_BEADS: dict[str, list[Bead]] = {}


def glossaries(sets: Sequence[str], *, encoder: Encoder, words: Sequence[str],
               scoring: GlossaryScoring) -> dict[str, tuple[list[Term], float]]:
    """Per set, its glossary and the seconds it took."""
    available = reference_sets(encoder)
    out = {}
    for name in sets:
        if name not in _BEADS:
            _BEADS[name] = available[name][0]()
        started = time.perf_counter()
        terms = build_glossary(_BEADS[name], encoder=encoder, user_words=words,
                               scoring=scoring)
        out[name] = (terms, time.perf_counter() - started)
    return out


def measure(sets: Sequence[str], *, encoder: Encoder, words: Sequence[str],
            scoring: GlossaryScoring, top: int = 50, show_count: int = 0
            ) -> dict[str, dict[str, object]]:
    """Per set, the figures of :func:`evaluate` and the seconds the glossary took."""
    verdicts = judged()
    available = reference_sets(encoder)
    report: dict[str, dict[str, object]] = {}
    for name, (terms, seconds) in glossaries(sets, encoder=encoder, words=words,
                                             scoring=scoring).items():
        if show_count:
            print(f"--- {name}")
            show(terms, show_count)
        result = evaluate(terms, available[name][1], verdicts, top)
        result["seconds"] = round(seconds, 2)
        report[name] = result
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="test,dev,train,seed",
                        help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--no-user-dictionary", action="store_true")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--show", type=int, default=0, help="print this many entries of each")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a GlossaryScoring weight")
    args = parser.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    if unknown := set(sets) - set(SETS):
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    encoder = get_encoder()
    words = [] if args.no_user_dictionary else user_words(load_curated(shipped_glossaries()))
    report = measure(sets, encoder=encoder, words=words, scoring=overrides(args.set),
                     top=args.top, show_count=args.show)
    summary = {name: {"terms": r["terms"], "terms_right": r["terms_right"],
                      f"top{args.top}_precision": r["top_precision"],
                      "top_judged": r["top_judged"]} for name, r in report.items()}
    print(json.dumps({"user_dictionary": not args.no_user_dictionary, "summary": summary,
                      **report}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
