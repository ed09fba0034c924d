// Start the GOV.UK Frontend components. Kept out of the page so the site
// needs no inline script (Content Security Policy).
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
