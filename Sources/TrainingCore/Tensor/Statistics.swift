/// The population variance of `values`: the mean squared deviation from
/// their mean, `Σ(xᵢ − x̄)² / n`, computed in two passes in `Float`, in index
/// order (so the result is the same bits as the loop written out by hand).
///
/// Lessons measure activations' spread layer by layer with it; in the
/// optimized library it runs many times faster than the same loop in a
/// lesson's cell, which is compiled without optimization.
///
/// ```swift
/// variance([1, 2, 3, 4])                         // 1.25
/// sqrt(variance(model.lastOutputs[0].scalars))   // the first layer's std
/// ```
///
/// - Parameter values: The numbers; at least one.
/// - Returns: The variance (0 for a single value).
public func variance(_ values: [Float]) -> Float {
  require(!values.isEmpty, "variance of no values")
  var sum: Float = 0
  for value in values { sum += value }
  let mean = sum / Float(values.count)
  var squares: Float = 0
  for value in values { squares += (value - mean) * (value - mean) }
  return squares / Float(values.count)
}
