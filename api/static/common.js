// What every view of the page shares: its words, calls to the service, the banner.

const readJson = (id) => JSON.parse(document.getElementById(id).textContent);

export const L = readJson("page-labels");
export const config = readJson("page-config");

// The key lives in sessionStorage: it goes when the tab closes, unlike the draft.
// Limitation: any script on this origin could read it; the CSP admits only ours.
const KEY_STORE = "okr-coach.key";

/** The label `name` with its {placeholders} filled from `values`. */
export function t(name, values = {}) {
  return L[name].replace(/\{(\w+)\}/g, (whole, key) =>
    key in values ? String(values[key]) : whole,
  );
}

/** A DOM element; strings become text nodes, so nothing is parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace the children of `el`; null and false stand for "nothing here". */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== false && c !== undefined));
}

export class ServiceError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  const all = { ...extra };
  const key = sessionStorage.getItem(KEY_STORE);
  if (config.keys && key) all.Authorization = `Bearer ${key}`;
  return all;
}

/** POST to the service; problem+json answers become a ServiceError. */
export async function post(path, body, { raw = false, signal, as = "json" } = {}) {
  const response = await fetch(path, {
    method: "POST",
    headers: headers({
      "Content-Type": raw ? "application/octet-stream" : "application/json",
    }),
    body: raw ? body : JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // Not problem+json (a proxy's page, say): the status says enough.
    }
    const detail = problem ? describeProblem(problem) : response.statusText;
    if (response.status === 401) showKeyProblem();
    throw new ServiceError(response.status, detail, problem);
  }
  return as === "text" ? response.text() : response.json();
}

function describeProblem(problem) {
  const fields = (problem.errors || [])
    .slice(0, 3)
    .map((e) => (e.line ? `line ${e.line}: ` : "") + `${e.path || "(document)"}: ${e.message}`);
  return fields.length ? fields.join("; ") : problem.detail || problem.title;
}

/** Read a file (or pasted text) on the server: any format becomes a document. */
export function readDocument(data, name) {
  return post(`/web/read?name=${encodeURIComponent(name)}`, data, { raw: true });
}

/** The page's language, for the service's `lang` parameter. */
export const lang = config.lang;

export function withLang(path) {
  return `${path}?lang=${encodeURIComponent(lang)}`;
}

/** Offer `text` as a file download. */
export function download(text, name, type = "application/yaml") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The document as YAML, written by the server the way the CLI reads it. */
export function toYaml(documentData) {
  return post("/web/yaml", documentData, { as: "text" });
}

/** Say in the banner how the last answer was made: rules only, a model, degraded. */
export function showMode(answer) {
  const banner = document.getElementById("banner");
  const modeLine = document.getElementById("banner-mode");
  const degraded = document.getElementById("banner-degraded");
  const notices = document.getElementById("banner-notices");
  // A degraded answer is rules-only, but the service still has its model: say both.
  const usesModel = answer.mode === "model" || Boolean(answer.degraded);
  banner.dataset.mode = answer.degraded ? "degraded" : answer.mode;
  banner.classList.toggle("model", usesModel);
  banner.classList.toggle("offline", !usesModel);
  banner.classList.toggle("is-degraded", Boolean(answer.degraded));
  modeLine.textContent = usesModel
    ? t("banner_model", { model: config.model || "?" })
    : t("banner_offline");
  degraded.hidden = !answer.degraded;
  fill(notices, (answer.notices || []).map((n) => h("li", {}, n)));
  notices.hidden = !(answer.notices || []).length;
}

/** Mark the key field wrong; focus stays put, the status line says why. */
export function showKeyProblem() {
  document.getElementById("api-key")?.setAttribute("aria-invalid", "true");
}

export function setupKey() {
  const input = document.getElementById("api-key");
  if (!input) return;
  input.value = sessionStorage.getItem(KEY_STORE) || "";
  input.addEventListener("input", () => {
    input.removeAttribute("aria-invalid");
    sessionStorage.setItem(KEY_STORE, input.value.trim());
    document.dispatchEvent(new CustomEvent("okr-coach:key"));
  });
}

/** A message for a failed call, in the page's words. */
export function failure(error) {
  if (error instanceof ServiceError) {
    if (error.status === 401) return t("key_rejected", { detail: error.message });
    return t("could_not_read", { detail: error.message });
  }
  return t("no_answer", { detail: error.message });
}

/** Findings as a list: severity, title, message, why and fix. */
export function findingList(findings) {
  if (!findings.length) return h("p", { class: "hint" }, L.no_findings);
  return h(
    "ul",
    { class: "findings" },
    findings.map((f) =>
      h(
        "li",
        { class: `finding sev-${f.severity}` },
        h(
          "p",
          { class: "finding-head" },
          h("span", { class: `sev sev-${f.severity}` }, L[f.severity] || f.severity),
          " ",
          h("strong", {}, f.title || f.type || f.code),
          f.code ? h("code", {}, f.code) : null,
        ),
        h("p", {}, f.message),
        f.why ? h("p", { class: "why" }, h("b", {}, `${L.why}: `), f.why) : null,
        f.fix ? h("p", { class: "fix" }, h("b", {}, `${L.fix}: `), f.fix) : null,
      ),
    ),
  );
}
