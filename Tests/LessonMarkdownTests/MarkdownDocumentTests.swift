import LessonMarkdown
import Testing

@Suite("cmark binding")
struct MarkdownDocumentTests {
  @Test func fencedBlockPositionsAndInfo() {
    let document = MarkdownDocument("# Title\n\nSome prose.\n\n```swift norun\nlet x = 1\nprint(x)\n```\n")
    let blocks = document.codeBlocks()
    #expect(blocks.count == 1)
    let block = blocks[0]
    #expect(block.info == "swift norun")
    #expect(block.language == "swift")
    #expect(block.code == "let x = 1\nprint(x)\n")
    #expect(block.fenceLine == 5 && block.firstCodeLine == 6)
    #expect(block.isFenced && block.isClosed)
  }

  @Test func tildeFencesIndentedFencesAndListsAndQuotes() {
    let markdown = """
      Intro.

      ~~~swift
      a()
      ~~~

        ```swift
        b()
        ```

      - item

        ```swift
        c()
        ```

      > ```swift
      > d()
      > ```

          indented()
      """
    let blocks = MarkdownDocument(markdown).codeBlocks()
    #expect(blocks.map(\.language) == ["swift", "swift", "swift", "swift", ""])
    #expect(blocks.map(\.code) == ["a()\n", "b()\n", "c()\n", "d()\n", "indented()\n"])
    #expect(blocks.map(\.firstCodeLine) == [4, 8, 14, 18, 21])
    #expect(blocks.map(\.column) == [1, 3, 3, 3, 5])
    #expect(blocks.map(\.isFenced) == [true, true, true, true, false])
    #expect(blocks.allSatisfy { $0.isClosed })
  }

  @Test func unclosedFenceIsReported() {
    let blocks = MarkdownDocument("```swift\nlet x = 1\n\nmore\n").codeBlocks()
    #expect(blocks.count == 1 && !blocks[0].isClosed)
    #expect(blocks[0].code == "let x = 1\n\nmore\n")
  }

  @Test func longerClosingFenceClosesAndShorterDoesNot() {
    #expect(MarkdownDocument("````swift\nx\n`````\n").codeBlocks()[0].isClosed)
    #expect(!MarkdownDocument("````swift\nx\n```\n").codeBlocks()[0].isClosed)
  }

  @Test func customBlocksRenderVerbatimWhileProseHTMLStaysOmitted() {
    let document = MarkdownDocument("<script>alert(1)</script>\n\n```swift\nx\n```\n")
    let block = document.codeBlocks()[0]
    document.replace(block.node, withHTML: "<div class=\"cell\">ok</div>")
    let html = document.renderHTML()
    #expect(html.contains("<div class=\"cell\">ok</div>"))
    #expect(!html.contains("<script>"))
    #expect(html.contains("raw HTML omitted"))
  }

  @Test func headingsAndPlainText() {
    let document = MarkdownDocument("## Loss *functions* and `code`\n")
    let heading = document.allNodes().first { $0.kind == .heading }!
    #expect(heading.headingLevel == 2)
    #expect(heading.plainText == "Loss functions and code")
    #expect(MarkdownDocument.cmarkVersion.hasPrefix("0."))
  }
}
