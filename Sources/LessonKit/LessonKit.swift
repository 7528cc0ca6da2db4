// LessonKit: what a lesson's cells link against. It re-exports the training
// core and the chart model, and adds the notebook runtime: `show`, `table`,
// charts (`plot`, `histogram`, `scatter`, …), `expect`, and data files.
@_exported import CellProtocol
@_exported import TrainingCore
// Foundation too, so cells can call `log`, `sqrt`, `exp` and `String(format:)` without an import.
@_exported import Foundation
