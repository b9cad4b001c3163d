"""The one seam between the coach and a language model. Nothing else imports litellm.

litellm is imported on first use, only when a model is configured, with its cost map
read from the installed package so that importing it never touches the network.
Around each call this module adds what the coach relies on: bounded retries with
backoff on 429 and 5xx, a timeout per call and a deadline for all of them, fallback
models, answers validated against the pydantic model whose JSON schema was requested
(one repair attempt), and usage counted per HTTP request with one log line each.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.errors import ModelError
from coach.prompts import render
from coach.report import Usage
from coach.settings import Settings

logger = logging.getLogger(__name__)

Answer = TypeVar("Answer", bound=BaseModel)
Message = dict[str, str]

_MAX_RETRY_AFTER = 30.0
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


class Deadline:
    """The time left for all model calls of one critique."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())


class AnswerError(Exception):
    """The model answered, but not with a valid instance of the requested schema."""

    def __init__(self, cause: str, detail: str):
        self.cause = cause
        self.detail = detail
        super().__init__(f"{cause}: {detail}")


def ask(
    schema: type[Answer],
    messages: list[Message],
    settings: Settings,
    usage: Usage,
    deadline: Deadline | None = None,
) -> Answer:
    """The model's answer to ``messages`` as a validated ``schema`` instance.

    An answer that does not parse or validate gets one repair request; after that,
    or when every model fails, ModelError says why. ``usage`` counts every request.
    """
    _litellm()  # importing the client takes seconds: not the model's time
    deadline = deadline or Deadline(settings.deadline)
    response_format = json_schema_format(schema)
    text = _complete(messages, settings, usage, deadline, response_format)
    try:
        return parse(schema, text)
    except AnswerError as exc:
        first = exc
    logger.warning("model answer rejected (%s); asking for one repair", first)
    repair = [
        *messages,
        {"role": "assistant", "content": text},
        {"role": "user", "content": render("repair.j2", problem=first.detail)},
    ]
    text = _complete(repair, settings, usage, deadline, response_format)
    try:
        return parse(schema, text)
    except AnswerError as second:
        raise ModelError(f"{second.cause} after one repair", settings.model) from None


def json_schema_format(schema: type[BaseModel]) -> dict[str, Any]:
    """The response_format asking for JSON that validates against ``schema``."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": schema.__name__,
            "schema": schema.model_json_schema(),
            # Strict mode would require every field and forbid defaults; the coach
            # validates the answer itself.
            "strict": False,
        },
    }


def parse(schema: type[Answer], text: str) -> Answer:
    """``text`` as ``schema``: bare JSON, fenced JSON, or JSON after reasoning."""
    data = extract_json(text)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:8]
        )
        raise AnswerError("schema-invalid answer", problems) from None


def extract_json(text: str) -> Any:
    """The JSON object in a model's answer; AnswerError when there is none."""
    text = _THINKING.sub("", text or "").strip()
    for candidate in [text, *reversed(_FENCE.findall(text))]:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    # Reasoning before the answer: take the largest object that parses.
    decoder, best, size = json.JSONDecoder(), None, 0
    for match in re.finditer(r"\{", text):
        try:
            value, end = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict) and end - match.start() > size:
            best, size = value, end - match.start()
    if best is None:
        raise AnswerError("garbage answer", f"no JSON object in: {text[:80]!r}")
    return best


def embed(texts: list[str], model: str, settings: Settings) -> list[list[float]]:
    """Embeddings of ``texts`` from a litellm embedding model (e.g. one on Ollama)."""
    litellm = _litellm()
    started = time.perf_counter()
    try:
        response = _within(
            settings.timeout + 5.0,  # provider modules load on the first call
            lambda: litellm.embedding(
                model=model,
                input=texts,
                api_base=settings.api_base,
                api_key=settings.api_key,
                timeout=settings.timeout,
                max_retries=0,
            ),
        )
    except Exception as exc:
        cause, _ = _describe(exc, settings.timeout)
        raise ModelError(cause, model) from None
    logger.info(
        "embedding call model=%s texts=%d latency_ms=%.0f",
        model,
        len(texts),
        (time.perf_counter() - started) * 1000,
    )
    return [list(item["embedding"]) for item in response.data]


def _complete(
    messages: list[Message],
    settings: Settings,
    usage: Usage,
    deadline: Deadline,
    response_format: dict[str, Any],
) -> str:
    models = [m for m in [settings.model, *settings.fallbacks] if m]
    if not models:
        raise ModelError("no model configured (set OKR_COACH_MODEL)")
    failure = ModelError("no model tried")
    for model in models:
        try:
            return _complete_with(
                model, messages, settings, usage, deadline, response_format
            )
        except ModelError as exc:
            failure = exc
        if deadline.remaining() <= 0:
            break
        if model != models[-1]:
            logger.warning(
                "model %s failed (%s); trying the next one", model, failure.cause
            )
    raise failure


