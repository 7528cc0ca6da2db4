/// Updates parameters from their gradients.
///
/// Call ``step(_:)`` once per mini-batch, after `backward` has filled every
/// `parameter.gradient`. Optimizers with state (momentum, moment estimates)
/// keep it per parameter, keyed by `ObjectIdentifier(parameter)`, so one
/// optimizer serves a whole model. Update rules follow PyTorch's documented
/// algorithms (`torch.optim`), written out in each type's documentation.
///
/// All arithmetic is in `Float`, element by element in index order, so a step
/// is deterministic.
///
/// ```swift
/// let optimizer: any Optimizer = Adam(learningRate: 0.01)
/// for batch in data.batches(size: 32, shuffleSeed: 1) {
///   model.zeroGradients()
///   let result = Loss.crossEntropy().evaluate(model.forward(batch.inputs, training: true), batch.targets)
///   _ = model.backward(result.gradient)
///   optimizer.step(model.parameters)
/// }
/// ```
///
/// ``Sequential/fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``
/// runs this loop for you.
public protocol Optimizer: AnyObject, CustomStringConvertible {
  /// The step size; a learning-rate schedule may change it between steps.
  var learningRate: Float { get set }
  /// Applies one update to every parameter from its `gradient`.
  ///
  /// ```swift
  /// optimizer.step(model.parameters)
  /// ```
  ///
  /// - Parameter parameters: The parameters to update, with their gradients
  ///   filled; pass the same parameter objects at every step so that the
  ///   per-parameter state follows them.
  func step(_ parameters: [Parameter])
}

/// Stochastic gradient descent with optional momentum, Nesterov momentum and
/// coupled weight decay (PyTorch's `torch.optim.SGD` with `dampening = 0`).
///
/// For each parameter `w` with gradient `∇`:
///
/// ```
/// g ← ∇ + weightDecay·w                 (coupled decay, if weightDecay ≠ 0)
/// v ← μ·v + g                           (if momentum μ ≠ 0; v = g on the first step)
/// d ← g + μ·v        (Nesterov)   or   d ← v   (classical)   or   d ← g  (μ = 0)
/// w ← w − lr·d
/// ```
///
/// The velocity starts at zero, so the first step sets `v = g` exactly as
/// PyTorch, which seeds it with the first gradient.
///
/// PyTorch's form multiplies the velocity by the *current* learning rate.
/// The form of Sutskever et al. and cs231n, `v ← μ·v − lr·g; w ← w + v`,
/// folds each step's learning rate into the velocity instead; the two agree
/// only while the learning rate is constant, and differ once a schedule
/// changes it.
///
/// ```swift
/// let optimizer = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// optimizer.step(model.parameters)
/// ```
public final class SGD: Optimizer {
  /// The step size `lr`.
  public var learningRate: Float
  /// The momentum coefficient μ (0 for plain SGD).
  public let momentum: Float
  /// Whether to use Nesterov momentum, `d = g + μ·v`.
  public let nesterov: Bool
  /// The coupled weight-decay coefficient, added to the gradient as `wd·w`.
  public let weightDecay: Float
  private var velocities = ParameterStates<OptimizerBuffer>()

  /// Creates the optimizer.
  ///
  /// ```swift
  /// let plain = SGD(learningRate: 0.1)
  /// let heavyBall = SGD(learningRate: 0.05, momentum: 0.9)
  /// let nesterov = SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 5e-4)
  /// ```
  ///
  /// - Parameters:
  ///   - learningRate: The step size `lr` (no default, as in PyTorch).
  ///   - momentum: μ, 0 for plain SGD.
  ///   - nesterov: Whether to use Nesterov momentum.
  ///   - weightDecay: The coupled decay added to the gradient as `wd·w`
  ///     (PyTorch's `weight_decay`).
  /// - Precondition: `momentum ≥ 0`, `weightDecay ≥ 0`, and `nesterov` only
  ///   with a positive momentum.
  public init(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
    require(momentum >= 0, "SGD momentum must be non-negative, got \(momentum)")
    require(weightDecay >= 0, "SGD weightDecay must be non-negative, got \(weightDecay)")
    require(!nesterov || momentum > 0, "Nesterov momentum needs a positive momentum")
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
  }

