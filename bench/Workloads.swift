import Foundation
import TrainingCore

/// One training workload: how to make its data and model, and how to train.
///
/// Data generation and model construction happen outside the timed region;
/// only `fit` is timed (it includes the per-epoch shuffles, batch gathering,
/// forward, loss, backward, optimizer step and fit's own bookkeeping such as
/// train accuracy and gradient norms, because that is the real training loop).
struct Workload {
  let name: String
  let title: String
  let data: Dataset
  let epochs: Int
  let batchSize: Int
  let makeModel: () -> Sequential
  let train: (Sequential, Dataset, Int) throws -> History

  var samplesPerRun: Int { data.count * epochs }
}

/// The UCI 8×8 digits with features scaled from 0...16 to 0...1.
func loadDigits(path: String) throws -> Dataset {
  let raw = try Digits.load(contentsOf: URL(fileURLWithPath: path))
  return Dataset(inputs: raw.inputs / Float(Digits.maximumPixelValue), targets: raw.targets)
}

/// Random MNIST-shaped data: standard-normal features, uniform labels 0...9.
func mnistShaped(samples: Int, seed: UInt64) -> Dataset {
  var rng = RandomGenerator(seed: seed)
  let x = rng.normalTensor(rows: samples, cols: 784)
  let y = (0..<samples).map { _ in rng.integer(below: 10) }
  return Dataset(inputs: x, labels: y)
}

enum BenchError: Error, CustomStringConvertible {
  case usage(String)

  var description: String {
    switch self {
    case .usage(let s): return s
    }
  }
}

func makeW1(quick: Bool) -> Workload {
  Workload(
    name: "W1", title: "spiral 2-16-16-3, SGD+momentum, batch 32",
    data: SyntheticData.spiral(pointsPerClass: 300, classes: 3, noise: 0.2, seed: 1),
    epochs: quick ? 20 : 200, batchSize: 32,
    makeModel: {
      Sequential(seed: 1) {
        Dense(2, 16, init: .heNormal()); ReLU()
        Dense(16, 16, init: .heNormal()); ReLU()
        Dense(16, 3, init: .heNormal())
      }
    },
    train: { model, data, epochs in
      try model.fit(
        data, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9),
        epochs: epochs, batchSize: 32, shuffleSeed: 1)
    })
}

func makeW2(quick: Bool, digitsPath: String) throws -> Workload {
  Workload(
    name: "W2", title: "digits 64-128-64-10 BN+Dropout, Adam, batch 64",
    data: try loadDigits(path: digitsPath),
    epochs: quick ? 5 : 50, batchSize: 64,
    makeModel: {
      Sequential(seed: 1) {
        Dense(64, 128, init: .heNormal()); BatchNorm(128); ReLU(); Dropout(0.2)
        Dense(128, 64, init: .heNormal()); BatchNorm(64); ReLU(); Dropout(0.2)
        Dense(64, 10, init: .heNormal())
      }
    },
    train: { model, data, epochs in
      try model.fit(
        data, loss: .crossEntropy(), optimizer: Adam(learningRate: 1e-3),
        epochs: epochs, batchSize: 64, shuffleSeed: 1)
    })
}

func makeW3(quick: Bool) -> Workload {
  Workload(
    name: "W3", title: "mnist-shaped 784-256-256-10, Adam, batch 128",
    data: mnistShaped(samples: quick ? 10_000 : 60_000, seed: 1),
    epochs: 1, batchSize: 128,
    makeModel: {
      Sequential(seed: 1) {
        Dense(784, 256, init: .heNormal()); ReLU()
        Dense(256, 256, init: .heNormal()); ReLU()
        Dense(256, 10, init: .heNormal())
      }
    },
    train: { model, data, epochs in
      try model.fit(
        data, loss: .crossEntropy(), optimizer: Adam(learningRate: 1e-3),
        epochs: epochs, batchSize: 128, shuffleSeed: 1)
    })
}

struct WorkloadResult {
  let workload: Workload
  let throughput: Summary
  let seconds: Summary
  let finalLoss: Float
  let finalAccuracy: Float

  var json: [String: Any] {
    [
      "title": workload.title, "samples": workload.data.count, "epochs": workload.epochs,
      "batch_size": workload.batchSize, "samples_per_run": workload.samplesPerRun,
      "samples_per_s": throughput.json, "seconds": seconds.json,
      "final_train_loss": Double(finalLoss), "final_train_accuracy": Double(finalAccuracy),
    ]
  }
}

/// Trains a fresh model `runs` times (after one untimed warm-up over at most
/// two epochs unless `warmUp` is false) and times each `fit`.
func measure(_ w: Workload, runs: Int, warmUp: Bool) throws -> WorkloadResult {
  if warmUp {
    _ = try w.train(w.makeModel(), w.data, min(w.epochs, 2))
  }
  var rates = [Double]()
  var times = [Double]()
  var last = History()
  for _ in 0..<runs {
    let model = w.makeModel()
    var history = History()
    let t = try seconds { history = try w.train(model, w.data, w.epochs) }
    times.append(t)
    rates.append(Double(w.samplesPerRun) / t)
    last = history
  }
  return WorkloadResult(
    workload: w, throughput: Summary(values: rates), seconds: Summary(values: times),
    finalLoss: last.epochs.last?.trainLoss ?? .nan,
    finalAccuracy: last.epochs.last?.trainAccuracy ?? .nan)
}

// MARK: - GEMM

struct GemmResult {
  let size: Int
  let threads: Int
  let repeats: Int
  let gflops: Summary

  var json: [String: Any] {
    ["n": size, "threads": threads, "repeats": repeats, "gflops": gflops.json]
  }
}

/// GFLOP/s of `matmul(a, b, threads:)` for `n×n` matrices: each measurement
/// repeats the product enough times to take at least `minSeconds`.
func measureGemm(size n: Int, threads: Int, runs: Int, minSeconds: Double) -> GemmResult {
  var rng = RandomGenerator(seed: UInt64(n))
  let a = rng.normalTensor(rows: n, cols: n)
  let b = rng.normalTensor(rows: n, cols: n)
  var sink: Float = 0
  // Calibrate (also the warm-up): double the repeat count until one
  // measurement takes long enough.
  var repeats = 1
  while true {
    let t = seconds { for _ in 0..<repeats { sink += matmul(a, b, threads: threads).scalars[0] } }
    if t >= minSeconds { break }
    let factor = t > 0 ? min(max(2, Int((minSeconds / t * 1.2).rounded(.up))), 64) : 64
    repeats *= factor
  }
  var rates = [Double]()
  for _ in 0..<runs {
    let t = seconds { for _ in 0..<repeats { sink += matmul(a, b, threads: threads).scalars[0] } }
    rates.append(2 * Double(n) * Double(n) * Double(n) * Double(repeats) / t / 1e9)
  }
  if sink.isNaN { print("(unexpected NaN)") }
  return GemmResult(size: n, threads: threads, repeats: repeats, gflops: Summary(values: rates))
}
