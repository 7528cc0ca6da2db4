/// Hints for the argument labels authors bring from PyTorch and Keras
/// (`Adam(lr: 0.01)`, `weight_decay:`, `batch_size:`), which the compiler
/// only reports as `extra argument 'lr' in call` without saying what this
/// library calls it.
enum ForeignLabels {
  /// What to write instead of each foreign label.
  static let hints: [String: String] = [
    "lr": "the learning rate is 'learningRate:'",
    "learning_rate": "the learning rate is 'learningRate:'",
    "weight_decay": "this library spells it 'weightDecay:'",
    "eps": "this library spells it 'epsilon:'",
    "betas": "pass the two decay rates as 'beta1:' and 'beta2:'",
    "momentum": "'momentum:' belongs to SGD, RMSProp and BatchNorm; Adam-style optimizers use 'beta1:' (default 0.9)",
    "batch_size": "this library spells it 'batchSize:'",
    "num_epochs": "this library spells it 'epochs:'",
    "n_epochs": "this library spells it 'epochs:'",
    "nb_epoch": "this library spells it 'epochs:'",
    "validation_data": "pass the validation set as 'validation:'",
    "shuffle": "fit shuffles with 'shuffleSeed:' (nil keeps the data order)",
    "scheduler": "pass a learning-rate schedule as 'schedule:'",
    "lr_scheduler": "pass a learning-rate schedule as 'schedule:'",
    "callbacks": "pass an epoch callback as 'onEpoch:'",
    "p": "Dropout takes its drop probability without a label: Dropout(0.5)",
    "rate": "Dropout takes its drop probability without a label: Dropout(0.5)",
    "in_features": "Dense takes its sizes without labels: Dense(inputs, outputs)",
    "out_features": "Dense takes its sizes without labels: Dense(inputs, outputs)",
    "units": "Dense takes its sizes without labels: Dense(inputs, outputs)",
    "kernel_initializer": "this library spells it 'init:'",
    "use_bias": "this library spells it 'bias:'",
    "num_features": "BatchNorm takes its feature count without a label: BatchNorm(64)",
  ]

  /// `message` with a hint added when it is the compiler's complaint about
  /// an extra argument or an extraneous label that is a known foreign
  /// spelling.
  ///
  /// ```swift
  /// ForeignLabels.annotate("extra argument 'lr' in call")
  /// // "extra argument 'lr' in call; the learning rate is 'learningRate:'"
  /// ```
  static func annotate(_ message: String) -> String {
    guard let match = message.firstMatch(of: /(?:extra argument '([A-Za-z_0-9]+)' in call|extraneous argument label '([A-Za-z_0-9]+):')/),
      let label = match.1 ?? match.2, let hint = hints[String(label)]
    else { return message }
    return message + "; " + hint
  }
}
