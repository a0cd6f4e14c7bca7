import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PortalForms
import XCTest

@testable import PortalIntake

/// A real SQLite file in a fresh temporary folder, the shipped form, and the service's router.
struct IntakeFixture {
    static let site = "https://peers.example.org"
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    let store: RequestStore
    let form: FormDefinition
    var configuration: IntakeConfiguration
    let counters = IntakeCounters()
    let logs = LogCollector()

    init(configure: (inout IntakeConfiguration) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try RequestStore(path: folder.appendingPathComponent("requests.sqlite").path)
        form = try FormDefinition.load(
            path: Self.repositoryRoot.appendingPathComponent("content/request-form.yml").path,
            displayPath: "content/request-form.yml"
        )
        configuration = IntakeConfiguration(allowedOrigins: [Self.site])
        configuration.rateLimitPerMinute = 0
        configuration.siteDirectory = folder.appendingPathComponent("public").path
        configure(&configuration)
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = IntakeApplication.router(
            configuration: configuration,
            form: form,
            store: store,
            counters: counters
        )
        let logs = self.logs
        var logger = Logger(label: "test") { _ in CollectingLogHandler(collector: logs) }
        logger.logLevel = .debug
        let app = Application(router: router, logger: logger)
        try await app.test(.router) { client in try await body(client) }
    }

    static let validJSON = """
        {"contact_method":"phone","phone":"650 555 0123","language":"en","timing":"asap",
         "topic":["stress","burnout"],"confirm":"yes","message":"A hard day","lang":"en"}
        """

    static let validForm =
        "contact_method=phone&phone=650+555+0123&language=es&timing=asap&topic=stress&topic=burnout"
        + "&confirm=yes&message=Un+d%C3%ADa+dif%C3%ADcil&lang=es&website=&idempotency_key="

    static func headers(_ contentType: String, origin: String? = site) -> HTTPFields {
        var fields: HTTPFields = [.contentType: contentType]
        if let origin { fields[.origin] = origin }
        return fields
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }
}

/// Every log message, to prove that none carries what a person wrote.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

struct CollectingLogHandler: LogHandler {
    let collector: LogCollector
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level,
        message: Logger.Message,
        metadata: Logger.Metadata?,
        source: String,
        file: String,
        function: String,
        line: UInt
    ) {
        collector.append("\(level) \(message) \(self.metadata.merging(metadata ?? [:]) { $1 })")
    }
}
