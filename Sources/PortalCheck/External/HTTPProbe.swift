import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One question to another site: what does this address answer, following redirects by hand so
/// that a loop is caught, HEAD first and GET when HEAD is refused or fails.
struct HTTPProbe: Sendable {
    enum Outcome: Sendable, Equatable {
        case ok(Int)
        case broken(Int)
        case redirectLoop(String)
        case tooManyRedirects
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
    let maxRedirects: Int
    let session: URLSession

    init(timeout: TimeInterval, maxRedirects: Int) {
        self.timeout = timeout
        self.maxRedirects = maxRedirects
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpAdditionalHeaders = ["User-Agent": "portal-check (link checker of a static site)"]
        session = URLSession(configuration: configuration, delegate: NoAutomaticRedirects(), delegateQueue: nil)
    }

    func check(_ url: URL) -> Outcome {
        let head = follow(url, method: "HEAD")
        switch head {
        case .ok, .redirectLoop, .tooManyRedirects, .timeout: return head
        // Some servers refuse or mishandle HEAD: ask again with GET.
        case .broken, .unreachable: return follow(url, method: "GET")
        }
    }

    private func follow(_ start: URL, method: String) -> Outcome {
        var current = start
        var visited: Set<String> = [start.absoluteString]
        for _ in 0...maxRedirects {
            let answer = request(current, method: method)
            switch answer {
            case .failure(let outcome): return outcome
            case .success(let (status, location)):
                guard (300..<400).contains(status), let location else {
                    return (200..<300).contains(status) ? .ok(status) : .broken(status)
                }
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL else { return .broken(status) }
                if !visited.insert(next.absoluteString).inserted { return .redirectLoop(next.absoluteString) }
                current = next
            }
        }
        return .tooManyRedirects
    }

    private func request(_ url: URL, method: String) -> Result<(Int, String?), Outcome> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        let box = AnswerBox()
        let task = session.dataTask(with: request) { _, response, error in
            if let http = response as? HTTPURLResponse {
                box.set(.success((http.statusCode, http.value(forHTTPHeaderField: "Location"))))
            } else if let error = error as? URLError, error.code == .timedOut {
                box.set(.failure(.timeout))
            } else {
                box.set(.failure(.unreachable(error?.localizedDescription ?? "no answer")))
            }
        }
        task.resume()
        // The session's own timeout should fire first; this is the backstop.
        guard box.wait(seconds: timeout * 2 + 1) else {
            task.cancel()
            return .failure(.timeout)
        }
        return box.value ?? .failure(.timeout)
    }
}

/// Hands 3xx answers back instead of following them, so that loops can be counted.
private final class NoAutomaticRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// A value set once by a callback on another thread, waited for with a deadline.
private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var stored: Result<(Int, String?), HTTPProbe.Outcome>?

    func set(_ value: Result<(Int, String?), HTTPProbe.Outcome>) {
        lock.lock()
        let first = stored == nil
        if first { stored = value }
        lock.unlock()
        if first { done.signal() }
    }

    var value: Result<(Int, String?), HTTPProbe.Outcome>? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func wait(seconds: TimeInterval) -> Bool {
        done.wait(timeout: .now() + seconds) == .success
    }
}

extension HTTPProbe.Outcome: Error {}
