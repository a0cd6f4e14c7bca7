import Foundation

/// Watches a site's folders and files with inotify and reports debounced batches of changes,
/// for `portal serve`'s live preview.
///
/// One thread of its own waits in `poll()` (no polling loop) and calls `onChange` on that thread:
/// keep the callback short, or hand the work off. Folders and files whose names editors use for
/// scratch (`.page.md.swp`, `page.md~`, `.#page.md`, `x.tmp`, `4913`, any name starting with
/// ".") are ignored, and hidden folders are not watched.
public final class FileWatcher: Sendable {
    private let control: WatchControl

    /// Watches every folder under each of `folders` recursively (new subfolders are watched as they
    /// appear, and what they already hold is reported), and each of `files` (through its parent
    /// folder, filtered by name, so an editor's atomic save of write-temp-then-rename is seen).
    /// A missing folder, or a missing parent of a file, throws `WatchError`; a missing file may
    /// appear later. A watched folder that is deleted or moved away is reported and no longer
    /// watched.
    ///
    /// `debounce`: a batch is delivered once no event arrived for this long (an editor's
    /// save-and-rename counts once); `maximumDelay` caps the wait under a constant stream of
    /// events.
    public init(
        folders: [URL],
        files: [URL] = [],
        debounce: Duration = .milliseconds(25),
        maximumDelay: Duration = .milliseconds(300),
        onChange: @escaping @Sendable (ChangeBatch) -> Void
    ) throws {
        #if canImport(Glibc)
        let trees = try folders.map { url throws(WatchError) in
            let path = url.standardizedFileURL.path
            try Self.requireFolder(path)
            return path
        }
        let entries = try files.map { url throws(WatchError) in
            let standardized = url.standardizedFileURL
            let parent = standardized.deletingLastPathComponent().path
            try Self.requireFolder(parent)
            if isFolder(standardized.path) {
                throw WatchError.wrongKind(path: standardized.path, expected: "file")
            }
            return (parent: parent, name: standardized.lastPathComponent)
        }
        let loop = try WatchLoop(
            trees: trees,
            files: entries,
            timer: BatchTimer(debounce: debounce, maximumDelay: maximumDelay),
            onChange: onChange
        )
        control = loop.control
        let thread = Thread { loop.run() }
        thread.name = "PortalWatch"
        thread.start()
        #else
        throw WatchError.unsupportedPlatform
        #endif
    }

    /// Stops watching. Idempotent; after it returns, `onChange` is not called again. Called from
    /// inside `onChange`, it returns at once and no later batch is delivered.
    public func stop() {
        control.stop()
    }

    deinit {
        control.stop()
    }

    private static func requireFolder(_ path: String) throws(WatchError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFolder(path) }
        guard isFolder(path) else { throw .wrongKind(path: path, expected: "folder") }
    }
}

/// Exists and is a folder, following symbolic links.
private func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        && isDirectory.boolValue
}
