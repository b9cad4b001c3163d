"""Each check in knowledge/checks.yaml fires on one planted fault and stays quiet on
the nearest sound variant. Every case starts from tests/data/clean-document.yaml (on
which nothing fires) and changes one thing."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.catalogue import catalogue
from coach.checks import registry
from coach.report import Critique, Finding

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
Edit = Callable[[dict[str, Any]], None]


def kr(**fields: Any) -> Edit:
    """Change the first key result of o1 (None removes a field)."""

    def edit(doc: dict[str, Any]) -> None:
        _merge(doc["objectives"][0]["key_results"][0], fields)

    return edit


def every_kr(**fields: Any) -> Edit:
    """Change every key result in the document."""

    def edit(doc: dict[str, Any]) -> None:
        for item in doc["objectives"]:
            for key_result in item["key_results"]:
                _merge(key_result, fields)

    return edit


def key_results(*items: Any) -> Edit:
    """Replace o1's key results."""

    def edit(doc: dict[str, Any]) -> None:
        doc["objectives"][0]["key_results"] = list(items)

    return edit


def objective(**fields: Any) -> Edit:
    """Change o1 (None removes a field)."""

    def edit(doc: dict[str, Any]) -> None:
        _merge(doc["objectives"][0], fields)

    return edit


def document(**fields: Any) -> Edit:
    """Change the document's top level (None removes a field)."""

    def edit(doc: dict[str, Any]) -> None:
        _merge(doc, fields)

    return edit


def objectives_for_one_owner(count: int) -> Edit:
    """``count`` copies of o2, all owned by the same person, with distinct wording."""

    def edit(doc: dict[str, Any]) -> None:
        template = doc["objectives"][1]
        doc["objectives"] = [
            {
                **copy.deepcopy(template),
                "id": f"o{n}",
                "key_results": [
                    {"text": f"Raise metric {n}{c} from 10 to 12", "confidence": 0.5}
                    for c in "abc"
                ],
            }
            for n in range(1, count + 1)
        ]

    return edit


