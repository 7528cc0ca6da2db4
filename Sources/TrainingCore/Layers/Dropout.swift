/// Inverted dropout (Srivastava et al., 2014), as PyTorch's `nn.Dropout`.
///
/// `probability` is the chance of **dropping** a unit (PyTorch's `p`; some
/// course code uses the keep probability instead). In training, each element
/// is zeroed with that probability and survivors are divided by `1 − p`:
///
/// ```
/// mask = (u ≥ p) / (1 − p),   u ~ U[0, 1)
/// y = x · mask
/// ```
///
/// so `E[y] = x` and evaluation mode can return `x` unchanged.
///
/// Masks come from the layer's own ``RandomGenerator``, seeded by `seed` and
/// re-seeded from the model's generator when a ``Sequential`` initializes it.
/// To show one particular mask, set ``keepMask``.
///
/// ```swift
/// let model = Sequential(seed: 1) {
///   Dense(2, 128, init: .heNormal()); ReLU(); Dropout(0.5)
///   Dense(128, 3)
/// }
/// ```
public final class Dropout: Layer {
  /// The probability of dropping each unit, in `[0, 1)` (PyTorch's `p`).
  public let probability: Float
  private var generator: RandomGenerator
  private var mask: Tensor?

  /// A mask chosen by the caller for training-mode forwards: 1 keeps a unit,
  /// 0 drops it, and kept units are still scaled by `1 / (1 − p)`. `nil` (the
  /// default) draws a fresh random mask at every forward. While a mask is set
  /// the layer draws nothing, so its random stream does not advance.
  ///
  /// ```swift
  /// let dropout = Dropout(0.5)
  /// dropout.keepMask = Tensor([[1, 0, 1, 0]])
  /// dropout.forward(Tensor([[1, 2, 3, 4]]), training: true)   // [[2, 0, 6, 0]]
  /// dropout.keepMask = nil                                    // random masks again
  /// ```
  ///
  /// - Precondition: every element is 0 or 1, and at a training-mode forward
  ///   the mask has the input's shape.
  public var keepMask: Tensor? {
    didSet {
      require(
        keepMask?.scalars.allSatisfy { $0 == 0 || $0 == 1 } ?? true,
        "Dropout keepMask must hold only 0 (drop) and 1 (keep)")
    }
  }

  /// Creates a dropout layer that drops units with `probability`.
  ///
  /// ```swift
  /// let dropout = Dropout(0.2)   // drops 20% of units, scales the rest by 1/0.8
  /// ```
  ///
  /// - Parameters:
  ///   - probability: The chance of dropping each unit, in `[0, 1)`.
  ///   - seed: Seeds the masks; a ``Sequential`` re-seeds the layer from its
  ///     own generator.
  public init(_ probability: Float, seed: UInt64 = 0) {
    require(probability >= 0 && probability < 1, "Dropout probability must be in [0, 1), got \(probability)")
    self.probability = probability
    generator = RandomGenerator(seed: seed)
  }

  /// In training, multiplies the input by a fresh random mask of zeros and
  /// `1 / (1 − p)` (or by ``keepMask``, scaled the same way); in evaluation,
  /// returns the input unchanged.
  ///
  /// ```swift
  /// let dropout = Dropout(0.5, seed: 1)
  /// let x = Tensor(rows: 1, cols: 8, repeating: 1)
  /// dropout.forward(x, training: true)    // each element 0 or 2
  /// dropout.forward(x, training: false)   // x itself
  /// ```
  ///
  /// - Parameters:
  ///   - input: A batch of any shape.
  ///   - training: Whether to drop units.
  /// - Returns: The masked, rescaled input (training) or the input.
  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    guard training, probability > 0 || keepMask != nil else {
      mask = nil
      return input
    }
    let (keepScale, probability) = (1 / (1 - self.probability), self.probability)
    let mask: Tensor
    if let keepMask {
      require(
        keepMask.rows == input.rows && keepMask.cols == input.cols,
        "Dropout keepMask is \(keepMask.rows)×\(keepMask.cols) but the input is \(input.rows)×\(input.cols)")
      mask = keepMask * keepScale
    } else {
      var generator = self.generator  // a local copy keeps the loop free of exclusivity checks
      let m = [Float](unsafeUninitializedCapacity: input.count) { m, initialized in
        for i in 0..<m.count { m[i] = generator.uniform() >= probability ? keepScale : 0 }
        initialized = m.count
      }
      self.generator = generator
      mask = Tensor(rows: input.rows, cols: input.cols, scalars: m)
    }
    self.mask = mask
    return input * mask
  }

  /// Multiplies the gradient by the last forward's mask (or passes it through
  /// after an evaluation-mode forward).
  ///
  /// ```swift
  /// _ = dropout.forward(x, training: true)
  /// let dx = dropout.backward(dy)   // zero where a unit was dropped
  /// ```
  ///
  /// - Parameter outputGradient: ∂L/∂y, the shape of the last input.
  /// - Returns: ∂L/∂x.
  public func backward(_ outputGradient: Tensor) -> Tensor {
    guard let mask else { return outputGradient }
    return outputGradient * mask
  }

  /// Re-seeds the mask generator from a sub-stream of `generator`.
  ///
  /// ```swift
  /// var rng = RandomGenerator(seed: 1)
  /// dropout.initialize(using: &rng)
  /// ```
  ///
  /// - Parameter generator: The source of the new mask stream; it advances by
  ///   one draw.
  public func initialize(using generator: inout RandomGenerator) {
    self.generator = generator.split()
  }

  /// The initializer call, e.g. `Dropout(0.5)`.
  public var description: String { "Dropout(\(probability))" }
}
