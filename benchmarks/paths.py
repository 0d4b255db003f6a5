"""Where the benchmark scripts find the project, its seed document and the evaluation data.

The evaluation data is read in place from ../shared/eval; it is never copied here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"
