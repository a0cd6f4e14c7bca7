import ArgumentParser
import Foundation
import PortalServe

/// `portal serve`: the live preview for content editors.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site at http://127.0.0.1:1313/ and reload it as you save.",
        discussion: """
            Builds the site into memory (public/ is not touched), serves it under the base path of
            site.yml, watches content/, data/, static/, the themes and site.yml, rebuilds only what a
            change affects and reloads the open browser tabs, keeping their scroll position. A mistake
            in a page shows in the browser as an error page naming the file, line and fix, until it is
            fixed. The request form posts to an intake service inside the preview, with a throwaway
            database deleted when the preview stops.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The site settings file.", valueName: "file"))
    var config: String = "site.yml"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 1313

    @Option(help: "Address to listen on. Keep 127.0.0.1 unless others must see the preview.")
    var host = "127.0.0.1"

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let configURL = URL(fileURLWithPath: config).standardizedFileURL
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ValidationError(
                "no \(config) here. Run 'portal serve' in the folder that holds site.yml, pass --config FILE, or start a site with 'portal init DIR'."
            )
        }
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            Terminal.error(
                "warning: the preview listens on \(host): other computers on the network can see it and post to its form."
            )
        }
        let server = PreviewServer(configFile: configURL, host: host, port: port, includeDrafts: drafts) { line in
            Terminal.output(line)
        }
        do {
            try await server.run()
        } catch let error as PreviewServer.StartError {
            throw ValidationError(error.description)
        }
    }
}
