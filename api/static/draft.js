// The Draft view: a form of objectives and key results, kept in localStorage and
// critiqued by POST /v1/critique a moment after the author stops typing.

import {
  L,
  config,
  download,
  failure,
  fill,
  h,
  post,
  readDocument,
  showMode,
  t,
  toYaml,
  withLang,
} from "./common.js";
import { showFeedback, showSummary } from "./feedback.js";

// Limitation: one draft per browser; two tabs editing it at once overwrite each other.
const STORE = "okr-coach.draft.v1";
const PAUSE_MS = 600; // long enough not to critique every keystroke, short enough to feel live
const OBJECTIVE_FIELDS = ["title", "owner", "type", "parent", "key_results"];

let draft = loadDraft();
let timer = null;
let controller = null;
// Bumped on every edit: an answer for an older draft is dropped, never shown
// against rows that may have moved since.
let edition = 0;
// What the reader was last told (a file loaded, a suggestion applied): said again
// with the next feedback, so the feedback line does not silently replace it.
let note = "";

function emptyObjective() {
  return { title: "", owner: "", type: "", parent: "", key_results: [{ text: "" }] };
}

function emptyDraft() {
  return { cycle: { name: "", start: "", end: "" }, objectives: [emptyObjective()] };
}

function loadDraft() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORE));
    if (stored && Array.isArray(stored.objectives)) return stored;
  } catch {
    // A damaged entry is replaced by an empty draft rather than breaking the page.
  }
  return emptyDraft();
}

function saveDraft() {
  localStorage.setItem(STORE, JSON.stringify(draft));
}

/** A document from the server (read from a file, or proposed by a cascade). */
export function fromDocument(doc) {
  const cycle = doc.cycle || {};
  return {
    cycle: { name: cycle.name || "", start: cycle.start || "", end: cycle.end || "" },
    objectives: doc.objectives.map((o) => ({
      ...o,
      owner: o.owner || "",
      type: o.type || "",
      parent: o.parent || "",
      key_results: (o.key_results || []).map((kr) =>
        typeof kr === "string" ? { text: kr } : { ...kr },
      ),
    })),
  };
}

function compact(item) {
  return Object.fromEntries(
    Object.entries(item).filter(
      ([key, value]) => key !== "key_results" && value !== "" && value !== null,
    ),
  );
}

/** The draft as the service reads it, and where each sent item sits in the form.
 * Blank objectives and key results are left out: the coach would refuse them. */
export function toDocument(current = draft) {
  const objectives = [];
  const places = [];
  current.objectives.forEach((objective, i) => {
    if (!objective.title.trim()) return;
    const keyResults = [];
    const rows = [];
    objective.key_results.forEach((kr, j) => {
      if (!kr.text.trim()) return;
      keyResults.push(compact(kr));
      rows.push(j);
    });
    objectives.push({ ...compact(objective), key_results: keyResults });
    places.push({ objective: i, keyResults: rows });
  });
  const doc = { objectives };
  const { name, start, end } = current.cycle;
  const filled = [name.trim(), start, end].filter(Boolean).length;
  if (filled === 3) doc.cycle = { name: name.trim(), start, end };
  return { doc, places, cyclePartial: filled > 0 && filled < 3 };
}

// ---- the form ----

function field(id, label, control, extra = null) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control, extra);
}

// Limitation: a key result's baseline, target, due date etc. are kept and shown, not editable.
function keptFields(item, shown) {
  const kept = Object.entries(item).filter(
    ([key, value]) => !shown.includes(key) && value !== "" && value !== null,
  );
  if (!kept.length) return null;
  const text = kept.map(([key, value]) => `${key}: ${value}`).join(", ");
  return h("p", { class: "hint kept" }, t("details_kept", { fields: text }));
}

