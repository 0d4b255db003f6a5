"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=629
number standardised=False C=1.0 findings=275
omission standardised=True C=3.0 findings=876
term standardised=True C=1.0 findings=1810
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -6.4594,
        'covered': -0.8604,
        'curated': 0.7979,
        'elsewhere': 0.4761,
        'in place': 10.2207,
        'other known': 0.1509,
        'other known lone': 1.8933,
        'other known unexplained': 1.2453,
        'other known words': 0.5842,
        'others missing': -8.1242,
        'partial': -0.8735,
        'position gap': -0.9066,
        'pronoun': -0.8578,
        'repair gain': 26.4539,
        'short': -0.209,
        'similarity': 2.4166,
        'supported': 0.096,
    },
    'number': {
        'bias': -1.0423,
        'both': 1.1912,
        'both counted': 1.9213,
        'en only': 0.2151,
        'similarity': -0.1818,
        'surplus': 0.7508,
        'weak unmatched': 0.0042,
        'years': 0.5571,
        'zh only': -0.5748,
    },
    'omission': {
        'bias': -18.7133,
        'bead similarity': -1.0843,
        'best': 1.9015,
        'claimed': -7.5805,
        'confidence': 9.6044,
        'covered': -1.0102,
        'covered own': -1.4872,
        'covered rest': 2.2609,
        'gain': 17.5357,
        'length': 3.3578,
        'neighbour': 2.4449,
        'null': -2.2194,
        'numbers kept': -0.5556,
        'numbers missing': 6.4964,
        'residual': 6.4381,
        'sentence': 1.8731,
        'share': -11.7065,
        'similarity': -1.102,
    },
    'addition': {
        'bias': -1.808,
        'bead similarity': -0.59,
        'best': -0.2367,
        'confidence': 0.0611,
        'covered': -0.2931,
        'covered own': -0.3774,
        'covered rest': -0.3142,
        'gain': 0.0797,
        'length': 0.4504,
        'names spelled': -0.5876,
        'neighbour': -0.3768,
        'null': 0.2967,
        'numbers missing': 0.3154,
        'residual': 0.1273,
        'sentence': 0.7913,
        'share': -0.0323,
        'similarity': -0.2846,
    },
}
