// The course's search language for lunr, used at index time (Node.js,
// build-search-index.js) and at query time (the browser, site.js):
// - words are runs of letters, digits and underscores, so that
//   "SGD(momentum: 0.9)" holds the word "momentum" and "naïve" stays whole
//   (lunr's own tokenizer splits only at spaces and hyphens, and its trimmer
//   would cut "naïve" to "na");
// - lunr's English stop words are left out, except "he": the course names
//   He initialization;
// - British and American spellings meet in one (American) form before
//   stemming, so "initialisation" finds "initialization" and "color" finds
//   "colour"; lunr stores this step in the index's pipeline by name.
//
// Node.js: require("search-language.js").register(lunr)
// Browser: window.LessonsSearchLanguage.register(lunr), once per page.
(function (root) {
  "use strict";

  // Whole words that no suffix rule below covers.
  var words = {
    centre: "center", centres: "centers", centred: "centered", centring: "centering",
    metre: "meter", metres: "meters", litre: "liter", litres: "liters",
    fibre: "fiber", fibres: "fibers", calibre: "caliber", theatre: "theater",
    analogue: "analog", analogues: "analogs", catalogue: "catalog", catalogues: "catalogs",
    dialogue: "dialog", dialogues: "dialogs",
    defence: "defense", offence: "offense", licence: "license", pretence: "pretense",
    grey: "gray", programme: "program", programmes: "programs",
    artefact: "artifact", artefacts: "artifacts", judgement: "judgment", judgements: "judgments",
    mould: "mold", moulds: "molds", sceptical: "skeptical", whilst: "while", amongst: "among",
  };
  // Stems spelt "-our" in British English and "-or" in American, with
  // whatever follows them (colours, behavioural, favourite).
  var ourStems = [
    "armour", "behaviour", "candour", "clamour", "colour", "endeavour", "favour", "flavour", "harbour", "honour",
    "humour", "labour", "neighbour", "odour", "parlour", "rigour", "rumour", "saviour", "savour", "splendour",
    "tumour", "valour", "vapour", "vigour",
  ];
  // -ise/-isation → -ize/-ization and -yse → -yze, after a stem of three or
  // more letters (so "rise" and "wise" stay; a word changed needlessly, such
  // as "precise", changes at both ends and still matches).
  var suffixes = /^([a-z]{3,})is(ation|ations|e|es|ed|ing|er|ers|able)$|^([a-z]{2,})ys(e|es|ed|ing|er|ers)$/;

  /** The American spelling of a lowercase word (the word itself when it has none). */
  function americanSpelling(word) {
    if (Object.prototype.hasOwnProperty.call(words, word)) return words[word];
    for (var i = 0; i < ourStems.length; i++) {
      if (word.lastIndexOf(ourStems[i], 0) === 0) return ourStems[i].slice(0, -2) + "r" + word.slice(ourStems[i].length);
    }
    return word.replace(suffixes, function (whole, stem, ending, yStem, yEnding) {
      return stem ? stem + "iz" + ending : yStem + "yz" + yEnding;
    });
  }

  /**
   * Makes lunr split words as above and registers the stop word and
   * spelling steps; returns the steps for documents and queries alike
   * (call once).
   */
  function register(lunr) {
    lunr.tokenizer.separator = /[^\p{L}\p{N}_]+/u;
    var stopWords = function (token) { return token.toString() === "he" ? token : lunr.stopWordFilter(token); };
    var spelling = function (token) { return token.update(americanSpelling); };
    lunr.Pipeline.registerFunction(stopWords, "lessonsStopWords");
    lunr.Pipeline.registerFunction(spelling, "lessonsSpelling");
    return [stopWords, spelling, lunr.stemmer];
  }

  var language = {
    americanSpelling: americanSpelling,
    register: register,
    /** A word, as the tokenizer sees it (for finding words to highlight). */
    word: /[\p{L}\p{N}_]+/gu,
  };
  if (typeof module === "object" && module.exports) module.exports = language;
  else root.LessonsSearchLanguage = language;
})(this);