function objectiveBlock(objective, i) {
  const id = `o${i}`;
  const n = i + 1;
  const typeSelect = h(
    "select",
    { id: `${id}-type`, "data-o": i, "data-field": "type" },
    ["", "committed", "aspirational"].map((value) =>
      h("option", { value, selected: objective.type === value }, value ? L[value] : L.type_none),
    ),
  );
  const title = h("textarea", {
    id: `${id}-title`,
    rows: 2,
    "data-o": i,
    "data-field": "title",
    "aria-describedby": `${id}-verdict`,
  });
  title.value = objective.title;
  return h(
    "fieldset",
    { class: "objective", id },
    h("legend", {}, t("objective_n", { n })),
    h(
      "div",
      { class: "line" },
      h(
        "div",
        { class: "entry" },
        field(`${id}-title`, L.objective_title, title),
        h(
          "div",
          { class: "row" },
          field(`${id}-owner`, L.owner, textInput(`${id}-owner`, i, null, "owner", objective.owner)),
          field(`${id}-type`, L.type, typeSelect),
          field(`${id}-parent`, L.parent, textInput(`${id}-parent`, i, null, "parent", objective.parent)),
        ),
        keptFields(objective, OBJECTIVE_FIELDS),
      ),
      h(
        "div",
        { class: "feedback", id: `${id}-fb` },
        h("p", { class: "hint", id: `${id}-verdict` }, L.feedback_waiting),
      ),
    ),
    h("h3", { class: "krs-heading" }, L.key_results),
    h(
      "ol",
      { class: "krs" },
      objective.key_results.map((kr, j) => keyResultBlock(kr, i, j)),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", "data-action": "add-kr", "data-o": i }, L.add_key_result),
      h(
        "button",
        {
          type: "button",
          class: "quiet",
          "data-action": "remove-objective",
          "data-o": i,
          "aria-label": t("remove_objective", { n }),
        },
        t("remove_objective", { n }),
      ),
    ),
  );
}

function textInput(id, i, j, name, value) {
  const input = h("input", { id, "data-o": i, "data-field": name });
  if (j !== null) input.dataset.k = j;
  input.value = value || "";
  return input;
}

function keyResultBlock(kr, i, j) {
  const id = `o${i}-k${j}`;
  const n = j + 1;
  const text = h("textarea", {
    id,
    rows: 2,
    "data-o": i,
    "data-k": j,
    "data-field": "text",
    "aria-describedby": `${id}-verdict`,
  });
  text.value = kr.text;
  return h(
    "li",
    { class: "kr line", id: `${id}-row` },
    h(
      "div",
      { class: "entry" },
      h("label", { for: id }, t("key_result_n", { n })),
      text,
      keptFields(kr, ["text"]),
      h(
        "button",
        {
          type: "button",
          class: "quiet small",
          "data-action": "remove-kr",
          "data-o": i,
          "data-k": j,
          "aria-label": t("remove_key_result", { n }),
        },
        L.remove,
      ),
    ),
    h(
      "div",
      { class: "feedback", id: `${id}-fb` },
      h("p", { class: "hint", id: `${id}-verdict` }, L.feedback_waiting),
    ),
  );
}

function renderForm() {
  const { cycle } = draft;
  document.getElementById("cycle-name").value = cycle.name;
  document.getElementById("cycle-start").value = cycle.start;
  document.getElementById("cycle-end").value = cycle.end;
  fill(document.getElementById("objectives"), draft.objectives.map(objectiveBlock));
}

function status(message, problem = false) {
  const line = document.getElementById("draft-status");
  line.textContent = message;
  line.classList.toggle("problem", problem);
}

/** Tell the reader something that the next feedback line repeats. */
export function tell(message) {
  note = message;
  status(message);
}

function schedule(delay = PAUSE_MS) {
  edition += 1;
  clearTimeout(timer);
  timer = setTimeout(critiqueDraft, delay);
}

async function critiqueDraft() {
  const { doc, places, cyclePartial } = toDocument();
  if (!doc.objectives.length) {
    status(L.need_objective);
    return;
  }
  if (config.keys && !sessionStorage.getItem("okr-coach.key")) {
    status(L.key_needed, true);
    return;
  }
  const mine = edition;
  controller?.abort();
  controller = new AbortController();
  const summary = document.getElementById("summary");
  summary.setAttribute("aria-busy", "true");
  status(L.checking);
  try {
    const critique = await post(withLang("/v1/critique"), doc, { signal: controller.signal });
    if (mine !== edition) return;
    showSummary(critique, cyclePartial);
    showFeedback(critique, places);
    showMode(critique);
    const checked = t("checked", { score: critique.score, ...critique.counts });
    status(note ? `${note} ${checked}` : checked);
    note = "";
  } catch (error) {
    if (error.name === "AbortError" || mine !== edition) return;
    status(failure(error), true);
  } finally {
    if (mine === edition) summary.removeAttribute("aria-busy");
  }
}

