"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=650
number standardised=False C=3.0 findings=293
omission standardised=True C=3.0 findings=783
term standardised=True C=1.0 findings=1788
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -5.0466,
        'covered': -0.6853,
        'curated': 0.1783,
        'elsewhere': 0.271,
        'other known': 0.6539,
        'other known lone': 3.0857,
        'other known unexplained': 1.1949,
        'other known words': 0.0251,
        'others missing': -7.6464,
        'partial': 0.1621,
        'pronoun': -0.0017,
        'repair gain': 33.1493,
        'short': -0.3741,
        'similarity': -0.8883,
        'supported': -0.2028,
    },
    'number': {
        'bias': -0.2644,
        'both': 2.5264,
        'both counted': 2.0043,
        'en only': -0.6101,
        'similarity': -0.319,
        'surplus': 0.0424,
        'years': 0.8098,
        'zh only': -1.5895,
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
