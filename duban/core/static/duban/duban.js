/* Page-wide behaviour (a file, not inline: the Content-Security-Policy allows
   scripts from this server only). When an htmx request is refused (e.g. 413,
   a body over the size limit), nothing is swapped — the form keeps what the
   user typed — and the server's message is shown above the page. */
(function () {
  "use strict";
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    var text = type.indexOf("text/plain") === 0 ? xhr.responseText : "";
    if (!text) text = document.body.dataset.requestFailed || "";
    var box = document.getElementById("request-error");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) box.hidden = true;
  });
})();
