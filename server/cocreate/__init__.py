"""Cocreate: a self-hosted, real-time ideation board for co-creation workshops."""

__version__ = "0.1.0"
