"""The fan-out benchmark: `python -m benchmarks.run` (see README.md)."""
