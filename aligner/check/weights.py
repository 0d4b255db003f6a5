"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=True C=3.0 findings=2776
number standardised=False C=1.0 findings=874
omission standardised=True C=1.0 findings=2136
term standardised=True C=0.3 findings=4823
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -3.4495,
        'clause repair gain': 4.1842,
        'covered': -0.7623,
        'curated': 1.2518,
        'elsewhere': -0.8309,
        'in place': 9.8183,
        'missing terms': -0.8411,
        'other known': -0.6109,
        'other known lone': 1.6378,
        'other known unexplained': 0.7938,
        'other known words': 0.3598,
        'others missing': -3.0837,
        'partial': -1.377,
        'position gap': -1.9449,
        'pronoun': -0.2338,
        'repair gain': 14.1047,
        'short': -0.5871,
        'similarity': 1.2897,
        'supported': 0.4491,
    },
    'number': {
        'bias': -1.3713,
        'both': 1.1392,
        'both counted': 2.0104,
        'en only': 0.3117,
        'similarity': 0.1527,
        'surplus': 0.6524,
        'weak unmatched': 0.0676,
        'years': 0.4681,
        'zh only': -0.5759,
    },
    'omission': {
        'bias': -13.152,
        'aside': 2.113,
        'bead similarity': -1.2765,
        'best': -0.0537,
        'claimed': -4.8892,
        'confidence': 6.6085,
        'covered': -0.3587,
        'covered own': -1.9555,
        'covered rest': 2.0468,
        'gain': 13.9877,
        'length': 2.3568,
        'neighbour': 1.9765,
        'null': -1.902,
        'numbers kept': -0.2165,
        'numbers missing': 1.9665,
        'residual': 4.166,
        'sentence': 0.0298,
        'share': -8.5035,
        'similarity': -0.3159,
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
