"""YAML and JSON documents, read by the loader, with the line of each item."""

from __future__ import annotations

from typing import Any

import yaml

from coach.loader import parse_document
from coach.readers.detect import InputFormat
from coach.readers.reading import Reading, SourceLocation

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_structured(text: str, source: str, fmt: InputFormat) -> Reading:
    document = parse_document(text, source)
    lines = _item_lines(text)
    locations: dict[str, SourceLocation] = {}
    for i, objective in enumerate(document.objectives):
        if (line := lines.get((i, None))) is not None:
            locations[str(objective.id)] = SourceLocation(line=line)
        for j, kr in enumerate(objective.key_results):
            if (line := lines.get((i, j))) is not None:
                locations[str(kr.id)] = SourceLocation(line=line)
    return Reading(format=fmt, document=document, source=locations)


def _item_lines(text: str) -> dict[tuple[int, int | None], int]:
    """(objective index, key result index or None) -> 1-based line.

    JSON is YAML too, so one composer serves both; on the rare JSON it rejects
    the document simply has no lines.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    objectives = _value(root, "objectives")
    if not isinstance(objectives, yaml.SequenceNode):
        return {}
    lines: dict[tuple[int, int | None], int] = {}
    for i, node in enumerate(objectives.value):
        lines[(i, None)] = node.start_mark.line + 1
        key_results = _value(node, "key_results")
        if isinstance(key_results, yaml.SequenceNode):
            for j, kr in enumerate(key_results.value):
                lines[(i, j)] = kr.start_mark.line + 1
    return lines


def _value(node: Any, key: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == key), None)
