"""Task detection: is a key result a measured result or an activity?

Signals come from the word lists in knowledge/lexicon and from the numbers in the
text; each adds weight to one side. The weights are few and readable on purpose:
every verdict can be explained by the evidence it returns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from coach.lexicon import Lexicon, PhraseSet, Tokens, lexicon, tokens
from coach.measure import Measure, measure


class Kind(StrEnum):
    result = "result"
    task = "task"


@dataclass
class Verdict:
    kind: Kind
    confidence: float
    reasons: list[tuple[str, str]] = field(default_factory=list)
    lead_verb: str | None = None  # as written
    lead_kind: str | None = None  # task | result | vague | None
    lead_end: int = 0  # index of the first word after the leading verb

    @property
    def evidence(self) -> list[str]:
        return explain(self.reasons, "en")

    measure: Measure = field(default_factory=Measure)
    has_metric: bool = False
    output_noun: str | None = None
    binary: str | None = None


# Why a key result was judged as it was, in each language; {0} is the author's words.
REASONS = {
    "en": {
        "lead_task": "starts with the activity verb '{0}'",
        "lead_result": "starts with the change verb '{0}'",
        "lead_vague": "starts with the vague verb '{0}'",
        "improves_output": "improves a deliverable ('{0}')",
        "from_to": "states a change from a baseline to a target",
        "population": "states a share of a population that must behave a way",
        "percent": "states a percentage",
        "threshold": "states a threshold to reach or hold",
        "metric": "names a metric ('{0}')",
        "subject_first": "the metric comes first and then moves or holds",
        "counted": "counts things the team produces ('{0}')",
        "deliverable": "its object is a deliverable ('{0}')",
        "binary": "a done/not-done milestone ('{0}')",
        "nothing": "no metric, change or threshold found",
        "ties_outcome": "ties the work to a measured outcome ('{0}')",
    },
    "vi": {
        "lead_task": "bắt đầu bằng động từ chỉ hoạt động '{0}'",
        "lead_result": "bắt đầu bằng động từ chỉ thay đổi '{0}'",
        "lead_vague": "bắt đầu bằng động từ mơ hồ '{0}'",
        "improves_output": "cải thiện một sản phẩm đầu ra ('{0}')",
        "from_to": "nêu thay đổi từ mức hiện tại đến mục tiêu",
        "population": "nêu tỷ lệ của một nhóm đối tượng phải đạt",
        "percent": "nêu một tỷ lệ phần trăm",
        "threshold": "nêu một ngưỡng cần đạt hoặc giữ",
        "metric": "nêu một chỉ số ('{0}')",
        "subject_first": "chỉ số đứng trước rồi mới đến mức thay đổi",
        "counted": "đếm những thứ nhóm làm ra ('{0}')",
        "deliverable": "đối tượng là một sản phẩm đầu ra ('{0}')",
        "binary": "một mốc xong hay chưa xong ('{0}')",
        "nothing": "không thấy chỉ số, thay đổi hay ngưỡng nào",
        "ties_outcome": "gắn công việc với một kết quả đo được ('{0}')",
    },
}


def explain(reasons: list[tuple[str, str]], lang: str) -> list[str]:
    """The reasons behind a verdict as sentences in ``lang``."""
    texts = REASONS.get(lang, REASONS["en"])
    return [texts[key].format(words) for key, words in reasons]


@dataclass
class _Tally:
    task: float = 0.0
    result: float = 0.0
    reasons: list[tuple[str, str]] = field(default_factory=list)

    def add(self, side: str, weight: float, reason: str, words: str = "") -> None:
        setattr(self, side, getattr(self, side) + weight)
        self.reasons.append((reason, words))


def classify(text: str) -> Verdict:
    lex = lexicon()
    words = tokens(text)
    facts = measure(text)
    tally = _Tally()
    start = _skip_lead(words, lex)
    lead_len, lead_kind = _lead(words, start, lex)
    lead_verb = words.words(start, lead_len) if lead_kind else None
    metric = lex.metric_nouns.find(words)
    outputs = lex.output_nouns.find(words)
    binary = lex.binary_phrases.find(words)

    if lead_kind == "task":
        tally.add("task", 3.0, "lead_task", lead_verb or "")
    elif lead_kind == "result":
        tally.add("result", 3.0, "lead_result", lead_verb or "")
    elif lead_kind == "vague":
        tally.add("result", 0.5, "lead_vague", lead_verb or "")
        if not facts.has_number and outputs and not metric:
            tally.add("task", 1.5, "improves_output", _said(words, outputs[0]))

    if facts.from_to:
        tally.add("result", 3.0, "from_to")
    if facts.pct_of_population:
        tally.add("result", 3.0, "population")
    elif facts.has_percent:
        tally.add("result", 1.5, "percent")
    if lex.maintain_words.find(words) and facts.has_number:
        tally.add("result", 1.5, "threshold")
    if metric:
        tally.add("result", 1.5, "metric", _said(words, metric[0]))
    _secondary_change(words, start, lex, facts, tally)
    if (
        lead_kind is None
        and (metric or facts.has_number)
        and _subject_first(words, lex)
    ):
        tally.add("result", 3.0, "subject_first")

    counted = _counted_output(words, outputs, facts)
    if counted:
        tally.add("task", 2.0, "counted", counted)
    elif outputs and lead_kind == "task":
        tally.add("task", 1.0, "deliverable", _said(words, outputs[0]))
    if binary:
        tally.add("task", 3.0, "binary", _said(words, binary[0]))
    if not tally.reasons:
        tally.add("task", 0.5, "nothing")

    margin = tally.result - tally.task
    kind = Kind.result if margin > 0 else Kind.task
    confidence = round(1 / (1 + math.exp(-abs(margin) * 0.9)), 2)
    return Verdict(
        kind=kind,
        confidence=confidence,
        reasons=tally.reasons,
        lead_verb=lead_verb,
        lead_kind=lead_kind,
        lead_end=start + lead_len,
        measure=facts,
        has_metric=bool(metric),
        output_noun=_said(words, outputs[0]) if outputs else None,
        binary=_said(words, binary[0]) if binary else None,
    )


def _said(words: Tokens, hit: tuple[int, tuple[str, ...]]) -> str:
    """A matched phrase as the author wrote it."""
    return words.words(hit[0], len(hit[1]))


def _skip_lead(words: list[str], lex: Lexicon) -> int:
    """Index after labels ('kr1', '2') and skippable adverbs ('successfully')."""
    i = 0
    while i < len(words):
        word = words[i]
        if word.isdigit() and i == 0 and len(words) > 1 and not words[1].isdigit():
            # A leading list number ("1 launch...") but not "90 of..." (percent handled).
            if _is_percent_start(words):
                return i
            i += 1
        elif word.startswith(("kr", "o")) and word[-1:].isdigit() and len(word) <= 5:
            i += 1
        elif _lead(words, i, lex)[1] is None and (skip := lex.skip_words.at(words, i)):
            # A verb wins over a skippable word: unaccented 'To chuc' is 'Tổ chức'.
            i += len(skip)
        else:
            return i
    return i


def _is_percent_start(words: list[str]) -> bool:
    # tokens() drops '%': a leading number followed by 'of' or a noun is a share.
    return len(words) > 1 and words[1] in {"of", "percent", "cua"}


def _lead(words: list[str], i: int, lex: Lexicon) -> tuple[int, str | None]:
    """The longest verb phrase at position i; on equal length result beats vague
    beats task ('nâng cấp' is an upgrade, not 'nâng' = raise)."""
    if i >= len(words):
        return 0, None
    best: tuple[int, str | None] = (0, None)
    longest = 0
    for kind, phrases in (
        ("result", lex.result_verbs),
        ("vague", lex.vague_verbs),
        ("task", lex.task_verbs),
    ):
        phrase = phrases.at(words, i)
        if phrase and len(phrase) > longest:
            best, longest = (len(phrase), kind), len(phrase)
    return best


def _secondary_change(
    words: Tokens, start: int, lex: Lexicon, facts: Measure, tally: _Tally
) -> None:
    """'Launch X and grow Y from 5% to 15%', 'automate X, cutting time by 60%':
    work tied to a measured outcome later in the sentence counts as a result."""
    if not facts.has_number:
        return
    inside = _inside_phrases(
        words, (lex.output_nouns, lex.metric_nouns, lex.task_verbs)
    )
    for i in range(start + 1, len(words)):
        if i in inside:
            continue
        phrase = lex.result_verbs.at(words, i) or lex.connectors.at(words, i)
        if not phrase:
            continue
        rest = words.tail(i + len(phrase))
        measured = any(w[0].isdigit() for w in rest)
        named = lex.metric_nouns.find(rest) or lex.subject_verbs.find(rest)
        if measured and named:
            tally.add("result", 3.0, "ties_outcome", words.words(i, len(phrase)))
            return


def _inside_phrases(words: list[str], sets: tuple[PhraseSet, ...]) -> set[int]:
    """Positions covered by a multi-word phrase other than its first word."""
    covered: set[int] = set()
    for phrases in sets:
        for index, phrase in phrases.find(words):
            covered.update(range(index + 1, index + len(phrase)))
    return covered


def _subject_first(words: list[str], lex: Lexicon) -> bool:
    return any(lex.subject_verbs.at(words, i) for i in range(1, len(words)))


def _counted_output(
    words: Tokens, outputs: list[tuple[int, tuple[str, ...]]], facts: Measure
) -> str | None:
    """'12 blog posts', '5 workshops': a bare count right before a deliverable."""
    for index, phrase in outputs:
        for back in range(1, 4):
            j = index - back
            if j < 0:
                break
            if words[j].replace(",", "").replace(".", "").isdigit():
                if facts.has_percent and facts.from_to:
                    return None
                return words.words(j, index + len(phrase) - j)
    return None
