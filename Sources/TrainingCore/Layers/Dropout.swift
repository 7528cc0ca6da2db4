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
public final class Dropout: Layer {
  /// The probability of dropping each unit, in `[0, 1)`.
  public let probability: Float
  private var generator: RandomGenerator
  private var mask: Tensor?

  /// Creates a dropout layer that drops units with `probability`.
  public init(_ probability: Float, seed: UInt64 = 0) {
    precondition(probability >= 0 && probability < 1, "Dropout probability must be in [0, 1), got \(probability)")
    self.probability = probability
    generator = RandomGenerator(seed: seed)
  }

  public func forward(_ input: Tensor, training: Bool) -> Tensor {
    guard training, probability > 0 else {
      mask = nil
      return input
    }
    let keepScale = 1 / (1 - probability)
    var m = Tensor(rows: input.rows, cols: input.cols)
    for i in 0..<m.count where generator.uniform() >= probability {
      m.scalars[i] = keepScale
    }
    mask = m
    return input * m
  }

  public func backward(_ outputGradient: Tensor) -> Tensor {
    guard let mask else { return outputGradient }
    return outputGradient * mask
  }

  public func initialize(using generator: inout RandomGenerator) {
    self.generator = generator.split()
  }

  public var description: String { "Dropout(\(probability))" }
}
