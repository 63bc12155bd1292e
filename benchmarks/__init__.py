"""Benchmarks of hkgov-graph at scale: a synthetic data generator and a runner.

``python -m benchmarks.generate`` writes a synthetic network in the layout of
``data/``; ``python -m benchmarks`` measures load, validation, build, the
packaged queries, export and publish against baselines at several sizes. Both
run separately from the tests.
"""
