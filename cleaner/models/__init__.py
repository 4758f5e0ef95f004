"""Data: the learned line model (lines.json), written by benchmarks/train_lines.py."""
