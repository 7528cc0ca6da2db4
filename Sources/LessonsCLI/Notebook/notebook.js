// lessons notebook: the page side of `lessons notebook`. Every page: keeps
// the notebook's token (from the address it was opened with, which it then
// removes from the address bar) and asks before a live reload would throw
// away unsaved edits. A lesson page: every cell becomes a CodeMirror editor
// with Run (Shift+Enter), Run all above and Revert, and the page can Save
// the edited cells back to the lesson's Markdown (Ctrl+S).
(function () {
  "use strict";

  var tokenKey = "lessons-notebook-token:" + location.port;
  var stashPrefix = "lessons-notebook-stash:";

  // The token: from ?token= (then out of the address bar, so it is not
  // bookmarked, shared or sent as a referrer), else the one this browser
  // kept for this port. A new server has a new token: an old one is refused.
  function takeToken() {
    var params = new URLSearchParams(location.search);
    var token = params.get("token");
    if (token) {
      try { localStorage.setItem(tokenKey, token); } catch (error) { /* kept for this page only */ }
      params.delete("token");
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      return token;
    }
    try { return localStorage.getItem(tokenKey) || ""; } catch (error) { return ""; }
  }
  var token = takeToken();

  var dataElement = document.getElementById("lessons-notebook-data");
  var page = dataElement ? JSON.parse(dataElement.textContent) : null;
  var cells = [];        // one per cell of the lesson: {data, section, editor, base, …}
  var bar = null;        // the notebook bar at the bottom of the page
  var running = null;    // {controller, last} of this page's run in flight
  var reloadPending = null;
  var preparing = null;  // the timer of the next compile ahead of a run

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, title, onClick) {
    var node = el("button", "nb-button", label);
    node.type = "button";
    node.title = title;
    node.addEventListener("click", onClick);
    return node;
  }

  function dirtyCells() {
    return cells.filter(function (cell) { return cell.editor && cell.editor.getValue() !== cell.base; });
  }

  // -- Live reload: never throws edits away silently ----------------------

  // Called by the live-reload script when a newer build is published.
  window.lessonsBeforeReload = function (reload) {
    if (dirtyCells().length === 0) { reload(); return; }
    reloadPending = reload;
    say("The lesson was rebuilt (it changed on disk). Your unsaved edits of " + countCells(dirtyCells()) +
        " are still here.", "warning", [
      button("Reload, keeping my edits", "Reload the page and put your edits back into their cells", reloadKeeping),
      button("Reload and discard them", "Reload the page as the file is now", function () { cells = []; reload(); }),
    ]);
  };

  window.addEventListener("beforeunload", function (event) {
    if (dirtyCells().length > 0) { event.preventDefault(); event.returnValue = ""; }
  });

  // Keeps the edits for the next load of this lesson (this tab only), then reloads.
  function reloadKeeping() {
    var stash = {};
    dirtyCells().forEach(function (cell) { stash[cell.data.index] = { base: cell.base, code: cell.editor.getValue() }; });
    try { sessionStorage.setItem(stashPrefix + page.lesson, JSON.stringify(stash)); } catch (error) { return; }
    cells = [];
    (reloadPending || function () { location.reload(); })();
  }

  // Puts back the edits kept by reloadKeeping; a cell whose code also
  // changed on disk says so.
  function restoreStash() {
    var key = stashPrefix + page.lesson, stash = null;
    try { stash = JSON.parse(sessionStorage.getItem(key) || "null"); sessionStorage.removeItem(key); } catch (error) { return; }
    if (!stash) return;
    cells.forEach(function (cell) {
      var kept = stash[cell.data.index];
      if (!kept || !cell.editor || cell.data.readOnly) return;
      cell.editor.setValue(kept.code);
      if (kept.base !== cell.base) {
        showMessages(cell, [{ severity: "warning", message: "This cell also changed on disk: you see your version; Revert shows the file's." }]);
      }
    });
  }

  // -- The bar at the bottom of a lesson page -----------------------------

  function setUpBar() {
    bar = el("div", "nb-bar");
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Notebook");
    var title = el("strong", "nb-bar-title", "Notebook");
    var state = el("span", "nb-bar-state");
    var kernel = el("span", "nb-bar-kernel");
    var save = button("Save", "Write the edited cells into " + page.lesson + " (Ctrl+S)", saveAll);
    var message = el("div", "nb-bar-message");
    message.setAttribute("role", "status");
    bar.appendChild(title);
    bar.appendChild(state);
    bar.appendChild(kernel);
    bar.appendChild(save);
    bar.appendChild(message);
    bar.state = state;
    bar.kernel = kernel;
    bar.save = save;
    bar.message = message;
    document.body.appendChild(bar);
    document.body.classList.add("nb-page");
    updateBar();
    watchKernel();
  }

  // Shows the state of the lesson's kernel (started when the page opened:
  // the lesson run once, keeping its state before each cell, so that Run
  // compiles and runs only the cells from the first edited one on) until
  // it is ready.
  var kernelTexts = {
    starting: ["kernel starting…", "The lesson runs once to keep its state before each cell; until then, Run runs the whole lesson."],
    ready: ["kernel ready", "Run compiles and runs only the cells from the first edited one on, from the lesson's state before it."],
    none: ["no kernel", "The lesson as written does not compile or has no cell to run: Run runs the whole lesson."],
  };
  function watchKernel() {
    post("kernel", { lesson: page.lesson }).then(function (reply) {
      var shown = kernelTexts[reply.state];
      if (!shown) return;
      bar.kernel.textContent = shown[0];
      bar.kernel.title = shown[1];
      if (reply.state === "starting") setTimeout(watchKernel, 500);
    }).catch(function () {});
  }

  function countCells(list) {
    return list.length + (list.length === 1 ? " cell" : " cells");
  }

  function updateBar() {
    var dirty = dirtyCells();
    bar.state.textContent = dirty.length === 0 ? "no unsaved edits" : countCells(dirty) + " edited, not saved";
    bar.save.disabled = dirty.length === 0;
    cells.forEach(function (cell) {
      if (cell.box) cell.box.classList.toggle("nb-edited", cell.editor.getValue() !== cell.base);
    });
  }

  // Shows `text` in the bar (kind: "info", "warning" or "error"), with buttons.
  function say(text, kind, actions) {
    if (!bar) return;
    var message = bar.message;
    message.textContent = "";
    message.className = "nb-bar-message nb-" + (kind || "info");
    message.appendChild(el("span", "", text));
    (actions || []).forEach(function (action) { message.appendChild(action); });
  }

  // -- Cells ---------------------------------------------------------------

  function setUpCell(data) {
    var section = document.getElementById(data.anchor);
    var cell = { data: data, section: section, base: data.code, markers: [] };
    if (!section || !window.CodeMirror) return cell;
    var box = el("div", "nb-cell");
    var tools = el("div", "nb-tools");
    var label = el("span", "nb-label", "Cell " + (data.index + 1) + (data.runs ? "" : " · not run"));
    tools.appendChild(label);
    cell.runButton = button("▶ Run", "Run the lesson's cells up to this one with your edits (Shift+Enter)", function () { run(data.index); });
    var above = button("Run all above", "Run the cells before this one", function () { run(data.index - 1); });
    above.disabled = data.index === 0;
    var revert = button("Revert", "Put back this cell's code as the file has it", function () { revertCell(cell); });
    tools.appendChild(cell.runButton);
    tools.appendChild(above);
    tools.appendChild(revert);
    cell.status = el("span", "nb-status");
    cell.status.setAttribute("role", "status");
    tools.appendChild(cell.status);
    box.appendChild(tools);
    if (data.options.length) box.appendChild(el("pre", "nb-options", data.options.join("\n")));
    var holder = el("div", "nb-editor");
    box.appendChild(holder);
    cell.messages = el("ul", "nb-messages");
    box.appendChild(cell.messages);
    var code = section.querySelector(":scope > .cell-code");
    if (code) { section.replaceChild(box, code); } else { section.insertBefore(box, section.firstChild); }
    cell.box = box;
    cell.editor = CodeMirror(holder, {
      value: data.code, mode: "swift", theme: "lessons", lineNumbers: true, matchBrackets: true,
      autoCloseBrackets: true, indentUnit: 2, tabSize: 2, indentWithTabs: false, viewportMargin: Infinity, lineWrapping: true,
      gutters: ["nb-markers", "CodeMirror-linenumbers"], readOnly: data.readOnly ? true : false,
      screenReaderLabel: "Code of cell " + (data.index + 1),
      extraKeys: {
        "Shift-Enter": function () { run(data.index); },
        "Ctrl-S": saveAll, "Cmd-S": saveAll,
        Tab: function (editor) { editor.execCommand(editor.somethingSelected() ? "indentMore" : "insertSoftTab"); },
      },
    });
    if (data.readOnly) {
      revert.disabled = true;
      showMessages(cell, [{ severity: "note", message: data.readOnly }]);
    }
    markFixedLines(cell);
    cell.editor.on("changes", function () {
      updateBar();
      schedulePrepare(data.index);
    });
    return cell;
  }

  // Lines outside the cell's editable regions cannot be changed; a cell
  // without regions cannot be changed at all.
  function markFixedLines(cell) {
    var count = cell.data.code === "" ? 0 : cell.data.code.split("\n").length;
    var lines = cell.editor.lineCount(), start = 0, fixed = [];
    if (cell.data.regions.length === 0) { cell.editor.setOption("readOnly", true); return; }
    cell.data.regions.forEach(function (region) {
      if (region[0] > start) fixed.push([start, region[0]]);
      start = Math.max(start, region[1]);
    });
    if (start < count) fixed.push([start, count]);
    fixed.forEach(function (range) {
      var end = range[1] < lines ? { line: range[1], ch: 0 } : { line: lines - 1, ch: cell.editor.getLine(lines - 1).length };
      cell.editor.markText({ line: range[0], ch: 0 }, end,
        { readOnly: true, className: "nb-fixed", inclusiveLeft: range[0] === 0, inclusiveRight: range[1] >= lines });
    });
  }

  function revertCell(cell) {
    cell.editor.setValue(cell.base);
    clearMarkers(cell);
    updateBar();
  }

  function clearMarkers(cell) {
    cell.editor.clearGutter("nb-markers");
    cell.markers.forEach(function (line) { cell.editor.removeLineClass(line, "background"); });
    cell.markers = [];
    cell.messages.textContent = "";
  }

  // Lists messages under the editor; those with a line also get a gutter
  // marker and a line class in the editor.
  function showMessages(cell, markers) {
    markers.forEach(function (marker) {
      var item = el("li", "nb-message nb-" + marker.severity);
      item.textContent = (marker.line ? "line " + marker.line + ": " : "") + marker.severity + ": " + marker.message;
      cell.messages.appendChild(item);
      if (!marker.line || !cell.editor) return;
      var line = Math.min(marker.line, cell.editor.lineCount()) - 1;
      var sign = el("span", "nb-marker nb-" + marker.severity, marker.severity === "error" ? "●" : "▲");
      sign.title = marker.message;
      cell.editor.setGutterMarker(line, "nb-markers", sign);
      cell.editor.addLineClass(line, "background", "nb-line-" + marker.severity);
      cell.markers.push(line);
    });
  }

  // -- Talking to the server ----------------------------------------------

  function post(action, body, signal) {
    return fetch("/__lessons/notebook/" + action, {
      method: "POST", cache: "no-store", signal: signal,
      headers: { "Content-Type": "application/json", "X-Lessons-Token": token },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (reply) {
        reply.status = response.status;
        return reply;
      });
    });
  }

  function edits(last) {
    return dirtyCells().filter(function (cell) { return last === undefined || cell.data.index <= last; })
      .map(function (cell) { return { cell: cell.data.index, code: cell.editor.getValue() }; });
  }

  // Explains a refused request in the bar; true when there was one.
  function refused(reply) {
    if (reply.status === 403) {
      say("The server refused this page's token. Open the address `lessons notebook` printed (…/?token=…).", "error");
    } else if (reply.changedOnDisk) {
      say(reply.error, "warning", [button("Reload, keeping my edits", "Reload the page and put your edits back", reloadKeeping)]);
    } else if (reply.status !== 200) {
      say(reply.error || "The server answered " + reply.status + ".", "error");
    } else {
      return false;
    }
    return true;
  }

  // When an edit pauses, has the server compile what Run of that cell
  // would run, so that Run finds the program compiled.
  function schedulePrepare(index) {
    clearTimeout(preparing);
    preparing = setTimeout(function () {
      post("prepare", { lesson: page.lesson, digest: page.digest, cell: index, edits: edits(index) }).catch(function () {});
    }, 300);
  }

  // Runs cells 0…last with the page's edits and puts their new outputs in place.
  function run(last) {
    if (last < 0) return;
    clearTimeout(preparing);
    if (running) running.controller.abort();
    var controller = new AbortController();
    running = { controller: controller, last: last };
    var started = performance.now();
    cells.forEach(function (cell) {
      if (!cell.section) return;
      cell.section.classList.toggle("nb-running", cell.data.index <= last);
      if (cell.status && cell.data.index <= last) cell.status.textContent = cell.data.index === last ? "running…" : "";
    });
    say("Running cells 1–" + (last + 1) + "…", "info");
    post("run", { lesson: page.lesson, digest: page.digest, cell: last, edits: edits(last) }, controller.signal)
      .then(function (reply) {
        if (running && running.controller !== controller) return;
        running = null;
        cells.forEach(function (cell) { if (cell.section) cell.section.classList.remove("nb-running"); });
        if (cells[last] && cells[last].status) cells[last].status.textContent = "";
        if (reply.status === 409 && !reply.changedOnDisk) return;  // a newer run took over
        if (reply.status === 422 && reply.cell !== undefined && cells[reply.cell] && cells[reply.cell].messages) {
          clearMarkers(cells[reply.cell]);
          showMessages(cells[reply.cell], [{ severity: "error", message: reply.error }]);
        }
        if (refused(reply)) return;
        showResult(reply, last, (performance.now() - started) / 1000);
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        running = null;
        say("The run failed: " + error.message, "error");
      });
  }

  function showResult(reply, last, seconds) {
    reply.cells.forEach(function (outcome) {
      var cell = cells[outcome.index];
      if (!cell || !cell.section) return;
      var fresh = document.createElement("template");
      fresh.innerHTML = outcome.html;
      var section = fresh.content.firstElementChild;
      var outputs = section && section.querySelector(":scope > .cell-outputs");
      var old = cell.section.querySelector(":scope > .cell-outputs");
      if (old) old.remove();
      if (outputs) cell.section.appendChild(outputs);
      cell.section.className = section ? section.className : cell.section.className;
      cell.section.classList.remove("nb-stale");
      if (cell.editor) {
        clearMarkers(cell);
        showMessages(cell, outcome.markers);
      }
    });
    cells.forEach(function (cell) {
      if (cell.section && cell.data.index > last) cell.section.classList.add("nb-stale");
    });
    var failed = reply.cells.filter(function (outcome) { return outcome.status === "failed"; }).length;
    var how = reply.fromCache ? "from the cache" : "compiled in " + reply.compileSeconds.toFixed(1) + " s, ran in " + reply.runSeconds.toFixed(1) + " s" +
      (reply.resumedFromCell > 0 ? ", from the kernel's state before cell " + (reply.resumedFromCell + 1) : "") +
      (reply.wholeRunReason ? ", the whole lesson: " + reply.wholeRunReason : "");
    var text = "Ran cells 1–" + (last + 1) + " in " + seconds.toFixed(1) + " s (" + how + ")" +
      (failed ? "; " + countCells(reply.cells.filter(function (o) { return o.status === "failed"; })) + " failed" : "") +
      (reply.problems.length ? ". " + reply.problems.join(" · ") : ".");
    say(text, failed || reply.problems.length ? "error" : "info");
    watchKernel();  // a run with earlier cells edited starts a new kernel
  }

  function saveAll() {
    var changed = edits();
    if (changed.length === 0) return;
    say("Saving…", "info");
    post("save", { lesson: page.lesson, digest: page.digest, edits: changed }).then(function (reply) {
      if (reply.status === 422 && reply.cell !== undefined && cells[reply.cell] && cells[reply.cell].messages) {
        showMessages(cells[reply.cell], [{ severity: "error", message: reply.error }]);
      }
      if (refused(reply)) return;
      page.digest = reply.digest;
      changed.forEach(function (edit) { cells[edit.cell].base = edit.code; });
      updateBar();
      say("Saved " + countCells(changed) + " to " + page.lesson + ".", "info");
    }).catch(function (error) { say("The save failed: " + error.message, "error"); });
  }

  if (page) {
    cells = page.cells.map(setUpCell);
    setUpBar();
    restoreStash();
    updateBar();
  }
})();