def _merge(target: dict[str, Any], fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def measured(count: int) -> list[dict[str, Any]]:
    return [
        {"text": f"Raise metric {c} from 10 to 12", "confidence": 0.7}
        for c in "abcdefgh"[:count]
    ]


ACTIVATION = "Raise 7-day activation from 35% to 55%"
SETUP = "Cut median setup time from 25 minutes to 10 minutes"
SHORT_CYCLE = {"name": "sprint", "start": "2027-01-01", "end": "2027-01-07"}

# (code, target, edits): the check must report `code` on `target`.
FIRES = [
    ("KR_IS_TASK", "o1.kr1", [kr(text="Launch the new pricing page")]),
    ("KR_NO_METRIC", "o1.kr1", [kr(text="Lower support cost per customer")]),
    ("KR_VAGUE_VERB", "o1.kr1", [kr(text="Improve customer satisfaction")]),
    ("KR_BINARY", "o1.kr1", [kr(text="Pricing page is live")]),
    ("KR_NO_DEADLINE", "o1.kr1", [document(cycle=None)]),
    ("KR_NO_BASELINE", "o1.kr1", [kr(text="Grow paying teams to 1,200")]),
    ("KR_PCT_NO_REFERENCE", "o1.kr1", [kr(text="Reduce billing tickets by 20%")]),
    ("KR_DATE_OUTSIDE_CYCLE", "o1.kr1", [kr(due="2027-05-15")]),
    (
        "KR_PLACEHOLDER",
        "o1.kr1",
        [kr(text="Cut median first-response time from [baseline] h to [target] h")],
    ),
    (
        "KR_DUPLICATE",
        "o1.kr2",
        [key_results(ACTIVATION, ACTIVATION.lower() + ".", SETUP)],
    ),
    (
        "KR_SANDBAGGING",
        "o1.kr1",
        [objective(type="aspirational"), kr(confidence=0.95)],
    ),
    ("KR_LOW_CONFIDENCE_COMMITTED", "o1.kr1", [kr(confidence=0.3)]),
    (
        "KR_TARGET_DIRECTION",
        "o1.kr1",
        [
            kr(
                text="Cut median setup time",
                baseline=25,
                target=30,
                direction="decrease",
            )
        ],
    ),
    (
        "KR_IMPLAUSIBLE_JUMP",
        "o1.kr1",
        [kr(text="Raise 7-day activation from 10% to 90%")],
    ),
    ("OKR_TIED_TO_PAY", "o1.kr1", [kr(text=f"{ACTIVATION}, tied to my bonus")]),
    (
        "OKR_TIED_TO_PAY",
        "o1",
        [objective(title="Earn my annual bonus by delighting new teams")],
    ),
    ("OBJ_IS_METRIC", "o1", [objective(title="Increase help-center usage by 30%")]),
    ("OBJ_NO_KEY_RESULTS", "o1", [key_results()]),
    ("TOO_FEW_KRS", "o1", [key_results(*measured(2))]),
    ("TOO_MANY_KRS", "o1", [key_results(*measured(6))]),
    ("OBJ_NO_OWNER", "o1", [objective(owner=None)]),
    ("OBJ_NO_TYPE", "o1", [objective(type=None)]),
    ("OBJ_NO_PARENT", "o1", [objective(level="team")]),
    ("OBJ_PARENT_NOT_FOUND", "o1", [objective(parent="x9.kr1")]),
    ("TOO_MANY_OBJECTIVES", "document", [objectives_for_one_owner(6)]),
    ("TOO_FEW_OBJECTIVES", "document", [objectives_for_one_owner(1)]),
    ("DOC_NO_CYCLE", "document", [document(cycle=None)]),
    ("CYCLE_UNUSUAL_LENGTH", "document", [document(cycle=SHORT_CYCLE)]),
]

# (code, edits): the nearest sound variant; the check must stay quiet.
QUIET = [
    (
        "KR_IS_TASK",
        [
            kr(
                text="Launch the referral program and grow referred sign-ups from 5% to 15%"
            )
        ],
    ),
    (
        "KR_NO_METRIC",
        [kr(text="Lower support cost per customer", baseline=15, target=12)],
    ),
    ("KR_VAGUE_VERB", [kr(text="Improve NPS from 31 to 45")]),
    ("KR_BINARY", [kr(text="Launch the new pricing page")]),
    ("KR_NO_DEADLINE", [document(cycle=None), every_kr(due="2027-03-31")]),
    ("KR_NO_BASELINE", [kr(text="Grow paying teams to 1,200", baseline=900)]),
    (
        "KR_PCT_NO_REFERENCE",
        [kr(text="Reduce billing tickets by 20% compared with last quarter")],
    ),
    (
        "KR_DATE_OUTSIDE_CYCLE",
        [kr(text=f"{ACTIVATION} by 2027-03-31", due="2027-03-31")],
    ),
    ("KR_PLACEHOLDER", [kr(text="Cut median first-response time from 9 h to 2 h")]),
    (
        "KR_DUPLICATE",
        [key_results(ACTIVATION, ACTIVATION.replace("7-day", "30-day"), SETUP)],
    ),
    ("KR_SANDBAGGING", [kr(confidence=0.95)]),
    (
        "KR_LOW_CONFIDENCE_COMMITTED",
        [objective(type="aspirational"), kr(confidence=0.3)],
    ),
    (
        "KR_TARGET_DIRECTION",
        [
            kr(
                text="Cut median setup time",
                baseline=25,
                target=10,
                direction="decrease",
            )
        ],
    ),
    ("KR_IMPLAUSIBLE_JUMP", [kr(text="Raise 7-day activation from 20% to 90%")]),
    (
        "OKR_TIED_TO_PAY",
        [kr(text="Raise the share of invoices paid on time from 70% to 85%")],
    ),
    (
        "OBJ_IS_METRIC",
        [objective(title="Become the tool small businesses recommend in 2027")],
    ),
    ("OBJ_NO_KEY_RESULTS", [key_results(*measured(1))]),
    ("TOO_FEW_KRS", [key_results(*measured(3))]),
    ("TOO_MANY_KRS", [key_results(*measured(5))]),
    ("OBJ_NO_OWNER", [objective(owner="Minh Le")]),
    ("OBJ_NO_TYPE", [objective(type="aspirational")]),
    ("OBJ_NO_PARENT", [objective(level="team", parent="o2")]),
    ("OBJ_PARENT_NOT_FOUND", [objective(level="team", parent="o2.kr1")]),
    ("TOO_MANY_OBJECTIVES", [objectives_for_one_owner(5)]),
    ("TOO_FEW_OBJECTIVES", [objectives_for_one_owner(2)]),
    ("DOC_NO_CYCLE", [document(cycle={**SHORT_CYCLE, "end": "2027-01-21"})]),
    ("CYCLE_UNUSUAL_LENGTH", [document(cycle={**SHORT_CYCLE, "end": "2027-01-21"})]),
]


def planted(base: dict[str, Any], edits: list[Edit]) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    for edit in edits:
        edit(doc)
    return doc


def findings(result: Critique, code: str, target: str | None = None) -> list[Finding]:
    return [
        f
        for f in result.all_findings()
        if f.code == code and (target is None or f.target == target)
    ]


def test_clean_document_has_no_findings(clean_document, critique_of):
    result = critique_of(clean_document)

    assert result.all_findings() == []
    assert result.counts.error == result.counts.warning == result.counts.info == 0


@pytest.mark.parametrize(
    ("code", "target", "edits"), FIRES, ids=[f"{c}-{t}" for c, t, _ in FIRES]
)
def test_check_fires_on_its_fault(clean_document, critique_of, code, target, edits):
    result = critique_of(planted(clean_document, edits))

    hits = findings(result, code, target)
    assert hits, f"{code} did not fire on {target}"
    info = catalogue()[code]
    assert {(f.severity, f.principle, f.source) for f in hits} == {
        (info.severity, info.principle, "rules")
    }


@pytest.mark.parametrize(("code", "edits"), QUIET, ids=[c for c, _ in QUIET])
def test_check_stays_quiet_on_the_sound_variant(
    clean_document, critique_of, code, edits
):
    result = critique_of(planted(clean_document, edits))

    assert findings(result, code) == []


def test_placeholder_key_result_is_a_result_to_fill_in_not_a_missing_metric(
    clean_document, critique_of
):
    text = "Cut median first-response time from [baseline] h to [target] h"
    result = critique_of(planted(clean_document, [kr(text=text)]))

    codes = {f.code for f in result.objectives[0].key_results[0].findings}
    assert result.objectives[0].key_results[0].kind == "result"
    assert codes == {"KR_PLACEHOLDER"}


def test_every_catalogue_code_has_a_firing_and_a_quiet_case():
    codes = set(catalogue())

    assert {code for code, _, _ in FIRES} == codes
    assert {code for code, _ in QUIET} == codes


@pytest.mark.parametrize(
    ("code", "target", "edits"),
    [
        case
        for case in FIRES
        if case[0] in {"KR_IS_TASK", "TOO_FEW_KRS", "DOC_NO_CYCLE"}
    ],
    ids=["key result", "objective", "document"],
)
def test_findings_in_vietnamese_come_from_the_vietnamese_catalogue(
    clean_document, critique_of, code, target, edits
):
    result = critique_of(planted(clean_document, edits), lang="vi")

    (finding,) = findings(result, code, target)
    texts = catalogue()[code].texts["vi"]
    assert (finding.title, finding.why) == (texts["title"], texts["why"])


@pytest.mark.parametrize(
    ("code", "target", "edits"), FIRES, ids=[c for c, _, _ in FIRES]
)
def test_finding_texts_have_every_field_filled(
    clean_document, critique_of, code, target, edits
):
    result = critique_of(planted(clean_document, edits))

    for finding in findings(result, code, target):
        for text in (finding.message, finding.fix):
            assert not re.search(r"\{\w+\}", text), text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tuyển thêm 3 nhân viên kinh doanh", "KR_IS_TASK"),
        ("Tuyen them 3 nhan vien kinh doanh", "KR_IS_TASK"),
        ("Cải thiện chất lượng chăm sóc khách hàng", "KR_VAGUE_VERB"),
        ("Giảm chi phí vận hành", "KR_NO_METRIC"),
        ("Tăng doanh thu lên 5 tỷ đồng", "KR_NO_BASELINE"),
        ("Giảm tỷ lệ khách hàng rời bỏ thêm 15%", "KR_PCT_NO_REFERENCE"),
        ("Hệ thống CRM mới đi vào hoạt động", "KR_BINARY"),
        ("Tăng doanh thu từ 4 tỷ lên 5 tỷ, làm căn cứ xét thưởng", "OKR_TIED_TO_PAY"),
    ],
)
def test_vietnamese_key_result_fault_is_found(clean_document, critique_of, text, code):
    result = critique_of(planted(clean_document, [kr(text=text)]))

    assert findings(result, code, "o1.kr1")


