"""What the OpenAPI document says beyond the route signatures: the worked examples
(data files in api/examples/) and the schemas of the request bodies the critique
endpoint reads itself."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from coach.document import Objective, OkrDocument

EXAMPLES = Path(__file__).resolve().parent / "examples"
_REF = "#/components/schemas/{model}"


@cache
def example(name: str) -> Any:
    """The worked example ``api/examples/<name>.json``."""
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def objective_request_body() -> dict[str, Any]:
    """The critique request body: a whole document or one objective."""
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"$ref": _REF.format(model="OkrDocument")},
                        {"$ref": _REF.format(model="Objective")},
                    ]
                },
                "examples": {
                    "document": {
                        "summary": "A whole document",
                        "value": example("critique-document"),
                    },
                    "objective": {
                        "summary": "A single objective",
                        "value": example("critique-objective"),
                    },
                },
            }
        },
    }


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` also carry the document models' schemas."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            _, defs = models_json_schema(
                [(OkrDocument, "validation"), (Objective, "validation")],
                ref_template=_REF,
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(defs.get("$defs", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def write_response_example() -> None:
    """Rewrite critique-response.json from the coach's current answer."""
    from coach.critique import critique
    from coach.loader import validate_document
    from coach.settings import Settings

    document = validate_document(example("critique-document"), "example")
    answer = critique(document, Settings()).model_dump_json(indent=2)
    (EXAMPLES / "critique-response.json").write_text(answer + "\n", encoding="utf-8")


if __name__ == "__main__":
    # python3 -m api.openapi: refresh the worked example after the coach changes.
    write_response_example()
