"""Read OKR documents from YAML or JSON text and validate them.

Errors name the source, the path inside the document and, for YAML, the line.
"""

from __future__ import annotations

import difflib
import json
import logging
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coach.document import OkrDocument
from coach.errors import InputError, Problem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe YAML that leaves dates as text, so pydantic reports an impossible
    date (2027-02-30) with its path instead of PyYAML raising without one."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != _TIMESTAMP]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
logger = logging.getLogger(__name__)


def read_source(source: str) -> str:
    """Return the text of a file path, or of stdin for ``-``."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            source, [Problem("", "file not found")], "unreadable"
        ) from None
    except IsADirectoryError:
        raise InputError(
            source, [Problem("", "is a folder, not a file")], "unreadable"
        ) from None
    except UnicodeDecodeError as exc:
        problem = Problem("", f"not UTF-8 text (byte {exc.start})")
        raise InputError(source, [problem], "unreadable") from None


def load_document(source: str) -> OkrDocument:
    """Read and validate the document at ``source`` (a path or ``-``).

    Markdown, text, CSV and XLSX files go through coach.readers; their warnings
    about lines that were not read are logged.
    """
    from coach.readers.detect import EXTENSIONS, InputFormat

    # Limitation: stdin is read as YAML or JSON here; `critique` and `parse` also
    # recognise the other formats on stdin.
    suffix = Path(source).suffix.lower()
    if EXTENSIONS.get(suffix) not in (None, InputFormat.yaml, InputFormat.json):
        from coach.readers import read_file

        reading = read_file(source)
        for warning in reading.warnings:
            logger.warning("%s: %s", source, warning)
        return reading.document
    return parse_document(read_source(source), source)


def parse_document(text: str, source: str = "<input>") -> OkrDocument:
    """Parse YAML or JSON text into a validated document."""
    data, root = _parse_tree(text, source)
    return validate_document(data, source, root)


def validate_document(
    data: Any, source: str = "<input>", root: Any = None
) -> OkrDocument:
    """Validate already-parsed data (a dict from JSON or YAML)."""
    if not isinstance(data, dict):
        got = type(data).__name__ if data is not None else "an empty document"
        problem = Problem("", f"expected a mapping with 'objectives', got {got}")
        raise InputError(source, [problem])
    try:
        document = OkrDocument.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(err, root) for err in exc.errors(include_url=False)]
        raise InputError(source, problems) from None
    clashes = document.duplicate_ids()
    if clashes:
        problems = [
            Problem(
                path,
                f"id '{ident}' is already used; ids must be unique",
                _line(root, path),
            )
            for path, ident in clashes
        ]
        raise InputError(source, problems)
    return document


def _parse_tree(text: str, source: str) -> tuple[Any, Any]:
    stripped = text.lstrip()
    if not stripped:
        raise InputError(source, [Problem("", "the document is empty")], "unreadable")
    if stripped[0] in "{[" or source.endswith(".json"):
        try:
            return json.loads(text), None
        except json.JSONDecodeError as exc:
            problem = Problem("", f"invalid JSON: {exc.msg}", exc.lineno)
            raise InputError(source, [problem], "unreadable") from None
        except RecursionError:
            raise InputError(source, [_TOO_DEEP], "unreadable") from None
    try:
        root = yaml.compose(text, Loader=_Loader)
        _reject_repeated_keys(root, source)
        return yaml.load(text, Loader=_Loader), root
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        problem = Problem("", f"invalid YAML: {reason}", line)
        raise InputError(source, [problem], "unreadable") from None
    except RecursionError:
        raise InputError(source, [_TOO_DEEP], "unreadable") from None


_TOO_DEEP = Problem("", "nested too deeply to be an OKR document")


def _reject_repeated_keys(root: Any, source: str) -> None:
    """YAML keeps only the last of two equal keys; losing the first is data loss."""
    problems = []
    stack = [(root, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value)
                child = f"{path}.{name}" if path else name
                if name in seen:
                    message = f"key '{name}' is written twice; merge the two into one"
                    problems.append(Problem(child, message, key.start_mark.line + 1))
                seen.add(name)
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
    if problems:
        raise InputError(source, sorted(problems, key=lambda p: p.line or 0))


def _problem(err: Any, root: Any) -> Problem:
    loc = tuple(err["loc"])
    path = format_path(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = format_path(loc[:-1]) or "the document"
        message = f"unknown key '{loc[-1]}' in {parent}; {_valid_keys(loc)}"
        return Problem(path, message, _line(root, path))
    if kind == "model_type" and len(loc) >= 2 and loc[-2] == "key_results":
        message = "a key result must be a string or a mapping with 'text'"
        return Problem(path, message, _line(root, path))
    return Problem(path, err["msg"], _line(root, path))


def _valid_keys(loc: tuple[Any, ...]) -> str:
    from coach.document import Cycle, KeyResult, Objective

    model: type = OkrDocument
    for part in loc[:-1]:
        if part == "objectives":
            model = Objective
        elif part == "key_results":
            model = KeyResult
        elif part == "cycle":
            model = Cycle
    names = list(model.model_fields)  # type: ignore[attr-defined]
    return did_you_mean(str(loc[-1]), names) + "valid keys: " + ", ".join(names)


def did_you_mean(name: str, valid: list[str]) -> str:
    """'did you mean 'type'? ' for a near miss such as 'typ', else ''."""
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def format_path(loc: tuple[Any, ...]) -> str:
    """('objectives', 2, 'key_results', 0, 'target') -> objectives[2].key_results[0].target"""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line(root: Any, path: str) -> int | None:
    """Line (1-based) of ``path`` in a composed YAML tree; None when unknown."""
    if root is None:
        return None
    node = root
    for part in path.replace("[", ".").replace("]", "").split("."):
        if not part:
            continue
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            key = [k for k, v in node.value if k.value == part]
            if not match:
                return node.start_mark.line + 1
            node = match[0] if part != path.rsplit(".", 1)[-1] else key[0]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit():
            index = int(part)
            if index >= len(node.value):
                return node.start_mark.line + 1
            node = node.value[index]
        else:
            break
    return node.start_mark.line + 1
