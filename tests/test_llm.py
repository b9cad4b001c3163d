"""The litellm seam over real HTTP against the fake model server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Literal

import pytest
from fake_llm import FakeModelServer, Reply
from pydantic import BaseModel, Field

from coach import llm
from coach.errors import ModelError
from coach.report import Usage
from coach.settings import Settings

MESSAGES: list[llm.Message] = [
    {"role": "system", "content": "Judge the key result."},
    {"role": "user", "content": "<okr_draft>Launch the pricing page</okr_draft>"},
]
GOOD = '{"kind": "task", "reason": "launching is work"}'


class KindAnswer(BaseModel):
    kind: Literal["result", "task"] = Field(description="result or task.")
    reason: str = Field(description="Why.")


def ask(settings: Settings, usage: Usage | None = None) -> KindAnswer:
    return llm.ask(KindAnswer, MESSAGES, settings, usage or Usage())


def warm_up(fake_model: FakeModelServer, settings: Settings) -> None:
    """One call first: litellm loads its provider modules on its first request."""
    fake_model.queue(GOOD)
    ask(settings)
    fake_model.requests.clear()


def test_answer_is_validated_against_the_schema_the_request_carries(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue(GOOD)
    usage = Usage()

    answer = ask(model_settings, usage)

    assert answer == KindAnswer(kind="task", reason="launching is work")
    (request,) = fake_model.chat_requests()
    assert request.body["model"] == "fake"
    schema = request.body["response_format"]["json_schema"]["schema"]
    assert schema == KindAnswer.model_json_schema()
    assert "Launch the pricing page" in request.text
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (1, 120, 40)
    assert usage.latency_ms > 0
    assert usage.cost_usd is None  # the fake model has no price


@pytest.mark.parametrize(
    "answer",
    [
        f"```json\n{GOOD}\n```",
        f"Here you go:\n```\n{GOOD}\n```\nAnything else?",
        f"The text starts with 'Launch', a verb of work {{so}}: task.\n{GOOD}",
        f"<think>It is a launch {{not a metric}}.</think>\n{GOOD}",
    ],
    ids=["json-fence", "bare-fence", "after-reasoning", "after-think-block"],
)
def test_wrapped_answers_are_accepted_without_a_repair(
    fake_model: FakeModelServer, model_settings: Settings, answer: str
) -> None:
    fake_model.queue(answer)

    assert ask(model_settings).kind == "task"
    assert len(fake_model.chat_requests()) == 1


def test_garbage_gets_one_repair_request_then_fails(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue("I cannot help with that.", "Still no JSON, sorry.")
    usage = Usage()

    with pytest.raises(ModelError) as caught:
        ask(model_settings, usage)

    assert caught.value.cause == "garbage answer after one repair"
    first, repair = fake_model.chat_requests()
    assert usage.calls == 2
    assert repair.body["messages"][-2] == {
        "role": "assistant",
        "content": "I cannot help with that.",
    }
    assert "could not be used" in repair.body["messages"][-1]["content"]
    assert repair.body["response_format"] == first.body["response_format"]


def test_schema_invalid_answer_is_repaired_on_the_second_call(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue('{"kind": "maybe"}', GOOD)

    assert ask(model_settings).kind == "task"
    repair = fake_model.chat_requests()[1]
    assert "kind" in repair.body["messages"][-1]["content"]  # names the bad field


def test_server_error_is_retried_a_bounded_number_of_times(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue(*[Reply(status=500, content="boom")] * 5)
    settings = model_settings.model_copy(update={"retries": 2})
    usage = Usage()

    with pytest.raises(ModelError) as caught:
        ask(settings, usage)

    # 1 + 2 retries: litellm's and the OpenAI client's own retries add nothing.
    assert len(fake_model.chat_requests()) == 3
    assert usage.calls == 3
    assert caught.value.cause == "HTTP 500 after 3 attempts"


def test_rate_limit_is_retried_then_succeeds(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue(Reply(status=429, content="slow down"), GOOD)
    usage = Usage()

    assert ask(model_settings, usage).kind == "task"
    assert len(fake_model.chat_requests()) == 2
    assert (usage.calls, usage.prompt_tokens) == (2, 120)  # the 429 used no tokens


def test_client_error_is_not_retried(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue(Reply(status=401, content="bad key"), GOOD)

    with pytest.raises(ModelError) as caught:
        ask(model_settings)

    assert caught.value.cause == "HTTP 401"
    assert len(fake_model.chat_requests()) == 1


def test_slow_answer_times_out_without_waiting_for_it(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    warm_up(fake_model, model_settings)
    fake_model.queue(Reply(GOOD, delay=3.0))
    settings = model_settings.model_copy(update={"timeout": 0.5})
    started = time.monotonic()

    with pytest.raises(ModelError) as caught:
        ask(settings)

    assert caught.value.cause == "timed out after 0.5 s"
    assert time.monotonic() - started < 2.5
    assert len(fake_model.chat_requests()) == 1  # a slow model is not asked again


def test_fallback_model_answers_when_the_first_fails(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    fake_model.queue(Reply(status=503), GOOD)
    settings = model_settings.model_copy(
        update={"retries": 0, "fallbacks": ["openai/backup"]}
    )

    assert ask(settings).kind == "task"
    assert [r.body["model"] for r in fake_model.chat_requests()] == ["fake", "backup"]


def test_deadline_stops_retrying_when_the_backoff_would_pass_it(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    warm_up(fake_model, model_settings)
    fake_model.queue(Reply(status=429), GOOD)
    settings = model_settings.model_copy(update={"deadline": 1.0, "backoff": 5.0})
    started = time.monotonic()

    with pytest.raises(ModelError) as caught:
        ask(settings)

    assert caught.value.cause == "HTTP 429; no time left to retry"
    assert time.monotonic() - started < 1.5
    assert len(fake_model.chat_requests()) == 1


def test_every_http_request_logs_one_line_with_its_outcome(
    fake_model: FakeModelServer,
    model_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_model.queue(Reply(status=429), GOOD)

    with caplog.at_level(logging.INFO, logger="coach.llm"):
        ask(model_settings)

    lines = [r.getMessage() for r in caplog.records if "model call" in r.getMessage()]
    assert len(lines) == 2
    assert "attempt=1 outcome=HTTP 429" in lines[0]
    assert "attempt=2 outcome=ok" in lines[1]
    assert "prompt_tokens=120 completion_tokens=40" in lines[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('Thinking {maybe}... final: {"a": {"b": 2}}', {"a": {"b": 2}}),
    ],
)
def test_json_is_found_in_the_answer(text: str, expected: dict) -> None:
    assert llm.extract_json(text) == expected


def test_answer_without_json_is_garbage() -> None:
    with pytest.raises(llm.AnswerError, match="garbage answer"):
        llm.extract_json("no braces here")


def test_response_format_schema_comes_from_the_validating_model() -> None:
    fmt = llm.json_schema_format(KindAnswer)

    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "KindAnswer"
    assert json.dumps(fmt["json_schema"]["schema"]) == json.dumps(
        KindAnswer.model_json_schema()
    )


def test_retry_after_header_is_honoured_within_the_deadline(
    fake_model: FakeModelServer, model_settings: Settings
) -> None:
    warm_up(fake_model, model_settings)
    fake_model.queue(Reply(status=429, headers={"Retry-After": "5"}), GOOD)
    settings = model_settings.model_copy(update={"deadline": 2.0})  # backoff 0.01

    with pytest.raises(ModelError, match="no time left to retry"):
        ask(settings)
    assert len(fake_model.chat_requests()) == 1


def test_refused_connection_is_named_and_retried(model_settings: Settings) -> None:
    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = model_settings.model_copy(
        update={"api_base": f"http://127.0.0.1:{port}/v1", "retries": 1}
    )
    usage = Usage()

    with pytest.raises(ModelError) as caught:
        ask(settings, usage)

    assert caught.value.cause == "could not connect to the model's API after 2 attempts"
    assert usage.calls == 2
