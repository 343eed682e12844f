// Review page: clicking an extracted item highlights the sentence it came from in
// the document text (elements carry data-span="start,end"; the text is cut into
// <span class="seg" data-s data-e> pieces at every span boundary).
(function () {
  "use strict";

  function highlight(start, end, taskId) {
    var doc = document.getElementById("doctext");
    if (!doc) { return; }
    doc.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    doc.querySelectorAll(".hl-task").forEach(function (el) { el.classList.remove("hl-task"); });
    var first = null;
    doc.querySelectorAll(".seg").forEach(function (seg) {
      var s = parseInt(seg.dataset.s, 10), e = parseInt(seg.dataset.e, 10);
      if (s >= start && e <= end && e > s) {
        seg.classList.add("hl");
        if (!first) { first = seg; }
      }
    });
    if (taskId) {
      var box = document.getElementById("src-task-" + taskId);
      if (box) { box.classList.add("hl-task"); }
    }
    if (first) {
      // Scroll the text pane only, so the plan column stays where the user is.
      var top = first.offsetTop - doc.offsetTop - doc.clientHeight / 3;
      doc.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("a, button, input, select, textarea, label, form")) { return; }
    var item = event.target.closest("[data-span]");
    if (!item) { return; }
    var parts = item.dataset.span.split(",");
    var start = parseInt(parts[0], 10), end = parseInt(parts[1], 10);
    if (isNaN(start) || isNaN(end)) { return; }
    var card = item.closest(".task-card");
    document.querySelectorAll(".task-card.active").forEach(function (el) { el.classList.remove("active"); });
    if (card) { card.classList.add("active"); }
    highlight(start, end, card ? card.dataset.task : null);
  });
})();
