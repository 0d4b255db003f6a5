"""Models: the default needs no torch; any sentence-transformers model is the optional
`models` extra, tested here with a tiny model built locally (nothing is downloaded). Without
the extra (the default install, `pip install -e ".[test]"`) that one test is skipped; CI
installs the extra and runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from aligner.errors import ModelNotAvailableError
from tests.conftest import ROOT, SEED

ZH = "双方同意进一步确定具体细节。\n中美经贸磋商成果来之不易，需要共同维护。\n"
EN = ("The two sides agreed to specify the details.\n"
      "The outcomes of the consultations did not come easily and need to be maintained.\n")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer BERT with a character vocabulary, wrapped as a sentence-transformers
    model and saved to a folder, as a user saves LaBSE on a networked machine."""
    reason = "the optional extra is not installed: pip install -e '.[models]' (CPU torch first)"
    torch = pytest.importorskip("torch", reason=reason)
    pytest.importorskip("sentence_transformers", reason=reason)
    from sentence_transformers import SentenceTransformer
    try:  # sentence-transformers 6 moved the modules; 3-5 have them in .models
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    base = tmp_path_factory.mktemp("tiny")
    letters = sorted(set("abcdefghijklmnopqrstuvwxyz0123456789.,") | set(ZH) - {"\n"})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *letters]
    (base / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(base / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=128)
    BertModel(config).save_pretrained(base / "bert")
    tokenizer.save_pretrained(base / "bert")
    word = models.Transformer(str(base / "bert"), max_seq_length=64)
    dimension = getattr(word, "get_embedding_dimension", None) \
        or word.get_word_embedding_dimension
    pooling = models.Pooling(dimension())
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(base / "model"))
    return base / "model"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.mark.slow
def test_a_local_sentence_transformers_model_aligns(tiny_model: Path, tmp_path: Path):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    result = run("align", "-q", str(zh), str(en), "--model", str(tiny_model), "--format",
                 "jsonl", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no loader progress bars or warnings under -q
    signature, *lines = result.stdout.splitlines()
    # Signed with the model's folder and a hash of its files (aligner.signature).
    assert f'"model": "{tiny_model}"' in signature and '"model_version": "files=' in signature
    assert len(lines) >= 1 and all('"zh"' in line for line in lines)


@pytest.mark.slow
def test_the_default_model_never_imports_torch(tmp_path: Path):
    # The library call, then every command (all imported by the command line) and a batch
    # worker's own path: none loads torch, transformers or sentence-transformers.
    code = ("import sys; from aligner import align_texts; "
            "align_texts('双方同意。', 'Both sides agreed.'); "
            "from aligner.cli import main; "
            f"main(['align', '-q', {str(SEED)!r}, '-o', {str(tmp_path / 'a.jsonl')!r}], "
            "standalone_mode=False); "
            "from aligner.batch.worker import start_worker; start_worker(None, 1); "
            "heavy = ('torch', 'transformers', 'sentence_transformers'); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"]
    assert (tmp_path / "a.jsonl").stat().st_size > 0


def test_without_the_extra_the_error_says_how_to_install_it(monkeypatch):
    from aligner.embed import get_encoder

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ModelNotAvailableError, match=r"pip install 'aligner\[models\]'"):
        get_encoder("some/model").encode(["x"])
