import TrainingCore

/// Central-difference gradient checking for layers.
///
/// The scalar objective is `L = Σ y ⊙ R` for a fixed random `R`, so `∂L/∂y = R`
/// and `backward(R)` must return `∂L/∂x`. Each input element and each parameter
/// element is perturbed by ±h and `(L₊ − L₋) / 2h` is compared with the analytic
/// value. Forward passes run in `Float`; the objective is summed in `Double`.
/// With h = 1e-2 the truncation error is O(h²) ≈ 1e-4 relative and the rounding
/// error about 1e-7·|L|/h, far below the tolerance, while a wrong formula is off
/// by O(1).
struct GradientCheck {
  var step: Float = 1e-2
  var relativeTolerance: Float = 2e-2
  var absoluteTolerance: Float = 2e-3

  /// The largest violation found: 0 when every element is within tolerance.
  struct Report {
    var worstExcess: Float = 0
    var worstName = ""
    var checked = 0
  }

  /// Checks input and parameter gradients of `layer` at `input`.
  ///
  /// `prepare` runs before every forward pass (e.g. to re-seed a dropout mask).
  func run(_ layer: any Layer, input: Tensor, training: Bool, seed: UInt64 = 99, prepare: () -> Void = {}) -> Report {
    var rng = RandomGenerator(seed: seed)
    prepare()
    let output = layer.forward(input, training: training)
    let weights = rng.normalTensor(rows: output.rows, cols: output.cols)
    layer.zeroGradients()
    let inputGradient = layer.backward(weights)

    func objective(_ x: Tensor) -> Double {
      prepare()
      let y = layer.forward(x, training: training)
      var total = 0.0
      for i in 0..<y.count { total += Double(y.scalars[i]) * Double(weights.scalars[i]) }
      return total
    }

    var report = Report()
    func compare(_ analytic: Float, _ numeric: Float, _ name: String) {
      let allowed = absoluteTolerance + relativeTolerance * max(abs(analytic), abs(numeric))
      let excess = abs(analytic - numeric) - allowed
      report.checked += 1
      if excess > report.worstExcess {
        report.worstExcess = excess
        report.worstName = "\(name): analytic \(analytic), numeric \(numeric)"
      }
    }

    for i in 0..<input.count {
      var plus = input, minus = input
      plus.scalars[i] += step
      minus.scalars[i] -= step
      let numeric = Float((objective(plus) - objective(minus)) / Double(2 * step))
      compare(inputGradient.scalars[i], numeric, "input[\(i)]")
    }
    for parameter in layer.parameters {
      let analytic = parameter.gradient
      for i in 0..<parameter.value.count {
        let original = parameter.value.scalars[i]
        parameter.value.scalars[i] = original + step
        let lPlus = objective(input)
        parameter.value.scalars[i] = original - step
        let lMinus = objective(input)
        parameter.value.scalars[i] = original
        compare(analytic.scalars[i], Float((lPlus - lMinus) / Double(2 * step)), "\(parameter.name)[\(i)]")
      }
    }
    return report
  }
}

/// Normal draws pushed at least `margin` away from zero, so that kinks
/// (ReLU at 0, |x| at 0) are never inside a finite-difference stencil.
func awayFromZero(rows: Int, cols: Int, seed: UInt64, margin: Float = 0.1) -> Tensor {
  var rng = RandomGenerator(seed: seed)
  return rng.normalTensor(rows: rows, cols: cols).map { $0 >= 0 ? $0 + margin : $0 - margin }
}
