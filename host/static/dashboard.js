// crossdock dashboard: optional niceties on top of plain HTML forms, which work without this.
// A form being sent is marked busy (its buttons cannot be pressed twice), and the scroll
// position survives a switch's post-and-redirect back to the same page.
(function () {
  "use strict";
  var key = "crossdock.scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.scrollTo(0, parseInt(saved, 10) || 0);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("aria-busy", "true");
    if (form.method.toLowerCase() === "post") {
      sessionStorage.setItem(key, String(window.scrollY));
    }
  });
  // Coming back through the history shows the page as it was left: ready, not busy.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
    });
  });
})();
