"""What a key result measures and which way it moves it.

'Raise trial-to-paid conversion from 6% to 9%' reads as the metric phrase
('trial', 'paid', 'conversion') moving up. Numbers, units, time words and grammar
are dropped; synonyms in either language become one canonical word, so
'tỷ lệ rời bỏ' and 'churn rate' meet. The words after 'by doing' or 'bằng cách'
say how, not what: they are kept apart for the trade-off patterns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from coach.alignment.data import alignment_data
from coach.document import Direction, KeyResult
from coach.lexicon import fold
from coach.measure import measure


@dataclass(frozen=True)
class MetricPhrase:
    terms: tuple[str, ...]
    """Canonical words of what is measured, in the order written."""
    head: int
    """How many of the terms name the metric; the rest say for whom or where."""
    means: tuple[str, ...]
    """Canonical words of how the change is made ('by buying ads')."""
    direction: Direction | None

    @property
    def label(self) -> str:
        return " ".join(t.removeprefix(CANONICAL) for t in self.terms)

    def mentions(self, phrase: tuple[str, ...]) -> bool:
        """True when the phrase appears, in order, in the metric or the means."""
        for words in (self.terms, self.means):
            size = len(phrase)
            if any(words[i : i + size] == phrase for i in range(len(words) - size + 1)):
                return True
        return False


_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*")
# Canonical words carry this mark, so a synonym's name ('cac') can never be taken
# for a stop word that folds to the same letters ('các').
CANONICAL = "="


def words_of(text: str) -> list[str]:
    """Stemmed lower-case words. Text typed with Vietnamese marks keeps them, so
    'các' (plural marker) stays apart from 'CAC'; text typed without marks is
    matched folded, the way its author meant it."""
    # Limitation: text typed without marks cannot tell 'cac' (các) from CAC, nor
    # other Vietnamese words that differ only by their marks.
    lower = unicodedata.normalize("NFC", text).lower()
    folded = fold(lower)
    return [stem(w) for w in _WORD.findall(lower if folded != lower else folded)]


def _forms(phrase: str) -> set[tuple[str, ...]]:
    """A data-file phrase as typed with marks and as typed without them."""
    return {tuple(words_of(phrase)), tuple(words_of(fold(phrase)))}


@dataclass(frozen=True)
class Phrases:
    """Phrases indexed by first word, longest first, for matching at a position."""

    by_first: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def of(cls, phrases: Iterable[tuple[str, ...]]) -> Phrases:
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in set(phrases):
            if phrase:
                index.setdefault(phrase[0], []).append(phrase)
        for options in index.values():
            options.sort(key=len, reverse=True)
        return cls(index)

    def at(self, words: list[str], i: int) -> tuple[str, ...] | None:
        """The longest phrase starting at position i, if any."""
        for phrase in self.by_first.get(words[i], ()):
            if len(phrase) == 1 or tuple(words[i : i + len(phrase)]) == phrase:
                return phrase
        return None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """English plural to singular; Vietnamese syllables never end in 's'."""
    # Limitation: only plurals are stemmed; 'churned' and 'churn' stay two words.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("xes", "ches", "shes", "sses", "zzes")):
        return word[:-2]
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# What a phrase in the vocabulary is; at one position the longest phrase wins, and
# a synonym wins over the others, so 'giảm giá' (discount) is a metric before
# 'giảm' (reduce) is a direction.
_STOP, _QUALIFIER, _MEANS, _DIRECTION, _SYNONYM = range(5)
_OF = frozenset({("of",), ("cua",), ("của",)})


@dataclass(frozen=True)
class Vocabulary:
    phrases: Phrases
    meaning: dict[tuple[str, ...], tuple[int, str]]
    generic: frozenset[str]

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(v for kind, v in self.meaning.values() if kind == _SYNONYM)

    def phrase(self, text: str) -> set[tuple[str, ...]]:
        """A data-file phrase in the canonical words a key result is read in, as
        typed with marks and without them. Data may name a synonym by its
        canonical name ('adspend')."""
        return {
            tuple(
                CANONICAL + w if CANONICAL + w in self.names else w
                for w in reading.terms + reading.means
            )
            for reading in (self.read(text), self.read(fold(text)))
        }

    def read(self, text: str) -> _Reading:
        words = words_of(text)
        reading = _Reading()
        i = 0
        while i < len(words):
            hit = self.phrases.at(words, i)
            if hit is None:
                if not _HAS_DIGIT(words[i]):
                    reading.add(words[i])
                i += 1
                continue
            kind, value = self.meaning[hit]
            if kind == _SYNONYM:
                reading.add(value)
            elif kind == _DIRECTION:
                reading.direction = reading.direction or Direction(value)
            elif kind == _MEANS and _opens_means(hit, words, i):
                reading.in_means = True
            elif kind == _QUALIFIER and self._opens_qualifier(hit, reading):
                reading.head = len(reading.terms)
            i += len(hit)
        return reading

    def _opens_qualifier(self, marker: tuple[str, ...], reading: _Reading) -> bool:
        # Limitation: the split trusts prepositions, so 'time in queue' reads as
        # the metric 'time' for 'queue'.
        if reading.head is not None or reading.in_means or not reading.terms:
            return False
        # 'share of new customers': the head so far says nothing on its own.
        return marker not in _OF or not all(t in self.generic for t in reading.terms)


_HAS_DIGIT = re.compile(r"\d").search


@dataclass
class _Reading:
    terms: list[str] = field(default_factory=list)
    means: list[str] = field(default_factory=list)
    direction: Direction | None = None
    in_means: bool = False
    head: int | None = None

    def add(self, word: str) -> None:
        (self.means if self.in_means else self.terms).append(word)


def _opens_means(marker: tuple[str, ...], words: list[str], i: int) -> bool:
    # 'by doubling paid ads' says how; 'by 20%' or 'by March' does not.
    if marker != ("by",):
        return True
    following = words[i + 1] if i + 1 < len(words) else ""
    return following.endswith("ing")


@cache
def vocabulary() -> Vocabulary:
    data = alignment_data()
    meaning: dict[tuple[str, ...], tuple[int, str]] = {}
    entries = [
        (_STOP, "", data.stopwords),
        (_QUALIFIER, "", data.qualifier_markers),
        (_MEANS, "", data.means_markers),
        *((_DIRECTION, name, words) for name, words in data.directions.items()),
        *((_SYNONYM, CANONICAL + n, vs) for n, vs in data.synonyms.items()),
    ]
    # Later kinds overwrite earlier ones for the same phrase: synonym wins.
    for kind, value, texts in entries:
        for text in texts:
            for form in _forms(text):
                meaning[form] = (kind, value)
    phrases = Phrases.of(meaning)
    plain = Vocabulary(phrases, meaning, frozenset())
    generic = frozenset(
        w
        for g in data.generic
        for form in (g, fold(g))
        for w in (plain.read(form).terms)
    )
    return Vocabulary(phrases, meaning, generic)


def read_metric(kr: KeyResult) -> MetricPhrase:
    """The metric phrase and direction of one key result."""
    reading = vocabulary().read(kr.text)
    return MetricPhrase(
        terms=tuple(reading.terms),
        head=len(reading.terms) if reading.head is None else reading.head,
        means=tuple(reading.means),
        direction=_direction(kr, reading.direction),
    )


def _direction(kr: KeyResult, verb: Direction | None) -> Direction | None:
    """What the author stated, then the baseline and target fields, then the verb,
    then the numbers in the text: 'from 1 triệu to 800 nghìn' or 'from 9 hours to
    90 minutes' change scale, so the verb is trusted before the text's numbers."""
    if kr.direction is not None:
        return kr.direction
    if kr.baseline is not None and kr.target is not None:
        return _between(kr.baseline, kr.target)
    if verb is not None:
        return verb
    # Cheap test first: a text without digits has no 'from/to' change either.
    if not any(c.isdigit() for c in kr.text):
        return None
    change = measure(kr.text).from_to
    return _between(*change) if change else None


def _between(start: float, end: float) -> Direction:
    if end > start:
        return Direction.increase
    return Direction.decrease if end < start else Direction.maintain
