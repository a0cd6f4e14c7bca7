import Foundation
import Hummingbird
import PortalIntake

/// Every request of the preview: the intake service under `<base>__portal/intake/`, the live
/// reload events and script under `<base>__portal/`, and the site's files everywhere else.
struct PreviewResponder: HTTPResponder {
    typealias Context = IntakeContext

    let basePath: String
    let intakePath: String
    let intake: RouterResponder<IntakeContext>?
    let session: PreviewSession

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if let intake, path.hasPrefix(intakePath + "/") {
            return try await intake.respond(to: request, context: context)
        }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        switch path {
        case basePath + LiveReloadScript.eventsPath:
            return events()
        case basePath + LiveReloadScript.fileName:
            return Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: LiveReloadScript.source)))
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
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}