@pytest.mark.parametrize(
    "text",
    [
        "Tăng số lượng khách hàng từ 200 lên 260",
        "Tăng độ nhận diện thương hiệu từ 20% lên 30%",
        "Nâng cao chất lượng dịch vụ: tăng điểm hài lòng từ 4,1 lên 4,6",
    ],
)
def test_vietnamese_words_that_only_look_like_pay_are_not_tied_to_pay(
    clean_document, critique_of, text
):
    # 'lượng' (amount) and 'thương hiệu' (brand) fold to 'luong' and 'thuong',
    # the same letters as 'lương' (salary) and 'thưởng' (bonus).
    result = critique_of(planted(clean_document, [kr(text=text)]))

    assert findings(result, "OKR_TIED_TO_PAY") == []


@pytest.mark.parametrize(
    "text",
    [
        "Cai thien chat luong cham soc khach hang",
        "Tang do nhan dien thuong hieu tu 20% len 30%",
    ],
)
def test_unaccented_vietnamese_quality_and_brand_are_not_tied_to_pay(
    clean_document, critique_of, text
):
    result = critique_of(planted(clean_document, [kr(text=text)]))

    assert findings(result, "OKR_TIED_TO_PAY") == []


@pytest.mark.parametrize(
    "text",
    ["Reduce billing tickets by 20%", "Raise weekly active users from 400 to 600"],
)
def test_key_result_without_any_date_gets_no_deadline(
    clean_document, critique_of, text
):
    result = critique_of(planted(clean_document, [document(cycle=None), kr(text=text)]))

    assert findings(result, "KR_NO_DEADLINE", "o1.kr1")


