"""The review's fixes as pure functions, and the project file (no model, no server)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from aligner.engine import AlignmentEngine, SentenceVectors, stretch_block
from aligner.errors import InputError
from aligner.records import Sentence
from aligner.review import edits
from aligner.review.edits import EditError
from aligner.review.project import (
    BlockFacts,
    Project,
    ReviewBead,
    Side,
    is_project,
    load_project,
    project_path_for,
)
from aligner.review.realign import StretchAligner, realign_after

B = ReviewBead


def ids(beads: list[ReviewBead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.zh, b.en) for b in beads]


BEADS = [B((0,), (0,), 0.9), B((1, 2), (1,), 0.4), B((3,), (2, 3), 0.8), B((4,), (4,), 0.95)]


def test_merge_joins_a_bead_with_the_next_and_fixes_it():
    out = edits.merge(BEADS, 1)
    assert ids(out) == [((0,), (0,)), ((1, 2, 3), (1, 2, 3)), ((4,), (4,))]
    assert out[1].fixed and out[1].score is None
    assert ids(BEADS)[1] == ((1, 2), (1,)), "the argument is left alone"
    with pytest.raises(EditError, match="last"):
        edits.merge(BEADS, 3)


def test_split_at_a_sentence_boundary():
    out = edits.split(BEADS, 2, 1, 1)
    assert ids(out)[2:4] == [((3,), (2,)), ((), (3,))]
    assert all(b.fixed for b in out[2:4])
    with pytest.raises(EditError, match="no sentence"):
        edits.split(BEADS, 0, 0, 0)
    with pytest.raises(EditError):
        edits.split(BEADS, 0, 2, 0)


def test_move_a_sentence_to_the_previous_or_next_bead():
    out = edits.move(BEADS, 1, "zh", -1)
    assert ids(out)[:2] == [((0, 1), (0,)), ((2,), (1,))]
    out = edits.move(BEADS, 1, "zh", 1)
    assert ids(out)[1:3] == [((1,), (1,)), ((2, 3), (2, 3))]
    # A bead left with no sentence disappears.
    out = edits.move(edits.move(BEADS, 0, "zh", 1), 0, "en", 1)
    assert ids(out)[0] == ((0, 1, 2), (0, 1))
    assert len(out) == len(BEADS) - 1
    with pytest.raises(EditError, match="no previous"):
        edits.move(BEADS, 0, "en", -1)
    with pytest.raises(EditError, match="side"):
        edits.move(BEADS, 1, "fr", 1)


def test_mark_null_keeps_one_side_and_leaves_the_other_to_be_realigned():
    out = edits.mark_null(BEADS, 1, "en")
    assert ids(out)[1:3] == [((), (1,)), ((1, 2), ())]
    assert out[1].fixed and not out[2].fixed
    out = edits.mark_null(BEADS, 2, "zh")
    assert ids(out)[2:4] == [((3,), ()), ((), (2, 3))]
    with pytest.raises(EditError, match="no en"):
        edits.mark_null(out, 2, "en")


def test_marking_a_bead_what_it_is_keeps_its_confirmation():
    """1 on a confirmed 1-0 bead changes nothing: it stays confirmed (it used to become a
    new, unconfirmed bead)."""
    out = edits.confirm(edits.mark_null(BEADS, 2, "zh"), 2)
    assert out[2].confirmed and ids(out)[2] == ((3,), ())
    assert edits.mark_null(out, 2, "zh") == out


def test_confirm_and_take_it_back():
    out = edits.confirm(BEADS, 0)
    assert out[0].confirmed and out[0].anchored and not BEADS[0].confirmed
    assert not edits.confirm(out, 0, False)[0].confirmed


def test_edit_text_keeps_edits_apart_and_the_source_undoes_them():
    changed = edits.edit_text({"zh": {}, "en": {}}, "en", 3, "New text.", "Old text.")
    assert changed == {"zh": {}, "en": {3: "New text."}}
    assert edits.edit_text(changed, "en", 3, "Old text.", "Old text.") == {"zh": {}, "en": {}}
    with pytest.raises(EditError, match="empty"):
        edits.edit_text(changed, "en", 3, "  ", "Old text.")


def small_project(tmp_path) -> Project:
    zh_source = "第一句。第二句。\n<script>alert(1)</script>第三句。"
    en_source = "One. Two.\nThree & <b>four</b>."
    zh = (Sentence("第一句。", 0, 4), Sentence("第二句。", 4, 8),
          Sentence("<script>alert(1)</script>第三句。", 9, len(zh_source), 1))
    en = (Sentence("One.", 0, 4), Sentence("Two.", 5, 9),
          Sentence("Three & <b>four</b>.", 10, len(en_source), 1))
    return Project(Side(zh_source, zh, (0, 1, 2)), Side(en_source, en, (0, 1, 2)),
                   [B((0,), (0,), 0.9, 0.7), B((1,), (1,), 0.3, 0.5), B((2,), (2,), 0.99)],
                   inputs=("doc.txt",), path=tmp_path / "doc.review.jsonl")


def test_bead_text_is_source_text_with_edits_put_in(tmp_path):
    project = small_project(tmp_path)
    assert project.text((0, 1), "zh") == ("第一句。第二句。", [(0, 4), (4, 8)])
    assert project.text((1, 2), "en") == ("Two.\nThree & <b>four</b>.", [(0, 4), (5, 25)])
    project.edits["en"][1] = "Deux!"
    assert project.text((1, 2), "en") == ("Deux!\nThree & <b>four</b>.", [(0, 5), (6, 26)])
    assert project.edited(project.beads[1]) == {"zh": False, "en": True}


def test_the_project_saves_atomically_and_loads_back(tmp_path):
    project = small_project(tmp_path)
    project.edits["en"][1] = "Deux!"
    project.beads = edits.confirm(project.beads, 0)
    project.save()
    assert is_project(project.path)
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"
    back = load_project(project.path)
    assert back.beads == project.beads
    assert back.edits == project.edits
    assert back.zh.sentences == project.zh.sentences and back.en.source == project.en.source
    first = json.loads(project.path.read_text(encoding="utf-8").split("\n", 1)[0])
    assert first["aligner-review"] == 1
    project.save_vectors(np.ones((3, 4), np.float32), np.zeros((3, 4), np.float32))
    zh, en = back.load_vectors()
    assert zh.shape == en.shape == (3, 4) and zh[0, 0] == 1 and en[0, 0] == 0


def test_the_project_keeps_what_the_aligner_knew_of_its_blocks(tmp_path):
    """The length ratio and the blocks' facts (paragraph confidence, left-out sentences)
    that a re-align needs to align a stretch as ``aligner align`` did, saved exactly."""
    project = small_project(tmp_path)
    project.length_ratio = 4.672697368421052
    project.blocks = {1: BlockFacts(0.9871234567, (("en", 2, 0.73),)), 3: BlockFacts(0.5)}
    project.save()
    back = load_project(project.path)
    assert back.length_ratio == project.length_ratio and back.blocks == project.blocks
    project.blocks = {1: BlockFacts(None, (("en", 9, 0.7),))}
    project._header = None
    project.save()
    with pytest.raises(InputError, match="leaves out en sentence 9"):
        load_project(project.path)


@pytest.mark.parametrize("damage", [
    lambda text: text.replace('"zh": [2]', '"zh": [7]'),
    lambda text: text.replace('"zh": [2]', '"zh": [1]'),
    lambda text: "\n".join(text.split("\n")[:1]),
    lambda text: text.replace('{"edits"', '{"edit"'),
    lambda text: text[:-40],
])
def test_a_damaged_project_is_one_input_error(tmp_path, damage):
    project = small_project(tmp_path)
    project.save()
    project.path.write_text(damage(project.path.read_text(encoding="utf-8")),
                            encoding="utf-8")
    with pytest.raises(InputError, match="review project"):
        load_project(project.path)


def test_the_project_lives_beside_its_input(tmp_path):
    assert project_path_for(tmp_path / "doc.txt") == tmp_path / "doc.review.jsonl"
    assert project_path_for(tmp_path / "out.tmx") == tmp_path / "out.review.jsonl"
    with pytest.raises(InputError):
        project_path_for("-")
    (tmp_path / "beads.jsonl").write_text('{"zh": "a", "en": "b"}\n', encoding="utf-8")
    assert not is_project(tmp_path / "beads.jsonl")


def parallel(n: int, seed: int = 0) -> StretchAligner:
    """The engine's stretch aligner over ``n`` sentences a side that translate each other
    one to one (random vectors, the English a little off the Chinese)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = x + rng.normal(scale=0.05, size=x.shape).astype(np.float32)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    zh, en = SentenceVectors([40] * n, x), SentenceVectors([40] * n, y)
    engine = AlignmentEngine()  # nothing to embed: the vectors are given
    return lambda zh_ids, en_ids, block: engine.align_block(stretch_block(zh_ids, en_ids),
                                                            zh, en, 1.0)


