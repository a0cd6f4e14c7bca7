/// Style sheets are written readable, with comments that say why; browsers need neither the
/// comments nor the indentation (on a phone every kilobyte of `site.css` is paid on each first
/// visit). This drops `/* ... */` comments outside strings, leading white space and empty lines,
/// and nothing else, so no rule changes meaning.
public enum StyleCompaction {
    public static func compact(_ source: String) -> String {
        var text: [UInt8] = []
        let bytes = Array(source.utf8)
        var index = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                text.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    text.append(bytes[index + 1])
                    index += 1
                } else if byte == open {
                    quote = nil
                }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                // An unclosed comment runs to the end, as browsers read it.
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) {
                    end += 1
                }
                index = end + 2
                continue
            } else {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { quote = byte }
                text.append(byte)
            }
            index += 1
        }
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
            .map { $0.drop { $0 == " " || $0 == "\t" } }
            .filter { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
        return lines.joined(separator: "\n") + "\n"
    }
}
