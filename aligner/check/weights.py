"""How likely each check's finding is a real error: logistic weights over its
evidence, fitted by benchmarks/train_check.py --write (do not edit by hand).

Evidence standardised or not and inverse L2 strength C chosen on the dev split;
fitted on train and dev together. Per check: standardised, C, findings:
addition standardised=False C=0.1 findings=593
number standardised=False C=3.0 findings=211
omission standardised=True C=1.0 findings=709
term standardised=True C=0.01 findings=1558
"""

WEIGHTS: dict[str, dict[str, float]] = {
    'term': {
        'bias': -3.3003,
        'covered': -0.5086,
        'curated': 0.2872,
        'elsewhere': 0.5502,
        'other known': 0.4639,
        'other known unexplained': 0.9875,
        'other known words': 0.2628,
        'partial': 0.1539,
        'pronoun': -0.0046,
        'short': -0.3246,
        'similarity': -0.4841,
        'supported': 0.2237,
    },
    'number': {
        'bias': 0.9551,
        'both': 5.1617,
        'en only': -0.8567,
        'similarity': -0.2685,
        'years': 0.3429,
        'zh only': -1.9824,
    },
    'omission': {
        'bias': -10.2404,
        'bead similarity': -2.4218,
        'best': -0.9462,
        'confidence': 4.2318,
        'covered': -0.6146,
        'covered gap': 0.9743,
        'covered rest': 1.4677,
        'gain': 23.0198,
        'length': 2.4353,
        'neighbour': 2.5064,
        'null': -1.1533,
        'residual': 7.6793,
        'sentence': 0.0,
        'share': -12.6441,
        'similarity': 2.4934,
    },
    'addition': {
        'bias': -1.5573,
        'bead similarity': -0.998,
        'best': -0.5693,
        'confidence': 0.089,
        'covered': -0.7359,
        'covered gap': 0.0036,
        'covered rest': -0.5792,
        'gain': 0.1081,
        'length': 0.7032,
        'neighbour': -0.5757,
        'null': 0.1949,
        'residual': 0.9981,
        'sentence': 0.5058,
        'share': -0.1443,
        'similarity': -0.5357,
    },
}