def test_threshold_setting_moves_the_limit(clean_document, critique_of):
    doc = planted(clean_document, [key_results(*measured(6))])

    assert findings(critique_of(doc), "TOO_MANY_KRS", "o1")
    assert findings(critique_of(doc, max_key_results=6), "TOO_MANY_KRS") == []
    assert findings(critique_of(doc, min_key_results=7), "TOO_FEW_KRS", "o1")


def test_every_catalogue_code_has_a_registered_check_and_back():
    registered = {code for checks in registry.values() for code in checks}

    assert registered == set(catalogue())


def test_each_check_is_registered_in_the_scope_its_catalogue_entry_names():
    for code, info in catalogue().items():
        scopes = {scope for scope, checks in registry.items() if code in checks}
        if info.scope == "any":
            assert len(scopes) >= 2, code
        else:
            assert scopes == {info.scope}, code


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_principle_in_the_catalogue_has_a_page(lang):
    raw = yaml.safe_load((KNOWLEDGE / "checks.yaml").read_text(encoding="utf-8"))
    principles = {entry["principle"] for entry in raw.values()}

    missing = [
        p
        for p in sorted(principles)
        if not (KNOWLEDGE / "principles" / lang / f"{p}.md").is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_catalogue_entry_has_all_texts(lang):
    for code, info in catalogue().items():
        texts = info.texts[lang]
        assert all(texts.get(part) for part in ("title", "message", "why", "fix")), code


@pytest.mark.parametrize(
    ("text", "opposite"),
    [
        ("Reduce churn", "raise"),
        ("Lower support cost per customer", "raise"),
        ("Giảm chi phí vận hành", "tăng"),
    ],
    ids=["reduce", "lower", "giam"],
)
def test_rewrite_of_a_decrease_does_not_ask_for_an_increase(
    clean_document, critique_of, text, opposite
):
    result = critique_of(planted(clean_document, [kr(text=text)]))

    review = result.objectives[0].key_results[0]
    assert findings(result, "KR_NO_METRIC", "o1.kr1")
    assert review.suggestion is not None
    assert opposite not in review.suggestion.text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Reduce monthly churn from 5% to 8%",
        "Giảm tỷ lệ rời bỏ từ 5% lên 8%",
        "Raise NPS from 40 to 30",
    ],
)
def test_wording_that_contradicts_its_numbers_is_an_error(
    clean_document, critique_of, text
):
    result = critique_of(planted(clean_document, [kr(text=text)]))

    assert findings(result, "KR_TARGET_DIRECTION", "o1.kr1")


def test_wording_that_agrees_with_its_numbers_is_quiet(clean_document, critique_of):
    text = "Reduce monthly churn from 8% to 5%"
    result = critique_of(planted(clean_document, [kr(text=text)]))

    assert findings(result, "KR_TARGET_DIRECTION") == []
