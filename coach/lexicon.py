"""Word lists (from knowledge/lexicon/*.yaml) and accent-insensitive matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import yaml

from coach.paths import LEXICON

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_VI_MARKS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Tăng doanh thu' matches 'tang doanh thu'."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def has_vietnamese_marks(text: str) -> bool:
    return bool(_VI_MARKS.search(text.lower()))


@dataclass
class PhraseSet:
    """Phrases indexed by first token for matching anywhere in a token list."""

    by_first: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def of(cls, phrases: list[str]) -> PhraseSet:
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(tokens(phrase))
            if words:
                index.setdefault(words[0], []).append(words)
        for options in index.values():
            options.sort(key=len, reverse=True)
        return cls(index)

    def at(self, words: list[str], i: int) -> tuple[str, ...] | None:
        """The longest phrase starting at position i, if any."""
        for phrase in self.by_first.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return phrase
        return None

    def find(self, words: list[str]) -> list[tuple[int, tuple[str, ...]]]:
        hits = []
        for i in range(len(words)):
            phrase = self.at(words, i)
            if phrase:
                hits.append((i, phrase))
        return hits


@dataclass
class Lexicon:
    task_verbs: PhraseSet
    result_verbs: PhraseSet
    vague_verbs: PhraseSet
    subject_verbs: PhraseSet
    metric_nouns: PhraseSet
    output_nouns: PhraseSet
    binary_phrases: PhraseSet
    grading_words: PhraseSet
    reference_words: PhraseSet
    maintain_words: PhraseSet
    skip_words: PhraseSet
    time_words: PhraseSet
    connectors: PhraseSet
    vietnamese_words: frozenset[str]


_ENGLISH_STOPWORDS = [
    "a",
    "an",
    "the",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "and",
    "or",
    "with",
    "from",
    "per",
    "our",
    "we",
    "is",
    "are",
    "be",
]


@cache
def lexicon() -> Lexicon:
    """All languages' lists merged: drafts often mix English jargon into Vietnamese."""
    merged: dict[str, list[str]] = {}
    vietnamese: set[str] = set()
    other: set[str] = set(_ENGLISH_STOPWORDS)
    for path in sorted(LEXICON.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, values in data.items():
            if isinstance(values, list):
                merged.setdefault(key, []).extend(str(v) for v in values)
                words = {w for v in values for w in tokens(str(v))}
                (vietnamese if data.get("language") == "vi" else other).update(words)
    names = [f for f in Lexicon.__dataclass_fields__ if f != "vietnamese_words"]
    sets = {name: PhraseSet.of(merged.get(name, [])) for name in names}
    return Lexicon(**sets, vietnamese_words=frozenset(vietnamese - other))


def detect_language(text: str) -> str:
    """'vi' when the text has Vietnamese letters or mostly Vietnamese words, else 'en'."""
    if has_vietnamese_marks(text):
        return "vi"
    words = tokens(text)
    known = lexicon().vietnamese_words
    hits = sum(1 for w in words if w in known and len(w) > 1 and not w.isdigit())
    return "vi" if words and hits / len(words) >= 0.5 else "en"
