/// Weight penalties and constraints applied around an optimizer step.
///
/// A training step with regularizers runs:
///
/// 1. the loss and `backward` fill every `parameter.gradient`;
/// 2. ``addGradients(to:)`` adds each penalty's gradient (L2, subgradient L1);
/// 3. the optimizer steps;
/// 4. ``applyAfterStep(to:learningRate:)`` applies proximal L1 and max-norm.
///
/// The reported loss is the data loss plus ``penalty(_:)``.
///
/// Penalties apply to parameters with role `.weight` only, unless created with
/// `includeBiases: true`, which adds `.bias`. Normalization scales and shifts
/// are never penalized.
///
/// ```swift
/// let regularizers: [Regularizer] = [.l2(1e-4), .maxNorm(3)]
/// try model.fit(train, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1),
///               epochs: 100, batchSize: 32, regularizers: regularizers)
/// ```
///
/// ``Sequential/fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``
/// runs these four steps for you.
public struct Regularizer: Sendable, Equatable, CustomStringConvertible {
  /// The penalty or constraint a regularizer applies.
  ///
  /// ```swift
  /// if case .l1(_, proximal: true) = Regularizer.l1(0.01, proximal: true).kind { print("proximal") }
  /// ```
  public enum Kind: Sendable, Equatable {
    /// `λ‖W‖²` with gradient `2λW`.
    case l2(strength: Float)
    /// `λΣ|w|`, by subgradient or by a proximal step after the update.
    case l1(strength: Float, proximal: Bool)
    /// Rescales each unit's incoming weight vector to norm ≤ `limit`.
    case maxNorm(limit: Float)
  }

  /// The penalty or constraint.
  public let kind: Kind
  /// Whether `.bias` parameters are penalized too (never for max-norm).
  public let includeBiases: Bool

  private init(kind: Kind, includeBiases: Bool) {
    self.kind = kind
    self.includeBiases = includeBiases
  }

  /// The L2 penalty `λ‖W‖² = λ Σ w²`, with gradient `2λW`.
  ///
  /// Note the factor: this is `λ‖W‖²` (as in cs231n and Keras'
  /// `l2(λ)`), **not** PyTorch's `weight_decay=λ`, whose gradient `λW`
  /// corresponds to the penalty `½λ‖W‖²`. `.l2(λ)` equals
  /// `weight_decay = 2λ` in plain SGD.
  ///
  /// ```swift
  /// let weightsOnly = Regularizer.l2(1e-3)
  /// let everything = Regularizer.l2(1e-3, includeBiases: true)
  /// ```
  ///
  /// - Parameters:
  ///   - strength: λ, `≥ 0`.
  ///   - includeBiases: Whether `.bias` parameters are penalized too.
  public static func l2(_ strength: Float, includeBiases: Bool = false) -> Regularizer {
    require(strength >= 0, "l2 strength must be non-negative, got \(strength)")
    return Regularizer(kind: .l2(strength: strength), includeBiases: includeBiases)
  }

  /// The L1 penalty `λ Σ |w|`.
  ///
  /// - Subgradient (default): adds `λ·sign(w)` to the gradient, with
  ///   `sign(0) = 0`. Weights are pushed towards zero but step over it, so
  ///   they hover around zero and rarely become exactly zero.
  /// - Proximal (`proximal: true`): adds nothing to the gradient; after the
  ///   optimizer step each weight is soft-thresholded,
  ///
  ///   ```
  ///   w ← sign(w) · max(|w| − lr·λ, 0)
  ///   ```
  ///
  ///   which sets small weights to exactly zero. With plain SGD this is the
  ///   proximal-gradient (ISTA) step; with adaptive optimizers it uses the
  ///   same `lr·λ` threshold.
  ///
  /// ```swift
  /// let sparse = Regularizer.l1(1e-3, proximal: true)   // exact zeros
  /// let subgradient = Regularizer.l1(1e-3)
  /// ```
  ///
  /// - Parameters:
  ///   - strength: λ, `≥ 0`.
  ///   - proximal: Whether to soft-threshold after the step instead of adding
  ///     a subgradient.
  ///   - includeBiases: Whether `.bias` parameters are penalized too.
  public static func l1(_ strength: Float, proximal: Bool = false, includeBiases: Bool = false) -> Regularizer {
    require(strength >= 0, "l1 strength must be non-negative, got \(strength)")
    return Regularizer(kind: .l1(strength: strength, proximal: proximal), includeBiases: includeBiases)
  }

  /// The max-norm constraint: after each step, every unit's incoming weight
  /// vector whose Euclidean norm exceeds `limit` is rescaled to norm `limit`
  /// (Srebro et al.; used with dropout by Srivastava et al., 2014).
  ///
  /// For a `Dense` layer the incoming vector of output unit `j` is column `j`
  /// of its `inputSize × outputSize` weight. Only `.weight` parameters are
  /// constrained; columns within the limit are left untouched. The penalty is
  /// 0 and no gradient is added.
  ///
  /// ```swift
  /// let constraint = Regularizer.maxNorm(3)   // Srivastava et al. used c = 3 to 4
  /// ```
  ///
  /// - Parameter limit: The largest allowed column norm, `> 0`.
  public static func maxNorm(_ limit: Float) -> Regularizer {
    require(limit > 0, "maxNorm limit must be positive, got \(limit)")
    return Regularizer(kind: .maxNorm(limit: limit), includeBiases: false)
  }

