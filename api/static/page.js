// The page's frame: tabs (the ARIA tabs pattern), the language links, the API key.

import { setupAlignment } from "./alignment.js";
import { setupCascade } from "./cascade.js";
import { setupKey } from "./common.js";
import { setupDraft } from "./draft.js";

const TABS = ["draft", "cascade", "alignment"];

/** Show one view; its tab becomes the one Tab reaches in the tab list. */
export function selectTab(name, { focus = false } = {}) {
  for (const other of TABS) {
    const tab = document.getElementById(`tab-${other}`);
    const active = other === name;
    tab.setAttribute("aria-selected", String(active));
    tab.tabIndex = active ? 0 : -1;
    document.getElementById(`panel-${other}`).hidden = !active;
    if (active && focus) tab.focus();
  }
  history.replaceState(null, "", `#${name}`);
}

function setupTabs() {
  const list = document.querySelector("[role=tablist]");
  list.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) selectTab(tab.id.slice("tab-".length));
  });
  list.addEventListener("keydown", (event) => {
    const current = TABS.indexOf(document.activeElement.id.slice("tab-".length));
    if (current < 0) return;
    const moves = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: TABS.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key] + TABS.length) % TABS.length;
    selectTab(TABS[next], { focus: true });
  });
  const wanted = location.hash.slice(1);
  selectTab(TABS.includes(wanted) ? wanted : "draft");
}

function setupLanguageLinks() {
  // Switching language reloads the page; keep the view the reader is on.
  for (const link of document.querySelectorAll(".langs a")) {
    link.addEventListener("click", () => {
      link.href = link.href.split("#")[0] + location.hash;
    });
  }
}

setupKey();
setupTabs();
setupLanguageLinks();
setupDraft();
setupCascade(selectTab);
setupAlignment();
