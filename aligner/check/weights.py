"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=619
number standardised=False C=1.0 findings=275
omission standardised=True C=1.0 findings=939
term standardised=True C=1.0 findings=1726
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -3.9534,
        'clause repair gain': 6.454,
        'covered': -0.6522,
        'curated': 1.6349,
        'elsewhere': -0.6548,
        'in place': 11.7334,
        'missing terms': -1.2315,
        'other known': -1.4756,
        'other known lone': 1.2683,
        'other known unexplained': 1.1631,
        'other known words': 0.6995,
        'others missing': -4.3263,
        'partial': -2.133,
        'position gap': -2.5699,
        'pronoun': -0.3269,
        'repair gain': 20.7355,
        'short': -0.8876,
        'similarity': 3.6078,
        'supported': 0.551,
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
        'bias': -13.7842,
        'aside': 1.7192,
        'bead similarity': -1.2742,
        'best': 0.2454,
        'claimed': -5.7606,
        'confidence': 7.6602,
        'covered': -0.3229,
        'covered own': -2.017,
        'covered rest': 1.3021,
        'gain': 17.5375,
        'length': 2.5422,
        'neighbour': 1.566,
        'null': -0.9813,
        'numbers kept': -0.3609,
        'numbers missing': 2.0248,
        'residual': 5.3709,
        'sentence': 1.8784,
        'share': -10.5099,
        'similarity': 0.1432,
    },
    'addition': {
        'bias': -1.7325,
        'bead similarity': -0.5803,
        'best': -0.2472,
        'confidence': 0.0637,
        'covered': -0.3154,
        'covered own': -0.3886,
        'covered rest': -0.3103,
        'gain': 0.0781,
        'length': 0.4361,
        'names spelled': -0.5543,
        'neighbour': -0.3672,
        'null': 0.2948,
        'numbers missing': 0.3145,
        'residual': 0.1252,
        'sentence': 0.785,
        'share': -0.0386,
        'similarity': -0.2773,
    },
}
