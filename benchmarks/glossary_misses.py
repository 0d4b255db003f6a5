"""The reference terms the glossary gets wrong, by the stage that loses them.

    python benchmarks/glossary_misses.py --sets dev,train [--no-user-dictionary]
                                         [--set name=value ...]

Builds each set's glossary as glossary_terms.py does (test is refused: it is held out) and
follows every reference term not rendered right through the stages of
:func:`aligner.glossary.build_glossary`, recorded as they run (patched wrappers, no copy
of the pipeline). Each miss gets one class:

- ``no candidate``: the Chinese term is no candidate (segmentation, tags, the span rules);
- ``unpaired``: a candidate, but seen too rarely to be counted or paired;
- ``no rendering``: paired, but no pair reaches ``min_pair_score``;
- ``lost at STEP``: an entry once, dropped by that step of the resolution (or by the
  glossary's final filter, ``output``);
- rendered wrongly: ``chosen inside right`` (the rendering is part of a listed one:
  judicial for "judicial system"), ``right inside chosen`` (a listed one is part of the
  rendering: "social service features"), ``right not a candidate`` (no listed rendering
  is an English candidate of the term's beads) or ``other``.

Prints each miss with its class and what the glossary chose, then the counts per class.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

from glossary_terms import glossaries, normal, overrides, reference_sets

from aligner.embed import get_encoder
from aligner.glossary import build, load_curated, resolution, shipped_glossaries, user_words
from aligner.records import Term

# The resolution steps in the order resolve() runs them.
STEPS = ("best_renderings", "complete", "drop_duplicates", "drop_crossing",
         "resolve_fragments", "link")


@contextlib.contextmanager
def recording() -> Iterator[dict[str, Any]]:
    """While inside, each glossary build stores what its stages produced in the dict
    yielded: "found" (the candidates after nesting) and "candidates" (their Chinese keys),
    "paired" (the keys counted), and per resolution step the Chinese keys of its entries."""
    seen: dict[str, Any] = {}

    def wrap(name: str, original: Callable[..., Any],
             keys: Callable[[Any], set[str]]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            out = original(*args, **kwargs)
            seen[name] = keys(out)
            return out
        return recorded

    patches = [
        mock.patch.object(build, "nest", wrap("found", build.nest, lambda out: out[0])),
        mock.patch.object(build, "count_cooccurrence", wrap(
            "paired", build.count_cooccurrence, lambda out: set(out.zh.keys))),
        *(mock.patch.object(resolution, step, wrap(step, getattr(resolution, step),
                                                   lambda out: {e.zh for e in out}))
          for step in STEPS),
    ]
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        yield seen


def _inside(short: str, long: str) -> bool:
    return short != long and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long) is not None


def classify(zh: str, renderings: set[str], term: Term | None, seen: dict[str, Any],
             english: set[str]) -> str:
    """The class of a missed reference term (see the module's text). ``english`` holds
    the normalised English candidates of the beads where ``zh`` occurs."""
    if term is None:
        if zh not in seen["candidates"]:
            return "no candidate"
        if zh not in seen["paired"]:
            return "unpaired"
        if zh not in seen["best_renderings"]:
            return "no rendering"
        lost = [step for before, step in itertools.pairwise(STEPS)
                if zh in seen[before] and zh not in seen[step]]
        return f"lost at {lost[0] if lost else 'output'}"
    chosen = normal(term.en)
    if any(_inside(chosen, r) for r in renderings):
        return "chosen inside right"
    if any(_inside(r, chosen) for r in renderings):
        return "right inside chosen"
    if not renderings & english:
        return "right not a candidate"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True, help="comma-separated: dev, train, seed, rules")
    parser.add_argument("--no-user-dictionary", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a GlossaryScoring weight")
    args = parser.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    if "test" in sets:
        parser.error("test is held out: classify misses on dev, train or seed")
    encoder = get_encoder()
    words = [] if args.no_user_dictionary else user_words(load_curated(shipped_glossaries()))
    available = reference_sets(encoder)
    summary: dict[str, dict[str, int]] = {}
    for name in sets:
        with recording() as seen:
            terms, _ = glossaries([name], encoder=encoder, words=words,
                                  scoring=overrides(args.set))[name]
        ref, found = available[name][1], seen["found"]
        seen["candidates"] = {s.key for spans in found.zh for s in spans}
        by_zh = {t.zh: t for t in terms}
        counts: Counter[str] = Counter()
        for zh, renderings in sorted(ref.items()):
            term = by_zh.get(zh)
            if term is not None and normal(term.en) in renderings:
                continue
            english = {normal(s.surface) for bead, spans in zip(found.beads, found.en, strict=True)
                       if zh in bead.zh for s in spans}
            kind = classify(zh, renderings, term, seen, english)
            counts[kind] += 1
            chosen = term.en if term else "-"
            print(f"{name}\t{kind}\t{zh}\t{chosen}\t{' | '.join(sorted(renderings))}")
        summary[name] = dict(counts.most_common())
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
