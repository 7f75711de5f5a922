// Vredvakt's only script of its own. The Content-Security-Policy allows no
// inline scripts or event handlers, so behaviour lives here.
"use strict";

// A button with data-print prints the page (the night list, a cabinet checklist).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (button) {
    window.print();
  }
});

// Polling (hx-trigger="every …") is not someone using the page: it must not keep
// a shared phone signed in (vredvakt/accounts/idle.py).
document.addEventListener("htmx:configRequest", (event) => {
  const trigger = event.detail.elt.getAttribute("hx-trigger") || "";
  if (/^\s*every\s/.test(trigger)) {
    event.detail.headers["X-Vredvakt-Background"] = "1";
  }
});

// The report form's client list is replaced by each search (cases/report.html). A
// client tapped while a search is on its way stays chosen when the new list comes,
// and stays listed if the search does not find them: the list changes, the care
// worker's choice does not.
let chosenClient = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const list = event.detail.target;
  const chosen = list.id === "client-options" ? list.querySelector("input[name=client]:checked") : null;
  chosenClient = chosen ? chosen.closest("label") : null;
});
document.addEventListener("htmx:afterSwap", () => {
  const list = document.getElementById("client-options");
  if (!chosenClient || !list) {
    return;
  }
  const value = chosenClient.querySelector("input").value;
  const listed = list.querySelector(`input[name=client][value="${CSS.escape(value)}"]`);
  if (listed) {
    listed.checked = true;
  } else {
    list.querySelector("legend").after(chosenClient);
    chosenClient.querySelector("input").checked = true;
  }
  chosenClient = null;
});

// A part of a page that refreshes itself (hx-trigger="every …") keeps what the
// person set on it: the keys ticked on a cabinet checklist, an outage's cases
// opened on the desk. Such elements carry data-keep, a name the same in every
// refresh; their state is read before the swap and set again after it.
let keptStates = new Map();
document.addEventListener("htmx:beforeSwap", (event) => {
  keptStates = new Map();
  for (const element of event.detail.target.querySelectorAll("[data-keep]")) {
    keptStates.set(element.dataset.keep, element instanceof HTMLDetailsElement ? element.open : element.checked);
  }
});
document.addEventListener("htmx:afterSwap", () => {
  for (const [name, state] of keptStates) {
    const element = document.querySelector(`[data-keep="${CSS.escape(name)}"]`);
    if (element instanceof HTMLDetailsElement) {
      element.open = state;
    } else if (element) {
      element.checked = state;
    }
  }
  keptStates = new Map();
});

// The keyboard focus stays too: a coordinator tabbing through the desk's buttons
// is not sent back to the top of the page by each refresh. The focused element is
// found again by what names it for good (its id, its form's address and its own
// name, a link's address, a kept <details>' summary), never by its position, which
// after a refresh may be another case's button; if that finds no single element
// (the case is gone), nothing gets the focus instead.
let focusedSelector = null;
function lastingSelector(element) {
  if (element.id) {
    return `#${CSS.escape(element.id)}`;
  }
  const action = element.form ? element.form.getAttribute("action") : null;
  if (action) {
    const name = element.name ? `[name="${CSS.escape(element.name)}"]` : "";
    return `form[action="${CSS.escape(action)}"] ${element.localName}${name}`;
  }
  if (element.matches("a[href]")) {
    return `a[href="${CSS.escape(element.getAttribute("href"))}"]`;
  }
  const kept = element.matches("summary") ? element.closest("details[data-keep]") : null;
  return kept ? `details[data-keep="${CSS.escape(kept.dataset.keep)}"] > summary` : null;
}
document.addEventListener("htmx:beforeSwap", (event) => {
  const focused = document.activeElement;
  const inside = focused && focused !== event.detail.target && event.detail.target.contains(focused);
  focusedSelector = inside ? lastingSelector(focused) : null;
});
document.addEventListener("htmx:afterSwap", () => {
  const found = focusedSelector ? document.querySelectorAll(focusedSelector) : [];
  if (found.length === 1) {
    found[0].focus({ preventScroll: true });
  }
  focusedSelector = null;
});
