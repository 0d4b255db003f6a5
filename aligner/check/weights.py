"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=637
number standardised=False C=3.0 findings=315
omission standardised=False C=3.0 findings=870
term standardised=True C=0.3 findings=1814
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -4.1834,
        'covered': -0.895,
        'curated': 0.5532,
        'elsewhere': 0.1535,
        'other known': -0.2808,
        'other known lone': 1.8861,
        'other known unexplained': 0.9901,
        'other known words': 0.2618,
        'others missing': -7.1583,
        'partial': 0.2781,
        'position gap': -1.87,
        'pronoun': -0.2955,
        'repair gain': 31.5964,
        'short': -0.4594,
        'similarity': 0.7714,
        'supported': -0.0036,
    },
    'number': {
        'bias': -1.0218,
        'both': 1.212,
        'both counted': 3.4674,
        'en only': -0.2739,
        'similarity': -1.2431,
        'surplus': -0.587,
        'weak unmatched': 0.4748,
        'years': 0.5759,
        'zh only': -1.2796,
    },
    'omission': {
        'bias': -8.2447,
        'bead similarity': -0.3604,
        'best': -0.7376,
        'confidence': 1.4999,
        'covered': 0.0851,
        'covered own': -2.3604,
        'covered rest': 1.4659,
        'gain': 0.4485,
        'length': 2.3179,
        'neighbour': 1.787,
        'null': -0.1083,
        'residual': 4.9736,
        'sentence': 0.0,
        'share': -4.0797,
        'similarity': -1.1857,
    },
    'addition': {
        'bias': -2.0861,
        'bead similarity': -0.7037,
        'best': -0.17,
        'confidence': 0.0829,
        'covered': -0.268,
        'covered own': -0.3731,
        'covered rest': -0.3565,
        'gain': 0.0907,
        'length': 0.4985,
        'neighbour': -0.3746,
        'null': 0.3375,
        'residual': 0.1122,
        'sentence': 0.7701,
        'share': 0.0176,
        'similarity': -0.2814,
    },
}
