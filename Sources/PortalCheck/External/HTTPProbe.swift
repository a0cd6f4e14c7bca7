import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One question to another site: what does this address answer? HEAD first, and GET when HEAD
/// is refused or fails (some servers mishandle HEAD). Redirects are followed by URLSession,
/// which gives up after about twenty: that is how a redirect loop shows. (Following them by
/// hand needs the redirect delegate, which crashes swift-corelibs-foundation on HEAD requests.)
struct HTTPProbe: Sendable {
    enum Outcome: Sendable, Equatable {
        case ok(Int)
        case broken(Int)
        case redirectLoop
        case timeout
        case unreachable(String)

        /// Worth keeping in the cache (a timeout or a network error may pass).
        var isLasting: Bool {
            switch self {
            case .timeout, .unreachable: return false
            default: return true
            }
        }
    }

    let timeout: TimeInterval
    let session: URLSession

    init(timeout: TimeInterval) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpAdditionalHeaders = ["User-Agent": "portal-check (link checker of a static site)"]
        session = URLSession(configuration: configuration)
    }

    func check(_ url: URL) -> Outcome {
        let head = request(url, method: "HEAD")
        switch head {
        case .ok, .redirectLoop, .timeout: return head
        case .broken, .unreachable: return request(url, method: "GET")
        }
    }

    private func request(_ url: URL, method: String) -> Outcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        let box = AnswerBox()
        let task = session.dataTask(with: request) { _, response, error in
            if let http = response as? HTTPURLResponse {
                box.set((200..<300).contains(http.statusCode) ? .ok(http.statusCode) : .broken(http.statusCode))
            } else if let error = error as? URLError, error.code == .timedOut {
                box.set(.timeout)
            } else if let error = error as? URLError, error.code == .httpTooManyRedirects {
                box.set(.redirectLoop)
            } else {
                box.set(.unreachable(error?.localizedDescription ?? "no answer"))
            }
        }
        task.resume()
        // The session's own timeout should fire first; this is the backstop.
        guard box.wait(seconds: timeout * 2 + 1) else {
            task.cancel()
            return .timeout
        }
        return box.value ?? .timeout
    }
}

/// A value set once by a callback on another thread, waited for with a deadline.
private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var stored: HTTPProbe.Outcome?

    func set(_ value: HTTPProbe.Outcome) {
        lock.lock()
        let first = stored == nil
        if first { stored = value }
        lock.unlock()
        if first { done.signal() }
    }

    var value: HTTPProbe.Outcome? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func wait(seconds: TimeInterval) -> Bool {
        done.wait(timeout: .now() + seconds) == .success
    }
}
