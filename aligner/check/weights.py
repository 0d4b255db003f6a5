"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.3 findings=2776
number standardised=False C=1.0 findings=927
omission standardised=True C=1.0 findings=2136
term standardised=True C=0.3 findings=4821
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -3.7313,
        'clause repair gain': 4.2233,
        'covered': -0.721,
        'curated': 1.1631,
        'elsewhere': -0.8925,
        'in place': 9.6397,
        'missing terms': -0.8517,
        'other known': -0.5979,
        'other known lone': 1.6701,
        'other known unexplained': 0.8209,
        'other known words': 0.3854,
        'others missing': -3.1346,
        'partial': -1.4071,
        'position gap': -1.8674,
        'pronoun': -0.1821,
        'repair gain': 14.7088,
        'short': -0.5661,
        'similarity': 1.6912,
        'supported': 0.3545,
    },
    'number': {
        'bias': -1.4914,
        'both': 1.225,
        'both counted': 2.1752,
        'en only': 0.3068,
        'similarity': -0.0997,
        'surplus': 0.6827,
        'weak unmatched': 0.1356,
        'years': 0.6244,
        'zh only': -0.7819,
    },
    'omission': {
        'bias': -13.2432,
        'aside': 2.0825,
        'bead similarity': -1.0036,
        'best': 0.1688,
        'claimed': -5.1538,
        'confidence': 6.5592,
        'covered': -0.3832,
        'covered own': -1.9543,
        'covered rest': 1.9294,
        'gain': 14.9732,
        'length': 2.349,
        'neighbour': 2.0777,
        'null': -1.7924,
        'numbers kept': -0.2059,
        'numbers missing': 2.1075,
        'residual': 4.2125,
        'sentence': 0.0644,
        'share': -8.6475,
        'similarity': -0.5336,
    },
    'addition': {
        'bias': -2.5092,
        'bead similarity': -1.0555,
        'best': -0.4204,
        'confidence': 0.2565,
        'covered': -0.3955,
        'covered own': -0.5586,
        'covered rest': -0.3246,
        'gain': 0.2458,
        'length': 0.6472,
        'names spelled': -0.5938,
        'neighbour': -0.9597,
        'null': 0.459,
        'numbers missing': 0.5178,
        'residual': 0.2209,
        'sentence': 1.5405,
        'share': -0.4668,
        'similarity': -0.6279,
    },
}
