"""Measured, not assumed: the understanding back-ends on CLINC150 and on labelled calls.

Run `python -m eval` from the project root; see docs/understanding.md for the figures.
"""
