"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

L2 inverse strength C = 1.0; training findings per check:
addition 270
number 81
omission 316
term 915
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -4.3509,
        'curated': 0.4526,
        'elsewhere': 1.4697,
        'other known': 1.2198,
        'other known words': 0.7672,
        'partial': -0.3745,
        'pronoun': -0.4231,
        'short': -1.0024,
        'similarity': -0.6287,
    },
    'number': {
        'bias': 0.2342,
        'both': 2.9299,
        'en only': -0.371,
        'similarity': -0.3623,
        'years': 0.7519,
        'zh only': -1.0031,
    },
    'omission': {
        'bias': -7.6263,
        'bead similarity': 0.0038,
        'best': 0.083,
        'confidence': -0.0199,
        'gain': 0.2049,
        'length': 2.4649,
        'neighbour': 0.2105,
        'null': -0.0208,
        'residual': 3.3847,
        'sentence': 0.0,
        'share': -0.3665,
        'similarity': -0.1123,
    },
    'addition': {
        'bias': -2.0734,
        'bead similarity': -3.0332,
        'best': -1.6006,
        'confidence': 0.9187,
        'gain': 0.3225,
        'length': 0.7249,
        'neighbour': -0.9625,
        'null': 0.514,
        'residual': 2.6305,
        'sentence': 1.3507,
        'share': 0.1536,
        'similarity': -1.4775,
    },
}
