"""Interface words for the text and Markdown views, in both languages."""

from coach.readers.reading import SourceLocation

LABELS = {
    "en": {
        "objective": "Objective",
        "owner": "owner",
        "result": "result",
        "task": "task",
        "suggestion": "Suggestion",
        "why": "Why",
        "fix": "Fix",
        "document": "Document",
        "score": "Score",
        "summary": "{score}/100 · {objectives} objectives · {key_results} key results · "
        "{tasks} tasks · {error} errors, {warning} warnings, {info} notes",
        "mode_offline": "offline (rules only)",
        "mode_model": "model-assisted",
        "degraded": "degraded: the model failed, showing the offline result",
        "smart": "SMART",
        "facts": "FACTS",
        "lowered": "lowered by",
        "criterion": "Criterion",
        "verdict": "Verdict",
        "reason": "Reason",
        "no_findings": "No findings.",
        "principle": "principle",
        "time_bound": "time-bound",
        "line": "line",
        "sheet": "sheet",
        "row": "row",
    },
    "vi": {
        "objective": "Mục tiêu",
        "owner": "người phụ trách",
        "result": "kết quả",
        "task": "đầu việc",
        "suggestion": "Gợi ý",
        "why": "Vì sao",
        "fix": "Cách sửa",
        "document": "Toàn tài liệu",
        "score": "Điểm",
        "summary": "{score}/100 · {objectives} mục tiêu · {key_results} kết quả then chốt · "
        "{tasks} đầu việc · {error} lỗi, {warning} cảnh báo, {info} ghi chú",
        "mode_offline": "ngoại tuyến (chỉ dùng quy tắc)",
        "mode_model": "có mô hình hỗ trợ",
        "degraded": "suy giảm: mô hình lỗi, đang hiển thị kết quả ngoại tuyến",
        "smart": "SMART",
        "facts": "FACTS",
        "lowered": "bị trừ vì",
        "criterion": "Tiêu chí",
        "verdict": "Đánh giá",
        "reason": "Lý do",
        "no_findings": "Không có nhận xét.",
        "principle": "nguyên tắc",
        "info": "ghi chú",
        "warning": "cảnh báo",
        "error": "lỗi",
        "pass": "đạt",
        "warn": "cần xem",
        "fail": "chưa đạt",
        "unknown": "chưa rõ",
        "specific": "cụ thể",
        "measurable": "đo được",
        "achievable": "khả thi",
        "relevant": "liên quan",
        "time_bound": "có thời hạn",
        "focus": "tập trung",
        "alignment": "gắn kết",
        "commitment": "cam kết",
        "tracking": "theo dõi",
        "stretching": "thách thức",
        "line": "dòng",
        "sheet": "trang tính",
        "row": "hàng",
    },
}


def place(location: SourceLocation | None, L: dict[str, str]) -> str:
    """Where an item was read, in the reader's language: 'line 12', "sheet 'Q1' row 5"."""
    if location is None:
        return ""
    if location.sheet is not None:
        return f"{L['sheet']} '{location.sheet}' {L['row']} {location.row}"
    return f"{L['line']} {location.line}" if location.line else ""
