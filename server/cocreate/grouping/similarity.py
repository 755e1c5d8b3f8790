"""Suggested groups, their titles and near-duplicates, from TF-IDF
over stems and over character n-grams, with agglomerative clustering.

Deterministic: the same notes give the same answer (notes are taken in id
order, and no step draws at random). A note that is like no other (or has no
words left after stop words) is in no group. `granularity` 0 asks for fewer,
larger groups (a looser distance threshold), 1 for more, smaller ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from cocreate.grouping import language, words

__all__ = ["Text", "suggest"]

# Cosine distances at which two groups still merge: at granularity 0 and 1.
LOOSEST, TIGHTEST = 0.92, 0.8
GROUP_MAX = 12  # notes in one suggested group; a bigger one is split tighter
DUPLICATE_MIN = 0.8  # cosine similarity of a near-duplicate pair
DUPLICATES_MAX = 50
# Shares of a similarity from the stems (one language) and from character trigrams
# (across languages); the vectors carry their square roots.
WORD_SHARE, CHAR_SHARE = 0.25, 0.75
TITLE_WORDS = 3


@dataclass(frozen=True)
class Text:
    """A note to compare: its id, text and language (None: detect it)."""

    id: str
    text: str
    lang: str | None = None


@dataclass
class _Features:
    vectors: Any  # rows L2-normalised; a row of zeros for a note with no words
    surfaces: list[list[str]]
    terms: list[list[str]]
    word_weights: Any
    vocabulary: dict[str, int]


def _features(notes: list[Text], default_lang: str) -> _Features:
    langs = [n.lang or language.detect(n.text, default_lang) for n in notes]
    surfaces = [words.surface_words(n.text, lang) for n, lang in zip(notes, langs, strict=True)]
    terms = [words.stems(ws, lang) for ws, lang in zip(surfaces, langs, strict=True)]
    lined = [words.lined_up(ws, lang) for ws, lang in zip(surfaces, langs, strict=True)]
    if not any(terms):
        empty = sparse.csr_matrix((len(notes), 1))
        return _Features(empty, surfaces, terms, empty, {})
    by_word = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True)
    word_weights = by_word.fit_transform(terms)
    # No IDF for trigrams: the ones a topic's notes share across languages ("bus",
    # "lin") are the ones several notes have, which IDF would weigh down.
    by_chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), use_idf=False,
                               sublinear_tf=True)
    chars = by_chars.fit_transform(lined)
    vectors = normalize(sparse.hstack([word_weights * WORD_SHARE ** 0.5,
                                       chars * CHAR_SHARE ** 0.5]).tocsr())
    return _Features(vectors, surfaces, terms, word_weights, by_word.vocabulary_)


def _threshold(granularity: float) -> float:
    return LOOSEST + (TIGHTEST - LOOSEST) * min(max(granularity, 0.0), 1.0)


def _clusters(similar: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
    """Groups of at least two among `members`, none over GROUP_MAX."""
    if len(members) < 2:
        return []
    distance = np.clip(1.0 - similar[np.ix_(members, members)], 0.0, 2.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=threshold).fit_predict(distance)
    groups: dict[int, list[int]] = {}
    for member, label in zip(members, labels, strict=True):
        groups.setdefault(int(label), []).append(member)
    out = []
    for group in groups.values():
        if len(group) > GROUP_MAX:
            out += _clusters(similar, group, threshold * 0.85)
        elif len(group) >= 2:
            out.append(group)
    return out


def _title(group: list[int], f: _Features) -> str:
    """The group's weightiest stems, each as the form the notes use most."""
    weight: dict[str, float] = {}
    forms: dict[str, Counter[str]] = {}
    for i in group:
        row = f.word_weights.getrow(i)
        for term, surface in zip(f.terms[i], f.surfaces[i], strict=True):
            weight.setdefault(term, 0.0)
            forms.setdefault(term, Counter())[surface.lower()] += 1
        for term in set(f.terms[i]):
            weight[term] += float(row[0, f.vocabulary[term]])
    top = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    picked = [forms[t].most_common(1)[0][0] for t, w in top[:TITLE_WORDS] if w >= top[0][1] / 2]
    title = ", ".join(dict.fromkeys(picked))
    return title[:1].upper() + title[1:]


def suggest(notes: list[Text], granularity: float = 0.5,
            default_lang: str = "en") -> dict[str, Any]:
    """`{"groups": [{"title", "notes": [id], "score"}], "duplicates": [[id, id]]}`:
    groups biggest first; `score` is the mean similarity of a group's pairs (0..1)."""
    notes = sorted(notes, key=lambda n: n.id)
    if len(notes) < 2:
        return {"groups": [], "duplicates": []}
    f = _features(notes, default_lang)
    similar = (f.vectors @ f.vectors.T).toarray()
    found = _clusters(similar, [i for i in range(len(notes)) if f.terms[i]],
                      _threshold(granularity))
    groups: list[dict[str, Any]] = []
    for group in found:
        pairs = similar[np.ix_(group, group)]
        score = (pairs.sum() - len(group)) / (len(group) * (len(group) - 1))
        groups.append({"title": _title(group, f), "notes": [notes[i].id for i in group],
                       "score": round(float(score), 2)})
    groups.sort(key=lambda g: (-len(g["notes"]), g["notes"][0]))
    close = np.argwhere(np.triu(similar, 1) >= DUPLICATE_MIN)
    ranked = sorted(close.tolist(), key=lambda ij: (-similar[ij[0], ij[1]], ij[0], ij[1]))
    duplicates = [[notes[i].id, notes[j].id] for i, j in ranked[:DUPLICATES_MAX]]
    return {"groups": groups, "duplicates": duplicates}

