"""How fast the readers are on large inputs: a 20,000-row CSV and a Markdown page
of 5,000 objectives (20,000 key results), each read into a validated document.

Generates both files in benchmarks/out/ (made-up OKRs in English and Vietnamese
with owners, amounts in local formats, dates and status notes), reads each a few
times and prints the best and median time. Goal: each under 2 s.

    python3 benchmarks/read_formats.py
    python3 benchmarks/read_formats.py --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from coach.readers import Reading, read_file

OUT = Path(__file__).resolve().parent / "out"
GOAL_S = 2.0
KEY_RESULTS_PER_OBJECTIVE = 4

OBJECTIVES = [
    "Make the first week delightful for new customer teams",
    "Be a trusted advisor to our biggest accounts",
    "Khách hàng mới thành công ngay từ tuần đầu tiên",
    "Giữ chân khách hàng doanh nghiệp",
]
KEY_RESULTS = [
    ("Raise 7-day activation from {a}% to {b}%", "{a}%", "{b}%"),
    ("Grow monthly revenue to ${b}k", "${a}k", "${b}k"),
    ("Giảm tỷ lệ rời bỏ từ {a},5% xuống {b},5%", "{a},5 %", "{b},5 %"),
    ("Doanh thu gia hạn đạt {b}.000.000 đ", "{a}.000.000 đ", "{b}.000.000 đ"),
    ("Launch the new onboarding checklist", "", ""),
]
NOTES = ["", " => 40%", " (done)", " — on track", " ✅"]
OWNERS = ["Lan Pham", "Bao Nguyen", "Trần Thu Hà", "Nguyễn Minh Anh"]


def key_result(rng: random.Random) -> tuple[str, str, str]:
    text, baseline, target = rng.choice(KEY_RESULTS)
    a = rng.randint(10, 40)
    b = a + rng.randint(5, 40)
    return text.format(a=a, b=b), baseline.format(a=a), target.format(b=b)


def write_csv(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["Objective", "Key result", "Owner", "Baseline", "Target", "Due", "Status"]
        )
        for n in range(rows):
            first = n % KEY_RESULTS_PER_OBJECTIVE == 0
            objective = f"{rng.choice(OBJECTIVES)} #{n // 4 + 1}" if first else ""
            text, baseline, target = key_result(rng)
            owner = rng.choice(OWNERS) if first else ""
            status = rng.choice(["", "on track", "at risk", "done"])
            writer.writerow(
                [objective, text, owner, baseline, target, "2027-03-31", status]
            )


def write_markdown(path: Path, objectives: int, rng: random.Random) -> None:
    parts = ["# Company OKRs — 2027-Q1\n"]
    for n in range(1, objectives + 1):
        owner = rng.choice(OWNERS)
        parts.append(f"\n## {rng.choice(OBJECTIVES)} #{n} ({owner})\n\n")
        for _ in range(KEY_RESULTS_PER_OBJECTIVE):
            text, _, _ = key_result(rng)
            parts.append(
                f"- {text} [details](https://wiki.example/{n}){rng.choice(NOTES)}\n"
            )
    path.write_text("".join(parts), encoding="utf-8")


def measure(label: str, read: Callable[[], Reading], repeat: int) -> float:
    """Best wall time of ``repeat`` reads; CPU time shows how much a busy machine
    (other processes on the same cores) added to it."""
    times, cpu, reading = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        reading = read()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert reading is not None
    best, median = min(times), statistics.median(times)
    verdict = "ok" if best < GOAL_S else "SLOWER THAN GOAL"
    print(
        f"{label:<28} best {best:5.2f} s  median {median:5.2f} s  "
        f"cpu {min(cpu):5.2f} s  "
        f"({len(reading.document.objectives)} objectives, "
        f"{len(reading.document.key_results())} key results, "
        f"{len(reading.warnings)} warnings)  {verdict}"
    )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    csv_path, markdown_path = OUT / "okrs-20000.csv", OUT / "okrs-5000.md"
    write_csv(csv_path, 20_000, rng)
    write_markdown(markdown_path, 5_000, rng)
    print(f"goal: each read under {GOAL_S:.0f} s (files in {OUT})")
    measure("CSV, 20,000 rows", lambda: read_file(str(csv_path)), args.repeat)
    measure(
        "Markdown, 5,000 objectives", lambda: read_file(str(markdown_path)), args.repeat
    )


if __name__ == "__main__":
    main()
