// A form that sends a file and waits for the server (form[data-busy]): while it goes up, its button
// says so (data-busy: the words; Pico's spinner: aria-busy) and cannot be pressed twice, and its status
// line (data-busy-note: the line's id) shows. Back on the page from the next one (the browser's
// back-forward cache keeps the page as it was left), the form is ready again.
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  var button = form.querySelector("button[type=submit]"), label = button && button.textContent,
    note = form.dataset.busyNote && document.getElementById(form.dataset.busyNote);
  if (!button) return;
  function busy(on) {
    button.disabled = on;
    if (on) button.setAttribute("aria-busy", "true"); else button.removeAttribute("aria-busy");
    button.textContent = on ? form.dataset.busy : label;
    if (note) note.hidden = !on;
  }
  form.addEventListener("submit", function () { busy(true); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) busy(false); });
});
