"""The alignment review's model step against the fake model server on 127.0.0.1:
only candidate pairs are sent, in bounded batches, and failure degrades."""

from __future__ import annotations

import json

import pytest
from conftest import DATA
from fake_llm import FakeModelServer, Reply

from coach.alignment import confirm, conflicts, review_alignment
from coach.alignment.models import AlignmentReport, CandidatePair, SourcedDocument
from coach.alignment.organisation import build_organisation
from coach.alignment.sources import load_sources
from coach.settings import Settings


@pytest.fixture(scope="module")
def sources() -> list[SourcedDocument]:
    return load_sources([str(DATA / "align")])


@pytest.fixture(scope="module")
def candidates(sources: list[SourcedDocument]) -> list[CandidatePair]:
    org = build_organisation(sources)
    return conflicts.find_candidates(org, conflicts.read_key_results(org))


def index_of(candidates: list[CandidatePair], kr_id: str) -> int:
    return next(i for i, c in enumerate(candidates) if kr_id in c.left + c.right)


def verdicts(*answers: tuple[int, str, str]) -> str:
    return json.dumps(
        {
            "verdicts": [
                {"pair": pair, "verdict": verdict, "explanation": why}
                for pair, verdict, why in answers
            ]
        }
    )


def overlaps(report: AlignmentReport) -> list[list[str]]:
    return [f.subjects for f in report.findings if f.type == "overlap"]


def test_offline_pass_proposes_four_candidate_pairs(
    candidates: list[CandidatePair],
) -> None:
    assert [(c.kind, c.left + c.right) for c in candidates] == [
        ("overlap", ["ho2.kr1", "ha1.kr1"]),
        ("overlap", ["mk1.kr2", "pd1.kr1"]),
        ("contradiction", ["sl1.kr2", "fn1.kr2"]),
        ("contradiction", ["mk1.kr1", "c1.kr2", "fn1.kr1"]),
    ]


def test_model_dismisses_pairs_and_explains_the_ones_it_confirms(
    sources: list[SourcedDocument],
    candidates: list[CandidatePair],
    fake_model: FakeModelServer,
    model_settings: Settings,
) -> None:
    signups = index_of(candidates, "mk1.kr2")
    discount = index_of(candidates, "sl1.kr2")
    fake_model.queue(
        verdicts(
            (signups, "dismiss", "Website and in-product signups are different."),
            (discount, "confirm", "Sales and Finance set opposite discount targets."),
        )
    )

    report = review_alignment(sources, model_settings)

    assert report.mode == "model" and not report.degraded
    assert overlaps(report) == [["ho2.kr1", "ha1.kr1"]]  # unanswered: offline stands
    (conflict,) = [f for f in report.findings if f.subjects == ["sl1.kr2", "fn1.kr2"]]
    assert conflict.source == "model"
    assert conflict.message.endswith("Sales and Finance set opposite discount targets.")
    assert report.usage.calls == 1


def test_model_is_sent_the_candidate_pairs_as_tagged_data_with_the_schema(
    sources: list[SourcedDocument],
    fake_model: FakeModelServer,
    model_settings: Settings,
) -> None:
    fake_model.queue(verdicts())

    review_alignment(sources, model_settings)

    (request,) = fake_model.chat_requests()
    schema = request.body["response_format"]["json_schema"]["schema"]
    assert schema == confirm.ConfirmationBatch.model_json_schema()
    data = request.text.split("<candidate_pairs>")[1].split("</candidate_pairs>")[0]
    pairs = json.loads(data)
    assert [p["pair"] for p in pairs] == [0, 1, 2, 3]
    assert pairs[1]["left"][0] == {
        "id": "mk1.kr2",
        "unit": "Marketing",
        "text": "Raise website trial signups from 1,200 to 2,000 a month",
    }
    # Only candidate pairs travel: a key result in no pair is never sent.
    assert "newsletter subscribers" not in request.text


def test_candidates_go_in_batches_within_a_bounded_number_of_calls(
    sources: list[SourcedDocument],
    fake_model: FakeModelServer,
    model_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(confirm, "BATCH_SIZE", 1)
    monkeypatch.setattr(confirm, "MAX_CALLS", 2)
    fake_model.queue(verdicts((0, "confirm", "")), verdicts((1, "confirm", "")))

    report = review_alignment(sources, model_settings)

    assert len(fake_model.chat_requests()) == 2
    assert report.notices == [
        "The model judged 2 of 4 candidate pairs; the rest are the offline pass's."
    ]
    assert len(overlaps(report)) == 2


def test_failing_model_degrades_to_the_offline_findings(
    sources: list[SourcedDocument],
    fake_model: FakeModelServer,
    model_settings: Settings,
) -> None:
    offline = review_alignment(sources)
    fake_model.queue(*[Reply(status=500, content="down")] * 3)

    report = review_alignment(sources, model_settings)

    assert (report.mode, report.degraded) == ("offline", True)
    assert report.findings == offline.findings
    assert "could not judge the candidate pairs: HTTP 500" in report.notices[0]
    assert report.usage.calls == 3  # one call and its two retries


def test_offline_setting_never_calls_the_model(
    sources: list[SourcedDocument],
    fake_model: FakeModelServer,
    model_settings: Settings,
) -> None:
    settings = model_settings.model_copy(update={"offline": True})

    report = review_alignment(sources, settings)

    assert fake_model.requests == []
    assert (report.mode, report.degraded, report.usage.calls) == ("offline", False, 0)
