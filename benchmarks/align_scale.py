"""How the offline alignment review scales: time and peak memory by organisation size.

Generates made-up organisations (company → departments → teams → people, four key
results per objective, about a fifth of them in Vietnamese, a few planted problems)
of 1,000, 2,500 and 5,000 objectives, reviews each offline and prints the figures,
then the growth exponent between the smallest and the largest (1 = linear, 2 =
quadratic). Goal: 5,000 objectives / 20,000 key results in <= 10 s and < 1 GB.

    python3 benchmarks/align_scale.py            # 1000 2500 5000
    python3 benchmarks/align_scale.py 500 1000   # other sizes
"""

from __future__ import annotations

import gc
import math
import random
import resource
import sys
import time
import tracemalloc

from coach.alignment import review_alignment
from coach.alignment.models import AlignmentReport, SourcedDocument
from coach.document import OkrDocument

CYCLE = {"name": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"}
OLD_CYCLE = {"name": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}


def _phrases(text: str) -> list[str]:
    return [part.strip() for part in text.split("|")]


# Metric phrases, by the direction they usually move.
UP_EN = _phrases(
    """trial signups|monthly recurring revenue|net promoter score|7-day activation|
    average contract value|lead-to-deal conversion|weekly active users|
    expansion revenue|gross margin|on-time delivery rate|crash-free sessions|
    onboarding completion|deployment frequency|ticket deflection|renewal rate|
    app store rating|checkout conversion"""
)
DOWN_EN = _phrases(
    """logo churn|first-response time|customer acquisition cost|invoice errors|
    page load time|support backlog|days sales outstanding|refund rate|time to hire|
    employee attrition|change failure rate|cost per ticket|cart abandonment"""
)
UP_VI = _phrases(
    """doanh thu định kỳ|số khách hàng dùng thử|tỷ lệ chuyển đổi|
    mức độ hài lòng của khách hàng|tỷ lệ giao hàng đúng hạn"""
)
DOWN_VI = _phrases(
    """tỷ lệ rời bỏ|thời gian phản hồi đầu tiên|chi phí thu hút khách hàng|
    số lỗi hóa đơn|tỷ lệ nghỉ việc"""
)
METRICS_EN = [(m, 1) for m in UP_EN] + [(m, -1) for m in DOWN_EN]
METRICS_VI = [(m, 1) for m in UP_VI] + [(m, -1) for m in DOWN_VI]
SEGMENTS_EN = _phrases(
    """for enterprise accounts|for small businesses|in the north region|
    in the south region|on mobile|on the web app|among first-year customers|
    for partner-sourced accounts|in the self-serve plan|for annual plans"""
)
SEGMENTS_VI = _phrases(
    """của khách hàng doanh nghiệp|ở miền Bắc|ở miền Nam|trên ứng dụng di động|
    của khách hàng năm đầu|của gói tự phục vụ"""
)
SYLLABLES = _phrases("ka|lo|mi|ren|tus|va|ne|dor|pia|sul|ze|bam|qui|fen|rho|gat")


def product(rng: random.Random) -> str:
    """A made-up product, market or project name (16**4 possible)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()


def key_result(
    rng: random.Random, kr_id: str, focus: tuple[str, int], names: list[str]
) -> dict[str, object]:
    vietnamese = rng.random() < 0.2
    metrics = METRICS_VI if vietnamese else METRICS_EN
    # Half of a unit's key results are about its focus metric.
    metric, sign = focus if rng.random() < 0.5 else rng.choice(metrics)
    if vietnamese and focus not in METRICS_VI:
        metric, sign = rng.choice(METRICS_VI)
    segment = rng.choice(SEGMENTS_VI if vietnamese else SEGMENTS_EN)
    start = rng.randint(10, 60) if sign > 0 else rng.randint(40, 90)
    end = start + rng.randint(5, 30) * sign
    if vietnamese:
        verb = "Tăng" if sign > 0 else "Giảm"
        link = "lên" if sign > 0 else "xuống"
        text = (
            f"{verb} {metric} {segment} {rng.choice(names)} từ {start}% {link} {end}%"
        )
    else:
        verb = rng.choice(["Raise", "Grow"] if sign > 0 else ["Cut", "Reduce"])
        text = (
            f"{verb} {metric} {segment} of {rng.choice(names)} from {start}% to {end}%"
        )
    return {"id": kr_id, "text": text}


def organisation(size: int, seed: int = 7) -> list[SourcedDocument]:
    """About ``size`` objectives: 5 company, then departments, teams and people."""
    rng = random.Random(seed)
    departments = max(3, size // 125)
    teams_per_department = 5
    per_person = 3
    people = max(1, (size - 5 - departments * 5 - departments * 5 * 4) // per_person)
    docs: list[tuple[str, dict[str, object]]] = []
    company_krs: list[str] = []

    # Each unit works on its own few products, markets or projects, so the
    # organisation's vocabulary grows with it, as a real one's does.
    names: dict[str, list[str]] = {}

    def objective(
        oid: str,
        level: str,
        unit: str,
        owner: str,
        parent: str | None,
        focus: tuple[str, int],
    ) -> dict[str, object]:
        own = names.setdefault(unit, [product(rng) for _ in range(3)])
        krs = [key_result(rng, f"{oid}.kr{k}", focus, own) for k in range(1, 5)]
        body: dict[str, object] = {
            "id": oid,
            "title": f"Make {focus[0]} in {unit} the best in the market",
            "owner": owner,
            "level": level,
            "unit": unit,
            "key_results": krs,
        }
        if parent:
            body["parent"] = parent
        return body

    company = []
    for i in range(1, 6):
        focus = rng.choice(METRICS_EN)
        company.append(objective(f"c{i}", "company", "Company", "CEO", None, focus))
        company_krs += [f"c{i}.kr{k}" for k in range(1, 5)]
    docs.append(("company.yaml", {"cycle": CYCLE, "objectives": company}))

    team_krs: list[tuple[str, str]] = []
    for d in range(1, departments + 1):
        unit, head = f"Department {product(rng)} {d}", f"Head {d}"
        dept_krs: list[str] = []
        objectives = []
        for o in range(1, 6):
            oid = f"d{d}o{o}"
            parent = None if rng.random() < 0.01 else rng.choice(company_krs)
            focus = rng.choice(METRICS_EN)
            objectives.append(objective(oid, "department", unit, head, parent, focus))
            dept_krs += [f"{oid}.kr{k}" for k in range(1, 5)]
        cycle = OLD_CYCLE if d == departments else CYCLE
        docs.append((f"dept-{d}.yaml", {"cycle": cycle, "objectives": objectives}))
        for t in range(1, teams_per_department + 1):
            team, lead = f"Team {product(rng)} {d}.{t}", f"Lead {d}.{t}"
            objectives = []
            for o in range(1, 5):
                oid = f"t{d}x{t}o{o}"
                parent = rng.choice(dept_krs)
                if rng.random() < 0.005:
                    parent = parent + "x"  # a typo: broken parent
                focus = rng.choice(METRICS_EN)
                objectives.append(objective(oid, "team", team, lead, parent, focus))
                team_krs += [(f"{oid}.kr{k}", team) for k in range(1, 5)]
            docs.append(
                (f"team-{d}-{t}.yaml", {"cycle": CYCLE, "objectives": objectives})
            )
    for p in range(1, people + 1):
        parent_kr, team = rng.choice(team_krs)
        name = f"Person {p}"
        objectives = []
        for o in range(1, per_person + 1):
            oid = f"p{p}o{o}"
            parent = rng.choice(company_krs) if rng.random() < 0.01 else parent_kr
            if rng.random() < 0.01:
                parent = None
            focus = rng.choice(METRICS_EN)
            objectives.append(objective(oid, "individual", team, name, parent, focus))
        docs.append((f"person-{p}.yaml", {"cycle": CYCLE, "objectives": objectives}))
    return [
        SourcedDocument(source=name, document=OkrDocument.model_validate(data))
        for name, data in docs
    ]


def measure(size: int, runs: int) -> tuple[int, int, float, float, AlignmentReport]:
    """Best time of ``runs`` reviews (other processes only ever add time), then
    the peak memory of one more."""
    sources = organisation(size)
    objectives = sum(len(s.document.objectives) for s in sources)
    key_results = sum(len(s.document.key_results()) for s in sources)
    seconds = math.inf
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        report = review_alignment(sources)
        seconds = min(seconds, time.perf_counter() - started)
    # A second run under tracemalloc: it slows Python down, so it is not timed.
    gc.collect()
    tracemalloc.start()
    review_alignment(sources)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return objectives, key_results, seconds, peak / 2**20, report


def main(sizes: list[int], runs: int = 3) -> None:
    review_alignment(organisation(50))  # warm up: imports, data files, graph
    rows = []
    print(f"best of {runs} runs; peak = traced Python memory of one review")
    print(
        f"{'objectives':>10} {'key results':>11} {'time s':>8} {'peak MiB':>9} "
        f"{'findings':>8} {'score':>5}"
    )
    for size in sizes:
        objectives, key_results, seconds, peak, report = measure(size, runs)
        rows.append((objectives, seconds))
        print(
            f"{objectives:>10} {key_results:>11} {seconds:>8.2f} {peak:>9.1f} "
            f"{len(report.findings):>8} {report.score:>5}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MiB")
    if len(rows) > 1:
        (n1, t1), (n2, t2) = rows[0], rows[-1]
        exponent = math.log(t2 / t1) / math.log(n2 / n1)
        print(f"growth exponent {n1} -> {n2} objectives: {exponent:.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 2500, 5000])
