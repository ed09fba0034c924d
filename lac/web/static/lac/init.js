// Start the GOV.UK Frontend components. Kept out of the page so the site
// needs no inline script (Content Security Policy).
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A passkey just added (django-otp-webauthn's event): show it in the list.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
