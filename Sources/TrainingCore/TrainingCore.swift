// TrainingCore: a small, deterministic neural-network training library.
//
// Layout: Tensor/ (storage, arithmetic, the deterministic GEMM), Random/ (the
// seeded generator), Layers/ (forward + backward per layer, initializers,
// Sequential), Losses/, Optimization/ (optimizers, schedules, regularizers),
// Preprocessing/, Data/ (synthetic sets, the UCI digits), Training/ (fit,
// history, diagnostics). Sources/TrainingCore/README.md explains the design.
