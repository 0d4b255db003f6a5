"""Bead weights learned as a CRF by ``python benchmarks/train_scoring.py --write``;
do not edit by hand.

Fitted with L2 0.0003 and softmax-margin 3.0 on 31 documents: mac-dev (6), wmt22 (25).
The temperature is the one that benchmark fits on held-out posteriors.
"""

TEMPERATURE = 2.0

WEIGHTS: tuple[tuple[str, float], ...] = (
    ('cosine', 15.1226),
    ('background', -0.96935),
    ('length2', 0.85558),
    ('length abs', -5.75179),
    ('merge', 1.11057),
    ('weakest', -0.60822),
    ('clause', 10.28178),
    ('null best', -0.73648),
    ('null background', -0.68867),
    ('null length', -0.96316),
    ('type 1-0', -5.99846),
    ('type 0-1', -4.88688),
    ('type 1-1', 1.89792),
    ('type 1-2', 1.91315),
    ('type 1-3', 0.15352),
    ('type 1-4', 0.64566),
    ('type 1-5', -1.25682),
    ('type 2-1', 0.42651),
    ('type 2-2', 0.78178),
    ('type 2-3', 1.28858),
    ('type 2-4', -0.60422),
    ('type 3-1', -0.84214),
    ('type 3-2', 1.58086),
    ('type 3-3', -1.12551),
    ('type 4-1', -1e-05),
    ('type 4-2', -0.00073),
    ('type 5-1', 0.0),
)
