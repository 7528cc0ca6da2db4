/// Builds a list of layers from a closure, with `if`, `if let`, `switch` and
/// `for` allowed inside.
///
/// ```swift
/// let useBatchNorm = true, depth = 2
/// let model = Sequential {
///   Dense(2, 16, init: .heNormal())
///   if useBatchNorm { BatchNorm(16) }
///   ReLU()
///   for _ in 0..<depth { Dense(16, 16); ReLU() }
///   Dense(16, 3)
/// }
/// ```
///
/// Several layers may share a line when separated by `;`, and an expression of
/// type `[any Layer]` adds all its layers.
@resultBuilder
public enum LayerBuilder {
  /// Turns one layer into a list.
  ///
  /// ```swift
  /// Sequential { ReLU() }   // one statement, one layer
  /// ```
  ///
  /// - Parameter layer: A layer written as a statement, e.g. `ReLU()`.
  public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
  /// Accepts a list of layers as one statement.
  ///
  /// ```swift
  /// let block: [any Layer] = [Dense(16, 16), ReLU()]
  /// let model = Sequential { Dense(2, 16); block; Dense(16, 3) }
  /// ```
  ///
  /// - Parameter layers: Layers to add, in order.
  public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
  /// Joins the statements of a block in order.
  ///
  /// ```swift
  /// Sequential { Dense(2, 8); ReLU(); Dense(8, 1) }   // three statements, in order
  /// ```
  ///
  /// - Parameter parts: The layers of each statement.
  public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
  /// Supports `for` loops: the layers of every iteration, in order.
  ///
  /// ```swift
  /// Sequential { for _ in 0..<3 { Dense(8, 8); ReLU() } }   // six layers
  /// ```
  ///
  /// - Parameter parts: The layers of each iteration.
  public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
  /// Supports `if` without `else`.
  ///
  /// ```swift
  /// let useDropout = false
  /// Sequential { Dense(8, 8); if useDropout { Dropout(0.5) } }   // one layer
  /// ```
  ///
  /// - Parameter part: The layers of the branch, or `nil` when it did not run.
  public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
  /// Supports the first branch of `if`/`else` and `switch`.
  ///
  /// ```swift
  /// let smooth = true
  /// Sequential { Dense(8, 8); if smooth { GELU() } else { ReLU() } }
  /// ```
  ///
  /// - Parameter part: The layers of the branch.
  public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
  /// Supports the second branch of `if`/`else` and `switch`.
  ///
  /// ```swift
  /// let norm = "layer"
  /// Sequential {
  ///   Dense(8, 8)
  ///   switch norm {
  ///   case "batch": BatchNorm(8)
  ///   default: LayerNorm(8)
  ///   }
  /// }
  /// ```
  ///
  /// - Parameter part: The layers of the branch.
  public static func buildEither(second part: [any Layer]) -> [any Layer] { part }
}

/// Layers applied one after another; the whole network in most lessons.
///
/// Creating a `Sequential` re-initializes every layer in order from one
/// ``RandomGenerator`` seeded with `seed`, so a model is fully determined by
/// its layers and its seed.
///
/// ```swift
/// let model = Sequential(seed: 1) {
///   Dense(2, 16, init: .heNormal()); ReLU()
///   Dense(16, 16, init: .heNormal()); ReLU()
///   Dense(16, 3)
/// }
/// let logits = model(Tensor([[0.5, -0.5]]))   // 1 × 3, evaluation mode
/// print(model)                                // one layer per line
/// ```
///
/// Train it with ``fit(_:loss:optimizer:epochs:batchSize:shuffleSeed:validation:schedule:regularizers:gradientClipping:earlyStopping:onEpoch:stopWhen:)``,
/// measure it with ``accuracy(on:)`` and ``evaluate(_:loss:)``, and look
/// inside it with ``activationStatistics(for:training:bins:range:)``,
/// ``deadReLUFractions(for:)`` and ``gradientNorms()``.
///
/// After each `forward`, ``lastOutputs`` holds every layer's output, which the
/// diagnostics read (activation statistics, dead ReLUs, the layer where a NaN
/// first appears).
public final class Sequential: Layer {
  /// The layers in order.
  public let layers: [any Layer]
  /// The output of each layer in the last `forward` call (same order as
  /// ``layers``).
  public private(set) var lastOutputs: [Tensor] = []

  /// Creates a model from a list of layers and initializes it from `seed`.
  ///
  /// ```swift
  /// let hidden: [any Layer] = (0..<3).flatMap { _ in [Dense(32, 32, init: .heNormal()), ReLU()] as [any Layer] }
  /// let model = Sequential(seed: 1, layers: [Dense(2, 32, init: .heNormal()), ReLU()] + hidden + [Dense(32, 3)])
  /// ```
  ///
  /// - Parameters:
  ///   - seed: Seeds the generator that re-draws every layer, in order.
  ///   - layers: The layers, first to last.
  public init(seed: UInt64 = 0, layers: [any Layer]) {
    self.layers = layers
    var generator = RandomGenerator(seed: seed)
    initialize(using: &generator)
  }

