// lessons: progressive enhancement only. Pages read fully without it.
(function () {
  "use strict";

  // Search: lunr over the index built with the site (assets/search-index.js
  // sets window.LESSONS_SEARCH; search-language.js gives lunr the word
  // splitting and spelling step the index was built with). The scripts load
  // when the box is first used, so a page that is only read does not load
  // the index. The box is a combobox with a listbox of results (the
  // WAI-ARIA 1.2 pattern): ↑/↓ choose, Enter opens, Escape closes, "/"
  // anywhere focuses the box, and index.html?q=… opens with a query's results.
  function setUpSearch() {
    var form = document.querySelector("form.search");
    var input = document.getElementById("search-input");
    var panel = form && form.querySelector(".search-panel");
    var list = document.getElementById("search-results");
    var empty = form && form.querySelector(".search-empty");
    var count = form && form.querySelector(".search-count");
    var status = document.getElementById("search-status");
    var siteScript = document.querySelector("script[src$='site.js']");
    if (!input || !panel || !list || !empty || !count || !status || !siteScript) return;
    var shown = 20;          // results listed; the count says how many matched
    var snippetLength = 160; // characters of text around the matches
    var data = null, language = null, index = null, waiting = null;
    var termOf = Object.create(null), active = -1;

    // Loads lunr, the language and the index (once), then calls `then`.
    function whenLoaded(then) {
      if (index) { then(); return; }
      if (waiting) { if (waiting.indexOf(then) < 0) waiting.push(then); return; }
      waiting = [then];
      var folder = siteScript.src.replace(/[^\/]*$/, "");
      ["lunr.min.js", "search-language.js", "search-index.js"].forEach(function (name, position, names) {
        var script = document.createElement("script");
        script.src = folder + name;
        script.async = false; // run in this order
        script.onerror = function () { showMessage("Search could not be loaded."); };
        if (position === names.length - 1) {
          script.onload = function () {
            data = window.LESSONS_SEARCH;
            language = window.LessonsSearchLanguage;
            language.register(lunr);
            index = lunr.Index.load(data.index);
            waiting.forEach(function (callback) { callback(); });
          };
        }
        document.head.appendChild(script);
      });
    }

    // The term the index holds for a word ("" for a stop word), memoized.
    function term(word) {
      var lower = word.toLowerCase();
      if (!(lower in termOf)) termOf[lower] = index.pipeline.runString(lower)[0] || "";
      return termOf[lower];
    }

    // The documents matching every word of the query, best first. The last
    // word may be unfinished: it also matches as a prefix ("initia" finds
    // "initialization"), and, when the index lacks its term, as the longest
    // term it begins with, up to four letters shorter ("normaliz" finds
    // the stem "normal").
    function search(query) {
      var words = lunr.tokenizer(query).map(function (token) { return token.toString(); });
      if (words.length === 0) return [];
      var last = words[words.length - 1];
      var lastTerms = [term(last)];
      for (var length = last.length; !index.invertedIndex[term(last)] && length >= Math.max(3, last.length - 4); length--) {
        if (index.invertedIndex[last.slice(0, length)]) { lastTerms.push(last.slice(0, length)); break; }
      }
      var results = index.query(function (q) {
        words.forEach(function (word) { if (term(word)) q.term(term(word), { usePipeline: false, boost: 10 }); });
        lastTerms.slice(1).forEach(function (t) { q.term(t, { usePipeline: false, boost: 3 }); });
        q.term(last, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      });
      return results.filter(function (result) {
        var matched = Object.keys(result.matchData.metadata);
        return words.every(function (word, position) {
          if (!term(word) || matched.indexOf(term(word)) >= 0) return true; // a stop word, or found
          return position === words.length - 1 && matched.some(function (t) {
            return lastTerms.indexOf(t) >= 0 || t.lastIndexOf(last, 0) === 0;
          });
        });
      });
    }

    // The words of `text` whose terms matched, as [start, end, term].
    function matchesIn(text, matched) {
      var found = [], pattern = new RegExp(language.word.source, "gu"), word;
      while ((word = pattern.exec(text))) {
        if (matched[term(word[0])]) found.push([word.index, word.index + word[0].length, term(word[0])]);
      }
      return found;
    }

    // How many different terms the matches within [from, from + length) hold.
    function termsWithin(ranges, from, length) {
      var terms = Object.create(null);
      ranges.forEach(function (range) { if (range[0] >= from && range[1] <= from + length) terms[range[2]] = true; });
      return Object.keys(terms).length;
    }

    // Appends `text` to `parent` with its matched words in <mark>.
    function appendMarked(parent, text, ranges, offset) {
      var at = 0;
      ranges.forEach(function (range) {
        var start = range[0] - offset, end = range[1] - offset;
        if (start < at || end > text.length) return;
        parent.appendChild(document.createTextNode(text.slice(at, start)));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(start, end);
        parent.appendChild(mark);
        at = end;
      });
      parent.appendChild(document.createTextNode(text.slice(at)));
    }

    // The snippet of a result: of its parts (prose, the summary, captions,
    // claims, the names in its code), the stretch of text that holds the
    // most different matched words, the earliest of equals (so the prose's
    // beginning when nothing matched there).
    function appendSnippet(parent, documentData, matched) {
      var parts = [["", documentData.text], ["", documentData.summary || ""]];
      documentData.captions.forEach(function (caption) { parts.push(["Figure: ", caption]); });
      documentData.claims.forEach(function (claim) { parts.push(["Claim: ", claim]); });
      if (documentData.code.length) parts.push(["Code: ", documentData.code.join(", ")]);
      var best = null;
      parts.forEach(function (part) {
        var text = part[1];
        if (!text) return;
        var ranges = matchesIn(text, matched), start = 0, terms = termsWithin(ranges, 0, snippetLength);
        ranges.forEach(function (range) {
          var from = Math.max(0, Math.min(range[0] - 40, text.length - snippetLength));
          if (termsWithin(ranges, from, snippetLength) > terms) {
            terms = termsWithin(ranges, from, snippetLength);
            start = from;
          }
        });
        if (!best || terms > best.terms) best = { label: part[0], text: text, ranges: ranges, start: start, terms: terms };
      });
      if (!best) return;
      var text = best.text, start = best.start, end = Math.min(text.length, start + snippetLength);
      if (start > 0) start = text.indexOf(" ", start) + 1 || start;
      if (end < text.length && text.lastIndexOf(" ", end) > start) end = text.lastIndexOf(" ", end);
      var snippet = document.createElement("span");
      snippet.className = "result-snippet";
      if (best.label) {
        var label = document.createElement("span");
        label.className = "result-kind";
        label.textContent = best.label;
        snippet.appendChild(label);
      }
      if (start > 0) snippet.appendChild(document.createTextNode("…"));
      appendMarked(snippet, text.slice(start, end), best.ranges, start);
      if (end < text.length) snippet.appendChild(document.createTextNode("…"));
      parent.appendChild(snippet);
    }

    // One result as an option of the listbox: its heading (or lesson),
    // its lesson, and its snippet, all text nodes with <mark>s.
    function option(result, position) {
      var documentData = data.documents[Number(result.ref)];
      var matched = result.matchData.metadata;
      var item = document.createElement("li");
      item.id = "search-result-" + position;
      item.className = "search-result";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = documentData.url;
      link.tabIndex = -1;
      var heading = document.createElement("span");
      heading.className = "result-heading";
      var title = documentData.heading || documentData.lesson;
      appendMarked(heading, title, matchesIn(title, matched), 0);
      link.appendChild(heading);
      if (documentData.heading) {
        var lesson = document.createElement("span");
        lesson.className = "result-lesson";
        lesson.textContent = documentData.lesson;
        link.appendChild(lesson);
      }
      appendSnippet(link, documentData, matched);
      item.appendChild(link);
      return item;
    }

    // Makes option `position` (-1: none) the active descendant.
    function setActive(position) {
      var options = list.querySelectorAll("[role=option]");
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = position;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        options[active].scrollIntoView({ block: "nearest" });
        input.setAttribute("aria-activedescendant", options[active].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // Shows or hides the results, saying so on the combobox.
    function open(isOpen) {
      panel.hidden = !isOpen;
      input.setAttribute("aria-expanded", String(isOpen));
      if (!isOpen) setActive(-1);
    }

    // Shows `message` in place of results.
    function showMessage(message) {
      list.textContent = "";
      setActive(-1);
      empty.hidden = false;
      empty.textContent = message;
      count.textContent = "";
      status.textContent = message;
      open(true);
    }

    // Searches for what the box holds and shows the results.
    function update() {
      var query = input.value.trim();
      if (!query) { list.textContent = ""; open(false); status.textContent = ""; return; }
      if (!index) { whenLoaded(update); return; }
      var results = search(query);
      if (results.length === 0) { showMessage("No matches for “" + query + "”."); return; }
      list.textContent = "";
      setActive(-1);
      results.slice(0, shown).forEach(function (result, position) { list.appendChild(option(result, position)); });
      empty.hidden = true;
      var counted = results.length === 1 ? "1 result" : results.length + " results";
      // The live region says what the list shows: "the best 20 of 25 results".
      count.textContent = results.length > shown ? "the best " + shown + " of " + counted : counted;
      status.textContent = count.textContent;
      open(true);
    }

    // Goes to the active result, or the best one when none is active.
    function openActive() {
      var options = list.querySelectorAll("[role=option] a");
      var link = options[active >= 0 ? active : 0];
      if (!link) return;
      open(false);
      window.location.href = link.href;
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", function () {
      if (input.value.trim() && panel.hidden) update();
      else whenLoaded(function () {});
    });
    input.addEventListener("keydown", function (event) {
      var total = list.querySelectorAll("[role=option]").length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (panel.hidden) { update(); return; }
        if (total === 0) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : total - 1) : (active + step + total) % total);
      } else if (event.key === "Enter") {
        event.preventDefault();
        openActive();
      } else if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        open(false);
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); openActive(); });
    list.addEventListener("click", function (event) { if (event.target.closest("a")) open(false); });
    // A press in the panel (a result, its scroll bar) keeps the focus in the box.
    panel.addEventListener("mousedown", function (event) { event.preventDefault(); });
    form.addEventListener("focusout", function (event) { if (!form.contains(event.relatedTarget)) open(false); });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
      update();
      input.focus();
    }
  }

  // A copy button on every code block (cells and the prose's code); an
  // exercise's code, split around its solutions, has one for all of it.
  function addCopyButtons() {
    document.querySelectorAll("pre > code").forEach(function (code) {
      if (code.closest(".exercise-code")) return;
      var pre = code.parentElement;
      var holder = pre.parentElement;
      if (!holder.classList.contains("cell-code")) {
        holder = document.createElement("div");
        holder.className = "code-block";
        pre.parentNode.insertBefore(holder, pre);
        holder.appendChild(pre);
      }
      addCopyButton(holder, function () { return code.textContent; });
    });
    document.querySelectorAll(".exercise-code").forEach(function (listing) {
      addCopyButton(listing.parentElement, function () {
        return Array.prototype.map.call(listing.querySelectorAll("code"), function (code) { return code.textContent; }).join("");
      });
    });
  }

  function addCopyButton(holder, text) {
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
      var value = text();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(copied, function () { copyBySelection(value); });
      } else {
        copyBySelection(value);
      }
    });
    holder.appendChild(button);
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

  // On a phone the lesson list folds into a menu button that names the
  // current lesson and opens the whole list.
  function setUpLessonMenu() {
    var nav = document.querySelector(".sidebar");
    var button = nav && nav.querySelector(".lesson-menu-toggle");
    if (!button) return;
    var current = nav.querySelector(".lesson-list .current a");
    if (current) button.textContent = current.textContent.replace(/\s+/g, " ").trim();
    button.setAttribute("aria-label", "Lessons: " + button.textContent + " (open the list)");
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    nav.classList.add("has-menu");
    button.hidden = false;
  }

  // On a phone the lesson list is one scrolling row: bring the current
  // lesson into view.
  function showCurrentLesson() {
    var current = document.querySelector(".lesson-list .current");
    var list = current && current.parentElement;
    if (!list || list.scrollWidth <= list.clientWidth) return;
    list.scrollLeft = current.offsetLeft - list.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
  }

  // The header's colour theme toggle: automatic (the system's), then the
  // other theme (so the first click changes the page), then the system's;
  // remembered (theme.js applies it before the next page is drawn).
  function setUpThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var systemDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    var themes = systemDark ? ["auto", "light", "dark"] : ["auto", "dark", "light"];
    var labels = { auto: "Theme: automatic", light: "Theme: light", dark: "Theme: dark" };
    var icons = { auto: "◐", light: "☀", dark: "☾" };
    function current() {
      var theme = document.documentElement.getAttribute("data-theme");
      return theme === "light" || theme === "dark" ? theme : "auto";
    }
    function show() {
      var theme = current();
      button.textContent = icons[theme];
      button.setAttribute("aria-label", labels[theme] + " (change)");
      button.title = labels[theme];
    }
    button.addEventListener("click", function () {
      var next = themes[(themes.indexOf(current()) + 1) % themes.length];
      if (next === "auto") document.documentElement.removeAttribute("data-theme");
      else document.documentElement.setAttribute("data-theme", next);
      try {
        if (next === "auto") localStorage.removeItem("lessons-theme"); else localStorage.setItem("lessons-theme", next);
      } catch (error) { /* not remembered, still applied */ }
      show();
    });
    show();
    button.hidden = false;
  }

  // Sliders (figures of many frames, e.g. every epoch of a run): the page
  // holds every frame, and shows the first, middle and last without this
  // script. Here the controls appear and one frame shows at a time: the
  // range input steps with the arrow keys, Page Up/Down, Home and End, and
  // the play button steps through the frames to the last and stops. Nothing
  // plays by itself; with reduced motion asked for, playing steps slower.
  function setUpSliders() {
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var interval = reduced ? 1500 : 700;
    document.querySelectorAll(".slider").forEach(function (slider) {
      var controls = slider.querySelector(".slider-controls");
      var range = slider.querySelector(".slider-range");
      var value = slider.querySelector(".slider-value");
      var play = slider.querySelector(".slider-play");
      var frames = slider.querySelectorAll(".slider-frames > .slider-frame");
      if (!controls || !range || !value || !play || frames.length === 0) return;
      var current = 0, timer = null;
      function show(index) {
        index = Math.max(0, Math.min(frames.length - 1, index));
        frames[current].classList.remove("slider-current");
        frames[index].classList.add("slider-current");
        current = index;
        range.value = String(index);
        value.textContent = frames[index].getAttribute("data-label");
        range.setAttribute("aria-valuetext", frames[index].getAttribute("data-valuetext"));
      }
      function stop() {
        if (timer !== null) clearInterval(timer);
        timer = null;
        play.classList.remove("playing");
        play.setAttribute("aria-label", "Play");
      }
      function start() {
        if (current >= frames.length - 1) show(0);
        play.classList.add("playing");
        play.setAttribute("aria-label", "Pause");
        timer = setInterval(function () {
          show(current + 1);
          if (current >= frames.length - 1) stop();
        }, interval);
      }
      range.addEventListener("input", function () { stop(); show(Number(range.value)); });
      play.addEventListener("click", function () { if (timer !== null) stop(); else start(); });
      controls.hidden = false;
      slider.classList.add("slider-ready");
      show(0);
    });
  }

  // Printing shows folded code and solutions too, and folds them again afterwards.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.cell-code-fold:not([open]), details.solution:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-print-opened");
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    setUpThemeToggle();
    addCopyButtons();
    followSections();
    setUpLessonMenu();
    showCurrentLesson();
    setUpSearch();
    setUpSliders();
  });
})();
