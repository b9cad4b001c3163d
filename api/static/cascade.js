// The Cascade view: parent OKRs and a unit in, linked proposals out (POST
// /v1/cascade); the proposals can be edited in the Draft view or downloaded.

import {
  L,
  download,
  failure,
  fill,
  findingList,
  h,
  post,
  readDocument,
  showMode,
  t,
  toYaml,
  withLang,
} from "./common.js";
import { replaceDraft, tell } from "./draft.js";

let result = null;

function status(message, problem = false) {
  const line = document.getElementById("cascade-status");
  line.textContent = message;
  line.classList.toggle("problem", problem);
}

/** The proposals as an OKR document, as coach.cascade.to_document builds it. */
function proposalDocument(answer) {
  const doc = {
    objectives: answer.proposals.map((p) => {
      const objective = { id: p.id, title: p.title, level: p.level, unit: p.unit };
      if (p.owner) objective.owner = p.owner;
      if (p.type) objective.type = p.type;
      objective.parent = p.parent;
      objective.key_results = p.key_results.map((kr) => ({ id: kr.id, text: kr.text }));
      return objective;
    }),
  };
  if (answer.cycle) doc.cycle = answer.cycle;
  return doc;
}

async function parentDocument() {
  const file = document.getElementById("cascade-file").files[0];
  if (file) return (await readDocument(await file.arrayBuffer(), file.name)).document;
  const text = document.getElementById("cascade-paste").value;
  if (text.trim()) return (await readDocument(text, "pasted")).document;
  return null;
}

function proposalBlock(p) {
  const left = p.critique.errors + p.critique.warnings;
  return h(
    "article",
    { class: "proposal", id: `proposal-${p.id}` },
    h("h3", {}, p.title, " ", h("code", {}, p.id)),
    h("p", { class: "link" }, h("span", { class: "badge" }, t("supports", { parent: p.parent })), " ", p.contribution),
    h("ol", { class: "proposal-krs" }, p.key_results.map((kr) => h("li", {}, kr.text, " ", h("code", {}, kr.id)))),
    h(
      "details",
      {},
      h("summary", {}, left ? t("remaining", p.critique) : L.clean),
      findingList(p.critique.findings),
    ),
  );
}

function uncoveredBlock(uncovered) {
  if (!uncovered.length) return null;
  return h(
    "div",
    { class: "uncovered" },
    h("h3", {}, L.uncovered),
    h(
      "ul",
      {},
      uncovered.map((u) => h("li", {}, h("code", {}, u.id), ` — ${L[u.reason] || u.reason}: ${u.detail}`)),
    ),
  );
}

function show(answer) {
  result = answer;
  const body = document.getElementById("cascade-body");
  fill(
    body,
    answer.proposals.length
      ? h("div", { class: "proposals" }, answer.proposals.map(proposalBlock))
      : h("p", {}, L.no_proposals),
    uncoveredBlock(answer.uncovered),
    answer.findings.length ? findingList(answer.findings) : null,
  );
  document.getElementById("cascade-result").hidden = false;
  document.getElementById("cascade-edit").disabled = !answer.proposals.length;
  document.getElementById("cascade-download").disabled = !answer.proposals.length;
}

async function propose(event) {
  event.preventDefault();
  const unit = document.getElementById("cascade-unit").value.trim();
  const button = document.getElementById("cascade-run");
  button.disabled = true;
  status(L.proposing);
  try {
    const parent = await parentDocument();
    if (!parent) return status(L.need_parent, true);
    if (!unit) {
      document.getElementById("cascade-unit").focus();
      return status(L.need_unit, true);
    }
    const request = {
      document: parent,
      unit,
      level: document.getElementById("cascade-level").value,
    };
    const about = document.getElementById("cascade-about").value.trim();
    const owner = document.getElementById("cascade-owner").value.trim();
    if (about) request.about = about;
    if (owner) request.owner = owner;
    const answer = await post(withLang("/v1/cascade"), request);
    show(answer);
    showMode(answer);
    status(t("proposed", { count: answer.proposals.length, unit: answer.unit }));
  } catch (error) {
    status(failure(error), true);
  } finally {
    button.disabled = false;
  }
}

export function setupCascade(selectTab) {
  const form = document.getElementById("cascade-form");
  if (!form) return; // the server has no cascade endpoint yet
  form.addEventListener("submit", propose);
  document.getElementById("cascade-edit").addEventListener("click", () => {
    replaceDraft(proposalDocument(result));
    selectTab("draft");
    tell(L.moved_to_draft);
    document.getElementById("o0-title")?.focus();
  });
  document.getElementById("cascade-download").addEventListener("click", async () => {
    try {
      download(await toYaml(proposalDocument(result)), `okrs-${result.unit}.yaml`);
    } catch (error) {
      status(failure(error), true);
    }
  });
}
