"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=637
number standardised=False C=3.0 findings=315
omission standardised=True C=3.0 findings=870
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
        'bias': -20.9045,
        'bead similarity': -1.5051,
        'best': 2.3737,
        'claimed': -8.5173,
        'confidence': 11.7759,
        'covered': -0.9166,
        'covered own': -1.6526,
        'covered rest': 2.2042,
        'gain': 19.3054,
        'length': 3.4551,
        'neighbour': 2.2375,
        'null': -2.2538,
        'numbers kept': -0.6133,
        'numbers missing': 6.6365,
        'residual': 6.7135,
        'sentence': 0.0,
        'share': -12.6199,
        'similarity': -0.3802,
    },
    'addition': {
        'bias': -1.7046,
        'bead similarity': -0.6371,
        'best': -0.151,
        'confidence': 0.0737,
        'covered': -0.317,
        'covered own': -0.3857,
        'covered rest': -0.3364,
        'gain': 0.0816,
        'length': 0.4167,
        'names spelled': -0.58,
        'neighbour': -0.3809,
        'null': 0.3047,
        'numbers missing': 0.3458,
        'residual': 0.1027,
        'sentence': 0.806,
        'share': -0.0052,
        'similarity': -0.26,
    },
}
