"""The model step's seam: candidate pairs in, confirmations out.

Only the pairs the offline pass proposed are sent, in batches, within a bounded
number of calls and one deadline; offline this step does nothing and costs
nothing. When the model fails, the pairs it did not judge keep the offline verdict.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from coach import llm
from coach.alignment.labels import word
from coach.alignment.models import CandidatePair, Confirmation
from coach.alignment.organisation import Organisation
from coach.errors import ModelError
from coach.injection import addressed_to_reviewer
from coach.prompts import render
from coach.report import Usage
from coach.settings import Settings

logger = logging.getLogger(__name__)

# At most this many pairs per call, this many calls per review, and this many key
# results quoted per side of a pair: the prompt stays small whatever the org's size.
BATCH_SIZE = 20
MAX_CALLS = 5
QUOTED_PER_SIDE = 3
_LANGUAGE = {"en": "English", "vi": "Vietnamese"}


class ConfirmationBatch(BaseModel):
    """The model's verdicts on one batch of candidate pairs."""

    verdicts: list[Confirmation] = Field(
        description="One verdict per candidate pair of the batch."
    )


@dataclass
class ModelAnswers:
    confirmations: list[Confirmation] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    degraded: bool = False
    notices: list[str] = field(default_factory=list)


def confirm_candidates(
    candidates: list[CandidatePair],
    org: Organisation,
    settings: Settings,
    lang: str,
) -> ModelAnswers:
    """Ask the configured model to confirm or dismiss each candidate pair.

    Offline (no model, or offline set) nothing is asked and every pair stands."""
    # Limitation: the model only judges pairs the text pass proposed; it is not asked
    # to find contradictions that need meaning rather than shared words.
    if settings.model is None or settings.offline or not candidates:
        return ModelAnswers()
    # Pairs quoting text addressed to the reviewer keep their offline verdict.
    askable = [i for i, pair in enumerate(candidates) if not _suspect(org, pair)]
    batches = [askable[i : i + BATCH_SIZE] for i in range(0, len(askable), BATCH_SIZE)]
    answers = ModelAnswers()
    deadline = llm.Deadline(settings.deadline)
    for batch in batches[:MAX_CALLS]:
        try:
            reply = llm.ask(
                ConfirmationBatch,
                _messages(candidates, batch, org, lang),
                settings,
                answers.usage,
                deadline,
            )
        except ModelError as exc:
            return _degraded(answers, settings, exc.cause, lang)
        except Exception as exc:
            # The model is optional: whatever went wrong, the offline pass stands.
            logger.exception("alignment model step failed unexpectedly")
            return _degraded(answers, settings, type(exc).__name__, lang)
        asked = set(batch)
        answers.confirmations += [c for c in reply.verdicts if c.pair in asked]
    judged = sum(len(b) for b in batches[:MAX_CALLS])
    if judged < len(candidates):
        answers.notices.append(
            word(lang, "model_partial").format(judged=judged, total=len(candidates))
        )
    return answers


def _suspect(org: Organisation, pair: CandidatePair) -> bool:
    return any(
        addressed_to_reviewer(org.key_results[kr_id][0].text)
        for kr_id in pair.left[:QUOTED_PER_SIDE] + pair.right[:QUOTED_PER_SIDE]
    )


def _messages(
    candidates: list[CandidatePair], batch: list[int], org: Organisation, lang: str
) -> list[llm.Message]:
    schema = json.dumps(ConfirmationBatch.model_json_schema(), separators=(",", ":"))
    system = render(
        "alignment.system.j2", language=_LANGUAGE.get(lang, "English"), schema=schema
    )
    pairs = [
        {
            "pair": i,
            "kind": candidates[i].kind,
            "metric": candidates[i].metric,
            "left": _quoted(org, candidates[i].left),
            "right": _quoted(org, candidates[i].right),
        }
        for i in batch
    ]
    # '<' written as \u003c: the data cannot close the tag around it.
    data = json.dumps(pairs, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    user = render("alignment.user.j2", pairs=data)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _quoted(org: Organisation, ids: list[str]) -> list[dict[str, str]]:
    return [
        {
            "id": kr_id,
            "unit": org.key_results[kr_id][1].unit,
            "text": org.key_results[kr_id][0].text,
        }
        for kr_id in ids[:QUOTED_PER_SIDE]
    ]


def _degraded(
    answers: ModelAnswers, settings: Settings, cause: str, lang: str
) -> ModelAnswers:
    logger.warning(
        "alignment review running degraded: model %s failed (%s)", settings.model, cause
    )
    answers.degraded = True
    answers.notices.append(
        word(lang, "model_failed").format(model=settings.model, cause=cause)
    )
    return answers
