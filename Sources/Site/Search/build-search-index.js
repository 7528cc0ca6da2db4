// Builds the course's lunr search index for `lessons` at build time (see
// SearchIndex.swift). Usage:
//   node build-search-index.js LUNR_JS SEARCH_LANGUAGE_JS DOCUMENTS_JSON > index.json
// DOCUMENTS_JSON: [{"title": "...", "heading": "...", "text": "...",
// "captions": [...], "claims": [...], "code": [...], ...}, ...]; a document's
// ref is its position in that array. Prints lunr's serialized index.
"use strict";
const { resolve } = require("path");
const lunr = require(resolve(process.argv[2]));
// The same steps for documents and queries: stop words, spelling, stemming.
const steps = require(resolve(process.argv[3])).register(lunr);
const documents = JSON.parse(require("fs").readFileSync(process.argv[4], "utf8"));
// The steps once per distinct word (the course says "the" thousands of
// times): indexing takes about a third less time.
const termOf = new Map(), stepsInOrder = new lunr.Pipeline();
stepsInOrder.add(...steps);
const indexTerm = function (token) {
  const word = token.toString();
  if (!termOf.has(word)) termOf.set(word, stepsInOrder.runString(word)[0]);
  const term = termOf.get(word);
  return term === undefined ? undefined : token.update(() => term);
};
lunr.Pipeline.registerFunction(indexTerm, "lessonsIndexTerm");
const joined = (name) => (document) => (document[name] || []).join(" ");

const index = lunr(function () {
  this.ref("ref");
  // Ranking: a lesson's title weighs most, then a section's heading, then
  // the terms a section defines (its **strong** words), then the lesson's
  // summary, then figure captions and claims (short, chosen words), then
  // prose, and least the names in the code. lunr scores each
  // field with BM25 and adds them up. BM25's length normalization is off
  // (b = 0): lunr averages a field's length over every document, and the
  // title and summary are on one document per lesson, so it would rank a
  // summary below any long paragraph; k1 still caps what repeating a word
  // earns (at most 2.2 times one mention).
  this.b(0);
  this.field("title", { boost: 16 });
  this.field("heading", { boost: 5 });
  this.field("terms", { boost: 6, extractor: joined("terms") });
  this.field("summary", { boost: 3 });
  this.field("captions", { boost: 1.5, extractor: joined("captions") });
  this.field("claims", { boost: 1.5, extractor: joined("claims") });
  this.field("text");
  this.field("code", { boost: 0.2, extractor: joined("code") });
  this.pipeline.reset();
  this.pipeline.add(indexTerm);
  this.searchPipeline.reset();
  this.searchPipeline.add(...steps);
  documents.forEach((document, position) => this.add(Object.assign({ ref: String(position) }, document)));
});
process.stdout.write(JSON.stringify(index));
