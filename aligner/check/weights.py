"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev, planted errors weighted 1/per-doc (5: one
error of each kind a document). Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=651
number standardised=False C=3.0 findings=315
omission standardised=True C=3.0 findings=780
term standardised=True C=1.0 findings=1799
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -5.4585,
        'covered': -0.7093,
        'curated': 0.5269,
        'elsewhere': 0.229,
        'other known': 0.5481,
        'other known lone': 3.2604,
        'other known unexplained': 1.0914,
        'other known words': 0.1002,
        'others missing': -7.7319,
        'partial': 0.085,
        'pronoun': -0.0046,
        'repair gain': 32.3868,
        'short': -0.2396,
        'similarity': -0.3609,
        'supported': -0.2353,
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
        'bias': -14.6247,
        'bead similarity': -1.0196,
        'best': -0.5909,
        'confidence': 6.5304,
        'covered': -0.2822,
        'covered own': -2.099,
        'covered rest': 2.4078,
        'gain': 17.6884,
        'length': 2.9661,
        'neighbour': 2.5531,
        'null': -1.8481,
        'residual': 6.0382,
        'sentence': 3.3677,
        'share': -11.8489,
        'similarity': 0.0255,
    },
    'addition': {
        'bias': -2.1116,
        'bead similarity': -0.7134,
        'best': -0.2095,
        'confidence': 0.0553,
        'covered': -0.1835,
        'covered own': -0.3529,
        'covered rest': -0.3218,
        'gain': 0.085,
        'length': 0.5116,
        'neighbour': -0.3324,
        'null': 0.3209,
        'residual': 0.0952,
        'sentence': 0.8656,
        'share': 0.0217,
        'similarity': -0.2242,
    },
}
