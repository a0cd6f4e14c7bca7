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
        in path: String, followingLinks: Bool, _ visit: (_ name: String, _ isFolder: Bool) -> Void
    ) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }  // hidden, and `.` and `..`
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || (followingLinks && type == UInt8(DT_LNK)) {
                var info = stat()
                let found = followingLinks ? stat(path + "/" + name, &info) : lstat(path + "/" + name, &info)
                guard found == 0 else { continue }
                let kind = info.st_mode & S_IFMT
                type = kind == S_IFDIR ? UInt8(DT_DIR) : kind == S_IFREG ? UInt8(DT_REG) : 0
            }
            if type == UInt8(DT_DIR) {
                visit(name, true)
            } else if type == UInt8(DT_REG) {
                visit(name, false)
            }
        }
    }

    public static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }
}