def shifted(n: int) -> list[ReviewBead]:
    """Right up to 100, then zh i paired with en i+1 until 160, right again after."""
    old = [B((i,), (i,), 0.9) for i in range(100)]
    old.append(B((100,), (100, 101), 0.5))
    old += [B((i,), (i + 1,), 0.5) for i in range(101, 160)]
    old.append(B((160, 161), (161,), 0.5))
    old += [B((i,), (i,), 0.9) for i in range(162, n)]
    return old


def test_realign_grows_its_window_until_the_paths_meet():
    """A shifted run inside a long stretch: the window stops soon after it."""
    n = 600
    align = parallel(n)
    old = shifted(n)
    old[99] = edits.confirm(old, 99)[99]
    done = realign_after(old, 99, align, first_window=20)
    assert ids(done.beads) == [((i,), (i,)) for i in range(n)]
    assert done.start == 100 and done.old_end < len(old) - 100, "stopped well before the end"
    assert done.beads[done.new_end:] == old[done.old_end:]
    # Anchors stop it: nothing after a confirmed bead is touched.
    anchored = edits.confirm(old, 130)
    done = realign_after(anchored, 99, align)
    assert done.old_end == 130 and done.beads[done.new_end:] == anchored[130:]


def test_realign_again_changes_nothing_even_over_windows():
    """A second re-align from the same bead finds the beads the first made and leaves them,
    scores included, though its windows end elsewhere (its first 20 beads are not the
    first's), where scoring them anew over another window moved their posteriors."""
    n = 600
    align = parallel(n)
    old = shifted(n)
    old[99] = edits.confirm(old, 99)[99]
    first = realign_after(old, 99, align, first_window=20)
    again = realign_after(first.beads, 99, align, first_window=20)
    assert again.beads == first.beads
    assert (again.start, again.old_end, again.new_end) == (100, 100, 100)


def test_realign_steps_over_the_beads_made_by_hand_right_after():
    """From a bead just fixed, whose next bead the fix made too (the second half of a
    split), the re-align starts at the first free bead after them, instead of finding
    nothing to do."""
    n = 300
    align = parallel(n, seed=1)
    # A 2-2 bead at 99, and the beads after it shifted as in shifted().
    old = [B((i,), (i,), 0.9) for i in range(99)]
    old += [B((99, 100), (99, 100), 0.5), B((101,), (101, 102), 0.5), *shifted(n)[102:]]
    split = edits.split(old, 99, 1, 1)
    split = edits.confirm(split, 99)
    assert split[99].confirmed and split[100].fixed and not split[101].anchored
    done = realign_after(split, 99, align)
    assert done.start == 101 and done.new_end > done.start
    assert ids(done.beads) == [((i,), (i,)) for i in range(n)]
    assert done.beads[:101] == split[:101]
    # Nothing free after it: nothing to do, and said so by an empty range.
    kept = [edits.confirm([b], 0)[0] for b in split]
    nothing = realign_after(kept, 99, align)
    assert nothing.beads == kept and nothing.old_end == nothing.new_end == nothing.start
