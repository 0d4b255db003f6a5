"""The glossary's rules and features switched off one at a time, on the train split.

    python benchmarks/glossary_ablation.py [--sets train,seed] [--only NAME,...]
                                           [--set name=value ...] [--no-user-dictionary]

Per rule: how many entries of each set's glossary it changes (Chinese terms added, dropped
or rendered otherwise without it), how many of its top 50 terms leave the top 50 without it
(a ranking feature changes no entry), and the terms right without it (glossary_terms.py's
figures, the defaults first). A rule that changes fewer than 3 train entries earns no
place (issue 23). Test is never measured here: rules are judged on train.

Rules are switched off by patching the function or constant that makes them; the
dictionary features by setting their weight to 0. ``--set`` changes the defaults every
run starts from (``--set dictionary_link=0 --set dictionary_chinese=0``: the rules without
the dictionary).
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from unittest import mock

from glossary_terms import evaluate, glossaries, judged, overrides, reference_sets

from aligner.embed import get_encoder
from aligner.glossary import candidates_zh, load_curated, resolution, shipped_glossaries, user_words
from aligner.records import Term

_ZH = "aligner.glossary.candidates_zh"
_RESOLUTION = "aligner.glossary.resolution"
_DROP_CROSSING = resolution.drop_crossing
_QUOTED = candidates_zh._quoted


def _as_list(first: Any, *_rest: Any) -> list[Any]:
    return list(first)


# Name → what switches it off: a patch, or GlossaryScoring overrides.
RULES: dict[str, Callable[[], contextlib.AbstractContextManager[Any]] | list[str]] = {
    # Rules of the resolution stage for one kind of phrase each.
    "_own_conjunct": lambda: mock.patch(f"{_RESOLUTION}._own_conjunct",
                                        lambda entry, current, *a: current),
    # Broad rules.
    "drop_duplicates": lambda: mock.patch(f"{_RESOLUTION}.drop_duplicates", _as_list),
    "compositional": lambda: mock.patch(f"{_RESOLUTION}.compositional",
                                        lambda *a: frozenset()),
    # A term inside longer terms whose renderings leave it untranslated is a unit of its own.
    "_untranslated": lambda: mock.patch(f"{_RESOLUTION}._untranslated", lambda *a: False),
    "drop_crossing": lambda: mock.patch(f"{_RESOLUTION}.drop_crossing", _as_list),
    # Of crossing terms, the one seen in more beads stays (before the better-paired one).
    "drop_crossing_seen": lambda: mock.patch(
        f"{_RESOLUTION}.drop_crossing",
        lambda entries, spans, keys, *_: _DROP_CROSSING(entries, spans, keys)),
    # In a bead, a term takes no occurrence of its rendering inside another's rendering.
    "_own_places": lambda: mock.patch(f"{_RESOLUTION}._own_places",
                                      lambda places, *_: places),
    "_LIGHT_HEADS": lambda: mock.patch(f"{_ZH}.LIGHT_HEADS", frozenset()),
    "_completion": lambda: mock.patch(f"{_RESOLUTION}._completion", lambda *a: None),
    # A rendering extended by words the dictionary explains (人民银行, People's Bank of China).
    "_explained": lambda: mock.patch(f"{_RESOLUTION}._explained",
                                     lambda entry, current, *a: current),
    # ... after the rendering also by with/in (person in charge, 负责人).
    "_AFTER_JOINERS": lambda: mock.patch(f"{_RESOLUTION}._AFTER_JOINERS",
                                         resolution._COMPLETION_JOINERS),
    "_modifying_verb": lambda: mock.patch(f"{_ZH}._modifying_verb", lambda *a: None),
    # jieba's tags corrected by the dictionary's first sense (ZhCandidates.retag).
    "dictionary_retag": lambda: mock.patch(f"{_ZH}.ZhCandidates.retag",
                                           lambda self, word, flag: flag),
    # ... and by its second sense (执法, law enforcement).
    "retag_second_sense": lambda: mock.patch("aligner.dictionary.Dictionary.senses",
                                             lambda self, word: []),
    # CC-CEDICT words across jieba's words as candidates (碳中和), and runs cut through them.
    "dictionary_spans": lambda: mock.patch("aligner.glossary.candidates.dictionary_spans",
                                           lambda *a: []),
    # Titles: in 《》, of any words up to 30 characters; in English, in title case.
    "zh_titles": lambda: mock.patch(f"{_ZH}._quoted", lambda inside, title=False: _QUOTED(inside)),
    "en_titles": lambda: mock.patch("aligner.glossary.candidates_en._title_ranges",
                                    lambda tokens: []),
    # Features, by their weights.
    "dictionary_link": ["dictionary_link=0"],
    "dictionary_chinese": ["dictionary_chinese=0"],
    "dictionary": ["dictionary_link=0", "dictionary_chinese=0"],
    # A piece of a title in 《》 ranked lower (a ranking feature: see "top_changed").
    "title_piece_penalty": ["title_piece_penalty=0"],
    # A noun term rendered by a verb and its object (具体细节, specify the details).
    "shape_weight": ["shape_weight=0"],
    # An opening participle that translates a part of the term (teaching quality evaluation).
    "participle_linked": ["participle_linked=2"],
}


@contextlib.contextmanager
def switched_off(name: str) -> Iterator[list[str]]:
    """While inside, rule ``name`` is off; yields the scoring overrides it needs."""
    how = RULES[name]
    if isinstance(how, list):
        yield how
        return
    with how():
        yield []


def changed(before: Sequence[Term], after: Sequence[Term]) -> int:
    """How many Chinese terms are added, dropped or rendered otherwise."""
    a = {t.zh: t.en for t in before}
    b = {t.zh: t.en for t in after}
    return sum(a.get(k) != b.get(k) for k in a.keys() | b.keys())


def top_changed(before: Sequence[Term], after: Sequence[Term], top: int = 50) -> int:
    """How many Chinese terms of the top ``top`` entries are not in it without the rule."""
    return len({t.zh for t in before[:top]} - {t.zh for t in after[:top]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="train,seed")
    parser.add_argument("--only", default="", help="comma-separated rule names")
    parser.add_argument("--no-user-dictionary", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a GlossaryScoring weight every run starts from")
    args = parser.parse_args()
    sets = [s for s in args.sets.split(",") if s and s != "test"]
    names = [n for n in args.only.split(",") if n] or list(RULES)
    encoder = get_encoder()
    words = [] if args.no_user_dictionary else user_words(load_curated(shipped_glossaries()))
    refs = {name: ref for name, (_, ref) in reference_sets(encoder).items()}
    verdicts = judged()

    def run(settings: list[str]) -> dict[str, list[Term]]:
        built = glossaries(sets, encoder=encoder, words=words,
                           scoring=overrides([*args.set, *settings]))
        return {name: terms for name, (terms, _) in built.items()}

    def right(terms: dict[str, list[Term]]) -> dict[str, object]:
        return {name: evaluate(t, refs[name], verdicts, 50)["terms_right"]
                for name, t in terms.items()}

    base = run([])
    print(json.dumps({"rule": "(defaults)", "terms_right": right(base)}), flush=True)
    for name in names:
        with switched_off(name) as settings:
            without = run(settings)
        print(json.dumps({"rule": name, "terms_right": right(without),
                          "changed": {s: changed(base[s], without[s]) for s in sets},
                          "top_changed": {s: top_changed(base[s], without[s]) for s in sets}},
                         ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