  /// Updates every parameter once from its gradient by the rule above.
  ///
  /// ```swift
  /// let sgd = SGD(learningRate: 0.1)
  /// let p = Parameter(name: "w", role: .weight, value: Tensor([[1.0]]))
  /// p.gradient = Tensor([[2.0]])
  /// sgd.step([p])
  /// p.value   // [[0.8]]: 1 − 0.1·2
  /// ```
  ///
  /// - Parameter parameters: The parameters to update, gradients filled.
  public func step(_ parameters: [Parameter]) {
    let (rate, mu, decay, nesterov) = (learningRate, momentum, weightDecay, self.nesterov)
    for parameter in parameters {
      let gradient = checkedGradient(of: parameter)
      if mu == 0 {
        gradient.withUnsafeBufferPointer { g in
          parameter.value.scalars.withUnsafeMutableBufferPointer { w in
            for i in 0..<w.count {
              let direction = decay == 0 ? g[i] : g[i] + decay * w[i]
              w[i] -= rate * direction
            }
          }
        }
        continue
      }
      let velocity = velocities.state(for: parameter) { OptimizerBuffer(count: parameter.value.count) }
      gradient.withUnsafeBufferPointer { g in
        parameter.value.scalars.withUnsafeMutableBufferPointer { w in
          velocity.values.withUnsafeMutableBufferPointer { v in
            for i in 0..<w.count {
              let direction = decay == 0 ? g[i] : g[i] + decay * w[i]
              v[i] = mu * v[i] + direction
              w[i] -= rate * (nesterov ? direction + mu * v[i] : v[i])
            }
          }
        }
      }
    }
  }

  /// The velocity `v` of `parameter` (PyTorch's `momentum_buffer`), in the
  /// parameter's shape; `nil` without momentum or before the parameter's
  /// first step.
  ///
  /// ```swift
  /// let sgd = SGD(learningRate: 0.1, momentum: 0.9)
  /// let p = Parameter(name: "w", role: .weight, value: Tensor([[1.0]]))
  /// p.gradient = Tensor([[2.0]])
  /// sgd.step([p])
  /// sgd.velocity(of: p)   // [[2.0]]: the first gradient
  /// ```
  ///
  /// - Parameter parameter: A parameter this optimizer has stepped.
  public func velocity(of parameter: Parameter) -> Tensor? {
    velocities.existingState(for: parameter)?.tensor(shapedLike: parameter)
  }

  /// The initializer call with the non-default settings, e.g.
  /// `SGD(learningRate: 0.1, momentum: 0.9)`.
  public var description: String {
    var settings = ["learningRate: \(learningRate)"]
    if momentum != 0 { settings.append("momentum: \(momentum)") }
    if nesterov { settings.append("nesterov: true") }
    if weightDecay != 0 { settings.append("weightDecay: \(weightDecay)") }
    return "SGD(\(settings.joined(separator: ", ")))"
  }
}

/// One per-parameter buffer of optimizer state (a velocity, a running
/// average or a sum), starting at zero unless told otherwise.
final class OptimizerBuffer {
  /// The state, one element per parameter element.
  var values: [Float]

  init(count: Int, repeating value: Float = 0) {
    values = [Float](repeating: value, count: count)
  }

  /// The state as a tensor of `parameter`'s shape.
  func tensor(shapedLike parameter: Parameter) -> Tensor {
    Tensor(rows: parameter.value.rows, cols: parameter.value.cols, scalars: values)
  }
}

/// Optimizer state per parameter, keyed by `ObjectIdentifier(parameter)`.
///
/// Each entry also keeps a strong reference to its parameter, so that while
/// the state exists no other object can be allocated at the same address and
/// inherit it.
struct ParameterStates<State: AnyObject> {
  private var entries: [ObjectIdentifier: (parameter: Parameter, count: Int, state: State)] = [:]

  /// The state of `parameter`, created by `make` on first use.
  ///
  /// - Precondition: the parameter has as many elements as when its state
  ///   was created.
  mutating func state(for parameter: Parameter, make: () -> State) -> State {
    if let state = existingState(for: parameter) { return state }
    let state = make()
    entries[ObjectIdentifier(parameter)] = (parameter, parameter.value.count, state)
    return state
  }

  /// The state of `parameter` if it has one, without creating it.
  ///
  /// - Precondition: the parameter has as many elements as when its state
  ///   was created.
  func existingState(for parameter: Parameter) -> State? {
    guard let entry = entries[ObjectIdentifier(parameter)] else { return nil }
    require(
      entry.count == parameter.value.count,
      "Parameter \(parameter.name) changed size from \(entry.count) to \(parameter.value.count) elements since the optimizer first saw it")
    return entry.state
  }
}

/// `name(learningRate: …, …)` with every setting whose value differs from its
/// default, in the order given, e.g. `RMSProp(learningRate: 0.01, momentum: 0.9)`.
func optimizerDescription(
  _ name: String, learningRate: Float, _ settings: KeyValuePairs<String, (value: Float, default: Float)>
) -> String {
  var parts = ["learningRate: \(learningRate)"]
  for (label, setting) in settings where setting.value != setting.default { parts.append("\(label): \(setting.value)") }
  return "\(name)(\(parts.joined(separator: ", ")))"
}

/// The gradient's elements, after checking that it matches the value's shape.
func checkedGradient(of parameter: Parameter) -> [Float] {
  require(
    parameter.gradient.rows == parameter.value.rows && parameter.gradient.cols == parameter.value.cols,
    "Parameter \(parameter.name): gradient is \(parameter.gradient.rows)×\(parameter.gradient.cols) but value is \(parameter.value.rows)×\(parameter.value.cols)")
  return parameter.gradient.scalars
}
