"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=True C=3.0 findings=2776
number standardised=False C=1.0 findings=927
omission standardised=True C=1.0 findings=2136
term standardised=True C=0.3 findings=4825
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -3.7424,
        'clause repair gain': 4.22,
        'covered': -0.721,
        'curated': 1.157,
        'elsewhere': -0.877,
        'in place': 9.7384,
        'missing terms': -0.8513,
        'other known': -0.5995,
        'other known lone': 1.6685,
        'other known unexplained': 0.8256,
        'other known words': 0.3849,
        'others missing': -3.1412,
        'partial': -1.4137,
        'position gap': -1.8719,
        'pronoun': -0.1762,
        'repair gain': 14.6038,
        'short': -0.5699,
        'similarity': 1.7057,
        'supported': 0.3559,
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
        'bias': -2.5659,
        'bead similarity': -5.7772,
        'best': 2.9158,
        'confidence': 2.4945,
        'covered': 0.5306,
        'covered own': -1.0704,
        'covered rest': 0.1155,
        'fragment': -6.8733,
        'gain': 15.9356,
        'length': 0.6857,
        'names spelled': -0.3864,
        'neighbour': -1.6432,
        'null': 2.2684,
        'numbers missing': 0.9149,
        'residual': -0.4274,
        'sentence': 5.2996,
        'share': -5.0332,
        'similarity': -2.3483,
    },
}
