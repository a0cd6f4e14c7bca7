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
    /// The folder's parts are taken as they are; `.` and `..` are read only in `path`. Works on
    /// UTF-8 bytes: it runs for every link of every page. A `/` is a separator even when a
    /// combining mark follows it, as in a URL (Character by Character, the two were one).
    public static func resolve(_ path: String, against folder: String) -> String? {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var joined: [UInt8] = []
        joined.reserveCapacity(folder.utf8.count + path.utf8.count + 1)
        var starts: [Int] = []  // where each part begins in `joined`
        func append(_ part: Substring.UTF8View) {
            if !joined.isEmpty { joined.append(slash) }
            starts.append(joined.count)
            joined.append(contentsOf: part)
        }
        for part in Substring(folder).utf8.split(separator: slash) { append(part) }
        for part in Substring(path).utf8.split(separator: slash) {
            if part.count == 1, part.first == dot { continue }
            if part.count == 2, part.first == dot, part.last == dot {
                guard let start = starts.popLast() else { return nil }
                joined.removeSubrange(max(start - 1, 0)...)
                continue
            }
            append(part)
        }
        return String(decoding: joined, as: UTF8.self)
    }
}
