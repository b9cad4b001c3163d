"""The principle pages in an embedded, persistent chromadb under the cache dir.

Each page is stored with the sha256 of what was embedded; opening the index embeds
only pages that are new or changed and deletes pages that are gone, so an unchanged
knowledge base costs no embedding at all. The embedding function is the coach's own
(coach/embeddings.py): chromadb's default one would download a model.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any, Literal, cast

import chromadb
from chromadb import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function
from pydantic import BaseModel, Field

from coach.embeddings import Embedder, make_embedder
from coach.principles import Principle, list_principles, read_principle
from coach.settings import Settings

logger = logging.getLogger(__name__)

Language = Literal["en", "vi"]
# Limitation: the first build embeds all 60 pages, about 30 s on two cores; later
# runs re-embed only pages whose text changed.
# The opening words of a page carry its point; the rest is examples, which dilute
# the vector (80 words scored best on tests/data/retrieval.jsonl).
_BODY_WORDS = 80


class Hit(BaseModel):
    id: str = Field(description="Principle id.")
    language: Language
    title: str
    score: float = Field(description="Cosine similarity to the query, -1 to 1.")


def page_text(page: Principle) -> str:
    """What is embedded for a page: title, summary, tags and its opening words."""
    words = re.sub(r"\s+", " ", page.body).split(" ")[:_BODY_WORDS]
    return f"{page.title}. {page.summary} {' '.join(page.tags)}\n{' '.join(words)}"


def all_pages() -> list[Principle]:
    return [
        read_principle(summary.id, lang)
        for lang in ("en", "vi")
        for summary in list_principles(lang)
    ]


def search_principles(
    query: str, language: Language, settings: Settings, k: int = 3
) -> list[Hit]:
    """The k pages in ``language`` closest in meaning to ``query``, best first."""
    return open_index(settings).search(query, language, k)


def open_index(
    settings: Settings, pages: list[Principle] | None = None
) -> KnowledgeIndex:
    """The index in settings.cache_dir, brought up to date with the pages."""
    index = KnowledgeIndex(settings.cache_dir / "chroma", make_embedder(settings))
    index.sync(all_pages() if pages is None else pages)
    return index


class KnowledgeIndex:
    """One chromadb collection per embedder, ids '<language>/<principle id>'."""

    def __init__(self, path: Path, embedder: Embedder):
        self.embedder = embedder
        self.client = chromadb.PersistentClient(
            path=str(path),
            settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
        )
        name = "principles-" + re.sub(r"[^a-zA-Z0-9_-]+", "-", embedder.name)[:50]
        self.collection = self.client.get_or_create_collection(
            name=name,
            # chromadb types the function for images too; this one embeds text.
            embedding_function=cast(Any, CoachEmbedding(embedder)),
            metadata={"hnsw:space": "cosine"},
        )
        self.embedded = 0  # pages embedded by the last sync, for tests and logs

    def sync(self, pages: list[Principle]) -> None:
        """Embed new or changed pages, drop missing ones; nothing when unchanged."""
        stored = self.collection.get(include=["metadatas"])
        hashes = {
            key: (meta or {}).get("sha256")
            for key, meta in zip(stored["ids"], stored["metadatas"] or [], strict=False)
        }
        current = {f"{p.language}/{p.id}": p for p in pages}
        changed = [
            (key, page)
            for key, page in current.items()
            if hashes.get(key) != _sha256(page_text(page))
        ]
        gone = [key for key in hashes if key not in current]
        if gone:
            self.collection.delete(ids=gone)
        if changed:
            logger.info(
                "indexing %d principle pages with %s", len(changed), self.embedder.name
            )
            texts = [page_text(page) for _, page in changed]
            self.collection.upsert(
                ids=[key for key, _ in changed],
                documents=texts,
                metadatas=[
                    _metadata(page, text)
                    for (_, page), text in zip(changed, texts, strict=True)
                ],
            )
        self.embedded = len(changed)

    def search(self, query: str, language: Language = "en", k: int = 3) -> list[Hit]:
        return self.search_many([query], language, k)[0]

    def search_many(
        self, queries: list[str], language: Language = "en", k: int = 3
    ) -> list[list[Hit]]:
        """The k closest pages in ``language`` for each query, best first."""
        if not queries:
            return []
        found = self.collection.query(
            query_texts=queries,
            n_results=k,
            where={"language": language},
            include=["metadatas", "distances"],
        )
        return [
            [
                Hit(
                    id=str(meta["id"]),
                    language=language,
                    title=str(meta["title"]),
                    score=round(1.0 - float(distance), 4),
                )
                for meta, distance in zip(metas, distances, strict=True)
            ]
            for metas, distances in zip(
                found["metadatas"] or [], found["distances"] or [], strict=True
            )
        ]


def _metadata(page: Principle, text: str) -> dict[str, Any]:
    return {
        "id": page.id,
        "language": page.language,
        "title": page.title,
        "sha256": _sha256(text),
    }


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@register_embedding_function
class CoachEmbedding(EmbeddingFunction[Documents]):
    """chromadb's view of the coach's embedder: documents and queries differ."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return _vectors(self.embedder.documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return _vectors(self.embedder.queries(list(input)))

    @staticmethod
    def name() -> str:
        return "okr-coach"

    def get_config(self) -> dict[str, Any]:
        return {"embedding": self.embedder.setting}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> CoachEmbedding:
        return CoachEmbedding(make_embedder(Settings(embedding=config["embedding"])))


def _vectors(rows: list[list[float]]) -> Any:
    import numpy as np

    return [np.asarray(row, dtype=np.float32) for row in rows]
