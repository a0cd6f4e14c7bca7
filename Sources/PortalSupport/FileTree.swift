import Foundation

/// Files under a folder, as sorted relative paths: the build never depends on the order the
/// file system happens to list them in. Hidden files and folders are skipped.
public enum FileTree {
    /// A plain readdir walk, its top folders in parallel (a site has a folder per page):
    /// FileManager's enumerator with resource values took a tenth of a 10,000-page build.
    /// Symbolic links are left out, as the enumerator does (a link could lead outside the site
    /// or round in a circle), unless `followingLinks` (a built site, read back by the checker).
    public static func files(under root: URL, followingLinks: Bool = false) -> [String] {
        let path = root.standardizedFileURL.path
        var found: [String] = []
        var folders: [String] = []
        entries(in: path, followingLinks: followingLinks) { name, isFolder in
            if isFolder { folders.append(name) } else { found.append(name) }
        }
        for inside in folders.parallelMap({ folder -> [String] in
            var inside: [String] = []
            walk(path + "/" + folder, prefix: folder + "/", followingLinks: followingLinks, into: &inside)
            return inside
        }) {
            found += inside
        }
        return found.sorted()
    }

    private static func walk(_ path: String, prefix: String, followingLinks: Bool, into found: inout [String]) {
        entries(in: path, followingLinks: followingLinks) { name, isFolder in
            if isFolder {
                walk(path + "/" + name, prefix: prefix + name + "/", followingLinks: followingLinks, into: &found)
            } else {
                found.append(prefix + name)
            }
        }
    }

    /// The regular files and folders directly in one folder, hidden ones skipped.
    private static func entries(
        in path: String,
        followingLinks: Bool,
        _ visit: (_ name: String, _ isFolder: Bool) -> Void
    ) {
        for child in children(of: path) where !child.name.hasPrefix(".") {
            var kind = child.kind
            if followingLinks && kind == .link {
                var info = stat()
                guard stat(path + "/" + child.name, &info) == 0 else { continue }
                kind = Kind(info.st_mode)
            }
            if kind == .folder {
                visit(child.name, true)
            } else if kind == .file {
                visit(child.name, false)
            }
        }
    }

    public enum Kind: Sendable {
        case folder, file, link, other

        public init(_ mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFDIR: self = .folder
            case S_IFREG: self = .file
            case S_IFLNK: self = .link
            default: self = .other
            }
        }
    }

    /// Every entry directly in a folder but `.` and `..`, hidden ones too, as `readdir` lists
    /// them; a link is a link, not what it leads to. Empty when the folder cannot be read.
    public static func children(of path: String) -> [(name: String, kind: Kind)] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var found: [(name: String, kind: Kind)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_REG): kind = .file
            case Int32(DT_LNK): kind = .link
            case Int32(DT_UNKNOWN):
                // Some file systems do not say what an entry is: ask.
                var info = stat()
                guard lstat(path + "/" + name, &info) == 0 else { continue }
                kind = Kind(info.st_mode)
            default: kind = .other
            }
            found.append((name, kind))
        }
        return found
    }

    public static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }
}
