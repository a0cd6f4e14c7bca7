import Foundation

/// `link-target`, `link-fragment`, `redirect-target`: every address inside the site reaches a
/// built file, and every `#fragment` an element with that id on the page it names.
struct LinkResolution {
    let files: Set<String>
    let anchors: [String: Set<String>]
    /// The path part of the site's address (`/peer/`): where `/...` links start.
    let basePath: String
    let base: URL?

    init(files: [String], pages: [ScannedPage], base: URL?) {
        self.base = base
        self.files = Set(files)
        var anchors: [String: Set<String>] = [:]
        for page in pages where page.readable { anchors[page.path] = page.anchors }
        self.anchors = anchors
        var path = base?.path ?? "/"
        if !path.hasSuffix("/") { path += "/" }
        basePath = path
    }

    func check(_ page: ScannedPage) -> [CheckFinding] {
        page.references.compactMap { reference in
            guard let problem = problem(reference.address, from: page.path) else { return nil }
            let rule: String
            switch (reference.kind, problem.isFragment) {
            case (.redirect, _): rule = "redirect-target"
            case (_, true): rule = "link-fragment"
            default: rule = "link-target"
            }
            return CheckFinding(
                .error, file: page.path, line: max(reference.line, 1), column: reference.column, rule: rule,
                message: reference.kind == .redirect ? "the redirect goes to \(reference.address), " + problem.message : problem.message,
                hint: problem.hint, clues: reference.clues)
        }
    }

    struct Problem {
        var message: String
        var hint: String
        var isFragment = false
    }

    /// nil when the address reaches a built file (and the fragment an id there).
    func problem(_ address: String, from page: String) -> Problem? {
        guard case .site(let rawPath, let isAbsolute, let fragment) = LinkAddress.classify(address, base: base) else { return nil }
        let path = rawPath.removingPercentEncoding ?? rawPath
        var target = page
        if !path.isEmpty {
            var parts: [Substring]
            if isAbsolute {
                guard path.hasPrefix(basePath) || path + "/" == basePath else {
                    return Problem(message: "\(address) is outside the site's address (\(basePath))", hint: "link to the page's .md file, relative to this one, and the build writes the right address")
                }
                parts = []
                path.dropFirst(min(basePath.count, path.count)).split(separator: "/", omittingEmptySubsequences: false).forEach { parts.append($0) }
            } else {
                parts = page.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                parts += path.split(separator: "/", omittingEmptySubsequences: false)
            }
            var resolved: [Substring] = []
            for (index, part) in parts.enumerated() {
                let isLast = index == parts.count - 1
                switch part {
                case ".": continue
                case "..":
                    guard !resolved.isEmpty else {
                        return Problem(message: "\(address) points above the site's root folder", hint: "count the ../ again, or link to the page's .md file and let the build write the address")
                    }
                    resolved.removeLast()
                case "" where !isLast: continue
                default: resolved.append(part)
                }
            }
            let joined = resolved.joined(separator: "/")
            let candidates = joined.isEmpty || joined.hasSuffix("/") ? [joined + "index.html"] : [joined, joined + "/index.html"]
            guard let found = candidates.first(where: files.contains) else {
                return Problem(message: "\(address) is not in the built site", hint: "link to the page's .md file (the build turns it into the right address), or fix the file name")
            }
            target = found
        }
        guard let fragment, !fragment.isEmpty, fragment.lowercased() != "top", let ids = anchors[target] else { return nil }
        let decoded = fragment.removingPercentEncoding ?? fragment
        if ids.contains(decoded) || ids.contains(fragment) { return nil }
        return Problem(
            message: "\(address) goes to '#\(decoded)', but \(target) has no element with that id",
            hint: "the id of a heading is its words in lower case with dashes: '## Say no kindly' is #say-no-kindly", isFragment: true)
    }
}
