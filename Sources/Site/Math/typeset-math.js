// Typesets TeX with KaTeX for `lessons` at build time (see MathRenderer.swift).
// Usage: node typeset-math.js KATEX_JS FORMULAS_JSON > results.json
// Input: [{"tex": "...", "display": true}, ...]
// Output, one entry per formula: {"html": "...", "warnings": [...]} or
// {"error": "...", "offset": N} (offset in UTF-16 code units of the TeX, or null).
"use strict";
const katex = require(process.argv[2]);
const formulas = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
const results = formulas.map(({ tex, display }) => {
  const warnings = [];
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      output: "htmlAndMathml",
      // KaTeX's strict-mode complaints (LaTeX incompatibilities) become
      // warnings of `lessons check` instead of console noise.
      strict: (code, message) => { warnings.push(message); return "ignore"; },
      trust: false,
    });
    return { html, warnings };
  } catch (error) {
    if (error instanceof katex.ParseError) {
      // KaTeX's message repeats the TeX with combining underlines after
      // "at position N:"; the caller says where, so keep only the reason.
      const message = String(error.rawMessage || error.message)
        .replace(/^KaTeX parse error: /, "")
        .replace(/ at (position \d+|end of input): [\s\S]*$/, "");
      return { error: message, offset: typeof error.position === "number" ? error.position : null };
    }
    return { error: String(error && error.message || error), offset: null };
  }
});
process.stdout.write(JSON.stringify(results));
