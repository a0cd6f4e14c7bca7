import Hummingbird

/// Reads a request body under two limits: its size (counted while reading, so a chunked body with
/// no `Content-Length` is held to it too) and the time it may take to arrive.
enum BodyReader {
    enum Outcome: Sendable {
        case complete([UInt8])
        case tooLarge
        case tooSlow
        case unreadable
    }

    static func read(_ body: RequestBody, limit: Int, within timeout: Duration) async -> Outcome {
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                var bytes: [UInt8] = []
                do {
                    for try await chunk in body {
                        if bytes.count + chunk.readableBytes > limit { return .tooLarge }
                        bytes.append(contentsOf: chunk.readableBytesView)
                    }
                } catch {
                    return Task.isCancelled ? .tooSlow : .unreadable
                }
                return Task.isCancelled ? .tooSlow : .complete(bytes)
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .tooSlow
            }
            let first = await group.next() ?? .unreadable
            group.cancelAll()
            return first
        }
    }
}
