/// What changed under the watched folders during one quiet spell.
public struct ChangeBatch: Sendable, Equatable {
    /// Absolute, standardized paths of files (or folders) created, modified, deleted or moved
    /// (both old and new names).
    public var paths: Set<String>
    /// True when the folder listing changed (something was created, deleted or moved), not only
    /// modified.
    public var structural: Bool
    /// True when the kernel queue overflowed (IN_Q_OVERFLOW) and events were lost: the caller must
    /// rebuild everything.
    public var overflow: Bool

    public init(paths: Set<String> = [], structural: Bool = false, overflow: Bool = false) {
        self.paths = paths
        self.structural = structural
        self.overflow = overflow
    }

    /// Nothing to tell the caller.
    public var isEmpty: Bool { paths.isEmpty && !overflow }
}
