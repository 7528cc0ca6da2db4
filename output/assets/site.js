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

  // A copy button on every code block (cells and the prose's code).
  function addCopyButtons() {
    document.querySelectorAll("pre > code").forEach(function (code) {
      var pre = code.parentElement;
      var holder = pre.parentElement;
      if (!holder.classList.contains("cell-code")) {
        holder = document.createElement("div");
        holder.className = "code-block";
        pre.parentNode.insertBefore(holder, pre);
        holder.appendChild(pre);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the code to the clipboard");
      function copied() {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }
      function copyBySelection(text) {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        try { if (document.execCommand("copy")) copied(); } catch (error) { /* nothing to copy with */ }
        document.body.removeChild(area);
      }
      button.addEventListener("click", function () {
        var text = code.textContent;
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(copied, function () { copyBySelection(text); });
        } else {
          copyBySelection(text);
        }
      });
      holder.appendChild(button);
    });
  }

  // "On this page" marks the section being read.
  function followSections() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".page-toc a[href^='#']"));
    if (links.length === 0 || !("IntersectionObserver" in window)) return;
    var headings = links.map(function (link) { return document.getElementById(decodeURIComponent(link.hash.slice(1))); });
    function mark() {
      // The last heading above the upper third of the window.
      var current = 0;
      headings.forEach(function (heading, index) {
        if (heading && heading.getBoundingClientRect().top < window.innerHeight / 3) current = index;
      });
      links.forEach(function (link, index) {
        if (index === current) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
      });
    }
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -66% 0px" });
    headings.forEach(function (heading) { if (heading) observer.observe(heading); });
    mark();
  }

  // On a phone the lesson list is one scrolling row: bring the current
  // lesson into view.
  function showCurrentLesson() {
    var current = document.querySelector(".lesson-list .current");
    var list = current && current.parentElement;
    if (!list || list.scrollWidth <= list.clientWidth) return;
    list.scrollLeft = current.offsetLeft - list.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    followSections();
    showCurrentLesson();
    setUpSearch();
  });
})();
