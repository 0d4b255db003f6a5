"""Bead weights learned as a CRF by ``python benchmarks/train_scoring.py --write``;
do not edit by hand.

Fitted with L2 0.0001 and softmax-margin 2.0 on 31 documents: mac-dev (6), wmt22 (25).
The temperature is the one that benchmark fits on held-out posteriors.
"""

TEMPERATURE = 2.0

WEIGHTS: tuple[tuple[str, float], ...] = (
    ('cosine', 17.29342),
    ('background', -2.83848),
    ('length2', 0.72826),
    ('length abs', -4.66217),
    ('merge', 1.5487),
    ('weakest', -2.8406),
    ('clause', 8.47237),
    ('null best', -1.08488),
    ('null background', -1.15684),
    ('null length', 0.58723),
    ('type 1-0', -6.39323),
    ('type 0-1', -8.46303),
    ('type 1-1', 3.06699),
    ('type 1-2', 2.35455),
    ('type 1-3', 0.60161),
    ('type 1-4', 0.72298),
    ('type 1-5', -1.364),
    ('type 2-1', 0.81322),
    ('type 2-2', 1.39961),
    ('type 2-3', 1.28077),
    ('type 2-4', -0.87202),
    ('type 3-1', -2.25758),
    ('type 3-2', 1.46441),
    ('type 3-3', -0.62218),
    ('type 4-1', -0.00089),
    ('type 4-2', -0.01109),
    ('type 5-1', -0.0),
)
