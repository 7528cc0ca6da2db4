/// Builds a list of layers from a closure, with `if`, `if let`, `switch` and
/// `for` allowed inside.
///
/// ```swift
/// Sequential {
///   Dense(2, 16, init: .he)
///   if useBatchNorm { BatchNorm(16) }
///   ReLU()
///   for _ in 0..<depth { Dense(16, 16); ReLU() }
///   Dense(16, 3)
/// }
/// ```
@resultBuilder
public enum LayerBuilder {
  /// Turns one layer into a list.
  public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
  /// Accepts a list of layers as one statement.
  public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
  /// Joins the statements of a block in order.
  public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
  /// Supports `for` loops: the layers of every iteration, in order.
  public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
  /// Supports `if` without `else`.
  public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
  /// Supports the first branch of `if`/`else` and `switch`.
  public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
  /// Supports the second branch of `if`/`else` and `switch`.
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
///   Dense(2, 16, init: .he); ReLU()
///   Dense(16, 16, init: .he); ReLU()
///   Dense(16, 3)
/// }
/// let logits = model(x)
/// ```
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
  public init(seed: UInt64 = 0, layers: [any Layer]) {
    self.layers = layers
    var generator = RandomGenerator(seed: seed)
    initialize(using: &generator)
  }

  /// Creates a model with the layer builder and initializes it from `seed`.
  public convenience init(seed: UInt64 = 0, @LayerBuilder _ build: () -> [any Layer]) {
    self.init(seed: seed, layers: build())
  }

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

  public func backward(_ outputGradient: Tensor) -> Tensor {
    var gradient = outputGradient
    for layer in layers.reversed() {
      gradient = layer.backward(gradient)
    }
    return gradient
  }

  public var parameters: [Parameter] { layers.flatMap(\.parameters) }
  public var sublayers: [any Layer] { layers }

  public func initialize(using generator: inout RandomGenerator) {
    for layer in layers { layer.initialize(using: &generator) }
  }

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
/// Residual { Dense(32, 32, init: .he); ReLU(); Dense(32, 32, init: .he) }
/// ```
public final class Residual: Layer {
  /// The layers on the residual branch.
  public let body: Sequential

  /// Creates a residual block around the given layers.
  public init(@LayerBuilder _ build: () -> [any Layer]) {
    body = Sequential(layers: build())
  }

  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    let branch = body.forward(input, training: training)
    precondition(branch.cols == input.cols, "Residual body changes the width from \(input.cols) to \(branch.cols)")
    return input + branch
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    outputGradient + body.backward(outputGradient)
  }

  public var parameters: [Parameter] { body.parameters }
  public var sublayers: [any Layer] { [body] }

  public func initialize(using generator: inout RandomGenerator) {
    body.initialize(using: &generator)
  }

  public var description: String { "Residual " + body.description }
}
