"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=650
number standardised=False C=3.0 findings=305
omission standardised=True C=3.0 findings=783
term standardised=True C=0.3 findings=1833
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -6.2572,
        'covered': -0.476,
        'curated': 0.1796,
        'elsewhere': 0.5248,
        'other known': 0.5798,
        'other known lone': 2.6601,
        'other known unexplained': 1.3444,
        'other known words': 0.2976,
        'others missing': -6.3847,
        'partial': 0.1,
        'pronoun': -0.3299,
        'repair gain': 25.8286,
        'short': -0.4131,
        'similarity': 0.4038,
        'supported': 0.3142,
    },
    'number': {
        'bias': -0.5202,
        'both': 2.7772,
        'both counted': 1.8679,
        'en only': -0.4563,
        'similarity': -0.3782,
        'surplus': 0.3729,
        'years': 0.872,
        'zh only': -1.5564,
    },
    'omission': {
        'bias': -15.2709,
        'bead similarity': -1.0661,
        'best': -0.6078,
        'confidence': 6.7518,
        'covered': -1.857,
        'covered rest': 3.0108,
        'gain': 20.1071,
        'length': 3.0089,
        'neighbour': 2.4346,
        'null': -1.6245,
        'residual': 6.4872,
        'sentence': 3.937,
        'share': -12.8967,
        'similarity': 0.5236,
    },
    'addition': {
        'bias': -2.1735,
        'bead similarity': -0.7268,
        'best': -0.2197,
        'confidence': 0.0509,
        'covered': -0.2746,
        'covered rest': -0.3339,
        'gain': 0.0863,
        'length': 0.5185,
        'neighbour': -0.3372,
        'null': 0.3377,
        'residual': 0.1156,
        'sentence': 0.8769,
        'share': 0.0164,
        'similarity': -0.2327,
    },
}
