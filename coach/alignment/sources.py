"""Gather the organisation's documents from files and folders."""

from __future__ import annotations

from pathlib import Path

from coach.alignment.models import SourcedDocument
from coach.errors import InputError, Problem
from coach.loader import load_document

SUFFIXES = (".yaml", ".yml", ".json")


def document_paths(paths: list[str]) -> list[str]:
    """Files as given; folders expanded to their OKR files, sorted, recursively."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(
                str(p) for p in path.rglob("*") if p.suffix.lower() in SUFFIXES
            )
            if not inside:
                problem = Problem("", f"no {', '.join(SUFFIXES)} files in this folder")
                raise InputError(raw, [problem], "unreadable")
            found += inside
        else:
            found.append(raw)
    return list(dict.fromkeys(found))


def load_sources(paths: list[str]) -> list[SourcedDocument]:
    """Read and validate every document; the first invalid one stops the review."""
    return [
        SourcedDocument(source=path, document=load_document(path))
        for path in document_paths(paths)
    ]
