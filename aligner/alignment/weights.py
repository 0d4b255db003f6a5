"""Bead weights learned as a CRF by ``python benchmarks/train_scoring.py --write``;
do not edit by hand.

Fitted with L2 0.0001 and softmax-margin 2.0 on 31 documents: mac-dev (6), wmt22 (25).
The temperature is the one that benchmark fits on held-out posteriors.
"""

TEMPERATURE = 2.0

WEIGHTS: tuple[tuple[str, float], ...] = (
    ('cosine', 20.88828),
    ('background', -3.8151),
    ('length2', 0.65804),
    ('length abs', -5.18858),
    ('merge', 0.35817),
    ('weakest', 1.67792),
    ('null best', -0.69646),
    ('null background', -0.98793),
    ('null length', 0.25993),
    ('type 1-0', -6.18801),
    ('type 0-1', -8.5526),
    ('type 1-1', 2.79219),
    ('type 1-2', 2.25127),
    ('type 1-3', 1.11943),
    ('type 1-4', 1.53396),
    ('type 1-5', -0.37989),
    ('type 2-1', 1.66915),
    ('type 2-2', 0.73303),
    ('type 2-3', 0.31551),
    ('type 2-4', -2.11924),
    ('type 3-1', -0.55954),
    ('type 3-2', 0.76524),
    ('type 3-3', -0.97752),
    ('type 4-1', -0.00011),
    ('type 4-2', -0.01505),
    ('type 5-1', -0.0),
)
