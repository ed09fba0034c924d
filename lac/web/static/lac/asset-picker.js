// The connection and contribution asset picker. Without JavaScript it is a
// select with the assets under their neighbourhoods; here it becomes the GOV.UK
// accessible autocomplete (alphagov/accessible-autocomplete). What is typed is
// matched on the server by lac's one matcher, so "cafe" finds "Café", and the
// answers come back in the same order as the select: the person's
// neighbourhood first, each entry showing its neighbourhood, type and address.

const DEFAULT_HINT =
  "When results are available use up and down arrows to review and enter to select. " +
  "Touch device users, explore by touch or with swipe gestures.";

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function shown(result) {
  if (!result) return "";
  return typeof result === "string" ? result : `${result.name} (${result.place})`;
}

function suggestion(result) {
  if (typeof result === "string") return escapeHtml(result);
  return (
    `<span class="lac-picker__name">${escapeHtml(result.name)}</span>` +
    `<span class="lac-picker__detail">${escapeHtml(result.place)} · ${escapeHtml(result.detail)}</span>`
  );
}

function searcher(select) {
  const url = new URL(select.dataset.lacAssetPicker, window.location.href);
  let latest = 0;
  return (query, populate) => {
    latest += 1;
    const asked = latest;
    url.searchParams.set("q", query);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((body) => {
        if (asked === latest) populate(body.results);
      })
      .catch(() => populate([]));
  };
}

function enhance(select) {
  const hint = select.getAttribute("aria-describedby") || "";
  const hintText = hint
    .split(" ")
    .map((id) => document.getElementById(id))
    .filter(Boolean)
    .map((element) => element.textContent.trim())
    .join(". ");
  const chosen = select.value ? select.options[select.selectedIndex] : null;
  let confirmed = chosen ? chosen.textContent : "";
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: confirmed,
    source: searcher(select),
    minLength: 1,
    autoselect: false,
    confirmOnBlur: false,
    showNoOptionsFound: true,
    templates: { inputValue: shown, suggestion },
    onConfirm(result) {
      if (result && typeof result !== "string") {
        select.value = result.id;
        confirmed = shown(result);
      }
    },
    tNoResults: () => "Nothing matches. Try part of the name, the street or the postcode",
    tAssistiveHint: () => (hintText ? `${hintText}. ${DEFAULT_HINT}` : DEFAULT_HINT),
  });
  // Typing over a choice clears it, so what is saved is always what the box shows.
  const input = document.getElementById(select.id.replace(/-select$/, ""));
  input?.addEventListener("input", () => {
    if (input.value !== confirmed) select.value = "";
  });
}

if (window.accessibleAutocomplete) {
  document.querySelectorAll("select[data-lac-asset-picker]").forEach(enhance);
}
