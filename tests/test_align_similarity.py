"""Reading what a key result measures, and finding phrases that name one metric."""

from __future__ import annotations

import itertools
import random

import pytest
from conftest import DATA

from coach.alignment.metrics import read_metric, vocabulary
from coach.alignment.organisation import build_organisation
from coach.alignment.similarity import MetricIndex
from coach.alignment.sources import load_sources
from coach.document import Direction, KeyResult


def metric(text: str, **fields: object) -> tuple[str, str, Direction | None]:
    """(head, qualifier, direction) of a key result, canonical words as labels."""
    m = read_metric(KeyResult(text=text, **fields))
    words = [t.removeprefix("=") for t in m.terms]
    return " ".join(words[: m.head]), " ".join(words[m.head :]), m.direction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Raise trial-to-paid conversion from 6% to 9%", ("trial paid conversion", "", Direction.increase)),
        ("Cut median first-response time from 9 hours to 2 hours", ("median frt", "", Direction.decrease)),
        ("Reduce monthly logo churn among first-year customers from 5% to 3%", ("churn", "first customer", Direction.decrease)),
        ("Raise the share of new customers who invite a teammate", ("share new customer invite teammate", "", Direction.increase)),
        ("Giảm tỷ lệ rời bỏ của khách hàng năm đầu từ 5% xuống 3%", ("churn", "customer", Direction.decrease)),
        ("Giam ty le roi bo cua khach hang nam dau tu 5% xuong 3%", ("churn", "customer", Direction.decrease)),
        ("Keep onboarding CSAT at or above 4.5 out of 5", ("onboarding csat", "", Direction.maintain)),
    ],
)  # fmt: skip
def test_metric_head_qualifier_and_direction_are_read(
    text: str, expected: tuple[str, str, Direction | None]
) -> None:
    assert metric(text) == expected


def test_the_verb_outranks_numbers_that_change_scale() -> None:
    # 1 triệu -> 800 nghìn looks like 1 -> 800 to a number reader.
    assert metric("Giảm CAC từ 1 triệu xuống 800 nghìn")[2] is Direction.decrease


def test_stated_direction_and_baseline_fields_outrank_the_wording() -> None:
    assert metric("Move churn", direction="decrease")[2] is Direction.decrease
    assert metric("Move churn", baseline=5, target=3)[2] is Direction.decrease
    assert metric("Orders picked the same day: 65% → 92%")[2] is Direction.increase


def test_vietnamese_plural_marker_is_not_the_acronym_cac() -> None:
    assert metric("Tăng doanh thu từ các khách hàng")[0] == "revenue customer"
    assert metric("Giảm CAC từ 1 triệu xuống 800 nghìn")[0] == "cac"


def test_how_the_change_is_made_is_kept_apart_from_the_metric() -> None:
    m = read_metric(KeyResult(text="Grow leads from 800 to 1,500 by doubling paid ads"))
    assert m.terms == ("=lead",)
    assert m.means == ("doubling", "=ads")
    assert m.mentions(("=ads",)) and not m.mentions(("=lead", "=ads"))


def test_by_with_a_date_or_number_is_not_how() -> None:
    assert read_metric(KeyResult(text="Cut CAC by 20% by March")).means == ()


def test_english_and_vietnamese_synonyms_meet_in_one_word() -> None:
    assert metric("Raise net promoter score")[0] == "nps"
    assert metric("Tăng chỉ số NPS")[0] == "nps"


def index_of(texts: list[str]) -> tuple[MetricIndex, list[int]]:
    metrics = [read_metric(KeyResult(text=t)) for t in texts]
    index = MetricIndex(
        [m.terms for m in metrics],
        [m.head for m in metrics],
        vocabulary().generic,
        0.35,
    )
    return index, [index.key_of[m.terms] for m in metrics]


def test_shared_word_pair_is_similar_but_a_shared_word_is_not() -> None:
    # Weights depend on the whole organisation: read the planted one's key results.
    org = build_organisation(load_sources([str(DATA / "align")]))
    texts = [kr.text for kr, _ in org.key_results.values()]
    index, keys = index_of(texts)
    key = dict(zip(org.key_results, keys, strict=True))
    assert index.cosine(key["mk1.kr2"], key["pd1.kr1"]) >= 0.7  # trial signups
    assert index.cosine(key["sl2.kr1"], key["pd1.kr3"]) < 0.3  # 'customers'
    assert index.cosine(key["mk2.kr4"], key["c2.kr2"]) < 0.3  # 'response'


def test_same_segment_does_not_make_two_metrics_one() -> None:
    index, (conversion, churn, north, south) = index_of(
        [
            "Raise conversion of the self-serve plan Lorhova from 5% to 8%",
            "Cut churn of the self-serve plan Lorhova from 5% to 3%",
            "Cut refund rate in the north region of Tusga from 8% to 5%",
            "Cut refund rate in the south region of Tusga from 8% to 6%",
        ]
    )
    assert not index.same_metric(conversion, churn, 0.7, 0.5)
    assert not index.same_metric(north, south, 0.7, 0.5)
    assert index.same_metric(north, north, 0.7, 0.5)


def test_prefix_filtering_finds_exactly_the_pairs_a_full_comparison_finds() -> None:
    rng = random.Random(3)
    words = [
        "churn",
        "signup",
        "trial",
        "revenue",
        "lead",
        "cost",
        "ticket",
        "north",
        "south",
        "plan",
        "web",
    ]
    texts = [
        "Raise " + " ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(300)
    ]
    index, _ = index_of(texts)
    brute = {
        (i, j)
        for i, j in itertools.combinations(range(len(index.keys)), 2)
        if index.cosine(i, j) >= 0.7
    }
    fast = {(i, j) for i, j, _ in index.similar(0.7)}
    assert brute  # the sample has similar pairs to find
    assert fast == brute
