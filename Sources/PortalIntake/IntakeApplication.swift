import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PortalForms

/// The request context: Hummingbird's basics plus the peer's address, for rate limiting.
public struct IntakeContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer's IP address; nil in in-process tests.
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// Counts kept in memory and only logged: nothing about people, only about bots.
public actor IntakeCounters {
    public private(set) var honeypotCaught = 0
    public init() {}
    func caughtHoneypot() -> Int {
        honeypotCaught += 1
        return honeypotCaught
    }
}

/// Builds the intake service: `POST /requests`, its CORS preflight, the confirmation page after a
/// plain post (`GET /requests/sent`), `GET /health`, and the team's inbox under `/team`.
public enum IntakeApplication {
    public static func router(
        configuration: IntakeConfiguration,
        form: FormDefinition,
        store: RequestStore,
        counters: IntakeCounters = IntakeCounters()
    ) -> Router<IntakeContext> {
        let router = Router(context: IntakeContext.self)
        router.addRoutes(routes(configuration: configuration, form: form, store: store, counters: counters))
        return router
    }

    /// The service's routes, for mounting under a path of another server (`portal serve`).
    public static func routes(
        configuration: IntakeConfiguration,
        form: FormDefinition,
        store: RequestStore,
        counters: IntakeCounters = IntakeCounters()
    ) -> RouteCollection<IntakeContext> {
        let handler = RequestsHandler(
            configuration: configuration,
            form: form,
            store: store,
            counters: counters,
            limiter: RateLimiter(perMinute: configuration.rateLimitPerMinute),
            origins: OriginPolicy(allowed: configuration.allowedOrigins, own: configuration.publicURL)
        )
        let routes = RouteCollection(context: IntakeContext.self)
        routes.add(middleware: AccessLogMiddleware())
        routes.post("/requests") { request, context in await handler.receive(request, context: context) }
        routes.on("/requests", method: .options) { request, _ in handler.preflight(request) }
        routes.get("/requests/sent") { request, _ in handler.confirmation(request) }
        routes.get("/health") { _, _ in
            // Public (the proxy passes it on): says whether requests can be stored and the team hears
            // about them, and which of the two is wrong; the counts and the channels' errors are for
            // `portal intake status` on the server only.
            let problem = await store.healthProblem(stalledAfter: configuration.notificationStalledAfter)
            let kind = problem.map { String($0.prefix { $0 != ":" }) }
            return Response(
                status: problem == nil ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: kind.map { "unavailable: \($0)\n" } ?? "ok\n"))
            )
        }
        addTeamRoutes(to: routes, configuration: configuration, form: form, store: store)
        return routes
    }

    /// The team's inbox under `/team`, served only while an account exists (`TeamGuardMiddleware`).
    static func addTeamRoutes(
        to routes: RouteCollection<IntakeContext>,
        configuration: IntakeConfiguration,
        form: FormDefinition,
        store: RequestStore
    ) {
        let inbox = TeamInboxHandler(configuration: configuration, form: form, store: store)
        let team = routes.group("/team").add(middleware: TeamGuardMiddleware(store: store))
        team.get { request, _ in await inbox.inbox(request) }
        team.get("/style.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: TeamStyle.css))
            )
        }
        team.get("/login") { request, _ in await inbox.signInPage(request) }
        team.post("/login") { request, _ in await inbox.signIn(request) }
        team.post("/logout") { request, _ in await inbox.signOut(request) }
        team.post("/language") { request, _ in await inbox.setLanguage(request) }
        team.get("/requests/:ref") { request, context in
            await inbox.requestPage(request, reference: context.parameters.get("ref"))
        }
        team.post("/requests/:ref/claim") { request, context in
            await inbox.change(.claim, request, reference: context.parameters.get("ref"))
        }
        team.post("/requests/:ref/note") { request, context in
            await inbox.change(.note, request, reference: context.parameters.get("ref"))
        }
        team.post("/requests/:ref/handled") { request, context in
            await inbox.change(.handled, request, reference: context.parameters.get("ref"))
        }
    }

    public static func application(
        configuration: IntakeConfiguration,
        form: FormDefinition,
        store: RequestStore,
        host: String,
        port: Int,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(configuration: configuration, form: form, store: store),
            server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(
                address: .hostname(host, port: port),
                serverName: nil,
                // A burst of connections up to the maximum waits in the kernel's queue (capped by
                // net.core.somaxconn) rather than overflowing NIO's default of 256: an overflowed
                // SYN is dropped and a person's request waits a second for the retry.
                backlog: configuration.effectiveMaxConnections,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.effectiveMaxConnections)
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) },
            logger: logger
        )
    }
}

/// One line per request: method, path, status and time. Never the query, headers or body, since
/// those can carry what a person wrote.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = IntakeContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds))ms"
        )
        return response
    }
}
