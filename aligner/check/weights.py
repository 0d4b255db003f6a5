"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev together, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=731
number standardised=False C=3.0 findings=305
omission standardised=True C=3.0 findings=783
term standardised=True C=0.03 findings=1679
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -4.6971,
        'covered': -0.5973,
        'curated': 0.2827,
        'elsewhere': 0.6099,
        'other known': 0.5214,
        'other known unexplained': 1.0659,
        'other known words': 0.2281,
        'partial': 0.0478,
        'pronoun': -0.024,
        'short': -0.3492,
        'similarity': 0.0435,
        'supported': 0.2962,
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
        'bias': -15.4872,
        'bead similarity': -1.0126,
        'best': -0.572,
        'confidence': 6.8363,
        'covered': -1.846,
        'covered rest': 3.1014,
        'gain': 19.3764,
        'length': 3.0742,
        'neighbour': 2.5138,
        'null': -1.5505,
        'residual': 6.5909,
        'sentence': 0.0,
        'share': -13.1363,
        'similarity': 0.0758,
    },
    'addition': {
        'bias': -1.7568,
        'bead similarity': -0.7747,
        'best': -0.3212,
        'confidence': 0.0872,
        'covered': -0.4226,
        'covered rest': -0.43,
        'gain': 0.0821,
        'length': 0.5056,
        'neighbour': -0.396,
        'null': 0.2052,
        'residual': 0.4329,
        'sentence': 0.4842,
        'share': -0.0496,
        'similarity': -0.3311,
    },
}
