/// Site paths are written without a leading slash (`self-care/boundaries/`); pages link to each
/// other with relative URLs, so the built site works from any folder of any host.
public enum SitePath {
    /// How many folders deep a page's own folder is: `` is 0, `es/` is 1, `a/b/` is 2.
    public static func depth(_ path: String) -> Int {
        var count = 0
        var inName = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                inName = false
            } else if !inName {
                inName = true
                count += 1
            }
        }
        return count
    }

    /// The URL that leads from the page at `from` to the site path `to`.
    public static func relative(from: String, to: String) -> String {
        let url = String(repeating: "../", count: depth(from)) + to
        return url.isEmpty ? "./" : url
    }

    /// Joins and normalises `a/b` + `../c.md` to `a/c.md`; nil when it climbs above the top.
    public static func resolve(_ path: String, against folder: String) -> String? {
        var parts = folder.split(separator: "/").map(String.init)
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }
}