def _complete_with(
    model: str,
    messages: list[Message],
    settings: Settings,
    usage: Usage,
    deadline: Deadline,
    response_format: dict[str, Any],
) -> str:
    for attempt in range(1, settings.retries + 2):
        budget = min(settings.timeout, deadline.remaining())
        if budget <= 0:
            raise ModelError(f"deadline of {settings.deadline:g} s passed", model)
        started = time.perf_counter()
        try:
            response = _call(
                model, messages, settings, budget, deadline, response_format
            )
        except Exception as exc:
            cause, retryable = _describe(exc, budget)
            _record(usage, model, attempt, cause, started)
            if not retryable or attempt > settings.retries:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise ModelError(cause + tries, model) from None
            pause = _pause(exc, settings.backoff * 2 ** (attempt - 1))
            if pause >= deadline.remaining():
                raise ModelError(f"{cause}; no time left to retry", model) from None
            time.sleep(pause)
            continue
        _record(usage, model, attempt, "ok", started, response)
        return str(response.choices[0].message.content or "")
    raise AssertionError("unreachable: the loop returns or raises")


def _call(
    model: str,
    messages: list[Message],
    settings: Settings,
    budget: float,
    deadline: Deadline,
    response_format: dict[str, Any],
) -> Any:
    litellm = _litellm()
    # The HTTP timeout bounds each read, not a server that trickles bytes, so the
    # deadline is enforced here too. It is not the per-call budget: litellm's first
    # call also imports its provider modules, which can take seconds.
    return _within(
        deadline.remaining(),
        lambda: litellm.completion(
            model=model,
            messages=messages,
            api_base=settings.api_base,
            api_key=settings.api_key,
            timeout=budget,
            response_format=response_format,
            # The coach counts and paces retries itself: litellm's own retries and
            # the OpenAI client's (2 by default) would multiply the real requests.
            num_retries=0,
            max_retries=0,
            # A provider without structured output still gets the schema in the
            # prompt; the answer is validated either way.
            drop_params=True,
        ),
    )


class _Abandoned(Exception):
    """The request outlived the deadline and was left behind in its thread."""


def _within(seconds: float, work: Callable[[], Any]) -> Any:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=run, name="okr-coach-model-call", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _Abandoned()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _describe(exc: Exception, budget: float) -> tuple[str, bool]:
    """A short cause for the user, and whether retrying the same model may help."""
    litellm = _litellm()
    status = getattr(exc, "status_code", None)
    if isinstance(exc, _Abandoned):
        return "no answer before the deadline", False
    if isinstance(exc, litellm.Timeout) or status == 408:
        # A slow model stays slow: move on to a fallback instead of waiting again.
        return f"timed out after {budget:g} s", False
    if (status is None or status >= 500) and "api_key" in str(exc).lower():
        # litellm reports a key it never had as HTTP 500: retrying cannot supply one.
        return "no API key (set OKR_COACH_API_KEY)", False
    if isinstance(exc, litellm.APIConnectionError) or _connection_failed(exc):
        return "could not connect to the model's API", True
    if isinstance(status, int):
        return f"HTTP {status}", status == 429 or status >= 500
    return f"unexpected error {type(exc).__name__}", False


def _connection_failed(exc: BaseException) -> bool:
    # litellm reports a refused connection as HTTP 500; the cause chain tells.
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ConnectionError) or type(seen).__name__ in (
            "APIConnectionError",
            "ConnectError",
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _pause(exc: Exception, backoff: float) -> float:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        asked = float(headers.get("retry-after", ""))
    except (TypeError, ValueError):
        return backoff
    return min(max(asked, backoff), _MAX_RETRY_AFTER)


def _record(
    usage: Usage,
    model: str,
    attempt: int,
    outcome: str,
    started: float,
    response: Any = None,
) -> None:
    """Count one HTTP request in ``usage`` and log it: one line per call."""
    latency = (time.perf_counter() - started) * 1000
    tokens = getattr(response, "usage", None)
    prompt = getattr(tokens, "prompt_tokens", 0) or 0
    completion = getattr(tokens, "completion_tokens", 0) or 0
    cost = _cost(response) if response is not None else None
    usage.calls += 1
    usage.latency_ms += latency
    usage.prompt_tokens += prompt
    usage.completion_tokens += completion
    if cost is not None:
        usage.cost_usd = (usage.cost_usd or 0.0) + cost
    logger.info(
        "model call model=%s attempt=%d outcome=%s latency_ms=%.0f "
        "prompt_tokens=%d completion_tokens=%d cost_usd=%s",
        model,
        attempt,
        outcome,
        latency,
        prompt,
        completion,
        "unknown" if cost is None else f"{cost:.6f}",
    )


def _cost(response: Any) -> float | None:
    try:
        return float(_litellm().completion_cost(completion_response=response))
    except Exception:
        return None  # a local or unknown model has no price in the cost map


@cache
def _litellm() -> Any:
    # Without this litellm fetches its model cost map from the internet on import.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True  # no "Give Feedback" banners on stdout
    return litellm
