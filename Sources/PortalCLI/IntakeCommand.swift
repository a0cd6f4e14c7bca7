import ArgumentParser
import Foundation
import Logging
import PortalDiagnostics
import PortalForms
import PortalIntake

/// `portal intake`: receives the request form's posts and keeps them safe; the team's subcommands
/// read, close and delete them.
struct IntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Receive support requests from the site's form and store them durably.",
        discussion: """
            Run `portal intake serve` (the default) behind a TLS reverse proxy; see docs/deploy.md.
            The team uses `export`, `mark-handled` and `purge` on the same database file.
            """,
        subcommands: [Serve.self, Export.self, MarkHandled.self, Purge.self, PrintForm.self],
        defaultSubcommand: Serve.self)

    struct DatabaseOption: ParsableArguments {
        @Option(name: .customLong("db"), help: "The SQLite file (created owner-only, mode 0600, when missing).")
        var path: String
    }

    struct FormOption: ParsableArguments {
        @Option(name: .customLong("form"), help: "The request form definition.")
        var path = "content/request-form.yml"

        func load() throws -> FormDefinition {
            do {
                return try FormDefinition.load(path: path, displayPath: path)
            } catch let list as DiagnosticList {
                for diagnostic in list.diagnostics {
                    FileHandle.standardError.write(Data((diagnostic.formatted + "\n").utf8))
                }
                throw ExitCode.failure
            }
        }
    }
}

