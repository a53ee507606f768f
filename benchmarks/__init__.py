"""Reproducible performance benchmarks against the local Bot API emulator.

`make bench` (or `.venv/bin/python -m benchmarks.run`) runs them all; see benchmarks/README.md.
"""
