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
            The team uses `export`, `mark-handled` and `purge` on the same database file; `team`
            makes the accounts of the team inbox (/team/), and `audit` shows what was done there.
            """,
        subcommands: [
            Serve.self, Status.self, Export.self, MarkHandled.self, Purge.self, Team.self, Audit.self, PrintForm.self,
        ],
        defaultSubcommand: Serve.self
    )

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
            abstract: "Serve POST /requests and GET /health."
        )

        @OptionGroup var database: DatabaseOption
        @OptionGroup var form: FormOption

        @Option(
            name: .customLong("allow-origin"),
            parsing: .upToNextOption,
            help: "Origin(s) whose pages may post, e.g. https://peers.example.org (repeatable)."
        )
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
            help: "This service's URL for POST /requests as the form uses it (default: from the Host header)."
        )
        var publicURL: String?

        @Option(help: "URL to POST a notification (reference only, never answers) for each new request.")
        var webhook: String?

        @Option(
            name: .customLong("notify-email"),
            parsing: .upToNextOption,
            help: "Address(es) to email about each new request, through the system's sendmail (repeatable)."
        )
        var notifyEmail: [String] = []

        @Option(name: .customLong("mail-from"), help: "The notification email's From address.")
        var mailFrom = "Peer Portal <portal-intake@localhost>"

        @Option(
            help: "The sendmail-compatible command and its own arguments, split at spaces (-t -oi are added)."
        )
        var sendmail = "/usr/sbin/sendmail"

        @Flag(
            name: .customLong("notify-with-answers"),
            help: "Put the answers in notifications too (only where the channel is as private as the database)."
        )
        var notifyWithAnswers = false

        @Flag(
            name: .customLong("no-notifications"),
            help: "Run without telling anyone about new requests (tests only: the team would not hear of them)."
        )
        var noNotifications = false

        @Option(
            name: .customLong("notify-stalled-after"),
            help: "Seconds a notification may wait before /health answers 503 (default 120)."
        )
        var notifyStalledAfter = 120

        @Option(help: "Delete requests older than this, hourly, inside the service (30d, 12h, 2w, 90m; 'off').")
        var retention = RetentionPeriod.defaultPeriod

        @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle or stalled connection is closed.")
        var idleTimeout = 15

        @Option(name: .customLong("body-timeout"), help: "Seconds a request's body may take to arrive.")
        var bodyTimeout = 10

        @Option(
            name: .customLong("max-connections"),
            help: "Connections served at once (also kept under the open-file limit)."
        )
        var maxConnections = 1000

        @Flag(
            name: .customLong("trust-forwarded-for"),
            help: "Rate-limit by the last X-Forwarded-For address (only behind a proxy that sets it)."
        )
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
                    "--allow-origin '\(origin)' is not an origin; write it like https://peers.example.org"
                )
            }
            if rateLimit < 0 { throw ValidationError("--rate-limit must be 0 (off) or more") }
            if let webhook, URL(string: webhook)?.scheme?.hasPrefix("http") != true {
                throw ValidationError("--webhook must be an http(s) URL")
            }
            if webhook == nil && notifyEmail.isEmpty && !noNotifications {
                throw ValidationError(
                    "Nobody would hear about new requests: give --webhook URL and/or --notify-email ADDRESS "
                        + "(see docs/deploy.md, Notifications), or --no-notifications for a test."
                )
            }
            for address in notifyEmail where !address.contains("@") || address.contains(where: \.isNewline) {
                throw ValidationError("--notify-email '\(address)' is not an email address")
            }
            if retention != "off" && RetentionPeriod.seconds(retention) == nil {
                throw ValidationError("--retention must look like 30d, 12h, 2w or 90m, or be 'off'")
            }
            if idleTimeout < 1 || bodyTimeout < 1 || maxConnections < 1 {
                throw ValidationError("--idle-timeout, --body-timeout and --max-connections must be 1 or more")
            }
        }

        func channels() -> [any NotificationChannel] {
            var channels: [any NotificationChannel] = []
            if let url = webhook.flatMap(URL.init(string:)) { channels.append(WebhookChannel(url: url)) }
            if !notifyEmail.isEmpty {
                let command = sendmail.split(separator: " ").map(String.init)
                channels.append(EmailChannel(recipients: notifyEmail, sender: mailFrom, command: command))
            }
            return channels
        }

        func run() async throws {
            let definition = try form.load()
            umask(0o077)  // nothing this process creates is readable by others
            signal(SIGPIPE, SIG_IGN)  // a sendmail that exits early must not take the service with it
            let store = try RequestStore(path: database.path)
            let channels = channels()
            var configuration = IntakeConfiguration(allowedOrigins: allowOrigins)
            configuration.rateLimitPerMinute = rateLimit
            configuration.siteDirectory = siteDirectory
            configuration.siteURL = siteURL
            configuration.publicURL = publicURL
            configuration.trustForwardedFor = trustForwardedFor
            configuration.contactPhone = contactPhone
            configuration.contactEmail = contactEmail
            configuration.notificationChannels = channels.map(\.name)
            configuration.idleTimeout = .seconds(idleTimeout)
            configuration.bodyTimeout = .seconds(bodyTimeout)
            configuration.maxConnections = maxConnections
            configuration.notificationStalledAfter = TimeInterval(notifyStalledAfter)
            var logger = Logger(label: "portal-intake")
            logger.logLevel = .info
            let host = self.host
            let app = IntakeApplication.application(
                configuration: configuration,
                form: definition,
                store: store,
                host: host,
                port: port,
                logger: logger,
                onServerRunning: { port in
                    // Written unbuffered: scripts wait for this line to learn the port.
                    FileHandle.standardOutput.write(
                        Data("portal intake listening on http://\(host):\(port ?? 0)\n".utf8)
                    )
                }
            )
            let notifier = Notifier(
                store: store,
                channels: channels,
                logger: logger,
                inboxURL: configuration.teamInboxURL,
                includeAnswers: notifyWithAnswers
            )
            let keep = RetentionPeriod.seconds(retention)
            let retentionLogger = logger
            let notifying = !channels.isEmpty
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.runService() }
                if notifying { group.addTask { await notifier.run() } }
                if let keep { group.addTask { await Retention.run(store: store, keep: keep, logger: retentionLogger) } }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether requests are stored durably and the team is hearing about them."
        )

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try RequestStore(path: database.path, mustExist: true)
            let counts = try store.counts()
            print(
                "database: \(database.path) (WAL, synchronous=\(try store.writerSynchronousLevel() == 2 ? "FULL" : "not FULL"))"
            )
            print("requests: \(counts.open) open, \(counts.handled) handled")
            let backlog = try store.backlog()
            if backlog.isEmpty { print("notifications: none waiting") }
            for item in backlog {
                let age = item.oldest.map { ", the oldest for \(Int(Date().timeIntervalSince($0) / 60)) min" } ?? ""
                print(
                    "notifications by \(item.channel): \(item.waiting) waiting\(age)\(item.lastError.map { "; last error: \($0)" } ?? "")"
                )
            }
            if let problem = await store.healthProblem() {
                print("health: \(problem)")
                throw ExitCode.failure
            }
            print("health: ok")
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
            let store = try RequestStore(path: database.path, mustExist: true)
            let definition = try? FormDefinition.load(path: form.path, displayPath: form.path)
            var text = RequestExport.render(
                try store.all(includeHandled: !unhandledOnly),
                form: definition,
                format: format
            )
            // What someone typed must not drive the team's terminal (colours, titles, cursor moves).
            if output == nil && isatty(STDOUT_FILENO) == 1 { text = RequestExport.visibleControls(text) }
            if let output {
                umask(0o077)
                guard
                    FileManager.default.createFile(
                        atPath: output,
                        contents: Data(text.utf8),
                        attributes: [.posixPermissions: 0o600]
                    )
                else { throw ValidationError("cannot write \(output)") }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    struct MarkHandled: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-handled",
            abstract: "Mark a request as handled by its reference, e.g. PS-7K3M-Q9XD."
        )

        @OptionGroup var database: DatabaseOption

        @Argument(help: "The request's reference.")
        var id: String

        func run() async throws {
            let store = try RequestStore(path: database.path, mustExist: true)
            guard try store.markHandled(id.uppercased()) else {
                FileHandle.standardError.write(Data("no request with reference \(id)\n".utf8))
                throw ExitCode.failure
            }
            print("\(id.uppercased()) marked handled")
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete requests older than a period (default \(RetentionPeriod.defaultPeriod))."
        )

        @OptionGroup var database: DatabaseOption

        @Option(name: .customLong("older-than"), help: "A period such as 30d, 12h, 2w or 90m.")
        var olderThan = RetentionPeriod.defaultPeriod

        func run() async throws {
            guard let seconds = RetentionPeriod.seconds(olderThan) else {
                throw ValidationError("--older-than must look like 30d, 12h, 2w or 90m")
            }
            let store = try RequestStore(path: database.path, mustExist: true)
            let result = try store.purge(receivedBefore: Date().addingTimeInterval(-seconds))
            print("deleted \(result.deleted) request(s) received more than \(olderThan) ago")
            guard result.forgotten else {
                FileHandle.standardError.write(
                    Data(
                        ("not yet forgotten: \(result.reason ?? "the write-ahead log could not be emptied"). "
                            + "Run the same command again when that reader is done.\n").utf8
                    )
                )
                throw ExitCode.failure
            }
        }
    }

    /// For checking a form edit, and for the browser test's stand-in site before the builder exists.
    struct PrintForm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print-form",
            abstract: "Print the form's HTML in one language, or its JSON Schema."
        )

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
                        language: lang,
                        action: action,
                        contactPhone: contactPhone,
                        contactEmail: contactEmail
                    ),
                terminator: ""
            )
        }
    }
}
