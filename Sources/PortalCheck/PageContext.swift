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
        let line = element.map { max($0.line, 1) } ?? 1
        let column = element.map { lines.column(of: $0, line: line, in: elements) } ?? 1
        findings.append(
            CheckFinding(
                severity,
                file: path,
                line: line,
                column: column,
                rule: rule,
                message: message,
                hint: hint,
                clues: clues.filter { !$0.isEmpty }
            )
        )
    }

    func error(_ rule: String, at element: HTMLElement?, _ message: String, hint: String, clues: [String] = []) {
        report(.error, rule, at: element, message, hint: hint, clues: clues)
    }

    func warning(_ rule: String, at element: HTMLElement?, _ message: String, hint: String, clues: [String] = []) {
        report(.warning, rule, at: element, message, hint: hint, clues: clues)
    }
}

/// Columns for findings: libxml2 keeps only the line of an element, so the column is where its
/// start tag (`<img`) appears on that line, counting same-named elements that start earlier on it.
struct LineIndex {
    private let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

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

    func column(of element: HTMLElement, line: Int, in elements: [HTMLElement]) -> Int {
        let ordinal = elements.prefix { $0 != element }.filter { $0.name == element.name && $0.line == line }.count
        let tag = Array(("<" + element.name).utf8)
        let text = Array(lineText(line))
        var seen = 0
        var index = 0
        while index + tag.count <= text.count {
            if text[index..<(index + tag.count)].elementsEqual(tag, by: { asciiLower($0) == $1 }) {
                if seen == ordinal { return String(decoding: text[..<index], as: UTF8.self).count + 1 }
                seen += 1
            }
            index += 1
        }
        return 1
    }

    private func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }
}
