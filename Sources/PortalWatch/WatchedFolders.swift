#if canImport(Glibc)
import Foundation
import Glibc

/// The folders that carry an inotify watch, by watch descriptor. A watch covers one folder's
/// entries, not its subfolders, so every folder of a tree gets its own.
struct WatchedFolders {
    struct Folder: Equatable {
        var path: String
        /// The only entry names that count (the parent of a watched file), or nil: every entry
        /// counts and new subfolders are watched in turn.
        var onlyNames: Set<String>?
        var isTree: Bool { onlyNames == nil }
    }

    /// What every watch asks for. IN_ATTRIB because `touch page.md` is how people ask for a
    /// rebuild.
    static let events: UInt32 = [
        IN_CREATE, IN_MODIFY, IN_CLOSE_WRITE, IN_ATTRIB, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO,
        IN_DELETE_SELF, IN_MOVE_SELF,
    ].reduce(0) { $0 | UInt32(bitPattern: $1) }

    let inotify: Int32
    private(set) var byDescriptor: [Int32: Folder] = [:]
    private var descriptorByPath: [String: Int32] = [:]

    init(inotify: Int32) {
        self.inotify = inotify
    }

    func folder(for descriptor: Int32) -> Folder? { byDescriptor[descriptor] }

    /// Watches `path` and every folder below it. Returns everything found below it, so that
    /// files made before their folder's watch existed (`mkdir -p a/b && echo > a/b/c.md`) are
    /// still reported. Roots may be symbolic links; folders inside a tree are not followed.
    @discardableResult
    mutating func watchTree(
        at path: String,
        isRoot: Bool = false
    ) throws(WatchError)
        -> [String]
    {
        let descriptor = try addWatch(path, followingLinks: isRoot)
        register(descriptor, Folder(path: path, onlyNames: nil))
        var found: [String] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names.sorted() where !EditorScratchFiles.isScratch(name) {
            let child = joinPath(path, name)
            found.append(child)
            // A folder that vanished meanwhile is reported by its parent's DELETE event.
            if isRealFolder(child), let below = try? watchTree(at: child) { found += below }
        }
        return found
    }

    /// Watches the folder `parent` for the entry `name` only.
    mutating func watchEntry(_ name: String, in parent: String) throws(WatchError) {
        let descriptor = try addWatch(parent, followingLinks: true)
        register(descriptor, Folder(path: parent, onlyNames: [name]))
    }

    /// Drops the watches of `path` and of every folder below it (deleted or moved away).
    mutating func forgetTree(at path: String) {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        for (folderPath, descriptor) in descriptorByPath
        where folderPath == path || folderPath.hasPrefix(prefix) {
            // Fails harmlessly (EINVAL) when the kernel already dropped it with the folder.
            inotify_rm_watch(inotify, descriptor)
            descriptorByPath[folderPath] = nil
            byDescriptor[descriptor] = nil
        }
    }

    /// The kernel removed this watch (IN_IGNORED).
    mutating func forget(descriptor: Int32) {
        guard let folder = byDescriptor.removeValue(forKey: descriptor) else { return }
        if descriptorByPath[folder.path] == descriptor { descriptorByPath[folder.path] = nil }
    }

    private func addWatch(_ path: String, followingLinks: Bool) throws(WatchError) -> Int32 {
        var mask = Self.events | UInt32(bitPattern: IN_ONLYDIR)
        if !followingLinks { mask |= UInt32(bitPattern: IN_DONT_FOLLOW) }
        let descriptor = inotify_add_watch(inotify, path, mask)
        guard descriptor >= 0 else {
            throw .system(call: "inotify_add_watch", path: path, errno: errno)
        }
        return descriptor
    }

    /// The kernel hands back the same descriptor for a folder it already watches: one folder
    /// may be both a tree and a watched file's parent, or turn up under a new path.
    private mutating func register(_ descriptor: Int32, _ folder: Folder) {
        var merged = folder
        if let existing = byDescriptor[descriptor] {
            if existing.path != folder.path { descriptorByPath[existing.path] = nil }
            if let old = existing.onlyNames, let new = folder.onlyNames {
                merged.onlyNames = old.union(new)
            } else {
                merged.onlyNames = nil
            }
        }
        byDescriptor[descriptor] = merged
        descriptorByPath[folder.path] = descriptor
    }
}

/// A folder itself, not a symbolic link to one (following links could loop).
func isRealFolder(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
#endif

func joinPath(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
}
