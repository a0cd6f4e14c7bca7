import Foundation

/// `link-target`, `link-fragment`, `redirect-target`: every address inside the site reaches a
/// built file, and every `#fragment` an element with that id on the page it names.
struct LinkResolution {
    let files: FileIndex
    let anchors: [String: Set<String>]
    /// The path part of the site's address (`/peer/`): where `/...` links start.
    let basePath: String
    let base: URL?

    /// Before the pages are scanned (`pages` empty) it can tell whether files exist; after, also
    /// whether fragments do.
    init(files: FileIndex, pages: [ScannedPage] = [], base: URL?) {
        self.base = base
        self.files = files
        var anchors: [String: Set<String>] = [:]
        for page in pages where page.readable { anchors[page.path] = page.anchors }
        self.anchors = anchors
        var path = base?.path ?? "/"
        if !path.hasSuffix("/") { path += "/" }
        basePath = path
    }

    /// `link-fragment` for the links to other pages' `#fragments`, once every page's ids are known.
    func checkFragments(_ page: ScannedPage) -> [CheckFinding] {
        page.references.compactMap { reference in
            guard
                let problem = fragmentProblem(reference.address, target: reference.target, fragment: reference.fragment)
            else { return nil }
            return CheckFinding(
                .error,
                file: page.path,
                line: max(reference.line, 1),
                column: reference.column,
                rule: "link-fragment",
                message: problem.message,
                hint: problem.hint,
                clues: reference.clues
            )
        }
    }

    struct Problem: Error {
        var message: String
        var hint: String
        var isFragment = false
    }

    private static let index = Array("index.html".utf8)

    /// `s001/p00001/` for `s001/p00001/index.html`.
    static func directory(of path: String) -> [UInt8] {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return [] }
        return Array(bytes[...slash])
    }

    /// nil when the address reaches a built file (and the fragment an id there).
    func problem(_ address: String, from page: String, directory: [UInt8]? = nil) -> Problem? {
        problem(address, LinkAddress.classify(address, base: base), from: page, directory: directory)
    }

    /// `problem` for an address already classified.
    func problem(_ address: String, _ classified: LinkAddress, from page: String, directory: [UInt8]? = nil) -> Problem?
    {
        guard case .site(let path, let isAbsolute, let fragment) = classified else { return nil }
        switch target(address, path: path, isAbsolute: isAbsolute, fragment: fragment, from: page, directory: directory)
        {
        case .failure(let problem): return problem
        case .success(let found):
            guard let (target, fragment) = found, let fragment else { return nil }
            return fragmentProblem(address, target: target, fragment: fragment)
        }
    }

    /// The built file an address inside the site reaches, and its fragment when one must be
    /// checked; nil for addresses outside the site.
    func target(_ address: String, from page: String, directory: [UInt8]? = nil) -> Result<(String, String?)?, Problem>
    {
        guard case .site(let path, let isAbsolute, let fragment) = LinkAddress.classify(address, base: base) else {
            return .success(nil)
        }
        return target(address, path: path, isAbsolute: isAbsolute, fragment: fragment, from: page, directory: directory)
    }

    /// `target` for an address already classified as `.site(path, isAbsolute, fragment)`.
    func target(
        _ address: String,
        path rawPath: String,
        isAbsolute: Bool,
        fragment: String?,
        from page: String,
        directory: [UInt8]? = nil
    ) -> Result<(String, String?)?, Problem> {
        let path = rawPath.utf8.contains(UInt8(ascii: "%")) ? (rawPath.removingPercentEncoding ?? rawPath) : rawPath
        var target = page
        if !path.isEmpty {
            let resolved: [UInt8]?
            if isAbsolute {
                guard path.hasPrefix(basePath) || path + "/" == basePath else {
                    return .failure(
                        Problem(
                            message: "\(address) is outside the site's address (\(basePath))",
                            hint:
                                "link to the page's .md file, relative to this one, and the build writes the right address"
                        )
                    )
                }
                resolved = Self.joinBytes(path.utf8.dropFirst(min(basePath.utf8.count, path.utf8.count)), under: [])
            } else {
                let folder = directory ?? Self.directory(of: page)
                // On the String's own bytes: walking its UTF-8 view index by index costs more.
                resolved =
                    path.utf8.withContiguousStorageIfAvailable { Self.joinBytes($0, under: folder) }
                    ?? Self.joinBytes(path.utf8, under: folder)
            }
            guard var joined = resolved else {
                return .failure(
                    Problem(
                        message: "\(address) points above the site's root folder",
                        hint: "count the ../ again, or link to the page's .md file and let the build write the address"
                    )
                )
            }
            // A folder means its index.html; a name without a slash may be a file or a folder.
            let found: String?
            if joined.isEmpty || joined.last == UInt8(ascii: "/") {
                joined += Self.index
                found = files.path(joined)
            } else if let file = files.path(joined) {
                found = file
            } else {
                joined.append(UInt8(ascii: "/"))
                joined += Self.index
                found = files.path(joined)
            }
            guard let found else {
                return .failure(
                    Problem(
                        message: "\(address) is not in the built site",
                        hint:
                            "link to the page's .md file (the build turns it into the right address), or fix the file name"
                    )
                )
            }
            target = found
        }
        // `#top` scrolls to the top in every browser; fragments of other files (a PDF page) are not ids.
        guard let fragment, !fragment.isEmpty, fragment.lowercased() != "top",
            target.hasSuffix(".html") || target.hasSuffix(".htm")
        else {
            return .success((target, nil))
        }
        return .success((target, fragment))
    }

    func fragmentProblem(_ address: String, target: String, fragment: String, ids: Set<String>? = nil) -> Problem? {
        guard let ids = ids ?? anchors[target] else { return nil }
        if ids.contains(fragment) { return nil }
        let decoded = fragment.removingPercentEncoding ?? fragment
        if ids.contains(decoded) { return nil }
        return Problem(
            message: "\(address) goes to '#\(decoded)', but \(target) has no element with that id",
            hint: "the id of a heading is its words in lower case with dashes: '## Say no kindly' is #say-no-kindly",
            isFragment: true
        )
    }

    /// A relative path resolved under a folder (`s001/p1/` + `../s002/p2/` = `s002/p2/`), on bytes:
    /// this runs for every link of the site. nil when `..` climbs above the root.
    static func joinBytes<Path: BidirectionalCollection<UInt8>>(_ path: Path, under directory: [UInt8]) -> [UInt8]? {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var out = directory
        out.reserveCapacity(directory.count + path.count + 11)
        var start = path.startIndex
        var endsAsFolder = true
        var index = path.startIndex
        while true {
            let atEnd = index == path.endIndex
            if !atEnd && path[index] != slash {
                index = path.index(after: index)
                continue
            }
            let segment = path[start..<index]
            if segment.isEmpty || (segment.count == 1 && segment.first == dot) {
                endsAsFolder = true
            } else if segment.count == 2 && segment.allSatisfy({ $0 == dot }) {
                guard !out.isEmpty else { return nil }
                out.removeLast()
                if let previous = out.lastIndex(of: slash) {
                    out.removeSubrange((previous + 1)...)
                } else {
                    out.removeAll(keepingCapacity: true)
                }
                endsAsFolder = true
            } else {
                out.append(contentsOf: segment)
                out.append(slash)
                endsAsFolder = false
            }
            if atEnd { break }
            index = path.index(after: index)
            start = index
        }
        // A last segment that names a file loses the slash added after it.
        if !endsAsFolder, path.last != slash { out.removeLast() }
        return out
    }
}
