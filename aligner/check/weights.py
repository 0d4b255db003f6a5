"""Placeholder weights (written over by benchmarks/train_check.py --write)."""

WEIGHTS: dict[str, dict[str, float]] = {}
