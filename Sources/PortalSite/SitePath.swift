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
        var joined: [UInt8] = []
        joined.reserveCapacity(folder.utf8.count + path.utf8.count + 1)
        var starts: [Int] = []  // where each part begins in `joined`
        // Part by part, in place: splitting into arrays first took 1% of a build.
        func join(_ text: String, readingDots: Bool) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                let slash = UInt8(ascii: "/")
                let dot = UInt8(ascii: ".")
                var index = 0
                while index < bytes.count {
                    if bytes[index] == slash {
                        index += 1
                        continue
                    }
                    var end = index + 1
                    while end < bytes.count, bytes[end] != slash { end += 1 }
                    let part = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    index = end
                    if readingDots, part.count == 1, part[0] == dot { continue }
                    if readingDots, part.count == 2, part[0] == dot, part[1] == dot {
                        guard let start = starts.popLast() else { return false }
                        joined.removeSubrange(max(start - 1, 0)...)
                        continue
                    }
                    if !joined.isEmpty { joined.append(slash) }
                    starts.append(joined.count)
                    joined.append(contentsOf: part)
                }
                return true
            }
        }
        guard join(folder, readingDots: false), join(path, readingDots: true) else { return nil }
        return String(decoding: joined, as: UTF8.self)
    }
}
