"""Cascading with a model, against the fake OpenAI-compatible server on 127.0.0.1:
real proposals linked to real parents, copies and invented links dropped, one
revision of what the critique rejects, at most four calls, and the offline draft
when the model fails.

The scripted answers are in tests/data/cascade/model-*.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_llm import FakeModelServer, Reply

from coach.cascade import CascadeRequest, CascadeResult, cascade
from coach.cascade.model import MAX_MODEL_CALLS, CascadeDraft, Revision
from coach.document import Level
from coach.loader import load_document
from coach.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "cascade"
DRAFT = (DATA / "model-draft-en.json").read_text(encoding="utf-8")
TASKS = (DATA / "model-draft-task.json").read_text(encoding="utf-8")
REVISION = (DATA / "model-revision.json").read_text(encoding="utf-8")


def support(
    settings: Settings,
    path: str = "examples/company.yaml",
    unit: str = "Customer Support",
) -> CascadeResult:
    request = CascadeRequest(
        document=load_document(str(ROOT / path)),
        unit=unit,
        level=Level.department,
        owner="Minh Le",
        about="We answer chat and email from customers.",
    )
    return cascade(request, settings)


def test_model_proposals_link_to_existing_parent_key_results(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(DRAFT)

    result = support(model_settings)

    assert result.mode == "model" and not result.degraded
    assert [(p.id, p.parent) for p in result.proposals] == [
        ("cs1", "c1.kr3"),
        ("cs2", "c2.kr2"),
    ]
    assert result.proposals[0].key_results[0].text == (
        "Cut median first-response time from 9 hours to 2 hours by 2027-03-31"
    )
    assert result.proposals[1].type is not None
    assert result.proposals[1].type.value == "aspirational"


def test_model_is_asked_once_with_the_parents_principles_and_schema(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(DRAFT)

    result = support(model_settings)

    (request,) = fake_model.chat_requests()
    schema = request.body["response_format"]["json_schema"]["schema"]
    assert schema == CascadeDraft.model_json_schema()
    assert "Raise the net promoter score of new customers from 31 to 45" in request.text
    assert "We answer chat and email from customers." in request.text
    assert "- cascading: Cascade by contribution, not by copying." in request.text
    assert "Write every text in English" in request.text
    assert (result.usage.calls, result.usage.prompt_tokens) == (1, 120)
    assert result.usage.completion_tokens == 40


def test_vietnamese_parents_are_answered_in_vietnamese(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(DRAFT.replace("c1.kr3", "ct1.kr2").replace("c2.kr2", "ct1.kr3"))

    support(model_settings, "tests/data/cascade/cong-ty.yaml", "Hỗ trợ khách hàng")

    (request,) = fake_model.chat_requests()
    assert "Write every text in Vietnamese" in request.text
    assert (
        "- cascading: Phân bổ mục tiêu theo đóng góp, không sao chép." in request.text
    )


def test_copied_parent_key_result_and_invented_parent_are_dropped(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(DRAFT)

    result = support(model_settings)

    texts = [kr.text for p in result.proposals for kr in p.key_results]
    assert not any("net promoter score" in t for t in texts)
    assert [kr.id for kr in result.proposals[1].key_results] == ["cs2.kr1", "cs2.kr2"]
    assert "c9.kr1" not in {p.parent for p in result.proposals}
    assert result.notices == [
        "Dropped cs2.kr3: it restates the parent key result c1.kr3 ('Lift the net "
        "promoter score of new customers from 31 to 50 by 2027-03-31')."
    ]


def test_model_reason_for_a_parent_it_cannot_move_is_kept(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(DRAFT)

    result = support(model_settings)

    reasons = {u.id: (u.reason.value, u.detail) for u in result.uncovered}
    assert reasons["c2.kr1"] == (
        "not_a_lever",
        "Support does not sell; revenue moves through sales and pricing.",
    )
    assert reasons["c1.kr1"][0] == "not_a_lever"  # the catalogue's verdict
    assert set(reasons) == {"c1.kr1", "c1.kr2", "c2.kr1", "c2.kr3"}


def test_key_results_the_critique_rejects_are_revised_by_the_model(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(TASKS, REVISION)

    result = support(model_settings)

    _, revision = fake_model.chat_requests()
    assert revision.body["response_format"]["json_schema"]["schema"] == (
        Revision.model_json_schema()
    )
    assert "KR_IS_TASK" in revision.text and "Launch a help center" in revision.text
    assert [kr.text for kr in result.proposals[0].key_results][1:] == [
        json.loads(REVISION)["key_results"][0]["text"],
        json.loads(REVISION)["key_results"][1]["text"],
    ]
    assert result.errors == 0
    assert (result.rounds, result.usage.calls) == (2, 2)


def test_a_cascade_never_makes_more_than_four_model_calls(
    fake_model: FakeModelServer, model_settings: Settings
):
    half_fixed = json.loads(REVISION)
    half_fixed["key_results"] = half_fixed["key_results"][:1]
    fake_model.queue("not json", TASKS, "still not json", json.dumps(half_fixed))

    result = support(model_settings)

    assert result.usage.calls == MAX_MODEL_CALLS
    assert len(fake_model.chat_requests()) == MAX_MODEL_CALLS
    assert result.mode == "model" and result.rounds == 3
    # The third round swapped the last task for a catalogue option, without a call.
    assert result.errors == 0


def test_failing_model_degrades_to_the_offline_draft(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(*[Reply(status=500, content="down")] * 3)

    result = support(model_settings)

    assert (result.mode, result.degraded) == ("offline", True)
    assert [p.parent for p in result.proposals] == ["c1.kr2", "c1.kr3", "c2.kr2"]
    assert result.notices[0].startswith(
        "The language model (openai/fake) could not draft the cascade: HTTP 500"
    )
    assert result.usage.calls == 3  # the first try and two retries


def test_a_unit_outside_the_catalogue_needs_the_model(
    fake_model: FakeModelServer, model_settings: Settings
):
    fake_model.queue(DRAFT)

    result = support(model_settings, unit="Tiger Team")

    assert [p.parent for p in result.proposals] == ["c1.kr3", "c2.kr2"]
    assert {u.reason.value for u in result.uncovered if u.id != "c2.kr1"} == {
        "not_yet_covered"
    }


@pytest.mark.parametrize("offline", [True, False])
def test_offline_switch_or_no_model_asks_nothing(
    fake_model: FakeModelServer, model_settings: Settings, offline: bool
):
    settings = model_settings.model_copy(
        update={"offline": True} if offline else {"model": None}
    )

    result = support(settings)

    assert result.mode == "offline" and not result.degraded
    assert fake_model.chat_requests() == []