  /// Whether this regularizer acts on `parameter`, by its role.
  ///
  /// ```swift
  /// let dense = Dense(2, 3)
  /// Regularizer.l2(0.01).applies(to: dense.weight)    // true
  /// Regularizer.l2(0.01).applies(to: dense.bias!)     // false
  /// ```
  ///
  /// - Parameter parameter: The parameter to test.
  public func applies(to parameter: Parameter) -> Bool {
    switch parameter.role {
    case .weight: return true
    case .bias: return includeBiases
    case .scale, .shift: return false
    }
  }

  /// The penalty added to the reported loss: `λ Σ w²` (L2), `λ Σ |w|` (L1,
  /// both forms), or 0 (max-norm), summed in `Double` over the parameters it
  /// applies to.
  ///
  /// ```swift
  /// let dense = Dense(2, 2, init: .constant(1))
  /// Regularizer.l2(0.1).penalty(dense.parameters)   // 0.1 · 4 = 0.4
  /// ```
  ///
  /// - Parameter parameters: The model's parameters; those it does not apply
  ///   to are skipped.
  public func penalty(_ parameters: [Parameter]) -> Float {
    var total = 0.0
    for parameter in parameters where applies(to: parameter) {
      switch kind {
      case .l2(let strength):
        total += Double(strength) * Double(parameter.value.squaredNorm())
      case .l1(let strength, _):
        var sum = 0.0
        for w in parameter.value.scalars { sum += Double(abs(w)) }
        total += Double(strength) * sum
      case .maxNorm:
        continue
      }
    }
    return Float(total)
  }

  /// Adds the penalty's gradient to each `parameter.gradient` (call before
  /// the optimizer step): `2λw` for L2, `λ·sign(w)` for subgradient L1, and
  /// nothing for proximal L1 and max-norm.
  ///
  /// ```swift
  /// _ = model.backward(result.gradient)
  /// Regularizer.l2(1e-4).addGradients(to: model.parameters)
  /// optimizer.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The model's parameters, gradients already filled
  ///   by `backward`.
  public func addGradients(to parameters: [Parameter]) {
    let scale: Float
    let useSign: Bool
    switch kind {
    case .l2(let strength): (scale, useSign) = (2 * strength, false)
    case .l1(let strength, proximal: false): (scale, useSign) = (strength, true)
    case .l1(_, proximal: true), .maxNorm: return
    }
    for parameter in parameters where applies(to: parameter) {
      require(parameter.gradient.count == parameter.value.count, "Parameter \(parameter.name): gradient and value differ in shape")
      let values = parameter.value.scalars
      values.withUnsafeBufferPointer { w in
        parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
          for i in 0..<g.count {
            let direction: Float = useSign ? (w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)) : w[i]
            g[i] += scale * direction
          }
        }
      }
    }
  }

  /// Applies the after-step part (call after the optimizer step): the
  /// proximal L1 soft-threshold with threshold `learningRate·λ`, or the
  /// max-norm rescaling. Does nothing for L2 and subgradient L1.
  ///
  /// ```swift
  /// optimizer.step(model.parameters)
  /// Regularizer.maxNorm(3).applyAfterStep(to: model.parameters, learningRate: optimizer.learningRate)
  /// ```
  ///
  /// - Parameters:
  ///   - parameters: The model's parameters, just updated.
  ///   - learningRate: The step's learning rate (the proximal threshold is
  ///     `learningRate·λ`).
  public func applyAfterStep(to parameters: [Parameter], learningRate: Float) {
    switch kind {
    case .l1(let strength, proximal: true):
      let threshold = learningRate * strength
      for parameter in parameters where applies(to: parameter) {
        parameter.value.scalars.withUnsafeMutableBufferPointer { w in
          for i in 0..<w.count {
            let shrunk = abs(w[i]) - threshold
            w[i] = shrunk > 0 ? (w[i] > 0 ? shrunk : -shrunk) : 0
          }
        }
      }
    case .maxNorm(let limit):
      for parameter in parameters where applies(to: parameter) {
        constrainColumnNorms(of: parameter, to: limit)
      }
    case .l2, .l1(_, proximal: false):
      return
    }
  }

  /// The factory call that creates this regularizer, e.g. `l1(0.001, proximal: true)`.
  public var description: String {
    let biases = includeBiases ? ", includeBiases: true" : ""
    switch kind {
    case .l2(let strength): return "l2(\(strength)\(biases))"
    case .l1(let strength, let proximal): return "l1(\(strength)\(proximal ? ", proximal: true" : "")\(biases))"
    case .maxNorm(let limit): return "maxNorm(\(limit))"
    }
  }

  /// Rescales each column of `parameter.value` whose norm exceeds `limit` to
  /// norm `limit`; other columns keep their exact bits.
  private func constrainColumnNorms(of parameter: Parameter, to limit: Float) {
    let (rows, cols) = (parameter.value.rows, parameter.value.cols)
    parameter.value.scalars.withUnsafeMutableBufferPointer { w in
      for c in 0..<cols {
        var squaredNorm = 0.0
        for r in 0..<rows { squaredNorm += Double(w[r * cols + c]) * Double(w[r * cols + c]) }
        let norm = squaredNorm.squareRoot()
        guard norm > Double(limit) else { continue }
        let factor = Float(Double(limit) / norm)
        for r in 0..<rows { w[r * cols + c] *= factor }
      }
    }
  }
}
