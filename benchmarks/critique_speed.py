"""Critique speed: cold CLI run on a 3-objective draft, and 20,000 key results.

Goals here (2 cores): cold `okr-coach critique` <= 1.5 s wall; 20,000 key results
critiqued <= 8 s. Run: python3 benchmarks/critique_speed.py
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft-en.yaml"
PHRASES = [
    "Raise 7-day activation from {a}% to {b}%",
    "Launch the new pricing page for segment {a}",
    "Publish {a} blog posts about feature {b}",
    "Cut median first-response time from {a} h to {b} h",
    "Improve onboarding for team {a}",
    "Tăng doanh thu từ {a} tỷ lên {b} tỷ đồng",
    "Tổ chức {a} buổi đào tạo nội bộ cho nhóm {b}",
    "Lower customer acquisition cost by {a}%",
]


def cold_runs(n: int = 5) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "coach", "critique", str(DRAFT)],
            check=False,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return times


def bulk_document(key_results: int) -> dict:
    rng = random.Random(7)
    objectives = []
    for o in range(key_results // 4):
        krs = [
            rng.choice(PHRASES).format(a=rng.randint(2, 60), b=rng.randint(61, 99))
            for _ in range(4)
        ]
        objectives.append(
            {
                "title": f"Make customers in region {o} succeed",
                "owner": f"Owner {o % 900}",
                "type": "committed",
                "key_results": krs,
            }
        )
    return {
        "cycle": {"name": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"},
        "objectives": objectives,
    }


def bulk_seconds(key_results: int) -> float:
    from coach.critique import critique
    from coach.loader import validate_document

    data = bulk_document(key_results)
    start = time.perf_counter()
    result = critique(validate_document(data))
    elapsed = time.perf_counter() - start
    assert result.counts.key_results == key_results
    return elapsed


def main() -> None:
    cold = cold_runs()
    print(
        f"cold critique of {DRAFT.name} (3 objectives): "
        f"median {statistics.median(cold):.2f} s, max {max(cold):.2f} s "
        f"over {len(cold)} runs (goal <= 1.5 s)"
    )
    seconds = bulk_seconds(20_000)
    print(
        f"20,000 key results (5,000 objectives) validated and critiqued: "
        f"{seconds:.2f} s (goal <= 8 s)"
    )


if __name__ == "__main__":
    main()
