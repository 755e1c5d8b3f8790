"""How good and how fast the grouping suggestions are, on notes written for it.

    python benchmarks/grouping/quality.py [--granularity 0.5] [--detect]

Quality: `labelled_notes.json` holds 60 notes on eight topics in English,
Estonian and German. For each granularity the script suggests groups of all
notes and counts, over pairs of notes, how many pairs put in one group share a
topic (precision) and how many pairs that share a topic were put in one group
(recall), for pairs within each language and for pairs across languages. By
default each note's language is given (the author's interface language, as the
server knows it); `--detect` makes the detector guess it instead.

Speed: 300 notes (the labelled ones five times, each copy with a word of its
own) suggested on one thread, median of five runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from cocreate.grouping.similarity import Text, suggest  # noqa: E402

HERE = Path(__file__).resolve().parent


def load() -> list[dict]:
    notes: list[dict] = json.loads((HERE / "labelled_notes.json").read_text())["notes"]
    return notes


def pair_scores(notes: list[dict], groups: list[list[str]]) -> dict[str, tuple[float, float]]:
    """kind -> (precision, recall) over pairs; kinds: en, et, de, across, all."""
    group_of = {nid: g for g, members in enumerate(groups) for nid in members}
    counts: dict[str, list[int]] = {}  # kind -> [together and same, together, same]
    for a, b in itertools.combinations(notes, 2):
        kinds = ["all", a["lang"] if a["lang"] == b["lang"] else "across"]
        same = a["topic"] is not None and a["topic"] == b["topic"]
        together = a["id"] in group_of and group_of[a["id"]] == group_of.get(b["id"])
        for kind in kinds:
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += same and together
            c[1] += together
            c[2] += same
    return {k: (c[0] / c[1] if c[1] else 1.0, c[0] / c[2] if c[2] else 1.0)
            for k, c in counts.items()}


def quality(granularity: float, detect: bool) -> dict[str, tuple[float, float]]:
    notes = load()
    texts = [Text(n["id"], n["text"], None if detect else n["lang"]) for n in notes]
    groups = [g["notes"] for g in suggest(texts, granularity, "et")["groups"]]
    return pair_scores(notes, groups)


def speed(count: int = 300, runs: int = 5) -> float:
    base = load()
    texts = [Text(f"{n['id']}-{k}", f"{n['text']} {extra}", n["lang"])
             for k, extra in enumerate(["", "kiiresti", "soon", "bald", "palun"][: count // 60])
             for n in base]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        suggest(texts, 0.5, "et")
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--granularity", type=float, action="append")
    parser.add_argument("--detect", action="store_true")
    args = parser.parse_args()
    print(f"{'granularity':>11} | {'pairs':>6} | precision | recall")
    for g in args.granularity or [0.0, 0.25, 0.5, 0.75, 1.0]:
        for kind, (p, r) in sorted(quality(g, args.detect).items()):
            print(f"{g:>11.2f} | {kind:>6} | {p:9.2f} | {r:6.2f}")
    print(f"300 notes: {speed() * 1000:.0f} ms (median of 5, one thread)")


if __name__ == "__main__":
    main()
