import FlyingFox
import Foundation
import LessonModel
import LessonRunner
import Site

/// Runs and saves the cells edited on notebook pages
/// (`POST /__lessons/notebook/run` and `…/save`).
///
/// A run of cell k compiles and runs cells 0…k of the lesson's Markdown
/// with the page's edits put in (``CellEdits``), through the same
/// ``Runner`` as `lessons check` (isolation, time limits, output budgets)
/// and the course's result cache: the lesson's own entry answers a run of
/// the whole lesson as written, and a passing run is stored as the
/// lesson's `notebook` variant (an entry of its own, so that experiments do
/// not push the lesson's result out). A lesson has one run at a time: a new
/// run cancels the one before (killing its compiler or program) and starts
/// once it has stopped.
///
/// Like a Jupyter kernel, each open lesson has a ``LessonKernel``, started
/// when its page is opened: a run of edited cells starts from the kernel's
/// state before the first edited cell (compiling and running only the
/// cells from there on) whenever that means the same as running the whole
/// program, which the runner does otherwise. After a run whose cells before
/// the last differ from the kernel's, a new kernel starts from the edited
/// lesson, so that the next run starts late again. The kernels of the
/// ``kernelLimit`` lessons used last are kept.
///
/// A save writes the edits into the lesson file, atomically, if the file
/// is still the version the page loaded.
actor NotebookService {
  /// The latest build's course: the lessons that may be run and saved.
  let state: PreviewState
  /// Compiles and runs lessons.
  let runner: Runner
  /// The course's result cache, or `nil` with `--no-cache`.
  let cache: LessonCache?
  /// Code and charts already rendered.
  let renderCache: RenderCache
  /// The latest run of each lesson, by path.
  private var runs: [String: Task<HTTPResponse, Never>] = [:]
  /// The compile ahead of a run in progress for each lesson, by path, with
  /// the request it compiles; the task's value is the kernel whose library
  /// of edited cells it compiled, or `nil` when it compiled the whole
  /// program.
  private var prepares: [String: (request: CellsRequest, task: Task<LessonKernel?, Never>)] = [:]
  /// The kernels, by lesson path, the one used last at the end.
  private var kernels: [(path: String, slot: KernelSlot)] = []

  /// How many lessons keep a kernel.
  static let kernelLimit = 3

  /// A lesson's kernel, the one starting to replace it, and the lesson a
  /// kernel should start from once that one is ready.
  private struct KernelSlot {
    var ready: LessonKernel?
    /// The kernel `ready` replaced, kept until the next one replaces it, so
    /// that a run compiled ahead against it still finds it.
    var replaced: LessonKernel?
    var starting: (lesson: Lesson, task: Task<Void, Never>)?
    var next: (lesson: Lesson, folder: URL)?
    /// The cells of the last lesson a kernel could not start from (its
    /// program does not compile), which are not tried again.
    var failed: [Cell]?
  }

  /// A service for the course `state` publishes.
  init(state: PreviewState, runner: Runner, cache: LessonCache?, renderCache: RenderCache) {
    self.state = state
    self.runner = runner
    self.cache = cache
    self.renderCache = renderCache
  }

  /// Answers a request under ``NotebookGuard/actionPrefix`` (the guard has
  /// let it through).
  func handle(_ request: HTTPRequest) async -> HTTPResponse {
    let body: Data
    do {
      body = try await request.bodyData
    } catch {
      return Self.reply(.badRequest, ErrorReply(error: "the request has no readable body"))
    }
    let action = String(request.path.dropFirst(NotebookGuard.actionPrefix.count))
    if action == "kernel" {
      guard let lesson = (try? JSONDecoder().decode([String: String].self, from: body))?["lesson"] else {
        return Self.reply(.badRequest, ErrorReply(error: "a kernel request needs JSON {lesson}"))
      }
      return Self.reply(.ok, KernelReply(state: kernelState(lesson)))
    }
    guard ["run", "prepare", "save"].contains(action) else {
      return Self.reply(.notFound, ErrorReply(error: "no such notebook action: \(request.path)"))
    }
    guard let cells = try? JSONDecoder().decode(CellsRequest.self, from: body) else {
      return Self.reply(.badRequest, ErrorReply(error: "a \(action) needs JSON {lesson, digest, edits\(action == "save" ? "" : ", cell")}"))
    }
    guard action != "save" else { return await save(cells) }
    guard let last = cells.cell else { return Self.reply(.badRequest, ErrorReply(error: "a \(action) needs the last cell to run")) }
    return action == "run" ? await start(cells, through: last) : prepare(cells, through: last)
  }

  /// Cancels the lesson's running run, and runs `request` through cell
  /// `last` once it has stopped. A compile of the same program ahead of
  /// the run is waited for, and the run takes the same way (from the
  /// kernel or whole); one of another program is cancelled.
  private func start(_ request: CellsRequest, through last: Int) async -> HTTPResponse {
    let previous = runs[request.lesson]
    previous?.cancel()
    let compiling = prepares.removeValue(forKey: request.lesson)
    if compiling?.request != request { compiling?.task.cancel() }
    let prepared = compiling?.request == request ? compiling?.task : nil
    let task = Task { [state] in
      _ = await previous?.value
      let kernel = if let prepared { await prepared.value } else { self.readyKernel(request.lesson) }
      guard !Task.isCancelled else { return Self.cancelled }
      return await self.run(request, through: last, course: await state.course, kernel: kernel)
    }
    runs[request.lesson] = task
    let response = await task.value
    if runs[request.lesson] == task { runs[request.lesson] = nil }
    return response
  }

  /// Starts compiling the program of `request` through cell `last` (what
  /// Run would run), replacing the lesson's compile in progress, and
  /// answers at once: the page asks for it when an edit pauses, so that
  /// Run finds the program compiled.
  private func prepare(_ request: CellsRequest, through last: Int) -> HTTPResponse {
    prepares[request.lesson]?.task.cancel()
    let kernel = readyKernel(request.lesson)
    let task = Task { [state] () -> LessonKernel? in
      guard case .success(let edited) = self.editedLesson(request, through: last, course: await state.course) else { return nil }
      if let kernel, (try? await self.runner.precompile(edited.lesson, kernel: kernel)) == true { return kernel }
      try? await self.runner.precompile(edited.lesson)
      return nil
    }
    prepares[request.lesson] = (request, task)
    return Self.reply(.accepted, ["compiling": true])
  }

  /// Starts the kernel of the lesson at `path` (as its file reads now)
  /// unless it has one: its page was opened.
  func opened(_ path: String) async {
    guard !kernels.contains(where: { $0.path == path }),
      let file = await state.course?.lessons.first(where: { $0.lesson.path == path })
    else { return }
    startKernel(file.lesson, lessonDirectory: file.url.deletingLastPathComponent())
  }

  /// Starts a kernel for `lesson`, to replace the lesson's kernel once it
  /// is ready; while another is starting, it starts after that one (so a
  /// kernel always gets ready, however often runs ask for a new one).
  private func startKernel(_ lesson: Lesson, lessonDirectory: URL) {
    var slot = useKernel(lesson.path) ?? KernelSlot()
    defer { keep(slot, for: lesson.path) }
    // Nothing to do when the kernel (or the one starting) is of this lesson.
    let live = slot.ready?.isAlive == true ? slot.ready : nil
    if slot.starting?.lesson.cells ?? live?.lesson.cells == lesson.cells || slot.failed == lesson.cells { return }
    guard slot.starting == nil else {
      slot.next = (lesson, lessonDirectory)
      return
    }
    slot.starting = (lesson, Task { [runner] in
      let kernel = try? await runner.startKernel(lesson, lessonDirectory: lessonDirectory)
      self.install(kernel, for: lesson.path)
    })
  }

  /// Puts the lesson's slot back as the one used last, and shuts the
  /// kernels down of the lessons beyond ``kernelLimit``.
  private func keep(_ slot: KernelSlot, for path: String) {
    kernels.append((path, slot))
    for evicted in kernels.dropLast(Self.kernelLimit) {
      evicted.slot.starting?.task.cancel()
      evicted.slot.ready?.shutdown()
      evicted.slot.replaced?.shutdown()
    }
    kernels = Array(kernels.suffix(Self.kernelLimit))
  }

  /// Makes a kernel that finished starting the lesson's kernel (unless the
  /// lesson was evicted meanwhile), then starts the next one asked for.
  private func install(_ kernel: LessonKernel?, for path: String) {
    guard let index = kernels.firstIndex(where: { $0.path == path }), !Task.isCancelled else {
      kernel?.shutdown()
      return
    }
    let tried = kernels[index].slot.starting?.lesson.cells
    kernels[index].slot.starting = nil
    kernels[index].slot.failed = kernel == nil ? tried : nil
    if let kernel {
      kernels[index].slot.replaced?.shutdown()
      kernels[index].slot.replaced = kernels[index].slot.ready
      kernels[index].slot.ready = kernel
    }
    if let next = kernels[index].slot.next {
      kernels[index].slot.next = nil
      startKernel(next.lesson, lessonDirectory: next.folder)
    }
  }

  /// Removes the lesson's kernel slot from the list, to be appended again
  /// as the one used last; `nil` when it has none.
  private func useKernel(_ path: String) -> KernelSlot? {
    guard let index = kernels.firstIndex(where: { $0.path == path }) else { return nil }
    return kernels.remove(at: index).slot
  }

  /// `ready` when the lesson has a kernel, `starting` when one is
  /// starting, else `none`.
  private func kernelState(_ path: String) -> String {
    guard let slot = kernels.first(where: { $0.path == path })?.slot else { return "none" }
    if slot.ready?.isAlive == true { return "ready" }
    return slot.starting == nil ? "none" : "starting"
  }

  /// The lesson's ready kernel, marked as used last.
  private func readyKernel(_ path: String) -> LessonKernel? {
    guard let slot = useKernel(path) else { return nil }
    kernels.append((path, slot))
    return slot.ready?.isAlive == true ? slot.ready : nil
  }

  /// After a run of `lesson` (cut through its last cell) that did not start
  /// at its last cell, starts a kernel from the edited lesson `whole`, so
  /// that the next run of a later cell need not recompile and rerun the
  /// edited cells before it.
  private func refreshKernel(after result: LessonResult, of lesson: Lesson, whole: Lesson, lessonDirectory: URL) {
    guard !result.fromCache, let last = lesson.cells.last(where: \.runs)?.index, result.resumedFromCell != last,
      result.compiled
    else { return }
    startKernel(whole, lessonDirectory: lessonDirectory)
  }

  /// The answer to a run that a newer one cancelled.
  private static let cancelled = reply(.conflict, ErrorReply(error: "cancelled: a newer run of this lesson started"))

  /// Runs cells 0…`last` of the lesson with the page's edits and renders
  /// them.
  private nonisolated func run(_ request: CellsRequest, through last: Int, course: Course?, kernel: LessonKernel?)
    async -> HTTPResponse
  {
    let edited: EditedLesson
    switch editedLesson(request, through: last, course: course) {
    case .success(let found): edited = found
    case .failure(let refusal): return refusal.response
    }
    let (file, lesson) = (edited.file, edited.lesson)
    let folder = file.url.deletingLastPathComponent()
    var asWritten = lesson
    asWritten.variant = nil
    let result: LessonResult
    if let cached = cache?.result(for: asWritten) ?? cache?.result(for: lesson) {
      result = cached
    } else {
      var run = await runner.run(lesson, lessonDirectory: folder, kernel: kernel)
      guard !Task.isCancelled else { return Self.cancelled }
      if kernel == nil { run.wholeRunReason = "the lesson's kernel is not ready" }
      result = run
      try? cache?.store(result, for: lesson)
      await refreshKernel(after: result, of: lesson, whole: edited.whole, lessonDirectory: folder)
    }
    let sections = CellSections.html(of: lesson, result: result, config: course?.config ?? CourseConfig(), memo: renderCache)
    return Self.reply(.ok, RunReply(lesson: lesson, result: result, sections: sections))
  }

  /// A lesson file with a request's edits.
  private struct EditedLesson {
    /// The course's file.
    var file: LessonFile
    /// The whole lesson with the edits.
    var whole: Lesson
    /// The lesson the request runs: cells 0…last of `whole`.
    var lesson: Lesson
  }

  /// The lesson a run of `request` runs: its file's cells 0…`last`, with
  /// the request's edits.
  private nonisolated func editedLesson(_ request: CellsRequest, through last: Int, course: Course?)
    -> Result<EditedLesson, Refusal>
  {
    do {
      let (file, current) = try open(request.lesson, digest: request.digest, course: course)
      guard current.cells.indices.contains(last) else {
        return .failure(Refusal(Self.reply(.badRequest, ErrorReply(error: "the lesson has no cell \(last + 1)"))))
      }
      let source = try Self.edits(request.edits.filter { $0.cell <= last }).apply(to: current) {
        NotebookPage.editableRegions(of: $0, in: current, edition: course?.config.edition ?? .instructor)
      }
      var lesson = LessonParser.parse(source: source, path: current.path)
      lesson.sharedSources = file.lesson.sharedSources
      return .success(EditedLesson(file: file, whole: lesson, lesson: Self.prefix(of: lesson, through: last)))
    } catch let refusal as Refusal {
      return .failure(refusal)
    } catch let error as CellEditError {
      return .failure(Refusal(Self.reply(.unprocessableContent, ErrorReply(error: error.message, cell: error.cell))))
    } catch {
      return .failure(Refusal(Self.reply(.internalServerError, ErrorReply(error: "\(error)"))))
    }
  }

  /// Writes the page's edits into the lesson file.
  private func save(_ request: CellsRequest) async -> HTTPResponse {
    let course = await state.course
    do {
      let (file, current) = try open(request.lesson, digest: request.digest, course: course)
      let source = try Self.edits(request.edits).apply(to: current) {
        NotebookPage.editableRegions(of: $0, in: current, edition: course?.config.edition ?? .instructor)
      }
      let data = Data(source.utf8)
      try LessonFileWriter.replace(file.url, with: data, ifDigestIs: request.digest)
      return Self.reply(.ok, SaveReply(digest: CellEdits.digest(of: data)))
    } catch let refusal as Refusal {
      return refusal.response
    } catch let error as CellEditError {
      return Self.reply(.unprocessableContent, ErrorReply(error: error.message, cell: error.cell))
    } catch is LessonFileWriter.ChangedOnDisk {
      return Self.changedOnDisk(request.lesson)
    } catch {
      return Self.reply(.internalServerError, ErrorReply(error: "the lesson was not saved: \(error)"))
    }
  }

  /// The edits of a request, the last one winning for a cell named twice.
  /// An editor's text has no newline after its last line; cell code has.
  private static func edits(_ cells: [EditedCell]) -> CellEdits {
    CellEdits(Dictionary(cells.map { ($0.cell, $0.code.isEmpty ? "" : $0.code + "\n") }, uniquingKeysWith: { _, last in last }))
  }

  /// A request's lesson: the course's file (never a path the request
  /// makes up) and the lesson as the file reads now, when the file is
  /// still the version with `digest`.
  private nonisolated func open(_ path: String, digest: String, course: Course?) throws(Refusal) -> (LessonFile, Lesson) {
    guard let file = course?.lessons.first(where: { $0.lesson.path == path }) else {
      throw Refusal(Self.reply(.notFound, ErrorReply(error: "\(path) is not a lesson of this course")))
    }
    guard let data = try? Data(contentsOf: file.url) else {
      throw Refusal(Self.reply(.notFound, ErrorReply(error: "\(path) cannot be read")))
    }
    guard CellEdits.digest(of: data) == digest else { throw Refusal(Self.changedOnDisk(path)) }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw Refusal(Self.reply(.unprocessableContent, ErrorReply(error: "\(path) is not valid UTF-8; fix it in an editor")))
    }
    return (file, LessonParser.parse(source: text, path: file.lesson.path))
  }

  /// A request refused with `response`.
  private struct Refusal: Error {
    let response: HTTPResponse
    /// A refusal answered with `response`.
    init(_ response: HTTPResponse) { self.response = response }
  }

  /// The answer when the file on disk is not the version the page loaded.
  private static func changedOnDisk(_ path: String) -> HTTPResponse {
    reply(.conflict, ErrorReply(
      error: "\(path) changed on disk since this page loaded; reload the page (your edits are kept) and try again",
      changedOnDisk: true))
  }

  /// `lesson` cut after cell `last`, as the lesson's `notebook` variant:
  /// the cells after it, the inline expressions evaluated after them, the
  /// exercises in them and the problems found in them are left out, so
  /// that the program runs cells 0…`last`.
  static func prefix(of lesson: Lesson, through last: Int) -> Lesson {
    var cut = lesson
    cut.variant = LessonVariant(name: "notebook", cachesFailures: false)
    cut.cells = Array(lesson.cells.prefix(last + 1))
    cut.exercises = lesson.exercises.filter { $0.cell <= last }
    cut.inlineExpressions = lesson.inlineExpressions.filter { ($0.afterCell ?? -1) < last + 1 }
    let end = lesson.cells.indices.contains(last + 1) ? lesson.cells[last + 1].fenceLine : Int.max
    cut.diagnostics = lesson.diagnostics.filter { $0.cell.map { $0 <= last } ?? ($0.line < end) }
    return cut
  }

  /// A JSON answer.
  static func reply(_ status: HTTPStatusCode, _ value: some Encodable) -> HTTPResponse {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return HTTPResponse(
      statusCode: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
      body: (try? encoder.encode(value)) ?? Data("{}".utf8))
  }
}
