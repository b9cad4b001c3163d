"""Word lists (from knowledge/lexicon/*.yaml) and accent-insensitive matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import yaml

from coach.paths import LEXICON

_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*")
_VI_MARKS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# Vietnamese letters map to their bare form by table: much faster than NFD per call.
_FOLD_TABLE = str.maketrans(
    {c: _strip_marks(c) for c in "ăâêôơư" + _VI_MARKS.pattern[1:-1]}
)
_FOLD_TABLE[ord("đ")] = "d"


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Tăng doanh thu' matches 'tang doanh thu'."""
    folded = text.lower().translate(_FOLD_TABLE)
    return folded if folded.isascii() else _strip_marks(folded)


class Tokens(list[str]):
    """Match keys of a text's words, with the words as written.

    Text typed with Vietnamese marks is matched with its marks, so 'chất lượng'
    (quality) never matches 'lương' (salary); text typed without them is matched
    folded, so 'tang doanh thu' still finds 'tăng doanh thu'.
    """

    accented: bool = False
    original: list[str]
    text: str = ""
    spans: list[tuple[int, int]]

    def tail(self, start: int) -> Tokens:
        """The words from ``start`` on, still knowing how they were written."""
        part = Tokens(self[start:])
        part.accented, part.original = self.accented, self.original[start:]
        part.text, part.spans = self.text, self.spans[start:]
        return part

    def words(self, start: int, length: int) -> str:
        return " ".join(self.original[start : start + length])

    def text_from(self, index: int) -> str:
        """The written text from word ``index`` to the end, punctuation kept."""
        return self.text[self.spans[index][0] :] if index < len(self.spans) else ""


@lru_cache(maxsize=8192)
def tokens(text: str) -> Tokens:
    """Words of ``text`` (cached: callers must not modify the result)."""
    text = unicodedata.normalize("NFC", text)
    found = list(_WORD.finditer(text))
    accented = has_vietnamese_marks(text)
    out = Tokens(_key(m.group(0), accented) for m in found)
    out.accented, out.original = accented, [m.group(0) for m in found]
    out.text, out.spans = text, [m.span() for m in found]
    return out


def _keys(phrase: str, accented: bool) -> tuple[str, ...]:
    written = _WORD.findall(unicodedata.normalize("NFC", phrase))
    return tuple(_key(w, accented) for w in written)


# Two spellings of one syllable are both in use: 'hoá'/'hóa', 'thuỷ'/'thủy'.
_TONE_MOVES = dict(
    [
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ]
)
_OLD_TONE = re.compile("(" + "|".join(_TONE_MOVES) + r")$")


def _key(word: str, accented: bool) -> str:
    """How a word is matched: with its marks (tone placement made uniform) or folded."""
    if not accented:
        return fold(word)
    lower = word.lower()
    return _OLD_TONE.sub(lambda m: _TONE_MOVES[m.group(1)], lower)


def has_vietnamese_marks(text: str) -> bool:
    return bool(_VI_MARKS.search(text.lower()))


@dataclass
class PhraseSet:
    """Phrases indexed by first token for matching anywhere in a token list."""

    folded: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    exact: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def of(cls, phrases: list[str]) -> PhraseSet:
        indexes: tuple[dict[str, list[tuple[str, ...]]], ...] = ({}, {})
        for phrase in phrases:
            marked_only = phrase.startswith("=")
            phrase = phrase.removeprefix("=")
            for index, accented in zip(indexes, (False, True), strict=True):
                if marked_only and not accented:
                    continue
                words = _keys(phrase, accented)
                if words:
                    index.setdefault(words[0], []).append(words)
        for index in indexes:
            for options in index.values():
                options.sort(key=len, reverse=True)
        return cls(*indexes)

    def at(self, words: list[str], i: int) -> tuple[str, ...] | None:
        """The longest phrase starting at position i, if any."""
        index = self.exact if getattr(words, "accented", False) else self.folded
        for phrase in index.get(words[i], ()):
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
    increase_verbs: PhraseSet
    decrease_verbs: PhraseSet
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
                words = {w for v in values for w in _keys(str(v), accented=False)}
                (vietnamese if data.get("language") == "vi" else other).update(words)
    names = [f for f in Lexicon.__dataclass_fields__ if f != "vietnamese_words"]
    sets = {name: PhraseSet.of(merged.get(name, [])) for name in names}
    return Lexicon(**sets, vietnamese_words=frozenset(vietnamese - other))


def detect_language(text: str) -> str:
    """'vi' when the text has Vietnamese letters or mostly Vietnamese words, else 'en'."""
    if has_vietnamese_marks(text):
        return "vi"
    words = [fold(w) for w in tokens(text)]
    known = lexicon().vietnamese_words
    hits = sum(1 for w in words if w in known and len(w) > 1 and not w.isdigit())
    return "vi" if words and hits / len(words) >= 0.5 else "en"
