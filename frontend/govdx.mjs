// govdx start-up script, loaded as a module from base.html (no inline scripts: the CSP forbids them).
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Re-initialise GOV.UK components inside content that htmx swaps in.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
});