  /// Creates a model with the layer builder and initializes it from `seed`.
  ///
  /// ```swift
  /// let model = Sequential(seed: 7) {
  ///   Dense(2, 16, init: .heNormal()); ReLU()
  ///   Dense(16, 3)
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - seed: Seeds the generator that re-draws every layer, in order.
  ///   - build: A ``LayerBuilder`` closure listing the layers.
  public convenience init(seed: UInt64 = 0, @LayerBuilder _ build: () -> [any Layer]) {
    self.init(seed: seed, layers: build())
  }

  /// Runs `input` through every layer in order and records each output in
  /// ``lastOutputs``.
  ///
  /// ```swift
  /// let logits = model.forward(batch.inputs, training: true)
  /// model.lastOutputs.count == model.layers.count   // true
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × d_in` batch.
  ///   - training: Passed to every layer (batch statistics, dropout).
  /// - Returns: The last layer's output.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    var x = input
    var outputs = [Tensor]()
    outputs.reserveCapacity(layers.count)
    for layer in layers {
      x = layer.forward(x, training: training)
      outputs.append(x)
    }
    lastOutputs = outputs
    return x
  }

  /// Back-propagates through the layers in reverse order, accumulating every
  /// parameter's gradient.
  ///
  /// ```swift
  /// model.zeroGradients()
  /// let result = Loss.crossEntropy().evaluate(model.forward(x, training: true), .classes(labels))
  /// _ = model.backward(result.gradient)
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂output of the last layer.
  /// - Returns: ∂L/∂input of the first layer.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    var gradient = outputGradient
    for layer in layers.reversed() {
      gradient = layer.backward(gradient)
    }
    return gradient
  }

  /// Every layer's parameters, in layer order.
  public var parameters: [Parameter] { layers.flatMap(\.parameters) }
  /// The ``layers``.
  public var sublayers: [any Layer] { layers }

  /// Re-initializes every layer in order from `generator` (what the
  /// initializers do with the seed).
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 2)
  /// model.initialize(using: &rng)   // the weights Sequential(seed: 2) would have
  /// ```
  ///
  /// - Parameter generator: The source of random numbers; it advances.
  public func initialize(using generator: inout RandomGenerator) {
    for layer in layers { layer.initialize(using: &generator) }
  }

  /// The model as a block: `Sequential {`, one indented line per layer
  /// (such as `Dense(2, 16, init: heNormal(fanIn))`), then `}`.
  public var description: String {
    "Sequential {\n" + layers.map { "  " + $0.description.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n") + "\n}"
  }
}

/// A skip connection: `y = x + body(x)` (He et al., 2016).
///
/// The body must map its input to the same width. The gradient flows through
/// both paths: `∂L/∂x = g + body.backward(g)`, which is why deep residual
/// networks keep their gradients from vanishing.
///
/// ```swift
/// let model = Sequential(seed: 1) {
///   Dense(2, 32, init: .heNormal()); ReLU()
///   for _ in 0..<4 {
///     Residual { Dense(32, 32, init: .heNormal()); ReLU(); Dense(32, 32, init: .heNormal()) }
///   }
///   Dense(32, 3)
/// }
/// ```
public final class Residual: Layer {
  /// The layers on the residual branch.
  public let body: Sequential

  /// Creates a residual block around the given layers.
  ///
  /// The body is initialized when the enclosing ``Sequential`` initializes
  /// its layers.
  ///
  /// ```swift
  /// let block = Residual { Dense(32, 32, init: .heNormal()); ReLU(); Dense(32, 32) }
  /// ```
  ///
  /// - Parameter build: A ``LayerBuilder`` closure listing the body's layers.
  public init(@LayerBuilder _ build: () -> [any Layer]) {
    body = Sequential(layers: build())
  }

  /// Computes `input + body(input)`.
  ///
  /// ```swift
  /// let y = block.forward(x, training: true)   // the shape of x
  /// ```
  ///
  /// - Parameters:
  ///   - input: An `n × d` batch.
  ///   - training: Passed to the body.
  /// - Returns: The `n × d` sum.
  /// - Precondition: the body keeps the width `d`.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    let branch = body.forward(input, training: training)
    require(branch.cols == input.cols, "Residual body changes the width from \(input.cols) to \(branch.cols)")
    return input + branch
  }

  /// Returns `g + body.backward(g)`: the gradient through the skip plus the
  /// gradient through the body.
  ///
  /// ```swift
  /// _ = block.forward(x, training: true)
  /// let dx = block.backward(dy)
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, `n × d`.
  /// - Returns: ∂L/∂x, `n × d`.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    outputGradient + body.backward(outputGradient)
  }

  /// The body's parameters.
  public var parameters: [Parameter] { body.parameters }
  /// The ``body``, as the one nested layer.
  public var sublayers: [any Layer] { [body] }

  /// Re-initializes the body from `generator`.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// block.initialize(using: &rng)
  /// ```
  ///
  /// - Parameter generator: The source of random numbers; it advances.
  public func initialize(using generator: inout RandomGenerator) {
    body.initialize(using: &generator)
  }

  /// `Residual` followed by the body's layers, e.g. `Residual Sequential { … }`.
  public var description: String { "Residual " + body.description }
}
