import Foundation
import ServiceLifecycle

/// The browser tabs listening for rebuilds over Server-Sent Events, and what is sent to them.
final class ReloadBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [UUID: AsyncStream<String>.Continuation] = [:]
    private var finished = false

    /// A new tab's stream of event texts; it ends when the preview stops.
    func subscribe() -> (id: UUID, events: AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        lock.lock()
        if finished {
            continuation.finish()
        } else {
            clients[id] = continuation
        }
        lock.unlock()
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        lock.lock()
        let continuation = clients.removeValue(forKey: id)
        lock.unlock()
        continuation?.finish()
    }

    /// Sends one event (`event:` name and `data:` line) to every tab.
    func send(event: String, data: String) {
        send(raw: "event: \(event)\ndata: \(data)\n\n")
    }

    /// A comment line keeps idle connections open through proxies and reveals closed tabs.
    func ping() { send(raw: ": ping\n\n") }

    private func send(raw: String) {
        lock.lock()
        let targets = Array(clients.values)
        lock.unlock()
        for continuation in targets { continuation.yield(raw) }
    }

    func finishAll() {
        lock.lock()
        finished = true
        let targets = Array(clients.values)
        clients = [:]
        lock.unlock()
        for continuation in targets { continuation.finish() }
    }
}

/// Open event streams never end by themselves, and the server waits for every open request
/// before it stops: on Ctrl-C (graceful shutdown) this ends them.
struct ReloadStreamsCloser: Service {
    let broadcaster: ReloadBroadcaster

    func run() async throws {
        try? await gracefulShutdown()
        broadcaster.finishAll()
    }
}
