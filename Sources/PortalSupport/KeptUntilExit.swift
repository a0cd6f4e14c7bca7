import Foundation

/// Values a one-shot command holds until the process ends instead of freeing them: freeing a
/// large site's pages, bodies, memo and findings one allocation at a time took 0.15-0.2 s at the
/// end of every `portal build` of 10,000 pages, memory the system takes back at once when the
/// process exits (compilers do the same: clang's `-disable-free`). Only the command line keeps
/// anything; a preview and the tests build many times in one process and free as usual.
public enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [Any] = []

    public static func keep(_ value: Any) {
        lock.withLock { values.append(value) }
    }
}
