"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev together, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=True C=0.01 findings=731
number standardised=False C=3.0 findings=305
omission standardised=True C=3.0 findings=783
term standardised=True C=0.03 findings=1633
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -4.3978,
        'covered': -0.5197,
        'curated': 0.4446,
        'elsewhere': 0.5169,
        'other known': 0.5766,
        'other known unexplained': 1.0378,
        'other known words': 0.1893,
        'partial': -0.509,
        'pronoun': 0.0068,
        'short': -0.507,
        'similarity': 0.1707,
        'supported': 0.1998,
    },
    'number': {
        'bias': -0.1246,
        'both': 4.1694,
        'en only': -0.551,
        'similarity': -0.4768,
        'years': 0.7603,
        'zh only': -1.4147,
    },
    'omission': {
        'bias': -15.5158,
        'bead similarity': -1.0129,
        'best': -0.5707,
        'confidence': 6.8535,
        'covered': -0.6939,
        'covered gap': 1.1628,
        'covered rest': 1.9561,
        'gain': 19.3053,
        'length': 3.0763,
        'neighbour': 2.5207,
        'null': -1.7662,
        'residual': 6.6001,
        'sentence': 0.0,
        'share': -13.1411,
        'similarity': 0.0735,
    },
    'addition': {
        'bias': -1.0483,
        'bead similarity': -1.0816,
        'best': -0.3056,
        'confidence': 0.6455,
        'covered': -0.2832,
        'covered gap': -0.1422,
        'covered rest': -0.5485,
        'gain': 4.4412,
        'length': 0.2595,
        'neighbour': -1.3224,
        'null': 0.195,
        'residual': 0.3858,
        'sentence': 0.6714,
        'share': 0.1271,
        'similarity': -0.6111,
    },
}
