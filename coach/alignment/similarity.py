"""Which metric phrases name the same thing: TF-IDF cosine with an inverted index.

Each distinct metric phrase becomes a vector of its words and adjacent word pairs,
weighted by how rare they are in the organisation. Pairs only share a word pair
when the words sit together, so two teams that both mention 'customers' stay far
apart while 'trial signups' and 'monthly trial signups' meet. Candidates come from
the inverted index, never from comparing every phrase with every other one.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import pairwise

Vector = dict[str, float]


def features(terms: tuple[str, ...]) -> list[str]:
    return [*terms, *(f"{a} {b}" for a, b in pairwise(terms))]


class MetricIndex:
    """TF-IDF vectors of distinct metric phrases, and their inverted index."""

    def __init__(
        self,
        phrases: Sequence[tuple[str, ...]],
        heads: Sequence[int],
        generic: frozenset[str],
        generic_weight: float,
    ) -> None:
        """``heads[n]``: how many words of ``phrases[n]`` name the metric itself."""
        counts = Counter(phrases)
        self.keys: list[tuple[str, ...]] = list(counts)
        head_of = dict(zip(reversed(phrases), reversed(heads), strict=True))
        self.heads = [head_of[key] for key in self.keys]
        self.key_of = {key: i for i, key in enumerate(self.keys)}
        self.df: Counter[str] = Counter()
        for key, n in counts.items():
            for feature in set(features(key)):
                self.df[feature] += n
        total = len(phrases)
        self.weight = {
            feature: (math.log((1 + total) / (1 + n)) + 1.0)
            * (generic_weight if _all_generic(feature, generic) else 1.0)
            for feature, n in self.df.items()
        }
        self.vectors = [self._vector(key) for key in self.keys]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vector in enumerate(self.vectors):
            for feature, w in vector.items():
                self.postings[feature].append((i, w))

    def _vector(self, terms: tuple[str, ...]) -> Vector:
        return _normalised({f: self.weight.get(f, 1.0) for f in features(terms)})

    def cosine(self, i: int, j: int) -> float:
        return _dot(self.vectors[i], self.vectors[j])

    def same_metric(self, i: int, j: int, head: float, qualifier: float) -> bool:
        """Whether two similar phrases measure one thing: their heads must be
        alike too, so 'conversion of plan X' and 'churn of plan X' stay apart,
        and so must their qualifiers when both have one ('north' vs 'south')."""
        if i == j:
            return True
        (hi, qi), (hj, qj) = self._parts(i), self._parts(j)
        if _dot(hi, hj) < head:
            return False
        return not (qi and qj) or _dot(qi, qj) >= qualifier

    def _parts(self, i: int) -> tuple[Vector, Vector]:
        key, size = self.keys[i], self.heads[i]
        if size == len(key):
            return self.vectors[i], {}
        return self._vector(key[:size]), self._vector(key[size:])

    def similar(self, threshold: float) -> Iterator[tuple[int, int, float]]:
        """(j, i, cosine) for distinct phrases j < i at or above ``threshold``.

        Prefix filtering (all-pairs similarity search): order features rarest
        first; a vector's prefix is its rarest features up to the point where
        the rest weighs less than ``threshold``. If two unit vectors reach the
        threshold, their prefixes share a feature: otherwise every shared feature
        lies in the rest of the one with the earlier cut, whose norm is below the
        threshold. So only prefixes are indexed and probed, no pair is missed,
        and common features, whose postings are long, seldom take part."""
        index: dict[str, list[int]] = defaultdict(list)
        for i, vector in enumerate(self.vectors):
            prefix = self._prefix(vector, threshold)
            candidates = {j for feature in prefix for j in index.get(feature, ())}
            for j in candidates:
                score = _dot(vector, self.vectors[j])
                if score >= threshold:
                    yield j, i, min(score, 1.0)
            # Indexed after probing: each pair is met once, from its later phrase.
            for feature in prefix:
                index[feature].append(i)

    def _prefix(self, vector: Vector, threshold: float) -> list[str]:
        """The rarest features of a vector, until what is left weighs less than
        the threshold (ties broken by name: the order must be global)."""
        by_rarity = sorted(vector, key=lambda f: (self.df[f], f))
        rest = sum(w * w for w in vector.values())
        prefix = []
        for feature in by_rarity:
            if math.sqrt(max(rest, 0.0)) < threshold:
                break
            prefix.append(feature)
            rest -= vector[feature] ** 2
        return prefix

    def closest(
        self, query: Vector, allowed: set[int], max_df: int
    ) -> tuple[int, float] | None:
        """The allowed phrase nearest to a query vector, skipping features held by
        more than ``max_df`` phrases (a suggestion, not a proof)."""
        partial: dict[int, float] = defaultdict(float)
        for feature, w in query.items():
            postings = self.postings.get(feature, [])
            if len(postings) <= max_df:
                for j, wj in postings:
                    partial[j] += w * wj
        best = max(
            (j for j in partial if j in allowed), key=partial.__getitem__, default=None
        )
        return None if best is None else (best, _dot(query, self.vectors[best]))

    def combined(self, keys: Sequence[int]) -> Vector:
        """The normalised sum of several phrases' vectors (an objective's KRs)."""
        total: dict[str, float] = defaultdict(float)
        for key in keys:
            for feature, weight in self.vectors[key].items():
                total[feature] += weight
        return _normalised(total)


def _all_generic(feature: str, generic: frozenset[str]) -> bool:
    return all(word in generic for word in feature.split(" "))


def _normalised(vector: dict[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {f: w / norm for f, w in vector.items()} if norm else {}


def _dot(a: Vector, b: Vector) -> float:
    # Candidates share few features: intersecting the keys (in C) beats a lookup
    # for every feature of one side.
    return sum(a[f] * b[f] for f in a.keys() & b.keys())
