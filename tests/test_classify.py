"""Task detection: activities and outputs are tasks, measured changes are results,
in English and Vietnamese, with and without diacritics; and a floor on the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.classify import Kind, classify
from coach.errors import InputError
from coach.evaluation import evaluate_file
from coach.lexicon import fold

DATA = Path(__file__).resolve().parent / "data"

ENGLISH_TASKS = [
    "Launch the pricing page",
    "Publish 12 blog posts",
    "Hold 5 workshops",
    "Hire 5 engineers",
    "Run 20 customer interviews",
    "Ship 4 features",
    "Pricing page is live",
    "Data warehouse is live by end of May",
]
ENGLISH_RESULTS = [
    "Raise activation from 35% to 55%",
    "Grow paying teams to 1,200",
    "Net revenue retention rises from 104% to 112%",
    "Keep p99 latency under 400 ms",
    "85% of parcels delivered next day",
    "Double weekly active teams",
    "Launch the referral program and grow referred sign-ups from 5% to 15%",
]
RESULTS_WITHOUT_NUMBERS = [
    "Lower support cost per customer",
    "Reduce churn",
    "Giảm tỷ lệ khách hàng rời bỏ",
    "Giảm chi phí hỗ trợ trên mỗi khách hàng",
]
VIETNAMESE_TASKS = [
    "Hoàn thành tính năng S",
    "Ra mắt trang bảng giá",
    "Đăng 12 bài viết trên blog",
    "Tổ chức 5 buổi hội thảo",
    "Tuyển 5 kỹ sư",
    "Mở 3 cửa hàng mới",
    "Triển khai hệ thống CRM mới",
]
VIETNAMESE_RESULTS = [
    "Tăng doanh thu thêm 20%",
    "Tăng tỷ lệ kích hoạt từ 35% lên 55%",
    "Tăng số đội trả phí lên 1.200",
    "Duy trì thời gian hoạt động của hệ thống trên 99,9%",
    "Rút ngắn thời gian phản hồi xuống 2 giờ",
]


@pytest.mark.parametrize("text", ENGLISH_TASKS)
def test_english_activity_or_output_is_a_task(text):
    assert classify(text).kind is Kind.task


@pytest.mark.parametrize("text", ENGLISH_RESULTS)
def test_english_measured_change_is_a_result(text):
    assert classify(text).kind is Kind.result


@pytest.mark.parametrize(
    "text",
    [
        "Publish 12 blog posts",
        "Hold 5 workshops",
        "Hire 5 engineers",
        "Mở 3 cửa hàng mới",
    ],
    ids=fold,
)
def test_a_count_of_outputs_is_a_task_despite_its_number(text):
    verdict = classify(text)

    assert verdict.kind is Kind.task
    assert verdict.measure.has_number


@pytest.mark.parametrize("text", RESULTS_WITHOUT_NUMBERS, ids=fold)
def test_a_change_without_a_number_yet_is_a_result(text):
    verdict = classify(text)

    assert verdict.kind is Kind.result
    assert not verdict.measure.has_number


@pytest.mark.parametrize("text", VIETNAMESE_TASKS, ids=fold)
@pytest.mark.parametrize("marks", ["with diacritics", "without diacritics"])
def test_vietnamese_activity_is_a_task(text, marks):
    written = text if marks == "with diacritics" else fold(text)

    assert classify(written).kind is Kind.task


@pytest.mark.parametrize("text", VIETNAMESE_RESULTS, ids=fold)
@pytest.mark.parametrize("marks", ["with diacritics", "without diacritics"])
def test_vietnamese_measured_change_is_a_result(text, marks):
    written = text if marks == "with diacritics" else fold(text)

    assert classify(written).kind is Kind.result


def test_unaccented_organise_a_workshop_is_a_task():
    assert classify("To chuc hoi thao cho khach hang").kind is Kind.task


@pytest.mark.parametrize(
    ("new_style", "old_style"),
    [
        ("Số hóa hồ sơ khách hàng", "Số hoá hồ sơ khách hàng"),
        ("Tự động hóa quy trình đối soát", "Tự động hoá quy trình đối soát"),
        ("Chuẩn hóa quy trình bán hàng", "Chuẩn hoá quy trình bán hàng"),
        ("Tổ chức 3 khóa học nội bộ", "Tổ chức 3 khoá học nội bộ"),
    ],
    ids=["so hoa", "tu dong hoa", "chuan hoa", "khoa hoc"],
)
def test_old_and_new_tone_placement_read_the_same(new_style, old_style):
    new, old = classify(new_style), classify(old_style)

    assert new.kind is Kind.task
    assert (old.kind, old.lead_kind, old.output_noun is None) == (
        new.kind,
        new.lead_kind,
        new.output_noun is None,
    )


@pytest.mark.parametrize(
    "text",
    ["Publish 12 blog posts", "Reduce churn", "Tăng doanh thu thêm 20%"],
    ids=fold,
)
def test_verdict_comes_with_evidence_and_a_confidence(text):
    verdict = classify(text)

    assert verdict.evidence
    assert 0.5 <= verdict.confidence <= 1.0


def test_project_corpus_keeps_the_task_detection_floor():
    report = evaluate_file(str(DATA / "key_results.jsonl"))

    assert report.overall.f1 >= 0.92, report.summary()
    assert set(report.by_lang) == {"en", "vi"}
    for lang, scores in report.by_lang.items():
        assert scores.f1 >= 0.90, f"{lang}: {report.summary()}"


def test_project_corpus_has_the_size_and_mix_the_issue_asks_for():
    lines = (DATA / "key_results.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]

    assert len(items) >= 250
    assert sum(i["lang"] == "vi" for i in items) / len(items) >= 0.30
    assert sum(i["label"] == "task" for i in items) / len(items) >= 0.40
    assert len({i["id"] for i in items}) == len(items)


def test_evaluation_counts_task_as_the_positive_class():
    # eval-sample.jsonl: two tasks found, one result labelled task, one task
    # labelled result, one result found.
    report = evaluate_file(str(DATA / "eval-sample.jsonl"))

    assert report.overall.n == 5
    assert report.overall.precision == pytest.approx(2 / 3)
    assert report.overall.recall == pytest.approx(2 / 3)
    assert report.overall.f1 == pytest.approx(2 / 3)
    assert (report.by_lang["en"].precision, report.by_lang["en"].recall) == (1.0, 1.0)
    assert report.by_lang["vi"].f1 == pytest.approx(0.5)
    assert sorted(m.id for m in report.misjudged) == ["s4", "s5"]


def test_unreadable_labelled_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "labelled.jsonl"
    good = {"id": "a", "text": "Hire 5 engineers", "label": "task"}
    path.write_text(
        json.dumps(good) + "\n" + '{"id": "b", "text": "x", "label": "maybe"}\n',
        encoding="utf-8",
    )

    with pytest.raises(InputError) as caught:
        evaluate_file(str(path))

    assert caught.value.source == str(path)
    assert [p.line for p in caught.value.problems] == [2]
