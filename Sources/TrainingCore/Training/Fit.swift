extension Sequential {
  /// Trains the model with mini-batch gradient descent and returns the
  /// history.
  ///
  /// Each epoch shuffles the sample order with a generator seeded from
  /// `shuffleSeed` (the same seed gives the same batches), then for every
  /// batch: zero the gradients, run forward in training mode, evaluate the
  /// loss plus every regularizer's penalty, run backward, add the penalties'
  /// gradients, measure the gradients' norms and clip them
  /// (`gradientClipping`), set the learning rate from `schedule`, step the
  /// optimizer, and apply the regularizers' post-step constraints. After
  /// every epoch it evaluates `validation`, records the epoch, updates
  /// `earlyStopping`, calls `onEpoch`, and stops early when `earlyStopping`
  /// or `stopWhen` says so.
  ///
  /// ```swift
  /// let data = SyntheticData.spiral(pointsPerClass: 100, classes: 3, seed: 1)
  /// let (train, validation) = data.split(validationFraction: 0.2, seed: 2)
  /// let model = Sequential(seed: 7) { Dense(2, 32, init: .heNormal()); ReLU(); Dense(32, 3) }
  /// let history = try model.fit(
  ///   train, loss: .crossEntropy(), optimizer: SGD(learningRate: 0.1, momentum: 0.9),
  ///   epochs: 200, batchSize: 32, validation: validation)
  /// history.validationAccuracy.last!   // the same number on every run
  /// ```
  ///
  /// - Parameters:
  ///   - data: The training set.
  ///   - loss: The data loss.
  ///   - optimizer: Updates the parameters; its `learningRate` is overwritten
  ///     at every step when `schedule` is given.
  ///   - epochs: Passes over the data.
  ///   - batchSize: Samples per step; the last batch of an epoch may be
  ///     smaller.
  ///   - shuffleSeed: Seeds the per-epoch shuffles; `nil` keeps the data order.
  ///   - validation: Evaluated in evaluation mode after every epoch.
  ///   - schedule: The learning rate per optimizer step (0-based, counted
  ///     across epochs).
  ///   - regularizers: Penalties and constraints applied at every step.
  ///   - gradientClipping: Caps the gradients before every optimizer step
  ///     (none by default).
  ///   - earlyStopping: Stops training when a monitored quantity stops
  ///     improving, and can restore the best epoch's weights (none by
  ///     default).
  ///   - onEpoch: Called after every epoch with its record (for diagnostics
  ///     such as activation drift).
  ///   - stopWhen: Called after `onEpoch` with the same record; returning
  ///     `true` ends training after this epoch.
  /// - Returns: Every step's loss and gradient norm, every epoch's
  ///   ``EpochRecord``, and where training stopped early and which epoch was
  ///   best.
  /// - Throws: ``TrainingError/nonFiniteLoss(step:epoch:layer:loss:)`` as soon
  ///   as a step's loss is NaN or infinite.
  @discardableResult
  public func fit(
    _ data: Dataset,
    loss: Loss,
    optimizer: any Optimizer,
    epochs: Int,
    batchSize: Int,
    shuffleSeed: UInt64? = 0,
    validation: Dataset? = nil,
    schedule: LearningRateSchedule? = nil,
    regularizers: [Regularizer] = [],
    gradientClipping: GradientClipping? = nil,
    earlyStopping: EarlyStopping? = nil,
    onEpoch: ((EpochRecord) -> Void)? = nil,
    stopWhen: ((EpochRecord) -> Bool)? = nil
  ) throws -> History {
    require(epochs >= 0, "fit needs a non-negative epoch count")
    require(batchSize > 0, "fit needs a positive batch size")
    require(data.count > 0, "fit needs at least one training sample")
    var history = History()
    var progress = earlyStopping.map { EarlyStopping.Progress($0, validation: validation) }
    var shuffler = RandomGenerator(seed: shuffleSeed ?? 0)
    let parameters = self.parameters
    // The parameter whose gradient norm each weight layer reports (see
    // `weightGradientNorm(ofLayer:)`), looked up once rather than every step.
    let normParameters = parameterizedLayerIndices.map { layers[$0].parameters.first }
    var step = 0
    for epoch in 0..<epochs {
      let order = shuffleSeed == nil ? Array(0..<data.count) : shuffler.permutation(data.count)
      var lossSum = 0.0
      var correct = 0
      var gradientNormSums = [Double](repeating: 0, count: normParameters.count)
      var globalNormSum = 0.0
      var stepsThisEpoch = 0
      for start in stride(from: 0, to: data.count, by: batchSize) {
        let batch = data.subset(order[start..<min(start + batchSize, data.count)])
        for parameter in parameters { parameter.zeroGradient() }
        let predictions = forward(batch.inputs, training: true)
        let evaluation = loss.evaluate(predictions, batch.targets)
        let penalty = regularizers.reduce(Float(0)) { $0 + $1.penalty(parameters) }
        let stepLoss = evaluation.value + penalty
        guard stepLoss.isFinite else {
          throw TrainingError.nonFiniteLoss(
            step: step, epoch: epoch, layer: firstNonFiniteLayer() ?? "the loss (\(loss))", loss: stepLoss)
        }
        _ = backward(evaluation.gradient)
        for regularizer in regularizers { regularizer.addGradients(to: parameters) }
        for (i, parameter) in normParameters.enumerated() {
          gradientNormSums[i] += Double(parameter?.gradient.norm() ?? 0)
        }
        let globalNorm = gradientClipping?.clip(parameters) ?? globalGradientNorm(parameters)
        if let schedule { optimizer.learningRate = schedule(step) }
        optimizer.step(parameters)
        for regularizer in regularizers {
          regularizer.applyAfterStep(to: parameters, learningRate: optimizer.learningRate)
        }
        history.stepLosses.append(stepLoss)
        history.stepGradientNorms.append(globalNorm)
        globalNormSum += Double(globalNorm)
        lossSum += Double(stepLoss) * Double(batch.count)
        if case .classes(let labels) = batch.targets {
          for (predicted, label) in zip(predictions.argmaxPerRow(), labels) where predicted == label { correct += 1 }
        }
        step += 1
        stepsThisEpoch += 1
      }
      let validationResult = validation.map { evaluate($0, loss: loss) }
      let record = EpochRecord(
        epoch: epoch,
        trainLoss: Float(lossSum / Double(data.count)),
        trainAccuracy: data.targets.isClasses ? Float(correct) / Float(data.count) : nil,
        validationLoss: validationResult?.loss,
        validationAccuracy: validationResult?.accuracy,
        learningRate: optimizer.learningRate,
        gradientNorms: gradientNormSums.map { Float($0 / Double(stepsThisEpoch)) },
        globalGradientNorm: Float(globalNormSum / Double(stepsThisEpoch)))
      history.epochs.append(record)
      let stopEarly = progress?.shouldStop(after: record, model: self) ?? false
      onEpoch?(record)
      if stopWhen?(record) == true || stopEarly {
        history.stoppedEpoch = epoch
        break
      }
    }
    if let progress {
      history.bestEpoch = progress.bestEpoch
      if let best = progress.bestWeights { restore(best) }
    }
    return history
  }

  /// The data loss and (for class labels) the accuracy on `data`, in
  /// evaluation mode.
  ///
  /// ```swift
  /// let (testLoss, testAccuracy) = model.evaluate(validation, loss: .crossEntropy())
  /// print(testLoss, testAccuracy ?? .nan)
  /// ```
  ///
  /// - Parameters:
  ///   - data: The samples to evaluate on.
  ///   - loss: The loss to measure (regularizer penalties are not included).
  /// - Returns: The mean loss, and the accuracy for `.classes` targets (`nil`
  ///   for value targets).
  public func evaluate(_ data: Dataset, loss: Loss) -> (loss: Float, accuracy: Float?) {
    let predictions = forward(data.inputs, training: false)
    let value = loss.evaluate(predictions, data.targets).value
    guard case .classes(let labels) = data.targets else { return (value, nil) }
    return (value, accuracy(predictions: predictions, labels: labels))
  }

  /// The predicted class of every row of `inputs` (evaluation mode).
  ///
  /// ```swift
  /// let predicted = model.predictClasses(validation.inputs)
  /// let wrong = zip(predicted, validation.labels).filter { $0 != $1 }.count
  /// ```
  ///
  /// - Parameter inputs: An `n × d` batch.
  /// - Returns: The index of the largest output of each row.
  public func predictClasses(_ inputs: Tensor) -> [Int] {
    forward(inputs, training: false).argmaxPerRow()
  }

  /// The fraction of samples whose predicted class equals the label
  /// (evaluation mode).
  ///
  /// ```swift
  /// let accuracy = model.accuracy(on: validation)
  /// expect(accuracy >= 0.9, "the model classifies 90% of held-out points (got \(accuracy))")
  /// ```
  ///
  /// - Parameter data: A classification data set.
  /// - Returns: A value in `0...1` (0 for an empty data set).
  public func accuracy(on data: Dataset) -> Float {
    accuracy(predictions: forward(data.inputs, training: false), labels: data.labels)
  }

  private func accuracy(predictions: Tensor, labels: [Int]) -> Float {
    let hits = zip(predictions.argmaxPerRow(), labels).filter { $0 == $1 }.count
    return Float(hits) / Float(max(labels.count, 1))
  }
}

extension Targets {
  /// Whether these are class labels.
  var isClasses: Bool {
    if case .classes = self { return true }
    return false
  }
}
