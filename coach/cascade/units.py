"""The catalogue of common units and the metrics they can move
(knowledge/unit_metrics.yaml), and how a unit and a parent key result are matched
against it."""

from __future__ import annotations

from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from coach.document import Level
from coach.lexicon import PhraseSet, tokens
from coach.paths import KNOWLEDGE

Lang = Literal["en", "vi"]
UNIT_METRICS = KNOWLEDGE / "unit_metrics.yaml"


class _Data(BaseModel):
    # A typo in the catalogue must fail loudly, not drop a metric silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Data):
    en: str = Field(description="English wording.")
    vi: str = Field(description="Vietnamese wording.")

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class MetricTemplate(_Data):
    id: str = Field(description="Stable id, unique within its unit.")
    moves: list[str] = Field(
        min_length=1, description="Themes this metric moves, strongest first."
    )
    keywords: list[str] = Field(
        default_factory=list, description="Words in --about that favour this metric."
    )
    levels: list[Level] | None = Field(
        default=None, description="Levels it suits; None means every level."
    )
    name: Texts = Field(description="Short name for the contribution line.")
    en: str = Field(description="English key result; fills {scope} and {due}.")
    vi: str = Field(description="Vietnamese key result; fills {scope} and {due}.")

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def suits(self, level: Level) -> bool:
        return self.levels is None or level in self.levels


class UnitProfile(_Data):
    names: list[str] = Field(min_length=1, description="How people name the unit.")
    scope: Texts = Field(description="Narrows a metric to one person's work.")
    narrow: Texts = Field(description="Narrows a metric to the unit's own share.")
    objectives: dict[str, Texts] = Field(
        description="A qualitative objective title per theme, and 'default'."
    )
    metrics: list[MetricTemplate] = Field(min_length=3)

    def objective(self, theme: str, lang: str) -> str:
        chosen = self.objectives.get(theme) or self.objectives["default"]
        return chosen.get(lang)


class CatalogueTexts(_Data):
    contribution: str
    and_: str = Field(alias="and")
    not_a_lever: str
    not_yet_covered: str
    no_proposals: str
    dropped: str
    degraded: str


class UnitCatalogue(_Data):
    texts: dict[Lang, CatalogueTexts]
    themes: dict[str, list[str]] = Field(
        description="Words that say what a parent key result is about."
    )
    units: dict[str, UnitProfile]


@cache
def unit_catalogue() -> UnitCatalogue:
    data = yaml.safe_load(UNIT_METRICS.read_text(encoding="utf-8"))
    return UnitCatalogue.model_validate(data)


@cache
def _theme_phrases() -> dict[str, PhraseSet]:
    return {
        theme: PhraseSet.of(words) for theme, words in unit_catalogue().themes.items()
    }


@cache
def _unit_phrases() -> dict[str, PhraseSet]:
    return {uid: PhraseSet.of(p.names) for uid, p in unit_catalogue().units.items()}


# Limitation: themes are found by listed words only; a parent key result worded
# outside knowledge/unit_metrics.yaml has no theme and is no unit's lever offline.
def themes_of(text: str) -> list[str]:
    """Themes of a key result in reading order, each once. At every word the longest
    phrase of any theme wins, so 'customer acquisition cost' is not also 'cost'."""
    words = tokens(text)
    found: list[str] = []
    i = 0
    while i < len(words):
        best, length = None, 0
        for theme, phrases in _theme_phrases().items():
            phrase = phrases.at(words, i)
            if phrase and len(phrase) > length:
                best, length = theme, len(phrase)
        if best and best not in found:
            found.append(best)
        i += max(length, 1)
    return found


def find_unit(unit: str, about: str | None = None) -> tuple[str, UnitProfile] | None:
    """The catalogue unit named by ``unit`` or, failing that, by ``about``.

    The longest matching name wins: 'Customer Success' is customer success, not
    support, even though both are about customers."""
    for text in (unit, about or ""):
        words = tokens(text)
        best: tuple[int, str] | None = None
        for uid, phrases in _unit_phrases().items():
            for _, phrase in phrases.find(words):
                if best is None or len(phrase) > best[0]:
                    best = (len(phrase), uid)
        if best:
            return best[1], unit_catalogue().units[best[1]]
    return None


def keyword_hits(metric: MetricTemplate, about: str | None) -> int:
    """How many of the metric's keywords the unit's description mentions."""
    if not about:
        return 0
    return len(PhraseSet.of(metric.keywords).find(tokens(about)))


def texts(lang: str) -> CatalogueTexts:
    return unit_catalogue().texts["vi" if lang == "vi" else "en"]
