"""One self-contained HTML page: the organisation tree drawn as SVG, each node
coloured by its worst finding, then the penalties, findings and units.

Everything is inline (CSS and SVG, no script, fonts or images from elsewhere), so
the file opens anywhere without a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from coach.alignment.labels import word
from coach.alignment.models import AlignmentReport, UnitSummary
from coach.alignment.render.common import depths, summary

COLUMN = 260  # horizontal distance between tree levels
BOX_W, BOX_H, ROW = 222, 38, 46
MARGIN = 12
_NAME_CHARS = 28

_CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#cbd2d9; --bg:#f7f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--ink); background:var(--bg); }
main { max-width:1200px; margin:0 auto; padding:24px; }
header { display:flex; gap:24px; align-items:center; margin-bottom:16px; }
h1 { font-size:22px; margin:0 0 4px; } h2 { font-size:17px; margin:28px 0 10px; }
.summary { color:var(--muted); }
.score { flex:none; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px; }
.tree { overflow:auto; max-height:640px; }
.notice { background:#fff4d6; border:1px solid #e8a400; padding:8px 12px; border-radius:6px; }
table { width:100%; border-collapse:collapse; background:#fff; }
th, td { text-align:left; vertical-align:top; padding:7px 9px; border-bottom:1px solid #e4e7eb; }
th { background:#eef1f4; font-weight:600; }
code { font-size:12px; background:#eef1f4; padding:1px 4px; border-radius:4px; }
.sev { display:inline-block; padding:1px 7px; border-radius:10px; font-size:12px; font-weight:600; }
.sev-error { background:#fde2e1; color:#a51d14; } .sev-warning { background:#fff4d6; color:#8a5a00; }
.sev-info { background:#e3f0ff; color:#1d4ed8; } .sev-ok { background:#e6f4ea; color:#1e6b2f; }
.fix { color:var(--muted); }
svg text { font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
.legend span { margin-right:12px; }
tr:target { outline:2px solid #3b82f6; }
"""

# fill, stroke per worst severity of a node
_COLOURS = {
    "error": ("#fde2e1", "#d93025"),
    "warning": ("#fff4d6", "#e8a400"),
    "info": ("#e3f0ff", "#3b82f6"),
    "ok": ("#e6f4ea", "#2e7d32"),
}


@dataclass
class _Box:
    unit: UnitSummary
    x: float
    y: float


def render_html(report: AlignmentReport) -> str:
    L = report.lang
    parts = [
        "<!doctype html>",
        f'<html lang="{L}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(word(L, 'title'))}: {report.score}/100</title>",
        f"<style>{_CSS}</style></head><body><main>",
        _header(report),
        *_notices(report),
        f"<h2>{escape(word(L, 'tree'))}</h2>",
        _legend(L),
        f'<div class="card tree">{tree_svg(report.units, L)}</div>',
        f"<h2>{escape(word(L, 'penalties'))}</h2>",
        _penalties(report),
        f"<h2>{escape(word(L, 'findings'))} ({len(report.findings)})</h2>",
        _findings(report),
        f"<h2>{escape(word(L, 'units'))}</h2>",
        _units(report),
        "</main></body></html>",
    ]
    return "\n".join(parts)


def _header(report: AlignmentReport) -> str:
    L = report.lang
    return (
        f'<header><div class="score">{_gauge(report.score)}</div><div>'
        f"<h1>{escape(word(L, 'title'))}</h1>"
        f'<div class="summary">{escape(summary(report))}</div></div></header>'
    )


def _gauge(score: int) -> str:
    """A ring filled to the score, coloured like a node with that health."""
    circumference = 2 * 3.14159 * 34
    filled = circumference * score / 100
    severity = "ok" if score >= 80 else "warning" if score >= 50 else "error"
    _, stroke = _COLOURS[severity]
    return (
        '<svg width="88" height="88" viewBox="0 0 88 88" role="img" '
        f'aria-label="{score}/100">'
        '<circle cx="44" cy="44" r="34" fill="none" stroke="#e4e7eb" stroke-width="8"/>'
        f'<circle cx="44" cy="44" r="34" fill="none" stroke="{stroke}" '
        f'stroke-width="8" stroke-dasharray="{filled:.1f} {circumference:.1f}" '
        'transform="rotate(-90 44 44)" stroke-linecap="round"/>'
        f'<text x="44" y="50" text-anchor="middle" font-size="20" '
        f'font-weight="700">{score}</text></svg>'
    )


def _notices(report: AlignmentReport) -> list[str]:
    texts = [word(report.lang, "degraded")] if report.degraded else []
    texts += report.notices
    return [f'<p class="notice">{escape(t)}</p>' for t in texts]


def _legend(lang: str) -> str:
    items = [("error", word(lang, "error")), ("warning", word(lang, "warning"))]
    items += [("info", word(lang, "info")), ("ok", "✓")]
    spans = "".join(
        f'<span class="sev sev-{key}">{escape(label)}</span>' for key, label in items
    )
    return f'<p class="legend">{spans}</p>'


