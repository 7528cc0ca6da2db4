import LessonsCLI

/// The `lessons` executable: parses the command line and runs the command
/// (`serve` is asynchronous, so the entry point is too).
@main
enum Entry {
  static func main() async {
    Lessons.prepareProcess()
    await Lessons.main()
  }
}
