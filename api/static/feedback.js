// The coach's feedback on the draft, placed beside the lines it is about: the kind
// of each key result, its findings, SMART verdicts and suggestion; the score and the
// FACTS sub-scores above the form.

import { L, fill, findingList, h, t } from "./common.js";

const CRITERIA = ["specific", "measurable", "achievable", "relevant", "time_bound"];
const FACTS = ["focus", "alignment", "commitment", "tracking", "stretching"];

function smartList(smart) {
  return h(
    "ul",
    { class: "smart", "aria-label": L.smart },
    CRITERIA.map((name) =>
      h(
        "li",
        { class: `v-${smart[name].verdict}` },
        h("span", { class: "criterion" }, L[name]),
        " ",
        h("span", { class: "verdict" }, L[smart[name].verdict]),
        h("span", { class: "reason" }, ` — ${smart[name].reason}`),
      ),
    ),
  );
}

function keyResultFeedback(review, i, j) {
  const id = `o${i}-k${j}`;
  const confidence = t("confidence", { percent: Math.round(review.kind_confidence * 100) });
  const parts = [
    h(
      "p",
      { class: `kind kind-${review.kind}`, id: `${id}-verdict` },
      h("span", { class: "badge" }, L[review.kind]),
      " ",
      L[`${review.kind}_long`],
      " ",
      h("span", { class: "confidence" }, `(${confidence})`),
    ),
  ];
  if (review.kind_evidence.length) {
    parts.push(
      h("p", { class: "evidence" }, h("b", {}, `${L.evidence}: `), review.kind_evidence.join("; ")),
    );
  }
  if (review.findings.length) parts.push(findingList(review.findings));
  parts.push(smartList(review.smart));
  if (review.suggestion) parts.push(suggestionBlock(review.suggestion, i, j));
  return parts;
}

function suggestionBlock(suggestion, i, j) {
  return h(
    "div",
    { class: "suggestion" },
    h("p", {}, h("b", {}, `${L.suggestion}: `), h("span", { class: "rewrite" }, suggestion.text)),
    h("p", { class: "hint" }, suggestion.rationale),
    h(
      "button",
      {
        type: "button",
        class: "apply primary",
        "data-action": "apply",
        "data-o": i,
        "data-k": j,
        "data-text": suggestion.text,
        "aria-label": t("apply_label", { n: j + 1 }),
      },
      L.apply,
    ),
  );
}

function objectiveFeedback(review, i) {
  const tasks = review.key_results.filter((kr) => kr.kind === "task").length;
  const errors = review.findings.filter((f) => f.severity === "error").length;
  return [
    h(
      "p",
      { class: "objective-verdict", id: `o${i}-verdict` },
      h("b", {}, `${L.objective_feedback}: `),
      t("findings_count", { count: review.findings.length }),
      tasks ? ` · ${tasks} ${L.task.toLowerCase()}` : "",
      errors ? ` · ${errors} ${L.error}` : "",
    ),
    review.findings.length ? findingList(review.findings) : null,
    smartList(review.smart),
  ];
}

function factsTable(facts) {
  return h(
    "table",
    { class: "facts" },
    h("caption", {}, L.facts),
    h(
      "tbody",
      {},
      FACTS.map((name) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, L[name]),
          h(
            "td",
            { class: "facts-score" },
            h("meter", { min: 0, max: 100, value: facts[name].score, "aria-hidden": "true" }),
            ` ${facts[name].score}`,
          ),
          h(
            "td",
            { class: "hint" },
            facts[name].lowered_by.length
              ? `${L.lowered_by}: ${facts[name].lowered_by.join("; ")}`
              : "",
          ),
        ),
      ),
    ),
  );
}

export function showSummary(critique, cyclePartial) {
  const c = critique.counts;
  fill(
    document.getElementById("summary-body"),
    h(
      "p",
      { class: "score" },
      h("span", { class: "score-label" }, `${L.score} `),
      h("strong", { id: "score-value" }, String(critique.score)),
      "/100",
    ),
    h("p", { class: "counts" }, t("counts", c)),
    factsTable(critique.facts),
    critique.findings.length
      ? h("div", {}, h("h3", {}, L.document_findings), findingList(critique.findings))
      : null,
    cyclePartial ? h("p", { class: "hint warn" }, L.cycle_partial) : null,
  );
}

export function showFeedback(critique, places) {
  places.forEach((place, p) => {
    const review = critique.objectives[p];
    const box = document.getElementById(`o${place.objective}-fb`);
    if (box) fill(box, objectiveFeedback(review, place.objective));
    place.keyResults.forEach((j, q) => {
      const row = document.getElementById(`o${place.objective}-k${j}-fb`);
      const kr = review.key_results[q];
      if (!row || !kr) return;
      fill(row, keyResultFeedback(kr, place.objective, j));
      row.closest(".kr").dataset.kind = kr.kind;
    });
  });
}
