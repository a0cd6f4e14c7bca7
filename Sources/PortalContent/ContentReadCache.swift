import Foundation
import PortalSupport

/// What `ContentLoader` read from disk, kept between builds for `portal serve`: after a change
/// only the files that changed are read again, and the folder listing is patched instead of
/// walked again. Whoever watches the files tells the cache what changed.
public final class ContentReadCache: @unchecked Sendable {
    private let lock = NSLock()
    /// Sorted relative file paths, per listed folder (absolute path).
    private var listings: [String: [String]] = [:]
    /// Read Markdown files by absolute path.
    private var reads: [String: PageReader.Result] = [:]

    public init() {}

    /// Forgets everything: the next build reads every file again.
    public func invalidateAll() {
        lock.lock()
        defer { lock.unlock() }
        listings = [:]
        reads = [:]
    }

    /// Forgets the given files (absolute paths). When `structural`, files may have appeared or
    /// gone: each path is looked at on disk and the listings are patched (a new or removed folder
    /// makes its listing be walked again). Returns whether a listing changed: an editor's save
    /// through a temporary file and a rename leaves it as it was.
    @discardableResult
    public func invalidate(_ paths: Set<String>, structural: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        for path in paths { reads[path] = nil }
        guard structural else { return false }
        let before = listings
        for root in Array(listings.keys) {
            let prefix = root + "/"
            // The listed folder itself (or one above it) came or went.
            if paths.contains(where: { root == $0 || root.hasPrefix($0 + "/") }) {
                listings[root] = nil
                continue
            }
            for path in paths where path.hasPrefix(prefix) {
                let relative = String(path.dropFirst(prefix.count))
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                guard var files = listings[root] else { break }
                let position = Self.insertionPoint(of: relative, in: files)
                let listed = position < files.count && files[position] == relative
                if exists && isDirectory.boolValue || !exists && !listed && Self.hasFiles(below: relative, in: files) {
                    listings[root] = nil  // a folder came or went: list it again
                    break
                }
                if exists && !listed {
                    files.insert(relative, at: position)
                } else if !exists && listed {
                    files.remove(at: position)
                }
                listings[root] = files
            }
        }
        return listings != before
    }

    func files(under root: URL) -> [String] {
        cached(\.listings, root.standardizedFileURL.path) { FileTree.files(under: root) }
    }

    /// Whether any file read is kept (after the preview's first build).
    var holdsReads: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !reads.isEmpty
    }

    func read(_ url: URL, displayPath: String) -> PageReader.Result {
        cached(\.reads, url.standardizedFileURL.path) { PageReader.read(url, displayPath: displayPath) }
    }

    /// The value kept under `key`, or else `make()`'s, kept. `make` runs outside the lock, so
    /// files are read on all cores at once.
    private func cached<Value>(
        _ table: ReferenceWritableKeyPath<ContentReadCache, [String: Value]>,
        _ key: String,
        make: () -> Value
    ) -> Value {
        lock.lock()
        if let value = self[keyPath: table][key] {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = make()
        lock.lock()
        self[keyPath: table][key] = value
        lock.unlock()
        return value
    }

    /// The site with the bodies of `sources` (paths below the content folder) read again, when
    /// nothing else of them changed (front matter identical, line for line): their pages keep
    /// their places and addresses. Nil when any of them changed more than its body.
    public func replacingBodies(of sources: [String], in content: ContentSite, contentDirectory: URL) -> ContentSite? {
        var site = content
        for source in sources {
            guard let index = content.pageBySource[source] else { return nil }
            let page = content.pages[index]
            let result = read(
                contentDirectory.appendingPathComponent(source, isDirectory: false),
                displayPath: page.displayPath
            )
            guard result.frontMatter.raw != nil, result.frontMatter.raw == page.frontMatter.raw,
                result.bodyLineOffset == page.bodyLineOffset
            else { return nil }
            site.pages[index].body = result.body
        }
        return site
    }

    /// Where `path` is, or would go, in the sorted list.
    private static func insertionPoint(of path: String, in files: [String]) -> Int {
        var low = 0
        var high = files.count
        while low < high {
            let middle = (low + high) / 2
            if files[middle] < path { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func hasFiles(below folder: String, in files: [String]) -> Bool {
        let prefix = folder + "/"
        let position = insertionPoint(of: prefix, in: files)
        return position < files.count && files[position].hasPrefix(prefix)
    }
}
