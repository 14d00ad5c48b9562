// Shows a stored time in the reader's own time zone after the server's: <time class="local-time" datetime="…">.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("time.local-time").forEach(function (element) {
    var when = new Date(element.getAttribute("datetime"));
    if (isNaN(when)) return;
    element.textContent = " (" + when.toLocaleString(undefined, {
      day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    }) + " your time)";
  });
});
