"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=637
number standardised=False C=3.0 findings=315
omission standardised=True C=3.0 findings=870
term standardised=True C=0.3 findings=1822
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -4.5471,
        'covered': -0.8286,
        'curated': 0.6174,
        'elsewhere': 0.4799,
        'in place': 9.5618,
        'other known': 0.3366,
        'other known lone': 1.5694,
        'other known unexplained': 0.8515,
        'other known words': 0.3323,
        'others missing': -6.3759,
        'partial': -1.226,
        'position gap': -1.3448,
        'pronoun': -0.4307,
        'repair gain': 23.5104,
        'short': -0.4088,
        'similarity': 0.8997,
        'supported': 0.0497,
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
        'bias': -18.1159,
        'bead similarity': -1.6766,
        'best': -0.4915,
        'confidence': 10.2011,
        'covered': -0.6376,
        'covered own': -1.7311,
        'covered rest': 2.4777,
        'gain': 28.7309,
        'length': 2.8484,
        'neighbour': 2.6197,
        'null': -2.3147,
        'numbers missing': 7.5966,
        'residual': 6.6455,
        'sentence': 0.0,
        'share': -14.7871,
        'similarity': 2.4075,
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
