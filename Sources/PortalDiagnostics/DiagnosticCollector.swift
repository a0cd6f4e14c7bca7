import Foundation

/// Collects diagnostics from many threads; the build reports them sorted, once, at the end.
public final class DiagnosticCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = [] {
        didSet { sorted = nil }
    }
    /// `all`, kept until the next report: a build asks for it several times, and a site
    /// mid-translation has thousands of findings to sort.
    private var sorted: [Diagnostic]?
    private var rules = RuleSeverities()

    public init() {}

    /// From now on (and for what was reported so far) each finding takes the severity the site
    /// chose for its rule, or is dropped when the rule is `off`.
    public func apply(_ rules: RuleSeverities) {
        lock.lock()
        self.rules = rules
        items = rules.apply(items)
        lock.unlock()
    }

    public func report(_ diagnostic: Diagnostic) {
        lock.lock()
        if let kept = rules.apply(diagnostic) { items.append(kept) }
        lock.unlock()
    }

    public func report(contentsOf diagnostics: [Diagnostic]) {
        lock.lock()
        items.append(contentsOf: rules.apply(diagnostics))
        lock.unlock()
    }

    /// Sorted by file, line and column, duplicates removed: deterministic output.
    public var all: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        if let sorted { return sorted }
        let all = Array(Set(items)).sorted()
        sorted = all
        return all
    }

    public var hasErrors: Bool {
        lock.lock()
        defer { lock.unlock() }
        return items.contains { $0.severity == .error }
    }
}
