extension SIMD8 where Scalar == Float {
  /// Loads the first `lanes` elements at `pointer` (all eight when
  /// `lanes == 8`); the remaining lanes are zero. For loops that process eight
  /// elements at a time and end on a partial chunk.
  @inline(__always)
  init(loading pointer: UnsafePointer<Float>, lanes: Int) {
    if lanes == 8 {
      self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    } else {
      self.init()
      for lane in 0..<lanes { self[lane] = pointer[lane] }
    }
  }

  @inline(__always)
  init(loading pointer: UnsafeMutablePointer<Float>, lanes: Int) {
    self.init(loading: UnsafePointer(pointer), lanes: lanes)
  }

  /// Stores the first `lanes` elements to `pointer`, leaving the memory after
  /// them untouched.
  @inline(__always)
  func store(to pointer: UnsafeMutablePointer<Float>, lanes: Int) {
    if lanes == 8 {
      UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD8<Float>.self)
    } else {
      for lane in 0..<lanes { pointer[lane] = self[lane] }
    }
  }
}
