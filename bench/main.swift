// Throughput benchmarks for TrainingCore: training workloads W1–W3 and GEMM.
//
//   swift run -c release bench [--quick] [--runs N] [--workload W1|W2|W3|gemm|all[,...]]
//                              [--json FILE] [--digits PATH] [--gemm-threads 1,2]
//                              [--clock-mhz MHZ] [--isa sse2|avx2|avx512|neon]
//
// See bench/README.md for what is measured and how.

import Foundation
import TrainingCore

let usage = """
  usage: bench [options]
    --quick              smoke run: 1 run each, W1 20 epochs, W2 5, W3 10,000 samples, GEMM short
    --runs N             timed runs per workload / GEMM size (default 5)
    --workload LIST      W1, W2, W3, gemm or all; comma-separated (default all)
    --json FILE          also write machine-readable results to FILE
    --digits PATH        digits CSV (default Sources/LessonKit/Resources/digits.csv)
    --gemm-threads LIST  thread counts for GEMM (default 1,2)
    --gemm-sizes LIST    square GEMM sizes (default 64,256,1024)
    --clock-mhz MHZ      clock used for the peak FLOP/s (default: /proc/cpuinfo)
    --isa NAME           ISA the Swift code is compiled for (default sse2 on x86-64)
    --no-warmup          skip the untimed warm-up run
  """

struct Options {
  var quick = false
  var runs = 5
  var workloads: Set<String> = ["W1", "W2", "W3", "GEMM"]
  var jsonPath: String?
  var digitsPath: String?
  var gemmThreads = [1, 2]
  var gemmSizes = [64, 256, 1024]
  var clockMHz: Double?
  var isa: String?
  var warmUp = true
  var runsGiven = false
}

func parseOptions(_ arguments: [String]) throws -> Options {
  var o = Options()
  var i = 0
  func value() throws -> String {
    i += 1
    guard i < arguments.count else { throw BenchError.usage("missing value after \(arguments[i - 1])\n\(usage)") }
    return arguments[i]
  }
  func intList(_ s: String) throws -> [Int] {
    let list = s.split(separator: ",").compactMap { Int($0) }
    guard !list.isEmpty, list.allSatisfy({ $0 > 0 }) else { throw BenchError.usage("bad list: \(s)") }
    return list
  }
  while i < arguments.count {
    let arg = arguments[i]
    switch arg {
    case "--quick": o.quick = true
    case "--runs":
      guard let n = Int(try value()), n > 0 else { throw BenchError.usage("--runs needs a positive integer") }
      o.runs = n
      o.runsGiven = true
    case "--workload", "--workloads":
      var set = Set<String>()
      for w in try value().split(separator: ",").map({ $0.uppercased() }) {
        switch w {
        case "ALL": set.formUnion(["W1", "W2", "W3", "GEMM"])
        case "W1", "W2", "W3", "GEMM": set.insert(w)
        default: throw BenchError.usage("unknown workload \(w)\n\(usage)")
        }
      }
      o.workloads = set
    case "--json": o.jsonPath = try value()
    case "--digits": o.digitsPath = try value()
    case "--gemm-threads": o.gemmThreads = try intList(try value())
    case "--gemm-sizes": o.gemmSizes = try intList(try value())
    case "--clock-mhz":
      guard let mhz = Double(try value()), mhz > 0 else { throw BenchError.usage("--clock-mhz needs a number") }
      o.clockMHz = mhz
    case "--isa": o.isa = try value()
    case "--no-warmup": o.warmUp = false
    case "-h", "--help":
      print(usage)
      exit(0)
    default: throw BenchError.usage("unknown argument \(arg)\n\(usage)")
    }
    i += 1
  }
  if o.quick && !o.runsGiven { o.runs = 1 }
  if o.quick { o.warmUp = false }
  return o
}