def layout(units: list[UnitSummary]) -> tuple[list[_Box], int, int]:
    """Left to right: one column per level, leaves stacked, parents centred."""
    depth = depths(units)
    children: dict[str | None, list[UnitSummary]] = {}
    for unit in units:
        parent = unit.parent if unit.parent in depth else None
        children.setdefault(parent, []).append(unit)
    boxes: list[_Box] = []
    next_row = 0

    def place(unit: UnitSummary) -> float:
        nonlocal next_row
        kids = children.get(unit.id, [])
        if kids:
            ys = [place(kid) for kid in kids]
            y = (ys[0] + ys[-1]) / 2
        else:
            y = MARGIN + next_row * ROW
            next_row += 1
        boxes.append(_Box(unit, MARGIN + depth[unit.id] * COLUMN, y))
        return y

    for root in children.get(None, []):
        place(root)
    width = MARGIN * 2 + (max(depth.values(), default=0)) * COLUMN + BOX_W
    height = MARGIN * 2 + max(next_row, 1) * ROW
    return boxes, width, height


def tree_svg(units: list[UnitSummary], lang: str) -> str:
    boxes, width, height = layout(units)
    where = {box.unit.id: box for box in boxes}
    edges = []
    for box in boxes:
        parent = where.get(box.unit.parent or "")
        if parent is None:
            continue
        x1, y1 = parent.x + BOX_W, parent.y + BOX_H / 2
        x2, y2 = box.x, box.y + BOX_H / 2
        mid = (x1 + x2) / 2
        dash = "" if box.unit.linked else ' stroke-dasharray="5 4"'
        edges.append(
            f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} '
            f'{x2:.0f},{y2:.0f}" fill="none" stroke="#9aa5b1"{dash}/>'
        )
    nodes = [_node(box, lang) for box in boxes]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
        + "".join(edges)
        + "".join(nodes)
        + "</svg>"
    )


def _node(box: _Box, lang: str) -> str:
    unit = box.unit
    fill, stroke = _COLOURS[_worst(unit)]
    name = unit.name if len(unit.name) <= _NAME_CHARS else unit.name[:27] + "…"
    noun = word(lang, "objective" if unit.objectives == 1 else "objectives")
    meta = (
        f"{word(lang, unit.kind.value)} · {unit.score}/100 · {unit.objectives} {noun}"
    )
    tip = f"{unit.name} — {meta}"
    if unit.types:
        tip += " — " + ", ".join(t.value for t in unit.types)
    x, y = box.x, box.y
    badge = ""
    if unit.findings:
        badge = (
            f'<circle cx="{x + BOX_W:.0f}" cy="{y:.0f}" r="10" fill="{stroke}"/>'
            f'<text x="{x + BOX_W:.0f}" y="{y + 4:.0f}" text-anchor="middle" '
            f'font-size="11" font-weight="700" fill="#fff">{unit.findings}</text>'
        )
    return (
        f'<a href="#{_anchor(unit.id)}"><g><title>{escape(tip)}</title>'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        f'<text x="{x + 9:.0f}" y="{y + 16:.0f}" font-size="13" font-weight="600" '
        f'fill="#1f2933">{escape(name)}</text>'
        f'<text x="{x + 9:.0f}" y="{y + 31:.0f}" font-size="11" '
        f'fill="#52606d">{escape(meta)}</text>{badge}</g></a>'
    )


def _worst(unit: UnitSummary) -> str:
    if unit.errors:
        return "error"
    if unit.warnings:
        return "warning"
    return "info" if unit.findings else "ok"


def _anchor(unit_id: str) -> str:
    return "u-" + unit_id.replace(":", "-")


def _penalties(report: AlignmentReport) -> str:
    L = report.lang
    if not report.penalties:
        return f"<p>{escape(word(L, 'no_penalties'))}</p>"
    rows = "".join(
        f"<tr><td><code>{p.type.value}</code></td><td>-{p.points}</td>"
        f"<td>{escape(p.reason)}</td></tr>"
        for p in report.penalties
    )
    head = "".join(
        f"<th>{escape(word(L, key))}</th>" for key in ("type", "points", "counted")
    )
    head = f"<tr>{head}</tr>"
    return f"<table>{head}{rows}</table>"


def _findings(report: AlignmentReport) -> str:
    L = report.lang
    if not report.findings:
        return f"<p>{escape(word(L, 'no_findings'))}</p>"
    head = "".join(
        f"<th>{escape(word(L, key))}</th>"
        for key in ("severity", "type", "subjects", "message")
    )
    rows = []
    for f in report.findings:
        ids = " ".join(f"<code>{escape(s)}</code>" for s in f.subjects)
        rows.append(
            f'<tr><td><span class="sev sev-{f.severity.value}">'
            f"{escape(word(L, f.severity.value))}</span></td>"
            f"<td><code>{f.type.value}</code></td><td>{ids}</td>"
            f"<td>{escape(f.message)}"
            f'<div class="fix"><b>{escape(word(L, "fix"))}:</b> {escape(f.fix)}</div>'
            "</td></tr>"
        )
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _units(report: AlignmentReport) -> str:
    L = report.lang
    head = "".join(
        f"<th>{escape(word(L, key))}</th>"
        for key in ("unit", "kind", "score", "objectives", "key_results", "findings")
    )
    depth = depths(report.units)
    rows = []
    for u in report.units:
        pad = depth[u.id] * 18
        types = ", ".join(t.value for t in u.types)
        rows.append(
            f'<tr id="{_anchor(u.id)}"><td style="padding-left:{pad + 9}px">'
            f"{escape(u.name)}</td><td>{escape(word(L, u.kind.value))}</td>"
            f'<td><span class="sev sev-{_worst(u)}">{u.score}</span></td>'
            f"<td>{u.objectives}</td><td>{u.key_results}</td>"
            f"<td>{u.findings} <small>{escape(types)}</small></td></tr>"
        )
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"
