import Foundation
import PortalYAML

/// Front matter already parsed, by page source: `portal build` keeps it between runs
/// (`BuildMemo`), so a build after a small change parses only the front matter that changed.
/// A node is reused only for the very same YAML text.
public final class FrontMatterMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: (yaml: String, node: YAMLNode)]
    private var parsed: [String: (yaml: String, node: YAMLNode)] = [:]

    public init(known: [String: (yaml: String, node: YAMLNode)] = [:]) {
        self.known = known
    }

    func node(for source: String, yaml: String) -> YAMLNode? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = known[source], entry.yaml == yaml else { return nil }
        parsed[source] = entry
        return entry.node
    }

    /// The last build's node for a file known unchanged (`ReadStamps`), kept for the next build.
    func reuse(for source: String) -> YAMLNode? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = known[source] else { return nil }
        parsed[source] = entry
        return entry.node
    }

    func remember(_ node: YAMLNode, for source: String, yaml: String) {
        lock.withLock { parsed[source] = (yaml, node) }
    }

    /// What this build parsed or reused, to keep for the next one.
    public var entries: [String: (yaml: String, node: YAMLNode)] {
        lock.withLock { parsed }
    }
}
