"""The glossary against hand-made reference term lists: the seed and five wmt22 news documents.

    python benchmarks/glossary_terms.py [--no-user-dictionary] [--top 50] [--show 80]

The reference lists (benchmarks/glossary_refs/{seed,wmt22}.tsv) were written from reading
the texts before any tuning; each term lists every rendering the English really uses.
Reported per set:

- ``terms_right``: the share of reference terms whose best rendering (the glossary's ``en``)
  is one of the listed ones (a term missing from the glossary is wrong);
- ``top_precision``: the share of the top ``--top`` entries that are right: a reference term
  by its list, any other entry by benchmarks/glossary_refs/judged.tsv (entries judged by
  hand as they came up, right or wrong); entries judged by neither are listed as
  ``unjudged`` and left out of the share.

The seed glossary is built from the aligned seed document; the wmt22 one is one corpus
glossary of the five documents (zh source and translator A, one bead per segment, read in
place from ../shared/eval). No curated glossary is merged in; the shipped glossaries only
keep known Chinese terms whole unless --no-user-dictionary.
"""

from __future__ import annotations

import argparse
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from paths import EVAL, ROOT, SEED

from aligner import align
from aligner.embed import get_encoder
from aligner.glossary import build_glossary, load_curated, shipped_glossaries, user_words
from aligner.records import Bead, Term

REFS = ROOT / "benchmarks" / "glossary_refs"
WMT = EVAL / "wmt22-zh-en" / "wmttest2022.zh-en.xml"
WMT_DOCS = ("chinese.dw.com.4112", "voa-voachinese.14555", "xinhua-zh-01.103911",
            "xinhua-zh-01.103949", "nhan_dan-zh.8742")


def normal(text: str) -> str:
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-").strip()
    return text[4:] if text.startswith("the ") else text


def read_table(path: Path) -> list[list[str]]:
    rows = [line.rstrip("\n").split("\t") for line in path.open(encoding="utf-8")
            if line.strip() and not line.startswith("#")]
    return rows[1:]


def reference(name: str) -> dict[str, set[str]]:
    return {row[0]: {normal(r) for r in row[1].split("|")} for row in read_table(REFS / name)}


def judged() -> dict[tuple[str, str], bool]:
    return {(row[0], normal(row[1])): row[2] == "right"
            for row in read_table(REFS / "judged.tsv")}


def wmt_beads() -> list[Bead]:
    root = ET.parse(WMT).getroot()
    beads: list[Bead] = []
    for doc in root.iter("doc"):
        if doc.get("id") not in WMT_DOCS:
            continue
        src = doc.find("src")
        ref = next(r for r in doc.findall("ref") if r.get("translator") == "A")
        assert src is not None
        zh = {s.get("id"): s.text or "" for s in src.iter("seg")}
        en = {s.get("id"): s.text or "" for s in ref.iter("seg")}
        block = WMT_DOCS.index(str(doc.get("id")))
        for number, seg in enumerate(zh):
            beads.append(Bead((number,), (number,), zh[seg], en[seg], 1.0, block=block))
    return beads


def evaluate(terms: list[Term], ref: dict[str, set[str]], verdicts: dict[tuple[str, str], bool],
             top: int) -> dict[str, object]:
    by_zh = {t.zh: t for t in terms}
    wrong_terms = {zh: by_zh[zh].en if zh in by_zh else None for zh, renderings in ref.items()
                   if zh not in by_zh or normal(by_zh[zh].en) not in renderings}
    right = good = judged_count = 0
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-user-dictionary", action="store_true")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--show", type=int, default=0, help="print this many entries of each")
    args = parser.parse_args()
    encoder = get_encoder()
    words = [] if args.no_user_dictionary else user_words(load_curated(shipped_glossaries()))
    verdicts = judged()
    report: dict[str, object] = {"user_dictionary": not args.no_user_dictionary}
    sets = {"seed": lambda: align(SEED, encoder=encoder).beads, "wmt22": wmt_beads}
    for name, beads in sets.items():
        started = time.perf_counter()
        terms = build_glossary(beads(), encoder=encoder, user_words=words)
        seconds = time.perf_counter() - started
        if args.show:
            print(f"--- {name}")
            show(terms, args.show)
        result = evaluate(terms, reference(f"{name}.tsv"), verdicts, args.top)
        result["seconds"] = round(seconds, 2)
        report[name] = result
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