// ---- editing ----

function edit(event) {
  const target = event.target;
  if (target.id.startsWith("cycle-")) {
    draft.cycle[target.id.slice("cycle-".length)] = target.value;
  } else if (target.dataset.field) {
    const objective = draft.objectives[Number(target.dataset.o)];
    const item = target.dataset.k === undefined
      ? objective
      : objective.key_results[Number(target.dataset.k)];
    item[target.dataset.field] = target.value;
  } else {
    return;
  }
  saveDraft();
  schedule();
}

function act(event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const i = Number(button.dataset.o);
  const j = Number(button.dataset.k);
  const action = button.dataset.action;
  if (action === "apply") return applySuggestion(i, j, button.dataset.text);
  let focus = null;
  if (action === "add-kr") {
    draft.objectives[i].key_results.push({ text: "" });
    focus = `o${i}-k${draft.objectives[i].key_results.length - 1}`;
  } else if (action === "remove-kr") {
    draft.objectives[i].key_results.splice(j, 1);
    focus = `o${i}-title`;
  } else if (action === "remove-objective") {
    draft.objectives.splice(i, 1);
    if (!draft.objectives.length) draft.objectives.push(emptyObjective());
    focus = "add-objective";
  }
  changed(focus);
}

/** Put the rewrite in the box and select its first [bracket] to type over. */
function applySuggestion(i, j, text) {
  draft.objectives[i].key_results[j].text = text;
  saveDraft();
  const box = document.getElementById(`o${i}-k${j}`);
  box.value = text;
  box.focus();
  const start = text.indexOf("[");
  if (start >= 0) box.setSelectionRange(start, text.indexOf("]", start) + 1);
  tell(L.applied);
  schedule(0);
}

function changed(focusId = null) {
  saveDraft();
  renderForm();
  if (focusId) document.getElementById(focusId)?.focus();
  schedule(0);
}

/** Replace the draft with `doc` (from a file or a cascade) and check it. */
export function replaceDraft(doc) {
  draft = fromDocument(doc);
  if (!draft.objectives.length) draft.objectives.push(emptyObjective());
  changed();
}

async function openText(data, name) {
  try {
    const read = await readDocument(data, name);
    replaceDraft(read.document);
    const krs = read.document.objectives.reduce((n, o) => n + o.key_results.length, 0);
    let message = t("loaded", {
      objectives: read.document.objectives.length,
      key_results: krs,
      name,
    });
    if (read.warnings.length) {
      message += ` ${t("read_warnings", { warnings: read.warnings.join("; ") })}`;
    }
    tell(message);
  } catch (error) {
    status(failure(error), true);
  }
}

async function downloadYaml() {
  const { doc } = toDocument();
  if (!doc.objectives.length) return status(L.need_objective, true);
  try {
    download(await toYaml(doc), "okrs.yaml");
  } catch (error) {
    status(failure(error), true);
  }
}

export function setupDraft() {
  const form = document.getElementById("draft-form");
  form.addEventListener("input", edit); // text, selects and date pickers alike
  form.addEventListener("click", act);
  form.addEventListener("submit", (event) => event.preventDefault());
  document.getElementById("add-objective").addEventListener("click", () => {
    draft.objectives.push(emptyObjective());
    changed(`o${draft.objectives.length - 1}-title`);
  });
  const file = document.getElementById("draft-file");
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (chosen) await openText(await chosen.arrayBuffer(), chosen.name);
    file.value = ""; // picking the same file again reloads it
  });
  document.getElementById("draft-paste-use").addEventListener("click", () => {
    const text = document.getElementById("draft-paste").value;
    if (text.trim()) openText(text, "pasted");
  });
  document.getElementById("draft-download").addEventListener("click", downloadYaml);
  document.getElementById("draft-new").addEventListener("click", () => {
    if (!window.confirm(L.confirm_new)) return;
    draft = emptyDraft();
    changed("o0-title");
  });
  document.addEventListener("okr-coach:key", () => schedule());
  renderForm();
  schedule(0);
}
