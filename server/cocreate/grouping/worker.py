"""What the suggestions' worker process runs (`cocreate.queries`). Loading
scikit-learn happens inside the call, in that process: the server that hands the
work over never imports it."""

from __future__ import annotations

from typing import Any


def suggest_pairs(notes: list[tuple[str, str]], granularity: float,
                  default_lang: str) -> dict[str, Any]:
    """`similarity.suggest` of (id, text) pairs, plain data both ways."""
    from cocreate.grouping.similarity import Text, suggest
    return suggest([Text(nid, text) for nid, text in notes], granularity, default_lang)
