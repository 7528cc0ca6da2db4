import Foundation

/// An activation that acts on each row as a whole rather than element by
/// element: ``Softmax`` and ``LogSoftmax``.
///
/// Forward maps every row of scores to a (log-)probability distribution over
/// its columns and remembers the output; backward applies the map's Jacobian
/// to each row of the gradient, with the row's sum taken in `Double`. Lesson
/// code uses the two concrete layers and can test for the family with
/// `is RowActivation`:
///
/// ```swift
/// let model = Sequential { Dense(2, 8); Tanh(); Dense(8, 3); Softmax() }
/// model.layers.last is RowActivation   // true
/// ```
public class RowActivation: Layer {
  private var output = Tensor(rows: 0, cols: 0)

  /// The map applied to the whole batch.
  func value(_ input: Tensor) -> Tensor { fatalError("RowActivation subclasses implement value(_:)") }
  /// ∂L/∂x of one row from its gradient `g` and output `y`.
  func inputGradient(_ g: ArraySlice<Float>, output y: ArraySlice<Float>) -> [Float] {
    fatalError("RowActivation subclasses implement inputGradient(_:output:)")
  }

  /// Applies the map to every row, remembering the output for
  /// ``backward(_:)``; `training` makes no difference.
  ///
  /// ```swift
  /// Softmax().forward(Tensor([[1, 1]]), training: true)   // [[0.5, 0.5]]
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × K` batch of scores.
  ///   - training: Ignored: these layers behave the same in both modes.
  /// - Returns: The `n × K` (log-)probabilities.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    output = value(input)
    return output
  }

  /// Applies the Jacobian of each row's map, at the last forward's output, to
  /// that row of `outputGradient`.
  ///
  /// ```swift
  /// let layer = Softmax()
  /// _ = layer.forward(Tensor([[0, 0]]), training: true)
  /// layer.backward(Tensor([[1, 0]]))   // [[0.25, -0.25]]
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, the shape of the last output.
  /// - Returns: ∂L/∂x.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    require(
      outputGradient.rows == output.rows && outputGradient.cols == output.cols,
      "\(self).backward got a \(outputGradient.rows)×\(outputGradient.cols) gradient for a \(output.rows)×\(output.cols) output")
    var result = [Float]()
    result.reserveCapacity(output.count)
    for r in 0..<output.rows {
      let row = r * output.cols..<(r + 1) * output.cols
      result += inputGradient(outputGradient.scalars[row], output: output.scalars[row])
    }
    return Tensor(rows: output.rows, cols: output.cols, scalars: result)
  }

  /// The initializer call, e.g. `Softmax()`.
  public var description: String { "\(type(of: self))()" }
}

/// The softmax of each row as a layer, as PyTorch's `nn.Softmax(dim=1)`: the
/// outputs of a row are positive and sum to 1 (see ``softmax(_:)``).
///
/// ```
/// y = softmax(x)
/// ∂L/∂x_j = y_j · (g_j − Σ_k g_k·y_k)        (g = ∂L/∂y)
/// ```
///
/// Use it to read probabilities out of a model; do not put it before
/// ``Loss/crossEntropy(labelSmoothing:)``, which applies the softmax itself.
///
/// ```swift
/// let classifier = Sequential(seed: 1) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3); Softmax() }
/// Softmax()(Tensor([[0, log(3)]]))   // [[0.25, 0.75]]
/// ```
public final class Softmax: RowActivation {
  /// Creates a softmax layer.
  ///
  /// ```swift
  /// let softmax = Softmax()
  /// ```
  public override init() {}
  override func value(_ input: Tensor) -> Tensor { softmax(input) }
  override func inputGradient(_ g: ArraySlice<Float>, output y: ArraySlice<Float>) -> [Float] {
    let dot = zip(g, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    return zip(g, y).map { g, y in Float(Double(y) * (Double(g) - dot)) }
  }
}

/// The log-softmax of each row as a layer, as PyTorch's
/// `nn.LogSoftmax(dim=1)`: log-probabilities computed without rounding the
/// probabilities first (see ``logSoftmax(_:)``).
///
/// ```
/// y = x − log Σ_k exp(x_k)
/// ∂L/∂x_j = g_j − exp(y_j) · Σ_k g_k          (g = ∂L/∂y)
/// ```
///
/// The negative log-probability of the true class, averaged over the batch,
/// is the cross-entropy (PyTorch's `NLLLoss` after `LogSoftmax`).
///
/// ```swift
/// let model = Sequential(seed: 1) { Dense(2, 16, init: .heNormal()); ReLU(); Dense(16, 3); LogSoftmax() }
/// LogSoftmax()(Tensor([[0, 0]]))   // [[-0.6931, -0.6931]]: log ½
/// ```
public final class LogSoftmax: RowActivation {
  /// Creates a log-softmax layer.
  ///
  /// ```swift
  /// let logSoftmax = LogSoftmax()
  /// ```
  public override init() {}
  override func value(_ input: Tensor) -> Tensor { logSoftmax(input) }
  override func inputGradient(_ g: ArraySlice<Float>, output y: ArraySlice<Float>) -> [Float] {
    let sum = g.reduce(0.0) { $0 + Double($1) }
    return zip(g, y).map { g, y in Float(Double(g) - exp(Double(y)) * sum) }
  }
}
