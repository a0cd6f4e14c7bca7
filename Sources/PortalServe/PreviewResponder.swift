import Foundation
import Hummingbird
import PortalForms
import PortalIntake

/// Every request of the preview: the intake service under `<base>__portal/intake/`, the live
/// reload events and script under `<base>__portal/`, and the site's files everywhere else.
struct PreviewResponder: HTTPResponder {
    typealias Context = IntakeContext

    let basePath: String
    let intake: IntakeMount
    let session: PreviewSession

    func respond(to request: Request, context: Context) async throws -> Response {
        // The base path is decoded (`/guía/`); the request's path arrives percent-encoded.
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        if path.hasPrefix(intake.path + "/"), let routes = intake.responder(for: session.live.requestForm()) {
            return try await routes.respond(to: request, context: context)
        }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        switch path {
        case basePath + LiveReloadScript.eventsPath:
            if request.method == .head {
                return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"])
            }
            return events()
        case basePath + LiveReloadScript.fileName:
            return Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: LiveReloadScript.source))
            )
        case basePath + FindingsPanel.styleSheet:
            return Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: FindingsPanel.css))
            )
        case basePath + FindingsPanel.listPath:
            let snapshot = session.live.snapshot()
            let page = FindingsPanel.listPage(
                snapshot.findings,
                basePath: basePath,
                generation: snapshot.generation
            )
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: page))
            )
        default:
            let reply = PreviewFiles(live: session.live).reply(to: path)
            return PreviewServer.response(reply, head: request.method == .head)
        }
    }

    /// A Server-Sent Events stream: `hello` with the current rebuild number, then a `reload`
    /// event after every rebuild, until the tab closes or the preview stops.
    private func events() -> Response {
        let broadcaster = session.broadcaster
        let live = session.live
        let body = ResponseBody { writer in
            let (id, events) = broadcaster.subscribe()
            defer { broadcaster.unsubscribe(id) }
            let hello = "retry: 500\nevent: hello\ndata: {\"generation\":\(live.snapshot().generation)}\n\n"
            try await writer.write(ByteBuffer(string: hello))
            for await event in events { try await writer.write(ByteBuffer(string: event)) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: body
        )
    }
}

/// The intake service's routes for the site's request form as it is now: made again when the
/// form's definition changes, on the same throwaway database.
final class IntakeMount: @unchecked Sendable {
    /// Decoded, like the base path.
    let path: String
    private let configuration: IntakeConfiguration
    private let store: RequestStore
    private let lock = NSLock()
    private var current: (form: FormDefinition, routes: RouterResponder<IntakeContext>)?

    init(path: String, configuration: IntakeConfiguration, store: RequestStore) {
        self.path = path
        self.configuration = configuration
        self.store = store
    }

    /// Nil while the site has no form page.
    func responder(for form: FormDefinition?) -> RouterResponder<IntakeContext>? {
        guard let form else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let current, current.form == form { return current.routes }
        let router = Router(context: IntakeContext.self)
        // Routes match the request's path as it arrives, percent-encoded.
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        router.addRoutes(
            IntakeApplication.routes(configuration: configuration, form: form, store: store),
            atPath: RouterPath(encoded)
        )
        let routes = router.buildResponder()
        current = (form, routes)
        return routes
    }
}
