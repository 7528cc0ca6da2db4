// lessons: applies the reader's colour theme before the page is drawn (no
// flash of the other one). The header's toggle (site.js) stores the choice.
(function () {
  "use strict";
  try {
    var theme = localStorage.getItem("lessons-theme");
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  } catch (error) { /* storage unavailable: follow the system */ }
})();
