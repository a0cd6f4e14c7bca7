import Foundation

/// Collects diagnostics from many threads; the build reports them sorted, once, at the end.
public final class DiagnosticCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []

    public init() {}

    public func report(_ diagnostic: Diagnostic) {
        lock.lock()
        items.append(diagnostic)
        lock.unlock()
    }

    public func report(contentsOf diagnostics: [Diagnostic]) {
        lock.lock()
        items.append(contentsOf: diagnostics)
        lock.unlock()
    }

    /// Sorted by file, line and column, duplicates removed: deterministic output.
    public var all: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return Array(Set(items)).sorted()
    }

    public var hasErrors: Bool {
        lock.lock()
        defer { lock.unlock() }
        return items.contains { $0.severity == .error }
    }
}
