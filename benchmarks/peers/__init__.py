"""Peer servers the benchmark compares Cocreate with, started as `python -m benchmarks.peers.X`."""
