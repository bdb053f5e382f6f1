// The job's page follows the job without reloading (a reload every 2 s would move a screen
// reader's reading point and the keyboard focus): every 2 s it reads the page again and puts the
// new status, progress bar and links in place; the status line is a live region (role="status").
// Without script the page refreshes itself (<noscript><meta http-equiv="refresh">).
(function () {
  "use strict";
  var DELAY = 2000;
  function update(doc) {
    var status = document.querySelector(".job-status"), next = doc.querySelector(".job-status");
    if (status && next && status.innerHTML !== next.innerHTML) {
      status.innerHTML = next.innerHTML;
      status.className = next.className;
    }
    var bar = document.querySelector("progress"), nextBar = doc.querySelector("progress");
    if (bar && nextBar) {
      if (nextBar.hasAttribute("value")) bar.setAttribute("value", nextBar.getAttribute("value"));
      bar.textContent = nextBar.textContent;
    }
    var rest = document.getElementById("job-rest"), nextRest = doc.getElementById("job-rest");
    if (rest && nextRest && rest.innerHTML !== nextRest.innerHTML) rest.innerHTML = nextRest.innerHTML;
    var live = doc.getElementById("job-live");
    return live && live.getAttribute("data-over") === "1";
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var over = update(new DOMParser().parseFromString(html, "text/html"));
        if (!over) window.setTimeout(poll, DELAY);
      })
      .catch(function () { window.setTimeout(poll, DELAY * 3); });
  }
  window.setTimeout(poll, DELAY);
})();
