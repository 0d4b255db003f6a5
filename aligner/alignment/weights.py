"""Bead weights learned as a CRF by ``python benchmarks/train_scoring.py --write``;
do not edit by hand.

Fitted with L2 0.0003 and softmax-margin 3.0 on 81 documents: mac-dev (6), wmt22 (75).
The temperature is the one that benchmark fits on held-out posteriors.
"""

TEMPERATURE = 2.0

WEIGHTS: tuple[tuple[str, float], ...] = (
    ('cosine', 14.62815),
    ('background', 0.54341),
    ('length2', 0.73099),
    ('length abs', -5.42713),
    ('merge', 2.40253),
    ('weakest', 0.19633),
    ('clause', 9.6048),
    ('null best', -0.34156),
    ('null background', -3.74401),
    ('null length', 1.34537),
    ('type 1-0', -8.59869),
    ('type 0-1', -8.92634),
    ('type 1-1', 2.87793),
    ('type 1-2', 2.39625),
    ('type 1-3', 0.71573),
    ('type 1-4', 0.96619),
    ('type 1-5', -1.00057),
    ('type 2-1', 1.50994),
    ('type 2-2', 0.73788),
    ('type 2-3', 0.79435),
    ('type 2-4', -0.93546),
    ('type 3-1', -0.76483),
    ('type 3-2', 1.34337),
    ('type 3-3', -1.1079),
    ('type 4-1', -0.00083),
    ('type 4-2', -0.00069),
    ('type 5-1', -0.0),
)
