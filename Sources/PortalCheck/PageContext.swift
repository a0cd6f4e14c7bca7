import Foundation
import PortalDiagnostics
import PortalHTML

/// One built page while its rules run: the parsed tree, the raw bytes (for columns) and the
/// findings so far. Lives on one thread.
final class PageContext {
    let path: String
    let document: HTMLDocument
    /// Every element in document order.
    let elements: [HTMLElement]
    /// Whether the element at the same index, or one of its ancestors, hides itself
    /// (`Visibility.hidesItself`): worked out once, top-down, not walking up for each rule.
    let hidden: [Bool]
    private let lines: LineIndex
    private(set) var findings: [CheckFinding] = []
    private var byID: [String: HTMLElement]?

    init(path: String, document: HTMLDocument, bytes: [UInt8]) {
        self.path = path
        self.document = document
        let tree = document.elementsWithParents()
        elements = tree.elements
        var hidden: [Bool] = []
        hidden.reserveCapacity(elements.count)
        for (element, parent) in zip(tree.elements, tree.parents) {
            hidden.append((parent >= 0 && hidden[parent]) || Visibility.hidesItself(element))
        }
        self.hidden = hidden
        self.lines = LineIndex(bytes)
    }

    /// The first element with this id (what `aria-labelledby` and `label for` reach).
    func element(id: String) -> HTMLElement? {
        if byID == nil {
            var map: [String: HTMLElement] = [:]
            for element in elements where element.has("id") {
                if let id = element["id"], map[id] == nil { map[id] = element }
            }
            byID = map
        }
        return byID?[id]
    }

    func report(
        _ severity: Diagnostic.Severity,
        _ rule: String,
        at element: HTMLElement?,
        _ message: String,
        hint: String,
        clues: [String] = []
    ) {
        let (line, column) = element.map { lines.start(of: $0, in: elements) } ?? (1, 1)
        var finding = CheckFinding(
            severity,
            file: path,
            line: line,
            column: column,
            rule: rule,
            message: message,
            hint: hint,
            clues: clues.filter { !$0.isEmpty }
        )
        finding.elementID = element?["id"]
        findings.append(finding)
    }

    func error(_ rule: String, at element: HTMLElement?, _ message: String, hint: String, clues: [String] = []) {
        report(.error, rule, at: element, message, hint: hint, clues: clues)
    }

    func warning(_ rule: String, at element: HTMLElement?, _ message: String, hint: String, clues: [String] = []) {
        report(.warning, rule, at: element, message, hint: hint, clues: clues)
    }
}

/// Where a finding's element starts. libxml2 keeps only a line per element, and for a start tag
/// written over several lines it is the line the tag ends on; the column is not kept at all.
struct LineIndex {
    private let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Line and column (1-based) of the element's `<name`. libxml2's line is where the start tag
    /// ends, so the element is the ordinal-th of the same-named start tags that end on that line
    /// (looking back up to 200 lines for where they began).
    func start(of element: HTMLElement, in elements: [HTMLElement]) -> (line: Int, column: Int) {
        let line = max(element.line, 1)
        let ordinal = elements.prefix { $0 != element }.count { $0.name == element.name && $0.line == line }
        let text = lineText(line)
        guard !text.isEmpty || line == 1 else { return (line, 1) }
        let firstLine = max(line - 200, 1)
        let windowStart = lineText(firstLine).startIndex
        let tag = Array(("<" + element.name).utf8)
        // The tags in order, each one's first line counted on from the last: a page with a
        // finding on every link does not count the window's lines again for each tag.
        var seen = 0
        var startLine = firstLine
        var counted = windowStart
        for offset in tagOffsets(tag, in: bytes[windowStart..<text.endIndex]) {
            startLine += newlines(from: counted, to: offset)
            counted = offset
            guard endLine(ofTagAt: offset, startingOn: startLine) == line else { continue }
            if seen == ordinal {
                let lineStart = (bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
                return (startLine, String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1)
            }
            seen += 1
        }
        return (line, 1)
    }

    private func newlines(from start: Int, to end: Int) -> Int {
        bytes.withUnsafeBytes { all in
            guard let base = all.baseAddress, start < end else { return 0 }
            var count = 0
            var offset = start
            while offset < end, let hit = memchr(base + offset, 0x0A, end - offset) {
                count += 1
                offset = UnsafeRawPointer(hit) - base + 1
            }
            return count
        }
    }

    /// The line on which the tag starting at `offset` (on line `line`) ends: its `>` outside
    /// quoted values.
    private func endLine(ofTagAt offset: Int, startingOn line: Int) -> Int {
        var line = line
        var quote: UInt8? = nil
        var index = offset
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1 }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return line
            }
            index += 1
        }
        return line
    }

    /// Offsets of `<name` followed by a space, `>` or `/` (so `<a` is not found in `<abbr`).
    /// memchr finds each `<`: the window is up to 200 lines, searched once per finding.
    private func tagOffsets(_ tag: [UInt8], in text: ArraySlice<UInt8>) -> [Int] {
        guard let opening = tag.first else { return [] }
        return bytes.withUnsafeBytes { all -> [Int] in
            guard let base = all.baseAddress else { return [] }
            var found: [Int] = []
            var index = text.startIndex
            while index + tag.count <= text.endIndex,
                let hit = memchr(base + index, Int32(opening), text.endIndex - tag.count - index + 1)
            {
                let at = UnsafeRawPointer(hit) - base
                index = at + 1
                guard (1..<tag.count).allSatisfy({ asciiLower(all[at + $0]) == tag[$0] }) else { continue }
                let next = at + tag.count < text.endIndex ? all[at + tag.count] : UInt8(ascii: ">")
                if next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next == 0x20
                    || (0x09...0x0D).contains(next)
                {
                    found.append(at)
                }
            }
            return found
        }
    }

    /// The bytes of one line (1-based), found by counting newlines only as far as that line.
    func lineText(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1 else { return [] }
        var start = 0
        var current = 1
        while current < line {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return [] }
            start = newline + 1
            current += 1
        }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        return bytes[start..<end]
    }

    private func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
