"""Names of levels and OKR types in each language, for messages."""

from __future__ import annotations

TERMS = {
    "vi": {
        "company": "công ty",
        "department": "phòng ban",
        "team": "nhóm",
        "individual": "cá nhân",
        "committed": "cam kết",
        "aspirational": "kỳ vọng cao",
        "increase": "tăng",
        "decrease": "giảm",
    }
}


def term(lang: str, value: str) -> str:
    """The word for ``value`` in ``lang``; English and unknown values stay as they are."""
    return TERMS.get(lang, {}).get(value, value)
