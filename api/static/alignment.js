// The Alignment view: several documents in, the organisation's findings and its
// tree out (POST /v1/alignment).

import { L, failure, fill, findingList, h, post, readDocument, showMode, t, withLang } from "./common.js";

// The chosen files, kept across several picks so documents can come from folders.
let files = [];

function status(message, problem = false) {
  const line = document.getElementById("alignment-status");
  line.textContent = message;
  line.classList.toggle("problem", problem);
}

function renderFiles() {
  const list = document.getElementById("alignment-list");
  if (!files.length) return list.replaceChildren(h("li", { class: "hint" }, L.no_files));
  list.replaceChildren(
    ...files.map((file, index) =>
      h(
        "li",
        {},
        h("span", { class: "file-name" }, file.name),
        " ",
        h(
          "button",
          {
            type: "button",
            class: "quiet small",
            "aria-label": t("remove_file", { name: file.name }),
            onclick: () => {
              files.splice(index, 1);
              renderFiles();
              document.getElementById("alignment-files").focus();
            },
          },
          L.remove,
        ),
      ),
    ),
  );
}

/** The units as nested lists, top down, each with its health and counts. */
function tree(units) {
  const children = new Map();
  for (const unit of units) {
    const key = unit.parent || "";
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(unit);
  }
  const known = new Set(units.map((u) => u.id));
  const roots = units.filter((u) => !u.parent || !known.has(u.parent));
  const branch = (list) =>
    h(
      "ul",
      {},
      list.map((unit) =>
        h(
          "li",
          { class: `unit kind-${unit.kind}` },
          h(
            "p",
            {},
            h("strong", {}, unit.name),
            ` (${L[unit.kind] || unit.kind}) `,
            h("span", { class: `health ${unit.errors ? "bad" : unit.warnings ? "fair" : "good"}` }, `${unit.score}/100`),
            " · ",
            t("unit_counts", unit),
            unit.linked ? "" : ` · ${L.unlinked}`,
          ),
          children.has(unit.id) ? branch(children.get(unit.id)) : null,
        ),
      ),
    );
  return h("nav", { class: "tree", "aria-label": L.tree }, branch(roots));
}

function alignmentFinding(f) {
  return {
    ...f,
    title: L[`type_${f.type}`] || f.type,
    message: `${f.message} ${L.subjects}: ${f.subjects.join(", ")}`,
  };
}

function show(report) {
  const box = document.getElementById("alignment-result");
  fill(
    box,
    h(
      "p",
      { class: "score" },
      h("span", { class: "score-label" }, `${L.health} `),
      h("strong", { id: "alignment-score" }, String(report.score)),
      "/100",
    ),
    report.penalties.length
      ? h(
          "ul",
          { class: "penalties hint" },
          report.penalties.map((p) => h("li", {}, `${L[`type_${p.type}`] || p.type}: ${p.reason}`)),
        )
      : null,
    h("h2", {}, L.tree),
    tree(report.units),
    h("h2", {}, L.findings),
    findingList(report.findings.map(alignmentFinding)),
  );
  box.hidden = false;
}

async function review(event) {
  event.preventDefault();
  if (files.length < 2) return status(L.need_two, true);
  const button = document.getElementById("alignment-run");
  button.disabled = true;
  status(L.reviewing);
  try {
    const documents = [];
    for (const file of files) {
      const read = await readDocument(file.data, file.name);
      documents.push({ source: file.name, document: read.document });
    }
    const report = await post(withLang("/v1/alignment"), { documents });
    show(report);
    showMode(report);
    status(t("reviewed", { score: report.score, count: report.findings.length }));
  } catch (error) {
    status(failure(error), true);
  } finally {
    button.disabled = false;
  }
}

export function setupAlignment() {
  const form = document.getElementById("alignment-form");
  if (!form) return; // the server has no alignment endpoint yet
  const input = document.getElementById("alignment-files");
  input.addEventListener("change", async () => {
    for (const file of input.files) {
      files = files.filter((f) => f.name !== file.name);
      files.push({ name: file.name, data: await file.arrayBuffer() });
    }
    input.value = "";
    renderFiles();
  });
  form.addEventListener("submit", review);
}
