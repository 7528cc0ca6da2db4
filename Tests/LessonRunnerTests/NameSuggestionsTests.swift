import Testing

@testable import LessonRunner

@Suite("Did-you-mean suggestions for misspelled names")
struct NameSuggestionsTests {
  let suggestions = NameSuggestions(names: ["histogram", "Histogram", "plot", "scatter", "Sequential", "spiral", "fit"])

  @Test func theNearestNameWins() {
    #expect(suggestions.closest(to: "histogran") == "histogram")  // matching case beats "Histogram"
    #expect(suggestions.closest(to: "Histogran") == "Histogram")
    #expect(suggestions.closest(to: "sequential") == "Sequential")
    #expect(suggestions.closest(to: "plto") == nil)  // a swap is two edits: too far for four letters
    #expect(suggestions.closest(to: "lot") == "plot")
    #expect(suggestions.closest(to: "banana") == nil)
  }

  @Test func onlyUnknownNameErrorsAreAnnotated() {
    #expect(suggestions.annotate("cannot find 'scater' in scope") == "cannot find 'scater' in scope; did you mean 'scatter'?")
    #expect(suggestions.annotate("value of type 'Sequential' has no member 'fitt'")
      == "value of type 'Sequential' has no member 'fitt'; did you mean 'fit'?")
    #expect(suggestions.annotate("cannot find type 'Sequentail' in scope") == "cannot find type 'Sequentail' in scope; did you mean 'Sequential'?")
    #expect(suggestions.annotate("cannot convert value of type 'Int' to 'Float'") == "cannot convert value of type 'Int' to 'Float'")
    #expect(suggestions.annotate("cannot find 'spirl' in scope; did you mean 'spiral'?") == "cannot find 'spirl' in scope; did you mean 'spiral'?")
  }

  @Test func foreignArgumentLabelsGetThisLibrarysSpelling() {
    #expect(ForeignLabels.annotate("extra argument 'lr' in call") == "extra argument 'lr' in call; the learning rate is 'learningRate:'")
    #expect(ForeignLabels.annotate("extraneous argument label 'in_features:' in call")
      == "extraneous argument label 'in_features:' in call; Dense takes its sizes without labels: Dense(inputs, outputs)")
    #expect(ForeignLabels.annotate("extra argument 'momentum' in call").hasSuffix("Adam-style optimizers use 'beta1:' (default 0.9)"))
    // Labels nobody brings from elsewhere, and other messages, stay as they are.
    #expect(ForeignLabels.annotate("extra argument 'banana' in call") == "extra argument 'banana' in call")
    #expect(ForeignLabels.annotate("cannot find 'lr' in scope") == "cannot find 'lr' in scope")
  }
}
