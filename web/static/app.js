// Haberci pages: keyboard shortcuts. Everything works without this file.
// "/" focuses the search box, j/k move between hits, Enter opens the
// current one, "?" lists the shortcuts.
(function () {
  "use strict";
  var dialog = document.getElementById("shortcuts");
  var opener = document.querySelector("[data-shortcuts]");
  if (opener && dialog && dialog.showModal) {
    opener.hidden = false;
    opener.addEventListener("click", function () { dialog.showModal(); });
  }
  // Wide screens have room for the filters: show them open.
  var filters = document.querySelector("[data-filters]");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 701px)").matches) filters.open = true;

  var current = -1;
  function hits() { return document.querySelectorAll("[data-hit]"); }
  function move(by) {
    var all = hits();
    if (!all.length) return;
    if (current >= 0 && current < all.length) all[current].classList.remove("current");
    current = Math.max(0, Math.min(all.length - 1, current + by));
    var hit = all[current];
    hit.classList.add("current");
    var link = hit.querySelector("a");
    if (link) link.focus();
    hit.scrollIntoView({ block: "nearest" });
  }
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (dialog && dialog.open) return;
    switch (e.key) {
      case "/":
        var q = document.getElementById("q");
        if (q) { e.preventDefault(); q.focus(); q.select(); }
        break;
      case "j": e.preventDefault(); move(1); break;
      case "k": e.preventDefault(); move(-1); break;
      case "?":
        if (dialog && dialog.showModal) { e.preventDefault(); dialog.showModal(); }
        break;
    }
  });
})();
