import ArgumentParser

/// TEMPORARY (branch `intake` only): a root command so `portal intake` runs before the lead's
/// root command exists. The lead deletes this file and lists `IntakeCommand.self` in the root.
@main
struct IntakeDevMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "portal", subcommands: [IntakeCommand.self])
}
