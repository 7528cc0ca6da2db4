import PackagePlugin

/// Generates `RunnerDigest.swift` for the runner: a digest of the sources of
/// the target and of the package targets it depends on, recomputed whenever
/// one of them changes (see `RunnerDigestTool`).
@main
struct RunnerDigestPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let targets = [target] + target.recursiveTargetDependencies
    let files = targets.compactMap { $0 as? SourceModuleTarget }.flatMap { module in
      module.sourceFiles.filter { $0.type == .source || $0.type == .header }.map(\.url)
    }
    let output = context.pluginWorkDirectoryURL.appending(path: "RunnerDigest.swift")
    return [
      .buildCommand(
        displayName: "Digest of the runner's sources",
        executable: try context.tool(named: "RunnerDigestTool").url,
        arguments: [context.package.directoryURL.path(percentEncoded: false), output.path(percentEncoded: false)]
          + files.map { $0.path(percentEncoded: false) },
        inputFiles: files,
        outputFiles: [output])
    ]
  }
}
