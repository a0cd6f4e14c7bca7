import Foundation
import PortalDiagnostics
import PortalSupport

/// Writes the site into a staging folder beside the output folder and swaps it in only when
/// everything was written: a failed build leaves the previous site untouched.
final class OutputWriter: @unchecked Sendable {
    let output: URL
    let staging: URL
    private let lock = NSLock()
    private var written = 0
    /// Test hook: fail as a full disk would after this many files (`BuildOptions.simulatedDiskFullAfter`).
    private let faultAfter: Int?

    struct WriteError: Error { var path: String; var reason: String }

    /// Removes the previous build's copy and crashed builds' folders while this build works.
    private let cleanup: WorkBeside<Void>
    /// Whether the staging folder is the site before last, reused: its files are overwritten in
    /// place (no new folders or inodes to make) and the ones this build did not write are removed.
    private let recycled: Bool
    private var writtenPaths: Set<String> = []
    /// Every folder some file of this build goes into (`prepareFolders`): these stay.
    private var preparedFolders: Set<String> = []

    /// Test hook: false swaps the site in as a system without `FolderExchange` does.
    private let exchangesInOneStep: Bool

    init(output: URL, faultAfter: Int? = nil, exchangesInOneStep: Bool = true) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let stagingURL = parent.appendingPathComponent(".\(name).building-\(getpid())")
        staging = stagingURL
        try? FileManager.default.removeItem(at: stagingURL)
        let previous = parent.appendingPathComponent(".\(name).previous")
        recycled = FileTree.isDirectory(previous) && rename(previous.path, stagingURL.path) == 0
        let leftovers = Self.leftovers(in: parent, name: name).filter {
            $0.lastPathComponent != stagingURL.lastPathComponent
        }
        // Deleting tens of thousands of files waits on the disk, not the processor, so it runs
        // beside the build instead of after it.
        cleanup = WorkBeside { for folder in leftovers { Self.removeTree(folder.path) } }
        if !recycled { try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true) }
        self.faultAfter = faultAfter
        self.exchangesInOneStep = exchangesInOneStep
    }

    /// The previous build's copy and staging folders of builds that crashed before cleaning up.
    private static func leftovers(in parent: URL, name: String) -> [URL] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        return entries.filter { $0.hasPrefix(".\(name).building-") || $0.hasPrefix(".\(name).previous") }
            .sorted().map { parent.appendingPathComponent($0) }
    }

    /// Creates every folder the files need, parents first, once, before the parallel writes.
    /// Folders of one depth are made in parallel, depth by depth, the folders of one parent on one
    /// thread: most of them already exist in a reused site, and each costs a system call or two.
    func prepareFolders(for paths: [String]) throws {
        var folders: Set<String> = []
        for path in paths {
            var current = Substring(path)
            while let slash = current.lastIndex(of: "/") {
                current = current[..<slash]
                if !folders.insert(String(current)).inserted { break }
            }
        }
        preparedFolders = folders
        var byDepth: [[String]] = []
        for folder in folders {
            let depth = folder.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
            while byDepth.count <= depth { byDepth.append([]) }
            byDepth[depth].append(folder)
        }
        let root = staging.path
        let recycled = recycled
        for level in byDepth {
            // One thread per parent folder at a time: two making entries in the same folder
            // wait on its lock (a section holds a thousand pages' folders).
            let byParent = Dictionary(grouping: level) { folder in
                folder.lastIndex(of: "/").map { String(folder[..<$0]) } ?? ""
            }
            let failures = byParent.keys.sorted().map { byParent[$0] ?? [] }.parallelMap { siblings -> WriteError? in
                for folder in siblings.sorted() {
                    if let failure = Self.makeFolder(folder, in: root, likelyThere: recycled) { return failure }
                }
                return nil
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        }
    }

    /// `likelyThere`: in a reused folder most folders exist, and one look costs less than a
    /// `mkdir` that fails and a look after it.
    private static func makeFolder(_ folder: String, in root: String, likelyThere: Bool) -> WriteError? {
        let path = root + "/" + folder
        // lstat: a symbolic link to a folder elsewhere is not this site's folder.
        var status = stat()
        if likelyThere, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { return nil }
        if mkdir(path, 0o755) == 0 { return nil }
        if errno == EEXIST, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { return nil }
        // A reused site may have a file (or a link) where this one needs a folder.
        if errno == EEXIST, unlink(path) == 0, mkdir(path, 0o755) == 0 { return nil }
        return WriteError(path: folder, reason: "could not create the folder: \(String(cString: strerror(errno)))")
    }

    func write(_ data: Data, to path: String) throws {
        try countWrite(path)
        // Plain open/write/close: Foundation's createFile writes atomically through a temporary
        // file, which doubles the work, and the whole folder is swapped in at the end anyway.
        let file = staging.path + "/" + path
        if recycled {
            // Unchanged files are left alone; links are never written through (`ReusedFile`).
            switch ReusedFile.state(of: file, comparedWith: data) {
            case .same(let status):
                if ReusedFile.settleTime(file, status: status, published: output.path + "/" + path, data: data) {
                    return
                }
                try remove(file, path)
            case .replace: try remove(file, path)
            case .different: break
            }
        }
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW
        var descriptor = open(file, flags, 0o644)
        if descriptor < 0 && errno == EISDIR {
            // A reused site may have a folder where this one needs a file.
            Self.removeTree(file)
            descriptor = open(file, flags, 0o644)
        }
        guard descriptor >= 0 else {
            throw WriteError(path: path, reason: "could not create the file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let failed = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return true }
                offset += count
            }
            return false
        }
        if failed {
            throw WriteError(path: path, reason: "could not write the file: \(String(cString: strerror(errno)))")
        }
        // Rewritten because the site before last differs, but the same as the published copy
        // (it changed in the last build): it keeps that copy's time.
        if recycled { ReusedFile.adoptPublishedTime(descriptor, published: output.path + "/" + path, data: data) }
    }

    enum Linked {
        /// The reused folder has the very file already (unchanged for two builds); untouched.
        case alreadyThere
        /// Given a second name in the new site (which moves the file's change time).
        case linked
        /// The file system cannot link: the caller writes the file instead.
        case notLinkable
    }

    /// Puts the published site's file at `path` into the new site as it is, as a second name of
    /// the same file (a hard link): nothing is read or written, and it keeps its time, so sync
    /// tools skip it. The next build never writes through such a file (`ReusedFile` replaces a
    /// file with other names). `stamp` is the published file's `FileStamp`, as the caller found
    /// it: a file in the reused folder with the same stamp is that very file (same device and inode).
    func linkPublished(_ path: String, stamp: String) throws -> Linked {
        try countWrite(path)
        let file = staging.path + "/" + path
        if recycled {
            if !stamp.isEmpty && FileStamp.of(file) == stamp { return .alreadyThere }
            try remove(file, path)
        }
        if link(output.path + "/" + path, file) == 0 { return .linked }
        if errno == EISDIR || errno == EEXIST {
            Self.removeTree(file)
            if link(output.path + "/" + path, file) == 0 { return .linked }
        }
        return .notLinkable
    }

    /// Removes a file of the reused folder that must not be written through; failing that, the
    /// write would go through it, so the build stops.
    private func remove(_ file: String, _ path: String) throws {
        guard unlink(file) == 0 || errno == ENOENT else {
            throw WriteError(path: path, reason: "could not replace the file: \(String(cString: strerror(errno)))")
        }
    }

    /// Copies an image, a PDF or a theme file: read and written like a generated file, so that an
    /// unchanged one is left alone too.
    func copy(_ source: URL, to path: String) throws {
        guard let data = FileManager.default.contents(atPath: source.path) else {
            throw WriteError(path: path, reason: "could not read \(source.path)")
        }
        try write(data, to: path)
    }

    private func countWrite(_ path: String) throws {
        lock.lock()
        written += 1
        writtenPaths.insert(path)
        let count = written
        lock.unlock()
        if let limit = faultAfter, count > limit {
            throw WriteError(path: path, reason: "simulated disk error (after \(limit) files)")
        }
    }

    /// Moves the finished site into place. The old one is moved aside, as `.public.previous`, and
    /// deleted by the next build while it renders (it is also a one-step way back).
    func commit() throws {
        _ = cleanup.result
        let previous = output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).previous"
        )
        var status = stat()
        guard lstat(output.path, &status) == 0 else {
            try FileManager.default.moveItem(at: staging, to: output)  // the first build
            return
        }
        // A web server may be serving `public/`: swapped in one step, it is never missing.
        // The staging folder then holds the old site, which goes aside as before.
        if exchangesInOneStep && FolderExchange.exchange(staging.path, output.path) {
            // Should this fail, the next build deletes the old site as a crashed build's folder.
            _ = rename(staging.path, previous.path)
            return
        }
        try swapWithTwoRenames(previous: previous)
    }

    /// Where the folders cannot be exchanged in one step: `public/` is missing for a moment.
    private func swapWithTwoRenames(previous: URL) throws {
        let fileManager = FileManager.default
        try fileManager.moveItem(at: output, to: previous)
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            try? fileManager.moveItem(at: previous, to: output)
            throw error
        }
    }

    /// A hand-written public/README.md survives builds (it says the folder is generated). Copied
    /// into the new site with the other files, unless the site makes one itself: the check then
    /// sees the files that `public/` will hold, as `portal check public` does later.
    func keepHandWrittenReadme() throws {
        let readme = output.appendingPathComponent("README.md")
        lock.lock()
        let written = writtenPaths.contains("README.md")
        lock.unlock()
        guard !written, FileManager.default.isReadableFile(atPath: readme.path), !FileTree.isDirectory(readme) else {
            return
        }
        try copy(readme, to: "README.md")
    }

    /// Every file this build wrote, sorted, hidden ones left out: after `removeStaleFiles`, what
    /// the staging folder holds, as `FileTree.files` would list it (the check need not walk it).
    var writtenFiles: [String] {
        lock.lock()
        defer { lock.unlock() }
        return writtenPaths.filter { !$0.hasPrefix(".") && !$0.contains("/.") }.sorted()
    }

    /// Makes a reused staging folder hold exactly this build's files, before it is checked.
    /// The top folders are walked in parallel (a large site has tens of thousands of folders).
    func removeStaleFiles() {
        guard recycled else { return }
        let top = FileTree.children(of: staging.path)
        for entry in top where entry.kind != .folder && !writtenPaths.contains(entry.name) {
            unlink(staging.path + "/" + entry.name)
        }
        _ = top.filter { $0.kind == .folder }.map(\.name).parallelMap { name -> Bool in
            removeUnwritten(in: staging.path + "/" + name, relative: name)
            return true
        }
    }

    /// In a reused staging folder, deletes every file this build did not write (pages that were
    /// removed or moved since), and the folders that are left empty.
    private func removeUnwritten(in folder: String, relative: String) {
        for child in FileTree.children(of: folder) {
            let path = relative + "/" + child.name
            if child.kind == .folder {
                removeUnwritten(in: folder + "/" + child.name, relative: path)
            } else if !writtenPaths.contains(path) {
                unlink(folder + "/" + child.name)
            }
        }
        if !preparedFolders.contains(relative) { rmdir(folder) }  // only succeeds once empty
    }

    /// Deletes a folder tree with plain POSIX calls, deepest first; much faster than
    /// FileManager.removeItem, which reads extended attributes of every file. A link is removed,
    /// never followed (what it leads to is not the site's).
    static func removeTree(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard FileTree.Kind(status.st_mode) == .folder else {
            unlink(path)
            return
        }
        for child in FileTree.children(of: path) {
            if child.kind == .folder {
                removeTree(path + "/" + child.name)
            } else {
                unlink(path + "/" + child.name)
            }
        }
        rmdir(path)
    }

    func abandon() {
        _ = cleanup.result
        Self.removeTree(staging.path)
    }
}
