"""Model overhead: calls, tokens per objective, and what the coach adds around a call.

Runs the critique against the fake OpenAI-compatible server from the tests (it
answers at once), so the time around the HTTP call is the coach's own: prompt
building, principle retrieval, litellm's request handling, answer validation and the
merge. Tokens are counted with litellm's bundled cl100k tokenizer (no download).

Run: python3 benchmarks/model_overhead.py
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_llm import FakeModelServer  # noqa: E402

from coach.critique import critique  # noqa: E402
from coach.loader import validate_document  # noqa: E402
from coach.report import Critique  # noqa: E402
from coach.settings import Settings  # noqa: E402

RUNS = 7
REVIEW = (ROOT / "tests" / "data" / "model-review-en.json").read_text("utf-8")


def draft(objectives: int) -> dict[str, Any]:
    base = yaml.safe_load((ROOT / "examples" / "draft-en.yaml").read_text("utf-8"))
    items = []
    for n in range(objectives):
        objective = copy.deepcopy(base["objectives"][n % 3])
        objective["id"] = f"{objective['id']}-{n}"
        objective.pop("parent", None)
        for kr in objective["key_results"]:
            if isinstance(kr, dict):
                kr.pop("id", None)
        items.append(objective)
    return {"cycle": base["cycle"], "objectives": items}


def timed(data: dict[str, Any], settings: Settings) -> tuple[float, Critique]:
    document = validate_document(copy.deepcopy(data), "bench")
    started = time.perf_counter()
    result = critique(document, settings)
    return (time.perf_counter() - started) * 1000, result


def prompt_tokens(server: FakeModelServer) -> int:
    import litellm

    messages = server.chat_requests()[-1].body["messages"]
    return int(litellm.token_counter(model="gpt-4o-mini", messages=messages))


def measure(
    server: FakeModelServer, settings: Settings, objectives: int
) -> dict[str, float]:
    data = draft(objectives)
    offline = [timed(data, Settings())[0] for _ in range(RUNS)]
    with_model, in_calls, calls = [], [], []
    for _ in range(RUNS):
        server.queue(REVIEW)
        elapsed, result = timed(data, settings)
        assert result.mode == "model", result.notices
        with_model.append(elapsed)
        in_calls.append(result.usage.latency_ms)
        calls.append(result.usage.calls)
    tokens = prompt_tokens(server)
    overhead = [
        m - o - c for m, o, c in zip(with_model, offline, in_calls, strict=True)
    ]
    return {
        "objectives": objectives,
        "calls": statistics.mean(calls),
        "prompt_tokens": tokens,
        "tokens_per_objective": tokens / objectives,
        "offline_ms": statistics.median(offline),
        "with_model_ms": statistics.median(with_model),
        "http_call_ms": statistics.median(in_calls),
        "overhead_ms": statistics.median(overhead),
    }


def main() -> None:
    server = FakeModelServer().start()
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(
            model="openai/fake",
            api_base=server.api_base,
            api_key="bench",
            cache_dir=Path(cache),
            cache=False,
            embedding="openai/fake-embedding",
        )
        server.queue(REVIEW)
        timed(draft(3), settings)  # warm-up: imports, index build, first request
        rows = [measure(server, settings, n) for n in (3, 10)]
        server.queue(REVIEW)
        cached = settings.model_copy(update={"cache": True})
        timed(draft(3), cached)
        hit_ms, hit = timed(draft(3), cached)
    server.stop()
    print(json.dumps(rows, indent=2))
    for row in rows:
        print(
            f"{row['objectives']:>2} objectives: {row['calls']:.0f} model call(s), "
            f"{row['prompt_tokens']} prompt tokens ({row['tokens_per_objective']:.0f} "
            f"per objective); offline {row['offline_ms']:.0f} ms, with model "
            f"{row['with_model_ms']:.0f} ms of which the HTTP call "
            f"{row['http_call_ms']:.0f} ms: the coach adds {row['overhead_ms']:.0f} ms"
        )
    print(f"cached draft: {hit.usage.calls} model calls, {hit_ms:.0f} ms")


if __name__ == "__main__":
    main()
