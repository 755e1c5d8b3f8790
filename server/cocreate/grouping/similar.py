"""Notes like one being written ("similar notes already here"), without
scikit-learn: a question asked as people type must never wait for, or stall the
server with, loading it. The same terms as the suggestions (`words`): stems
within a language, character trigrams of folded stems across languages, in the
same shares.
"""

from __future__ import annotations

import math
from collections import Counter

from cocreate.grouping import language, words

WORD_SHARE, CHAR_SHARE = 0.25, 0.75  # as in `similarity`
SIMILAR_MIN = 0.25  # cosine similarity of a note shown as "similar"

Bag = dict[tuple[str, str], float]


def _normalised(counts: Counter[str], kind: str, share: float) -> Bag:
    weights = {t: 1 + math.log(n) for t, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {(kind, t): math.sqrt(share) * w / norm for t, w in weights.items()}


def bag(text: str, default_lang: str) -> Bag:
    """A note as weighted terms: its stems and its trigrams, each part of unit length."""
    lang = language.detect(text, default_lang)
    surfaces = words.surface_words(text, lang)
    if not surfaces:
        return {}
    stems = Counter(words.stems(surfaces, lang))
    grams: Counter[str] = Counter()
    for word in words.lined_up(surfaces, lang).split():
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return {**_normalised(stems, "s", WORD_SHARE), **_normalised(grams, "c", CHAR_SHARE)}


def cosine(a: Bag, b: Bag) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def similar_to(text: str, notes: list[tuple[str, str]], default_lang: str = "en",
               limit: int = 3) -> list[str]:
    """The ids of up to `limit` of `notes` (id, text) most like `text`, most alike first."""
    asked = bag(text, default_lang)
    if not asked:
        return []
    scored = sorted(((cosine(asked, bag(t, default_lang)), nid) for nid, t in notes),
                    key=lambda st: (-st[0], st[1]))
    return [nid for score, nid in scored[:limit] if score >= SIMILAR_MIN]
