"""Contribute, never copy: how close a proposed key result is to a parent's.

Two key results are compared by their content words: numbers, [placeholders],
dates, change verbs ('raise', 'giảm') and small words do not count, so
'Lift NPS from [baseline] to [target]' copies 'Raise NPS from 31 to 45', while
'Raise NPS among customers who contacted support' narrows it.
"""

from __future__ import annotations

import re
from functools import cache

from coach.cascade.models import Proposal
from coach.cascade.units import texts
from coach.lexicon import fold, lexicon, tokens

# At or above this overlap a key result restates its parent instead of contributing.
TOO_SIMILAR = 0.75

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_SMALL_WORDS = frozenset(  # word lists read best as text
    "a an the to of in on at by for and or with from per our we is are be its their "  # noqa: SIM905
    "it this that each every than more less before after month week "
    "tu len xuong den toi cua cac nhung va trong cho voi moi truoc mot la duoc o "
    "tren duoi thang tuan nam "
    # Units and statistics say how a metric is counted, not which metric it is.
    "percent h hour hours day days week weeks minute minutes min second seconds s "
    "median average mean gio ngay phut giay trung vi binh".split()
)


def content_words(text: str) -> frozenset[str]:
    """The words that say what is measured, folded so marks do not matter."""
    words = tokens(_PLACEHOLDER.sub(" ", text))
    verbs = lexicon().result_verbs
    skip: set[int] = set()
    for i in range(len(words)):
        phrase = verbs.at(words, i)
        if phrase:
            skip.update(range(i, i + len(phrase)))
    return frozenset(
        folded
        for i, word in enumerate(words)
        if i not in skip
        and not any(c.isdigit() for c in word)
        and (folded := fold(word)) not in _SMALL_WORDS
    )


def similarity(first: str, second: str) -> float:
    """Share of content words the two texts have in common (Jaccard, 0-1)."""
    a, b = _words(first), _words(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@cache
def _words(text: str) -> frozenset[str]:
    return content_words(text)


def copied_parent(text: str, parents: dict[str, str]) -> str | None:
    """Id of the parent key result ``text`` restates, if any."""
    best, score = None, 0.0
    for parent_id, parent_text in parents.items():
        value = similarity(text, parent_text)
        if value >= TOO_SIMILAR and value > score:
            best, score = parent_id, value
    return best


def drop_copies(
    proposals: list[Proposal], parents: dict[str, str], lang: str
) -> tuple[list[Proposal], list[str]]:
    """The proposals without key results that restate a parent key result, and a
    notice for each one dropped. The offline scaffold narrows its wording before it
    gets here; this guards every other source, such as a model's draft."""
    say = texts(lang)
    kept, notices = [], []
    for proposal in proposals:
        key_results = []
        for kr in proposal.key_results:
            copied = copied_parent(kr.text, parents)
            if copied is None:
                key_results.append(kr)
                continue
            notices.append(say.dropped.format(kr=kr.id, parent=copied, text=kr.text))
        kept.append(proposal.model_copy(update={"key_results": key_results}))
    return kept, notices
