"""Bead weights learned as a CRF by ``python benchmarks/train_scoring.py --write``;
do not edit by hand.

Fitted with L2 0.0003 and softmax-margin 3.0 on 94 documents: mac-dev (6), wmt22 (88).
The temperature is the one that benchmark fits on held-out posteriors.
"""

TEMPERATURE = 2.0

WEIGHTS: tuple[tuple[str, float], ...] = (
    ('cosine', 15.5319),
    ('background', 0.86302),
    ('length2', 0.59487),
    ('length abs', -5.24533),
    ('merge', 2.51267),
    ('weakest', 0.20831),
    ('clause', 8.8365),
    ('null best', -0.52538),
    ('null background', -3.58076),
    ('null length', 1.73998),
    ('type 1-0', -8.11036),
    ('type 0-1', -10.29187),
    ('type 1-1', 3.12807),
    ('type 1-2', 2.56188),
    ('type 1-3', 0.85113),
    ('type 1-4', 1.14907),
    ('type 1-5', -1.13394),
    ('type 2-1', 1.78437),
    ('type 2-2', 0.90787),
    ('type 2-3', 0.85344),
    ('type 2-4', -0.98042),
    ('type 3-1', -1.67094),
    ('type 3-2', 1.45016),
    ('type 3-3', -0.97345),
    ('type 4-1', -0.00116),
    ('type 4-2', -0.00125),
    ('type 5-1', -0.0),
)