extension IntakeCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve POST /requests and GET /health.")

        @OptionGroup var database: DatabaseOption
        @OptionGroup var form: FormOption

        @Option(
            name: .customLong("allow-origin"), parsing: .upToNextOption,
            help: "Origin(s) whose pages may post, e.g. https://peers.example.org (repeatable).")
        var allowOrigins: [String] = []

        @Option(help: "Address to listen on; keep 127.0.0.1 behind a reverse proxy.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on (0 picks a free one and prints it).")
        var port = 8081

        @Option(
            name: .customLong("rate-limit"),
            help:
                "Requests per minute per client address (default \(IntakeConfiguration.defaultRateLimit)); 0 turns it off."
        )
        var rateLimit = IntakeConfiguration.defaultRateLimit

        @Option(name: .customLong("site"), help: "The built site folder, holding each form page's form-shell.html.")
        var siteDirectory = "public"

        @Option(name: .customLong("site-url"), help: "Public URL of the site root (default: the first --allow-origin).")
        var siteURL: String?

        @Option(
            name: .customLong("public-url"),
            help: "This service's URL for POST /requests as the form uses it (default: from the Host header).")
        var publicURL: String?

        @Option(help: "URL to POST a notification (reference only, never answers) for each new request.")
        var webhook: String?

        @Flag(
            name: .customLong("trust-forwarded-for"),
            help: "Rate-limit by the last X-Forwarded-For address (only behind a proxy that sets it).")
        var trustForwardedFor = false

        @Option(name: .customLong("contact-phone"), help: "The team's phone, shown when the service cannot be reached.")
        var contactPhone: String?

        @Option(name: .customLong("contact-email"), help: "The team's email, shown when the service cannot be reached.")
        var contactEmail: String?

        func validate() throws {
            if allowOrigins.isEmpty {
                throw ValidationError("Give at least one --allow-origin, e.g. https://peers.example.org")
            }
            for origin in allowOrigins where IntakeConfiguration(allowedOrigins: [origin]).allowedOrigins.isEmpty {
                throw ValidationError(
                    "--allow-origin '\(origin)' is not an origin; write it like https://peers.example.org")
            }
            if rateLimit < 0 { throw ValidationError("--rate-limit must be 0 (off) or more") }
            if let webhook, URL(string: webhook)?.scheme?.hasPrefix("http") != true {
                throw ValidationError("--webhook must be an http(s) URL")
            }
        }

        func run() async throws {
            let definition = try form.load()
            umask(0o077)  // nothing this process creates is readable by others
            let store = try RequestStore(path: database.path)
            var configuration = IntakeConfiguration(allowedOrigins: allowOrigins)
            configuration.rateLimitPerMinute = rateLimit
            configuration.siteDirectory = siteDirectory
            configuration.siteURL = siteURL
            configuration.publicURL = publicURL
            configuration.trustForwardedFor = trustForwardedFor
            configuration.contactPhone = contactPhone
            configuration.contactEmail = contactEmail
            configuration.webhookURL = webhook.flatMap(URL.init(string:))
            var logger = Logger(label: "portal-intake")
            logger.logLevel = .info
            let host = self.host
            let app = IntakeApplication.application(
                configuration: configuration, form: definition, store: store, host: host, port: port, logger: logger,
                onServerRunning: { port in
                    // Written unbuffered: scripts wait for this line to learn the port.
                    FileHandle.standardOutput.write(
                        Data("portal intake listening on http://\(host):\(port ?? 0)\n".utf8))
                })
            let notifier = configuration.webhookURL.map { WebhookNotifier(store: store, url: $0, logger: logger) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.runService() }
                if let notifier { group.addTask { await notifier.run() } }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the requests as CSV or JSON.")

        @OptionGroup var database: DatabaseOption
        @OptionGroup var form: FormOption

        @Option(help: "csv (spreadsheet-safe) or json.")
        var format: String = "csv"

        @Option(name: .shortAndLong, help: "File to write (created owner-only); default: standard output.")
        var output: String?

        @Flag(name: .customLong("unhandled"), help: "Only requests not yet marked handled.")
        var unhandledOnly = false

        func run() async throws {
            guard let format = RequestExport.Format(rawValue: format) else {
                throw ValidationError("--format must be csv or json")
            }
            let store = try RequestStore(path: database.path)
            let definition = try? FormDefinition.load(path: form.path, displayPath: form.path)
            let text = RequestExport.render(
                try store.all(includeHandled: !unhandledOnly), form: definition, format: format)
            if let output {
                umask(0o077)
                guard
                    FileManager.default.createFile(
                        atPath: output, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
                else { throw ValidationError("cannot write \(output)") }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    struct MarkHandled: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-handled", abstract: "Mark a request as handled by its reference, e.g. PS-7K3M-Q9XD.")

        @OptionGroup var database: DatabaseOption

        @Argument(help: "The request's reference.")
        var id: String

        func run() async throws {
            let store = try RequestStore(path: database.path)
            guard try store.markHandled(id.uppercased()) else {
                FileHandle.standardError.write(Data("no request with reference \(id)\n".utf8))
                throw ExitCode.failure
            }
            print("\(id.uppercased()) marked handled")
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete requests older than a period (default \(RetentionPeriod.defaultPeriod)).")

        @OptionGroup var database: DatabaseOption

        @Option(name: .customLong("older-than"), help: "A period such as 30d, 12h, 2w or 90m.")
        var olderThan = RetentionPeriod.defaultPeriod

        func run() async throws {
            guard let seconds = RetentionPeriod.seconds(olderThan) else {
                throw ValidationError("--older-than must look like 30d, 12h, 2w or 90m")
            }
            let store = try RequestStore(path: database.path)
            let count = try store.purge(receivedBefore: Date().addingTimeInterval(-seconds))
            print("deleted \(count) request(s) received more than \(olderThan) ago")
        }
    }

    /// For checking a form edit, and for the browser test's stand-in site before the builder exists.
    struct PrintForm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print-form", abstract: "Print the form's HTML in one language, or its JSON Schema.")

        @OptionGroup var form: FormOption

        @Option(help: "Language of the form.")
        var lang = "en"

        @Option(help: "The form's action: the intake service's URL plus /requests.")
        var action = "http://127.0.0.1:8081/requests"

        @Option(name: .customLong("contact-phone"), help: "The team's phone, for the script's unreachable message.")
        var contactPhone: String?

        @Option(name: .customLong("contact-email"), help: "The team's email, for the script's unreachable message.")
        var contactEmail: String?

        @Flag(help: "Print the JSON Schema instead.")
        var schema = false

        func run() async throws {
            let definition = try form.load()
            print(
                schema
                    ? definition.jsonSchema()
                    : definition.renderHTML(
                        language: lang, action: action, contactPhone: contactPhone, contactEmail: contactEmail),
                terminator: "")
        }
    }
}
