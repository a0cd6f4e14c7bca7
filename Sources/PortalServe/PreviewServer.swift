import Foundation
import Hummingbird
import Logging
import PortalConfig
import PortalForms
import PortalIntake
import PortalSite
import ServiceLifecycle

/// `portal serve`: the live site over HTTP on the loopback address, under the site's base path,
/// with Server-Sent Events for live reload and the intake service mounted at
/// `<base>__portal/intake` with a throwaway database.
public struct PreviewServer: Sendable {
    public var configFile: URL
    public var host: String
    public var port: Int
    public var includeDrafts: Bool
    public var log: @Sendable (String) -> Void

    public init(
        configFile: URL,
        host: String,
        port: Int,
        includeDrafts: Bool,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.configFile = configFile
        self.host = host
        self.port = port
        self.includeDrafts = includeDrafts
        self.log = log
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public func run() async throws {
        guard let port = port == 0 ? FreePort.find(host: host) : port else {
            throw StartError(description: "no free port found on \(host)")
        }
        guard FreePort.isFree(host: host, port: port) else {
            throw StartError(
                description:
                    "port \(port) on \(host) is in use (another 'portal serve'?). Stop it, or pass --port 0 for a free port or another number"
            )
        }
        // The base path comes from site.yml; a broken site.yml is shown in the browser like any error.
        let basePath = (try? SiteConfigLoader.load(file: configFile, baseURLOverride: nil).basePath) ?? "/"
        let urlHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        let origin = "http://\(urlHost):\(port)"
        let siteURL = origin + basePath
        let intakePath = basePath + "__portal/intake"
        let options = BuildOptions(
            configFile: configFile,
            baseURLOverride: siteURL,
            intakeURLOverride: origin + intakePath,
            includeDrafts: includeDrafts
        )
        let session = PreviewSession(options: options, log: log)
        _ = try session.start()
        defer { session.stop() }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("portal-serve-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let store = try RequestStore(path: scratch.appendingPathComponent("requests.sqlite").path)
        var intake = IntakeConfiguration(allowedOrigins: [
            origin, "http://localhost:\(port)", "http://127.0.0.1:\(port)",
        ])
        intake.rateLimitPerMinute = 0
        intake.siteURL = siteURL
        intake.publicURL = origin + intakePath + "/requests"
        let live = session.live
        intake.readSiteFile = { path in live.snapshot().files[path] }
        let mount = IntakeMount(path: intakePath, configuration: intake, store: store)
        log(
            "The request form posts to \(origin + intakePath) and is stored in a throwaway database (\(scratch.path)), deleted when the preview stops."
        )
        let responder = PreviewResponder(basePath: basePath, intake: mount, session: session)
        let broadcaster = session.broadcaster
        let pinger = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                broadcaster.ping()
            }
        }
        defer { pinger.cancel() }
        var logger = Logger(label: "portal-serve")
        logger.logLevel = .warning
        let log = self.log
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { _ in log("Serving \(siteURL) (press Ctrl-C to stop)") },
            logger: logger
        )
        // On Ctrl-C, services are told to stop in reverse order: the event streams end first,
        // since the server waits for every open request before it stops.
        let group = ServiceGroup(
            configuration: .init(
                services: [app, ReloadStreamsCloser(broadcaster: broadcaster)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        broadcaster.finishAll()
    }

    static func response(_ reply: PreviewFiles.Reply, head: Bool) -> Response {
        var headers: HTTPFields = [
            .contentType: reply.contentType, .cacheControl: "no-store", .contentLength: String(reply.body.count),
        ]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if let location = reply.location { headers[.location] = location }
        return Response(
            status: .init(code: reply.status),
            headers: headers,
            body: head ? .init() : .init(byteBuffer: ByteBuffer(bytes: reply.body))
        )
    }
}
