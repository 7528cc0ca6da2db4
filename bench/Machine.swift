import Foundation

/// What the benchmark knows about the CPU, read from `/proc/cpuinfo`, and the
/// float32 peaks derived from it.
///
/// Peak per core = clock × SIMD lanes (floats per vector for an instruction
/// set) × float ops per lane per cycle. The last factor depends on how many
/// vector multiply / add / FMA pipes the core has:
///
/// - AMD Zen (family 0x17 and later) has two FMUL/FMA pipes and two FADD pipes:
///   separate multiply + add sustain 2 mul + 2 add = 4 flops per lane per
///   cycle; FMA sustains 2 FMA = 4 flops per lane per cycle.
/// - Anything else (Intel since Haswell, and the unknown case) is modelled as
///   two FMA-capable ports that also run plain mul and add: 2 flops per lane
///   per cycle without FMA, 4 with FMA.
///
/// Zen 4 (family 0x19) runs AVX-512 as two 256-bit halves, so its AVX-512
/// peak counts 8 effective lanes; Zen 5 (family 0x1A) has full 512-bit pipes.
struct Machine {
  var modelName = "unknown"
  var vendor = "unknown"
  var family = -1
  var model = -1
  var flags: Set<String> = []
  var cpuMHz: Double = .nan
  var logicalCPUs = ProcessInfo.processInfo.activeProcessorCount
  /// The clock used for the peaks (MHz) and where it came from.
  var clockMHz: Double = .nan
  var clockSource = "unknown"
  /// The instruction set the Swift kernels are compiled for.
  var isa = "sse2"

  static func current(clockOverrideMHz: Double?, isa: String?) -> Machine {
    var m = Machine()
    #if arch(x86_64)
      m.isa = "sse2"  // Swift's default x86-64 target: baseline, no -mavx.
    #elseif arch(arm64)
      m.isa = "neon"
    #else
      m.isa = "scalar"
    #endif
    if let isa { m.isa = isa }
    if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
      // The first processor block is enough: all cores are alike here.
      for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else {
          if line.trimmingCharacters(in: .whitespaces).isEmpty, m.family >= 0 { break }
          continue
        }
        switch parts[0] {
        case "model name": m.modelName = parts[1]
        case "vendor_id": m.vendor = parts[1]
        case "cpu family": m.family = Int(parts[1]) ?? -1
        case "model": m.model = Int(parts[1]) ?? -1
        case "flags", "Features": m.flags = Set(parts[1].split(separator: " ").map(String.init))
        case "cpu MHz": m.cpuMHz = Double(parts[1]) ?? .nan
        default: break
        }
      }
    }
    if let clockOverrideMHz {
      m.clockMHz = clockOverrideMHz
      m.clockSource = "measured (dependent integer-add chain, bench/peers/clock_probe.c)"
    } else if let maxKHz = try? String(
      contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", encoding: .utf8),
      let khz = Double(maxKHz.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      m.clockMHz = khz / 1000
      m.clockSource = "cpufreq cpuinfo_max_freq"
    } else {
      m.clockMHz = m.cpuMHz
      m.clockSource = "/proc/cpuinfo cpu MHz"
    }
    return m
  }

  var isZen: Bool { vendor == "AuthenticAMD" && family >= 0x17 }

  /// Floats per vector for an instruction set.
  func lanes(_ isa: String) -> Int {
    switch isa {
    case "sse2", "sse4", "neon": return 4
    case "avx", "avx2", "avx2-fma": return 8
    case "avx512":
      // Zen 4 double-pumps 512-bit ops through 256-bit pipes.
      return (vendor == "AuthenticAMD" && family == 0x19) ? 8 : 16
    default: return 1
    }
  }

  /// Float ops per lane per cycle with separate multiply and add.
  var opsPerLaneMulAdd: Int { isZen ? 4 : 2 }
  /// Float ops per lane per cycle with fused multiply-add.
  var opsPerLaneFMA: Int { 4 }

  /// The best vector instruction set the CPU has for float FMA.
  var bestISA: String {
    if flags.contains("avx512f") { return "avx512" }
    if flags.contains("avx2") && flags.contains("fma") { return "avx2-fma" }
    if flags.contains("avx") { return "avx" }
    if flags.contains("asimd") { return "neon" }
    return "sse2"
  }

  /// Peak GFLOP/s per core for the ISA our kernels use, separate mul + add.
  var peakOursPerCore: Double { clockMHz / 1000 * Double(lanes(isa) * opsPerLaneMulAdd) }
  /// Peak GFLOP/s per core for the machine's best ISA with FMA.
  var peakBestPerCore: Double {
    let fma = bestISA == "avx512" || bestISA == "avx2-fma" || bestISA == "neon"
    return clockMHz / 1000 * Double(lanes(bestISA) * (fma ? opsPerLaneFMA : opsPerLaneMulAdd))
  }

  /// Peak GFLOP/s per core with AVX2 + FMA (8 lanes), the ISA OpenBLAS's
  /// "Haswell" kernels use; 0 when the CPU lacks it.
  var peakAVX2FMAPerCore: Double {
    guard flags.contains("avx2") && flags.contains("fma") else { return 0 }
    return clockMHz / 1000 * Double(8 * opsPerLaneFMA)
  }

  var peakFormula: String {
    let ghz = String(format: "%.3f", clockMHz / 1000)
    let fma = bestISA == "avx512" || bestISA == "avx2-fma" || bestISA == "neon"
    return """
      ours: \(ghz) GHz × \(lanes(isa)) lanes (\(isa)) × \(opsPerLaneMulAdd) flops/lane/cycle \
      (separate mul+add\(isZen ? ": 2 FMUL + 2 FADD pipes" : ": 2 ports")) = \(String(format: "%.1f", peakOursPerCore)) GFLOP/s/core; \
      best: \(ghz) GHz × \(lanes(bestISA)) lanes (\(bestISA)) × \(fma ? opsPerLaneFMA : opsPerLaneMulAdd) flops/lane/cycle \
      (\(fma ? "2 FMA pipes × 2" : "mul+add")) = \(String(format: "%.1f", peakBestPerCore)) GFLOP/s/core
      """
  }

  var json: [String: Any] {
    [
      "model_name": modelName, "vendor": vendor, "family": family, "model": model,
      "logical_cpus": logicalCPUs, "cpu_mhz": cpuMHz, "clock_mhz": clockMHz, "clock_source": clockSource,
      "isa": isa, "best_isa": bestISA, "lanes_isa": lanes(isa), "lanes_best": lanes(bestISA),
      "ops_per_lane_muladd": opsPerLaneMulAdd, "ops_per_lane_fma": opsPerLaneFMA,
      "peak_ours_gflops_per_core": peakOursPerCore, "peak_best_gflops_per_core": peakBestPerCore,
      "peak_avx2_fma_gflops_per_core": peakAVX2FMAPerCore,
      "peak_formula": peakFormula,
    ]
  }
}
