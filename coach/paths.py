"""Where the project's data folders live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Limitation: knowledge/ and prompts/ are read beside the package, so only an
# editable install or a source checkout finds them (no wheel data files yet).
KNOWLEDGE = ROOT / "knowledge"
PROMPTS = ROOT / "prompts"
LEXICON = KNOWLEDGE / "lexicon"
PRINCIPLES = KNOWLEDGE / "principles"
