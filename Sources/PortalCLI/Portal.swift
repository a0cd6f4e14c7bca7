import ArgumentParser
import Foundation

/// `portal`: builds the Peer Portal site and runs its services.
@main
struct Portal: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "Build the Peer Portal static site from Markdown content and a theme.",
        discussion: """
            Run 'portal build' in the folder that holds site.yml; the site is written to public/.
            Exit status: 0 success, 1 content errors (or warnings with --strict), 2 usage errors.
            """,
        version: version,
        subcommands: [
            BuildCommand.self, ServeCommand.self, CheckCommand.self, NewCommand.self, InitCommand.self,
            IntakeCommand.self,
        ]
    )

    /// argument-parser exits with 64 on usage errors; the portal promises 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as ContentFailure {
            Terminal.error(failure.message)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.error(message) }
            Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

/// Content problems already printed; the message is the closing line.
struct ContentFailure: Error {
    var message: String
}