/// The digits CSV: the given path, else Sources/LessonKit/Resources/digits.csv relative to the
/// working directory, else relative to this source file's package.
func digitsPath(_ given: String?) -> String {
  if let given { return given }
  let relative = "Sources/LessonKit/Resources/digits.csv"
  if FileManager.default.fileExists(atPath: relative) { return relative }
  let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  return package.appendingPathComponent(relative).path
}

func run() throws {
  let options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
  let machine = Machine.current(clockOverrideMHz: options.clockMHz, isa: options.isa)
  print("TrainingCore bench\(options.quick ? " (quick)" : "") — \(machine.modelName), \(machine.logicalCPUs) logical CPUs")
  print("runs: \(options.runs) (median, min–max)\(options.warmUp ? ", after one untimed warm-up" : "")")
  print("")

  var json: [String: Any] = [
    "impl": "swift", "quick": options.quick, "runs": options.runs, "machine": machine.json,
  ]

  // MARK: Training workloads
  var workloads = [Workload]()
  if options.workloads.contains("W1") { workloads.append(makeW1(quick: options.quick)) }
  if options.workloads.contains("W2") {
    workloads.append(try makeW2(quick: options.quick, digitsPath: digitsPath(options.digitsPath)))
  }
  if options.workloads.contains("W3") { workloads.append(makeW3(quick: options.quick)) }

  if !workloads.isEmpty {
    var results = [String: Any]()
    print("\(pad("workload", 4, right: false))  \(pad("samples/s (median)", 18))  \(pad("min–max", 21))  \(pad("s/run", 7))  \(pad("train acc", 9))  description")
    for w in workloads {
      let r = try measure(w, runs: options.runs, warmUp: options.warmUp)
      results[w.name] = r.json
      let range = "\(formatted(r.throughput.min))–\(formatted(r.throughput.max))"
      print(
        "\(pad(w.name, 8, right: false))  \(pad(formatted(r.throughput.median), 18))  \(pad(range, 21))  "
          + "\(pad(String(format: "%.3f", r.seconds.median), 7))  \(pad(String(format: "%.3f", r.finalAccuracy), 9))  "
          + "\(w.title), \(w.data.count) samples × \(w.epochs) epoch\(w.epochs == 1 ? "" : "s")")
      fflush(nil)
    }
    json["workloads"] = results
    print("")
  }

  // MARK: GEMM
  if options.workloads.contains("GEMM") {
    print("GEMM matmul(a, b, threads:), square n×n, float32; peak per core:")
    print("  \(machine.peakFormula.replacingOccurrences(of: "; best", with: "\n  best"))")
    print("  clock from \(machine.clockSource)")
    print("\(pad("n", 6))  \(pad("threads", 7))  \(pad("GFLOP/s", 8))  \(pad("min–max", 13))  \(pad("% ours-ISA peak", 15))  \(pad("% best peak", 11))")
    var rows = [[String: Any]]()
    for n in options.gemmSizes {
      for t in options.gemmThreads {
        let r = measureGemm(size: n, threads: t, runs: options.runs, minSeconds: options.quick ? 0.02 : 0.2)
        let cores = Double(min(t, machine.logicalCPUs))
        let ours = r.gflops.median / (machine.peakOursPerCore * cores) * 100
        let best = r.gflops.median / (machine.peakBestPerCore * cores) * 100
        var row = r.json
        row["pct_peak_ours_isa"] = ours
        row["pct_peak_best"] = best
        rows.append(row)
        print(
          "\(pad(String(n), 6))  \(pad(String(t), 7))  \(pad(String(format: "%.2f", r.gflops.median), 8))  "
            + "\(pad(String(format: "%.1f–%.1f", r.gflops.min, r.gflops.max), 13))  "
            + "\(pad(String(format: "%.1f%%", ours), 15))  \(pad(String(format: "%.1f%%", best), 11))")
        fflush(nil)
      }
    }
    json["gemm"] = rows
    print("")
  }

  if let path = options.jsonPath {
    let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
    print("wrote \(path)")
  }
}

do {
  try run()
} catch {
  FileHandle.standardError.write("bench: \(error)\n".data(using: .utf8)!)
  exit(1)
}
