"""How likely a finding is a real error: a logistic model over the finding's evidence.

Each check scores what it sees (:attr:`Finding.evidence`, named features such as the
similarity a bead gains without a clause, or whether the English has a pronoun where a
term's rendering is missing); the decision is kept apart from the scoring, as OpusFilter
keeps it. A check's probability is ``sigmoid(bias + Σ weight × feature)``, with one weight
vector per check learned from planted errors and clean texts of the training documents
(``python benchmarks/train_check.py --write`` writes :mod:`aligner.check.weights`). A check
without learned weights gives its findings the prior of :data:`PRIORS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from aligner.check import weights as learned

# Probability shown below which a finding is hidden by default (``aligner check --all``
# shows every one): a finding as likely wrong as right is not worth a reviewer's time.
DEFAULT_THRESHOLD = 0.5

# What a finding of a check without learned weights is worth: a forbidden rendering or
# Chinese left in the English is seldom anything but an error; an inconsistency between
# two renderings of the same sentence is a question to ask. Shifted segments and low scores
# have too few examples of one class to fit: on the training split's clean texts (26
# bilingual files, 400 segments) no segment was ever reported shifted, and every planted
# shift was (78 findings); a low score came with 5 planted errors and, on the dev split,
# with 4 clean segments of translator B: shown only with --all.
PRIORS = {"forbidden": 0.95, "untranslated": 0.9, "inconsistency": 0.6, "shifted": 0.9,
          "low-score": 0.4}


def probability(check: str, evidence: Mapping[str, float]) -> float:
    """The probability that a finding of ``check`` with ``evidence`` is a real error."""
    weights = learned.WEIGHTS.get(check)
    if weights is None:
        return PRIORS.get(check, 0.5)
    z = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) * value
                                        for name, value in evidence.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
