// The GOV.UK timeout warning. A few minutes before the inactivity sign-out a
// modal asks "Stay signed in?"; opening it sends what is typed on any
// recording form (form[data-lac-draft]) to the server as a draft, so nothing
// is lost if the person has walked away. When time runs out the page goes to
// the sign-in page, which brings them back here with their draft restored.
// A static file: the Content Security Policy forbids inline scripts.

// The words are the server's, in the page's language: each unit once for each plural
// form, picked with the browser's plural rules for the page's lang (Welsh counts in
// six forms: "1 munud", "2 funud", "3 munud"). See lac/web/countdown.py.

const dialog = document.getElementById("lac-timeout");

function counted(forms, count) {
  const rules = new Intl.PluralRules(document.documentElement.lang || "en");
  const words = JSON.parse(forms);
  return (words[rules.select(count)] ?? words.other).replace("{n}", String(count));
}

function describe(left) {
  if (left >= 60) {
    return counted(dialog.dataset.minuteWords, Math.ceil(left / 60));
  }
  return counted(dialog.dataset.secondWords, left);
}

function start() {
  const seconds = Number(dialog.dataset.seconds);
  const warning = Number(dialog.dataset.warning);
  const token = dialog.querySelector("[name=csrfmiddlewaretoken]").value;
  const countdown = dialog.querySelector("[data-lac-countdown]");
  const announce = dialog.querySelector("[data-lac-announce]");
  let deadline = 0;
  let timers = [];

  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": token },
    }).catch(() => undefined);

  function keepDrafts() {
    for (const form of document.querySelectorAll("form[data-lac-draft]")) {
      const body = new FormData(form);
      body.set("lac_draft_path", new URL(form.action).pathname);
      post(dialog.dataset.draft, body);
    }
  }

  function update() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = describe(left);
    // Screen readers hear the time when the dialog opens and every 30 seconds,
    // not every second.
    if (left % 30 === 0 || !announce.textContent) {
      announce.textContent = dialog.dataset.announce.replace("{n}", describe(left));
    }
  }

  function warn() {
    keepDrafts();
    announce.textContent = "";
    update();
    timers.push(setInterval(update, 1000));
    dialog.showModal();
  }

  function signOut() {
    const here = location.pathname + location.search;
    location.assign(`${dialog.dataset.timedOut}?next=${encodeURIComponent(here)}`);
  }

  function schedule() {
    timers.forEach(clearTimeout);
    deadline = Date.now() + seconds * 1000;
    timers = [
      setTimeout(warn, Math.max(0, seconds - warning) * 1000),
      setTimeout(signOut, seconds * 1000),
    ];
  }

  function stay() {
    post(dialog.dataset.keepAlive, new FormData());
    if (dialog.open) dialog.close();
    schedule();
  }

  dialog.querySelector("[data-lac-stay]").addEventListener("click", stay);
  // Escape closes a modal dialog; here it means "stay signed in", as in GOV.UK.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  // Every htmx request is activity the server has seen.
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
}

if (dialog && typeof dialog.showModal === "function") {
  start();
}
