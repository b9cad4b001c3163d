"""Reading OKR documents: what is accepted, the defaults filled in, and errors that
name the source, the path inside the document and the YAML line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.document import Cycle, KeyResult, Objective, OkrDocument
from coach.errors import InputError
from coach.loader import load_document, parse_document

DATA = Path(__file__).resolve().parent / "data"


def problems(text: str, source: str = "draft.yaml") -> list[tuple[str, int | None]]:
    """(path, line) of each problem the loader reports for ``text``."""
    with pytest.raises(InputError) as caught:
        parse_document(text, source)
    assert caught.value.source == source
    return [(p.path, p.line) for p in caught.value.problems]


def test_error_names_the_source_the_path_and_the_yaml_line():
    source = str(DATA / "invalid-target.yaml")

    with pytest.raises(InputError) as caught:
        load_document(source)

    error = caught.value
    assert (error.source, error.kind) == (source, "invalid")
    assert [(p.path, p.line) for p in error.problems] == [
        ("objectives[2].key_results[0].target", 15)
    ]
    assert source in str(error)
    assert "objectives[2].key_results[0].target" in str(error)


@pytest.mark.parametrize(
    ("text", "path", "line", "model"),
    [
        ("objectives: [{title: A}]\nversion: 2\n", "version", 2, OkrDocument),
        (
            "cycle: {name: Q1, start: 2027-01-01, end: 2027-03-31, weeks: 13}\n"
            "objectives: [{title: A}]\n",
            "cycle.weeks",
            1,
            Cycle,
        ),
        (
            "objectives:\n  - title: A\n    owner_name: Lan\n",
            "objectives[0].owner_name",
            3,
            Objective,
        ),
        (
            "objectives:\n  - title: A\n    key_results:\n      - text: x\n"
            "        traget: 3\n",
            "objectives[0].key_results[0].traget",
            5,
            KeyResult,
        ),
    ],
    ids=["document", "cycle", "objective", "key result"],
)
def test_unknown_key_is_reported_with_the_valid_keys(text, path, line, model):
    with pytest.raises(InputError) as caught:
        parse_document(text, "draft.yaml")

    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (path, line)
    assert path.rsplit(".", 1)[-1] in problem.message
    assert all(key in problem.message for key in model.model_fields)


def test_every_unknown_key_is_reported_not_just_the_first():
    text = (
        "objectives:\n  - title: A\n    colour: red\n    key_results:\n"
        "      - text: x\n        wieght: 2\n"
    )

    assert sorted(problems(text)) == [
        ("objectives[0].colour", 3),
        ("objectives[0].key_results[0].wieght", 6),
    ]


def test_plain_string_key_results_sit_beside_detailed_ones():
    document = parse_document(
        "objectives:\n  - title: A\n    key_results:\n"
        "      - Raise activation from 35% to 55%\n"
        "      - {text: Cut setup time to 10 minutes, baseline: 25, target: 10}\n"
    )

    first, second = document.objectives[0].key_results
    assert (first.text, first.baseline, first.target) == (
        "Raise activation from 35% to 55%",
        None,
        None,
    )
    assert (second.text, second.baseline, second.target) == (
        "Cut setup time to 10 minutes",
        25.0,
        10.0,
    )


def test_ids_default_to_position_and_key_results_to_their_objective():
    document = parse_document(
        "objectives:\n"
        "  - {title: A, key_results: [x, y]}\n"
        "  - {id: onboarding, title: B, key_results: [z, {id: fast, text: w}]}\n"
    )

    ids = [(o.id, [kr.id for kr in o.key_results]) for o in document.objectives]
    assert ids == [
        ("o1", ["o1.kr1", "o1.kr2"]),
        ("onboarding", ["onboarding.kr1", "fast"]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "objectives:\n  - {id: a, title: A}\n  - {id: a, title: B}\n",
            [("objectives[1].id", 3)],
        ),
        (
            "objectives:\n  - title: A\n    key_results:\n"
            "      - {id: k, text: x}\n      - {id: k, text: y}\n",
            [("objectives[0].key_results[1].id", 5)],
        ),
        (
            "objectives:\n  - {id: o2, title: A}\n  - {title: B}\n",
            [("objectives[1].id", 3)],
        ),
    ],
    ids=["objective ids", "key result ids", "explicit id clashes with a default"],
)
def test_duplicate_ids_are_rejected(text, expected):
    assert problems(text) == expected


def test_invalid_yaml_is_reported_with_its_line():
    with pytest.raises(InputError) as caught:
        parse_document("objectives:\n  - title: A\n   key_results: x\n", "draft.yaml")

    (problem,) = caught.value.problems
    assert (caught.value.kind, problem.line) == ("unreadable", 3)


def test_invalid_json_is_reported_with_its_line():
    text = '{\n  "objectives": [\n    {"title": "A",}\n  ]\n}\n'

    with pytest.raises(InputError) as caught:
        parse_document(text, "draft.json")

    (problem,) = caught.value.problems
    assert (caught.value.kind, problem.line) == ("unreadable", 3)


def test_json_document_reads_like_yaml():
    data = {"objectives": [{"title": "A", "key_results": ["Hire 5 engineers"]}]}

    document = parse_document(json.dumps(data), "draft.json")

    assert document.objectives[0].key_results[0].id == "o1.kr1"


def test_json_schema_error_still_names_the_path():
    text = json.dumps({"objectives": [{"title": "A", "level": "galaxy"}]})

    assert problems(text, "draft.json") == [("objectives[0].level", None)]


@pytest.mark.parametrize(
    "text",
    ["", "  \n\n", "# only a comment\n", "- a list\n", "objectives: []\n"],
    ids=["empty", "blank", "comment only", "not a mapping", "no objectives"],
)
def test_empty_document_is_rejected(text):
    with pytest.raises(InputError):
        parse_document(text, "draft.yaml")


def test_cycle_that_ends_before_it_starts_is_rejected():
    text = (
        "objectives: [{title: A}]\n"
        "cycle: {name: Q1, start: 2027-03-31, end: 2027-01-01}\n"
    )

    assert problems(text) == [("cycle", 2)]


def test_missing_title_points_at_its_objective():
    text = "objectives:\n  - title: A\n  - owner: Lan\n    key_results: [x]\n"

    assert problems(text) == [("objectives[1].title", 3)]


def test_key_result_that_is_neither_text_nor_mapping_is_named():
    assert problems("objectives:\n  - title: A\n    key_results: [42]\n") == [
        ("objectives[0].key_results[0]", 3)
    ]


def test_missing_file_is_unreadable_input(tmp_path):
    source = str(tmp_path / "missing.yaml")

    with pytest.raises(InputError) as caught:
        load_document(source)

    assert (caught.value.source, caught.value.kind) == (source, "unreadable")


@pytest.mark.parametrize(
    "content", [b"objectives: [{title: caf\xe9}]\n", None], ids=["latin-1", "folder"]
)
def test_file_that_cannot_be_read_as_text_is_unreadable_input(tmp_path, content):
    path = tmp_path / "draft.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)

    with pytest.raises(InputError) as caught:
        load_document(str(path))

    assert caught.value.kind == "unreadable"


def test_file_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text("objectives: [{title: Grow}]\n", encoding="utf-8-sig")

    assert load_document(str(path)).objectives[0].title == "Grow"


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        (
            "cycle: {name: Q1, start: 2027-02-30, end: 2027-03-31}\n"
            "objectives: [{title: A}]\n",
            "cycle.start",
            1,
        ),
        (
            "objectives:\n  - title: A\n    key_results: [{text: x, due: 2027-13-01}]\n",
            "objectives[0].key_results[0].due",
            3,
        ),
    ],
    ids=["30 February", "month 13"],
)
def test_impossible_date_is_an_input_error(text, path, line):
    with pytest.raises(InputError) as caught:
        parse_document(text, "draft.yaml")

    assert [p.path == path or p.line == line for p in caught.value.problems] == [True]


def test_key_written_twice_is_reported():
    text = (
        "objectives:\n  - title: First\n"
        "    key_results: [Raise a from 1 to 2]\n"
        "    key_results: [Raise b from 1 to 2]\n"
    )

    with pytest.raises(InputError) as caught:
        parse_document(text, "draft.yaml")

    assert [p.line for p in caught.value.problems] == [4]


def test_near_miss_key_gets_a_did_you_mean():
    with pytest.raises(InputError) as caught:
        parse_document(
            "objectives:\n  - title: Win the market\n    typ: committed\n"
            "    key_results: [Raise NPS from 30 to 45]\n"
        )

    assert "did you mean 'type'?" in caught.value.problems[0].message


@pytest.mark.parametrize(
    "text",
    ['{"objectives":' + "[" * 3000 + "]" * 3000 + "}", "[" * 100_000 + "]" * 100_000],
    ids=["json", "flow-yaml"],
)
def test_deeply_nested_input_is_an_input_error(text):
    with pytest.raises(InputError) as caught:
        parse_document(text, "deep")

    assert "nested too deeply" in caught.value.problems[0].message


def test_nan_and_infinity_are_not_numbers_for_a_target():
    with pytest.raises(InputError) as caught:
        parse_document(
            "objectives: [{title: Grow, key_results: "
            "[{text: Raise NPS, baseline: .nan, target: .inf}]}]\n"
        )

    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "objectives[0].key_results[0].baseline",
        "objectives[0].key_results[0].target",
    ]
