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
