// lessons: progressive enhancement only. Pages read fully without it.
(function () {
  "use strict";

  // Search over the prebuilt index (assets/search-index.js).
  function setUpSearch() {
    var input = document.getElementById("search-input");
    var list = document.querySelector(".search-results");
    var index = window.LESSONS_SEARCH_INDEX || [];
    if (!input || !list) return;
    function escapeHTML(text) {
      return text.replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }
    function update() {
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.innerHTML = "";
      if (terms.length === 0) { list.hidden = true; return; }
      var hits = [];
      index.forEach(function (entry) {
        var haystack = (entry.heading + " " + entry.text).toLowerCase();
        if (!terms.every(function (t) { return haystack.indexOf(t) >= 0; })) return;
        var score = terms.reduce(function (s, t) { return s + (entry.heading.toLowerCase().indexOf(t) >= 0 ? 3 : 1); }, 0);
        hits.push({ entry: entry, score: score });
      });
      hits.sort(function (a, b) { return b.score - a.score; });
      hits.slice(0, 12).forEach(function (hit) {
        var e = hit.entry;
        var at = e.text.toLowerCase().indexOf(terms[0]);
        var snippet = at < 0 ? e.text.slice(0, 90) : e.text.slice(Math.max(0, at - 40), at + 60);
        var item = document.createElement("li");
        item.innerHTML = '<a href="' + escapeHTML(e.url) + '"><strong>' + escapeHTML(e.heading) +
          '</strong> <span class="result-lesson">' + escapeHTML(e.lesson) + '</span><br>' + escapeHTML(snippet) + "…</a>";
        list.appendChild(item);
      });
      if (hits.length === 0) list.innerHTML = "<li>No matches.</li>";
      list.hidden = false;
    }
    input.addEventListener("input", update);
    input.form.addEventListener("submit", function (event) { event.preventDefault(); var first = list.querySelector("a"); if (first) window.location.href = first.href; });
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && document.activeElement !== input) { event.preventDefault(); input.focus(); }
      if (event.key === "Escape") { list.hidden = true; }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { input.value = query; update(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
  });
})();
